"""The reads behind the public web site (``web/``): only what the public may see, checked in SQL.

Every read here applies the one rule of :mod:`storage.public_search` (``PUBLIC_ITEM``: active and
not dikecualikan; ``VISIBLE_ITEM``: that and published at least once, not withdrawn) inside the
same statement that fetches the rows, so nothing reaches a page from a stale list: a withdrawal
or a re-classification hides the item and its files on the very next request. The exempt list is
the one read of dikecualikan items, and it returns their summary, unit and legal basis only.

Rows carry public columns only: the DIP's columns (which are public information by law), the
publication's date and channel message, and the names and sizes of the files that went out. Never
drafts, review reasons, the people who acted, or notes.

Files are reached by their ``public_files.token`` (migration 0014), written by step 7 in the
transaction that records the post (:meth:`PublicSiteRepository.add_files`).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.database import Database, execute_each
from storage.documents import published_data_file_message
from storage.items import InfoItem, item_from_row
from storage.public_search import PUBLIC_ITEM, VISIBLE_ITEM
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none

__all__ = [
    "DipFilter",
    "ExemptRow",
    "PublicFile",
    "PublicItemRow",
    "PublicPublication",
    "PublicSiteRepository",
    "ServedFile",
    "TOKEN_HEX_LENGTH",
    "new_token",
]

TOKEN_HEX_LENGTH = 32  # 128 random bits, as hex (the CHECK of migration 0014)

# The latest publication of item i that was not withdrawn (publications_item serves it per row).
_LATEST = (
    "SELECT q.id FROM publications AS q WHERE q.item_id = i.id AND q.withdrawn_at IS NULL"
    " ORDER BY q.published_at DESC, q.id DESC LIMIT 1"
)
_ITEM_SELECT = (
    "SELECT i.*, u.name AS unit_name, p.published_at AS latest_published_at,"
    " p.channel_chat_id, p.channel_message_id,"
    f" {published_data_file_message('p')} AS data_file_message_id"
    " FROM info_items AS i JOIN units AS u ON u.id = i.unit_id"
    f" JOIN publications AS p ON p.id = ({_LATEST})"
)
# The register's own sort (storage/items.py lists it so): by summary, then id.
_REGISTER_ORDER = " ORDER BY i.summary COLLATE NOCASE, i.id"
_PUBLICATION_SELECT = (
    "SELECT p.id, p.item_id, p.cycle_id, c.kind AS cycle_kind, p.published_at, p.channel_chat_id,"
    " p.channel_message_id, i.summary, i.category, u.name AS unit_name,"
    f" {published_data_file_message('p')} AS data_file_message_id"
    " FROM publications AS p JOIN update_cycles AS c ON c.id = p.cycle_id"
    " JOIN info_items AS i ON i.id = p.item_id JOIN units AS u ON u.id = i.unit_id"
    f" WHERE p.withdrawn_at IS NULL AND {PUBLIC_ITEM}"
)


# The database's state as this connection sees it: the rows it has changed since it opened
# (total_changes(): every INSERT, UPDATE and DELETE of the bot, which has this one connection) and
# whether another connection has committed since (data_version: a backup restore, the sqlite3
# shell). Both the same: not one row of the database changed.
_STATE = "SELECT total_changes(), (SELECT data_version FROM pragma_data_version())"
_COUNTS_KEPT = 64  # filters whose count is kept (a reader trying every unit id only churns these)


def new_token() -> str:
    """A fresh opaque file id: 128 random bits as 32 hex digits."""
    return secrets.token_hex(TOKEN_HEX_LENGTH // 2)


def is_token(text: str) -> bool:
    """Whether `text` has the form of a file token (checked before any query)."""
    return len(text) == TOKEN_HEX_LENGTH and all(char in "0123456789abcdef" for char in text)


@dataclass(frozen=True)
class DipFilter:
    """The DIP's filters: a category, a unit, a year of publication (each None: any).

    The year is given as its bounds in UTC (``[since, until)``), computed in office time by the caller.
    """

    category: str | None = None
    unit_id: int | None = None
    published_since: datetime | None = None
    published_until: datetime | None = None

    def clause(self, *, counting: bool = False) -> tuple[str, list[Any]]:
        """The filters as SQL terms on alias i, and their parameters.

        The year is the same condition either way (a publication not withdrawn in the year), in the
        form each read is fast in: a page walks the register in its order and probes each item's
        publications (EXISTS), stopping after the page; a count starts from the year's
        publications instead (IN), as it has to see every match anyway.
        """
        parts: list[str] = []
        params: list[Any] = []
        if self.category is not None:
            parts.append(" AND i.category = ?")
            params.append(self.category)
        if self.unit_id is not None:
            parts.append(" AND i.unit_id = ?")
            params.append(int(self.unit_id))
        if self.published_since is not None and self.published_until is not None:
            if counting:
                parts.append(
                    " AND i.id IN (SELECT py.item_id FROM publications AS py WHERE py.withdrawn_at IS NULL"
                    " AND py.published_at >= ? AND py.published_at < ?)"
                )
            else:
                parts.append(
                    " AND EXISTS (SELECT 1 FROM publications AS py WHERE py.item_id = i.id AND py.withdrawn_at IS NULL"
                    " AND py.published_at >= ? AND py.published_at < ?)"
                )
            params += [format_utc(self.published_since), format_utc(self.published_until)]
        return "".join(parts), params


@dataclass(frozen=True)
class PublicItemRow:
    """A publicly visible item: its DIP row, its unit's name, its latest publication."""

    item: InfoItem
    unit_name: str
    latest_published_at: datetime
    channel_chat_id: int
    channel_message_id: int
    data_file_message_id: int | None = None  # the File Informasi Data posted with that publication


@dataclass(frozen=True)
class PublicFile:
    """A file that went out with a publication, as the public may download it."""

    token: str
    publication_id: int
    kind: str  # 'draft' (the document), 'published' (its PDF copy, bot/public_copy.py) or 'data_file'
    original_name: str
    size: int
    detected_type: str | None


@dataclass(frozen=True)
class PublicPublication:
    """A publication not withdrawn of a public item."""

    id: int
    item_id: int
    cycle_id: int
    cycle_kind: str  # 'berkala', 'serta_merta', 'setiap_saat'
    published_at: datetime
    channel_chat_id: int
    channel_message_id: int
    summary: str
    category: str
    unit_name: str
    data_file_message_id: int | None


@dataclass(frozen=True)
class ExemptRow:
    """One line of the Daftar Informasi yang Dikecualikan: never more than these columns."""

    item_id: int
    summary: str
    unit_name: str
    legal_basis: str
    updated_at: datetime
    exempt_until: date | None = None  # the last day of the exemption period (None: before the consequence test)


@dataclass(frozen=True)
class ServedFile:
    """What the site needs to send a public file: where it is stored and what it is."""

    token: str
    sha256: str
    stored_path: str
    original_name: str
    size: int
    detected_type: str | None


def _item_row(row: aiosqlite.Row) -> PublicItemRow:
    return PublicItemRow(
        item=item_from_row(row),
        unit_name=row["unit_name"],
        latest_published_at=parse_utc(row["latest_published_at"]),
        channel_chat_id=int(row["channel_chat_id"]),
        channel_message_id=int(row["channel_message_id"]),
        data_file_message_id=row["data_file_message_id"],
    )


def _publication(row: aiosqlite.Row) -> PublicPublication:
    return PublicPublication(
        id=int(row["id"]),
        item_id=int(row["item_id"]),
        cycle_id=int(row["cycle_id"]),
        cycle_kind=row["cycle_kind"],
        published_at=parse_utc(row["published_at"]),
        channel_chat_id=int(row["channel_chat_id"]),
        channel_message_id=int(row["channel_message_id"]),
        summary=row["summary"],
        category=row["category"],
        unit_name=row["unit_name"],
        data_file_message_id=row["data_file_message_id"],
    )


class PublicSiteRepository:
    """The public side's reads, and the one write step 7 makes for it."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # DIP counts by filter: (the database's state when counted, the count); see dip_count.
        self._counts: dict[tuple[str, tuple[Any, ...]], tuple[tuple[Any, ...], int]] = {}

    # -- the write of step 7 -------------------------------------------------------------------

    async def add_files(self, conn: aiosqlite.Connection, publication_id: int, document_ids: Sequence[int]) -> None:
        """Record the files a publication posted, each under a new token (inside step 7's transaction)."""
        await execute_each(
            conn,
            "INSERT OR IGNORE INTO public_files (token, publication_id, document_id) VALUES (?, ?, ?)",
            [(new_token(), int(publication_id), int(document_id)) for document_id in document_ids],
        )

    # -- the DIP -------------------------------------------------------------------------------

    async def dip_rows(
        self, where: DipFilter, *, limit: int, offset: int, total: int | None = None
    ) -> list[PublicItemRow]:
        """One page of the public DIP in the register's order.

        The page's ids come first, from the visible items in the register's order (index
        info_items_public, stopping after the page); only those rows are then joined to their unit
        and latest publication. Joining every public item first, as one statement with its count,
        cost 350 ms at 100,000 items (migration 0017). Given the `total` of :meth:`dip_count`, a
        page nearer the end is read from the end, so no page walks more than half the list.
        """
        clause, params = where.clause()
        limit, offset = max(0, int(limit)), max(0, int(offset))
        order, bounds = _REGISTER_ORDER, (limit, offset)
        if total is not None and offset < total and total - min(offset + limit, total) < offset:
            end = min(offset + limit, total)
            order, bounds = " ORDER BY i.summary COLLATE NOCASE DESC, i.id DESC", (end - offset, total - end)
        rows = await self._db.fetch_all(
            f"{_ITEM_SELECT} WHERE i.id IN"
            f" (SELECT i.id FROM info_items AS i WHERE {VISIBLE_ITEM}{clause}{order} LIMIT ? OFFSET ?){_REGISTER_ORDER}",
            (*params, *bounds),
        )
        return [_item_row(row) for row in rows]

    async def dip_count(self, where: DipFilter) -> int:
        """How many items the public DIP lists under `where`.

        Counting reads every visible item (30 ms at 100,000 items, most of a DIP page's time), so
        a count is kept with the database's state it was made in (:data:`_STATE`) and given again
        while that state is the same: exact, not a guess that ages. It decides the page numbers
        only; the rows shown are always read under the rule (:meth:`dip_rows`).
        """
        clause, params = where.clause(counting=True)
        key = (clause, tuple(params))
        kept = self._counts.get(key)
        in_transaction = self._db.connection.in_transaction  # its writes may yet be rolled back
        if kept is not None and not in_transaction:
            state = await self._db.fetch_one(_STATE)
            if state is not None and tuple(state) == kept[0]:
                return kept[1]
        state, counted = await self._db.fetch_first_of_each(
            (_STATE, ()), (f"SELECT COUNT(*) FROM info_items AS i WHERE {VISIBLE_ITEM}{clause}", params)
        )
        total = int(counted[0] or 0) if counted is not None else 0
        if state is not None and not in_transaction:
            self._counts.pop(key, None)
            self._counts[key] = (tuple(state), total)
            while len(self._counts) > _COUNTS_KEPT:
                del self._counts[next(iter(self._counts))]  # the oldest
        return total

    async def dip_after(self, after_id: int, limit: int) -> list[PublicItemRow]:
        """The next `limit` public DIP rows with an id above `after_id`, by id (the open-data files
        stream the whole list this way, a page at a time)."""
        rows = await self._db.fetch_all(
            f"{_ITEM_SELECT} WHERE i.id > ? AND {PUBLIC_ITEM} ORDER BY i.id LIMIT ?",
            (int(after_id), max(1, int(limit))),
        )
        return [_item_row(row) for row in rows]

    async def units_with_items(self) -> list[tuple[int, str]]:
        """(id, name) of every unit holding a publicly visible item, by name (the DIP's unit filter)."""
        rows = await self._db.fetch_all(
            "SELECT u.id, u.name FROM units AS u WHERE EXISTS"
            f" (SELECT 1 FROM info_items AS i WHERE i.unit_id = u.id AND {VISIBLE_ITEM})"
            " ORDER BY u.name COLLATE NOCASE, u.id"
        )
        return [(int(row["id"]), row["name"]) for row in rows]

    async def publication_span(self) -> tuple[datetime | None, datetime | None]:
        """The first and last time a public item's publication (not withdrawn) went out."""
        # Each end read along publications_at until its first public row (not MIN/MAX over a join,
        # which read every publication: 50 ms at 100,000 items).
        public = f" FROM publications AS p JOIN info_items AS i ON i.id = p.item_id WHERE p.withdrawn_at IS NULL AND {PUBLIC_ITEM}"
        row = await self._db.fetch_one(
            f"SELECT (SELECT p.published_at{public} ORDER BY p.published_at LIMIT 1) AS first,"
            f" (SELECT p.published_at{public} ORDER BY p.published_at DESC LIMIT 1) AS last"
        )
        if row is None:
            return None, None
        return parse_utc_or_none(row["first"]), parse_utc_or_none(row["last"])

    # -- one item ------------------------------------------------------------------------------

    async def item(self, item_id: int) -> PublicItemRow | None:
        """The item if the public may see it now, else None (whether it exists or not)."""
        row = await self._db.fetch_one(f"{_ITEM_SELECT} WHERE i.id = ? AND {PUBLIC_ITEM}", (int(item_id),))
        return None if row is None else _item_row(row)

    async def publications_of(self, item_id: int) -> list[PublicPublication]:
        """Every publication not withdrawn of a public item, newest first (none for a hidden item)."""
        rows = await self._db.fetch_all(
            f"{_PUBLICATION_SELECT} AND p.item_id = ? ORDER BY p.published_at DESC, p.id DESC", (int(item_id),)
        )
        return [_publication(row) for row in rows]

    async def files_of(self, publication_ids: Collection[int]) -> dict[int, list[PublicFile]]:
        """The public files of each publication (the document's files first, then the data file).
        Only for publications still public: the rule is applied again here."""
        ids = sorted({int(value) for value in publication_ids})
        found: dict[int, list[PublicFile]] = {value: [] for value in ids}
        if not ids:
            return found
        rows = await self._db.fetch_all(
            "SELECT f.token, f.publication_id, d.kind, d.original_name, d.size, d.detected_type"
            " FROM public_files AS f JOIN documents AS d ON d.id = f.document_id"
            " JOIN publications AS p ON p.id = f.publication_id JOIN info_items AS i ON i.id = p.item_id"
            f" WHERE f.publication_id IN (SELECT value FROM json_each(?)) AND p.withdrawn_at IS NULL AND {PUBLIC_ITEM}"
            " ORDER BY f.publication_id, d.kind = 'data_file', d.id",
            (f"[{','.join(str(value) for value in ids)}]",),
        )
        for row in rows:
            found[int(row["publication_id"])].append(
                PublicFile(
                    token=row["token"], publication_id=int(row["publication_id"]), kind=row["kind"],
                    original_name=row["original_name"], size=int(row["size"]), detected_type=row["detected_type"],
                )
            )
        return found

    async def served_file(self, token: str) -> ServedFile | None:
        """The file behind `token` if it is public now (its publication not withdrawn, its item
        active and not dikecualikan), else None."""
        if not is_token(token):
            return None
        row = await self._db.fetch_one(
            "SELECT f.token, d.sha256, d.stored_path, d.original_name, d.size, d.detected_type"
            " FROM public_files AS f JOIN documents AS d ON d.id = f.document_id"
            " JOIN publications AS p ON p.id = f.publication_id JOIN info_items AS i ON i.id = p.item_id"
            f" WHERE f.token = ? AND p.withdrawn_at IS NULL AND {PUBLIC_ITEM}",
            (token,),
        )
        if row is None:
            return None
        return ServedFile(
            token=row["token"], sha256=row["sha256"], stored_path=row["stored_path"],
            original_name=row["original_name"], size=int(row["size"]), detected_type=row["detected_type"],
        )

    # -- announcements -------------------------------------------------------------------------

    async def latest_publications(
        self, *, limit: int, kind: str | None = None, since: datetime | None = None
    ) -> list[PublicPublication]:
        """The newest publications of public items (of one cycle kind, from `since`, if given)."""
        clause, params = "", []
        if kind is not None:
            clause += " AND c.kind = ?"
            params.append(kind)
        if since is not None:
            clause += " AND p.published_at >= ?"
            params.append(format_utc(since))
        rows = await self._db.fetch_all(
            f"{_PUBLICATION_SELECT}{clause} ORDER BY p.published_at DESC, p.id DESC LIMIT ?",
            (*params, max(1, int(limit))),
        )
        return [_publication(row) for row in rows]

    # -- the exempt list -----------------------------------------------------------------------

    async def exempt_rows(self, *, limit: int, offset: int) -> list[ExemptRow]:
        """One page of the active dikecualikan items, in the register's order (index info_items_exempt)."""
        rows = await self._db.fetch_all(
            "SELECT i.id, i.summary, i.legal_basis, i.updated_at, i.exempt_until, u.name AS unit_name"
            " FROM info_items AS i JOIN units AS u ON u.id = i.unit_id"
            f" WHERE i.status = 'active' AND i.category = 'dikecualikan'{_REGISTER_ORDER} LIMIT ? OFFSET ?",
            (max(0, int(limit)), max(0, int(offset))),
        )
        return [
            ExemptRow(
                item_id=int(row["id"]), summary=row["summary"], unit_name=row["unit_name"],
                legal_basis=row["legal_basis"] or "", updated_at=parse_utc(row["updated_at"]),
                exempt_until=None if row["exempt_until"] is None else date.fromisoformat(row["exempt_until"]),
            )
            for row in rows
        ]

    async def exempt_count(self) -> int:
        return int(
            await self._db.fetch_value(
                "SELECT COUNT(*) FROM info_items AS i WHERE i.status = 'active' AND i.category = 'dikecualikan'"
            )
            or 0
        )
