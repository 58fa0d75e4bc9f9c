"""The public search index (``/cari``): the FTS5 table ``public_search`` of migration 0004.

One row per item the public may see: ``rowid`` is the item's id, ``body`` its searchable words,
made by the caller (``bot/public_search.py``; this module never analyses text).

What the public may see is decided here, in SQL, on every read: an item is publicly visible when
it is active, not dikecualikan, and has at least one publication that was not withdrawn.
:meth:`PublicSearchRepository.page` and :meth:`PublicSearchRepository.count` join each index row
back to ``info_items`` and ``publications`` and apply that rule again, so a stale row (an item deactivated or re-classified
without its row being removed) can never show a hidden item. A hit carries only public columns:
summary, category, unit name, and the date and place of its latest publication (and of the data
file posted with it); never the person
responsible, the legal basis, drafts or notes.

The match expression is FTS5 query syntax and must come from the caller's query builder, never
from a person's raw text. Follows the storage pattern (see :mod:`storage`): writes take the
``conn`` of the caller's ``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database, execute_each, execute_write
from storage.documents import published_data_file_message
from storage.timestamps import parse_utc

__all__ = ["MAX_LIMIT", "PUBLIC_ITEM", "VISIBLE_ITEM", "PublicHit", "PublicSearchRepository", "PublicSource"]

MAX_LIMIT = 50  # rows one search may return, whatever the caller asks

# The rule, once: an item whose content may be public at all (alias i = info_items): active in the
# register and not exempt. The publication checks it (bot.workflow) as the search does.
PUBLIC_ITEM = "i.status = 'active' AND i.category <> 'dikecualikan'"
# An item the public may see: a public item with a publication that was not withdrawn.
VISIBLE_ITEM = (
    f"{PUBLIC_ITEM}"
    " AND EXISTS (SELECT 1 FROM publications AS pp WHERE pp.item_id = i.id AND pp.withdrawn_at IS NULL)"
)
# The index rows matching ?, kept only when the item is visible now (one lookup by id each).
_MATCHES = (
    " FROM public_search AS s JOIN info_items AS i ON i.id = s.rowid"
    f" WHERE public_search MATCH ? AND {VISIBLE_ITEM}"
)
# The latest publication of item i (the index publications_item serves it).
_LATEST_PUBLICATION = (
    "SELECT lp.id FROM publications AS lp WHERE lp.item_id = i.id AND lp.withdrawn_at IS NULL"
    " ORDER BY lp.published_at DESC, lp.id DESC LIMIT 1"
)
# One page of matches, best first (bm25; equal ranks by id, so pages are stable), with the number of
# all matches; only the page's rows are then joined to their unit and latest publication.
_PAGE = (
    "SELECT i.id, i.summary, i.category, u.name AS unit_name,"
    " p.published_at, p.channel_chat_id, p.channel_message_id,"
    f" {published_data_file_message('p')} AS data_file_message_id, m.total"
    f" FROM (SELECT s.rowid AS id, s.rank AS rank, COUNT(*) OVER () AS total{_MATCHES}"
    " ORDER BY s.rank, s.rowid LIMIT ? OFFSET ?) AS m"
    " JOIN info_items AS i ON i.id = m.id"
    " JOIN units AS u ON u.id = i.unit_id"
    f" JOIN publications AS p ON p.id = ({_LATEST_PUBLICATION})"
    " ORDER BY m.rank, m.id"
)


@dataclass(frozen=True)
class PublicSource:
    """What the index is made from, for one publicly visible item."""

    item_id: int
    summary: str
    unit_name: str
    category: str


@dataclass(frozen=True)
class PublicHit:
    """One search result: public columns only, with the item's latest publication."""

    item_id: int
    summary: str
    category: str
    unit_name: str
    published_at: datetime
    channel_chat_id: int
    channel_message_id: int
    data_file_message_id: int | None = None  # the File Informasi Data posted with it (step 6)


def _source(row: aiosqlite.Row) -> PublicSource:
    return PublicSource(
        item_id=int(row["id"]), summary=row["summary"], unit_name=row["unit_name"], category=row["category"]
    )


def _hit(row: aiosqlite.Row) -> PublicHit:
    return PublicHit(
        item_id=int(row["id"]),
        summary=row["summary"],
        category=row["category"],
        unit_name=row["unit_name"],
        published_at=parse_utc(row["published_at"]),
        channel_chat_id=int(row["channel_chat_id"]),
        channel_message_id=int(row["channel_message_id"]),
        data_file_message_id=row["data_file_message_id"],
    )


class PublicSearchRepository:
    """Access to ``public_search`` and the public columns of what it finds."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- writes ----------------------------------------------------------------------------

    async def index_item(self, conn: aiosqlite.Connection, item_id: int, text: str) -> None:
        """Set the searchable words of an item (replacing what it had)."""
        await execute_write(
            conn, "INSERT OR REPLACE INTO public_search (rowid, body) VALUES (?, ?)", (int(item_id), text)
        )

    async def remove_item(self, conn: aiosqlite.Connection, item_id: int) -> bool:
        """Take an item out of the index; False when it was not in it."""
        written = await execute_write(conn, "DELETE FROM public_search WHERE rowid = ?", (int(item_id),))
        return written.rowcount > 0

    async def replace_all(self, conn: aiosqlite.Connection, entries: Iterable[tuple[int, str]]) -> int:
        """Empty the index and fill it with ``(item id, words)`` entries; how many were written."""
        await execute_write(conn, "DELETE FROM public_search")
        counts = await execute_each(
            conn,
            "INSERT OR REPLACE INTO public_search (rowid, body) VALUES (?, ?)",
            [(int(item_id), text) for item_id, text in entries],
        )
        return len(counts)

    # -- reads: what to index ----------------------------------------------------------------

    async def may_be_public(self, item_id: int) -> bool:
        """Whether the item's content may reach the public now (active, not dikecualikan).

        Read inside the caller's transaction, it is the check that guards a post to the channel.
        """
        row = await self._db.fetch_one(f"SELECT 1 FROM info_items AS i WHERE i.id = ? AND {PUBLIC_ITEM}", (int(item_id),))
        return row is not None

    async def source(self, item_id: int) -> PublicSource | None:
        """The indexable columns of the item if the public may see it now, else None."""
        row = await self._db.fetch_one(
            "SELECT i.id, i.summary, i.category, u.name AS unit_name"
            " FROM info_items AS i JOIN units AS u ON u.id = i.unit_id"
            f" WHERE i.id = ? AND {VISIBLE_ITEM}",
            (int(item_id),),
        )
        return None if row is None else _source(row)

    async def visible_sources(self, unit_id: int | None = None) -> list[PublicSource]:
        """Every publicly visible item (of one unit, if given), by id."""
        unit_clause = "" if unit_id is None else " AND i.unit_id = ?"
        rows = await self._db.fetch_all(
            "SELECT i.id, i.summary, i.category, u.name AS unit_name"
            " FROM info_items AS i JOIN units AS u ON u.id = i.unit_id"
            f" WHERE {VISIBLE_ITEM}{unit_clause} ORDER BY i.id",
            () if unit_id is None else (int(unit_id),),
        )
        return [_source(row) for row in rows]

    async def indexed_ids(self) -> list[int]:
        """The ids of the items the index holds a row for (whether still visible or not)."""
        return [int(row[0]) for row in await self._db.fetch_all("SELECT rowid FROM public_search ORDER BY rowid")]

    async def indexed_text(self, item_id: int) -> str | None:
        """The words the index holds for an item, or None."""
        value = await self._db.fetch_value("SELECT body FROM public_search WHERE rowid = ?", (int(item_id),))
        return None if value is None else str(value)

    # -- reads: the search -----------------------------------------------------------------------

    async def page(self, match: str, *, limit: int = 5, offset: int = 0) -> tuple[list[PublicHit], int]:
        """Publicly visible items matching the FTS5 expression ``match``, best first, and how many
        match in all (0 when the page is empty, even past the end: ask :meth:`count` then).

        At most ``MAX_LIMIT`` rows. Ranked by bm25, equal ranks by id, so pages are stable. One
        statement: the matches are ranked and counted once.
        """
        limit = min(max(0, int(limit)), MAX_LIMIT)
        rows = await self._db.fetch_all(_PAGE, (match, limit, max(0, int(offset))))
        return [_hit(row) for row in rows], int(rows[0]["total"]) if rows else 0

    async def search(self, match: str, *, limit: int = 5, offset: int = 0) -> list[PublicHit]:
        """The hits of :meth:`page` without the total."""
        return (await self.page(match, limit=limit, offset=offset))[0]

    async def count(self, match: str) -> int:
        """How many publicly visible items match ``match`` (what :meth:`page` pages through)."""
        return int(await self._db.fetch_value(f"SELECT COUNT(*){_MATCHES}", (match,)) or 0)
