"""Users and their role grants (tables ``users`` and ``user_roles``).

A minimal repository for onboarding and access checks: record who talks to
the bot, grant and revoke roles, and answer "may this person act as X?".
Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of
the caller's ``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now

__all__ = ["LANGUAGES", "ROLES", "Language", "Role", "RoleGrant", "User", "UserRepository", "active_admins_in_file"]

Role = Literal["admin", "operator", "pelaksana", "utama"]
ROLES: tuple[Role, ...] = get_args(Role)
Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

# The one grant matching (person, role, unit); IFNULL mirrors the unique index.
_SAME_GRANT = "telegram_id = ? AND role = ? AND IFNULL(unit_id, 0) = IFNULL(?, 0) AND revoked_at IS NULL"


@dataclass(frozen=True)
class User:
    """A person known to the bot."""

    telegram_id: int
    full_name: str
    username: str | None
    language: Language
    active: bool
    blocked_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class RoleGrant:
    """One grant of a role (with its unit for ``pelaksana``)."""

    id: int
    telegram_id: int
    role: Role
    unit_id: int | None
    granted_by: int | None
    granted_at: datetime
    revoked_at: datetime | None


def _user(row: aiosqlite.Row) -> User:
    return User(
        telegram_id=int(row["telegram_id"]),
        full_name=row["full_name"],
        username=row["username"],
        language=row["language"],
        active=bool(row["active"]),
        blocked_at=parse_utc_or_none(row["blocked_at"]),
        created_at=parse_utc(row["created_at"]),
    )


def _grant(row: aiosqlite.Row) -> RoleGrant:
    return RoleGrant(
        id=int(row["id"]),
        telegram_id=int(row["telegram_id"]),
        role=row["role"],
        unit_id=row["unit_id"],
        granted_by=row["granted_by"],
        granted_at=parse_utc(row["granted_at"]),
        revoked_at=parse_utc_or_none(row["revoked_at"]),
    )


class UserRepository:
    """Access to ``users`` and ``user_roles``. ``clock`` gives aware datetimes (default: now, UTC)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    def _now(self, at: datetime | None) -> str:
        return format_utc(at if at is not None else self._clock())

    # -- users -----------------------------------------------------------------------------

    async def upsert(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        full_name: str,
        username: str | None,
        language: Language | None = None,
        at: datetime | None = None,
    ) -> User:
        """Create the user or refresh their name and username (language only when given)."""
        row = await fetch_first(
            conn,
            "INSERT INTO users (telegram_id, full_name, username, language, created_at)"
            " VALUES (?, ?, ?, IFNULL(?, 'id'), ?)"
            " ON CONFLICT (telegram_id) DO UPDATE SET"
            " full_name = excluded.full_name, username = excluded.username,"
            " language = IFNULL(?, users.language) RETURNING *",
            (telegram_id, full_name, username, language, self._now(at), language),
        )
        if row is None:  # pragma: no cover - RETURNING yields the row written
            raise RuntimeError("user vanished")
        return _user(row)

    async def get(self, telegram_id: int) -> User | None:
        """The user with this Telegram id, or ``None``."""
        row = await self._db.fetch_one("SELECT * FROM users WHERE telegram_id = ?", (telegram_id,))
        return None if row is None else _user(row)

    async def get_many(self, telegram_ids: Collection[int]) -> dict[int, User]:
        """The users with these Telegram ids, by id, in one query (unknown ids are left out)."""
        rows = await self._db.fetch_by_keys("users", "telegram_id", telegram_ids)
        return {row["telegram_id"]: _user(row) for row in rows}

    async def set_language(self, conn: aiosqlite.Connection, telegram_id: int, language: Language) -> bool:
        """Set the user's language; False if there is no such user."""
        written = await execute_write(
            conn,
            "UPDATE users SET language = ? WHERE telegram_id = ?", (language, telegram_id)
        )
        return written.rowcount > 0

    async def set_active(self, conn: aiosqlite.Connection, telegram_id: int, active: bool) -> bool:
        """Activate or deactivate a user (an inactive user holds no active roles); False if unknown."""
        written = await execute_write(
            conn,
            "UPDATE users SET active = ? WHERE telegram_id = ?", (int(active), telegram_id)
        )
        return written.rowcount > 0

    async def set_blocked(
        self, conn: aiosqlite.Connection, telegram_id: int, blocked: bool, *, at: datetime | None = None
    ) -> bool:
        """Record that the person blocked (or unblocked) the bot; False if unknown."""
        written = await execute_write(
            conn,
            "UPDATE users SET blocked_at = ? WHERE telegram_id = ?",
            (self._now(at) if blocked else None, telegram_id),
        )
        return written.rowcount > 0

    # -- roles -----------------------------------------------------------------------------

    async def grant_role(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        role: Role,
        unit_id: int | None = None,
        granted_by: int | None = None,
        at: datetime | None = None,
    ) -> tuple[RoleGrant, bool]:
        """Grant a role; idempotent. Returns the active grant and whether it is new.

        A ``pelaksana`` needs a ``unit_id`` and the other roles must not have one
        (the schema refuses either mistake with ``sqlite3.IntegrityError``).
        """
        created = (await execute_write(
            conn,
            "INSERT INTO user_roles (telegram_id, role, unit_id, granted_by, granted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (telegram_id, role, unit_id, granted_by, self._now(at)),
        )).rowcount > 0
        row = await fetch_first(
            conn,
            f"SELECT * FROM user_roles WHERE {_SAME_GRANT}", (telegram_id, role, unit_id)
        )
        if row is None:  # pragma: no cover - the insert either happened or hit this very row
            raise RuntimeError("role grant vanished")
        return _grant(row), created

    async def revoke_role(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        role: Role,
        unit_id: int | None = None,
        revoked_by: int | None = None,
        at: datetime | None = None,
    ) -> bool:
        """Revoke an active grant; False if there was none."""
        written = await execute_write(
            conn,
            f"UPDATE user_roles SET revoked_at = ?, revoked_by = ? WHERE {_SAME_GRANT}",
            (self._now(at), revoked_by, telegram_id, role, unit_id),
        )
        return written.rowcount > 0

    async def active_roles(self, telegram_id: int) -> list[RoleGrant]:
        """The person's active grants (none if the person is inactive), oldest first."""
        rows = await self._db.fetch_all(
            "SELECT r.* FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            " WHERE r.telegram_id = ? AND r.revoked_at IS NULL AND u.active = 1 ORDER BY r.id",
            (telegram_id,),
        )
        return [_grant(row) for row in rows]

    async def with_roles(self, telegram_id: int) -> tuple[User, list[RoleGrant]] | None:
        """The user and their active grants (none if inactive), in one query; None if unknown."""
        rows = await self._db.fetch_all(
            "SELECT u.*, r.id AS grant_id, r.role, r.unit_id, r.granted_by, r.granted_at, r.revoked_at"
            " FROM users AS u LEFT JOIN user_roles AS r"
            " ON r.telegram_id = u.telegram_id AND r.revoked_at IS NULL AND u.active = 1"
            " WHERE u.telegram_id = ? ORDER BY r.id",
            (telegram_id,),
        )
        if not rows:
            return None
        grants = [
            RoleGrant(
                id=int(row["grant_id"]),
                telegram_id=telegram_id,
                role=row["role"],
                unit_id=row["unit_id"],
                granted_by=row["granted_by"],
                granted_at=parse_utc(row["granted_at"]),
                revoked_at=None,
            )
            for row in rows
            if row["grant_id"] is not None
        ]
        return _user(rows[0]), grants

    async def has_role(self, telegram_id: int, role: Role, unit_id: int | None = None) -> bool:
        """Whether the (active) person holds ``role``; with ``unit_id``, for that unit exactly."""
        sql = (
            "SELECT 1 FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            " WHERE r.telegram_id = ? AND r.role = ? AND r.revoked_at IS NULL AND u.active = 1"
        )
        params: list[object] = [telegram_id, role]
        if unit_id is not None:
            sql += " AND r.unit_id = ?"
            params.append(unit_id)
        return await self._db.fetch_one(sql + " LIMIT 1", params) is not None

    async def had_role(self, telegram_id: int, role: Role) -> bool:
        """Whether ``role`` was granted to the person once and taken away, and they hold it no more."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM user_roles WHERE telegram_id = ? AND role = ? AND revoked_at IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            " WHERE r.telegram_id = ? AND r.role = ? AND r.revoked_at IS NULL AND u.active = 1) LIMIT 1",
            (telegram_id, role, telegram_id, role),
        )
        return row is not None

    async def holds_any_role_on(self, conn: aiosqlite.Connection, telegram_id: int, roles: Collection[str]) -> bool:
        """Whether the (active) person holds one of ``roles``, as the transaction on ``conn`` sees it
        (a check made inside the transaction it guards)."""
        wanted = sorted(roles)
        if not wanted:
            return False
        row = await fetch_first(
            conn,
            "SELECT 1 FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            f" WHERE r.telegram_id = ? AND r.role IN ({', '.join('?' for _ in wanted)})"
            " AND r.revoked_at IS NULL AND u.active = 1 LIMIT 1",
            (telegram_id, *wanted),
        )
        return row is not None

    async def role_holders(self, role: Role, unit_id: int | None = None) -> list[RoleGrant]:
        """Active grants of ``role`` held by active people (for one unit when ``unit_id`` is given)."""
        sql = (
            "SELECT r.* FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            " WHERE r.role = ? AND r.revoked_at IS NULL AND u.active = 1"
        )
        params: list[object] = [role]
        if unit_id is not None:
            sql += " AND r.unit_id = ?"
            params.append(unit_id)
        rows = await self._db.fetch_all(sql + " ORDER BY r.id", params)
        return [_grant(row) for row in rows]


def active_admins_in_file(path: Path) -> int:
    """How many active people hold the admin role in the database file at ``path``, read without
    writing anything (``ppid-bot check`` looks before the bot has migrated or even created it):
    0 for a file that does not exist or has no users yet."""
    if not path.is_file():
        return 0
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"users", "user_roles"} <= tables:
            return 0
        row = conn.execute(
            "SELECT COUNT(DISTINCT r.telegram_id) FROM user_roles AS r JOIN users AS u ON u.telegram_id = r.telegram_id"
            " WHERE r.role = 'admin' AND r.revoked_at IS NULL AND u.active = 1"
        ).fetchone()
        return int(row[0])
    finally:
        conn.close()
