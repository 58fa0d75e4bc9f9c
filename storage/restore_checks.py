"""What a restore checks in a backup before it touches anything, trusting nothing the backup says about itself.

:func:`check_backup` refuses (:class:`BackupInvalid`) a backup whose manifest's signature does not
match the office's audit key (so the database file's sha256 it names, and every file's, are the
ones made at backup time: any later edit of the backup is refused), whose database does not hash
as the manifest says, fails ``PRAGMA integrity_check``, has a broken audit chain (unless
``force``: then the break is reported), a schema that differs object by object (tables, indexes,
triggers, with their SQL) from what the migrations produce for its version (a dropped audit
trigger is refused), or an admin role the audit chain does not account for (a grant written
behind the bot's back); and a backup with a file that hashes otherwise than recorded (or named),
a file missing or added, or a ``documents.stored_path`` not there.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.audit import AuditLog, describe_break
from storage.backup_folder import (
    BACKUP_DATABASE_NAME,
    BACKUP_FILES_DIR,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    BackupError,
    DatabaseFacts,
    content_name,
    manifest_signature,
    read_facts,
    readonly_uri,
    safe_relative,
)
from storage.files import STAGING_DIR, sha256_file
from storage.integrity import integrity_problems
from storage.migrations import expected_schema, load_migrations, read_schema

__all__ = ["BackupInvalid", "CheckedBackup", "check_backup", "invalid"]


class BackupInvalid(BackupError):
    """The backup fails its own checks (changed, damaged or incomplete): it is not restored."""


@dataclass(frozen=True)
class CheckedBackup:
    """A backup that passed :func:`check_backup`: its manifest, its files (path -> sha256, size),
    what its database says, and the files already missing when it was made."""

    path: Path
    manifest: dict[str, Any]
    files: dict[str, tuple[str, int]]
    facts: DatabaseFacts
    missing_files: tuple[str, ...]


def invalid(indonesian: str, english: str) -> BackupInvalid:
    """The refusal of a backup that fails its own checks, said in Indonesian and English."""
    return BackupInvalid(f"cadangan tidak lolos pemeriksaan: {indonesian}", f"the backup fails its own checks: {english}")


def _load_manifest(folder: Path, audit_log: AuditLog) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise invalid(f"{MANIFEST_NAME} tidak terbaca ({error})", f"{MANIFEST_NAME} cannot be read") from error
    if isinstance(manifest, dict) and manifest.get("format") == "ppid-backup/1":
        raise invalid(
            f"{MANIFEST_NAME} berformat lama tanpa tanda tangan, isinya tidak dapat dipercaya; buat cadangan baru",
            f"{MANIFEST_NAME} is of the old unsigned format",
        )
    signature = manifest.get("signature") if isinstance(manifest, dict) else None
    if not isinstance(signature, str) or not hmac.compare_digest(signature, manifest_signature(manifest, audit_log)):
        raise invalid(
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
        raise invalid(f"{MANIFEST_NAME} bukan manifest cadangan bot ini", f"{MANIFEST_NAME} is not a manifest of this bot")
    return manifest


def _manifest_files(manifest: dict[str, Any]) -> dict[str, tuple[str, int]]:
    files: dict[str, tuple[str, int]] = {}
    for entry in manifest["files"]:
        path = safe_relative(entry.get("path")) if isinstance(entry, dict) else None
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
            raise invalid(f"entri berkas tidak sah di {MANIFEST_NAME}: {entry!r}", "a file entry is not valid")
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
        raise invalid(f"berkas hilang dari cadangan: {absent[0]}", f"a file is missing from the backup: {absent[0]}")
    extra = sorted(on_disk - set(files))
    if extra:
        raise invalid(f"berkas tak dikenal di cadangan: {extra[0]}", f"an unknown file is in the backup: {extra[0]}")
    for relative, (digest, size) in sorted(files.items()):
        path = root / relative
        if path.is_symlink():
            raise invalid(f"berkas cadangan adalah tautan: {relative}", f"a backup file is a link: {relative}")
        if sha256_file(path) != (digest, size):
            raise invalid(
                f"isi berkas {relative} berubah (sha256 tidak cocok)", f"the content of {relative} changed (sha256 mismatch)"
            )
        named = content_name(relative)
        if named is not None and named != digest:
            raise invalid(f"berkas {relative} tidak cocok dengan namanya", f"{relative} does not match its name")


def _schema_difference(db_file: Path, version: int) -> tuple[str, str] | None:
    """The first way the backup's schema differs from the migrations' (Indonesian, English), or None."""
    conn = sqlite3.connect(readonly_uri(db_file), uri=True)
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
    conn = sqlite3.connect(readonly_uri(db_file), uri=True)
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


async def check_backup(folder: Path, audit_log: AuditLog, force: bool) -> CheckedBackup:
    """The backup in ``folder`` with everything it says checked (see the module docstring);
    :class:`BackupInvalid` for the first thing that is not so."""
    manifest = await asyncio.to_thread(_load_manifest, folder, audit_log)
    database = manifest["database"]
    db_file = folder / BACKUP_DATABASE_NAME
    if not db_file.is_file():
        raise invalid(f"{BACKUP_DATABASE_NAME} tidak ada", f"{BACKUP_DATABASE_NAME} is missing")
    if await asyncio.to_thread(sha256_file, db_file) != (database["sha256"], database["size"]):
        raise invalid(
            f"berkas basis data berubah sejak dicadangkan (sha256 tidak cocok dengan {MANIFEST_NAME})",
            "the database file changed since the backup was made (sha256 mismatch)",
        )

    def integrity() -> list[str]:
        conn = sqlite3.connect(readonly_uri(db_file), uri=True)
        try:
            return integrity_problems(conn)
        finally:
            conn.close()

    problems = await asyncio.to_thread(integrity)
    if problems:
        raise invalid(f"basis data tidak lolos integrity_check: {problems[0]}", "the database fails integrity_check")
    try:
        facts = await read_facts(db_file, audit_log)
    except sqlite3.Error as error:
        raise invalid(f"basis data tidak terbaca ({error})", "the database cannot be read") from error
    if facts.schema_version != database["schema_version"]:
        raise invalid("versi skema tidak cocok dengan manifest", "the schema version does not match the manifest")
    known = max((migration.version for migration in load_migrations()), default=0)
    if facts.schema_version > known:
        raise invalid(
            f"skema versi {facts.schema_version} lebih baru daripada program ini (versi {known})",
            f"schema version {facts.schema_version} is newer than this program's ({known})",
        )
    difference = await asyncio.to_thread(_schema_difference, db_file, facts.schema_version)
    if difference is not None:
        raise invalid(
            f"skema basis data berbeda dari hasil migrasi versi {facts.schema_version}: {difference[0]}",
            f"the schema differs from what the migrations make: {difference[1]}",
        )
    if not facts.audit.ok and not force:
        indonesian, english = describe_break(facts.audit)
        raise invalid(
            f"{indonesian} (pakai --force untuk tetap memulihkan)", f"{english} (use --force to restore anyway)"
        )
    stray_admins = await asyncio.to_thread(_unaccounted_admins, db_file)
    if stray_admins:
        raise invalid(
            f"peran admin pengguna {stray_admins[0]} tidak tercatat di log audit (ditambahkan di luar bot)",
            f"the admin role of user {stray_admins[0]} is not recorded in the audit log",
        )
    files = _manifest_files(manifest)
    await asyncio.to_thread(_check_backup_files, folder, files)
    known_missing = {str(path) for path in manifest.get("missing_files", [])}
    unaccounted = [path for path in facts.stored_paths if path not in files and path not in known_missing]
    if unaccounted:
        raise invalid(
            f"berkas dokumen {unaccounted[0]} tidak ada di cadangan", f"the document file {unaccounted[0]} is not in the backup"
        )
    bad_paths = [path for path in facts.stored_paths if safe_relative(path) is None]
    if bad_paths:
        raise invalid(f"stored_path tidak sah: {bad_paths[0]!r}", "a stored_path is not a safe relative path")
    missing = tuple(path for path in facts.stored_paths if path not in files)
    return CheckedBackup(folder, manifest, files, facts, missing)

