"""The access gate: only registered staff get past it; everyone else gets a polite refusal.

It runs before every other handler (group -1). For a registered person it puts the `Person`, with
the roles held in the database at this moment, on `context.person`; handlers check roles there.
Commands open to the public (an invite link's `/start <token>`, the public search `/cari`) are let
through without a person (`context.person` is None).

It is also the one place that keeps staff work in private chats: an update from a group, a
supergroup or a channel never reaches a handler, whoever sends it. A group is told once (remembered
in the database) that the bot works in private chats only; a button pressed there gets a refusal
pop-up; a channel gets no answer at all (the public channel is the bot's own). And people who are
not staff get a budget of requests a minute (`bot.request_budget`); past it they are asked, once a
minute, to try again later, and nothing else happens.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, ReplyKeyboardRemove, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.application import PpidContext
from bot.delivery import mark_unblocked
from bot.onboarding import first_group_notice
from bot.request_budget import RequestBudget, Verdict
from bot.staff import Person, find_person, identify
from bot.texts import commands_for, language_of, t
from handlers.callbacks import popup
from handlers.search import ResultsPage

LOG = logging.getLogger(__name__)

GATE_GROUP = -1


def person_of(context: PpidContext) -> Person:
    """The person the gate let through (only call it from handlers behind the gate)."""
    person = getattr(context, "person", None)
    if person is None:
        raise RuntimeError("no registered person on this update")
    return person


MENUS = "menus"  # bot_data key: the menu last set for each person by this process


def _menus(context: PpidContext) -> dict[int, tuple[frozenset[str], str]]:
    return context.bot_data.setdefault(MENUS, {})  # type: ignore[no-any-return]


async def sync_menu(context: PpidContext, person: Person) -> None:
    """Give the person the command menu of their roles, in their language, when it changed."""
    wanted = (person.roles, person.language)
    if _menus(context).get(person.telegram_id) == wanted:
        return
    commands = [BotCommand(c.name, c.description(person.language)) for c in commands_for(person.roles)]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(person.telegram_id))
    except TelegramError as error:
        LOG.warning("could not set the menu of %s: %s", person.telegram_id, error)
        return
    _menus(context)[person.telegram_id] = wanted


async def drop_menu(context: PpidContext, telegram_id: int) -> None:
    """Someone lost their last role: take their staff menu away."""
    if _menus(context).pop(telegram_id, None) is None:
        return
    try:
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(telegram_id))
    except TelegramError as error:
        LOG.warning("could not remove the menu of %s: %s", telegram_id, error)


async def refresh_menu(context: PpidContext, telegram_id: int) -> None:
    """Someone's roles changed by another's hand (`/staf`): their menu follows at once, not at
    their next message."""
    person = await find_person(context.services, telegram_id)
    if person is None:
        await drop_menu(context, telegram_id)
    else:
        await sync_menu(context, person)


def _is_public(update: Update) -> bool:
    """Updates anyone may send: `/start <invite token>`, and the public search (`/cari [kata]` and
    its page buttons, see `handlers.search`)."""
    query = update.callback_query
    if query is not None:
        # Any data of the search's kind, even broken: the search answers it as a stale button.
        return ResultsPage.pattern().match(query.data or "") is not None
    message = update.effective_message
    if message is None or not message.text:
        return False
    parts = message.text.split(maxsplit=1)
    command = parts[0].split("@", 1)[0]
    return (len(parts) == 2 and command == "/start") or command == "/cari"


GROUP_CHATS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
BUDGET = "public_request_budget"  # bot_data key: the RequestBudget of people who are not staff


def _budget(context: PpidContext) -> RequestBudget:
    budget = context.bot_data.get(BUDGET)
    if budget is None:
        budget = context.bot_data[BUDGET] = RequestBudget(context.services.settings.public_requests_per_minute)
    return budget  # type: ignore[no-any-return]


async def _refuse_outside_private(update: Update, context: PpidContext) -> None:
    """Anything from outside a private chat: a pop-up for a button, the notice once in a group,
    silence in a channel. Telegram's refusals are logged, never raised (the update stops anyway)."""
    services = context.services
    language = language_of(None, services.settings.default_language)
    chat = update.effective_chat
    try:
        if update.callback_query is not None:
            await popup(update.callback_query, t("onb_private_only_short", language), alert=True)
        if (
            chat is not None
            and chat.type in GROUP_CHATS
            and update.my_chat_member is None  # added or removed: nothing asked yet (or no right to post)
            and await first_group_notice(services, chat.id)
        ):
            await context.bot.send_message(chat.id, t("onb_private_only", language))
    except TelegramError as error:
        LOG.info("could not refuse an update from chat %s: %s", chat.id if chat else None, error)


async def _refuse_over_budget(update: Update, verdict: Verdict, language: str) -> None:
    """A request past the budget: say so once a window; a button is always answered (the spinner)."""
    text = t("onb_too_many_requests", language) if verdict is Verdict.TELL else None
    if update.callback_query is not None and text is not None:
        await popup(update.callback_query, text, alert=True)
    elif update.callback_query is not None:
        await update.callback_query.answer()
    elif text is not None and update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def gate(update: Update, context: PpidContext) -> None:
    """Let registered staff through, in private chats only; refuse everything else and stop it here.

    It fails closed: after an error in a handler group PTB goes on to the next group, so an error
    here (the database, Telegram) stops the update too, reported to the error handler from a
    private chat and only logged from anywhere else (nothing is ever said in a group or channel).
    """
    try:
        await _check(update, context)
    except ApplicationHandlerStop:
        raise
    except Exception as error:
        chat = update.effective_chat
        if chat is not None and chat.type == ChatType.PRIVATE:
            await context.application.process_error(update, error)
        else:
            LOG.error("the access gate failed on an update from chat %s", chat.id if chat else None, exc_info=error)
        raise ApplicationHandlerStop from error


async def _check(update: Update, context: PpidContext) -> None:
    """The gate's rules: returns for registered staff in a private chat, else raises ApplicationHandlerStop."""
    chat = update.effective_chat
    user = update.effective_user
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        await _refuse_outside_private(update, context)
        raise ApplicationHandlerStop
    services = context.services
    person = await identify(services, user.id, user.full_name, user.username)
    context.person = person  # type: ignore[attr-defined]
    if person is not None:
        if person.blocked and update.my_chat_member is None:
            # They wrote to the bot, so it reaches them again (nothing happens unless marked blocked).
            # Membership updates are left to handlers.membership, which knows block from unblock.
            await mark_unblocked(services, user.id)
        await sync_menu(context, person)
        return
    await drop_menu(context, user.id)
    language = language_of(None, services.settings.default_language)
    verdict = _budget(context).take(user.id, services.clock.now())
    if verdict is not Verdict.ALLOW:
        await _refuse_over_budget(update, verdict, language)
        raise ApplicationHandlerStop
    if _is_public(update):
        return
    if update.callback_query is not None:
        # Someone once registered whose roles were all taken away presses an old button: say so.
        known = await services.users.get(user.id) is not None
        await popup(update.callback_query, t("refusal_roles_revoked" if known else "refusal_short", language), alert=True)
    elif update.effective_message is not None:
        # Someone whose roles were all taken away still has the staff keyboard ("📌 Tugas saya"):
        # it goes with the refusal, so its keys do not lead here again and again.
        await update.effective_message.reply_text(t("refusal", language), reply_markup=ReplyKeyboardRemove())
    raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
