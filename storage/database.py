"""The one SQLite connection of the process: opening, PRAGMAs, transactions, reads.

:func:`open_database` opens a single aiosqlite connection, sets the PRAGMAs
(WAL, foreign keys, busy timeout, ``synchronous=NORMAL``) and applies the
schema migrations. The connection runs in autocommit mode
(``isolation_level=None``): Python's sqlite3 never opens or commits a
transaction behind our back, so a transaction is exactly the
``BEGIN IMMEDIATE`` ... ``COMMIT`` that :meth:`Database.transaction` issues.

Concurrency model
-----------------
aiosqlite runs every call of a connection, in order, on one worker thread. Two
statements can therefore never run at the same moment, but the statements of
two tasks *can* interleave between awaits. Writes are made safe by an
``asyncio.Lock``: :meth:`Database.transaction` holds it from ``BEGIN`` to
``COMMIT``/``ROLLBACK``, so only one task at a time has a transaction open on
the connection. ``BEGIN IMMEDIATE`` also takes SQLite's write lock at once, so
another process (a CLI, a second bot) waits ``busy_timeout`` instead of failing
half-way through.

Reads (:meth:`Database.fetch_one`, :meth:`Database.fetch_all`,
:meth:`Database.fetch_value`) are single calls; a SELECT can never commit, roll
back or otherwise break an open transaction. But on a shared connection a read
issued while another task's transaction is open would see that transaction's
*uncommitted* rows, which may still be rolled back. The choice made here: a
read from outside the transaction waits until the open transaction has ended
(it briefly takes the same lock), so readers only ever see committed data. This
costs nothing in throughput, because the worker thread serialises everything
anyway; it only means a read may wait for a transaction's remaining
statements. A read made *inside* the owning transaction (same task, or a task
it spawned while the transaction is open) runs at once and sees the
transaction's own writes. Never await network I/O (Telegram) inside a
transaction: commit first, then talk.

Fewer trips to the worker thread
--------------------------------
A trip to aiosqlite's worker thread and back costs about 90 µs on a small server, more than
most of our indexed statements. The connection is therefore a :class:`PipelinedConnection`:
``BEGIN IMMEDIATE`` travels with a transaction's first statement, and writes whose result
nobody reads (an audit entry, a step event; see :func:`execute_later`) travel with the
transaction's next statement, at the latest its ``COMMIT``. They still run in order, inside
the transaction; an error in one surfaces at that later statement and rolls the whole
transaction back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import aiosqlite

from storage.migrations import add_sql_functions, apply_migrations, sha256_hex, snapshot_before_migrating

__all__ = [
    "Database",
    "DatabaseClosedError",
    "NestedTransactionError",
    "Params",
    "Written",
    "PipelinedConnection",
    "execute_each",
    "execute_later",
    "execute_write",
    "fetch_first",
    "fetch_first_of_each",
    "open_database",
    "run_on_connection",
    "sha256_hex",
    "write_statement",
]

LOG = logging.getLogger(__name__)

Params: TypeAlias = Iterable[Any] | Mapping[str, Any]

T = TypeVar("T")

MEMORY = ":memory:"
DEFAULT_BUSY_TIMEOUT_MS = 5000

# Tokens of the transactions the current context is inside (see Database._owns_transaction).
_ACTIVE_TRANSACTIONS: ContextVar[frozenset[object]] = ContextVar("storage_active_transactions", default=frozenset())


class DatabaseClosedError(RuntimeError):
    """Raised when a closed :class:`Database` is used."""


class NestedTransactionError(RuntimeError):
    """Raised when a transaction is opened inside another one on the same database."""


class Database:
    """One aiosqlite connection with a writer lock. Create it with :func:`open_database`."""

    def __init__(self, connection: PipelinedConnection, path: str) -> None:
        self._connection = connection
        self._path = path
        self._lock = asyncio.Lock()
        self._transaction_token: object | None = None
        self._closed = False

    @property
    def path(self) -> str:
        """The database path as given (``:memory:`` for an in-memory database)."""
        return self._path

    @property
    def connection(self) -> PipelinedConnection:
        """The raw connection. Prefer :meth:`transaction` and the fetch helpers: they keep the rules."""
        self._check_open()
        return self._connection

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise DatabaseClosedError("the database is closed")

    def _owns_transaction(self) -> bool:
        """True when the current context is inside this database's open transaction."""
        token = self._transaction_token
        return token is not None and token in _ACTIVE_TRANSACTIONS.get()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PipelinedConnection]:
        """Run a write transaction: ``async with db.transaction() as conn: ...``.

        Takes the writer lock, issues ``BEGIN IMMEDIATE``, yields the connection,
        then commits, or rolls back if the block raises (cancellation included).
        Transactions do not nest: opening one inside another raises
        :class:`NestedTransactionError` instead of deadlocking. A task cancelled
        while COMMIT is already queued gets ``CancelledError`` although the
        commit still completes (the worker thread finishes what it was given).
        """
        self._check_open()
        if self._owns_transaction():
            raise NestedTransactionError("a transaction is already open in this context; pass its connection on")
        async with self._lock:
            self._check_open()
            conn = self._connection
            token = object()
            self._transaction_token = token
            context_token = _ACTIVE_TRANSACTIONS.set(_ACTIVE_TRANSACTIONS.get() | {token})
            try:
                # Inside the try: if the task is cancelled once BEGIN has been queued with a
                # statement, BEGIN still runs on the worker thread, and the rollback below undoes it.
                conn.begin_with_next_trip()
                yield conn
                # An explicit COMMIT (not conn.commit()) fails loudly if SQLite already
                # rolled the transaction back on its own (disk full, I/O error).
                await conn.execute("COMMIT")
            except BaseException:
                conn.discard_unsent()
                try:
                    # No-op when no transaction is active (it never began, or SQLite ended it).
                    await conn.rollback()
                except Exception:  # pragma: no cover - the original error matters more
                    LOG.exception("rollback failed")
                raise
            finally:
                _ACTIVE_TRANSACTIONS.reset(context_token)
                self._transaction_token = None

    @asynccontextmanager
    async def _read_gate(self) -> AsyncIterator[aiosqlite.Connection]:
        """Give a read the connection once no other context's transaction is open."""
        self._check_open()
        if self._owns_transaction():
            yield self._connection
            return
        async with self._lock:
            self._check_open()
            yield self._connection

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """Run a query and return its first row, or ``None``. Sees committed data only.

        One trip to the connection's worker thread (see :func:`fetch_first`).
        """
        async with self._read_gate() as conn:
            return await fetch_first(conn, sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Run a query and return all its rows. Sees committed data only."""
        async with self._read_gate() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetch_first_of_each(self, *queries: tuple[str, Params]) -> list[aiosqlite.Row | None]:
        """The first row (or ``None``) of each ``(sql, params)`` query, all in one trip.

        For reads that always go together (a cycle and its item): each trip to the worker thread
        costs more than such a query itself. Sees committed data only, like the other reads.
        """
        async with self._read_gate() as conn:
            return await fetch_first_of_each(conn, queries)

    async def fetch_by_keys(self, table: str, key: str, values: Collection[Any]) -> list[aiosqlite.Row]:
        """Every row of `table` whose `key` column is one of `values`, in one query (a JSON array
        bound once, so any number of values fits). `table` and `key` are the caller's constants."""
        if not values:
            return []
        return await self.fetch_all(
            f"SELECT * FROM {table} WHERE {key} IN (SELECT value FROM json_each(?))", (json.dumps(sorted(set(values))),)
        )

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or ``None``."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def close(self) -> None:
        """Wait for an open transaction to finish, then close the connection. Idempotent."""
        if self._closed:
            return
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            await self._connection.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _first_row(conn: sqlite3.Connection, sql: str, params: Params) -> Any:
    cursor = conn.execute(sql, params)  # type: ignore[arg-type]
    try:
        return cursor.fetchone()
    finally:
        cursor.close()


def _first_rows(conn: sqlite3.Connection, queries: list[tuple[str, Params]]) -> list[Any]:
    return [_first_row(conn, sql, params) for sql, params in queries]


def write_statement(conn: sqlite3.Connection, sql: str, params: Params) -> Written:
    """(On the connection's thread.) Run one write statement; its rowcount and lastrowid."""
    cursor = conn.execute(sql, params)  # type: ignore[arg-type]
    try:
        return Written(cursor.rowcount, cursor.lastrowid)
    finally:
        cursor.close()


def _write_each(conn: sqlite3.Connection, sql: str, rows: list[Params]) -> list[int]:
    counts: list[int] = []
    for params in rows:
        cursor = conn.execute(sql, params)  # type: ignore[arg-type]
        counts.append(cursor.rowcount)
        cursor.close()
    return counts


@dataclass(frozen=True)
class Written:
    """What a write statement reports: rows changed and, for an INSERT, the new rowid."""

    rowcount: int
    lastrowid: int | None


# One trip to the connection's thread per call
# ---------------------------------------------
# aiosqlite runs every call on its worker thread and hands the result back to the event loop;
# that hand-over costs about as much as a small indexed query, and ``async with conn.execute(...)
# as cursor: await cursor.fetchone()`` makes three of them (execute, fetchone, close). The helpers
# below do the same work in one trip. aiosqlite has no public call for that, so they queue a
# function with ``Connection._execute``, the method its own helpers (``execute_fetchall``,
# ``execute_insert``) are built on. They work inside a transaction (pass its ``conn``) as well as
# outside (the fetch helpers of :class:`Database` use them).


async def run_on_connection(conn: aiosqlite.Connection, function: Callable[..., T], *args: Any) -> T:
    """Run ``function(sqlite3_connection, *args)`` on ``conn``'s worker thread, in its queue order."""
    return await conn._execute(function, conn._conn, *args)  # type: ignore[no-any-return]


async def execute_later(conn: aiosqlite.Connection, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(sqlite3_connection, *args)``, whose result nobody needs, as late as allowed.

    Inside a transaction of a :class:`PipelinedConnection` it goes with the transaction's next
    trip (at the latest its COMMIT); anywhere else it runs now.
    """
    if isinstance(conn, PipelinedConnection) and conn.in_transaction:
        conn.send_with_next_trip(function, *args)
    else:
        await run_on_connection(conn, function, *args)


class PipelinedConnection(aiosqlite.Connection):
    """aiosqlite's connection, plus statements that wait to travel with the next trip.

    Everything still runs on the one worker thread, in the order it was asked for; only the
    number of hand-overs between the threads goes down (see the module docstring).
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int = 64) -> None:
        super().__init__(connector, iter_chunk_size)
        self._begin_pending = False
        self._unsent: list[Callable[[], Any]] = []

    @property
    def in_transaction(self) -> bool:
        """True inside a transaction, including one whose BEGIN waits for its first statement."""
        return self._begin_pending or super().in_transaction

    def begin_with_next_trip(self) -> None:
        """Open a write transaction (``BEGIN IMMEDIATE``) together with the next statement."""
        self._begin_pending = True

    def send_with_next_trip(self, function: Callable[..., Any], *args: Any) -> None:
        """Queue ``function(sqlite3_connection, *args)`` to run just before the next trip's own call."""
        self._unsent.append(partial(function, self._conn, *args))

    def discard_unsent(self) -> None:
        """Forget what has not been sent yet (the transaction is being abandoned)."""
        self._begin_pending = False
        self._unsent = []

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._begin_pending and not self._unsent:
            return await super()._execute(fn, *args, **kwargs)
        before = self._unsent
        if self._begin_pending:
            before = [partial(_begin_immediate, self._conn), *before]
        self._begin_pending = False
        self._unsent = []
        return await super()._execute(_run_in_order, before, partial(fn, *args, **kwargs))


def _begin_immediate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")


def _run_in_order(before: list[Callable[[], Any]], call: Callable[[], T]) -> T:
    """(On the worker thread.) The queued calls, then the trip's own call, whose result is returned."""
    for queued in before:
        queued()
    return call()


async def fetch_first(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> aiosqlite.Row | None:
    """The first row of a query (or of an ``INSERT ... RETURNING``) on ``conn``, in one trip."""
    return await run_on_connection(conn, _first_row, sql, params)  # type: ignore[no-any-return]


async def fetch_first_of_each(conn: aiosqlite.Connection, queries: Iterable[tuple[str, Params]]) -> list[Any]:
    """The first row (or None) of each ``(sql, params)`` query (or ``INSERT ... RETURNING``) on
    ``conn``, in order, in one trip."""
    return await run_on_connection(conn, _first_rows, list(queries))  # type: ignore[no-any-return]


async def execute_write(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> Written:
    """Run one write statement on ``conn`` in one trip; its rowcount and lastrowid."""
    return await run_on_connection(conn, write_statement, sql, params)


async def execute_each(conn: aiosqlite.Connection, sql: str, rows: Iterable[Params]) -> list[int]:
    """Run one statement once per parameter row, in one trip; the rowcount of each run.

    Unlike ``executemany``, which reports one total, this tells which rows changed something
    (for example which ``INSERT ... ON CONFLICT DO NOTHING`` inserted).
    """
    return await run_on_connection(conn, _write_each, sql, list(rows))


async def _set_pragmas(conn: aiosqlite.Connection, *, in_memory: bool, busy_timeout_ms: int) -> None:
    """Apply the connection PRAGMAs and check the ones that can silently fail."""
    await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    if not in_memory:
        async with conn.execute("PRAGMA journal_mode = WAL") as cursor:
            row = await cursor.fetchone()
        mode = str(row[0]).lower() if row is not None else "?"
        if mode != "wal":
            LOG.warning("SQLite refused WAL mode (journal_mode=%s); continuing", mode)
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")
    async with conn.execute("PRAGMA foreign_keys") as cursor:
        row = await cursor.fetchone()
    if row is None or row[0] != 1:
        raise RuntimeError("this SQLite build cannot enforce foreign keys")


async def open_database(
    path: str | Path,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    migrate: bool = True,
) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date (a copy
    of an existing database is kept first when migrations are pending, see
    :func:`storage.migrations.snapshot_before_migrating`).

    The parent directory is created. ``":memory:"`` gives a private in-memory
    database (no WAL), handy in tests. With ``migrate=False`` the migrations
    are left to the caller (see :func:`storage.migrations.apply_migrations`).
    """
    if busy_timeout_ms < 0:
        raise ValueError("busy_timeout_ms must not be negative")
    in_memory = str(path) == MEMORY
    target = MEMORY if in_memory else str(Path(path))
    if not in_memory:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if migrate:  # an upgrade: the database as it was is kept before its migrations run
            await asyncio.to_thread(snapshot_before_migrating, Path(target))
    conn = await PipelinedConnection(partial(sqlite3.connect, target, isolation_level=None))
    try:
        conn.row_factory = aiosqlite.Row
        await _set_pragmas(conn, in_memory=in_memory, busy_timeout_ms=busy_timeout_ms)
        await run_on_connection(conn, add_sql_functions)
    except BaseException:
        await conn.close()
        raise
    db = Database(conn, target)
    if migrate:
        try:
            await apply_migrations(db)
        except BaseException:
            await db.close()
            raise
    return db
