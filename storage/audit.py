"""The tamper-evident audit log: one keyed, hash-chained entry per workflow change.

Every entry stores ``hash = HMAC-SHA256(key, prev_hash + canonical_json(entry))`` where
``canonical_json`` is ``json.dumps(..., sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` of the object ``{"at", "actor_id", "action", "entity_type",
"entity_id", "details"}`` (UTF-8 encoded), ``prev_hash`` is the previous entry's hash (64
zeros for the first entry) and ``key`` is the audit key. Editing, deleting or reordering an
entry breaks the chain, and :meth:`AuditLog.verify` says where.

The table is append-only at the database level as well: triggers abort any UPDATE or DELETE
(see ``0001_initial.sql``).

The key
-------
32 random bytes in a file kept outside the database (``AUDIT_KEY_PATH``; by default
``audit.key`` beside the database), created with mode 0600 by :func:`open_audit_log` at the
first start. Without it nobody can compute a valid hash, so whoever holds only the database
(a copy, a backup, an SQL shell) cannot edit an entry and recompute the chain after it: the
recomputed entries fail :meth:`AuditLog.verify` under the real key.

A key file that is missing for a database whose chain already has keyed entries is an error
(:class:`AuditKeyMissing`), never a fresh key: a fresh key would let a forger "verify" a
rewritten chain by deleting the key file. A key file that exists for a chain that has entries
but no keyed one is an error too (the chain was rewritten without the key, or comes from an old
backup): :meth:`AuditLog.verify` reports it as ``unkeyed_entry`` at entry #1.

Upgrading a chain written before the key
-----------------------------------------
Entries written before the migration ``audit_hmac_key`` were hashed with plain sha256 (``keyed = 0``). They are
kept as they are and still verify with plain sha256. At the first start with the key,
:func:`open_audit_log` appends one keyed ``audit.keyed`` entry chained onto the last plain
entry (its details name how many plain entries it seals and their head). Rewriting any plain
entry changes the hash the seal chains onto, and only the key can re-sign the seal, so the old
entries are protected as well as the new ones from then on. A plain entry after a keyed one is a
forgery (``unkeyed_entry``). Re-hashing the old entries under the key was the alternative; it
was not chosen because it would rewrite (with the triggers dropped) the history this log is
there to keep, for no extra protection.

What the key proves, and what it does not
-----------------------------------------
* Without the key, entries cannot be edited, inserted, reordered, recomputed, or turned back
  into plain ones without :meth:`AuditLog.verify` saying so.
* Deleting the newest entries (and lowering ``sqlite_sequence``) leaves a shorter chain that is
  still valid under the key: no chain can prove its own length. That is caught outside the
  database: the daily digest tells every admin the head (the number of entries and the last
  hash) and writes it to the head file beside the key (:func:`write_published_head`);
  :meth:`AuditLog.verify` given that head refuses a chain that no longer holds it
  (``rolled_back``). Entries written after the last published head can still be cut off
  unnoticed by the chain; the next digest then shows fewer entries than the admins last read.
* Whoever holds the key can forge anything: keep it out of copies of the database (the bot's
  own backups leave it out and are signed with it, see :mod:`storage.backup_folder`), and keep a
  copy of it somewhere safe, apart from the backups.

:meth:`AuditLog.append` must be called inside the caller's ``db.transaction()``, so that a
workflow change and its audit entry commit (or roll back) together::

    async with db.transaction() as conn:
        await cycles.advance(conn, ...)
        await audit.append(conn, actor_id=user_id, action="cycle.advance",
                           entity_type="cycle", entity_id=cycle_id, details={...})
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import aiosqlite

from storage.database import Database, execute_later
from storage.errors import StorageError
from storage.files import fsync_directory, write_file_atomic
from storage.timestamps import format_utc, utc_now

__all__ = [
    "GENESIS_HASH",
    "KEY_SIZE",
    "SEAL_ACTION",
    "AuditCheck",
    "AuditEntry",
    "AuditHead",
    "AuditKeyError",
    "AuditKeyMissing",
    "AuditLog",
    "BreakReason",
    "canonical_json",
    "describe_break",
    "entry_hash",
    "open_audit_log",
    "published_head_path",
    "read_key",
    "read_published_head",
    "sign",
    "write_published_head",
]

GENESIS_HASH = "0" * 64
KEY_SIZE = 32
SEAL_ACTION = "audit.keyed"

BreakReason = Literal["hash_mismatch", "chain_broken", "missing_entry", "unkeyed_entry", "rolled_back"]

# What each break means, in Indonesian and English (for verify-audit, restore and the digest).
_BREAK_TEXT: dict[str, tuple[str, str]] = {
    "hash_mismatch": ("isi entri diubah (hash tidak cocok dengan kunci)", "the entry's content was changed"),
    "chain_broken": ("rantai putus (prev_hash bukan hash entri sebelumnya)", "the chain is broken before this entry"),
    "missing_entry": ("entri ini hilang (dihapus)", "this entry is missing (deleted)"),
    "unkeyed_entry": (
        "entri tanpa kunci audit (rantai ditulis ulang tanpa kunci)",
        "an entry without the audit key (the chain was rewritten without the key)",
    ),
    "rolled_back": (
        "log audit lebih pendek atau lain daripada kepala yang terakhir diumumkan ke admin (entri terbaru dihapus)",
        "the log is shorter than, or differs from, the head last published to the admins (newest entries deleted)",
    ),
}


class AuditKeyError(StorageError):
    """The audit key cannot be used. ``str()`` is one line: Indonesian (English)."""


class AuditKeyMissing(AuditKeyError):
    """The key file is gone although the chain has keyed entries: never replaced by a new key."""


def canonical_json(value: Any) -> str:
    """Serialise ``value`` the one way the audit log hashes it (sorted keys, no spaces, no NaN)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sign(key: bytes, message: str) -> str:
    """HMAC-SHA256 of ``message`` (UTF-8) under ``key``, as hex: the one keyed hash used here."""
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def entry_hash(
    prev_hash: str,
    *,
    at: str,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str | None,
    details: Mapping[str, Any],
    key: bytes | None = None,
) -> str:
    """An entry's hash from the previous hash and its fields: HMAC under ``key``, or plain
    sha256 for an entry written before the key (``key=None``)."""
    payload = prev_hash + canonical_json(
        {
            "at": at,
            "actor_id": actor_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "details": details,
        }
    )
    if key is None:
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return sign(key, payload)


# -- the key file and the published head ------------------------------------------------------


def read_key(path: Path) -> bytes | None:
    """The key in ``path``, or None when there is no such file; :class:`AuditKeyError` when unusable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise AuditKeyError(
            f"berkas kunci audit {path} tidak terbaca ({error.strerror})", f"the audit key file {path} cannot be read"
        ) from error
    if len(data) != KEY_SIZE:
        raise AuditKeyError(
            f"berkas kunci audit {path} bukan kunci yang sah ({len(data)} bita, seharusnya {KEY_SIZE})",
            f"the audit key file {path} is not a valid key",
        )
    return data


def _create_key(path: Path) -> bytes:
    """Write 32 new random bytes to ``path`` (mode 0600, never over an existing file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_SIZE)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    fsync_directory(path.parent)
    return key


def published_head_path(key_path: Path) -> Path:
    """Where the last head published to the admins is kept: beside the key (``audit.head``)."""
    return key_path.with_suffix(".head")


@dataclass(frozen=True)
class AuditHead:
    """The newest entry of a chain: its id (the number of entries) and its hash."""

    entries: int
    hash: str

    @property
    def short(self) -> str:
        """The first 16 hex digits of the hash, as shown to people."""
        return self.hash[:16]


def read_published_head(path: Path) -> AuditHead | None:
    """The head recorded in ``path`` by :func:`write_published_head`, or None when there is none."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AuditKeyError(f"berkas kepala audit {path} tidak terbaca", f"the audit head file {path} cannot be read") from error
    entries = value.get("entries") if isinstance(value, dict) else None
    digest = value.get("hash") if isinstance(value, dict) else None
    if not isinstance(entries, int) or entries < 0 or not isinstance(digest, str) or len(digest) != 64:
        raise AuditKeyError(f"berkas kepala audit {path} tidak sah", f"the audit head file {path} is not valid")
    return AuditHead(entries, digest)


def write_published_head(path: Path, head: AuditHead, at: datetime) -> None:
    """Record ``head`` as published (atomically, mode 0600)."""
    data = canonical_json({"entries": head.entries, "hash": head.hash, "published_at": format_utc(at)}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomic(path, data.encode("utf-8"))


# -- the log ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditEntry:
    """One stored audit entry (``keyed``: an HMAC entry, else a plain one from before the key)."""

    id: int
    at: str
    actor_id: int | None
    action: str
    entity_type: str
    entity_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str
    keyed: bool = True


@dataclass(frozen=True)
class AuditCheck:
    """Result of :meth:`AuditLog.verify`.

    ``checked``: entries found intact (all of them when ``ok``; before the break otherwise).
    ``first_broken_id``: the first entry that fails, or, for a deleted entry, the id that is
    missing. ``reason``: ``hash_mismatch`` (the entry's content was changed, or it was hashed
    with another key), ``chain_broken`` (its prev_hash is not the previous entry's hash),
    ``missing_entry`` (an id is missing), ``unkeyed_entry`` (a plain entry where only keyed
    ones may be) or ``rolled_back`` (the chain no longer holds the head published to the
    admins). ``head``: the newest intact entry.
    """

    checked: int
    first_broken_id: int | None = None
    reason: BreakReason | None = None
    head: AuditHead = AuditHead(0, GENESIS_HASH)

    @property
    def ok(self) -> bool:
        """True when the whole chain is intact."""
        return self.first_broken_id is None


def describe_break(check: AuditCheck) -> tuple[str, str]:
    """What is broken, as (Indonesian, English) one-liners naming the first broken entry."""
    if check.ok or check.reason is None:
        return (f"log audit utuh: {check.checked} entri", f"audit log intact: {check.checked} entries")
    indonesian, english = _BREAK_TEXT[check.reason]
    return (
        f"log audit RUSAK pada entri #{check.first_broken_id}: {indonesian}; {check.checked} entri sebelumnya cocok",
        f"audit log BROKEN at entry #{check.first_broken_id}: {english}",
    )


class AuditLog:
    """Appends to and verifies the ``audit_log`` table under the audit key.

    Build it with :func:`open_audit_log` (which finds or creates the key). ``key=None`` only
    reads a chain written entirely before the key. ``clock`` returns the current time as an
    aware datetime (default: real UTC time); pass a fake clock in simulations so entries carry
    simulated times.
    """

    def __init__(self, clock: Callable[[], datetime] | None = None, *, key: bytes | None) -> None:
        if key is not None and len(key) != KEY_SIZE:
            raise ValueError(f"the audit key must be {KEY_SIZE} bytes")
        self._clock = clock or utc_now
        self._key = key

    @property
    def keyed(self) -> bool:
        return self._key is not None

    def sign(self, message: str) -> str:
        """HMAC of ``message`` under this log's key (backup manifests are signed with it)."""
        if self._key is None:
            raise AuditKeyError("kunci audit belum ada", "there is no audit key yet")
        return sign(self._key, message)

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
        """Append one keyed entry inside the caller's open transaction.

        ``details`` must be JSON-serialisable (a ``TypeError``/``ValueError`` then aborts the
        caller's transaction, as it should). The entry is written with the transaction's next
        statement, at the latest its COMMIT (see :func:`storage.database.execute_later`).
        """
        if not conn.in_transaction:
            raise RuntimeError("AuditLog.append must be called inside db.transaction()")
        if self._key is None:
            raise AuditKeyError("kunci audit belum ada: entri tidak dapat ditulis", "no audit key: cannot append")
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
            conn,
            _chain_and_insert,
            self._key,
            at_text,
            actor_id,
            action,
            entity_type,
            entity_text,
            details_text,
            details_value,
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

    async def head(self, db: Database) -> AuditHead:
        """The newest entry's id and hash as stored (verify first to know they are genuine)."""
        row = await db.fetch_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        return AuditHead(0, GENESIS_HASH) if row is None else AuditHead(int(row["id"]), str(row["hash"]))

    async def verify(self, db: Database, *, published: AuditHead | None = None, batch_size: int = 1000) -> AuditCheck:
        """Walk the whole chain and report the first broken entry, if any.

        ``published``: the head last published to the admins (see :func:`read_published_head`);
        the chain must still hold it, else it was cut back (``rolled_back``).
        """
        walk = _Walk(self._key, published)
        while True:
            rows = await db.fetch_all(
                "SELECT id, at, actor_id, action, entity_type, entity_id, details, prev_hash, hash, keyed"
                " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                (walk.last_id, batch_size),
            )
            if not rows:
                # Entries deleted at the tail leave no gap between rows, but AUTOINCREMENT's
                # sqlite_sequence still remembers the highest id ever handed out.
                row = await db.fetch_one(
                    "SELECT (SELECT MAX(id) FROM audit_log) AS max_id,"
                    " (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log') AS seq"
                )
                max_id = 0 if row is None or row["max_id"] is None else int(row["max_id"])
                if max_id > walk.last_id:
                    continue  # appended while we were reading
                seq = 0 if row is None or row["seq"] is None else int(row["seq"])
                return walk.finish(seq)
            for row in rows:
                broken = walk.step(row)
                if broken is not None:
                    return broken


class _Walk:
    """The state of one :meth:`AuditLog.verify` walk along the chain."""

    def __init__(self, key: bytes | None, published: AuditHead | None) -> None:
        self.key = key
        self.published = published
        self.last_id = 0
        self.checked = 0
        self.expected_prev = GENESIS_HASH
        self.seen_keyed = False

    def broken(self, entry_id: int, reason: BreakReason) -> AuditCheck:
        return AuditCheck(self.checked, entry_id, reason, AuditHead(self.last_id, self.expected_prev))

    def step(self, row: aiosqlite.Row) -> AuditCheck | None:
        entry_id = int(row["id"])
        if entry_id != self.last_id + 1:
            return self.broken(self.last_id + 1, "missing_entry")
        if row["prev_hash"] != self.expected_prev:
            return self.broken(entry_id, "chain_broken")
        keyed = bool(row["keyed"])
        if keyed and self.key is None:
            raise AuditKeyMissing(
                "log audit memuat entri berkunci tetapi kunci audit tidak diberikan",
                "the audit log has keyed entries but no audit key was given",
            )
        if not keyed and self.seen_keyed:
            return self.broken(entry_id, "unkeyed_entry")
        if not _content_matches(row, self.key if keyed else None):
            return self.broken(entry_id, "hash_mismatch")
        if self.published is not None and entry_id == self.published.entries and row["hash"] != self.published.hash:
            return self.broken(entry_id, "rolled_back")
        self.seen_keyed = self.seen_keyed or keyed
        self.checked += 1
        self.expected_prev = row["hash"]
        self.last_id = entry_id
        return None

    def finish(self, seq: int) -> AuditCheck:
        if seq > self.last_id:
            return self.broken(self.last_id + 1, "missing_entry")
        if self.key is not None and self.checked and not self.seen_keyed:
            # A key exists, yet no entry carries it: the chain was recomputed without the key.
            return AuditCheck(0, 1, "unkeyed_entry")
        if self.published is not None and self.published.entries > self.last_id:
            return self.broken(self.last_id + 1, "rolled_back")
        return AuditCheck(self.checked, head=AuditHead(self.last_id, self.expected_prev))


async def open_audit_log(
    db: Database, key_path: Path, *, clock: Callable[[], datetime] | None = None, create: bool = True
) -> AuditLog:
    """The audit log of ``db`` under the key in ``key_path`` (see the module docstring).

    With ``create`` (the bot's start), a missing key is created, unless the chain already has
    keyed entries (:class:`AuditKeyMissing`), and plain entries written before the key are sealed
    under it. Without ``create`` (a read-only check) nothing is written: a chain that has never
    been keyed is read with ``key=None``. Raises :class:`AuditKeyError` for an unusable key file
    and for an existing key facing a chain with entries but no keyed one.
    """
    key_path = Path(key_path)
    row = await db.fetch_one(
        "SELECT COUNT(*) AS entries, EXISTS (SELECT 1 FROM audit_log WHERE keyed = 1) AS keyed FROM audit_log"
    )
    entries = 0 if row is None else int(row["entries"])
    has_keyed = row is not None and bool(row["keyed"])
    key = read_key(key_path)
    created = False
    if key is None:
        if has_keyed:
            raise AuditKeyMissing(
                f"berkas kunci audit {key_path} tidak ada, padahal log audit sudah berkunci; pulihkan berkas kunci itu "
                "(kunci baru tidak dibuat: dengan kunci baru log yang ditulis ulang pun akan tampak utuh)",
                f"the audit key file {key_path} is missing although the audit log is keyed; restore that file",
            )
        if not create:
            return AuditLog(clock, key=None)
        try:
            key = _create_key(key_path)
        except FileExistsError:
            key = read_key(key_path)  # another process made it a moment ago
            if key is None:  # pragma: no cover - it existed an instant ago
                raise AuditKeyError(f"berkas kunci audit {key_path} hilang", f"{key_path} vanished") from None
            return await open_audit_log(db, key_path, clock=clock, create=create)
        except OSError as error:
            raise AuditKeyError(
                f"berkas kunci audit {key_path} tidak dapat dibuat ({error.strerror})",
                f"the audit key file {key_path} cannot be created",
            ) from error
        created = True
    log = AuditLog(clock, key=key)
    if entries and not has_keyed and create:  # (a read-only check lets verify() name the break)
        if not created:
            raise AuditKeyError(
                f"log audit belum memuat entri berkunci padahal berkas kunci {key_path} sudah ada: log ditulis ulang "
                "tanpa kunci, atau basis data berasal dari cadangan lama; periksa dengan `python -m bot verify-audit`",
                f"the audit log has no keyed entry although the key file {key_path} exists",
            )
        await _seal(db, log)
    return log


async def _seal(db: Database, log: AuditLog) -> None:
    """Chain one keyed entry onto the plain entries written before the key existed."""
    async with db.transaction() as conn:
        head = await log.head(db)  # inside the transaction: nothing comes in between
        await log.append(
            conn,
            actor_id=None,
            action=SEAL_ACTION,
            entity_type="audit",
            entity_id=None,
            details={"plain_entries": head.entries, "plain_head": head.hash},
        )


def _chain_and_insert(
    conn: sqlite3.Connection,
    key: bytes,
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
        key=key,
    )
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, details, prev_hash, hash, keyed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (at_text, actor_id, action, entity_type, entity_text, details_text, prev_hash, digest),
    ).close()


def _content_matches(row: aiosqlite.Row, key: bytes | None) -> bool:
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
            key=key,
        )
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(computed, str(row["hash"]))


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
        keyed=bool(row["keyed"]),
    )
