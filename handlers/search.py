"""`/cari <kata kunci>`: the public search of announced information, for anyone in a private chat.

People who are not staff may use it too: the access gate lets `/cari` and this module's buttons
through without a person (`handlers.access`). Each result shows only what was announced: title,
category, unit, date, the link to the post in the public channel (`bot.public_search`) and,
when WEB_PUBLIC_URL is set, the item's page on the web site (`bot.web_links`).
`/cari` alone explains itself with an example.

Callback data (`ResultsPage`, see `handlers.callbacks`; at most 64 bytes):
    cari:<page>:<keywords>   show page <page> (1-999) of the search for <keywords>
The keywords are the normalised words of the query (`bot.public_search.keywords`); a press is
accepted only when they read back exactly the same, so a forged button can search no more than
typing `/cari` could. Anything else starting with `cari:` is answered as a stale search button.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.public_search import MAX_PAGES, SearchPage, keywords, search
from bot.register import category_label
from bot.task_view import shorten
from bot.texts import language_of, raw, t
from bot.web_links import item_page_url
from handlers.callbacks import CallbackData, Text, popup
from handlers.paging import navigation_row

TITLE_MAX = 300  # characters of a title in a result (5 results stay well within one message)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _language(context: PpidContext) -> str:
    """The staff member's language, or the office's default for anyone else."""
    person = getattr(context, "person", None)
    if person is not None:
        return str(person.language)
    return language_of(None, context.services.settings.default_language)


@dataclass(frozen=True)
class ResultsPage(CallbackData, prefix="cari"):
    """Show page `page` (1-based) of the public search for `keywords`."""

    page: int
    keywords: Text

    @classmethod
    def valid(cls, data: str | None) -> ResultsPage | None:
        """The page asked for when `data` is one the bot could have made: a page it shows and
        keywords as `keywords()` writes them (so a forged button searches no more than typing)."""
        asked = cls.unpack(data)
        if asked is None or not 1 <= asked.page <= MAX_PAGES or keywords(asked.keywords) != asked.keywords:
            return None
        return asked


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
        if result.data_link:
            block += "\n" + t("search_result_data_link", language, link=result.data_link)
        # Every result is public (the search applies the rule), so its page exists.
        web = item_page_url(context.services.settings, result.item_id, language)
        if web:
            block += "\n" + t("search_result_web_link", language, link=web)
        blocks.append(block)
    navigation = navigation_row(
        found.position,
        lambda number: ResultsPage(number, found.keywords),
        raw("search_btn_previous", language),
        raw("search_btn_next", language),
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
    asked = ResultsPage.valid(query.data)
    if asked is None:
        await popup(query, t("search_stale_button", language), alert=True)
        return
    await query.answer()
    found = await search(context.services, asked.keywords, asked.page)
    text, markup = render(context, found, language)
    try:
        await query.edit_message_text(text, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


def register(application: Application) -> None:
    application.add_handler(CommandHandler("cari", search_command))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=ResultsPage.pattern()))
