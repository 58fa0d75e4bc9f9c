"""Units (OPD or bidang) that hold information and to which PPID Pelaksana belong (table `units`).

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, utc_now

__all__ = ["Unit", "UnitKind", "UnitRepository"]

UnitKind = Literal["opd", "bidang"]


@dataclass(frozen=True)
class Unit:
    """A unit of the local government (OPD) or a division (bidang)."""

    id: int
    name: str
    kind: UnitKind
    active: bool


def _unit(row: aiosqlite.Row) -> Unit:
    return Unit(id=int(row["id"]), name=row["name"], kind=row["kind"], active=bool(row["active"]))


class UnitRepository:
    """Access to ``units``. Names are unique regardless of case."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    async def add(self, conn: aiosqlite.Connection, name: str, kind: UnitKind = "opd") -> Unit:
        """Create a unit; ``sqlite3.IntegrityError`` when the name is taken."""
        row = await fetch_first(
            conn,
            "INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?) RETURNING *",
            (name.strip(), kind, format_utc(self._clock())),
        )
        assert row is not None
        return _unit(row)

    async def rename(self, conn: aiosqlite.Connection, unit_id: int, name: str) -> bool:
        """Rename a unit; False if there is no such unit (IntegrityError if the name is taken)."""
        written = await execute_write(conn, "UPDATE units SET name = ? WHERE id = ?", (name.strip(), unit_id))
        return written.rowcount > 0

    async def set_active(self, conn: aiosqlite.Connection, unit_id: int, active: bool) -> bool:
        """Activate or deactivate a unit; False if there is no such unit."""
        written = await execute_write(conn, "UPDATE units SET active = ? WHERE id = ?", (int(active), unit_id))
        return written.rowcount > 0

    async def get(self, unit_id: int) -> Unit | None:
        row = await self._db.fetch_one("SELECT * FROM units WHERE id = ?", (unit_id,))
        return None if row is None else _unit(row)

    async def get_many(self, unit_ids: Collection[int]) -> dict[int, Unit]:
        """The units with these ids, by id, in one query (unknown ids are left out)."""
        rows = await self._db.fetch_by_keys("units", "id", unit_ids)
        return {row["id"]: _unit(row) for row in rows}

    async def find_by_name(self, name: str) -> Unit | None:
        row = await self._db.fetch_one("SELECT * FROM units WHERE name = ?", (name.strip(),))
        return None if row is None else _unit(row)

    async def list(self, *, active_only: bool = True) -> list[Unit]:
        """Units in name order."""
        sql = "SELECT * FROM units" + (" WHERE active = 1" if active_only else "") + " ORDER BY name COLLATE NOCASE"
        return [_unit(row) for row in await self._db.fetch_all(sql)]
