"""The access gate: only registered staff get past it; everyone else gets a polite refusal.

It runs before every other handler (group -1). For a registered person it puts the `Person`, with
the roles held in the database at this moment, on `context.person`; handlers check roles there.
Commands open to the public (an invite link's `/start <token>`) are let through without a person.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.app import PpidContext
from bot.staff import Person, find_person, refresh_profile
from bot.texts import language_of, t

GATE_GROUP = -1


def person_of(context: PpidContext) -> Person:
    """The person the gate let through (only call it from handlers behind the gate)."""
    person = getattr(context, "person", None)
    if person is None:
        raise RuntimeError("no registered person on this update")
    return person


def _is_public(update: Update) -> bool:
    """Updates anyone may send: `/start <invite token>`."""
    message = update.effective_message
    if message is None or update.callback_query is not None or not message.text:
        return False
    parts = message.text.split(maxsplit=1)
    return len(parts) == 2 and parts[0].split("@", 1)[0] == "/start"


async def gate(update: Update, context: PpidContext) -> None:
    """Let registered staff through; refuse everyone else and stop the update here."""
    chat = update.effective_chat
    user = update.effective_user
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        # Channel posts, group chatter, membership changes: the bot works in private chats only.
        raise ApplicationHandlerStop
    services = context.services
    await refresh_profile(services, user.id, user.full_name, user.username)
    person = await find_person(services, user.id)
    context.person = person  # type: ignore[attr-defined]
    if person is not None:
        return
    if _is_public(update):
        return
    language = language_of(None, services.settings.default_language)
    if update.callback_query is not None:
        await update.callback_query.answer(t("refusal_short", language), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t("refusal", language))
    raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
