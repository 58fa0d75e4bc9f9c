"""InviteRepository: create, single-use redemption made atomic in SQL, expiry, revocation, listing."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from storage.database import Database
from storage.invites import InviteRepository, hash_token
from storage.users import UserRepository

from .builders import T0, insert

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=72)


async def seed(db: Database) -> int:
    """An admin (100), two people (200, 300) and a unit; returns the unit id."""
    async with db.transaction() as conn:
        for telegram_id in (100, 200, 300):
            await insert(conn, "users", telegram_id=telegram_id, full_name=f"User {telegram_id}", created_at=T0)
        return await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)


async def test_create_and_get(db: Database) -> None:
    unit = await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        created = await invites.create(conn, "tok_operator", "operator", None, 100, LATER)
        await invites.create(conn, "tok_pelaksana", "pelaksana", unit, 100, LATER)
    assert created.created_at == NOW and created.expires_at == LATER
    assert (created.role, created.unit_id, created.created_by, created.used_by) == ("operator", None, 100, None)
    assert created.status(NOW) == "open" and created.status(LATER) == "expired"
    fetched = await invites.get("tok_pelaksana")
    assert fetched is not None and fetched.role == "pelaksana" and fetched.unit_id == unit
    assert await invites.get("tidak-ada-token") is None


@pytest.mark.parametrize(
    ("token", "role", "with_unit"),
    [
        ("tok_pelaksana_no_unit", "pelaksana", False),  # pelaksana needs a unit
        ("tok_operator_unit", "operator", True),  # other roles have none
        ("tok_boss", "boss", False),  # no such role
    ],
)
async def test_schema_refuses_bad_invites(db: Database, token: str, role: str, with_unit: bool) -> None:
    unit = await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await invites.create(conn, token, role, unit if with_unit else None, 100, LATER)  # type: ignore[arg-type]
    assert await db.fetch_value("SELECT COUNT(*) FROM invites") == 0


@pytest.mark.parametrize("token", ["short", "has space in it", "x" * 65, "tok+plus/slash"])
async def test_a_token_that_is_no_start_parameter_is_refused(db: Database, token: str) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    with pytest.raises(ValueError):
        async with db.transaction() as conn:
            await invites.create(conn, token, "operator", None, 100, LATER)
    assert await db.fetch_value("SELECT COUNT(*) FROM invites") == 0


async def test_only_the_hash_of_a_token_is_stored(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        created = await invites.create(conn, "tok_secret_link", "admin", None, 100, LATER)
    assert created.token_hash == hashlib.sha256(b"tok_secret_link").hexdigest() == hash_token("tok_secret_link")
    rows = await db.fetch_all("SELECT * FROM invites")
    assert len(rows) == 1 and "tok_secret_link" not in repr([tuple(row) for row in rows])
    assert "token" not in rows[0].keys()
    assert (await invites.get("tok_secret_link")) == created == (await invites.get_by_id(created.id))


async def test_token_is_unique(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_same_one", "operator", None, 100, LATER)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await invites.create(conn, "tok_same_one", "utama", None, 100, LATER)


async def test_redeem_is_single_use(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_operator", "operator", None, 100, LATER)
    async with db.transaction() as conn:
        used = await invites.redeem(conn, "tok_operator", 200, NOW + timedelta(hours=1))
        again = await invites.redeem(conn, "tok_operator", 300, NOW + timedelta(hours=1))
    assert used is not None and used.used_by == 200 and used.used_at == NOW + timedelta(hours=1)
    assert again is None
    stored = await invites.get("tok_operator")
    assert stored is not None and stored.used_by == 200 and stored.status(NOW) == "used"
    async with db.transaction() as conn:
        assert await invites.redeem(conn, "unknown_token", 300, NOW) is None


async def test_concurrent_redemptions_only_one_wins(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_race_one", "utama", None, 100, LATER)

    async def attempt(telegram_id: int) -> bool:
        async with db.transaction() as conn:
            return await invites.redeem(conn, "tok_race_one", telegram_id, NOW) is not None

    results = await asyncio.gather(attempt(200), attempt(300))
    assert sorted(results) == [False, True]
    assert await db.fetch_value("SELECT COUNT(*) FROM invites WHERE used_by IS NOT NULL") == 1


async def test_expired_invite_cannot_be_redeemed(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_expiring", "operator", None, 100, LATER)
    async with db.transaction() as conn:
        # Expiry is exclusive: at the very second it expires, it is gone.
        assert await invites.redeem(conn, "tok_expiring", 200, LATER) is None
    stored = await invites.get("tok_expiring")
    assert stored is not None and stored.used_by is None and stored.status(LATER) == "expired"


async def test_revoke_and_list_open(db: Database) -> None:
    unit = await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_late_expiry", "operator", None, 100, LATER)
        await invites.create(conn, "tok_soon_expiry", "pelaksana", unit, 100, NOW + timedelta(hours=1))
        await invites.create(conn, "tok_to_revoke", "utama", None, 100, LATER)
        await invites.create(conn, "tok_to_use", "utama", None, 100, LATER)
        await invites.create(conn, "tok_other_admin", "operator", None, 200, LATER)
    ids = {token: invite.id for token in ("tok_to_revoke", "tok_to_use") if (invite := await invites.get(token))}
    async with db.transaction() as conn:
        assert await invites.revoke(conn, ids["tok_to_revoke"])
        assert not await invites.revoke(conn, ids["tok_to_revoke"])
        assert not await invites.revoke(conn, 999_999)
        assert await invites.redeem(conn, "tok_to_use", 300) is not None
        assert not await invites.revoke(conn, ids["tok_to_use"])  # used invites stay used
    async with db.transaction() as conn:
        assert await invites.redeem(conn, "tok_to_revoke", 300) is None
    revoked = await invites.get("tok_to_revoke")
    assert revoked is not None and revoked.revoked_at == NOW and revoked.status(NOW) == "revoked"
    def hashes(*tokens: str) -> list[str]:
        return [hash_token(token) for token in tokens]

    assert [i.token_hash for i in await invites.list_open()] == hashes("tok_soon_expiry", "tok_late_expiry", "tok_other_admin")
    later_open = await invites.list_open(NOW + timedelta(hours=2))
    assert [i.token_hash for i in later_open] == hashes("tok_late_expiry", "tok_other_admin")
    assert [i.token_hash for i in await invites.list_open(created_by=200)] == hashes("tok_other_admin")


async def test_revoking_what_someone_made(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    async with db.transaction() as conn:
        first = await invites.create(conn, "tok_by_100_one", "admin", None, 100, LATER)
        second = await invites.create(conn, "tok_by_100_two", "operator", None, 100, LATER)
        await invites.create(conn, "tok_by_100_used", "operator", None, 100, LATER)
        await invites.create(conn, "tok_by_200_open", "operator", None, 200, LATER)
        assert await invites.redeem(conn, "tok_by_100_used", 300) is not None
    async with db.transaction() as conn:
        revoked = await invites.revoke_created_by(conn, 100)
    assert [invite.id for invite in revoked] == [first.id, second.id]
    assert all(invite.revoked_at == NOW for invite in revoked)
    assert [i.created_by for i in await invites.list_open()] == [200]
    used = await invites.get("tok_by_100_used")
    assert used is not None and used.status(NOW) == "used"


async def test_redeem_needs_an_existing_user(db: Database) -> None:
    await seed(db)
    invites = InviteRepository(db, clock=lambda: NOW)
    users = UserRepository(db)
    async with db.transaction() as conn:
        await invites.create(conn, "tok_new_person", "operator", None, 100, LATER)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await invites.redeem(conn, "tok_new_person", 999, NOW)
    async with db.transaction() as conn:
        await users.upsert(conn, telegram_id=999, full_name="Baru", username=None)
        assert await invites.redeem(conn, "tok_new_person", 999, NOW) is not None
