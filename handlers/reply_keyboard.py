"""The keys of the persistent reply keyboard (`handlers.help.main_keyboard`): "📌 Tugas saya" works
as /tugas and "❓ Bantuan" as /bantuan, in either language.

Registered before every flow, so a key pressed in the middle of a conversation shows the tasks or
the help and leaves the conversation where it was (its next answer is still awaited).
"""

from __future__ import annotations

from telegram.ext import Application, MessageHandler, filters

from bot.texts import LANGUAGES, raw
from handlers.help import HELP_KEY, TASKS_KEY, show_help
from handlers.tasks import my_tasks


def _labels(key: str) -> list[str]:
    return sorted({raw(key, language) for language in LANGUAGES})


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.Text(_labels(TASKS_KEY)), my_tasks))
    application.add_handler(MessageHandler(filters.Text(_labels(HELP_KEY)), show_help))
