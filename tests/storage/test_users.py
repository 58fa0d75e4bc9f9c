"""UserRepository: users, role grants, access checks."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from storage.database import Database
from storage.users import ROLES, UserRepository

from .builders import T0, insert


async def make_unit(db: Database, name: str = "Dinas Sosial") -> int:
    async with db.transaction() as conn:
        return await insert(conn, "units", name=name, kind="opd", created_at=T0)


async def test_upsert_creates_then_refreshes_but_keeps_language(db: Database) -> None:
    users = UserRepository(db, clock=lambda: datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))
    async with db.transaction() as conn:
        created = await users.upsert(conn, telegram_id=42, full_name="Siti", username="siti")
    assert created.language == "id" and created.active and created.blocked_at is None
    assert created.created_at == datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)
    async with db.transaction() as conn:
        assert await users.set_language(conn, 42, "en")
        updated = await users.upsert(conn, telegram_id=42, full_name="Siti Aminah", username=None)
    assert (updated.full_name, updated.username, updated.language) == ("Siti Aminah", None, "en")
    assert updated.created_at == created.created_at
    assert await users.get(43) is None


async def test_blocked_flag(db: Database) -> None:
    users = UserRepository(db)
    async with db.transaction() as conn:
        await users.upsert(conn, telegram_id=42, full_name="Siti", username=None)
        assert await users.set_blocked(conn, 42, True)
        assert not await users.set_blocked(conn, 999, True)
    user = await users.get(42)
    assert user is not None and user.blocked_at is not None
    async with db.transaction() as conn:
        await users.set_blocked(conn, 42, False)
    user = await users.get(42)
    assert user is not None and user.blocked_at is None


async def test_grant_is_idempotent_and_checked(db: Database) -> None:
    users = UserRepository(db)
    unit = await make_unit(db)
    async with db.transaction() as conn:
        await users.upsert(conn, telegram_id=1, full_name="Admin", username=None)
        await users.upsert(conn, telegram_id=2, full_name="Pelaksana", username=None)
        grant, created = await users.grant_role(conn, telegram_id=1, role="admin")
        again, created_again = await users.grant_role(conn, telegram_id=1, role="admin")
        await users.grant_role(conn, telegram_id=2, role="pelaksana", unit_id=unit, granted_by=1)
    assert created and not created_again and grant.id == again.id
    assert grant.role == "admin" and grant.unit_id is None and grant.granted_by is None
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await users.grant_role(conn, telegram_id=2, role="pelaksana")  # no unit
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await users.grant_role(conn, telegram_id=2, role="boss")  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await users.grant_role(conn, telegram_id=777, role="operator")  # unknown person
    assert [g.role for g in await users.active_roles(1)] == ["admin"]


async def test_has_role_revoke_and_holders(db: Database) -> None:
    users = UserRepository(db)
    unit = await make_unit(db)
    other_unit = await make_unit(db, "Dinas Kesehatan")
    async with db.transaction() as conn:
        await users.upsert(conn, telegram_id=2, full_name="P", username=None)
        await users.grant_role(conn, telegram_id=2, role="pelaksana", unit_id=unit)
        await users.grant_role(conn, telegram_id=2, role="utama")
    assert await users.has_role(2, "pelaksana")
    assert await users.has_role(2, "pelaksana", unit)
    assert not await users.has_role(2, "pelaksana", other_unit)
    assert not await users.has_role(2, "admin")
    assert [g.telegram_id for g in await users.role_holders("pelaksana", unit)] == [2]
    assert await users.role_holders("pelaksana", other_unit) == []

    async with db.transaction() as conn:
        assert await users.revoke_role(conn, telegram_id=2, role="utama", revoked_by=2)
        assert not await users.revoke_role(conn, telegram_id=2, role="utama")
    assert not await users.has_role(2, "utama")
    assert [g.role for g in await users.active_roles(2)] == ["pelaksana"]
    # Granting again after a revocation is a new grant.
    async with db.transaction() as conn:
        _, created = await users.grant_role(conn, telegram_id=2, role="utama")
    assert created and await users.has_role(2, "utama")

    # An inactive person holds no active roles.
    async with db.transaction() as conn:
        await users.set_active(conn, 2, False)
    assert await users.active_roles(2) == []
    assert not await users.has_role(2, "pelaksana")


def test_roles_match_the_design() -> None:
    assert set(ROLES) == {"admin", "operator", "pelaksana", "utama"}
