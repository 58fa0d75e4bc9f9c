"""What a backup is, for the one who makes it (:mod:`storage.backup`) and the one who restores it
(:mod:`storage.restore`, :mod:`storage.restore_checks`): the folder, its manifest, the verified copy.

The folder
----------
One folder per backup, ``<target_dir>/<YYYYMMDDTHHMMSSZ>/`` (UTC; ``-2``, ``-3``... when two
backups fall in the same second), holding:

* ``ppid.sqlite3`` (:data:`BACKUP_DATABASE_NAME`): the database, one self-contained file
  (``journal_mode=DELETE``) that passes ``PRAGMA integrity_check``.
* ``files/`` (:data:`BACKUP_FILES_DIR`): the file store (``ab/cd/<sha256>``) and anything else
  under ``files_dir`` except the store's own temporary files.
* ``manifest.json`` (:data:`MANIFEST_NAME`, format :data:`MANIFEST_FORMAT`): the time, the
  database's sha256 and size, its schema version, the number of audit entries and documents, the
  state and head of the audit chain, and every file with its sha256 and size, signed with the
  audit key: ``signature`` is :func:`manifest_signature`, the HMAC-SHA256 (see
  :func:`storage.audit.sign`) of the canonical JSON of the manifest without its signature. The
  key itself is never in a backup: whoever holds a backup cannot sign a changed one.

A folder is built as ``<target_dir>/.partial-<name>/`` and renamed when complete, so a folder
named by a timestamp (:func:`backups_in`) is always a whole backup.

Copies
------
Every file either side writes is a :func:`copy_verified`: copied to a temporary name, fsynced,
read back, and renamed into place only when the copy hashes like the source (and, for a
content-addressed file, like its name). :func:`read_facts` reads what a database copy says about
itself, on a read-only connection: reading a backup never changes it.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

import aiosqlite

from storage.audit import AuditCheck, AuditLog, canonical_json
from storage.database import Database
from storage.errors import StorageError
from storage.files import StagedFile, read_chunks, sha256_file

__all__ = [
    "BACKUP_DATABASE_NAME",
    "BACKUP_FILES_DIR",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "BackupError",
    "BackupNotFound",
    "CopyMismatch",
    "DatabaseFacts",
    "backups_in",
    "content_name",
    "copy_verified",
    "find_backup",
    "manifest_signature",
    "open_readonly",
    "os_failure",
    "read_facts",
    "readonly_uri",
    "safe_relative",
    "utc_stamp",
]

BACKUP_DATABASE_NAME = "ppid.sqlite3"
BACKUP_FILES_DIR = "files"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "ppid-backup/2"  # /1: before the manifest was signed (refused)

_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_BACKUP_NAME_RE = re.compile(r"(\d{8}T\d{6}Z)(?:-(\d+))?")
_CONTENT_PATH_RE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})")


class BackupError(StorageError):
    """A backup or restore that cannot go ahead. ``str()`` is one line: Indonesian (English)."""


class BackupNotFound(BackupError):
    """The folder given holds no backup."""


# -- small file helpers (blocking; run in a worker thread) ------------------------------------


def utc_stamp(moment: datetime) -> str:
    """``moment`` (aware) as a backup folder is named: ``YYYYMMDDTHHMMSSZ``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return moment.astimezone(timezone.utc).strftime(_STAMP_FORMAT)


def content_name(relative: str) -> str | None:
    """The sha256 a content-addressed path ``ab/cd/<sha256>`` promises, else None."""
    match = _CONTENT_PATH_RE.fullmatch(relative)
    if match is None or match[3][:4] != match[1] + match[2]:
        return None
    return match[3]


def safe_relative(relative: object) -> str | None:
    """``relative`` when it is a plain relative POSIX path inside a folder, else None."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return None
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("", ".", "..") for part in relative.split("/")):
        return None
    return path.as_posix()


class CopyMismatch(Exception):
    """The copy read back differs from what was read from the source."""


def copy_verified(source: Path, dest: Path, expected_sha256: str | None = None) -> tuple[str, int] | None:
    """Copy ``source`` to ``dest`` through a temporary name; return (sha256, size).

    The copy is fsynced and read back; it is renamed into place only when it hashes like the
    source. With ``expected_sha256`` (a content-addressed file), a source whose content does not
    match is not copied and None is returned. Blocking: run it in a worker thread.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = StagedFile.open(dest.parent)
    try:
        with open(source, "rb") as handle:
            for chunk in read_chunks(handle):
                staged.write(chunk)
        staged.finish()
        digest, size = staged.digest(), staged.size
        if expected_sha256 is not None and digest != expected_sha256:
            staged.discard()
            return None
        if sha256_file(staged.path) != (digest, size):
            raise CopyMismatch(str(dest))
        os.replace(staged.path, dest)
    except BaseException:
        staged.discard()
        raise
    return digest, size


def os_failure(error: OSError, note_id: str = "", note_en: str = "") -> BackupError:
    """A clear BackupError for a failed read or write (a full disk named as such)."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC:
        reason_id, reason_en = f"ruang disk penuh{where}", "no space left on the device"
    else:
        reason = error.strerror or str(error)
        reason_id, reason_en = f"{reason}{where}", reason
    return BackupError(reason_id + note_id, reason_en + note_en)


# -- reading a database copy ------------------------------------------------------------------


def readonly_uri(path: Path) -> str:
    """The URI that opens the database file ``path`` read-only (pass ``uri=True``)."""
    return path.resolve().as_uri() + "?mode=ro"


async def open_readonly(path: Path) -> Database:
    """A :class:`Database` on ``path`` opened read-only: reading a backup never changes it."""
    conn = await aiosqlite.connect(readonly_uri(path), uri=True, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    return Database(conn, str(path))


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database copy says about itself."""

    schema_version: int
    documents: int
    stored_paths: tuple[str, ...]
    audit_entries: int
    audit: AuditCheck


async def read_facts(path: Path, audit_log: AuditLog) -> DatabaseFacts:
    db = await open_readonly(path)
    try:
        version = await db.fetch_value("SELECT MAX(version) FROM schema_migrations")
        documents = await db.fetch_value("SELECT COUNT(*) FROM documents")
        paths = [str(row[0]) for row in await db.fetch_all("SELECT DISTINCT stored_path FROM documents ORDER BY 1")]
        entries = await db.fetch_value("SELECT COUNT(*) FROM audit_log")
        audit = await audit_log.verify(db)
    finally:
        await db.close()
    return DatabaseFacts(int(version or 0), int(documents), tuple(paths), int(entries), audit)


def manifest_signature(manifest: dict[str, Any], audit_log: AuditLog) -> str:
    """The signature ``manifest`` must carry: the audit key's HMAC of its canonical JSON without
    its ``signature``."""
    return audit_log.sign(canonical_json({name: value for name, value in manifest.items() if name != "signature"}))


# -- finding a backup --------------------------------------------------------------------------


def find_backup(source_dir: str | Path) -> Path:
    """The backup folder ``source_dir`` names: itself when it holds a manifest, else its newest backup."""
    source = Path(source_dir)
    if (source / MANIFEST_NAME).is_file():
        return source
    if not source.is_dir():
        raise BackupNotFound(f"folder cadangan tidak ada: {source}", f"no such folder: {source}")
    found = backups_in(source)
    if not found:
        raise BackupNotFound(
            f"tidak ada cadangan di {source} (tidak ada {MANIFEST_NAME})", f"no backup in {source}"
        )
    return found[-1]


def backups_in(directory: Path) -> list[Path]:
    """The finished backups in ``directory`` (named by their UTC time, holding a manifest), oldest
    first; a folder still being written (``.partial-``), a link, or anything else there is not one."""
    if not directory.is_dir():
        return []
    candidates: list[tuple[str, int, Path]] = []
    for child in directory.iterdir():
        match = _BACKUP_NAME_RE.fullmatch(child.name)
        # A link is not one of ours (a backup is made here as a folder): never pruned through.
        if match and not child.is_symlink() and (child / MANIFEST_NAME).is_file():
            candidates.append((match[1], int(match[2] or 1), child))
    return [path for *_, path in sorted(candidates)]

