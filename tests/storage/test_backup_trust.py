"""Restore trusts nothing a backup says about itself (issue 12, point 11): the manifest is signed
with the audit key, the chain is verified under the key, the schema is compared with the
migrations, and every admin role must be accounted for by the chain."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from storage.audit import AuditLog
from storage.backup import BackupReport, backup
from storage.backup_folder import BACKUP_DATABASE_NAME, MANIFEST_NAME
from storage.restore import restore
from storage.restore_checks import BackupInvalid
from storage.database import Database
from storage.files import FileStore
from tests.storage.builders import AUDIT, T0, insert, seed_basics

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)


async def office_with_history(db: Database) -> dict[str, int]:
    """Basics, admin 100 granted through the chain, and a few more audited changes."""
    ids = await seed_basics(db)
    async with db.transaction() as conn:
        await insert(conn, "user_roles", telegram_id=100, role="admin", granted_at=T0)
        await AUDIT.append(conn, actor_id=None, action="role.grant", entity_type="user", entity_id=100,
                           details={"role": "admin", "source": "ADMIN_IDS"})
    for number in range(1, 4):
        async with db.transaction() as conn:
            await AUDIT.append(conn, actor_id=100, action="cycle.advance", entity_type="cycle", entity_id=ids["cycle"],
                               details={"step": number})
    return ids


async def make_backup(db_path: Path, store: FileStore, target: Path, audit_log: AuditLog = AUDIT) -> BackupReport:
    return await backup(db_path, store.root, target, audit_log=audit_log, now=NOW)


def edit_database(path: Path, *statements: str) -> None:
    """Behind the bot's back (an SQL shell): the audit triggers dropped and put back around the edit."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        triggers = conn.execute("SELECT sql FROM sqlite_master WHERE name LIKE 'audit_log_no_%'").fetchall()
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            conn.execute(statement)
        for (sql,) in triggers:
            conn.execute(sql)
    finally:
        conn.close()


def rewrite_manifest(folder: Path, **database: object) -> None:
    """A careful forger: the manifest made to agree with the changed database (it cannot re-sign it)."""
    copy = folder / BACKUP_DATABASE_NAME
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["database"].update(sha256=hashlib.sha256(copy.read_bytes()).hexdigest(), size=copy.stat().st_size, **database)
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


async def test_a_manifest_claiming_the_chain_was_already_broken_is_refused(
    db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    """Forged entries in the backup, and a manifest saying the chain broke there before: refused."""
    await office_with_history(db)
    report = await make_backup(db_path, store, tmp_path / "backups")
    await db.close()
    edit_database(report.path / BACKUP_DATABASE_NAME, "UPDATE audit_log SET details = '{\"step\":9}' WHERE id = 3")
    rewrite_manifest(report.path, audit_first_broken_id=3)
    with pytest.raises(BackupInvalid, match="tanda tangan manifest.json tidak cocok dengan kunci audit"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)
    assert not (tmp_path / "new.sqlite3").exists()


async def test_a_backup_signed_with_another_key_or_unsigned_is_refused(
    db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    await office_with_history(db)
    report = await make_backup(db_path, store, tmp_path / "backups")
    with pytest.raises(BackupInvalid, match="tanda tangan manifest.json tidak cocok"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AuditLog(key=b"\x07" * 32))
    manifest = json.loads((report.path / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["format"] = "ppid-backup/1"
    del manifest["signature"]
    (report.path / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupInvalid, match="berformat lama tanpa tanda tangan"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)


async def test_a_broken_chain_is_refused_unless_forced_and_then_named(
    db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    """An honest backup of a database whose chain was broken before: signed, but still refused."""
    await office_with_history(db)
    edit_database(db_path, "UPDATE audit_log SET details = '{\"step\":9}' WHERE id = 3")
    report = await make_backup(db_path, store, tmp_path / "backups")
    assert report.audit_first_broken_id == 3
    with pytest.raises(BackupInvalid) as refused:
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)
    assert "log audit RUSAK pada entri #3: isi entri diubah" in refused.value.indonesian
    assert "--force" in refused.value.indonesian and "utuh" not in refused.value.indonesian.split(";")[0]
    assert not (tmp_path / "new.sqlite3").exists()

    forced = await restore(
        report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT, force=True
    )
    assert (forced.audit.ok, forced.audit.first_broken_id, forced.audit.reason) == (False, 3, "hash_mismatch")
    assert (tmp_path / "new.sqlite3").exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("DROP TRIGGER audit_log_no_update", "trigger audit_log_no_update hilang"),
        ("DROP TRIGGER audit_log_no_delete", "trigger audit_log_no_delete hilang"),
        ("DROP INDEX user_roles_one_active", "index user_roles_one_active hilang"),
        ("CREATE TABLE notes (x TEXT)", "table notes tidak dikenal migrasi"),
    ],
)
async def test_a_schema_the_migrations_do_not_make_is_refused(
    edit: str, message: str, db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    """Changed in the live database before the backup, so the backup's own signature covers it."""
    await office_with_history(db)
    await db.close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute(edit)
    raw.close()
    report = await make_backup(db_path, store, tmp_path / "backups")
    with pytest.raises(BackupInvalid, match=f"skema basis data berbeda dari hasil migrasi versi \\d+: {message}"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)
    assert not (tmp_path / "new.sqlite3").exists()


async def test_a_changed_trigger_body_is_refused(db: Database, db_path: Path, store: FileStore, tmp_path: Path) -> None:
    await office_with_history(db)
    await db.close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN SELECT 1; END")
    raw.close()
    report = await make_backup(db_path, store, tmp_path / "backups")
    with pytest.raises(BackupInvalid, match="trigger audit_log_no_delete diubah"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)


async def test_an_admin_role_the_chain_does_not_record_is_refused(
    db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    """Inserted into the live database without an audit entry, before the backup was made."""
    await office_with_history(db)
    report = await make_backup(db_path, store, tmp_path / "clean")
    assert (await restore(report.path, tmp_path / "a.sqlite3", tmp_path / "a-files", audit_log=AUDIT)).audit.ok

    async with db.transaction() as conn:
        await insert(conn, "user_roles", telegram_id=300, role="admin", granted_at=T0)
    report = await make_backup(db_path, store, tmp_path / "backups")
    with pytest.raises(BackupInvalid, match="peran admin pengguna 300 tidak tercatat di log audit"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)

    # Revoked through the chain and granted again behind its back: still refused.
    async with db.transaction() as conn:
        await conn.execute("UPDATE user_roles SET revoked_at = ? WHERE telegram_id = 300", (T0,))
        await AUDIT.append(conn, actor_id=100, action="role.grant", entity_type="user", entity_id=300,
                           details={"role": "admin", "unit_id": None})
        await AUDIT.append(conn, actor_id=100, action="role.revoke", entity_type="user", entity_id=300,
                           details={"role": "admin", "unit_id": None})
        await insert(conn, "user_roles", telegram_id=300, role="admin", granted_at=T0)
    report = await make_backup(db_path, store, tmp_path / "again")
    with pytest.raises(BackupInvalid, match="peran admin pengguna 300 tidak tercatat"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)


async def test_an_admin_role_inserted_into_the_backup_afterwards_is_refused(
    db: Database, db_path: Path, store: FileStore, tmp_path: Path
) -> None:
    await office_with_history(db)
    report = await make_backup(db_path, store, tmp_path / "backups")
    await db.close()
    edit_database(
        report.path / BACKUP_DATABASE_NAME,
        f"INSERT INTO user_roles (telegram_id, role, granted_at) VALUES (200, 'admin', '{T0}')",
    )
    rewrite_manifest(report.path)
    with pytest.raises(BackupInvalid, match="tanda tangan manifest.json tidak cocok"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)
