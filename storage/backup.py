"""Making a backup of the bot's data: a consistent copy of the database and the file store.

:func:`backup` writes one new folder as :mod:`storage.backup_folder` describes it:

* the database, copied with SQLite's online backup API (:meth:`sqlite3.Connection.backup`, in
  one step, on its own connection in a worker thread). The copy is one consistent snapshot even
  while the bot keeps writing: in WAL mode the copy only holds a read snapshot, so the bot's
  writers are never blocked. The copy is switched to ``journal_mode=DELETE`` so that it is one
  self-contained file, and must pass ``PRAGMA integrity_check``;
* the file store: every file named in ``documents.stored_path`` and anything else under
  ``files_dir`` (except the store's own temporary files), each one a verified copy, or a hard
  link to the same file in the previous backup. The database is copied first: the bot stores a
  file before it records it, and never deletes one, so every file the snapshot names is already
  there;
* the signed manifest.

The backup is built in ``<target_dir>/.partial-<name>/`` and renamed into place when complete.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from storage.audit import AuditLog
from storage.backup_folder import (
    BACKUP_DATABASE_NAME,
    BACKUP_FILES_DIR,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    BackupError,
    CopyMismatch,
    backups_in,
    content_name,
    copy_verified,
    manifest_signature,
    os_failure,
    read_facts,
    utc_stamp,
)
from storage.files import STAGING_DIR, fsync_directory, sha256_file, write_file_atomic
from storage.integrity import integrity_problems
from storage.timestamps import format_utc

__all__ = ["BackupReport", "backup"]


@dataclass(frozen=True)
class BackupReport:
    """What :func:`backup` made.

    ``missing_files``: files ``documents.stored_path`` names that are not in the live store, or
    whose content no longer matches their name (so they could not be backed up).
    ``damaged_files``: files in the live store whose content does not match their name (not
    copied). ``audit_first_broken_id``: where the audit chain of the copy breaks (None: intact).
    """

    path: Path
    created_at: str
    database_sha256: str
    database_size: int
    schema_version: int
    documents: int
    audit_entries: int
    audit_first_broken_id: int | None
    files: int
    files_bytes: int
    audit_head: str = ""
    missing_files: tuple[str, ...] = ()
    damaged_files: tuple[str, ...] = ()
    linked_files: int = 0  # of `files`: hard links to the same file in the previous backup
    pruned: tuple[Path, ...] = ()  # older backups removed (`keep`)

    @property
    def audit_ok(self) -> bool:
        return self.audit_first_broken_id is None

    @property
    def ok(self) -> bool:
        """A complete backup of a sound database: audit chain intact, every file there."""
        return self.audit_ok and not self.missing_files and not self.damaged_files


def _write_json_atomic(path: Path, value: Any) -> None:
    write_file_atomic(path, (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def _online_copy(db_path: Path, dest: Path) -> list[str]:
    """Copy the live database with the online backup API; return the copy's integrity problems."""
    source = sqlite3.connect(db_path, timeout=30, isolation_level=None)
    try:
        target = sqlite3.connect(dest, isolation_level=None)
        try:
            # One step (pages=-1): one read snapshot, copied whole. Step-wise copying would
            # restart whenever another connection writes, and a busy bot might never let it end.
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            problems = integrity_problems(target)
        finally:
            target.close()
    finally:
        source.close()
    os.chmod(dest, 0o600)
    return problems


# -- backup -----------------------------------------------------------------------------------


def _free_backup_name(target_dir: Path, stamp: str) -> Path:
    candidate, number = target_dir / stamp, 1
    while candidate.exists() or (target_dir / f".partial-{candidate.name}").exists():
        number += 1
        candidate = target_dir / f"{stamp}-{number}"
    return candidate


@dataclass
class _StoreCopy:
    entries: list[dict[str, Any]]
    damaged: list[str]
    linked: int = 0


def _link_from_previous(source: Path, dest: Path, previous: Path, expected_sha256: str) -> tuple[str, int] | None:
    """The file as the previous backup holds it, hard-linked into this one: the store names files
    by their sha256, so the same name is the same content. Both are read and must hash to the
    name: the live file (a damaged one is reported, as when copying) and the previous copy (one
    damaged since it was written, by bit rot or an edit, would otherwise be shared by every
    backup after it, and each of them refused by a restore). None when there is no such sound
    previous copy, or the link cannot be made (another file system): then the file is copied."""
    try:
        if previous.is_symlink() or previous.stat().st_size != source.stat().st_size:
            return None
    except FileNotFoundError:
        return None
    digest, size = sha256_file(source)
    if digest != expected_sha256:
        return None  # copied (and so reported damaged) by the caller
    if sha256_file(previous) != (digest, size):
        return None  # the previous backup's copy is damaged: this backup gets a sound copy
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(previous, dest)
    except OSError:
        return None
    return digest, size


def _copy_store(files_dir: Path, dest_root: Path, previous_root: Path | None = None) -> _StoreCopy:
    """Copy every file under ``files_dir`` (not the store's temporary files) to ``dest_root``; a
    file the backup in ``previous_root`` already holds is hard-linked instead of copied again."""
    result = _StoreCopy([], [])
    dest_root.mkdir(parents=True, exist_ok=True)
    if not files_dir.is_dir():
        return result
    for dirpath, dirnames, filenames in os.walk(files_dir):
        here = Path(dirpath)
        relative_dir = here.relative_to(files_dir)
        if relative_dir == Path("."):
            dirnames[:] = [name for name in dirnames if name != STAGING_DIR]
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith(".tmp-"):
                continue  # a write in progress in the store (see storage.files)
            source = here / name
            if source.is_symlink():
                continue  # the store never makes links; do not follow one out of it
            relative = (relative_dir / name).as_posix()
            expected = content_name(relative)
            try:
                linked = (
                    _link_from_previous(source, dest_root / relative, previous_root / relative, expected)
                    if previous_root is not None and expected is not None else None
                )
                result.linked += linked is not None
                copied = linked or copy_verified(source, dest_root / relative, expected)
            except FileNotFoundError:
                continue  # vanished while we walked (only temporary files do)
            if copied is None:
                result.damaged.append(relative)
                continue
            digest, size = copied
            result.entries.append({"path": relative, "sha256": digest, "size": size})
    return result


async def backup(
    db_path: str | Path,
    files_dir: str | Path,
    target_dir: str | Path,
    *,
    audit_log: AuditLog,
    now: datetime | None = None,
    keep: int | None = None,
) -> BackupReport:
    """Make a consistent backup of the database and the file store in a new folder of ``target_dir``.

    Stored files unchanged since the newest backup already in ``target_dir`` are hard links to
    its copies (they are named by their sha256), so a nightly backup costs the disk only what
    changed; each backup folder is still complete on its own. With ``keep``, only the newest
    ``keep`` backups of ``target_dir`` are left once this one is made (the others are removed;
    what they share with the kept ones stays, being the same files).

    Safe while the bot runs (see the module docstring). ``now`` (aware) names the folder;
    default: the current time. Raises :class:`BackupError` when there is no database, when the
    copy fails ``PRAGMA integrity_check`` (the live database is damaged) or when writing fails
    (e.g. the target disk is full); a failed backup leaves no folder behind. Missing or
    damaged files in the live store and a broken audit chain do not stop the backup: they are
    reported (``BackupReport.ok`` is False) and recorded in the manifest. ``audit_log`` (the
    bot's, under the office's key) verifies the copy's chain and signs the manifest.
    """
    db_path, files_dir, target_dir = Path(db_path), Path(files_dir), Path(target_dir)
    moment = now or datetime.now(timezone.utc)
    stamp = utc_stamp(moment)
    if not db_path.is_file():
        raise BackupError(f"basis data tidak ditemukan: {db_path}", f"no database at {db_path}")
    if keep is not None and keep < 1:
        raise ValueError("keep must be at least 1: the backup just made is always kept")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        earlier = backups_in(target_dir)
        final = _free_backup_name(target_dir, stamp)
        staging = target_dir / f".partial-{final.name}"
        staging.mkdir(mode=0o700)
    except OSError as error:
        raise os_failure(error) from error
    try:
        copy = staging / BACKUP_DATABASE_NAME
        problems = await asyncio.to_thread(_online_copy, db_path, copy)
        if problems:
            raise BackupError(
                f"salinan basis data tidak lolos integrity_check ({problems[0]}); basis data aktif mungkin rusak",
                "the database copy fails integrity_check; the live database may be damaged",
            )
        try:
            facts = await read_facts(copy, audit_log)
        except sqlite3.Error as error:
            raise BackupError(
                f"{db_path} bukan basis data bot ini ({error})", f"{db_path} is not a database of this bot"
            ) from error
        db_sha256, db_size = await asyncio.to_thread(sha256_file, copy)
        previous = earlier[-1] / BACKUP_FILES_DIR if earlier else None
        store = await asyncio.to_thread(_copy_store, files_dir, staging / BACKUP_FILES_DIR, previous)
        present = {entry["path"] for entry in store.entries}
        missing = sorted(path for path in facts.stored_paths if path not in present)
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": format_utc(moment),
            "source": {"database": str(db_path.resolve()), "files_dir": str(files_dir.resolve())},
            "database": {
                "file": BACKUP_DATABASE_NAME,
                "sha256": db_sha256,
                "size": db_size,
                "schema_version": facts.schema_version,
                "documents": facts.documents,
                "audit_entries": facts.audit_entries,
                "audit_first_broken_id": facts.audit.first_broken_id,
                "audit_head": {"entries": facts.audit.head.entries, "hash": facts.audit.head.hash},
            },
            "files": store.entries,
            "missing_files": missing,
            "damaged_files": store.damaged,
        }
        manifest["signature"] = manifest_signature(manifest, audit_log)
        await asyncio.to_thread(_write_json_atomic, staging / MANIFEST_NAME, manifest)

        def publish() -> None:
            for directory in sorted({p.parent for p in staging.rglob("*")}, key=lambda p: len(p.parts), reverse=True):
                fsync_directory(directory)
            os.rename(staging, final)
            fsync_directory(target_dir)

        await asyncio.to_thread(publish)
    except BaseException as error:
        await asyncio.to_thread(shutil.rmtree, staging, True)
        if isinstance(error, OSError):
            raise os_failure(error) from error
        if isinstance(error, sqlite3.Error):
            raise BackupError(
                f"basis data {db_path} tidak dapat disalin: {error}", f"the database cannot be copied: {error}"
            ) from error
        if isinstance(error, CopyMismatch):
            raise BackupError(
                f"salinan berkas berbeda saat dibaca ulang: {error}", "a copied file reads back differently"
            ) from error
        raise
    pruned: list[Path] = []
    if keep is not None:
        pruned = [folder for folder in backups_in(target_dir)[:-keep] if folder != final]
        for folder in pruned:
            await asyncio.to_thread(shutil.rmtree, folder)
    return BackupReport(
        path=final,
        linked_files=store.linked,
        pruned=tuple(pruned),
        created_at=format_utc(moment),
        database_sha256=db_sha256,
        database_size=db_size,
        schema_version=facts.schema_version,
        documents=facts.documents,
        audit_entries=facts.audit_entries,
        audit_first_broken_id=facts.audit.first_broken_id,
        files=len(store.entries),
        files_bytes=sum(int(entry["size"]) for entry in store.entries),
        missing_files=tuple(missing),
        damaged_files=tuple(store.damaged),
        audit_head=facts.audit.head.short,
    )
