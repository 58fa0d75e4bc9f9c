"""The hash-chained audit log: appending, verifying, and catching tampering."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from storage.audit import GENESIS_HASH, AuditLog, canonical_json, entry_hash
from storage.database import Database


class Boom(Exception):
    """A failure inside a transaction."""


async def append_entries(db: Database, audit: AuditLog, count: int) -> None:
    for number in range(1, count + 1):
        async with db.transaction() as conn:
            await audit.append(
                conn,
                actor_id=100 + number,
                action="cycle.advance",
                entity_type="cycle",
                entity_id=number,
                details={"step": number, "note": f"langkah {number} — selesai", "nested": {"b": 1, "a": [1, 2]}},
            )


def tamper(db_path: Path, trigger: str, sql: str, params: tuple[object, ...] = ()) -> None:
    """Change audit_log behind the bot's back: drop the guard trigger, write, restore it."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        (trigger_sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)).fetchone()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(f"DROP TRIGGER {trigger}")
        raw.execute(sql, params)
        raw.execute(trigger_sql)
        raw.execute("COMMIT")
    finally:
        raw.close()


async def test_five_entries_verify_and_chain(db: Database) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 5)
    check = await audit.verify(db)
    assert check.ok and check.checked == 5 and check.first_broken_id is None
    entries = await audit.entries(db)
    assert [entry.id for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    assert entries[2].entity_id == "3"  # ints are stored as text


async def test_empty_log_verifies(db: Database) -> None:
    check = await AuditLog().verify(db)
    assert check.ok and check.checked == 0


async def test_hash_follows_the_documented_formula(db: Database) -> None:
    clock = lambda: datetime(2026, 11, 28, 20, 6, 24, tzinfo=timezone.utc)  # noqa: E731
    audit = AuditLog(clock=clock)
    async with db.transaction() as conn:
        await audit.append(conn, actor_id=None, action="item.create", entity_type="item", entity_id=None, details={"z": 1, "a": "é"})
    (entry,) = await audit.entries(db)
    payload = '{"action":"item.create","actor_id":null,"at":"2026-11-28T20:06:24Z","details":{"a":"é","z":1},"entity_id":null,"entity_type":"item"}'
    assert canonical_json(json.loads(payload)) == payload
    assert entry.hash == hashlib.sha256(("0" * 64 + payload).encode("utf-8")).hexdigest()
    assert entry.at == "2026-11-28T20:06:24Z"


async def test_append_outside_a_transaction_is_refused(db: Database) -> None:
    with pytest.raises(RuntimeError, match="inside db.transaction"):
        await AuditLog().append(db.connection, actor_id=1, action="x", entity_type="y", entity_id=1, details={})


async def test_entry_rolls_back_with_its_transaction_and_leaves_no_gap(db: Database) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 2)
    with pytest.raises(Boom):
        async with db.transaction() as conn:
            await audit.append(conn, actor_id=1, action="x", entity_type="y", entity_id=1, details={})
            raise Boom
    with pytest.raises(TypeError):
        async with db.transaction() as conn:
            await audit.append(conn, actor_id=1, action="x", entity_type="y", entity_id=1, details={"s": {1, 2}})
    await append_entries(db, audit, 2)
    check = await audit.verify(db)
    assert check.ok and check.checked == 4
    assert [e.id for e in await audit.entries(db)] == [1, 2, 3, 4]


async def test_update_and_delete_are_refused_by_triggers(db: Database) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 2)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE audit_log SET details = '{}' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM audit_log WHERE id = 2")
    assert (await audit.verify(db)).checked == 2


async def test_edited_details_are_reported_at_that_entry(db: Database, db_path: Path) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 5)
    triggers = {row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_log_no_update", "audit_log_no_delete"} <= triggers
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET details = ? WHERE id = 3", ('{"step":99}',))
    check = await audit.verify(db)
    assert not check.ok
    assert (check.first_broken_id, check.reason, check.checked) == (3, "hash_mismatch", 2)


async def test_rehashed_edit_is_caught_at_the_next_entry(db: Database, db_path: Path) -> None:
    """An attacker who also recomputes the edited row's hash still breaks the chain."""
    audit = AuditLog()
    await append_entries(db, audit, 5)
    (entry,) = [e for e in await audit.entries(db) if e.id == 2]
    forged = entry_hash(
        entry.prev_hash,
        at=entry.at,
        actor_id=entry.actor_id,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        details={"step": 0},
    )
    tamper(
        db_path, "audit_log_no_update", "UPDATE audit_log SET details = ?, hash = ? WHERE id = 2", ('{"step":0}', forged)
    )
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason) == (3, "chain_broken")


async def test_non_canonical_details_text_is_caught(db: Database, db_path: Path) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 3)
    (entry,) = [e for e in await audit.entries(db) if e.id == 2]
    respaced = json.dumps(entry.details, indent=1)
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET details = ? WHERE id = 2", (respaced,))
    assert (await audit.verify(db)).first_broken_id == 2


@pytest.mark.parametrize("deleted", [1, 3, 5])
async def test_deleted_entry_is_reported(db: Database, db_path: Path, deleted: int) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 5)
    tamper(db_path, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = ?", (deleted,))
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason, check.checked) == (deleted, "missing_entry", deleted - 1)


async def test_appending_after_a_tail_deletion_still_shows_the_gap(db: Database, db_path: Path) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 3)
    tamper(db_path, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = 3")
    await append_entries(db, audit, 1)  # gets id 4 (AUTOINCREMENT never reuses 3)
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason) == (3, "missing_entry")


async def test_verify_reads_in_batches(db: Database, db_path: Path) -> None:
    audit = AuditLog()
    await append_entries(db, audit, 7)
    assert (await audit.verify(db, batch_size=2)).checked == 7
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET action = 'forged' WHERE id = 6")
    check = await audit.verify(db, batch_size=2)
    assert (check.first_broken_id, check.checked) == (6, 5)
