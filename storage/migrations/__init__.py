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
import logging
import re
import sqlite3
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.timestamps import utc_now_text

if TYPE_CHECKING:
    from storage.database import Database

__all__ = [
    "Migration",
    "MigrationError",
    "apply_migrations",
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
        raise MigrationError(
            f"the database has schema versions this code does not know: {unknown}; is the code older than the data?"
        )
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
        LOG.info("applied migration %s", migration.filename)
        applied.append(migration.version)
    return applied


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
