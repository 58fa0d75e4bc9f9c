"""Backups and restore (storage.backup, storage.restore): consistent while a writer writes, verified, refused when tampered."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiosqlite
import pytest

from storage.backup import BackupReport, backup
from storage.backup_folder import (
    BACKUP_DATABASE_NAME,
    BACKUP_FILES_DIR,
    MANIFEST_NAME,
    BackupError,
    BackupNotFound,
    backups_in,
    find_backup,
)
from storage.database import Database, open_database
from storage.documents import DocumentRepository
from storage.files import FileStore
from storage.integrity import check_database_file, quick_check
from storage.restore import DatabaseInUse, restore
from storage.restore_checks import BackupInvalid
from tests.storage.builders import AUDIT, seed_basics

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every file under root with its sha256 (the state a refused restore must not change)."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): sha256_of(p) for p in sorted(root.rglob("*")) if p.is_file()}


async def open_readonly(path: Path) -> Database:
    """A backup's database opened read-only, so that checking it never changes it."""
    conn = await aiosqlite.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    return Database(conn, str(path))


async def add_document(db: Database, store: FileStore, ids: dict[str, int], number: int) -> str:
    """One upload as the bot makes it: the file first, then its row and its audit entry in one transaction."""
    stored = await store.put(f"draf nomor {number}\n".encode() * 40, f"draf-{number}.pdf")
    async with db.transaction() as conn:
        document = await DocumentRepository(db).add(
            conn, cycle_id=ids["cycle"], kind="draft", version=number, sha256=stored.sha256, size=stored.size,
            detected_type="pdf", original_name=f"draf-{number}.pdf", stored_path=stored.relative_path,
            telegram_file_id=None, uploaded_by=ids["pelaksana"], at=NOW,
        )
        await AUDIT.append(
            conn, actor_id=ids["pelaksana"], action="document.add", entity_type="document",
            entity_id=document.id, details={"sha256": stored.sha256}, at=NOW,
        )
    return stored.relative_path


@pytest.fixture
async def office_data(db: Database, store: FileStore) -> AsyncIterator[dict[str, int]]:
    """A database with a cycle, five documents (files in the store) and their audit entries."""
    ids = await seed_basics(db)
    for number in range(1, 6):
        await add_document(db, store, ids, number)
    yield ids


async def make_backup(db: Database, db_path: Path, store: FileStore, target: Path, now: datetime = NOW) -> BackupReport:
    return await backup(db_path, store.root, target, audit_log=AUDIT, now=now)


# -- backup -----------------------------------------------------------------------------------


async def test_backup_while_another_connection_keeps_writing_is_consistent(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    # The "bot": its own connection, writing a document and its audit entry in every transaction.
    bot = await open_database(db_path)
    written = [0]
    stop = asyncio.Event()

    async def keep_writing() -> None:
        number = 100
        while not stop.is_set():
            number += 1
            await add_document(bot, store, office_data, number)
            written[0] += 1
            await asyncio.sleep(0)

    writer = asyncio.create_task(keep_writing())
    try:
        while written[0] < 30:
            await asyncio.sleep(0.001)
        at_start = written[0]
        report = await backup(db_path, store.root, tmp_path / "backups", audit_log=AUDIT, now=NOW)
        during = written[0] - at_start
        while written[0] < at_start + during + 10:
            await asyncio.sleep(0.001)
    finally:
        stop.set()
        await writer
    final_documents = await bot.fetch_value("SELECT COUNT(*) FROM documents")
    await bot.close()

    assert during > 0, "the writer must have kept writing while the backup ran"
    assert report.ok and report.path == tmp_path / "backups" / "20261130T020000Z"
    assert 5 + at_start <= report.documents < final_documents
    copy = report.path / BACKUP_DATABASE_NAME
    check = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro", uri=True)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    documents, entries = check.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM audit_log WHERE action = 'document.add')"
    ).fetchone()
    stored = check.execute("SELECT stored_path, sha256 FROM documents").fetchall()
    check.close()
    # One snapshot: every document has its audit entry (they were committed together), and the chain holds.
    assert documents == entries == report.documents
    copy_db = await open_readonly(copy)
    audit = await AUDIT.verify(copy_db)
    await copy_db.close()
    assert audit.ok and audit.checked == report.audit_entries
    # Every file the snapshot names is in the backup, intact.
    for relative, digest in stored:
        assert sha256_of(report.path / BACKUP_FILES_DIR / relative) == digest
    manifest = json.loads((report.path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["database"]["sha256"] == sha256_of(copy) == report.database_sha256
    assert manifest["database"]["schema_version"] == report.schema_version >= 2
    assert manifest["database"]["audit_entries"] == report.audit_entries
    assert manifest["created_at"] == "2026-11-30T02:00:00Z"
    assert {entry["path"] for entry in manifest["files"]} == set(tree(report.path / BACKUP_FILES_DIR))
    assert manifest["missing_files"] == [] and manifest["damaged_files"] == []
    # No temporary folder or file is left behind.
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["20261130T020000Z"]
    assert not [p for p in report.path.rglob("*") if p.name.startswith(".tmp-")]


async def test_backups_in_the_same_second_get_their_own_folders_and_the_newest_is_found(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    target = tmp_path / "backups"
    first = await make_backup(db, db_path, store, target)
    second = await make_backup(db, db_path, store, target)
    later = await make_backup(db, db_path, store, target, NOW + timedelta(days=1))
    assert [first.path.name, second.path.name, later.path.name] == [
        "20261130T020000Z", "20261130T020000Z-2", "20261201T020000Z",
    ]
    assert find_backup(target) == later.path
    assert find_backup(second.path) == second.path
    with pytest.raises(BackupNotFound):
        find_backup(tmp_path / "nowhere")
    with pytest.raises(BackupNotFound):
        find_backup(store.root)


async def test_a_file_missing_from_the_live_store_is_reported_not_hidden(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    lost = await add_document(db, store, office_data, 50)
    (store.root / lost).unlink()
    damaged = await add_document(db, store, office_data, 51)
    (store.root / damaged).write_bytes(b"not what it was")
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    assert not report.ok
    assert report.missing_files == tuple(sorted([lost, damaged]))
    assert report.damaged_files == (damaged,)
    assert not (report.path / BACKUP_FILES_DIR / damaged).exists()
    await db.close()
    # Such a backup still restores: the files were already gone when it was made, and it says so.
    restored = await restore(report.path, tmp_path / "new" / "ppid.sqlite3", tmp_path / "new" / "files", audit_log=AUDIT)
    assert restored.missing_files == tuple(sorted([lost, damaged]))
    assert restored.document_files == report.documents - 2


async def test_a_failed_backup_leaves_no_folder(db_path: Path, store: FileStore, tmp_path: Path, db: Database) -> None:
    target = tmp_path / "backups"
    with pytest.raises(BackupError, match="basis data tidak ditemukan"):
        await backup(tmp_path / "none.sqlite3", store.root, target, audit_log=AUDIT, now=NOW)
    await db.close()
    corrupt_middle_page(db_path)
    # Refused by the integrity check, or already by the copy, depending on which page was hit.
    with pytest.raises(BackupError, match="integrity_check|malformed"):
        await backup(db_path, store.root, target, audit_log=AUDIT, now=NOW)
    assert list(target.iterdir()) == []


# -- restore ----------------------------------------------------------------------------------


async def verify_restored(db_path: Path, files_dir: Path, report: BackupReport) -> None:
    """What the bot will find: a sound database, the backup's audit chain intact, every file intact."""
    restored = await open_database(db_path)
    try:
        assert await quick_check(restored) == []
        audit = await AUDIT.verify(restored)
        assert audit.ok and audit.checked == report.audit_entries
        documents = await restored.fetch_all("SELECT sha256, stored_path FROM documents")
        assert len(documents) == report.documents
        store = FileStore(files_dir)
        for row in documents:
            assert store.relative_path_for(row["sha256"]) == row["stored_path"]
            assert await store.verify(row["sha256"])
    finally:
        await restored.close()


async def test_restore_into_an_empty_place(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    target_db, target_files = tmp_path / "elsewhere" / "ppid.sqlite3", tmp_path / "elsewhere" / "files"
    restored = await restore(tmp_path / "backups", target_db, target_files, audit_log=AUDIT, now=NOW)
    assert restored.source == report.path
    assert restored.moved_aside == ()
    assert restored.files == report.files == 5 and restored.document_files == 5
    assert restored.audit_entries == report.audit_entries
    assert tree(target_files) == tree(report.path / BACKUP_FILES_DIR)
    await verify_restored(target_db, target_files, report)
    # The backup itself was only read.
    assert sha256_of(report.path / BACKUP_DATABASE_NAME) == report.database_sha256
    assert sorted(p.name for p in report.path.iterdir()) == [BACKUP_FILES_DIR, MANIFEST_NAME, BACKUP_DATABASE_NAME]


async def test_restore_over_data_moves_the_current_data_aside(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    newer = await add_document(db, store, office_data, 60)  # made after the backup
    entries_now = await db.fetch_value("SELECT COUNT(*) FROM audit_log")
    await db.close()
    live_tree = tree(store.root)

    restored = await restore(tmp_path / "backups", db_path, store.root, now=NOW + timedelta(hours=1), audit_log=AUDIT)
    aside_db = db_path.with_name("ppid.sqlite3.before-restore-20261130T030000Z")
    aside_files = store.root.with_name("files.before-restore-20261130T030000Z")
    assert restored.moved_aside == (aside_db, aside_files)
    await verify_restored(db_path, store.root, report)
    assert not (store.root / newer).exists()
    # Nothing was deleted: the data from before the restore is all there, aside.
    assert tree(aside_files) == live_tree and newer in live_tree
    previous = await open_database(aside_db, migrate=False)
    assert await previous.fetch_value("SELECT COUNT(*) FROM audit_log") == entries_now
    assert (await AUDIT.verify(previous)).ok
    await previous.close()
    # No staging copies are left next to the data.
    assert not [p for p in tmp_path.rglob("*") if ".restore-" in p.name]

    # A second restore in the same second does not overwrite the first one's copies.
    again = await restore(tmp_path / "backups", db_path, store.root, now=NOW + timedelta(hours=1), audit_log=AUDIT)
    assert again.moved_aside[0].name == "ppid.sqlite3.before-restore-20261130T030000Z-2"
    assert aside_db.exists() and aside_files.exists()


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    where = len(data) // 2 if offset is None else offset
    data[where] ^= 0x01
    path.write_bytes(bytes(data))


def edit_audit_keeping_the_manifest_consistent(folder: Path) -> None:
    """A careful forger: changes an audit entry in the backup and rewrites the manifest's sha256."""
    copy = folder / BACKUP_DATABASE_NAME
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET details = '{\"sha256\":\"forged\"}' WHERE id = 2")
    conn.commit()
    conn.close()
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["database"]["sha256"] = sha256_of(copy)
    manifest["database"]["size"] = copy.stat().st_size
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def first_file(folder: Path) -> Path:
    return sorted((folder / BACKUP_FILES_DIR).rglob("*"), key=str)[-1]


TAMPERING = {
    "a byte of a file": (lambda folder: flip_byte(first_file(folder)), "berubah (sha256 tidak cocok)"),
    "a byte of the database": (
        lambda folder: flip_byte(folder / BACKUP_DATABASE_NAME),
        "berkas basis data berubah sejak dicadangkan",
    ),
    "an audit entry, manifest rewritten": (
        edit_audit_keeping_the_manifest_consistent,
        "tanda tangan manifest.json tidak cocok dengan kunci audit",
    ),
    "a file removed": (lambda folder: first_file(folder).unlink(), "berkas hilang dari cadangan"),
    "a file added": (
        lambda folder: (folder / BACKUP_FILES_DIR / "zz").mkdir() or (folder / BACKUP_FILES_DIR / "zz" / "x").write_text("x"),
        "berkas tak dikenal di cadangan: zz/x",
    ),
    "the manifest": (lambda folder: (folder / MANIFEST_NAME).write_text("{", encoding="utf-8"), "manifest.json tidak terbaca"),
}


@pytest.mark.parametrize("what", list(TAMPERING))
async def test_a_tampered_backup_is_refused_and_nothing_changes(
    what: str, db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    await db.close()
    tamper, message = TAMPERING[what]
    tamper(report.path)
    before = tree(db_path.parent), tree(store.root)
    with pytest.raises(BackupInvalid) as refused:
        await restore(report.path, db_path, store.root, audit_log=AUDIT)
    assert message in str(refused.value)
    assert str(refused.value).startswith("cadangan tidak lolos pemeriksaan: ")
    assert "\n" not in str(refused.value)
    assert (tree(db_path.parent), tree(store.root)) == before


async def test_a_backup_of_a_newer_schema_is_refused(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    await db.connection.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00Z')"
    )
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    with pytest.raises(BackupInvalid, match="skema versi 999 lebih baru"):
        await restore(report.path, tmp_path / "new.sqlite3", tmp_path / "new-files", audit_log=AUDIT)


async def test_restore_is_refused_while_another_connection_holds_the_write_lock(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    await db.close()
    before = tree(db_path.parent), tree(store.root)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseInUse, match="sedang dikunci untuk menulis oleh program lain"):
            await restore(report.path, db_path, store.root, audit_log=AUDIT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (tree(db_path.parent), tree(store.root)) == before
    assert (await restore(report.path, db_path, store.root, audit_log=AUDIT)).moved_aside


async def test_restore_is_refused_while_another_process_holds_the_write_lock(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    await db.close()
    code = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    other = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse, match="dikunci untuk menulis"):
            await restore(report.path, db_path, store.root, audit_log=AUDIT)
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=10)
    assert not list(db_path.parent.glob("*before-restore*"))


async def test_restore_is_refused_while_the_bot_has_the_database_open(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    """A running bot holds no lock between transactions, but keeps its connection open."""
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    with pytest.raises(DatabaseInUse, match=r"sedang dibuka oleh program lain \(bot masih berjalan\?\)"):
        await restore(report.path, db_path, store.root, audit_log=AUDIT)
    assert await db.fetch_value("SELECT COUNT(*) FROM documents") == 5  # the bot carries on


async def test_a_damaged_live_database_can_be_replaced(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    report = await make_backup(db, db_path, store, tmp_path / "backups")
    await db.close()
    corrupt_middle_page(db_path)
    assert await check_database_file(db_path)
    restored = await restore(report.path, db_path, store.root, audit_log=AUDIT)
    assert await check_database_file(db_path) == []
    await verify_restored(db_path, store.root, report)
    assert await check_database_file(restored.moved_aside[0])  # kept, as it was, for inspection


# -- quick_check --------------------------------------------------------------------------------


def corrupt_middle_page(path: Path) -> None:
    """Overwrite the start of the page in the middle of a closed database file (its b-tree header)."""
    size = path.stat().st_size
    page_size = 4096
    with open(path, "r+b") as handle:
        handle.seek((size // page_size // 2) * page_size)
        handle.write(b"\xff" * 64)


async def test_quick_check_is_empty_for_a_sound_database_and_names_the_damage(
    db_path: Path, db: Database, store: FileStore, office_data: dict[str, int]
) -> None:
    audit = AUDIT
    for number in range(300):  # enough pages that the middle one is table data
        async with db.transaction() as conn:
            await audit.append(conn, actor_id=1, action="t", entity_type="x", entity_id=number, details={"n": "y" * 100})
    assert await quick_check(db) == []
    assert await check_database_file(db_path) == []
    await db.close()
    corrupt_middle_page(db_path)
    problems = await check_database_file(db_path)
    # Which words SQLite uses depends on what the damaged page held (a b-tree page's header, or a
    # page the check cannot even read); either way the damage is named.
    assert problems and any(word in " ".join(problems) for word in ("btreeInitPage", "malformed"))


async def test_a_damaged_schema_is_reported_although_sqlite_quotes_garbage(db_path: Path, db: Database) -> None:
    await db.close()
    data = bytearray(db_path.read_bytes())
    start = data.find(b"CREATE TABLE publications")
    assert start > 0
    data[start + 7 : start + 12] = b"\xff" * 5  # "CREATE <garbage> publications": not SQL, not UTF-8
    db_path.write_bytes(bytes(data))
    problems = await check_database_file(db_path)
    assert problems and problems[0].startswith("malformed database schema")
    assert await check_database_file(db_path.with_name("absent.sqlite3")) == []


# -- nightly backups: unchanged files shared, old backups pruned --------------------------------


async def test_a_second_backup_shares_the_unchanged_files_and_stores_only_what_changed(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    target = tmp_path / "backups"
    first = await make_backup(db, db_path, store, target)
    assert (first.files, first.linked_files) == (5, 0)
    new = await add_document(db, store, office_data, 6)
    second = await make_backup(db, db_path, store, target, now=NOW + timedelta(days=1))
    assert second.ok and (second.files, second.linked_files) == (6, 5)
    for relative in tree(first.path / BACKUP_FILES_DIR):
        a, b = first.path / BACKUP_FILES_DIR / relative, second.path / BACKUP_FILES_DIR / relative
        assert a.stat().st_ino == b.stat().st_ino and b.stat().st_nlink == 2  # one file on the disk
    added = second.path / BACKUP_FILES_DIR / new
    assert added.stat().st_nlink == 1 and sha256_of(added) == Path(new).name
    # Each backup is complete on its own: the second restores alone once the first is gone.
    await db.close()
    import shutil

    shutil.rmtree(first.path)
    restored = await restore(second.path, tmp_path / "restored" / "ppid.sqlite3", tmp_path / "restored-files", audit_log=AUDIT)
    assert restored.files == 6
    assert tree(tmp_path / "restored-files") == tree(store.root)


async def test_a_damaged_live_file_is_not_linked_to_its_good_copy(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    target = tmp_path / "backups"
    await make_backup(db, db_path, store, target)
    victim = sorted(p for p in store.root.rglob("*") if p.is_file() and not p.name.startswith("."))[0]
    victim.write_bytes(b"X" * victim.stat().st_size)  # same size, other content: bit rot
    second = await make_backup(db, db_path, store, target, now=NOW + timedelta(days=1))
    assert not second.ok and second.linked_files == 4
    assert [Path(path).name for path in second.damaged_files] == [victim.name]


async def test_a_damaged_copy_in_the_previous_backup_is_not_linked_into_the_next(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    """Bit rot in last night's copy (same size, other bytes) must not be hard-linked into every
    backup after it: the live file is sound, so the new backup copies it and restores whole."""
    target = tmp_path / "backups"
    first = await make_backup(db, db_path, store, target)
    rotten = first_file(first.path)
    rotten.write_bytes(b"X" * rotten.stat().st_size)
    second = await make_backup(db, db_path, store, target, now=NOW + timedelta(days=1))
    assert second.ok and second.linked_files == 4
    relative = rotten.relative_to(first.path / BACKUP_FILES_DIR)
    copy = second.path / BACKUP_FILES_DIR / relative
    assert copy.stat().st_ino != rotten.stat().st_ino and sha256_of(copy) == copy.name
    await db.close()
    restored = await restore(second.path, tmp_path / "restored" / "ppid.sqlite3", tmp_path / "restored-files", audit_log=AUDIT)
    assert restored.files == 5


async def test_keep_neither_follows_nor_trips_on_a_link_named_like_a_backup(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    """An IT person links an old backup kept elsewhere into the folder: --keep pruned through it
    (or failed on it after the new backup was made, with a line blaming DATABASE_PATH)."""
    elsewhere = await make_backup(db, db_path, store, tmp_path / "arsip", now=NOW - timedelta(days=30))
    target = tmp_path / "backups"
    target.mkdir()
    (target / elsewhere.path.name).symlink_to(elsewhere.path, target_is_directory=True)
    for day in range(3):
        report = await backup(db_path, store.root, target, audit_log=AUDIT, now=NOW + timedelta(days=day), keep=2)
    assert elsewhere.path.is_dir() and (elsewhere.path / MANIFEST_NAME).is_file()
    assert (target / elsewhere.path.name).is_symlink() and report.path in backups_in(target)


async def test_keep_prunes_the_oldest_backups_and_never_the_new_one(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, office_data: dict[str, int]
) -> None:
    target = tmp_path / "backups"
    (target / "catatan-admin").mkdir(parents=True)  # not a backup: never touched
    made = []
    for day in range(3):
        report = await backup(db_path, store.root, target, audit_log=AUDIT, now=NOW + timedelta(days=day), keep=2)
        made.append(report)
    assert made[2].pruned == (made[0].path,)
    assert sorted(p.name for p in target.iterdir()) == ["20261201T020000Z", "20261202T020000Z", "catatan-admin"]
    assert find_backup(target) == made[2].path
    with pytest.raises(ValueError):
        await backup(db_path, store.root, target, audit_log=AUDIT, now=NOW + timedelta(days=9), keep=0)
    assert len(list(target.iterdir())) == 3
