"""Driving a PTB `Application` from a test without polling: `deliver`.

`deliver(application)` takes every queued update out of the fake (marking it consumed, as if
getUpdates had fetched and confirmed it) and awaits `application.process_update` on each, in
order, until none are left. The application must be initialized (`async with application:`
or `await application.initialize()`); don't also run the updater's polling at the same time.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from telegram import Update

from bot.sandbox.errors import SandboxError

if TYPE_CHECKING:
    from telegram import Bot
    from telegram.ext import Application

    from bot.sandbox.core import FakeTelegram

__all__ = ["deliver", "deliver_at_once", "fake_of"]


def fake_of(bot: Bot) -> FakeTelegram:
    """The `FakeTelegram` behind a bot built on `SandboxRequest`."""
    from bot.sandbox.request import SandboxRequest

    request = bot.request
    if isinstance(request, SandboxRequest):
        return request.fake
    raise SandboxError("this bot does not use SandboxRequest; pass the FakeTelegram explicitly")


async def deliver(
    application: Application[Any, Any, Any, Any, Any, Any],
    fake: FakeTelegram | None = None,
) -> list[dict[str, Any]]:
    """Process every queued update (and any queued meanwhile); returns the updates processed."""
    source = fake if fake is not None else fake_of(application.bot)
    processed: list[dict[str, Any]] = []
    while batch := source.updates.pop_all():
        for data in batch:
            update = Update.de_json(data, application.bot)
            await application.process_update(update)
            processed.append(data)
    return processed


async def deliver_at_once(
    application: Application[Any, Any, Any, Any, Any, Any],
    fake: FakeTelegram | None = None,
) -> list[dict[str, Any]]:
    """Process every queued update concurrently, as if they all arrived at the same moment.

    Like PTB's polling loop, each update goes through the application's update processor, so its
    rules of concurrency (e.g. one update at a time per chat) apply.
    """
    source = fake if fake is not None else fake_of(application.bot)
    batch = source.updates.pop_all()
    updates = [Update.de_json(data, application.bot) for data in batch]
    processor = application.update_processor
    await asyncio.gather(*(processor.process_update(update, application.process_update(update)) for update in updates))
    return batch
