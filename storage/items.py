"""The register of public information, DIP (Daftar Informasi Publik): table ``info_items``.

One row per information item: the DIP columns (summary of content, holding unit, person
responsible, time and place made, form, retention period), its category (with the period of a
berkala item, and the legal basis and consequence test - :class:`Exemption`, migration 0016 - of
an exempt one), its status and its publication schedule. :meth:`ItemRepository.exempt_items` is
the Daftar Informasi yang Dikecualikan; :meth:`ItemRepository.exemptions_ended` what the reminder
sweep tells the admins to re-test.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`. The repository stores what it is
given; the rules about which combinations make sense live in ``bot/register.py`` (and the
schema's CHECKs refuse the worst ones: a berkala item without a period, an exempt item without
a legal basis).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now

__all__ = [
    "CATEGORIES",
    "EXEMPTION_COLUMNS",
    "FORMS",
    "PERIODS",
    "STATUSES",
    "UPDATABLE_COLUMNS",
    "Category",
    "Exemption",
    "Form",
    "InfoItem",
    "ItemNotFoundError",
    "ItemRepository",
    "ItemStatus",
    "Period",
    "exemption_columns",
    "item_from_row",
]

Category = Literal["berkala", "serta_merta", "setiap_saat", "dikecualikan"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
Period = Literal["monthly", "quarterly", "semester", "yearly"]
PERIODS: tuple[Period, ...] = get_args(Period)
Form = Literal["soft", "hard", "both"]
FORMS: tuple[Form, ...] = get_args(Form)
ItemStatus = Literal["active", "inactive"]
STATUSES: tuple[ItemStatus, ...] = get_args(ItemStatus)

# The consequence test's columns (migration 0016), written all together or all cleared.
EXEMPTION_COLUMNS: tuple[str, ...] = (
    "exempt_part",
    "exempt_grounds",
    "exempt_consequence",
    "exempt_public_interest",
    "exempt_until",
    "exempt_decider_name",
    "exempt_decider_position",
    "exempt_decided_at",
)
# Columns `update` may change (id and created_at never change; updated_at is set by every write).
UPDATABLE_COLUMNS: frozenset[str] = frozenset(
    {
        "summary",
        "unit_id",
        "responsible",
        "made_time_place",
        "form",
        "retention",
        "category",
        "period",
        "legal_basis",
        "status",
        "last_published_at",
        "next_due_at",
        "reminders_paused",
        *EXEMPTION_COLUMNS,
    }
)
_TIMESTAMP_COLUMNS = frozenset({"last_published_at", "next_due_at", "exempt_decided_at"})


@dataclass(frozen=True)
class Exemption:
    """The consequence test (uji konsekuensi) of an exempt item, as recorded: the part exempted,
    the letters of UU 14/2008 Pasal 17 it rests on, the consequence of disclosure, the weighing
    against the public interest, the (local) date the exemption ends, and who decided when."""

    part: str
    grounds: tuple[str, ...]
    consequence: str
    public_interest: str
    until: date
    decider_name: str
    decider_position: str
    decided_at: datetime


def exemption_columns(exemption: Exemption | None) -> dict[str, Any]:
    """The column values of a consequence test (None: every column cleared)."""
    if exemption is None:
        return {column: None for column in EXEMPTION_COLUMNS}
    return {
        "exempt_part": exemption.part,
        "exempt_grounds": ",".join(exemption.grounds),
        "exempt_consequence": exemption.consequence,
        "exempt_public_interest": exemption.public_interest,
        "exempt_until": exemption.until.isoformat(),
        "exempt_decider_name": exemption.decider_name,
        "exempt_decider_position": exemption.decider_position,
        "exempt_decided_at": exemption.decided_at,
    }


def _exemption_of(row: aiosqlite.Row) -> Exemption | None:
    """The recorded consequence test of a row, or None (an item classified before it existed)."""
    if row["exempt_grounds"] is None or row["exempt_until"] is None or row["exempt_decided_at"] is None:
        return None
    return Exemption(
        part=row["exempt_part"] or "",
        grounds=tuple(row["exempt_grounds"].split(",")),
        consequence=row["exempt_consequence"] or "",
        public_interest=row["exempt_public_interest"] or "",
        until=date.fromisoformat(row["exempt_until"]),
        decider_name=row["exempt_decider_name"] or "",
        decider_position=row["exempt_decider_position"] or "",
        decided_at=parse_utc(row["exempt_decided_at"]),
    )


class ItemNotFoundError(LookupError):
    """Raised by :meth:`ItemRepository.update` for an id that does not exist."""


@dataclass(frozen=True)
class InfoItem:
    """One row of the DIP register."""

    id: int
    summary: str
    unit_id: int
    responsible: str
    made_time_place: str
    form: Form
    retention: str
    category: Category
    period: Period | None
    legal_basis: str | None
    status: ItemStatus
    last_published_at: datetime | None
    next_due_at: datetime | None
    reminders_paused: bool
    created_at: datetime
    updated_at: datetime
    exemption: Exemption | None = None  # the consequence test of an exempt item (None: not recorded)

    @property
    def active(self) -> bool:
        """Whether the item is in the register (not deactivated)."""
        return self.status == "active"


def item_from_row(row: aiosqlite.Row) -> InfoItem:
    """An `InfoItem` from a row holding every column of ``info_items`` (also for joins that add more)."""
    return InfoItem(
        id=int(row["id"]),
        summary=row["summary"],
        unit_id=int(row["unit_id"]),
        responsible=row["responsible"],
        made_time_place=row["made_time_place"],
        form=row["form"],
        retention=row["retention"],
        category=row["category"],
        period=row["period"],
        legal_basis=row["legal_basis"],
        status=row["status"],
        last_published_at=parse_utc_or_none(row["last_published_at"]),
        next_due_at=parse_utc_or_none(row["next_due_at"]),
        reminders_paused=bool(row["reminders_paused"]),
        created_at=parse_utc(row["created_at"]),
        updated_at=parse_utc(row["updated_at"]),
        exemption=_exemption_of(row),
    )


def _column_value(column: str, value: Any) -> Any:
    """A Python value as the column stores it (aware datetimes as UTC text, bools as 0/1)."""
    if column in _TIMESTAMP_COLUMNS:
        return None if value is None else format_utc(value)
    if column == "reminders_paused":
        return int(bool(value))
    return value


# The register search (search/count with a text) reads the trigram index (migration 0006) when the
# text is in at most this many items: the index then finds them at once, where LIKE reads every row.
# Text in more items (a word most summaries share) is found faster by LIKE over the summary index,
# which stops at the end of the page. Text shorter than a trigram can only be found by LIKE.
INDEXED_SEARCH_MAX_MATCHES = 1000
TRIGRAM = 3


def _fts_phrase(text: str) -> str:
    """`text` as one FTS5 phrase: with the trigram tokenizer, "found where the text contains it"."""
    return '"' + text.replace('"', '""') + '"'


def _like_pattern(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ItemRepository:
    """Access to ``info_items``. ``clock`` gives aware datetimes (default: now, UTC)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    def _now(self, at: datetime | None) -> str:
        return format_utc(at if at is not None else self._clock())

    # -- writes ----------------------------------------------------------------------------

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        summary: str,
        unit_id: int,
        responsible: str,
        made_time_place: str,
        form: Form,
        retention: str,
        category: Category,
        period: Period | None,
        legal_basis: str | None,
        exemption: Exemption | None = None,
        at: datetime | None = None,
    ) -> InfoItem:
        """Register a new, active item (``sqlite3.IntegrityError`` if the schema refuses it),
        with the consequence test of an exempt one."""
        now = self._now(at)
        row = await fetch_first(
            conn,
            "INSERT INTO info_items (summary, unit_id, responsible, made_time_place, form, retention,"
            " category, period, legal_basis, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (summary, unit_id, responsible, made_time_place, form, retention, category, period, legal_basis, now, now),
        )
        assert row is not None
        if exemption is not None:
            return await self.update(conn, int(row["id"]), at=at, **exemption_columns(exemption))
        return item_from_row(row)

    async def update(
        self, conn: aiosqlite.Connection, item_id: int, *, at: datetime | None = None, **fields: Any
    ) -> InfoItem:
        """Change the given columns (see ``UPDATABLE_COLUMNS``) and ``updated_at``; return the row.

        ``ValueError`` for an unknown column or no column at all; :class:`ItemNotFoundError`
        when there is no such item. Datetimes must be aware; ``reminders_paused`` is a bool.
        """
        if not fields:
            raise ValueError("nothing to update")
        unknown = sorted(set(fields) - UPDATABLE_COLUMNS)
        if unknown:
            raise ValueError(f"not an updatable column of info_items: {', '.join(unknown)}")
        columns = sorted(fields)
        assignments = ", ".join(f"{column} = ?" for column in columns)
        params = [_column_value(column, fields[column]) for column in columns]
        row = await fetch_first(
            conn,
            f"UPDATE info_items SET {assignments}, updated_at = ? WHERE id = ? RETURNING *",
            (*params, self._now(at), item_id),
        )
        if row is None:
            raise ItemNotFoundError(f"no information item {item_id}")
        return item_from_row(row)

    async def set_status(
        self, conn: aiosqlite.Connection, item_id: int, status: ItemStatus, *, at: datetime | None = None
    ) -> bool:
        """Set the status; True when it changed, False if there is no such item or it already had it."""
        written = await execute_write(
            conn,
            "UPDATE info_items SET status = ?, updated_at = ? WHERE id = ? AND status <> ?",
            (status, self._now(at), item_id, status),
        )
        return written.rowcount > 0

    async def set_category(
        self,
        conn: aiosqlite.Connection,
        item_id: int,
        category: Category,
        *,
        period: Period | None = None,
        legal_basis: str | None = None,
        exemption: Exemption | None = None,
        at: datetime | None = None,
    ) -> bool:
        """Re-classify an item: category, period, legal basis and consequence test together (None
        clears them).

        False if there is no such item; ``sqlite3.IntegrityError`` for a berkala item without a
        period or an exempt one without a legal basis.
        """
        columns = exemption_columns(exemption)
        assignments = "".join(f", {column} = ?" for column in columns)
        written = await execute_write(
            conn,
            f"UPDATE info_items SET category = ?, period = ?, legal_basis = ?{assignments}, updated_at = ? WHERE id = ?",
            (
                category, period, legal_basis, *(_column_value(c, v) for c, v in columns.items()),
                self._now(at), item_id,
            ),
        )
        return written.rowcount > 0

    async def mark_published(
        self,
        conn: aiosqlite.Connection,
        item_id: int,
        *,
        published_at: datetime,
        next_due_at: datetime | None,
        at: datetime | None = None,
    ) -> InfoItem | None:
        """Record a publication and the next due date (None: not due again): the item as it is
        now, or None if unknown."""
        due = None if next_due_at is None else format_utc(next_due_at)
        row = await fetch_first(
            conn,
            "UPDATE info_items SET last_published_at = ?, next_due_at = ?, updated_at = ? WHERE id = ? RETURNING *",
            (format_utc(published_at), due, self._now(at), item_id),
        )
        return None if row is None else item_from_row(row)

    async def set_publication_dates(
        self,
        conn: aiosqlite.Connection,
        item_id: int,
        *,
        last_published_at: datetime | None,
        next_due_at: datetime | None,
        at: datetime | None = None,
    ) -> InfoItem | None:
        """Set the last publication and next due date after a publication was withdrawn."""
        row = await fetch_first(
            conn,
            "UPDATE info_items SET last_published_at = ?, next_due_at = ?, updated_at = ? WHERE id = ? RETURNING *",
            (
                None if last_published_at is None else format_utc(last_published_at),
                None if next_due_at is None else format_utc(next_due_at),
                self._now(at),
                item_id,
            ),
        )
        return None if row is None else item_from_row(row)

    # -- reads -----------------------------------------------------------------------------

    async def get(self, item_id: int) -> InfoItem | None:
        """The item with this id, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM info_items WHERE id = ?", (item_id,))
        return None if row is None else item_from_row(row)

    async def get_many(self, item_ids: Collection[int]) -> dict[int, InfoItem]:
        """The items with these ids, by id, in one query (unknown ids are left out)."""
        rows = await self._db.fetch_by_keys("info_items", "id", item_ids)
        return {row["id"]: item_from_row(row) for row in rows}

    async def _uses_index(self, needle: str) -> bool:
        """Whether to find `needle` through the trigram index: long enough, and in few items."""
        if len(needle) < TRIGRAM:
            return False
        matches = await self._db.fetch_value(
            "SELECT COUNT(*) FROM (SELECT rowid FROM register_search WHERE register_search MATCH ? LIMIT ?)",
            (_fts_phrase(needle), INDEXED_SEARCH_MAX_MATCHES + 1),
        )
        return int(matches) <= INDEXED_SEARCH_MAX_MATCHES

    async def _filters(
        self,
        text: str | None,
        unit_id: int | None,
        unit_ids: Collection[int] | None,
        include_inactive: bool,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause (possibly empty) and its parameters shared by search and count."""
        clauses: list[str] = []
        params: list[Any] = []
        if not include_inactive:
            clauses.append("status = 'active'")
        if unit_id is not None:
            clauses.append("unit_id = ?")
            params.append(unit_id)
        if unit_ids is not None:
            ids = sorted({int(i) for i in unit_ids})
            if not ids:
                clauses.append("0")
            else:
                clauses.append(f"unit_id IN ({', '.join('?' for _ in ids)})")
                params.extend(ids)
        needle = (text or "").strip()
        if needle and await self._uses_index(needle):
            clauses.append("id IN (SELECT rowid FROM register_search WHERE register_search MATCH ?)")
            params.append(_fts_phrase(needle))
        elif needle:
            pattern = _like_pattern(needle)
            clauses.append("(summary LIKE ? ESCAPE '\\' OR responsible LIKE ? ESCAPE '\\')")
            params.extend([pattern, pattern])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    async def search(
        self,
        text: str | None = None,
        *,
        unit_id: int | None = None,
        unit_ids: Collection[int] | None = None,
        include_inactive: bool = False,
        limit: int = 10,
        offset: int = 0,
    ) -> list[InfoItem]:
        """Items whose summary or responsible person contains ``text`` (any case), by summary.

        ``unit_id`` keeps one unit's items; ``unit_ids`` keeps the items of any of those units
        (an empty collection: none). Only active items unless ``include_inactive``.
        """
        where, params = await self._filters(text, unit_id, unit_ids, include_inactive)
        rows = await self._db.fetch_all(
            f"SELECT * FROM info_items{where} ORDER BY summary COLLATE NOCASE, id LIMIT ? OFFSET ?",
            (*params, max(0, int(limit)), max(0, int(offset))),
        )
        return [item_from_row(row) for row in rows]

    async def count(
        self,
        text: str | None = None,
        *,
        unit_id: int | None = None,
        unit_ids: Collection[int] | None = None,
        include_inactive: bool = False,
    ) -> int:
        """How many items :meth:`search` would find with the same filters and no limit."""
        where, params = await self._filters(text, unit_id, unit_ids, include_inactive)
        return int(await self._db.fetch_value(f"SELECT COUNT(*) FROM info_items{where}", params) or 0)

    async def has_open_cycle(self, item_id: int) -> bool:
        """Whether an update cycle of the item is still open (such an item stays active)."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM update_cycles WHERE item_id = ? AND state = 'open' LIMIT 1", (item_id,)
        )
        return row is not None

    # -- the schedule (berkala items by due date) ------------------------------------------

    @staticmethod
    def _due_filters(unit_ids: Collection[int] | None) -> tuple[str, list[Any]]:
        """The WHERE clause and parameters of :meth:`due_items` and :meth:`count_due_items`."""
        clauses = ["status = 'active'", "category = 'berkala'"]
        params: list[Any] = []
        if unit_ids is not None:
            ids = sorted({int(i) for i in unit_ids})
            if not ids:
                clauses.append("0")
            else:
                clauses.append(f"unit_id IN ({', '.join('?' for _ in ids)})")
                params.extend(ids)
        return " WHERE " + " AND ".join(clauses), params

    async def due_items(self, limit: int, unit_ids: Collection[int] | None = None) -> list[InfoItem]:
        """Active berkala items by next due date, soonest first; items never scheduled come last.

        ``unit_ids`` keeps the items of any of those units (an empty collection: none).
        """
        where, params = self._due_filters(unit_ids)
        rows = await self._db.fetch_all(
            f"SELECT * FROM info_items{where} ORDER BY next_due_at IS NULL, next_due_at, id LIMIT ?",
            (*params, max(0, int(limit))),
        )
        return [item_from_row(row) for row in rows]

    async def count_due_items(self, unit_ids: Collection[int] | None = None) -> int:
        """How many items :meth:`due_items` would list without a limit."""
        where, params = self._due_filters(unit_ids)
        return int(await self._db.fetch_value(f"SELECT COUNT(*) FROM info_items{where}", params) or 0)

    # -- exempt information (the consequence test, migration 0016) -------------------------

    async def exempt_items(self) -> list[InfoItem]:
        """The active exempt items (the Daftar Informasi yang Dikecualikan), by summary."""
        rows = await self._db.fetch_all(
            "SELECT * FROM info_items WHERE status = 'active' AND category = 'dikecualikan'"
            " ORDER BY summary COLLATE NOCASE, id"
        )
        return [item_from_row(row) for row in rows]

    async def exemptions_ended(self, today: date) -> list[InfoItem]:
        """Active exempt items whose period is over on local `today` (its last day, `exempt_until`,
        is before today: an exemption holds through its last day), soonest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM info_items WHERE status = 'active' AND category = 'dikecualikan'"
            " AND exempt_until IS NOT NULL AND exempt_until < ? ORDER BY exempt_until, id",
            (today.isoformat(),),
        )
        return [item_from_row(row) for row in rows]
