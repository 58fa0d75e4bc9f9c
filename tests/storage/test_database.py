"""The Database wrapper: transactions, the writer lock and what reads may see."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import pytest

from storage.database import (
    Database,
    DatabaseClosedError,
    NestedTransactionError,
    execute_later,
    open_database,
    write_statement,
)

from .builders import T0, insert


class Boom(Exception):
    """A failure inside a transaction."""


async def count_units(db: Database) -> int:
    return int(await db.fetch_value("SELECT COUNT(*) FROM units"))


async def test_transaction_commits_on_success(db: Database) -> None:
    async with db.transaction() as conn:
        assert conn.in_transaction
        await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
    assert not db.connection.in_transaction
    assert await count_units(db) == 1


async def test_transaction_rolls_back_on_exception(db: Database) -> None:
    with pytest.raises(Boom):
        async with db.transaction() as conn:
            await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
            await insert(conn, "users", telegram_id=1, full_name="x", created_at=T0)
            raise Boom
    assert not db.connection.in_transaction
    assert await count_units(db) == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM users") == 0


async def test_rollback_on_constraint_error_keeps_nothing(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
            await insert(conn, "units", name="bidang a", kind="bidang", created_at=T0)  # NOCASE duplicate
    assert await count_units(db) == 0


async def test_begin_immediate_takes_the_write_lock_with_the_first_statement(db: Database, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        async with db.transaction():
            # BEGIN IMMEDIATE travels with the first statement: before it, SQLite knows of no transaction.
            assert not db.connection._conn.in_transaction
            assert db.connection.in_transaction
            assert await db.fetch_value("SELECT COUNT(*) FROM units") == 0
            # Only a read so far, but the write lock is already ours: a read-then-write
            # transaction cannot fail half-way because another process started writing.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO units (name, kind, created_at) VALUES ('X', 'opd', ?)", (T0,))
        other.execute("INSERT INTO units (name, kind, created_at) VALUES ('X', 'opd', ?)", (T0,))
    finally:
        other.close()
    assert await count_units(db) == 1


async def test_nested_transaction_is_refused_not_deadlocked(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(NestedTransactionError):
            async with db.transaction():
                pass  # pragma: no cover


async def test_concurrent_transactions_are_serialised(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO kv_state VALUES ('t', 'counter', '0', ?)", (T0,))

    async def increment() -> None:
        async with db.transaction() as conn:
            async with conn.execute("SELECT value FROM kv_state WHERE namespace = 't'") as cursor:
                row = await cursor.fetchone()
            assert row is not None
            await asyncio.sleep(0)  # give every other task the chance to interleave
            await conn.execute("UPDATE kv_state SET value = ? WHERE namespace = 't'", (str(int(row[0]) + 1),))

    await asyncio.gather(*(increment() for _ in range(25)))
    assert await db.fetch_value("SELECT value FROM kv_state WHERE namespace = 't'") == "25"


@pytest.mark.parametrize("fail", [False, True])
async def test_reads_from_other_tasks_never_see_uncommitted_rows(db: Database, fail: bool) -> None:
    inserted = asyncio.Event()
    release = asyncio.Event()
    order: list[str] = []

    async def writer() -> None:
        with pytest.raises(Boom) if fail else contextlib.nullcontext():
            async with db.transaction() as conn:
                await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
                inserted.set()
                await release.wait()
                order.append("writer done")
                if fail:
                    raise Boom

    async def reader() -> int:
        await inserted.wait()
        count = await count_units(db)
        order.append("reader done")
        return count

    writer_task = asyncio.create_task(writer())
    reader_task = asyncio.create_task(reader())
    await inserted.wait()
    for _ in range(5):
        await asyncio.sleep(0)
    assert not reader_task.done(), "the read must wait for the open transaction"
    release.set()
    await writer_task
    assert await reader_task == (0 if fail else 1)
    assert order == ["writer done", "reader done"]


async def test_reads_inside_the_own_transaction_see_its_writes(db: Database) -> None:
    async with db.transaction() as conn:
        await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
        assert await count_units(db) == 1
        # A task spawned inside the transaction belongs to it as well.
        assert await asyncio.create_task(count_units(db)) == 1


@pytest.mark.parametrize("where", ["begin", "body"])
async def test_cancelled_transaction_rolls_back_and_frees_the_connection(db: Database, where: str) -> None:
    inserted = asyncio.Event()
    never = asyncio.Event()

    async def doomed() -> None:
        async with db.transaction() as conn:
            await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
            inserted.set()
            await never.wait()

    task = asyncio.create_task(doomed())
    if where == "begin":
        await asyncio.sleep(0)  # the task now waits for its first statement (BEGIN IMMEDIATE goes with it)
        assert not inserted.is_set()
    else:
        await inserted.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not db.connection.in_transaction
    async with db.transaction() as conn:
        await insert(conn, "units", name="Bidang B", kind="bidang", created_at=T0)
    assert [row[0] for row in await db.fetch_all("SELECT name FROM units")] == ["Bidang B"]


async def test_closed_database_refuses_use(db_path: Path) -> None:
    database = await open_database(db_path)
    await database.close()
    await database.close()  # idempotent
    with pytest.raises(DatabaseClosedError):
        await database.fetch_one("SELECT 1")
    with pytest.raises(DatabaseClosedError):
        async with database.transaction():
            pass  # pragma: no cover


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with db.transaction() as conn:
            await insert(
                conn,
                "info_items",
                summary="x",
                unit_id=999,
                category="setiap_saat",
                created_at=T0,
                updated_at=T0,
            )
    assert await db.fetch_value("SELECT COUNT(*) FROM info_items") == 0


def count_trips(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every trip to the connection's worker thread (the name of the function sent)."""
    trips: list[str] = []
    connection = db.connection
    send = type(connection).__mro__[1]._execute  # aiosqlite's own, below the pipelining

    async def counting(self: object, fn: object, *args: object, **kwargs: object) -> object:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await send(self, fn, *args, **kwargs)

    monkeypatch.setattr(type(connection).__mro__[1], "_execute", counting)
    return trips


async def test_begin_and_later_writes_travel_with_other_statements(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    trips = count_trips(db, monkeypatch)
    async with db.transaction() as conn:
        await execute_later(conn, write_statement, "INSERT INTO units (name, kind, created_at) VALUES ('A', 'opd', ?)", (T0,))
        await execute_later(conn, write_statement, "INSERT INTO units (name, kind, created_at) VALUES ('B', 'opd', ?)", (T0,))
        assert trips == []  # nothing has been sent yet, not even BEGIN
        # A read in the transaction sees the writes queued before it.
        assert await db.fetch_value("SELECT COUNT(*) FROM units") == 2
        await execute_later(conn, write_statement, "INSERT INTO units (name, kind, created_at) VALUES ('C', 'opd', ?)", (T0,))
    assert len(trips) == 2  # BEGIN + 2 inserts + the read; then the last insert + COMMIT
    assert [row[0] for row in await db.fetch_all("SELECT name FROM units ORDER BY id")] == ["A", "B", "C"]


async def test_a_failing_later_write_rolls_back_the_whole_transaction(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with db.transaction() as conn:
            await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
            await execute_later(
                conn,
                write_statement,
                "INSERT INTO info_items (summary, unit_id, category, created_at, updated_at) VALUES ('x', 999, 'setiap_saat', ?, ?)",
                (T0, T0),
            )
    assert not db.connection.in_transaction
    assert await count_units(db) == 0
    async with db.transaction() as conn:
        await insert(conn, "units", name="Bidang B", kind="bidang", created_at=T0)
    assert [row[0] for row in await db.fetch_all("SELECT name FROM units")] == ["Bidang B"]


async def test_a_transaction_abandoned_before_its_first_statement_sends_nothing(db: Database) -> None:
    with pytest.raises(Boom):
        async with db.transaction() as conn:
            await execute_later(conn, write_statement, "INSERT INTO units (name, kind, created_at) VALUES ('A', 'opd', ?)", (T0,))
            raise Boom
    assert not db.connection.in_transaction
    assert await count_units(db) == 0


async def test_outside_a_transaction_a_later_write_runs_at_once(db: Database) -> None:
    await execute_later(db.connection, write_statement, "INSERT INTO units (name, kind, created_at) VALUES ('A', 'opd', ?)", (T0,))
    assert await count_units(db) == 1


async def test_first_rows_of_several_queries_in_one_trip(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    async with db.transaction() as conn:
        await insert(conn, "units", name="Bidang A", kind="bidang", created_at=T0)
    trips = count_trips(db, monkeypatch)
    first, missing, count = await db.fetch_first_of_each(
        ("SELECT name FROM units WHERE name = ?", ("Bidang A",)),
        ("SELECT name FROM units WHERE name = ?", ("Bidang Z",)),
        ("SELECT COUNT(*) FROM units", ()),
    )
    assert len(trips) == 1
    assert first is not None and first[0] == "Bidang A"
    assert missing is None
    assert count is not None and count[0] == 1
