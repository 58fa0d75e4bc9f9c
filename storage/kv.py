"""JSON state tables for the PTB persistence: ``kv_state`` and ``conversation_state``.

The persistence class itself lives in ``bot/`` (storage never imports
telegram); it maps PTB's data onto these two stores:

* :class:`KeyValueStore` - ``(namespace, key) -> JSON``, e.g. namespace
  ``user_data`` with the user id as key, or ``bot_data`` with a fixed key.
* :class:`ConversationStore` - ``(handler name, key) -> JSON state``; PTB's
  conversation key is a tuple of ints, which the persistence encodes as text
  (e.g. ``json.dumps(list(key))``). PTB's "conversation ended" (state ``None``)
  maps to :meth:`ConversationStore.delete`.

Values are stored as JSON text (never pickle), so the database stays readable
and a code change cannot turn stored state into code. Anything
``json.dumps`` refuses raises ``TypeError``/``ValueError`` and aborts the
caller's transaction. Follows the storage pattern (see :mod:`storage`):
writes take the ``conn`` of the caller's ``db.transaction()``; reads go
through the :class:`Database`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeAlias, Union

import aiosqlite

from storage.database import Database, execute_write
from storage.timestamps import format_utc, utc_now

__all__ = ["ConversationStore", "JSONValue", "KeyValueStore", "dump_json", "load_json"]

JSONValue: TypeAlias = Union[None, bool, int, float, str, list["JSONValue"], dict[str, "JSONValue"]]


def dump_json(value: Any) -> str:
    """Serialise a value for storage (compact, UTF-8 kept, NaN/Infinity refused)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def load_json(text: str) -> JSONValue:
    """Parse stored JSON text."""
    value: JSONValue = json.loads(text)
    return value


class _JsonTable:
    """Shared code of the two stores: a table keyed by (group column, key) holding JSON."""

    _table: str
    _group: str
    _value: str

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    async def _get(self, group: str, key: str) -> tuple[bool, JSONValue]:
        row = await self._db.fetch_one(
            f"SELECT {self._value} FROM {self._table} WHERE {self._group} = ? AND key = ?", (group, key)
        )
        return (False, None) if row is None else (True, load_json(row[0]))

    async def _get_all(self, group: str) -> dict[str, JSONValue]:
        rows = await self._db.fetch_all(
            f"SELECT key, {self._value} FROM {self._table} WHERE {self._group} = ? ORDER BY key", (group,)
        )
        return {row[0]: load_json(row[1]) for row in rows}

    async def _set(self, conn: aiosqlite.Connection, group: str, key: str, value: Any) -> None:
        await conn.execute(
            f"INSERT INTO {self._table} ({self._group}, key, {self._value}, updated_at) VALUES (?, ?, ?, ?)"
            f" ON CONFLICT ({self._group}, key) DO UPDATE SET"
            f" {self._value} = excluded.{self._value}, updated_at = excluded.updated_at",
            (group, key, dump_json(value), format_utc(self._clock())),
        )

    async def _delete(self, conn: aiosqlite.Connection, group: str, key: str) -> bool:
        written = await execute_write(
            conn,
            f"DELETE FROM {self._table} WHERE {self._group} = ? AND key = ?", (group, key)
        )
        return written.rowcount > 0

    async def _delete_all(self, conn: aiosqlite.Connection, group: str) -> int:
        written = await execute_write(conn, f"DELETE FROM {self._table} WHERE {self._group} = ?", (group,))
        return written.rowcount


class KeyValueStore(_JsonTable):
    """``kv_state``: JSON values under (namespace, key)."""

    _table = "kv_state"
    _group = "namespace"
    _value = "value"

    async def get(self, namespace: str, key: str, default: JSONValue = None) -> JSONValue:
        """The stored value, or ``default`` when there is none (a stored JSON null is ``None``)."""
        found, value = await self._get(namespace, key)
        return value if found else default

    async def get_all(self, namespace: str) -> dict[str, JSONValue]:
        """Every key of a namespace with its value."""
        return await self._get_all(namespace)

    async def set(self, conn: aiosqlite.Connection, namespace: str, key: str, value: Any) -> None:
        """Insert or replace a value."""
        await self._set(conn, namespace, key, value)

    async def delete(self, conn: aiosqlite.Connection, namespace: str, key: str) -> bool:
        """Remove a value; False if there was none."""
        return await self._delete(conn, namespace, key)

    async def delete_namespace(self, conn: aiosqlite.Connection, namespace: str) -> int:
        """Remove every value of a namespace; return how many were removed."""
        return await self._delete_all(conn, namespace)


class ConversationStore(_JsonTable):
    """``conversation_state``: the JSON state of each persistent ConversationHandler conversation."""

    _table = "conversation_state"
    _group = "name"
    _value = "state"

    async def get(self, name: str, key: str) -> JSONValue:
        """The conversation's state, or ``None`` when it is not in a conversation."""
        _, value = await self._get(name, key)
        return value

    async def get_all(self, name: str) -> dict[str, JSONValue]:
        """Every conversation of a handler (``{key: state}``), as PTB's ``get_conversations`` wants."""
        return await self._get_all(name)

    async def set(self, conn: aiosqlite.Connection, name: str, key: str, state: Any) -> None:
        """Store a conversation's new state. ``None`` ends the conversation (deletes the row)."""
        if state is None:
            await self._delete(conn, name, key)
            return
        await self._set(conn, name, key, state)

    async def delete(self, conn: aiosqlite.Connection, name: str, key: str) -> bool:
        """End a conversation; False if there was none."""
        return await self._delete(conn, name, key)
