"""Migration 0008 (withdrawal of publications, every channel message) on a database that already
has publications."""

from __future__ import annotations

from pathlib import Path

from storage.database import open_database
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before


async def test_existing_publications_stand_and_their_known_message_is_kept_for_a_withdrawal(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(8, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            await insert(conn, "users", telegram_id=100, full_name="Operator", created_at=T0)
            cycles = []
            for number, message_id in enumerate((41, 0), start=1):  # 0: recorded by hand after an interruption
                item = await insert(
                    conn, "info_items", summary=f"Laporan {number}", unit_id=unit, category="berkala",
                    period="semester", created_at=T0, updated_at=T0,
                )
                cycle = await insert(
                    conn, "update_cycles", item_id=item, kind="berkala", current_step=7, state="published",
                    opened_at=T0, step_started_at=T0, closed_at=T0,
                )
                await insert(
                    conn, "publications", cycle_id=cycle, item_id=item, channel_chat_id=-100,
                    channel_message_id=message_id, published_by=100, published_at=T0,
                )
                cycles.append(cycle)

        assert await apply_migrations(database) == [m.version for m in load_migrations() if m.version >= 8]

        rows = await database.fetch_all("SELECT cycle_id, chat_id, message_id, posted_at FROM channel_messages")
        assert [tuple(row) for row in rows] == [(cycles[0], -100, 41, T0)]
        assert await database.fetch_value("SELECT COUNT(*) FROM publications WHERE withdrawn_at IS NULL") == 2
    finally:
        await database.close()
