"""Restoring a backup made by :mod:`storage.backup`: checked first, then swapped in, never deleting the office's data.

:func:`restore` takes a backup folder, or a folder of backups (then the newest one), and:

1. checks the backup, trusting nothing it says about itself (:mod:`storage.restore_checks`);
2. refuses when the bot's database is in use (:class:`DatabaseInUse`): another connection holds
   the write lock (``BEGIN IMMEDIATE`` on a short busy timeout fails), or merely has the
   database open, as a running bot does (``BEGIN EXCLUSIVE`` in exclusive locking mode fails);
3. copies the backup next to the live data under temporary names, verifying each copy;
4. moves the current database (with its ``-wal``/``-shm``) and the file store aside as
   ``<name>.before-restore-<timestamp>``, never deleting them;
5. renames the copies into place and verifies the result again (audit chain, every file).

Nothing here deletes the office's data; the only things removed are this module's own
temporary copies after a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from storage.audit import AuditCheck, AuditLog
from storage.backup_folder import (
    BACKUP_DATABASE_NAME,
    BACKUP_FILES_DIR,
    BackupError,
    CopyMismatch,
    copy_verified,
    find_backup,
    open_readonly,
    os_failure,
    utc_stamp,
)
from storage.files import fsync_directory, sha256_file
from storage.restore_checks import CheckedBackup, check_backup, invalid
from storage.sqlite_errors import is_busy_error, is_damage_error

__all__ = ["LOCK_PROBE_TIMEOUT_SECONDS", "DatabaseInUse", "RestoreReport", "restore"]

# How long restore waits for another connection's lock before it calls the database "in use".
LOCK_PROBE_TIMEOUT_SECONDS = 0.2


class DatabaseInUse(BackupError):
    """The bot's database is in use by another connection or process: restore refuses."""


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`restore` did.

    ``moved_aside``: where the previous database (and its ``-wal``/``-shm``) and file store
    now are; empty when there was nothing to move. ``files``: files restored, each verified.
    ``document_files``: distinct files named by ``documents`` verified in the restored store.
    ``missing_files``: files already missing when the backup was made (see
    :attr:`BackupReport.missing_files`). ``audit``: the restored chain's check (broken only
    when ``force`` let a broken chain through).
    """

    source: Path
    database_path: Path
    files_dir: Path
    moved_aside: tuple[Path, ...]
    created_at: str
    schema_version: int
    audit_entries: int
    files: int
    document_files: int
    missing_files: tuple[str, ...] = ()
    audit: AuditCheck = AuditCheck(0)


# -- the live side ------------------------------------------------------------------------------


def _probe(db_path: Path, statements: Sequence[str]) -> None:
    conn = sqlite3.connect(db_path, timeout=LOCK_PROBE_TIMEOUT_SECONDS, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _check_not_in_use(db_path: Path) -> None:
    """Refuse when another connection holds the write lock or has the database open at all."""
    if not db_path.exists():
        return
    checks = (
        (
            ("BEGIN IMMEDIATE",),
            f"basis data {db_path} sedang dikunci untuk menulis oleh program lain",
            f"another program holds the write lock on {db_path}",
        ),
        (
            ("PRAGMA locking_mode = EXCLUSIVE", "BEGIN EXCLUSIVE"),
            f"basis data {db_path} sedang dibuka oleh program lain (bot masih berjalan?); hentikan bot dahulu",
            f"{db_path} is open in another program (is the bot running?); stop the bot first",
        ),
    )
    for statements, indonesian, english in checks:
        try:
            _probe(db_path, statements)
        except sqlite3.DatabaseError as error:
            if is_busy_error(error):
                raise DatabaseInUse(indonesian, english) from error
            if is_damage_error(error):
                return  # the live database is damaged: replacing it is the point of restoring
            raise BackupError(
                f"basis data {db_path} tidak dapat diperiksa: {error}", f"cannot check {db_path}: {error}"
            ) from error


def _sidecars(db_path: Path) -> list[tuple[Path, str]]:
    """The database file and SQLite's companion files, with the suffix each one adds."""
    return [(db_path, "")] + [(db_path.with_name(db_path.name + extra), extra) for extra in ("-wal", "-shm", "-journal")]


def _aside_stamp(db_path: Path, files_dir: Path, stamp: str) -> str:
    candidate, number = stamp, 1

    def taken(name: str) -> bool:
        suffix = f".before-restore-{name}"
        return any(db_path.with_name(db_path.name + suffix + extra).exists() for _, extra in _sidecars(db_path)) or (
            files_dir.with_name(files_dir.name + suffix).exists()
        )

    while taken(candidate):
        number += 1
        candidate = f"{stamp}-{number}"
    return candidate


def _stage(checked: CheckedBackup, staged_db: Path, staged_files: Path) -> None:
    """Copy the backup next to the live data, verifying every copy against the manifest."""
    database = checked.manifest["database"]
    staged_db.parent.mkdir(parents=True, exist_ok=True)
    copied = copy_verified(checked.path / BACKUP_DATABASE_NAME, staged_db, None)
    if copied != (database["sha256"], database["size"]):
        raise invalid("salinan basis data berubah saat disalin", "the database changed while it was copied")
    os.chmod(staged_db, 0o600)
    staged_files.mkdir(parents=True, exist_ok=True)
    source_root = checked.path / BACKUP_FILES_DIR
    for relative, (digest, size) in sorted(checked.files.items()):
        target = staged_files / relative
        result = copy_verified(source_root / relative, target, digest)
        if result != (digest, size):
            raise invalid(f"berkas {relative} berubah saat disalin", f"{relative} changed while it was copied")
        os.chmod(target, 0o600)
    for directory in sorted({p.parent for p in staged_files.rglob("*")} | {staged_files}, key=lambda p: -len(p.parts)):
        fsync_directory(directory)
    fsync_directory(staged_db.parent)


def _swap_in(db_path: Path, files_dir: Path, staged_db: Path, staged_files: Path, stamp: str) -> list[Path]:
    """Move the live data aside (never deleting it), then rename the staged copies into place."""
    suffix = f".before-restore-{stamp}"
    moves: list[tuple[Path, Path]] = []
    for path, extra in _sidecars(db_path):
        if path.exists():
            moves.append((path, db_path.with_name(db_path.name + suffix + extra)))
    if files_dir.exists():
        moves.append((files_dir, files_dir.with_name(files_dir.name + suffix)))
    done: list[tuple[Path, Path]] = []
    try:
        for source, aside in moves:
            os.rename(source, aside)
            done.append((source, aside))
        files_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged_files, files_dir)
        try:
            os.rename(staged_db, db_path)
        except BaseException:
            os.rename(files_dir, staged_files)
            raise
    except BaseException:
        for source, aside in reversed(done):  # put the live data back as it was
            with contextlib.suppress(OSError):
                os.rename(aside, source)
        raise
    for directory in {db_path.parent, files_dir.parent}:
        fsync_directory(directory)
    return [aside for _, aside in moves]


def _verify_restored_files(files_dir: Path, expected: Iterable[tuple[str, str]]) -> list[str]:
    """The stored paths whose restored file is missing or does not hash to the document's sha256."""
    bad: list[str] = []
    for relative, digest in expected:
        try:
            if sha256_file(files_dir / relative)[0] != digest:
                bad.append(relative)
        except FileNotFoundError:
            bad.append(relative)
    return bad


async def restore(
    source_dir: str | Path,
    db_path: str | Path,
    files_dir: str | Path,
    *,
    audit_log: AuditLog,
    force: bool = False,
    now: datetime | None = None,
) -> RestoreReport:
    """Bring back a backup made by :func:`backup` (see the module docstring for the steps).

    ``source_dir`` is a backup folder or a folder of backups (the newest is taken). Stop the
    bot first. ``audit_log`` (under the office's key) checks the signature and the chain;
    ``force`` restores a backup whose chain is broken (the report's ``audit`` says where).
    Raises :class:`BackupNotFound`, :class:`BackupInvalid` (nothing was changed),
    :class:`DatabaseInUse` (nothing was changed) or :class:`BackupError` (a write failed; the
    live data is put back where it was).
    """
    db_path, files_dir = Path(db_path), Path(files_dir)
    folder = find_backup(source_dir)
    checked = await check_backup(folder, audit_log, force)
    await asyncio.to_thread(_check_not_in_use, db_path)
    stamp = await asyncio.to_thread(_aside_stamp, db_path, files_dir, utc_stamp(now or datetime.now(timezone.utc)))
    staged_db = db_path.with_name(f".{db_path.name}.restore-{stamp}")
    staged_files = files_dir.with_name(f".{files_dir.name}.restore-{stamp}")
    try:
        await asyncio.to_thread(_stage, checked, staged_db, staged_files)
        moved = await asyncio.to_thread(_swap_in, db_path, files_dir, staged_db, staged_files, stamp)
    except BaseException as error:
        await asyncio.to_thread(shutil.rmtree, staged_files, True)
        with contextlib.suppress(OSError):
            staged_db.unlink()
        if isinstance(error, OSError):
            raise os_failure(error, "; data lama tidak diubah", "; nothing was changed") from error
        if isinstance(error, CopyMismatch):
            raise BackupError(
                f"salinan berbeda saat dibaca ulang: {error}; data lama tidak diubah",
                "a copy reads back differently; nothing was changed",
            ) from error
        raise

    # The result, checked once more where the bot will read it.
    restored = await open_readonly(db_path)
    try:
        documents = [
            (str(row[0]), str(row[1]))
            for row in await restored.fetch_all("SELECT DISTINCT stored_path, sha256 FROM documents ORDER BY 1")
        ]
        audit = await audit_log.verify(restored)
    finally:
        await restored.close()
    known_missing = set(checked.missing_files)
    to_verify = [(path, digest) for path, digest in documents if path not in known_missing]
    bad = await asyncio.to_thread(_verify_restored_files, files_dir, to_verify)
    if bad or audit.first_broken_id != checked.facts.audit.first_broken_id:
        raise BackupError(
            f"data dipulihkan tetapi pemeriksaan akhir gagal ({bad[0] if bad else 'log audit'}); "
            f"data lama ada di {', '.join(str(p) for p in moved)}",
            "restored, but the final check failed",
        )
    return RestoreReport(
        source=folder,
        database_path=db_path,
        files_dir=files_dir,
        moved_aside=tuple(moved),
        created_at=str(checked.manifest.get("created_at", "")),
        schema_version=checked.facts.schema_version,
        audit_entries=checked.facts.audit_entries,
        files=len(checked.files),
        document_files=len(to_verify),
        missing_files=checked.missing_files,
        audit=audit,
    )
