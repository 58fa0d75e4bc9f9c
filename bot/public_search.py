"""The public search (``/cari``): keeping the index in step with the register, and searching it.

Anyone may search what has been announced: the title (summary), category, unit, date and channel
link (and the link of the File Informasi Data posted with it) of every item that is active, not dikecualikan and published at least once. Nothing else is
ever indexed or shown (no person responsible, legal basis, drafts or notes, nothing of an item that
was never published).

Keeping the index right
-----------------------
:func:`refresh_item` re-reads one item inside the caller's transaction and (re)indexes it if the
public may see it, or removes it otherwise. It is called wherever that can change: a publication
(``bot.workflow``), an edit, deactivation or reactivation of an item (``bot.register``), a change
of category at review (``bot.workflow.recategorise``); :func:`refresh_unit` after a unit is renamed
(``bot.onboarding``). The index is only a shortcut: the search itself checks the rule again in SQL
(``storage.public_search``), so a row left behind can never show a hidden item.

The words of the index depend on this code (the stemmer, the stop words). :data:`INDEX_VERSION`
names that state; when the database records another version, or none (as right after migration
0004 on a database that already has publications), the first search rebuilds the whole index.

Queries
-------
What a person types is never given to FTS5 as it is. :func:`keywords` reduces it to at most
:data:`MAX_TERMS` normalised words without stop words, short enough to ride in a button's callback
data; :func:`match_expression` quotes each word as an FTS5 string and ANDs them: a word matches its
Indonesian root exactly, or (3 letters or more) any indexed word it begins, so "kese" finds
"kesehatan" and "penganggaran" finds "anggaran".
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import weakref
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.indonesian_text import STOP_WORDS, index_words, stem, words
from bot.pages import Page, page_of
from bot.public_links import channel_post_link
from bot.services import Services
from bot.texts import raw
from storage.database import Database
from storage.public_search import PublicSearchRepository, PublicSource

__all__ = [
    "INDEX_VERSION",
    "KEYWORDS_MAX_BYTES",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "PAGE_SIZE",
    "SearchPage",
    "SearchResult",
    "ensure_index",
    "index_text",
    "keywords",
    "match_expression",
    "may_be_public",
    "rebuild_index",
    "refresh_item",
    "refresh_unit",
    "repository",
    "search",
]

LOG = logging.getLogger(__name__)

INDEX_VERSION = 1  # bump when index_text or bot.indonesian_text change what a row holds
INDEX_STATE = "public_search"  # kv namespace
INDEX_VERSION_KEY = "index_version"

PAGE_SIZE = 5
MAX_PAGES = 999  # a page number has at most 3 digits in a button
MAX_TERMS = 8
MAX_QUERY_CHARS = 300  # what is read of a typed query; the rest is ignored
KEYWORDS_MAX_BYTES = 54  # "cari:<page>:" + keywords fits Telegram's 64 bytes of callback data
PREFIX_MIN_CHARS = 3  # shorter words match whole words only (a 1-letter prefix matches too much)

# Databases whose index is known to be current in this process (checked once, then trusted).
_CURRENT: weakref.WeakKeyDictionary[Database, bool] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class SearchResult:
    """One published item as the public sees it."""

    item_id: int
    title: str
    category: str
    unit: str
    published_at: datetime
    link: str | None
    data_link: str | None = None  # the File Informasi Data posted with it (step 6), if any


@dataclass(frozen=True)
class SearchPage:
    """One page of results: where it is among the pages (`position`, see `bot.pages`) and what
    it shows."""

    keywords: str
    position: Page
    results: tuple[SearchResult, ...]

    @property
    def page(self) -> int:
        """The page's number, 1-based, within ``1..pages``."""
        return self.position.number

    @property
    def pages(self) -> int:
        return self.position.count

    @property
    def total(self) -> int:
        """How many results there are in all (on every page)."""
        return self.position.total

    @property
    def first_number(self) -> int:
        """The number of the first result on this page (1-based)."""
        return self.position.first


def repository(services: Services) -> PublicSearchRepository:
    """The index's repository over the services' database."""
    return PublicSearchRepository(services.db)


async def may_be_public(services: Services, item_id: int) -> bool:
    """Whether the item's content may reach the public now: active and not dikecualikan (the rule
    the search applies). Call it inside the transaction that claims a post."""
    return await repository(services).may_be_public(item_id)


# -- the index ---------------------------------------------------------------------------------


def index_text(source: PublicSource) -> str:
    """The searchable words of an item: its summary, unit and category label, with their roots."""
    # The Indonesian category label, as bot.register.category_label gives it (not imported from
    # there: bot.register calls refresh_item, and the two modules would import each other).
    label = raw(f"dip_cat_{source.category}", "id")
    return " ".join(index_words([source.summary, source.unit_name, label]))


async def refresh_item(conn: aiosqlite.Connection, services: Services, item_id: int) -> bool:
    """Bring the item's index row in line with the item, inside the caller's transaction.

    Returns True when the item is now in the index (the public may see it), False when not.
    """
    search_index = repository(services)
    source = await search_index.source(item_id)
    if source is None:
        await search_index.remove_item(conn, item_id)
        return False
    await search_index.index_item(conn, item_id, index_text(source))
    return True


async def refresh_unit(conn: aiosqlite.Connection, services: Services, unit_id: int) -> int:
    """Re-index the visible items of a unit (after its name changed); how many were indexed."""
    search_index = repository(services)
    sources = await search_index.visible_sources(unit_id)
    for source in sources:
        await search_index.index_item(conn, source.item_id, index_text(source))
    return len(sources)


async def rebuild_index(services: Services) -> int:
    """Rebuild the whole index from the register in one transaction; how many items it holds."""
    search_index = repository(services)
    async with services.db.transaction() as conn:
        sources = await search_index.visible_sources()
        # Stemming thousands of summaries is CPU work: off the event loop.
        entries = await asyncio.to_thread(lambda: [(source.item_id, index_text(source)) for source in sources])
        written = await search_index.replace_all(conn, entries)
        await services.kv.set(conn, INDEX_STATE, INDEX_VERSION_KEY, INDEX_VERSION)
    _CURRENT[services.db] = True
    LOG.info("public search index rebuilt: %d items", written)
    return written


async def ensure_index(services: Services) -> None:
    """Rebuild the index unless the database says it is of this code's version (checked once)."""
    if _CURRENT.get(services.db):
        return
    if await services.kv.get(INDEX_STATE, INDEX_VERSION_KEY) != INDEX_VERSION:
        await rebuild_index(services)
    _CURRENT[services.db] = True


# -- queries -----------------------------------------------------------------------------------


def keywords(text: str) -> str:
    """The words of a typed query that will be searched, joined by spaces ("" when none).

    Stop words, repeats and everything that is not a letter or digit are dropped; at most
    :data:`MAX_TERMS` words, and no more than :data:`KEYWORDS_MAX_BYTES` bytes of UTF-8 (the
    words after that are left out). ``keywords(keywords(x)) == keywords(x)``, so the result read
    back from a button is checked by computing it again.
    """
    chosen: list[str] = []
    size = -1
    for word in words(text[:MAX_QUERY_CHARS]):
        if word in STOP_WORDS or word in chosen:
            continue
        cost = len(word.encode("utf-8")) + 1
        if size + cost > KEYWORDS_MAX_BYTES:
            continue
        chosen.append(word)
        size += cost
        if len(chosen) == MAX_TERMS:
            break
    return " ".join(chosen)


def _quoted(word: str) -> str:
    """``word`` as an FTS5 string: inside double quotes, any double quote doubled."""
    return '"' + word.replace('"', '""') + '"'


def match_expression(search_words: str) -> str:
    """The FTS5 query of space-separated keywords: every word must match ("" when none).

    A word matches its root exactly, or, from :data:`PREFIX_MIN_CHARS` letters on, any indexed
    word it begins. Each word is re-split with :func:`words`, so only letters and digits ever reach
    FTS5, and always inside a quoted string.
    """
    parts: list[str] = []
    for word in dict.fromkeys(w for w in words(search_words) if w not in STOP_WORDS):
        root = stem(word)
        alternatives = [_quoted(root)] if root != word or len(word) < PREFIX_MIN_CHARS else []
        if len(word) >= PREFIX_MIN_CHARS:
            alternatives.append(_quoted(word) + "*")
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        if len(parts) == MAX_TERMS:
            break
    return " AND ".join(parts)


def _is_query_error(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "fts5" in text or "syntax error" in text or "malformed match" in text


async def search(services: Services, query_keywords: str, page: int = 1) -> SearchPage:
    """The ``page``-th page (1-based, clamped to the pages there are) of published items matching
    the keywords (see :func:`keywords`)."""
    checked = keywords(query_keywords)
    expression = match_expression(checked)
    nothing = SearchPage(checked, page_of(0, 1, PAGE_SIZE), ())
    if not expression:
        return nothing
    await ensure_index(services)
    search_index = repository(services)
    # The page asked for, within the pages a button can name (the total is not known yet).
    asked = page_of(MAX_PAGES * PAGE_SIZE, int(page), PAGE_SIZE)
    try:
        hits, total = await search_index.page(expression, limit=PAGE_SIZE, offset=asked.offset)
        if not hits and asked.has_previous:  # past the end (results withdrawn since the button was made)
            total = await search_index.count(expression)
        shown = page_of(total, asked.number, PAGE_SIZE, limit=MAX_PAGES)
        if shown.number != asked.number:
            hits, total = await search_index.page(expression, limit=PAGE_SIZE, offset=shown.offset)
            shown = page_of(total, shown.number, PAGE_SIZE, limit=MAX_PAGES)
    except sqlite3.OperationalError as error:
        if not _is_query_error(error):
            raise
        # Cannot happen with match_expression; if it ever does, the person gets "nothing found".
        LOG.warning("public search query refused by FTS5 (%s): %r", error, expression)
        return nothing
    channel = services.settings.public_channel
    results = tuple(
        SearchResult(
            item_id=hit.item_id,
            title=hit.summary,
            category=hit.category,
            unit=hit.unit_name,
            published_at=hit.published_at,
            link=channel_post_link(channel, hit.channel_chat_id, hit.channel_message_id),
            data_link=(
                None if hit.data_file_message_id is None
                else channel_post_link(channel, hit.channel_chat_id, hit.data_file_message_id)
            ),
        )
        for hit in hits
    )
    return SearchPage(checked, shown, results)
