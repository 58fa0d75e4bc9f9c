"""`/start`: greets registered staff with their roles; an invite link's token registers a person."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.app import PpidContext
from bot.texts import command_list, language_of, t


async def start(update: Update, context: PpidContext) -> None:
    """Greet the person with their roles and the commands they can use."""
    message = update.effective_message
    assert message is not None
    services = context.services
    person = getattr(context, "person", None)
    if person is None:
        # An invite token from someone not registered; invites are redeemed by the onboarding flow.
        await message.reply_text(t("refusal", language_of(None, services.settings.default_language)))
        return
    roles = ", ".join(services.sop.actors[role] for role in sorted(person.roles))
    await message.reply_text(
        t("welcome", person.language, name=person.full_name, roles=roles) + "\n\n" + command_list(person.language, person.roles)
    )


def register(application: Application) -> None:
    application.add_handler(CommandHandler("start", start))
