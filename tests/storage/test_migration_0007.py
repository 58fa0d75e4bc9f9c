"""Migration 0007 (invites keep only a hash of their token) on a database that already has invites."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

from storage.database import open_database
from storage.invites import InviteRepository
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before

LATER = "2026-12-01T13:06:24Z"
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)


async def test_existing_tokens_are_hashed_and_their_links_still_work(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(7, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            for telegram_id in (100, 200):
                await insert(conn, "users", telegram_id=telegram_id, full_name=f"User {telegram_id}", created_at=T0)
            await insert(conn, "invites", token="open_admin_link", role="admin", created_by=100, created_at=T0, expires_at=LATER)
            await insert(
                conn, "invites", token="used_pelaksana_link", role="pelaksana", unit_id=unit, created_by=100,
                created_at=T0, expires_at=LATER, used_by=200, used_at=T0,
            )
            await insert(
                conn, "invites", token="revoked_utama_link", role="utama", created_by=100, created_at=T0,
                expires_at=LATER, revoked_at=T0,
            )

        assert await apply_migrations(database) == [m.version for m in load_migrations() if m.version >= 7]

        rows = await database.fetch_all("SELECT * FROM invites ORDER BY id")
        assert "token" not in rows[0].keys()
        assert [row["token_hash"] for row in rows] == [
            hashlib.sha256(token.encode()).hexdigest()
            for token in ("open_admin_link", "revoked_utama_link", "used_pelaksana_link")  # by age, then token
        ]
        assert [(row["id"], row["role"], row["unit_id"], row["used_by"]) for row in rows] == [
            (1, "admin", None, None), (2, "utama", None, None), (3, "pelaksana", unit, 200),
        ]
        assert "_link" not in repr([tuple(row) for row in rows])  # no token is left in the table
        invites = InviteRepository(database, clock=lambda: NOW)
        found = await invites.get("open_admin_link")
        assert found is not None and found.status(NOW) == "open"
        assert (await invites.get("used_pelaksana_link")).status(NOW) == "used"  # type: ignore[union-attr]
        assert (await invites.get("revoked_utama_link")).status(NOW) == "revoked"  # type: ignore[union-attr]
        async with database.transaction() as conn:
            assert await invites.redeem(conn, "open_admin_link", 200, NOW) is not None
    finally:
        await database.close()
