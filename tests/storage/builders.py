"""Small helpers that insert the rows other rows need (units, users, items, cycles)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite

from storage.audit import AuditLog
from storage.database import Database
from storage.migrations import load_migrations

T0 = "2026-11-28T13:06:24Z"
# The audit key of the storage tests (the bot's tests use the key file their bot creates).
AUDIT_KEY = bytes(range(32))
AUDIT = AuditLog(key=AUDIT_KEY)


async def insert(conn: aiosqlite.Connection, table: str, **values: Any) -> int:
    """Insert one row and return its rowid."""
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    async with conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())) as cursor:
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def seed_basics(db: Database) -> dict[str, int]:
    """A unit, three users, a berkala item and an open cycle; returns their ids."""
    async with db.transaction() as conn:
        unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
        for telegram_id in (100, 200, 300):
            await insert(conn, "users", telegram_id=telegram_id, full_name=f"User {telegram_id}", created_at=T0)
        item = await insert(
            conn,
            "info_items",
            summary="Laporan keuangan",
            unit_id=unit,
            category="berkala",
            period="semester",
            created_at=T0,
            updated_at=T0,
        )
        cycle = await insert(
            conn, "update_cycles", item_id=item, kind="berkala", opened_at=T0, step_started_at=T0
        )
    return {"unit": unit, "item": item, "cycle": cycle, "admin": 100, "pelaksana": 200, "utama": 300}


def migrations_before(version: int, directory: Path) -> Path:
    """A folder holding the migrations older than `version`: a database as an older release left it."""
    directory.mkdir()
    for migration in load_migrations():
        if migration.version < version:
            (directory / migration.filename).write_text(migration.sql, encoding="utf-8")
    return directory
