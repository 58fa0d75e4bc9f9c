"""The schema refuses what the rules forbid: CHECKs, foreign keys, uniqueness, triggers."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from storage.database import Database

from .builders import T0, insert, seed_basics


async def attempt(db: Database, table: str, **values: Any) -> int:
    """Insert one row in its own transaction."""
    async with db.transaction() as conn:
        return await insert(conn, table, **values)


def item(unit: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "summary": "Rencana kerja",
        "unit_id": unit,
        "category": "berkala",
        "period": "yearly",
        "created_at": T0,
        "updated_at": T0,
    }
    values.update(overrides)
    return values


def review(cycle: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "cycle_id": cycle,
        "draft_version": 1,
        "reviewer_id": 300,
        "decision": "approved",
        "decided_at": T0,
    }
    values.update(overrides)
    return values


async def test_berkala_item_needs_a_period(db: Database) -> None:
    ids = await seed_basics(db)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "info_items", **item(ids["unit"], period=None))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "info_items", **item(ids["unit"], period="weekly"))
    assert await attempt(db, "info_items", **item(ids["unit"], period="monthly")) > 0
    # Other categories do not need one.
    assert await attempt(db, "info_items", **item(ids["unit"], category="setiap_saat", period=None)) > 0


async def test_dikecualikan_item_needs_a_legal_basis(db: Database) -> None:
    ids = await seed_basics(db)
    for basis in (None, "", "   "):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            await attempt(db, "info_items", **item(ids["unit"], category="dikecualikan", period=None, legal_basis=basis))
    assert await attempt(
        db, "info_items", **item(ids["unit"], category="dikecualikan", period=None, legal_basis="UU 14/2008 ps. 17 huruf a")
    )


async def test_enumerations_are_checked(db: Database) -> None:
    ids = await seed_basics(db)
    with pytest.raises(sqlite3.IntegrityError):
        await attempt(db, "info_items", **item(ids["unit"], category="rahasia"))
    with pytest.raises(sqlite3.IntegrityError):
        await attempt(db, "units", name="X", kind="kecamatan", created_at=T0)
    with pytest.raises(sqlite3.IntegrityError):
        await attempt(db, "users", telegram_id=5, language="fr", created_at=T0)
    with pytest.raises(sqlite3.IntegrityError):
        await attempt(db, "update_cycles", item_id=ids["item"], kind="berkala", current_step=0, opened_at=T0, step_started_at=T0)


async def test_timestamps_must_have_the_stored_form(db: Database) -> None:
    for bad in ("2026-11-28 13:06:24", "2026-11-28T13:06:24+00:00", "2026-11-28T13:06:24.123Z", "2026-11-28"):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            await attempt(db, "units", name="X", kind="opd", created_at=bad)
    assert await attempt(db, "units", name="X", kind="opd", created_at=T0)


async def test_returned_review_needs_a_reason(db: Database) -> None:
    ids = await seed_basics(db)
    for reason in (None, "", "  "):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            await attempt(db, "reviews", **review(ids["cycle"], decision="returned", reason=reason))
    assert await attempt(db, "reviews", **review(ids["cycle"], decision="returned", reason="Tabel tidak lengkap"))


async def test_recategorisation_needs_a_category_and_dikecualikan_a_legal_basis(db: Database) -> None:
    ids = await seed_basics(db)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "reviews", **review(ids["cycle"], decision="recategorised"))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "reviews", **review(ids["cycle"], decision="recategorised", category="dikecualikan"))


async def test_a_draft_version_gets_exactly_one_final_decision(db: Database) -> None:
    ids = await seed_basics(db)
    cycle = ids["cycle"]
    # Recategorise (not final, may happen more than once), then approve: allowed.
    await attempt(db, "reviews", **review(cycle, decision="recategorised", category="serta_merta"))
    await attempt(db, "reviews", **review(cycle, decision="recategorised", category="setiap_saat"))
    await attempt(db, "reviews", **review(cycle, decision="approved", category="setiap_saat"))
    # A second final decision, of either kind, is impossible.
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "reviews", **review(cycle, decision="approved"))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "reviews", **review(cycle, decision="returned", reason="terlambat"))
    # And so is changing the category after the decision.
    with pytest.raises(sqlite3.IntegrityError, match="final decision"):
        await attempt(db, "reviews", **review(cycle, decision="recategorised", category="berkala"))
    # A resubmitted draft (version 2) gets its own decision.
    await attempt(db, "reviews", **review(cycle, draft_version=2, decision="returned", reason="revisi"))
    assert await db.fetch_value("SELECT COUNT(*) FROM reviews") == 4


async def test_pelaksana_needs_a_unit_and_other_roles_have_none(db: Database) -> None:
    ids = await seed_basics(db)
    grant = {"telegram_id": 200, "granted_at": T0}
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "user_roles", role="pelaksana", **grant)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "user_roles", role="operator", unit_id=ids["unit"], **grant)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "invites", token_hash="a" * 64, role="pelaksana", created_at=T0, expires_at=T0)
    assert await attempt(db, "user_roles", role="pelaksana", unit_id=ids["unit"], **grant)


async def test_one_active_grant_per_person_role_and_unit(db: Database) -> None:
    await seed_basics(db)
    await attempt(db, "user_roles", telegram_id=100, role="admin", granted_at=T0)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "user_roles", telegram_id=100, role="admin", granted_at=T0)  # NULL unit too
    async with db.transaction() as conn:
        await conn.execute("UPDATE user_roles SET revoked_at = ? WHERE telegram_id = 100", (T0,))
    assert await attempt(db, "user_roles", telegram_id=100, role="admin", granted_at=T0)


async def test_reminders_are_never_recorded_twice(db: Database) -> None:
    ids = await seed_basics(db)
    sent = {"recipient_id": 200, "kind": "due", "due_key": "2026-11-30", "claimed_at": T0, "sent_at": T0}
    await attempt(db, "reminders", cycle_id=ids["cycle"], step_no=3, **sent)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "reminders", cycle_id=ids["cycle"], step_no=3, **sent)
    # Another step, slot or recipient is another reminder.
    await attempt(db, "reminders", cycle_id=ids["cycle"], step_no=4, **sent)
    await attempt(db, "reminders", cycle_id=ids["cycle"], step_no=3, **{**sent, "due_key": "2026-12-01"})
    # Item reminders have no cycle or step: NULLs must not defeat the rule...
    stale = {"recipient_id": 100, "kind": "item_stale", "due_key": "2026-11-28", "claimed_at": T0, "sent_at": T0}
    await attempt(db, "reminders", item_id=ids["item"], **stale)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "reminders", item_id=ids["item"], **stale)
    # ...and two different stale items on the same day do not collide.
    other_item = await attempt(db, "info_items", **item(ids["unit"]))
    await attempt(db, "reminders", item_id=other_item, **stale)


async def test_one_open_cycle_per_item(db: Database) -> None:
    ids = await seed_basics(db)
    cycle = {"item_id": ids["item"], "kind": "berkala", "opened_at": T0, "step_started_at": T0}
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "update_cycles", **cycle)
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE update_cycles SET state = 'published', closed_at = ? WHERE id = ?", (T0, ids["cycle"])
        )
    assert await attempt(db, "update_cycles", **cycle)


async def test_closed_cycle_needs_closing_time(db: Database) -> None:
    ids = await seed_basics(db)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE update_cycles SET state = 'cancelled' WHERE id = ?", (ids["cycle"],))


async def test_foreign_keys_protect_references(db: Database) -> None:
    ids = await seed_basics(db)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await attempt(db, "step_events", cycle_id=999, step_no=1, action="open", at=T0)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        await attempt(db, "reviews", **review(ids["cycle"], reviewer_id=424242))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM units WHERE id = ?", (ids["unit"],))


async def test_documents_store_valid_hashes_once_per_version(db: Database) -> None:
    ids = await seed_basics(db)
    doc = {
        "cycle_id": ids["cycle"],
        "kind": "draft",
        "version": 1,
        "sha256": "a" * 64,
        "size": 10,
        "detected_type": "pdf",
        "original_name": "draft.pdf",
        "stored_path": "aa/aa/" + "a" * 64,
        "uploaded_by": 200,
        "uploaded_at": T0,
    }
    await attempt(db, "documents", **doc)
    await attempt(db, "documents", **{**doc, "sha256": "b" * 64})  # a second file of version 1
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await attempt(db, "documents", **doc)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        await attempt(db, "documents", **{**doc, "sha256": "../../etc/passwd"})
