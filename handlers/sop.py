"""`/sop`: the whole SOP document in chat, split to fit Telegram's message limit."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.sop_view import render_sop
from handlers.access import person_of


async def show_sop(update: Update, context: PpidContext) -> None:
    """Send the SOP's header and its table of activities."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    for text in render_sop(context.services.sop, person.language):
        await message.reply_text(text)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("sop", show_sop))
