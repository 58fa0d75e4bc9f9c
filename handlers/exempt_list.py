"""`/dikecualikan`: the Daftar Informasi yang Dikecualikan in chat, for staff.

Each active exempt item with its unit, its ground (the Pasal 17 letters of its consequence test)
and its exemption period, flagged when the period has ended (`bot.exemption.exempt_register`, the
same list the yearly report and the public site show). The list is public information by law, so
every staff role sees it whole; it is split into messages within Telegram's limit.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.exemption import exempt_register, exempt_register_text
from bot.messages import pack_messages
from handlers.access import person_of


async def dikecualikan(update: Update, context: PpidContext) -> None:
    """The exempt list, as it is now (office clock)."""
    person = person_of(context)
    services = context.services
    lines = exempt_register_text(await exempt_register(services), services.calendar, person.language)
    for text in pack_messages(lines):
        await context.bot.send_message(person.telegram_id, text)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("dikecualikan", dikecualikan))
