"""The tamper-evident audit log: one hash-chained entry per workflow change.

Every entry stores ``hash = sha256(prev_hash + canonical_json(entry))`` where
``canonical_json`` is ``json.dumps(..., sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` of the object ``{"at", "actor_id", "action",
"entity_type", "entity_id", "details"}`` (UTF-8 encoded), and ``prev_hash`` is
the previous entry's hash, 64 zeros for the first entry. Editing, deleting or
reordering an entry breaks the chain, and :meth:`AuditLog.verify` says where.

The table is append-only at the database level as well: triggers abort any
UPDATE or DELETE (see ``0001_initial.sql``).

:meth:`AuditLog.append` must be called inside the caller's
``db.transaction()``, so that a workflow change and its audit entry commit (or
roll back) together::

    async with db.transaction() as conn:
        await cycles.advance(conn, ...)
        await audit.append(conn, actor_id=user_id, action="cycle.advance",
                           entity_type="cycle", entity_id=cycle_id, details={...})
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from storage.database import Database, execute_later
from storage.timestamps import format_utc, utc_now

__all__ = ["GENESIS_HASH", "AuditCheck", "AuditEntry", "AuditLog", "BreakReason", "canonical_json", "entry_hash"]

GENESIS_HASH = "0" * 64

BreakReason = Literal["hash_mismatch", "chain_broken", "missing_entry"]


def canonical_json(value: Any) -> str:
    """Serialise ``value`` the one way the audit log hashes it (sorted keys, no spaces, no NaN)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def entry_hash(
    prev_hash: str,
    *,
    at: str,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str | None,
    details: Mapping[str, Any],
) -> str:
    """Compute an entry's hash from the previous hash and the entry's fields."""
    payload = canonical_json(
        {
            "at": at,
            "actor_id": actor_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "details": details,
        }
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """One stored audit entry."""

    id: int
    at: str
    actor_id: int | None
    action: str
    entity_type: str
    entity_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditCheck:
    """Result of :meth:`AuditLog.verify`.

    ``checked``: entries found intact (all of them when ``ok``; before the break
    otherwise). ``first_broken_id``: the first entry that fails, or, for a
    deleted entry, the id that is missing. ``reason``: ``hash_mismatch`` (the
    entry's content was changed), ``chain_broken`` (its prev_hash is not the
    previous entry's hash) or ``missing_entry`` (an id is missing).
    """

    checked: int
    first_broken_id: int | None = None
    reason: BreakReason | None = None

    @property
    def ok(self) -> bool:
        """True when the whole chain is intact."""
        return self.first_broken_id is None


class AuditLog:
    """Appends to and verifies the ``audit_log`` table.

    ``clock`` returns the current time as an aware datetime (default: real UTC
    time); pass a fake clock in simulations so entries carry simulated times.
    """

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock or utc_now

    async def append(
        self,
        conn: aiosqlite.Connection,
        *,
        actor_id: int | None,
        action: str,
        entity_type: str,
        entity_id: int | str | None,
        details: Mapping[str, Any],
        at: datetime | None = None,
    ) -> None:
        """Append one entry inside the caller's open transaction.

        ``details`` must be JSON-serialisable (a ``TypeError``/``ValueError``
        then aborts the caller's transaction, as it should). The entry is written
        with the transaction's next statement, at the latest its COMMIT (see
        :func:`storage.database.execute_later`).
        """
        if not conn.in_transaction:
            raise RuntimeError("AuditLog.append must be called inside db.transaction()")
        if not isinstance(details, Mapping):
            raise TypeError("details must be a mapping")
        at_text = format_utc(at if at is not None else self._clock())
        entity_text = None if entity_id is None else str(entity_id)
        details_text = canonical_json(details)
        # Round-trip so the hash covers exactly what verify() will read back.
        details_value = json.loads(details_text)
        # Read the previous hash, chain and insert in one go on the connection's thread: the
        # caller's transaction holds the write lock, so nothing can come between the read and
        # the insert.
        await execute_later(
            conn, _chain_and_insert, at_text, actor_id, action, entity_type, entity_text, details_text, details_value
        )

    async def entries(
        self, db: Database, *, entity_type: str | None = None, entity_id: int | str | None = None
    ) -> list[AuditEntry]:
        """Return entries in order, optionally only those about one entity."""
        sql = "SELECT * FROM audit_log"
        params: list[Any] = []
        if entity_type is not None:
            sql += " WHERE entity_type = ?"
            params.append(entity_type)
            if entity_id is not None:
                sql += " AND entity_id = ?"
                params.append(str(entity_id))
        rows = await db.fetch_all(sql + " ORDER BY id", params)
        return [_entry_from_row(row) for row in rows]

    async def verify(self, db: Database, *, batch_size: int = 1000) -> AuditCheck:
        """Walk the whole chain and report the first broken entry, if any."""
        expected_prev = GENESIS_HASH
        last_id = 0
        checked = 0
        while True:
            rows = await db.fetch_all(
                "SELECT id, at, actor_id, action, entity_type, entity_id, details, prev_hash, hash"
                " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                (last_id, batch_size),
            )
            if not rows:
                # Entries deleted at the tail leave no gap between rows, but AUTOINCREMENT's
                # sqlite_sequence still remembers the highest id ever handed out.
                row = await db.fetch_one(
                    "SELECT (SELECT MAX(id) FROM audit_log) AS max_id,"
                    " (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log') AS seq"
                )
                max_id = 0 if row is None or row["max_id"] is None else int(row["max_id"])
                if max_id > last_id:
                    continue  # appended while we were reading
                seq = 0 if row is None or row["seq"] is None else int(row["seq"])
                if seq > last_id:
                    return AuditCheck(checked, last_id + 1, "missing_entry")
                return AuditCheck(checked)
            for row in rows:
                entry_id = int(row["id"])
                if entry_id != last_id + 1:
                    return AuditCheck(checked, last_id + 1, "missing_entry")
                if row["prev_hash"] != expected_prev:
                    return AuditCheck(checked, entry_id, "chain_broken")
                if not _content_matches(row):
                    return AuditCheck(checked, entry_id, "hash_mismatch")
                checked += 1
                expected_prev = row["hash"]
                last_id = entry_id


def _chain_and_insert(
    conn: sqlite3.Connection,
    at_text: str,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_text: str | None,
    details_text: str,
    details_value: Any,
) -> None:
    """(On the connection's thread.) Chain an entry to the last one and insert it."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = GENESIS_HASH if row is None else str(row[0])
    digest = entry_hash(
        prev_hash,
        at=at_text,
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_text,
        details=details_value,
    )
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at_text, actor_id, action, entity_type, entity_text, details_text, prev_hash, digest),
    ).close()


def _content_matches(row: aiosqlite.Row) -> bool:
    """Recompute a stored row's hash; the details must also be stored canonically."""
    try:
        details = json.loads(row["details"])
        if not isinstance(details, dict) or canonical_json(details) != row["details"]:
            return False
        computed = entry_hash(
            row["prev_hash"],
            at=row["at"],
            actor_id=row["actor_id"],
            action=row["action"],
            entity_type=row["entity_type"],
            entity_id=row["entity_id"],
            details=details,
        )
    except (TypeError, ValueError):
        return False
    return computed == row["hash"]


def _entry_from_row(row: aiosqlite.Row) -> AuditEntry:
    return AuditEntry(
        id=int(row["id"]),
        at=row["at"],
        actor_id=row["actor_id"],
        action=row["action"],
        entity_type=row["entity_type"],
        entity_id=row["entity_id"],
        details=json.loads(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
