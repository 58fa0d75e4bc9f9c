"""Sending to people reliably: through PTB's rate limiter, and knowing who blocked the bot.

A person who blocked the bot is marked in the database (users.blocked_at) the first time Telegram
answers "Forbidden", is not sent to again until they come back (they write to the bot or unblock
it), and the admins are told once. Flood answers (429) are waited out by the rate limiter the app
is built with (`bot.app`), so callers never see them.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Message
from telegram.error import Forbidden, TelegramError

from bot.services import Services

LOG = logging.getLogger(__name__)


async def mark_blocked(services: Services, telegram_id: int) -> bool:
    """Record that the person blocked the bot; True when this is news (one audit entry)."""
    user = await services.users.get(telegram_id)
    if user is None or user.blocked_at is not None:
        return False
    async with services.db.transaction() as conn:
        await services.users.set_blocked(conn, telegram_id, True, at=services.clock.now())
        await services.audit.append(
            conn, actor_id=telegram_id, action="user.blocked", entity_type="user", entity_id=telegram_id, details={}
        )
    return True


async def mark_unblocked(services: Services, telegram_id: int) -> bool:
    """The person is reachable again; True when they had been marked blocked (one audit entry)."""
    user = await services.users.get(telegram_id)
    if user is None or user.blocked_at is None:
        return False
    async with services.db.transaction() as conn:
        await services.users.set_blocked(conn, telegram_id, False)
        await services.audit.append(
            conn, actor_id=telegram_id, action="user.unblocked", entity_type="user", entity_id=telegram_id, details={}
        )
    return True


async def send(bot: Bot, services: Services, chat_id: int, text: str, **kwargs: Any) -> Message | None:
    """Send a message; None when it could not be delivered (a block is marked, not retried)."""
    try:
        return await bot.send_message(chat_id, text, **kwargs)
    except Forbidden:
        if await mark_blocked(services, chat_id):
            LOG.info("%s blocked the bot; marked, no more reminders until they come back", chat_id)
            await tell_admins_blocked(bot, services, chat_id)
        return None
    except TelegramError as error:
        LOG.warning("could not send to %s: %s", chat_id, error)
        return None


async def tell_admins_blocked(bot: Bot, services: Services, telegram_id: int) -> None:
    """Tell the (reachable) admins that someone blocked the bot and gets no more reminders."""
    from bot.texts import language_of, t

    person = await services.users.get(telegram_id)
    name = person.full_name if person else str(telegram_id)
    for grant in await services.users.role_holders("admin"):
        if grant.telegram_id == telegram_id:
            continue
        admin = await services.users.get(grant.telegram_id)
        if admin is None or admin.blocked_at is not None:
            continue
        language = language_of(admin.language, services.settings.default_language)
        try:
            await bot.send_message(grant.telegram_id, t("user_blocked_bot", language, name=name))
        except TelegramError as error:
            LOG.warning("could not tell admin %s: %s", grant.telegram_id, error)
