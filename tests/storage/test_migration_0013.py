"""Migration 0013_step_assignee (the assignee of a cycle's step) on a database that already holds open cycles:
they keep every value and have no assignee, so every holder of the step's role holds it as before;
an assignee must be a known person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.database import open_database
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before

VERSION = next(m.version for m in load_migrations() if m.name == "step_assignee")


async def test_open_cycles_keep_their_rows_with_no_assignee(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(VERSION, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            await insert(conn, "users", telegram_id=100, full_name="Uli", created_at=T0)
            item = await insert(
                conn, "info_items", summary="Laporan", unit_id=unit, category="berkala", period="semester",
                created_at=T0, updated_at=T0,
            )
            cycle = await insert(
                conn, "update_cycles", item_id=item, kind="berkala", current_step=4, opened_at=T0, step_started_at=T0
            )
        before = [tuple(row) for row in await database.fetch_all("SELECT * FROM update_cycles")]

        assert await apply_migrations(database) == [m.version for m in load_migrations() if m.version >= VERSION]

        after = [tuple(row) for row in await database.fetch_all("SELECT * FROM update_cycles")]
        assert after == [(*row, None) for row in before]  # the same values, and no assignee
        async with database.transaction() as conn:
            await conn.execute("UPDATE update_cycles SET assignee_id = 100 WHERE id = ?", (cycle,))
        with pytest.raises(sqlite3.IntegrityError):  # nobody unknown
            async with database.transaction() as conn:
                await conn.execute("UPDATE update_cycles SET assignee_id = 999 WHERE id = ?", (cycle,))
    finally:
        await database.close()
