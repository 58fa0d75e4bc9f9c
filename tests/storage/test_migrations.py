"""Schema migrations: from empty, re-running, numbering and failure rules."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage.database import Database, open_database
from storage.migrations import (
    MigrationError,
    apply_migrations,
    load_migrations,
    split_sql_statements,
)

from .builders import T0, insert

EXPECTED_TABLES = {
    "schema_migrations",
    "units",
    "users",
    "user_roles",
    "invites",
    "info_items",
    "update_cycles",
    "step_events",
    "coordination",
    "documents",
    "reviews",
    "publications",
    "reminders",
    "conversation_state",
    "kv_state",
    "audit_log",
}


async def table_names(db: Database) -> set[str]:
    rows = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


def write_migrations(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, sql in files.items():
        (directory / name).write_text(sql, encoding="utf-8")
    return directory


async def test_fresh_database_has_every_table_and_records_versions(db: Database) -> None:
    assert EXPECTED_TABLES <= await table_names(db)
    rows = await db.fetch_all("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    shipped = load_migrations()
    assert [(row["version"], row["name"]) for row in rows] == [(m.version, m.name) for m in shipped]
    assert shipped[0].version == 1 and shipped[0].name == "initial"
    assert all(row["applied_at"].endswith("Z") for row in rows)


async def test_pragmas_are_set(db: Database) -> None:
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    assert await db.fetch_value("PRAGMA busy_timeout") == 5000
    assert await db.fetch_value("PRAGMA synchronous") == 1  # NORMAL
    assert db.connection.isolation_level is None


async def test_busy_timeout_is_configurable_and_memory_works(tmp_path: Path) -> None:
    database = await open_database(":memory:", busy_timeout_ms=1234)
    try:
        assert await database.fetch_value("PRAGMA busy_timeout") == 1234
        assert await database.fetch_value("PRAGMA journal_mode") == "memory"
        assert EXPECTED_TABLES <= await table_names(database)
    finally:
        await database.close()


async def test_parent_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "db.sqlite3"
    database = await open_database(path)
    await database.close()
    assert path.is_file()


async def test_rerun_applies_nothing_and_keeps_data(db_path: Path) -> None:
    database = await open_database(db_path)
    async with database.transaction() as conn:
        await insert(conn, "units", name="Bidang IKP", kind="bidang", created_at=T0)
    assert await apply_migrations(database) == []
    await database.close()

    database = await open_database(db_path)
    try:
        assert await apply_migrations(database) == []
        assert await database.fetch_value("SELECT name FROM units") == "Bidang IKP"
        assert await database.fetch_value("SELECT COUNT(*) FROM schema_migrations") == len(load_migrations())
    finally:
        await database.close()


async def test_duplicate_migration_number_is_an_error(tmp_path: Path) -> None:
    source = write_migrations(
        tmp_path / "migrations",
        {"0001_first.sql": "CREATE TABLE a (x);", "0001_second.sql": "CREATE TABLE b (x);"},
    )
    with pytest.raises(MigrationError, match="used twice"):
        load_migrations(source)
    database = await open_database(":memory:", migrate=False)
    try:
        with pytest.raises(MigrationError):
            await apply_migrations(database, source)
        assert "a" not in await table_names(database)
        assert "b" not in await table_names(database)
    finally:
        await database.close()


def test_misnamed_sql_file_is_an_error_and_other_files_are_ignored(tmp_path: Path) -> None:
    source = write_migrations(tmp_path / "ok", {"0001_a.sql": "SELECT 1;", "README.md": "notes", "__init__.py": ""})
    assert [m.filename for m in load_migrations(source)] == ["0001_a.sql"]
    bad = write_migrations(tmp_path / "bad", {"initial.sql": "SELECT 1;"})
    with pytest.raises(MigrationError, match="NNNN_name.sql"):
        load_migrations(bad)


@dataclass
class FakeEntry:
    """A package-data entry, for a source that lists its files in a chosen order."""

    name: str
    text: str = "SELECT 1;"

    def is_file(self) -> bool:
        return True

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.text


@dataclass
class FakeSource:
    entries: list[FakeEntry]

    def iterdir(self) -> Iterator[FakeEntry]:
        return iter(self.entries)


def test_migrations_are_sorted_by_number_not_by_listing_or_text() -> None:
    names = ["11_c.sql", "10_b.sql", "0002_a.sql", "9_z.sql"]
    source = FakeSource([FakeEntry(name) for name in names])
    loaded = load_migrations(source)  # type: ignore[arg-type]
    assert [m.version for m in loaded] == [2, 9, 10, 11]
    assert [m.filename for m in loaded] == ["0002_a.sql", "9_z.sql", "10_b.sql", "11_c.sql"]


async def test_migrations_apply_in_numeric_order_each_in_its_own_transaction(tmp_path: Path) -> None:
    source = write_migrations(
        tmp_path / "migrations",
        {
            "9_create.sql": "CREATE TABLE t (x INTEGER);",
            "10_fill.sql": "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);",
            "11_broken.sql": "CREATE TABLE u (y); INSERT INTO no_such_table VALUES (1);",
        },
    )
    database = await open_database(":memory:", migrate=False)
    try:
        with pytest.raises(MigrationError, match="11_broken.sql"):
            await apply_migrations(database, source)
        # 9 ran before 10 (10 needs the table), both committed; 11 left no trace.
        assert await database.fetch_value("SELECT COUNT(*) FROM t") == 2
        versions = [row[0] for row in await database.fetch_all("SELECT version FROM schema_migrations ORDER BY 1")]
        assert versions == [9, 10]
        assert "u" not in await table_names(database)
        # Fixing the broken file lets the next run apply only it.
        (source / "11_broken.sql").write_text("CREATE TABLE u (y);", encoding="utf-8")
        assert await apply_migrations(database, source) == [11]
        assert await apply_migrations(database, source) == []
    finally:
        await database.close()


async def test_database_newer_than_code_is_refused(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', ?)", (T0,))
    with pytest.raises(MigrationError, match="999"):
        await apply_migrations(db)


def test_split_handles_triggers_strings_and_comments() -> None:
    script = """
    -- a comment; with a semicolon
    CREATE TABLE a (x TEXT DEFAULT 'semi;colon');
    /* block; comment */
    CREATE TRIGGER t BEFORE DELETE ON a BEGIN
        SELECT RAISE(ABORT, 'no; never');
        SELECT 1;
    END;
    -- trailing comment
    """
    statements = split_sql_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("/* block; comment */")
    assert statements[1].endswith("END;")
    with pytest.raises(MigrationError, match="unterminated"):
        split_sql_statements("CREATE TABLE a (x); CREATE TABLE b (y)")


def test_shipped_initial_migration_runs_on_plain_sqlite() -> None:
    """The SQL needs nothing but SQLite itself (no custom functions)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for statement in split_sql_statements(load_migrations()[0].sql):
            conn.execute(statement)
    finally:
        conn.close()
