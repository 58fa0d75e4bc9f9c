"""Which items of the register came from the checklist of required information: the column
``info_items.required_info_key`` (migration 0019).

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`. The checklist itself and the rules of
the import are ``bot/required_info.py``.
"""

from __future__ import annotations

from collections.abc import Collection

import aiosqlite

from storage.database import Database, execute_write

__all__ = ["RequiredInfoRepository"]


class RequiredInfoRepository:
    """Access to the checklist key of the items."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def mark(self, conn: aiosqlite.Connection, item_id: int, key: str) -> None:
        """Record that the item was imported for the checklist entry ``key``."""
        await execute_write(conn, "UPDATE info_items SET required_info_key = ? WHERE id = ?", (key, item_id))

    async def imported_keys(self, unit_id: int) -> frozenset[str]:
        """The entries already imported for a unit (whatever the items' status)."""
        rows = await self._db.fetch_all(
            "SELECT required_info_key FROM info_items WHERE unit_id = ? AND required_info_key IS NOT NULL",
            (unit_id,),
        )
        return frozenset(row["required_info_key"] for row in rows)

    async def present_keys(self, unit_ids: Collection[int] | None = None) -> dict[int, frozenset[str]]:
        """Per unit, the entries it has as an active item of the register (None: every unit)."""
        sql = "SELECT unit_id, required_info_key FROM info_items WHERE status = 'active' AND required_info_key IS NOT NULL"
        params: tuple[int, ...] = ()
        if unit_ids is not None:
            ids = sorted(unit_ids)
            sql += f" AND unit_id IN ({', '.join('?' for _ in ids)})" if ids else " AND 0"
            params = tuple(ids)
        found: dict[int, set[str]] = {}
        for row in await self._db.fetch_all(sql, params):
            found.setdefault(int(row["unit_id"]), set()).add(row["required_info_key"])
        return {unit_id: frozenset(keys) for unit_id, keys in found.items()}
