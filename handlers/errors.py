"""The one error handler: log the failure, tell the person in Indonesian, never crash the bot.

"Message is not modified" and "query is too old" are normal on Telegram (a double tap, a button
pressed long after) and are only logged at debug level.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application

from bot.app import PpidContext
from bot.texts import language_of, t

LOG = logging.getLogger(__name__)

NORMAL_BAD_REQUESTS = ("message is not modified", "query is too old")


async def on_error(update: object, context: PpidContext) -> None:
    """Handle an exception raised while processing `update`."""
    error = context.error
    if isinstance(error, BadRequest) and any(text in error.message.lower() for text in NORMAL_BAD_REQUESTS):
        LOG.debug("ignored normal Telegram answer: %s", error.message)
        return
    if isinstance(error, Forbidden):
        LOG.info("a person blocked the bot: %s", error.message)
        return
    LOG.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    person = getattr(context, "person", None)
    language = person.language if person is not None else language_of(None, context.services.settings.default_language)
    try:
        await context.bot.send_message(update.effective_chat.id, t("error_generic", language))
    except Exception:  # noqa: BLE001 - telling the person is best effort; the error is logged
        LOG.warning("could not tell the person about the error", exc_info=True)


def register(application: Application) -> None:
    application.add_error_handler(on_error)
