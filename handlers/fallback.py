"""The last resort: anything from staff that no flow understood gets a short pointer to /bantuan."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.texts import t
from handlers.callbacks import popup
from handlers.access import person_of


async def not_understood(update: Update, context: PpidContext) -> None:
    """Say that the message was not understood (a file no flow awaited is `handlers.stray_files`')."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(t("unknown_input", person_of(context).language))


async def stale_button(update: Update, context: PpidContext) -> None:
    """A button that no flow knows (old or forged): answer it so the phone stops spinning."""
    query = update.callback_query
    assert query is not None
    await popup(query, t("stale_button", person_of(context).language), alert=True)


async def nothing_to_cancel(update: Update, context: PpidContext) -> None:
    """`/batal` outside any conversation."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(t("nothing_to_cancel", person_of(context).language))


def register(application: Application) -> None:
    # Must be registered last: within a group, only the first handler that matches runs.
    application.add_handler(CommandHandler("batal", nothing_to_cancel))
    application.add_handler(MessageHandler(filters.ALL, not_understood))
    application.add_handler(CallbackQueryHandler(stale_button))
