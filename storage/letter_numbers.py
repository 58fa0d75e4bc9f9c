"""The numbers of the letters the bot writes (table `letter_numbers`, migration 0015).

A per-year counter for each kind of letter: the next number is one more than the highest of that
year and kind, taken inside the caller's ``BEGIN IMMEDIATE`` transaction (the writer lock), so two
letters never get the same number; ``UNIQUE (year, kind, number)`` holds it even against a bug.
A number is held for its cycle until the letter carrying it is sent (`mark_sent`); a cycle that
asks again in the same year gets the number it holds; in a later year it takes that year's number
and the old one stays on record, held by the cycle and not sent, never reused (like a cancelled
cycle's: a number shown in a preview was issued, and the register says what became of it). A number of an exemption decision belongs to
an item instead of a cycle (`take_for_item`, migration 0018); its document is recorded in
`exemption_documents`.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc

__all__ = ["LetterNumber", "LetterNumberRepository"]


@dataclass(frozen=True)
class LetterNumber:
    """One number of one letter kind in one year, held by a cycle (sent once `document_id` is set),
    or, for an exemption decision, by an item (`cycle_id` None)."""

    id: int
    year: int
    kind: str
    number: int
    text: str
    cycle_id: int | None
    document_id: int | None
    taken_by: int
    taken_at: datetime
    sent_at: datetime | None
    item_id: int | None = None


def _letter_number(row: aiosqlite.Row) -> LetterNumber:
    return LetterNumber(
        id=int(row["id"]),
        year=int(row["year"]),
        kind=row["kind"],
        number=int(row["number"]),
        text=row["text"],
        cycle_id=None if row["cycle_id"] is None else int(row["cycle_id"]),
        document_id=row["document_id"],
        taken_by=int(row["taken_by"]),
        taken_at=parse_utc(row["taken_at"]),
        sent_at=None if row["sent_at"] is None else parse_utc(row["sent_at"]),
        item_id=None if row["item_id"] is None else int(row["item_id"]),
    )


class LetterNumberRepository:
    """Access to ``letter_numbers``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def held(self, conn: aiosqlite.Connection, *, cycle_id: int, kind: str, year: int) -> LetterNumber | None:
        """The number `cycle_id` holds for a `kind` letter of `year` and has not sent yet."""
        row = await fetch_first(
            conn,
            "SELECT * FROM letter_numbers WHERE cycle_id = ? AND kind = ? AND year = ? AND document_id IS NULL",
            (cycle_id, kind, year),
        )
        return None if row is None else _letter_number(row)

    async def take(
        self,
        conn: aiosqlite.Connection,
        *,
        year: int,
        kind: str,
        cycle_id: int,
        taken_by: int,
        at: datetime,
        text_of: Callable[[int], str],
    ) -> LetterNumber:
        """The next number of `kind` in `year` for `cycle_id` (`text_of`: the number as printed).
        Call inside ``db.transaction()``: its write lock makes the read and the insert one step."""
        return await self._next(conn, year=year, kind=kind, owner=("cycle_id", cycle_id), taken_by=taken_by, at=at, text_of=text_of)

    async def take_for_item(
        self,
        conn: aiosqlite.Connection,
        *,
        year: int,
        kind: str,
        item_id: int,
        taken_by: int,
        at: datetime,
        text_of: Callable[[int], str],
    ) -> LetterNumber:
        """The next number of `kind` in `year` for a document of item `item_id` (an exemption
        decision). Call inside ``db.transaction()``; the caller keeps it (never asks twice)."""
        return await self._next(conn, year=year, kind=kind, owner=("item_id", item_id), taken_by=taken_by, at=at, text_of=text_of)

    async def _next(
        self,
        conn: aiosqlite.Connection,
        *,
        year: int,
        kind: str,
        owner: tuple[str, int],
        taken_by: int,
        at: datetime,
        text_of: Callable[[int], str],
    ) -> LetterNumber:
        row = await fetch_first(
            conn, "SELECT COALESCE(MAX(number), 0) + 1 FROM letter_numbers WHERE year = ? AND kind = ?", (year, kind)
        )
        assert row is not None
        number = int(row[0])
        column = {"cycle_id": "cycle_id", "item_id": "item_id"}[owner[0]]  # a fixed column name, never input
        inserted = await fetch_first(
            conn,
            f"INSERT INTO letter_numbers (year, kind, number, text, {column}, taken_by, taken_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (year, kind, number, text_of(number), owner[1], taken_by, format_utc(at)),
        )
        assert inserted is not None
        return _letter_number(inserted)

    async def mark_sent(
        self, conn: aiosqlite.Connection, number_id: int, *, cycle_id: int, document_id: int, at: datetime
    ) -> bool:
        """Record that the letter `document_id` went out with number `number_id`; False when the
        number is not one `cycle_id` holds unsent (sent already, or another cycle's)."""
        written = await execute_write(
            conn,
            "UPDATE letter_numbers SET document_id = ?, sent_at = ?"
            " WHERE id = ? AND cycle_id = ? AND document_id IS NULL",
            (document_id, format_utc(at), number_id, cycle_id),
        )
        return written.rowcount == 1

    async def get(self, number_id: int) -> LetterNumber | None:
        row = await self._db.fetch_one("SELECT * FROM letter_numbers WHERE id = ?", (number_id,))
        return None if row is None else _letter_number(row)

    async def of_year(self, year: int, kind: str) -> list[LetterNumber]:
        """Every number of `kind` taken in `year`, in order (the office's register of letters)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM letter_numbers WHERE year = ? AND kind = ? ORDER BY number", (year, kind)
        )
        return [_letter_number(row) for row in rows]
