"""Migration 0005 (`update_cycles.due_at`) on a database that already has cycles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.database import open_database
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before

DUE = "2026-12-14T09:00:00Z"


async def test_existing_cycles_get_a_due_date_only_when_it_is_known(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(tmp_path / "old_migrations", 5))
        columns = {row["name"] for row in await database.fetch_all("PRAGMA table_info(update_cycles)")}
        assert "due_at" not in columns
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            await insert(conn, "users", telegram_id=100, full_name="Admin", created_at=T0)
            berkala = await insert(
                conn, "info_items", summary="Laporan keuangan", unit_id=unit, category="berkala", period="semester",
                next_due_at=DUE, created_at=T0, updated_at=T0,
            )
            other = await insert(
                conn, "info_items", summary="Rencana kerja", unit_id=unit, category="berkala", period="yearly",
                next_due_at="2027-03-01T09:00:00Z", created_at=T0, updated_at=T0,
            )
            serta_merta = await insert(
                conn, "info_items", summary="Peringatan banjir", unit_id=unit, category="serta_merta",
                created_at=T0, updated_at=T0,
            )
            published = await insert(
                conn, "update_cycles", item_id=other, kind="berkala", current_step=7, state="published",
                opened_at=T0, step_started_at=T0, closed_at=T0,
            )
            await insert(
                conn, "publications", cycle_id=published, item_id=other, channel_chat_id=-100, channel_message_id=1,
                published_by=100, published_at=T0,
            )
            open_berkala = await insert(
                conn, "update_cycles", item_id=berkala, kind="berkala", current_step=3, opened_at=T0, step_started_at=T0
            )
            open_serta_merta = await insert(
                conn, "update_cycles", item_id=serta_merta, kind="serta_merta", current_step=2, opened_at=T0,
                step_started_at=T0,
            )

        assert await apply_migrations(database) == [m.version for m in load_migrations() if m.version >= 5]

        due = {
            row["id"]: row["due_at"] for row in await database.fetch_all("SELECT id, due_at FROM update_cycles")
        }
        # an open berkala cycle serves its item's current due date; the rest stay unknown (NULL)
        assert due == {published: None, open_berkala: DUE, open_serta_merta: None}
        # the rows themselves are untouched
        assert await database.fetch_value("SELECT COUNT(*) FROM publications") == 1
        assert await database.fetch_value("SELECT state FROM update_cycles WHERE id = ?", (published,)) == "published"

        indexes = {row["name"] for row in await database.fetch_all("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"update_cycles_due", "publications_at", "update_cycles_serta_merta"} <= indexes
        plan = " ".join(
            str(row["detail"])
            for row in await database.fetch_all(
                "EXPLAIN QUERY PLAN SELECT item_id FROM update_cycles WHERE due_at >= ? AND due_at < ?", (T0, DUE)
            )
        )
        assert "update_cycles_due" in plan

        # the same shape as every other timestamp
        with pytest.raises(sqlite3.IntegrityError):
            async with database.transaction() as conn:
                await conn.execute("UPDATE update_cycles SET due_at = '14/12/2026' WHERE id = ?", (open_berkala,))
        assert await apply_migrations(database) == []
    finally:
        await database.close()
