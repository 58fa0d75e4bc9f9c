"""Reads behind the reports sent as files: the DIP register export and the coordination report.

Only reads, each a single query with its JOINs (no query per item or per person), through the
:class:`Database` read helpers, so they see committed data only.

* The DIP register is read a page at a time in item id order (keyset pagination: ``id > after``),
  each page one query joining the item's unit and its latest publication. A register of 100,000
  items is never held in memory at once, and the connection is never held between pages, so the
  bot keeps answering while a long export is written. ``up_to`` (the highest id when the export
  began) keeps items registered during the export out of it, so every file of one export lists
  the same items.
* The coordination report of a cycle: who was asked (name, username, letter), when, and who
  acknowledged when; and the documents gathered in the cycle (letters, drafts, data files).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.database import Database
from storage.documents import published_data_file_message
from storage.items import InfoItem, item_from_row
from storage.timestamps import parse_utc, parse_utc_or_none

__all__ = [
    "GATHERED_KINDS",
    "AskedPerson",
    "CycleOverview",
    "DipRow",
    "ExportRepository",
    "GatheredDocument",
]

# Documents that coordination gathers in a cycle: the letter(s) asking for the information, the
# draft versions the units send back, and the data files (File Informasi Data). The copy posted to
# the channel ('published') is the result of the cycle, not something gathered.
GATHERED_KINDS: tuple[str, ...] = ("coordination_letter", "draft", "data_file")


@dataclass(frozen=True)
class DipRow:
    """One item of the register with its unit's name and its latest publication (if any)."""

    item: InfoItem
    unit_name: str
    channel_chat_id: int | None
    channel_message_id: int | None
    data_file_message_id: int | None = None  # the File Informasi Data posted with it (step 6)


@dataclass(frozen=True)
class CycleOverview:
    """A cycle with what a report says about it: its item's summary and unit."""

    id: int
    item_id: int
    kind: str
    state: str
    current_step: int
    opened_at: datetime
    closed_at: datetime | None
    item_summary: str
    unit_id: int
    unit_name: str


@dataclass(frozen=True)
class AskedPerson:
    """One line of the coordination report: who was asked with which letter, and the answer."""

    id: int
    asked_user_id: int
    full_name: str | None
    username: str | None
    asked_at: datetime
    acknowledged_at: datetime | None
    letter_document_id: int | None
    letter_name: str | None
    letter_version: int | None


@dataclass(frozen=True)
class GatheredDocument:
    """A file of the cycle, with the name of whoever uploaded it."""

    id: int
    kind: str
    version: int
    original_name: str
    size: int
    detected_type: str | None
    uploaded_by: int
    uploader_name: str | None
    uploader_username: str | None
    uploaded_at: datetime


def _dip_row(row: aiosqlite.Row) -> DipRow:
    return DipRow(
        item=item_from_row(row),
        unit_name=row["unit_name"],
        channel_chat_id=row["channel_chat_id"],
        channel_message_id=row["channel_message_id"],
        data_file_message_id=row["data_file_message_id"],
    )


def _overview(row: aiosqlite.Row) -> CycleOverview:
    return CycleOverview(
        id=int(row["id"]),
        item_id=int(row["item_id"]),
        kind=row["kind"],
        state=row["state"],
        current_step=int(row["current_step"]),
        opened_at=parse_utc(row["opened_at"]),
        closed_at=parse_utc_or_none(row["closed_at"]),
        item_summary=row["item_summary"],
        unit_id=int(row["unit_id"]),
        unit_name=row["unit_name"],
    )


def _asked(row: aiosqlite.Row) -> AskedPerson:
    return AskedPerson(
        id=int(row["id"]),
        asked_user_id=int(row["asked_user_id"]),
        full_name=row["full_name"],
        username=row["username"],
        asked_at=parse_utc(row["asked_at"]),
        acknowledged_at=parse_utc_or_none(row["acknowledged_at"]),
        letter_document_id=row["letter_document_id"],
        letter_name=row["letter_name"],
        letter_version=row["letter_version"],
    )


def _gathered(row: aiosqlite.Row) -> GatheredDocument:
    return GatheredDocument(
        id=int(row["id"]),
        kind=row["kind"],
        version=int(row["version"]),
        original_name=row["original_name"],
        size=int(row["size"]),
        detected_type=row["detected_type"],
        uploaded_by=int(row["uploaded_by"]),
        uploader_name=row["full_name"],
        uploader_username=row["username"],
        uploaded_at=parse_utc(row["uploaded_at"]),
    )


def _unit_clause(column: str, unit_ids: Collection[int] | None) -> tuple[str, list[Any]]:
    """`AND <column> IN (...)` for a unit filter (an empty collection matches nothing)."""
    if unit_ids is None:
        return "", []
    ids = sorted({int(unit_id) for unit_id in unit_ids})
    if not ids:
        return " AND 0", []
    return f" AND {column} IN ({', '.join('?' for _ in ids)})", list(ids)


# The latest publication of an item not withdrawn: publications_item (item_id, published_at) serves it per row.
_DIP_SELECT = (
    "SELECT i.*, u.name AS unit_name, p.channel_chat_id, p.channel_message_id,"
    f" {published_data_file_message('p')} AS data_file_message_id"
    " FROM info_items AS i"
    " JOIN units AS u ON u.id = i.unit_id"
    " LEFT JOIN publications AS p ON p.id = ("
    "SELECT q.id FROM publications AS q WHERE q.item_id = i.id AND q.withdrawn_at IS NULL"
    " ORDER BY q.published_at DESC, q.id DESC LIMIT 1)"
)

_CYCLE_SELECT = (
    "SELECT c.id, c.item_id, c.kind, c.state, c.current_step, c.opened_at, c.closed_at,"
    " i.summary AS item_summary, i.unit_id, u.name AS unit_name"
    " FROM update_cycles AS c"
    " JOIN info_items AS i ON i.id = c.item_id"
    " JOIN units AS u ON u.id = i.unit_id"
)


class ExportRepository:
    """The reads of the exported reports (nothing here writes)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- the DIP register ------------------------------------------------------------------

    async def dip_bounds(self, unit_ids: Collection[int] | None = None) -> tuple[int, int]:
        """How many items the export of `unit_ids` (None: every unit) holds, and the highest of their ids."""
        where, params = _unit_clause("unit_id", unit_ids)
        row = await self._db.fetch_one(
            f"SELECT COUNT(*) AS n, IFNULL(MAX(id), 0) AS top FROM info_items WHERE 1{where}", params
        )
        assert row is not None
        return int(row["n"]), int(row["top"])

    async def dip_page(
        self, *, after_id: int, up_to: int, limit: int, unit_ids: Collection[int] | None = None
    ) -> list[DipRow]:
        """The next `limit` items with `after_id < id <= up_to` (of `unit_ids`), by id; active or not."""
        where, params = _unit_clause("i.unit_id", unit_ids)
        rows = await self._db.fetch_all(
            f"{_DIP_SELECT} WHERE i.id > ? AND i.id <= ?{where} ORDER BY i.id LIMIT ?",
            (int(after_id), int(up_to), *params, max(1, int(limit))),
        )
        return [_dip_row(row) for row in rows]

    # -- cycles and their coordination -----------------------------------------------------

    async def cycle(self, cycle_id: int) -> CycleOverview | None:
        """The cycle with its item's summary and unit, or None."""
        row = await self._db.fetch_one(f"{_CYCLE_SELECT} WHERE c.id = ?", (int(cycle_id),))
        return None if row is None else _overview(row)

    async def recent_cycles(self, limit: int, unit_ids: Collection[int] | None = None) -> list[CycleOverview]:
        """The most recently opened cycles (of items of `unit_ids`, if given), newest first."""
        where, params = _unit_clause("i.unit_id", unit_ids)
        rows = await self._db.fetch_all(
            f"{_CYCLE_SELECT} WHERE 1{where} ORDER BY c.opened_at DESC, c.id DESC LIMIT ?",
            (*params, max(0, int(limit))),
        )
        return [_overview(row) for row in rows]

    async def asked(self, cycle_id: int) -> list[AskedPerson]:
        """Everyone asked in the cycle's coordination, in the order they were asked."""
        rows = await self._db.fetch_all(
            "SELECT k.id, k.asked_user_id, k.asked_at, k.acknowledged_at, k.letter_document_id,"
            " p.full_name, p.username, d.original_name AS letter_name, d.version AS letter_version"
            " FROM coordination AS k"
            " LEFT JOIN users AS p ON p.telegram_id = k.asked_user_id"
            " LEFT JOIN documents AS d ON d.id = k.letter_document_id"
            " WHERE k.cycle_id = ? ORDER BY k.id",
            (int(cycle_id),),
        )
        return [_asked(row) for row in rows]

    async def gathered_documents(self, cycle_id: int) -> list[GatheredDocument]:
        """The cycle's letters, drafts and data files (see `GATHERED_KINDS`), in upload order."""
        kinds = ", ".join("?" for _ in GATHERED_KINDS)
        rows = await self._db.fetch_all(
            "SELECT d.id, d.kind, d.version, d.original_name, d.size, d.detected_type, d.uploaded_by,"
            " d.uploaded_at, p.full_name, p.username"
            " FROM documents AS d"
            " LEFT JOIN users AS p ON p.telegram_id = d.uploaded_by"
            f" WHERE d.cycle_id = ? AND d.kind IN ({kinds}) ORDER BY d.id",
            (int(cycle_id), *GATHERED_KINDS),
        )
        return [_gathered(row) for row in rows]
