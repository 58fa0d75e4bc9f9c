"""`/bahasa`: anyone registered chooses Bahasa Indonesia or English for the bot's messages.

The button: `lang:<id|en>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.onboarding import set_language
from bot.staff import Person
from bot.texts import LANGUAGES, raw, t
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup
from handlers.onboarding_buttons import on_press
from storage.users import Language


@dataclass(frozen=True)
class LanguageChoice(CallbackData, prefix="lang"):
    language: Language


KINDS: tuple[type[CallbackData], ...] = (LanguageChoice,)


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language the bot speaks."""
    return InlineKeyboardMarkup(
        [[LanguageChoice(language).button(raw(f"onb_btn_lang_{language}"))] for language in LANGUAGES]
    )


async def language_command(update: Update, context: PpidContext) -> None:
    """`/bahasa`: choose Bahasa Indonesia or English (anyone registered)."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(t("onb_language_choose", person_of(context).language), reply_markup=language_keyboard())


@on_press(LanguageChoice)
async def language_button(query: CallbackQuery, context: PpidContext, person: Person, data: LanguageChoice) -> None:
    """Store the chosen language and confirm in it."""
    await set_language(context.services, person.telegram_id, data.language)
    await popup(query, t("onb_language_set", data.language))
    await query.edit_message_text(t("onb_language_set", data.language))


def register(application: Application) -> None:
    """Add /bahasa and its button (before the fallback, which answers unknown buttons)."""
    application.add_handler(CommandHandler("bahasa", language_command))
    application.add_handler(CallbackQueryHandler(language_button, pattern=LanguageChoice.pattern()))
