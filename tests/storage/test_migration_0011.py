"""Migration 0011 (no cap on the step number) on a database that already holds cycles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.database import Database, open_database
from storage.migrations import apply_migrations, expected_schema, load_migrations, read_schema

from .builders import T0, insert, migrations_before

FAMILY = ("update_cycles", "step_events", "documents", "coordination", "reviews", "publications", "reminders", "channel_messages")
SHA = "a" * 64


async def rows_of(database: Database) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: [tuple(row) for row in await database.fetch_all(f"SELECT * FROM {table} ORDER BY id")] for table in FAMILY
    }


async def test_cycles_keep_every_row_and_rule_and_lose_only_the_cap(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(11, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            for telegram_id in (100, 200):
                await insert(conn, "users", telegram_id=telegram_id, full_name=f"User {telegram_id}", created_at=T0)
            item = await insert(
                conn, "info_items", summary="Laporan", unit_id=unit, category="berkala", period="semester",
                created_at=T0, updated_at=T0,
            )
            done = await insert(
                conn, "update_cycles", item_id=item, kind="berkala", current_step=7, state="published",
                opened_at=T0, step_started_at=T0, closed_at=T0, due_at=T0,
            )
            cycle = await insert(conn, "update_cycles", item_id=item, kind="berkala", current_step=4, opened_at=T0, step_started_at=T0)
            await insert(conn, "step_events", cycle_id=done, step_no=7, action="published", actor_id=100, at=T0, on_time=1)
            letter = await insert(
                conn, "documents", cycle_id=cycle, kind="coordination_letter", version=1, sha256=SHA, size=3,
                original_name="surat.pdf", stored_path="aa/aa/x", uploaded_by=100, uploaded_at=T0,
            )
            await insert(conn, "coordination", cycle_id=cycle, letter_document_id=letter, asked_user_id=200, asked_at=T0)
            await insert(conn, "reviews", cycle_id=cycle, draft_version=1, reviewer_id=100, decision="approved", decided_at=T0)
            await insert(
                conn, "publications", cycle_id=done, item_id=item, channel_chat_id=-1, channel_message_id=5,
                published_by=100, published_at=T0,
            )
            await insert(
                conn, "reminders", cycle_id=cycle, step_no=4, recipient_id=200, kind="due", due_key=T0, claimed_at=T0
            )
            await insert(conn, "channel_messages", cycle_id=done, chat_id=-1, message_id=5, posted_at=T0)
        before = await rows_of(database)

        # 0011 alone keeps every row as it was; the later migrations then run on top of it.
        assert await apply_migrations(database, migrations_before(12, tmp_path / "through_0011")) == [11]
        assert await rows_of(database) == before
        assert await apply_migrations(database) == [m.version for m in load_migrations() if m.version > 11]
        assert await database.fetch_all("PRAGMA foreign_key_check") == []
        latest = max(m.version for m in load_migrations())
        conn = sqlite3.connect(tmp_path / "old.sqlite3")
        try:
            assert read_schema(conn) == expected_schema(latest)
        finally:
            conn.close()
        async with database.transaction() as conn:  # step numbers past 7 are kept now
            await conn.execute("UPDATE update_cycles SET current_step = 12 WHERE id = ?", (cycle,))
            await insert(conn, "step_events", cycle_id=cycle, step_no=12, action="step_confirmed", at=T0)
            await insert(conn, "reminders", cycle_id=cycle, step_no=12, recipient_id=200, kind="due", due_key=T0, claimed_at=T0)
        opened = {"opened_at": T0, "step_started_at": T0}
        for table, values in (
            ("update_cycles", {"item_id": item, "kind": "serta_merta", "current_step": 0, "state": "cancelled", "closed_at": T0, **opened}),
            ("step_events", {"cycle_id": cycle, "step_no": 0, "action": "x", "at": T0}),
            ("reminders", {"cycle_id": cycle, "step_no": 0, "recipient_id": 200, "kind": "due", "due_key": "k", "claimed_at": T0}),
            ("step_events", {"cycle_id": 999, "step_no": 1, "action": "x", "at": T0}),  # the foreign keys hold
            ("update_cycles", {"item_id": item, "kind": "berkala", **opened}),  # still one open cycle per item
            ("reviews", {  # the trigger: no recategorisation after the final decision
                "cycle_id": cycle, "draft_version": 1, "reviewer_id": 100, "decision": "recategorised",
                "category": "berkala", "decided_at": T0,
            }),
        ):
            with pytest.raises(sqlite3.IntegrityError):
                async with database.transaction() as conn:
                    await insert(conn, table, **values)
    finally:
        await database.close()
