"""`/bantuan` (and `/help`): the commands the person can use."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.texts import command_list, raw
from handlers.access import person_of


async def show_help(update: Update, context: PpidContext) -> None:
    """List the commands."""
    message = update.effective_message
    assert message is not None
    language = person_of(context).language
    await message.reply_text(command_list(language, person_of(context).roles) + "\n\n" + raw("help_footer", language))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["bantuan", "help"], show_help))
