"""The access gate: only registered staff get past it; everyone else gets a polite refusal.

It runs before every other handler (group -1). For a registered person it puts the `Person`, with
the roles held in the database at this moment, on `context.person`; handlers check roles there.
Commands open to the public (an invite link's `/start <token>`, the public search `/cari`) are let
through without a person (`context.person` is None).
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.app import PpidContext
from bot.delivery import mark_unblocked
from bot.staff import Person, identify
from bot.texts import commands_for, language_of, t
from handlers.callbacks import popup
from handlers.search import PAGE_PREFIX as SEARCH_PAGE_PREFIX

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


def _is_public(update: Update) -> bool:
    """Updates anyone may send: `/start <invite token>`, and the public search (`/cari [kata]` and
    its page buttons, see `handlers.search`)."""
    query = update.callback_query
    if query is not None:
        return (query.data or "").startswith(SEARCH_PAGE_PREFIX)
    message = update.effective_message
    if message is None or not message.text:
        return False
    parts = message.text.split(maxsplit=1)
    command = parts[0].split("@", 1)[0]
    return (len(parts) == 2 and command == "/start") or command == "/cari"


async def gate(update: Update, context: PpidContext) -> None:
    """Let registered staff through; refuse everyone else and stop the update here."""
    chat = update.effective_chat
    user = update.effective_user
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        # Channel posts, group chatter, membership changes: the bot works in private chats only.
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
    if _is_public(update):
        return
    language = language_of(None, services.settings.default_language)
    if update.callback_query is not None:
        await popup(update.callback_query, t("refusal_short", language), alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t("refusal", language))
    raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
