"""Single-use invite tokens for the deep link ``t.me/<bot>?start=<token>`` (table ``invites``).

An admin creates an invite for a role (and a unit for ``pelaksana``); the person who opens the
link redeems it once, before it expires. Redeeming is atomic in SQL: one ``UPDATE`` that only
matches an invite that is still open, so two people (or a double tap) can never both use it.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`. ``used_by`` references ``users``,
so the caller creates the person before redeeming, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now
from storage.users import Role

__all__ = ["Invite", "InviteRepository", "InviteStatus"]

InviteStatus = Literal["open", "used", "revoked", "expired"]


@dataclass(frozen=True)
class Invite:
    """One invite: for a role (and a unit for ``pelaksana``), by an admin, until it expires."""

    token: str
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
        token=row["token"],
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
        """Store a new open invite; ``sqlite3.IntegrityError`` for a taken or malformed token,
        a unit on a non-``pelaksana`` role (or none on ``pelaksana``), or an unknown role."""
        row = await fetch_first(
            conn,
            "INSERT INTO invites (token, role, unit_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            (token, role, unit_id, created_by, self._at(at), format_utc(expires_at)),
        )
        if row is None:  # pragma: no cover - RETURNING always yields the inserted row
            raise RuntimeError("invite was not inserted")
        return _invite(row)

    async def get(self, token: str) -> Invite | None:
        """The invite with this token, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM invites WHERE token = ?", (token,))
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
            f"UPDATE invites SET used_by = ?, used_at = ? WHERE token = ? AND {_OPEN} RETURNING *",
            (telegram_id, moment, token, moment),
        )
        return None if row is None else _invite(row)

    async def revoke(self, conn: aiosqlite.Connection, token: str, *, at: datetime | None = None) -> bool:
        """Cancel an invite that is still open; False if it is unknown, used, revoked or expired."""
        moment = self._at(at)
        written = await execute_write(
            conn,
            f"UPDATE invites SET revoked_at = ? WHERE token = ? AND {_OPEN}", (moment, token, moment)
        )
        return written.rowcount > 0

    async def list_open(self, now: datetime | None = None, *, created_by: int | None = None) -> list[Invite]:
        """Invites that can still be redeemed at ``now``, soonest to expire first."""
        sql = f"SELECT * FROM invites WHERE {_OPEN}"
        params: list[object] = [self._at(now)]
        if created_by is not None:
            sql += " AND created_by = ?"
            params.append(created_by)
        rows = await self._db.fetch_all(sql + " ORDER BY expires_at, token", params)
        return [_invite(row) for row in rows]
