"""Backups and restore of the bot's data, and the integrity check made at every start.

What a backup is
----------------
:func:`backup` writes one folder per backup, ``<target_dir>/<YYYYMMDDTHHMMSSZ>/`` (UTC; ``-2``,
``-3``... when two backups fall in the same second), holding:

* ``ppid.sqlite3``: the database, copied with SQLite's online backup API
  (:meth:`sqlite3.Connection.backup`, in one step, on its own connection in a worker thread).
  The copy is one consistent snapshot even while the bot keeps writing: in WAL mode the copy
  only holds a read snapshot, so the bot's writers are never blocked. The copy is switched to
  ``journal_mode=DELETE`` so that it is one self-contained file, and must pass
  ``PRAGMA integrity_check``.
* ``files/``: the file store (``ab/cd/<sha256>``), every file named in
  ``documents.stored_path`` and anything else under ``files_dir`` (except the store's own
  temporary files). Each file is copied to a temporary name, fsynced, read back, and renamed
  into place only when the copy's sha256 equals the source's, and, for a content-addressed
  file, equals its name. The database is copied first: the bot stores a file before it
  records it, and never deletes one, so every file the snapshot names is already there.
* ``manifest.json``: the time, the database's sha256 and size, its schema version, the
  number of audit entries and documents, the state and head of the audit chain, and every file
  with its sha256 and size, signed with the audit key: ``signature`` is the HMAC-SHA256 (see
  :func:`storage.audit.sign`) of the canonical JSON of the manifest without its signature. The
  key itself is never in a backup: whoever holds a backup cannot sign a changed one.

The backup is built in ``<target_dir>/.partial-<name>/`` and renamed into place when
complete, so a folder named by a timestamp is always a whole backup.

What a restore does
-------------------
:func:`restore` takes a backup folder, or a folder of backups (then the newest one), and:

1. checks the backup, trusting nothing it says about itself: the manifest's signature under
   the office's audit key (so the database file's sha256 it names, and every file's, are the
   ones made at backup time: any later edit of the backup is refused), the database's sha256,
   ``PRAGMA integrity_check``, the audit chain verified under the key (a broken chain is
   refused, whatever the manifest says, unless ``force``: then the break is reported), the
   schema compared object by object (tables, indexes, triggers, with their SQL) with what the
   migrations produce for that version (a dropped audit trigger is refused), every admin role
   accounted for by the audit chain (a grant the chain does not record is refused), every
   file's sha256 (and its name), no file missing or added, every ``documents.stored_path``
   present;
2. refuses when the bot's database is in use: another connection holds the write lock
   (``BEGIN IMMEDIATE`` on a short busy timeout fails), or merely has the database open, as a
   running bot does (``BEGIN EXCLUSIVE`` in exclusive locking mode fails);
3. copies the backup next to the live data under temporary names, verifying each copy;
4. moves the current database (with its ``-wal``/``-shm``) and the file store aside as
   ``<name>.before-restore-<timestamp>``, never deleting them;
5. renames the copies into place and verifies the result again (audit chain, every file).

Nothing here deletes the office's data; the only things removed are this module's own
temporary copies after a failure.

At start
--------
:func:`quick_check` returns the rows of ``PRAGMA quick_check`` (empty when the database is
fine); the bot refuses to start on a damaged database with :class:`DatabaseDamaged`.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

import aiosqlite

from storage.audit import AuditCheck, AuditLog, canonical_json, describe_break
from storage.database import Database
from storage.errors import StorageError
from storage.files import STAGING_DIR, fsync_directory, sha256_file, write_file_atomic
from storage.migrations import expected_schema, load_migrations, read_schema
from storage.timestamps import format_utc

__all__ = [
    "BACKUP_DATABASE_NAME",
    "BACKUP_FILES_DIR",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "BackupError",
    "BackupInvalid",
    "BackupNotFound",
    "BackupReport",
    "DatabaseDamaged",
    "DatabaseInUse",
    "RestoreReport",
    "backup",
    "check_database_file",
    "damage_in",
    "backups_in",
    "find_backup",
    "is_busy_error",
    "is_cannot_open_error",
    "is_damage_error",
    "is_storage_full_error",
    "quick_check",
    "restore",
]

BACKUP_DATABASE_NAME = "ppid.sqlite3"
BACKUP_FILES_DIR = "files"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "ppid-backup/2"  # /1: before the manifest was signed (refused)
CHUNK_SIZE = 1024 * 1024
# How long restore waits for another connection's lock before it calls the database "in use".
LOCK_PROBE_TIMEOUT_SECONDS = 0.2

_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_BACKUP_NAME_RE = re.compile(r"(\d{8}T\d{6}Z)(?:-(\d+))?")
_CONTENT_PATH_RE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})")

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 5, 6, 10, 11, 13, 26
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN = 3, 8, 14


# -- errors -----------------------------------------------------------------------------------


class BackupError(StorageError):
    """A backup or restore that cannot go ahead. ``str()`` is one line: Indonesian (English)."""


class BackupNotFound(BackupError):
    """The folder given holds no backup."""


class BackupInvalid(BackupError):
    """The backup fails its own checks (changed, damaged or incomplete): it is not restored."""


class DatabaseInUse(BackupError):
    """The bot's database is in use by another connection or process: restore refuses."""


class DatabaseDamaged(Exception):
    """The database failed ``PRAGMA quick_check`` (or SQLite called it malformed)."""

    def __init__(self, path: str | Path, problems: Sequence[str]) -> None:
        self.path = str(path)
        # One line each (SQLite's report starts with "*** in database main ***" and a newline).
        self.problems = tuple(" ".join(problem.split()) for problem in problems) or ("database disk image is malformed",)
        more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"the database {self.path} is damaged: {self.problems[0]}{more}")


# -- recognising SQLite failures ----------------------------------------------------------------


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error, then its causes (``raise ... from``) and contexts, without looping."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _unreadable_message(error: UnicodeDecodeError) -> str | None:
    """SQLite's own message when Python could not decode it (damage quoting garbage bytes), else None.

    A damaged schema makes SQLite answer ``malformed database schema (...) - near "<bytes>"``;
    when the bytes are not UTF-8, :mod:`sqlite3` raises UnicodeDecodeError instead of the error.
    """
    data = error.object if isinstance(error.object, bytes) else b""
    text = data.decode("utf-8", "replace")
    return text if text.lower().startswith(("malformed", "database disk image")) else None


def _matches(error: BaseException, codes: set[int], phrases: tuple[str, ...]) -> bool:
    for link in _chain(error):
        if isinstance(link, UnicodeDecodeError):
            text = (_unreadable_message(link) or "").lower()
        elif isinstance(link, sqlite3.Error):
            code = _primary_code(link)
            if code is not None and code in codes:
                return True
            text = str(link).lower()
        else:
            continue
        if any(phrase in text for phrase in phrases):
            return True
    return False


def is_damage_error(error: BaseException) -> bool:
    """True when SQLite says the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    return _matches(
        error,
        {_SQLITE_CORRUPT, _SQLITE_NOTADB},
        ("database disk image is malformed", "malformed database schema", "file is not a database"),
    )


def is_storage_full_error(error: BaseException) -> bool:
    """True for "database or disk is full" (SQLITE_FULL) and "disk I/O error" (SQLITE_IOERR)."""
    return _matches(error, {_SQLITE_FULL, _SQLITE_IOERR}, ("database or disk is full", "disk i/o error"))


def is_busy_error(error: BaseException) -> bool:
    """True for "database is locked": another connection held the lock longer than the busy timeout."""
    return _matches(error, {_SQLITE_BUSY, _SQLITE_LOCKED}, ("database is locked", "database table is locked"))


def is_cannot_open_error(error: BaseException) -> bool:
    """True when SQLite cannot open or write the file at all (SQLITE_CANTOPEN, SQLITE_READONLY,
    SQLITE_PERM): a folder where the database should be, or a file this user may not write."""
    return _matches(
        error,
        {_SQLITE_CANTOPEN, _SQLITE_READONLY, _SQLITE_PERM},
        ("unable to open database file", "attempt to write a readonly database"),
    )


def damage_in(error: BaseException, path: str | Path) -> DatabaseDamaged | None:
    """A :class:`DatabaseDamaged` for ``error`` when it (or its cause) is SQLite reporting damage."""
    if not is_damage_error(error):
        return None
    for link in _chain(error):
        if isinstance(link, UnicodeDecodeError) and _unreadable_message(link):
            return DatabaseDamaged(path, [str(_unreadable_message(link))])
        if isinstance(link, sqlite3.Error):
            return DatabaseDamaged(path, [str(link)])
    return DatabaseDamaged(path, [str(error)])  # pragma: no cover - is_damage_error found one


async def quick_check(db: Database) -> list[str]:
    """The rows of ``PRAGMA quick_check``; empty when the database is fine ("ok").

    A database so damaged that SQLite cannot even run the check gives SQLite's error as the
    one row.
    """
    try:
        rows = await db.fetch_all("PRAGMA quick_check")
        problems = [str(row[0]) for row in rows]
    except UnicodeDecodeError as error:
        return [_unreadable_message(error) or "database disk image is malformed (unreadable report)"]
    except sqlite3.DatabaseError as error:
        if is_damage_error(error):
            return [str(error)]
        raise
    return [] if problems == ["ok"] else problems


async def check_database_file(path: str | Path) -> list[str]:
    """:func:`quick_check` on the database file before anything else opens it; [] when fine or absent.

    Opens a bare connection: no PRAGMAs, no migrations, so nothing is written into a damaged
    file. ``":memory:"`` and a file that does not exist yet (a first start) have nothing to check.
    """
    if str(path) == ":memory:" or not Path(path).exists():
        return []
    try:
        conn = await aiosqlite.connect(str(path), isolation_level=None)
    except sqlite3.DatabaseError as error:
        if is_damage_error(error):
            return [str(error)]
        raise
    db = Database(conn, str(path))
    try:
        return await quick_check(db)
    finally:
        await db.close()


# -- reports ----------------------------------------------------------------------------------


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


# -- small file helpers (blocking; run in a worker thread) ------------------------------------


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return moment.astimezone(timezone.utc).strftime(_STAMP_FORMAT)


def _content_name(relative: str) -> str | None:
    """The sha256 a content-addressed path ``ab/cd/<sha256>`` promises, else None."""
    match = _CONTENT_PATH_RE.fullmatch(relative)
    if match is None or match[3][:4] != match[1] + match[2]:
        return None
    return match[3]


def _safe_relative(relative: object) -> str | None:
    """``relative`` when it is a plain relative POSIX path inside a folder, else None."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return None
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("", ".", "..") for part in relative.split("/")):
        return None
    return path.as_posix()


class _CopyMismatch(Exception):
    """The copy read back differs from what was read from the source."""


def _copy_verified(source: Path, dest: Path, expected_sha256: str | None = None) -> tuple[str, int] | None:
    """Copy ``source`` to ``dest`` through a temporary name; return (sha256, size).

    The copy is fsynced and read back; it is renamed into place only when it hashes like the
    source. With ``expected_sha256`` (a content-addressed file), a source whose content does not
    match is not copied and None is returned.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=".part")
    temp = Path(temp_name)
    try:
        hasher = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out, open(source, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
                hasher.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        digest = hasher.hexdigest()
        if expected_sha256 is not None and digest != expected_sha256:
            temp.unlink()
            return None
        if sha256_file(temp) != (digest, size):
            raise _CopyMismatch(str(dest))
        os.replace(temp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    return digest, size


def _write_json_atomic(path: Path, value: Any) -> None:
    write_file_atomic(path, (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def _os_failure(error: OSError, note_id: str = "", note_en: str = "") -> BackupError:
    """A clear BackupError for a failed read or write (a full disk named as such)."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC:
        reason_id, reason_en = f"ruang disk penuh{where}", "no space left on the device"
    else:
        reason = error.strerror or str(error)
        reason_id, reason_en = f"{reason}{where}", reason
    return BackupError(reason_id + note_id, reason_en + note_en)


# -- reading a database copy ------------------------------------------------------------------


async def _open_readonly(path: Path) -> Database:
    """A :class:`Database` on ``path`` opened read-only: reading a backup never changes it."""
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    return Database(conn, str(path))


@dataclass(frozen=True)
class _Facts:
    """What a database copy says about itself."""

    schema_version: int
    documents: int
    stored_paths: tuple[str, ...]
    audit_entries: int
    audit: AuditCheck


async def _read_facts(path: Path, audit_log: AuditLog) -> _Facts:
    db = await _open_readonly(path)
    try:
        version = await db.fetch_value("SELECT MAX(version) FROM schema_migrations")
        documents = await db.fetch_value("SELECT COUNT(*) FROM documents")
        paths = [str(row[0]) for row in await db.fetch_all("SELECT DISTINCT stored_path FROM documents ORDER BY 1")]
        entries = await db.fetch_value("SELECT COUNT(*) FROM audit_log")
        audit = await audit_log.verify(db)
    finally:
        await db.close()
    return _Facts(int(version or 0), int(documents), tuple(paths), int(entries), audit)


def _unsigned(manifest: dict[str, Any]) -> str:
    """What a manifest's signature covers: its canonical JSON without the signature."""
    return canonical_json({name: value for name, value in manifest.items() if name != "signature"})


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


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
            problems = _integrity_problems(target)
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
            expected = _content_name(relative)
            try:
                linked = (
                    _link_from_previous(source, dest_root / relative, previous_root / relative, expected)
                    if previous_root is not None and expected is not None else None
                )
                result.linked += linked is not None
                copied = linked or _copy_verified(source, dest_root / relative, expected)
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
    stamp = _stamp(moment)
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
        raise _os_failure(error) from error
    try:
        copy = staging / BACKUP_DATABASE_NAME
        problems = await asyncio.to_thread(_online_copy, db_path, copy)
        if problems:
            raise BackupError(
                f"salinan basis data tidak lolos integrity_check ({problems[0]}); basis data aktif mungkin rusak",
                "the database copy fails integrity_check; the live database may be damaged",
            )
        try:
            facts = await _read_facts(copy, audit_log)
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
        manifest["signature"] = audit_log.sign(_unsigned(manifest))
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
            raise _os_failure(error) from error
        if isinstance(error, sqlite3.Error):
            raise BackupError(
                f"basis data {db_path} tidak dapat disalin: {error}", f"the database cannot be copied: {error}"
            ) from error
        if isinstance(error, _CopyMismatch):
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


# -- restore: finding and checking a backup ----------------------------------------------------


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


@dataclass(frozen=True)
class _CheckedBackup:
    path: Path
    manifest: dict[str, Any]
    files: dict[str, tuple[str, int]]
    facts: _Facts
    missing_files: tuple[str, ...]


def _invalid(indonesian: str, english: str) -> BackupInvalid:
    return BackupInvalid(f"cadangan tidak lolos pemeriksaan: {indonesian}", f"the backup fails its own checks: {english}")


def _load_manifest(folder: Path, audit_log: AuditLog) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _invalid(f"{MANIFEST_NAME} tidak terbaca ({error})", f"{MANIFEST_NAME} cannot be read") from error
    if isinstance(manifest, dict) and manifest.get("format") == "ppid-backup/1":
        raise _invalid(
            f"{MANIFEST_NAME} berformat lama tanpa tanda tangan, isinya tidak dapat dipercaya; buat cadangan baru",
            f"{MANIFEST_NAME} is of the old unsigned format",
        )
    signature = manifest.get("signature") if isinstance(manifest, dict) else None
    if not isinstance(signature, str) or not hmac.compare_digest(signature, audit_log.sign(_unsigned(manifest))):
        raise _invalid(
            f"tanda tangan {MANIFEST_NAME} tidak cocok dengan kunci audit: cadangan diubah setelah dibuat, "
            "atau dibuat dengan kunci audit lain",
            f"the signature of {MANIFEST_NAME} does not match the audit key",
        )
    database = manifest.get("database")
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or not isinstance(database, dict)
        or not isinstance(database.get("sha256"), str)
        or not isinstance(database.get("size"), int)
        or not isinstance(database.get("schema_version"), int)
        or not isinstance(manifest.get("files"), list)
        or not isinstance(manifest.get("missing_files", []), list)
    ):
        raise _invalid(f"{MANIFEST_NAME} bukan manifest cadangan bot ini", f"{MANIFEST_NAME} is not a manifest of this bot")
    return manifest


def _manifest_files(manifest: dict[str, Any]) -> dict[str, tuple[str, int]]:
    files: dict[str, tuple[str, int]] = {}
    for entry in manifest["files"]:
        path = _safe_relative(entry.get("path")) if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if (
            path is None
            or path.split("/")[0] == STAGING_DIR
            or not isinstance(digest, str)
            or not re.fullmatch(r"[0-9a-f]{64}", digest)
            or not isinstance(size, int)
            or path in files
        ):
            raise _invalid(f"entri berkas tidak sah di {MANIFEST_NAME}: {entry!r}", "a file entry is not valid")
        files[path] = (digest, size)
    return files


def _files_on_disk(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    found: set[str] = set()
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            found.add((Path(dirpath) / name).relative_to(root).as_posix())
    return found


def _check_backup_files(folder: Path, files: dict[str, tuple[str, int]]) -> None:
    """Every file of the manifest is there, hashes as recorded (and as named); no file was added."""
    root = folder / BACKUP_FILES_DIR
    on_disk = _files_on_disk(root)
    absent = sorted(set(files) - on_disk)
    if absent:
        raise _invalid(f"berkas hilang dari cadangan: {absent[0]}", f"a file is missing from the backup: {absent[0]}")
    extra = sorted(on_disk - set(files))
    if extra:
        raise _invalid(f"berkas tak dikenal di cadangan: {extra[0]}", f"an unknown file is in the backup: {extra[0]}")
    for relative, (digest, size) in sorted(files.items()):
        path = root / relative
        if path.is_symlink():
            raise _invalid(f"berkas cadangan adalah tautan: {relative}", f"a backup file is a link: {relative}")
        if sha256_file(path) != (digest, size):
            raise _invalid(
                f"isi berkas {relative} berubah (sha256 tidak cocok)", f"the content of {relative} changed (sha256 mismatch)"
            )
        named = _content_name(relative)
        if named is not None and named != digest:
            raise _invalid(f"berkas {relative} tidak cocok dengan namanya", f"{relative} does not match its name")


def _schema_difference(db_file: Path, version: int) -> tuple[str, str] | None:
    """The first way the backup's schema differs from the migrations' (Indonesian, English), or None."""
    conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        found = read_schema(conn)
    finally:
        conn.close()
    expected = expected_schema(version)
    for kind, name in sorted(set(expected) - set(found)):
        return f"{kind} {name} hilang", f"{kind} {name} is missing"
    for kind, name in sorted(set(found) - set(expected)):
        return f"{kind} {name} tidak dikenal migrasi", f"{kind} {name} is not made by the migrations"
    for kind, name in sorted(expected):
        if found[(kind, name)] != expected[(kind, name)]:
            return f"{kind} {name} diubah", f"{kind} {name} was changed"
    return None


# Audit actions that take a role away from the person they are about (any other entry about a
# user that names a role grants it: role.grant, invite.redeem).
_REVOKING_ACTIONS = frozenset({"role.revoke", "user.deactivate"})


def _unaccounted_admins(db_file: Path) -> list[int]:
    """People holding the admin role in the database whose grant the audit chain does not record.

    Replays the chain's entries about users: one naming ``"role": "admin"`` grants it (unless
    its action revokes), ``role.revoke`` of admin and ``user.deactivate`` take it away. A role
    row written behind the bot's back (an SQL shell, a tool) has no such entry.
    """
    conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        held = {int(row[0]) for row in conn.execute(
            "SELECT telegram_id FROM user_roles WHERE role = 'admin' AND revoked_at IS NULL"
        )}
        granted: set[int] = set()
        rows = conn.execute(
            "SELECT action, entity_id, details FROM audit_log WHERE entity_type = 'user' ORDER BY id"
        )
        for action, entity_id, details_text in rows:
            try:
                person = int(entity_id)
                details = json.loads(details_text)
            except (TypeError, ValueError):
                continue
            if action == "user.deactivate":
                granted.discard(person)
            elif isinstance(details, dict) and details.get("role") == "admin":
                (granted.discard if action in _REVOKING_ACTIONS else granted.add)(person)
    finally:
        conn.close()
    return sorted(held - granted)


async def _check_backup(folder: Path, audit_log: AuditLog, force: bool) -> _CheckedBackup:
    manifest = await asyncio.to_thread(_load_manifest, folder, audit_log)
    database = manifest["database"]
    db_file = folder / BACKUP_DATABASE_NAME
    if not db_file.is_file():
        raise _invalid(f"{BACKUP_DATABASE_NAME} tidak ada", f"{BACKUP_DATABASE_NAME} is missing")
    if await asyncio.to_thread(sha256_file, db_file) != (database["sha256"], database["size"]):
        raise _invalid(
            f"berkas basis data berubah sejak dicadangkan (sha256 tidak cocok dengan {MANIFEST_NAME})",
            "the database file changed since the backup was made (sha256 mismatch)",
        )

    def integrity() -> list[str]:
        conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return _integrity_problems(conn)
        finally:
            conn.close()

    problems = await asyncio.to_thread(integrity)
    if problems:
        raise _invalid(f"basis data tidak lolos integrity_check: {problems[0]}", "the database fails integrity_check")
    try:
        facts = await _read_facts(db_file, audit_log)
    except sqlite3.Error as error:
        raise _invalid(f"basis data tidak terbaca ({error})", "the database cannot be read") from error
    if facts.schema_version != database["schema_version"]:
        raise _invalid("versi skema tidak cocok dengan manifest", "the schema version does not match the manifest")
    known = max((migration.version for migration in load_migrations()), default=0)
    if facts.schema_version > known:
        raise _invalid(
            f"skema versi {facts.schema_version} lebih baru daripada program ini (versi {known})",
            f"schema version {facts.schema_version} is newer than this program's ({known})",
        )
    difference = await asyncio.to_thread(_schema_difference, db_file, facts.schema_version)
    if difference is not None:
        raise _invalid(
            f"skema basis data berbeda dari hasil migrasi versi {facts.schema_version}: {difference[0]}",
            f"the schema differs from what the migrations make: {difference[1]}",
        )
    if not facts.audit.ok and not force:
        indonesian, english = describe_break(facts.audit)
        raise _invalid(
            f"{indonesian} (pakai --force untuk tetap memulihkan)", f"{english} (use --force to restore anyway)"
        )
    stray_admins = await asyncio.to_thread(_unaccounted_admins, db_file)
    if stray_admins:
        raise _invalid(
            f"peran admin pengguna {stray_admins[0]} tidak tercatat di log audit (ditambahkan di luar bot)",
            f"the admin role of user {stray_admins[0]} is not recorded in the audit log",
        )
    files = _manifest_files(manifest)
    await asyncio.to_thread(_check_backup_files, folder, files)
    known_missing = {str(path) for path in manifest.get("missing_files", [])}
    unaccounted = [path for path in facts.stored_paths if path not in files and path not in known_missing]
    if unaccounted:
        raise _invalid(
            f"berkas dokumen {unaccounted[0]} tidak ada di cadangan", f"the document file {unaccounted[0]} is not in the backup"
        )
    bad_paths = [path for path in facts.stored_paths if _safe_relative(path) is None]
    if bad_paths:
        raise _invalid(f"stored_path tidak sah: {bad_paths[0]!r}", "a stored_path is not a safe relative path")
    missing = tuple(path for path in facts.stored_paths if path not in files)
    return _CheckedBackup(folder, manifest, files, facts, missing)


# -- restore: the live side ---------------------------------------------------------------------


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


def _stage(checked: _CheckedBackup, staged_db: Path, staged_files: Path) -> None:
    """Copy the backup next to the live data, verifying every copy against the manifest."""
    database = checked.manifest["database"]
    staged_db.parent.mkdir(parents=True, exist_ok=True)
    copied = _copy_verified(checked.path / BACKUP_DATABASE_NAME, staged_db, None)
    if copied != (database["sha256"], database["size"]):
        raise _invalid("salinan basis data berubah saat disalin", "the database changed while it was copied")
    os.chmod(staged_db, 0o600)
    staged_files.mkdir(parents=True, exist_ok=True)
    source_root = checked.path / BACKUP_FILES_DIR
    for relative, (digest, size) in sorted(checked.files.items()):
        target = staged_files / relative
        result = _copy_verified(source_root / relative, target, digest)
        if result != (digest, size):
            raise _invalid(f"berkas {relative} berubah saat disalin", f"{relative} changed while it was copied")
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
    checked = await _check_backup(folder, audit_log, force)
    await asyncio.to_thread(_check_not_in_use, db_path)
    stamp = await asyncio.to_thread(_aside_stamp, db_path, files_dir, _stamp(now or datetime.now(timezone.utc)))
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
            raise _os_failure(error, "; data lama tidak diubah", "; nothing was changed") from error
        if isinstance(error, _CopyMismatch):
            raise BackupError(
                f"salinan berbeda saat dibaca ulang: {error}; data lama tidak diubah",
                "a copy reads back differently; nothing was changed",
            ) from error
        raise

    # The result, checked once more where the bot will read it.
    restored = await _open_readonly(db_path)
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
