"""Single-use invite tokens for the deep link ``t.me/<bot>?start=<token>`` (table ``invites``).

An admin creates an invite for a role (and a unit for ``pelaksana``); the person who opens the
link redeems it once, before it expires. Redeeming is atomic in SQL: one ``UPDATE`` that only
matches an invite that is still open, so two people (or a double tap) can never both use it.

Only a hash of each token is stored (``token_hash``, the SHA-256 of the token in hex, see
:func:`hash_token`): someone who reads the database (a backup, a copy of the file) learns no link
that works. The token itself exists only in the link the admin was given; every method that takes
a ``token`` hashes it first. Buttons and audit entries name an invite by its ``id``.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`. ``used_by`` references ``users``,
so the caller creates the person before redeeming, in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.database import Database, execute_write, fetch_first, sha256_hex
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now
from storage.users import Role

__all__ = ["TOKEN_RE", "Invite", "InviteRepository", "InviteStatus", "hash_token"]

InviteStatus = Literal["open", "used", "revoked", "expired"]

# A Telegram start parameter: 1-64 characters of A-Z a-z 0-9 _ - (we want at least 8). The schema
# sees only the hash, so the token's shape is checked here, before it is hashed.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")


def hash_token(token: str) -> str:
    """What is stored of a token: its SHA-256, in hex (SQL's ``sha256_hex``, as migration 0007 uses)."""
    return sha256_hex(token)


@dataclass(frozen=True)
class Invite:
    """One invite: for a role (and a unit for ``pelaksana``), by an admin, until it expires."""

    id: int
    token_hash: str
    role: Role
    unit_id: int | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None
    revoked_at: datetime | None

    def status(self, now: datetime) -> InviteStatus:
        """Where the invite stands at ``now`` (used and revoked win over expired)."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        id=int(row["id"]),
        token_hash=row["token_hash"],
        role=row["role"],
        unit_id=row["unit_id"],
        created_by=row["created_by"],
        created_at=parse_utc(row["created_at"]),
        expires_at=parse_utc(row["expires_at"]),
        used_by=row["used_by"],
        used_at=parse_utc_or_none(row["used_at"]),
        revoked_at=parse_utc_or_none(row["revoked_at"]),
    )


# An invite that can still be redeemed at the given time.
_OPEN = "used_at IS NULL AND revoked_at IS NULL AND expires_at > ?"


class InviteRepository:
    """Access to ``invites``. ``clock`` gives aware datetimes (default: now, UTC)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    def now(self) -> datetime:
        """The repository's current time (its clock), so callers share one notion of now."""
        return self._clock()

    def _at(self, at: datetime | None) -> str:
        return format_utc(at if at is not None else self._clock())

    async def create(
        self,
        conn: aiosqlite.Connection,
        token: str,
        role: Role,
        unit_id: int | None,
        created_by: int | None,
        expires_at: datetime,
        *,
        at: datetime | None = None,
    ) -> Invite:
        """Store a new open invite (the token's hash only); ``ValueError`` for a token that is no
        start parameter, ``sqlite3.IntegrityError`` for a taken token, a unit on a non-``pelaksana``
        role (or none on ``pelaksana``), or an unknown role."""
        if not TOKEN_RE.fullmatch(token):
            raise ValueError("an invite token is 8-64 characters of A-Z a-z 0-9 _ -")
        row = await fetch_first(
            conn,
            "INSERT INTO invites (token_hash, role, unit_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            (hash_token(token), role, unit_id, created_by, self._at(at), format_utc(expires_at)),
        )
        if row is None:  # pragma: no cover - RETURNING always yields the inserted row
            raise RuntimeError("invite was not inserted")
        return _invite(row)

    async def get(self, token: str) -> Invite | None:
        """The invite with this token, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM invites WHERE token_hash = ?", (hash_token(token),))
        return None if row is None else _invite(row)

    async def get_by_id(self, invite_id: int) -> Invite | None:
        """The invite with this id, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM invites WHERE id = ?", (invite_id,))
        return None if row is None else _invite(row)

    async def redeem(
        self, conn: aiosqlite.Connection, token: str, telegram_id: int, now: datetime | None = None
    ) -> Invite | None:
        """Use the invite for ``telegram_id`` if it is still open at ``now``; else ``None``.

        Single use is enforced by the ``UPDATE``'s own condition, not by an earlier read.
        """
        moment = self._at(now)
        row = await fetch_first(
            conn,
            f"UPDATE invites SET used_by = ?, used_at = ? WHERE token_hash = ? AND {_OPEN} RETURNING *",
            (telegram_id, moment, hash_token(token), moment),
        )
        return None if row is None else _invite(row)

    async def revoke(self, conn: aiosqlite.Connection, invite_id: int, *, at: datetime | None = None) -> bool:
        """Cancel an invite that is still open; False if it is unknown, used, revoked or expired."""
        moment = self._at(at)
        written = await execute_write(
            conn,
            f"UPDATE invites SET revoked_at = ? WHERE id = ? AND {_OPEN}", (moment, invite_id, moment)
        )
        return written.rowcount > 0

    async def revoke_created_by(
        self, conn: aiosqlite.Connection, created_by: int, *, at: datetime | None = None
    ) -> list[Invite]:
        """Cancel every invite ``created_by`` made that is still open (they lost the right to invite);
        returns them, oldest first."""
        moment = self._at(at)
        rows = await conn.execute_fetchall(
            f"UPDATE invites SET revoked_at = ? WHERE created_by = ? AND {_OPEN} RETURNING *",
            (moment, created_by, moment),
        )
        return sorted((_invite(row) for row in rows), key=lambda invite: invite.id)

    async def list_open(self, now: datetime | None = None, *, created_by: int | None = None) -> list[Invite]:
        """Invites that can still be redeemed at ``now``, soonest to expire first."""
        sql = f"SELECT * FROM invites WHERE {_OPEN}"
        params: list[object] = [self._at(now)]
        if created_by is not None:
            sql += " AND created_by = ?"
            params.append(created_by)
        rows = await self._db.fetch_all(sql + " ORDER BY expires_at, id", params)
        return [_invite(row) for row in rows]
