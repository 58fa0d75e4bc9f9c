"""The hash-chained audit log: appending, verifying, and catching tampering."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from storage.audit import (
    GENESIS_HASH,
    SEAL_ACTION,
    AuditHead,
    AuditKeyError,
    AuditKeyMissing,
    AuditLog,
    canonical_json,
    entry_hash,
    open_audit_log,
    published_head_path,
    read_published_head,
    write_published_head,
)
from storage.database import Database
from tests.storage.builders import AUDIT, AUDIT_KEY


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
    audit = AUDIT
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
    check = await AUDIT.verify(db)
    assert check.ok and check.checked == 0


async def test_hash_follows_the_documented_formula(db: Database) -> None:
    clock = lambda: datetime(2026, 11, 28, 20, 6, 24, tzinfo=timezone.utc)  # noqa: E731
    audit = AuditLog(clock=clock, key=AUDIT_KEY)
    async with db.transaction() as conn:
        await audit.append(conn, actor_id=None, action="item.create", entity_type="item", entity_id=None, details={"z": 1, "a": "é"})
    (entry,) = await audit.entries(db)
    payload = '{"action":"item.create","actor_id":null,"at":"2026-11-28T20:06:24Z","details":{"a":"é","z":1},"entity_id":null,"entity_type":"item"}'
    assert canonical_json(json.loads(payload)) == payload
    assert entry.hash == hmac.new(AUDIT_KEY, ("0" * 64 + payload).encode("utf-8"), hashlib.sha256).hexdigest()
    assert entry.keyed
    assert entry.at == "2026-11-28T20:06:24Z"


async def test_append_outside_a_transaction_is_refused(db: Database) -> None:
    with pytest.raises(RuntimeError, match="inside db.transaction"):
        await AUDIT.append(db.connection, actor_id=1, action="x", entity_type="y", entity_id=1, details={})


async def test_entry_rolls_back_with_its_transaction_and_leaves_no_gap(db: Database) -> None:
    audit = AUDIT
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
    audit = AUDIT
    await append_entries(db, audit, 2)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE audit_log SET details = '{}' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM audit_log WHERE id = 2")
    assert (await audit.verify(db)).checked == 2


async def test_edited_details_are_reported_at_that_entry(db: Database, db_path: Path) -> None:
    audit = AUDIT
    await append_entries(db, audit, 5)
    triggers = {row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_log_no_update", "audit_log_no_delete"} <= triggers
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET details = ? WHERE id = 3", ('{"step":99}',))
    check = await audit.verify(db)
    assert not check.ok
    assert (check.first_broken_id, check.reason, check.checked) == (3, "hash_mismatch", 2)


async def test_rehashed_edit_is_caught_at_the_next_entry(db: Database, db_path: Path) -> None:
    """An attacker who also recomputes the edited row's hash still breaks the chain."""
    audit = AUDIT
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
        key=AUDIT_KEY,
    )
    tamper(
        db_path, "audit_log_no_update", "UPDATE audit_log SET details = ?, hash = ? WHERE id = 2", ('{"step":0}', forged)
    )
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason) == (3, "chain_broken")


async def test_non_canonical_details_text_is_caught(db: Database, db_path: Path) -> None:
    audit = AUDIT
    await append_entries(db, audit, 3)
    (entry,) = [e for e in await audit.entries(db) if e.id == 2]
    respaced = json.dumps(entry.details, indent=1)
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET details = ? WHERE id = 2", (respaced,))
    assert (await audit.verify(db)).first_broken_id == 2


@pytest.mark.parametrize("deleted", [1, 3, 5])
async def test_deleted_entry_is_reported(db: Database, db_path: Path, deleted: int) -> None:
    audit = AUDIT
    await append_entries(db, audit, 5)
    tamper(db_path, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = ?", (deleted,))
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason, check.checked) == (deleted, "missing_entry", deleted - 1)


async def test_appending_after_a_tail_deletion_still_shows_the_gap(db: Database, db_path: Path) -> None:
    audit = AUDIT
    await append_entries(db, audit, 3)
    tamper(db_path, "audit_log_no_delete", "DELETE FROM audit_log WHERE id = 3")
    await append_entries(db, audit, 1)  # gets id 4 (AUTOINCREMENT never reuses 3)
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason) == (3, "missing_entry")


async def test_verify_reads_in_batches(db: Database, db_path: Path) -> None:
    audit = AUDIT
    await append_entries(db, audit, 7)
    assert (await audit.verify(db, batch_size=2)).checked == 7
    tamper(db_path, "audit_log_no_update", "UPDATE audit_log SET action = 'forged' WHERE id = 6")
    check = await audit.verify(db, batch_size=2)
    assert (check.first_broken_id, check.checked) == (6, 5)


# -- the key (issue 12, point 10) ----------------------------------------------------------------


def rewrite_chain(db_path: Path, *, key: bytes | None, keyed: int, edit: tuple[int, str] | None = None) -> None:
    """A forger with the database: edit an entry, then recompute every hash from the first one."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        (trigger_sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'").fetchone()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("DROP TRIGGER audit_log_no_update")
        prev = GENESIS_HASH
        rows = raw.execute("SELECT id, at, actor_id, action, entity_type, entity_id, details FROM audit_log ORDER BY id").fetchall()
        for entry_id, at, actor_id, action, entity_type, entity_id, details in rows:
            if edit is not None and edit[0] == entry_id:
                details = edit[1]
            digest = entry_hash(
                prev, at=at, actor_id=actor_id, action=action, entity_type=entity_type, entity_id=entity_id,
                details=json.loads(details), key=key,
            )
            raw.execute(
                "UPDATE audit_log SET details = ?, prev_hash = ?, hash = ?, keyed = ? WHERE id = ?",
                (details, prev, digest, keyed, entry_id),
            )
            prev = digest
        raw.execute(trigger_sql)
        raw.execute("COMMIT")
    finally:
        raw.close()


async def test_a_chain_recomputed_after_an_edit_without_the_key_fails(db: Database, db_path: Path) -> None:
    """Today's forger: edit entry 2, recompute every hash with plain sha256 (the old formula)."""
    await append_entries(db, AUDIT, 5)
    rewrite_chain(db_path, key=None, keyed=1, edit=(2, '{"step":0}'))
    check = await AUDIT.verify(db)
    assert (check.first_broken_id, check.reason, check.checked) == (1, "hash_mismatch", 0)


async def test_a_chain_turned_back_into_plain_entries_fails(db: Database, db_path: Path) -> None:
    """The forger also marks every entry as written before the key: a key exists, so that is refused."""
    await append_entries(db, AUDIT, 5)
    rewrite_chain(db_path, key=None, keyed=0, edit=(2, '{"step":0}'))
    check = await AUDIT.verify(db)
    assert (check.first_broken_id, check.reason) == (1, "unkeyed_entry")


async def test_a_chain_recomputed_with_another_key_fails(db: Database, db_path: Path) -> None:
    await append_entries(db, AUDIT, 3)
    rewrite_chain(db_path, key=b"\x01" * 32, keyed=1, edit=(3, '{"step":0}'))
    assert (await AUDIT.verify(db)).reason == "hash_mismatch"
    rewrite_chain(db_path, key=AUDIT_KEY, keyed=1, edit=(3, '{"step":0}'))  # only the key holder can
    assert (await AUDIT.verify(db)).ok


def cut_the_tail(db_path: Path, keep: int) -> None:
    """Delete the newest entries and lower sqlite_sequence, so no id is missing."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        (trigger_sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'").fetchone()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE id > ?", (keep,))
        raw.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", (keep,))
        raw.execute(trigger_sql)
        raw.execute("COMMIT")
    finally:
        raw.close()


async def test_a_cut_back_chain_is_caught_by_the_published_head(db: Database, db_path: Path, tmp_path: Path) -> None:
    """No chain proves its own length: the head published to the admins (beside the key) does."""
    await append_entries(db, AUDIT, 5)
    check = await AUDIT.verify(db)
    head_file = published_head_path(tmp_path / "audit.key")
    write_published_head(head_file, check.head, datetime(2026, 12, 1, tzinfo=timezone.utc))
    assert read_published_head(head_file) == AuditHead(5, check.head.hash) == await AUDIT.head(db)
    assert (await AUDIT.verify(db, published=read_published_head(head_file))).ok

    cut_the_tail(db_path, keep=3)
    assert (await AUDIT.verify(db)).ok  # honestly: the shorter chain alone is still valid
    cut = await AUDIT.verify(db, published=read_published_head(head_file))
    assert (cut.first_broken_id, cut.reason, cut.checked) == (4, "rolled_back", 3)
    await append_entries(db, AUDIT, 2)  # new entries take ids 4 and 5 again: not the published ones
    again = await AUDIT.verify(db, published=read_published_head(head_file))
    assert (again.first_broken_id, again.reason) == (5, "rolled_back")


async def test_the_key_file_is_created_once_with_mode_0600(db: Database, tmp_path: Path) -> None:
    key_path = tmp_path / "conf" / "audit.key"
    audit = await open_audit_log(db, key_path)
    assert len(key_path.read_bytes()) == 32 and os.stat(key_path).st_mode & 0o777 == 0o600
    await append_entries(db, audit, 2)
    again = await open_audit_log(db, key_path)
    assert (await again.verify(db)).ok and key_path.read_bytes() != bytes(32)
    assert [entry.action for entry in await again.entries(db)] == ["cycle.advance", "cycle.advance"]  # no seal needed


async def test_a_missing_key_for_a_keyed_chain_is_an_error_not_a_new_key(db: Database, tmp_path: Path) -> None:
    key_path = tmp_path / "audit.key"
    await append_entries(db, await open_audit_log(db, key_path), 2)
    key_path.unlink()
    with pytest.raises(AuditKeyMissing) as missing:
        await open_audit_log(db, key_path)
    assert "tidak ada, padahal log audit sudah berkunci" in missing.value.indonesian
    assert not key_path.exists()
    key_path.write_bytes(b"short")
    with pytest.raises(AuditKeyError, match="bukan kunci yang sah"):
        await open_audit_log(db, key_path)


async def insert_plain_entries(db_path: Path, count: int) -> None:
    """Entries as the bot wrote them before the key: plain sha256, keyed = 0."""
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        prev = GENESIS_HASH
        for number in range(1, count + 1):
            details = {"n": number}
            digest = entry_hash(prev, at="2026-11-01T00:00:00Z", actor_id=1, action="old", entity_type="x",
                                entity_id=str(number), details=details)
            raw.execute(
                "INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, details, prev_hash, hash, keyed)"
                " VALUES ('2026-11-01T00:00:00Z', 1, 'old', 'x', ?, ?, ?, ?, 0)",
                (str(number), canonical_json(details), prev, digest),
            )
            prev = digest
    finally:
        raw.close()


async def test_an_old_plain_chain_keeps_verifying_and_is_sealed_under_the_new_key(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    await insert_plain_entries(db_path, 3)
    assert (await AuditLog(key=None).verify(db)).ok  # before the first start: read as it always was
    audit = await open_audit_log(db, tmp_path / "audit.key")
    entries = await audit.entries(db)
    seal = entries[-1]
    assert (seal.id, seal.action, seal.keyed, seal.prev_hash) == (4, SEAL_ACTION, True, entries[2].hash)
    assert seal.details == {"plain_entries": 3, "plain_head": entries[2].hash}
    await append_entries(db, audit, 1)
    assert (await audit.verify(db)).checked == 5

    # Rewriting the old part (plain hashes recomputed) breaks the seal only the key can re-sign.
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("DROP TRIGGER audit_log_no_update")
    prev = GENESIS_HASH
    for number in (1, 2, 3):
        details = {"n": 10 * number}
        digest = entry_hash(prev, at="2026-11-01T00:00:00Z", actor_id=1, action="old", entity_type="x",
                            entity_id=str(number), details=details)
        raw.execute("UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE id = ?",
                    (canonical_json(details), prev, digest, number))
        prev = digest
    raw.close()
    check = await audit.verify(db)
    assert (check.first_broken_id, check.reason, check.checked) == (4, "chain_broken", 3)


async def test_a_plain_entry_after_a_keyed_one_is_refused(db: Database, db_path: Path) -> None:
    await append_entries(db, AUDIT, 2)
    raw = sqlite3.connect(db_path, isolation_level=None)
    (prev,) = raw.execute("SELECT hash FROM audit_log WHERE id = 2").fetchone()
    digest = entry_hash(prev, at="2026-11-01T00:00:00Z", actor_id=1, action="forged", entity_type="x",
                        entity_id=None, details={})
    raw.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, details, prev_hash, hash, keyed)"
        " VALUES ('2026-11-01T00:00:00Z', 1, 'forged', 'x', NULL, '{}', ?, ?, 0)",
        (prev, digest),
    )
    raw.close()
    check = await AUDIT.verify(db)
    assert (check.first_broken_id, check.reason) == (3, "unkeyed_entry")


async def test_an_existing_key_facing_an_unkeyed_chain_refuses_to_start(db: Database, db_path: Path, tmp_path: Path) -> None:
    key_path = tmp_path / "audit.key"
    await open_audit_log(db, key_path)  # the key exists (an empty chain needs no seal)
    await insert_plain_entries(db_path, 2)  # e.g. the whole chain rewritten without the key
    with pytest.raises(AuditKeyError, match="belum memuat entri berkunci padahal berkas kunci"):
        await open_audit_log(db, key_path)
    audit = await open_audit_log(db, key_path, create=False)
    assert (await audit.verify(db)).reason == "unkeyed_entry"


async def test_a_key_that_cannot_be_created_is_one_clear_error(db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(AuditKeyError, match="berkas kunci audit .* tidak (terbaca|dapat dibuat)"):
        await open_audit_log(db, blocker / "audit.key")
