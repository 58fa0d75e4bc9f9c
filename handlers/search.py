"""`/cari <kata kunci>`: the public search of announced information, for anyone in a private chat.

People who are not staff may use it too: the access gate lets `/cari` and this module's buttons
through without a person (`handlers.access`). Each result shows only what was announced: title,
category, unit, date and the link to the post in the public channel (`bot.public_search`).
`/cari` alone explains itself with an example.

Callback data (at most 64 bytes):
    cari:<page>:<keywords>   show page <page> (1-999) of the search for <keywords>
The keywords are the normalised words of the query (`bot.public_search.keywords`); a press is
accepted only when they read back exactly the same, so a forged button can search no more than
typing `/cari` could. Anything else starting with `cari:` is answered as a stale search button.
"""

from __future__ import annotations

import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.public_search import SearchPage, keywords, search
from bot.register import category_label
from bot.task_view import shorten
from bot.texts import language_of, raw, t
from handlers.callbacks import popup

PAGE = "cari"  # cari:<page>:<keywords>
PAGE_PREFIX = PAGE + ":"
PAGE_RE = re.compile(r"cari:([1-9][0-9]{0,2}):([^\n]{1,64})")
TITLE_MAX = 300  # characters of a title in a result (5 results stay well within one message)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _language(context: PpidContext) -> str:
    """The staff member's language, or the office's default for anyone else."""
    person = getattr(context, "person", None)
    if person is not None:
        return str(person.language)
    return language_of(None, context.services.settings.default_language)


def page_data(page: int, query_keywords: str) -> str:
    """Callback data of a results page."""
    return f"{PAGE}:{page}:{query_keywords}"


def render(context: PpidContext, found: SearchPage, language: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and keyboard of a results page."""
    if not found.results:
        return t("search_none", language, keywords=found.keywords), None
    calendar = context.services.calendar
    first = found.first_number
    blocks = [
        t("search_header", language, keywords=found.keywords)
        + "\n"
        + t(
            "search_range", language, first=first, last=first + len(found.results) - 1, total=found.total,
            page=found.page, pages=found.pages,
        )
    ]
    for number, result in enumerate(found.results, start=first):
        block = t(
            "search_result",
            language,
            number=number,
            title=shorten(result.title, TITLE_MAX),
            category=category_label(result.category, language),
            unit=result.unit,
            date=calendar.format_date(calendar.local(result.published_at).date(), language),
        )
        if result.link:
            block += "\n" + t("search_result_link", language, link=result.link)
        blocks.append(block)
    navigation = []
    if found.page > 1:
        navigation.append(
            InlineKeyboardButton(raw("search_btn_previous", language), callback_data=page_data(found.page - 1, found.keywords))
        )
    if found.page < found.pages:
        navigation.append(
            InlineKeyboardButton(raw("search_btn_next", language), callback_data=page_data(found.page + 1, found.keywords))
        )
    return "\n\n".join(blocks), InlineKeyboardMarkup([navigation]) if navigation else None


async def search_command(update: Update, context: PpidContext) -> None:
    """`/cari <kata kunci>`: the first page of results; `/cari` alone: how to use it."""
    message = update.effective_message
    if message is None:
        return
    language = _language(context)
    typed = (message.text or "").split(maxsplit=1)
    query = typed[1] if len(typed) == 2 else ""
    if not query.strip():
        await message.reply_text(t("search_usage", language))
        return
    query_keywords = keywords(query)
    if not query_keywords:
        await message.reply_text(t("search_no_words", language))
        return
    text, markup = render(context, await search(context.services, query_keywords, 1), language)
    await message.reply_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)


async def turn_page(update: Update, context: PpidContext) -> None:
    """"Berikutnya" / "Sebelumnya": another page of the same search, in the same message."""
    query = update.callback_query
    if query is None:
        return
    language = _language(context)
    match = PAGE_RE.fullmatch(query.data or "")
    if match is None or keywords(match.group(2)) != match.group(2):
        await popup(query, t("search_stale_button", language), alert=True)
        return
    await query.answer()
    found = await search(context.services, match.group(2), int(match.group(1)))
    text, markup = render(context, found, language)
    try:
        await query.edit_message_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


def register(application: Application) -> None:
    application.add_handler(CommandHandler("cari", search_command))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=rf"^{PAGE_PREFIX}"))
