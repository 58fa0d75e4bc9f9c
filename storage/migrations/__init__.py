"""Schema migrations: numbered SQL files in this package, applied in order.

Each file is named ``NNNN_name.sql`` (``0001_initial.sql``, ``0002_...``). The
number is the schema version and must be unique. :func:`apply_migrations`
(called by :func:`storage.database.open_database`) applies every file whose
version is not yet recorded in ``schema_migrations``, in numeric order, each
in its own ``BEGIN IMMEDIATE`` transaction together with its
``schema_migrations`` row, so a failing migration leaves no trace and the
ones before it stay applied. Re-running applies nothing.

The files ship as package data and are read with :mod:`importlib.resources`.

Writing a migration: never edit a file that has been released, add a new one.
``PRAGMA foreign_keys`` cannot change inside a transaction; for a table
rebuild (SQLite's 12-step ALTER) use ``PRAGMA defer_foreign_keys = ON`` in the
file. After each file the runner checks ``PRAGMA foreign_key_check`` and
refuses to commit a migration that leaves dangling references.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.timestamps import utc_now_text

if TYPE_CHECKING:
    from storage.database import Database

__all__ = [
    "Migration",
    "DatabaseNewerThanCode",
    "DatabaseOlderThanCode",
    "MigrationError",
    "SNAPSHOT_DIR",
    "snapshot_before_migrating",
    "apply_migrations",
    "require_current_schema",
    "expected_schema",
    "load_migrations",
    "read_schema",
    "split_sql_statements",
]

LOG = logging.getLogger(__name__)

_FILE_RE = re.compile(r"(?P<version>\d+)_(?P<name>[A-Za-z0-9_]+)\.sql")
_COMMENT_RE = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)

_CREATE_SCHEMA_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


class MigrationError(RuntimeError):
    """A migration file is misnamed, duplicated, broken, or the database is newer than the code."""


class DatabaseNewerThanCode(MigrationError):
    """The database records schema versions this code does not have: it was used by a newer
    release (an upgrade rolled back without its data, or a restore of a newer backup)."""

    def __init__(self, unknown: list[int], latest_known: int) -> None:
        super().__init__(
            f"the database has schema versions this code does not know: {unknown}; is the code older than the data?"
        )
        self.unknown = unknown
        self.latest_known = latest_known

    @property
    def indonesian(self) -> str:
        return (
            f"basis data ini sudah dipakai versi bot yang lebih baru (skema versi {max(self.unknown)}, kode ini "
            f"hanya sampai versi {self.latest_known}); pasang lagi versi kode yang lebih baru, atau pulihkan "
            "cadangan yang dibuat oleh versi ini"
        )


class DatabaseOlderThanCode(MigrationError):
    """A reader that never migrates (the static export) met a database with migrations pending."""

    def __init__(self, pending: list[int]) -> None:
        super().__init__(f"the database lacks schema versions {pending}: run the bot or `ppid-bot migrate` first")
        self.pending = pending

    @property
    def indonesian(self) -> str:
        return (
            f"skema basis data belum mutakhir (versi {', '.join(map(str, self.pending))} belum dipasang); "
            "jalankan bot atau `ppid-bot migrate` lebih dulu"
        )


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    filename: str
    sql: str


def load_migrations(source: Traversable | Path | None = None) -> list[Migration]:
    """Read the migration files from ``source`` (default: this package), sorted by version.

    Files not ending in ``.sql`` are ignored; a ``.sql`` file without a
    ``NNNN_name.sql`` name, or two files with the same number, is an error.
    """
    root: Traversable | Path = source if source is not None else importlib.resources.files(__name__)
    by_version: dict[int, Migration] = {}
    for entry in root.iterdir():
        if not entry.is_file() or not entry.name.endswith(".sql"):
            continue
        match = _FILE_RE.fullmatch(entry.name)
        if match is None:
            raise MigrationError(f"{entry.name}: a migration file must be named NNNN_name.sql")
        version = int(match["version"])
        if version < 1:
            raise MigrationError(f"{entry.name}: migration numbers start at 1")
        if version in by_version:
            raise MigrationError(
                f"migration number {version} is used twice: {by_version[version].filename} and {entry.name}"
            )
        by_version[version] = Migration(version, match["name"], entry.name, entry.read_text(encoding="utf-8"))
    return [by_version[version] for version in sorted(by_version)]


def _has_code(text: str) -> bool:
    return bool(_COMMENT_RE.sub("", text).replace(";", "").strip())


def split_sql_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements.

    Uses :func:`sqlite3.complete_statement`, so semicolons inside strings,
    comments and ``CREATE TRIGGER ... BEGIN ... END`` bodies are handled.
    (``executescript`` cannot be used: it commits any open transaction first.)
    """
    statements: list[str] = []
    buffer = ""
    parts = script.split(";")
    for part in parts[:-1]:
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if _has_code(buffer):
                statements.append(buffer.strip())
            buffer = ""
    buffer += parts[-1]
    if _has_code(buffer):
        raise MigrationError(f"unterminated SQL statement at the end of the script: {buffer.strip()[:80]!r}")
    return statements


async def apply_migrations(db: Database, source: Traversable | Path | None = None) -> list[int]:
    """Apply the pending migrations in order; return the versions applied (empty when up to date)."""
    migrations = load_migrations(source)
    async with db.transaction() as conn:
        await conn.execute(_CREATE_SCHEMA_MIGRATIONS)
    recorded = {int(row[0]) for row in await db.fetch_all("SELECT version FROM schema_migrations")}
    unknown = sorted(recorded - {migration.version for migration in migrations})
    if unknown:
        raise DatabaseNewerThanCode(unknown, max((m.version for m in migrations), default=0))
    applied: list[int] = []
    for migration in migrations:
        if migration.version in recorded:
            continue
        statements = split_sql_statements(migration.sql)
        async with db.transaction() as conn:
            async with conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)) as cur:
                if await cur.fetchone() is not None:
                    continue  # another process applied it meanwhile
            for number, statement in enumerate(statements, start=1):
                try:
                    await conn.execute(statement)
                except sqlite3.Error as error:
                    first_line = statement.splitlines()[0][:80]
                    raise MigrationError(
                        f"{migration.filename}, statement {number} ({first_line!r}): {error}"
                    ) from error
            violations = list(await conn.execute_fetchall("PRAGMA foreign_key_check"))
            if violations:
                raise MigrationError(f"{migration.filename} leaves {len(violations)} foreign key violation(s)")
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, utc_now_text()),
            )
        LOG.debug("applied migration %s", migration.filename)
        applied.append(migration.version)
    if applied:
        LOG.info(
            "skema basis data diperbarui ke versi %s (%d migrasi) (schema migrated to version %s)",
            applied[-1], len(applied), applied[-1],
        )
    return applied


async def require_current_schema(db: Database, source: Traversable | Path | None = None) -> None:
    """Check, writing nothing, that every migration is applied to ``db`` (for a read-only opening:
    ``open_database(..., migrate=False)``). Raises :class:`DatabaseOlderThanCode` when some are
    pending, :class:`DatabaseNewerThanCode` when the database has versions this code lacks."""
    migrations = load_migrations(source)
    known = {migration.version for migration in migrations}
    has_table = await db.fetch_value(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    recorded = {int(row[0]) for row in await db.fetch_all("SELECT version FROM schema_migrations")} if has_table else set()
    unknown = sorted(recorded - known)
    if unknown:
        raise DatabaseNewerThanCode(unknown, max(known, default=0))
    pending = sorted(known - recorded)
    if pending:
        raise DatabaseOlderThanCode(pending)


SNAPSHOT_DIR = "sebelum-migrasi"  # beside the database: its copies from before each upgrade


def _recorded_versions(db_path: Path) -> set[int] | None:
    """The schema versions recorded in the database file, read without writing; None when the
    file is not a database of this bot yet (no file, or no migration ever recorded)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_migrations" not in tables:
            return None
        versions = {int(row[0]) for row in conn.execute("SELECT version FROM schema_migrations")}
        return versions or None
    finally:
        conn.close()


def snapshot_before_migrating(db_path: Path, now: datetime | None = None) -> Path | None:
    """Before an upgrade's migrations touch an existing database: a consistent copy of it (SQLite's
    online backup) in ``<its folder>/sebelum-migrasi/``, named by its schema version and the time,
    kept there for the office to go back to (stop the bot, put the copy back, start the older
    code). Returns the copy, or None when nothing is pending (or the database is new, or newer
    than the code, which :func:`apply_migrations` refuses). The migrations change only the
    database, so the stored files need no copy."""
    recorded = _recorded_versions(db_path)
    if recorded is None:
        return None
    known = {migration.version for migration in load_migrations()}
    if recorded - known or not known - recorded:
        return None
    folder = db_path.parent / SNAPSHOT_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    copy = folder / f"{db_path.stem}-skema{max(recorded)}-{stamp}{db_path.suffix}"
    source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(copy, isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()
    os.chmod(copy, 0o600)
    LOG.warning(
        "salinan basis data sebelum migrasi skema %s -> %s disimpan: %s (database copied before migrating)",
        max(recorded), max(known), copy,
    )
    return copy


def sha256_hex(text: str) -> str:
    """The SHA-256 of the UTF-8 text, in hex; also SQL's ``sha256_hex(text)`` (see below)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sql_sha256_hex(text: str | None) -> str | None:
    return None if text is None else sha256_hex(text)


def add_sql_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the migrations use (``sha256_hex``: 0007 hashes the stored invite tokens),
    on every connection that may run them: the bot's own and the schema built to compare a backup."""
    conn.create_function("sha256_hex", 1, _sql_sha256_hex, deterministic=True)


def read_schema(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """A database's schema: ``(type, name) -> sql`` for every table, index, trigger and view
    (SQLite's own ``sqlite_*`` objects left out; whitespace runs folded to one space)."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return {(str(kind), str(name)): " ".join(str(sql or "").split()) for kind, name, sql in rows}


def expected_schema(up_to: int, source: Traversable | Path | None = None) -> dict[tuple[str, str], str]:
    """The schema the migrations up to version ``up_to`` produce, built in a fresh in-memory
    database the way :func:`apply_migrations` builds it (see :func:`read_schema`)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        add_sql_functions(conn)
        conn.execute(_CREATE_SCHEMA_MIGRATIONS)
        for migration in load_migrations(source):
            if migration.version > up_to:
                break
            for statement in split_sql_statements(migration.sql):
                conn.execute(statement)
        return read_schema(conn)
    finally:
        conn.close()
