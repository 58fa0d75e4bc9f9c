"""`/bantuan` (and `/help`, and the "❓ Bantuan" key): the commands of the person's roles, grouped;
and the persistent reply keyboard that keeps "📌 Tugas saya" and "❓ Bantuan" one tap away.

The keyboard goes out with the greeting of /start and with /bantuan (`main_keyboard`); Telegram
then keeps it under the typing field (`is_persistent`). Its keys send their labels as text, which
`handlers.reply_keyboard` routes like /tugas and /bantuan.
"""

from __future__ import annotations

from telegram import ReplyKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.texts import command_list, raw
from handlers.access import person_of

TASKS_KEY = "kb_tasks"
HELP_KEY = "kb_help"


def main_keyboard(language: str) -> ReplyKeyboardMarkup:
    """The two keys, in the person's language."""
    return ReplyKeyboardMarkup(
        [[raw(TASKS_KEY, language), raw(HELP_KEY, language)]], is_persistent=True, resize_keyboard=True
    )


async def show_help(update: Update, context: PpidContext) -> None:
    """List the commands of the person's roles, grouped by task."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    await message.reply_text(
        command_list(person.language, person.roles) + "\n\n" + raw("help_footer", person.language),
        reply_markup=main_keyboard(person.language),
    )


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["bantuan", "help"], show_help))
