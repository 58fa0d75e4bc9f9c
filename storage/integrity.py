"""The integrity check made at every start (and by ``ppid-bot check``), and the full one a copy must pass.

:func:`quick_check` returns the rows of ``PRAGMA quick_check`` (empty when the database is fine);
the bot refuses to start on a damaged database with
:class:`storage.sqlite_errors.DatabaseDamaged`. :func:`check_database_file` makes that check on
the file before anything else opens it. :func:`integrity_problems` runs the slower, complete
``PRAGMA integrity_check`` that every backup copy, and every backup restored, must pass.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from storage.database import Database
from storage.sqlite_errors import is_damage_error, unreadable_message

__all__ = ["check_database_file", "integrity_problems", "quick_check"]


async def quick_check(db: Database) -> list[str]:
    """The rows of ``PRAGMA quick_check``; empty when the database is fine ("ok").

    A database so damaged that SQLite cannot even run the check gives SQLite's error as the
    one row.
    """
    try:
        rows = await db.fetch_all("PRAGMA quick_check")
        problems = [str(row[0]) for row in rows]
    except UnicodeDecodeError as error:
        return [unreadable_message(error) or "database disk image is malformed (unreadable report)"]
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


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """The rows of ``PRAGMA integrity_check`` on a blocking connection; empty when the copy is sound."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems
