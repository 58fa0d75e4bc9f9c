"""Knowing who blocked the bot: Telegram's `my_chat_member` updates of private chats.

When a person blocks the bot, Telegram sends a `my_chat_member` update whose new status is
"kicked"; when they unblock it ("Restart"), the new status is "member". The first marks the person
blocked (users.blocked_at, one audit entry) so nobody keeps sending to them, and tells the admins
once; the second clears the mark. Both are idempotent (`bot.delivery`), so an update seen twice, or
a block already noticed by a failed send, changes nothing and tells nobody twice.

The access gate runs first: only registered staff get here, and an unregistered person's block
changes nothing.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ChatMemberHandler

from bot.application import PpidContext
from bot.delivery import mark_blocked, mark_unblocked, tell_admins_blocked

LOG = logging.getLogger(__name__)


async def person_blocked(context: PpidContext, telegram_id: int) -> None:
    """Mark the person blocked and, when that is news, tell the admins."""
    services = context.services
    if await mark_blocked(services, telegram_id):
        LOG.info("%s blocked the bot", telegram_id)
        await tell_admins_blocked(context.bot, services, telegram_id)


async def person_unblocked(context: PpidContext, telegram_id: int) -> None:
    """The person can be reached again: clear the mark."""
    if await mark_unblocked(context.services, telegram_id):
        LOG.info("%s unblocked the bot", telegram_id)


async def membership_changed(update: Update, context: PpidContext) -> None:
    """A private chat's status of the bot changed: "kicked" is a block, "member" an unblock."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    if status == ChatMember.BANNED:
        await person_blocked(context, change.chat.id)
    elif status == ChatMember.MEMBER:
        await person_unblocked(context, change.chat.id)


def register(application: Application) -> None:
    """Add the handler of the bot's own membership changes."""
    application.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
