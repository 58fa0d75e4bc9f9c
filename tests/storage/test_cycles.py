"""The cycle repository's moves: what a step's transaction hands back without reading again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from storage.cycles import Cycle, CycleRepository
from storage.database import Database
from storage.items import ItemRepository

from .builders import seed_basics

AT = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)


async def seeded_cycle(db: Database) -> tuple[CycleRepository, Cycle]:
    """The repository and the open cycle of `seed_basics`."""
    ids = await seed_basics(db)
    cycles = CycleRepository(db)
    cycle = await cycles.get(ids["cycle"])
    assert cycle is not None
    return cycles, cycle


async def test_move_returns_the_cycle_as_stored_and_none_when_the_step_has_passed(db: Database) -> None:
    cycles, before = await seeded_cycle(db)
    async with db.transaction() as conn:
        moved = await cycles.move(
            conn, before.id, from_step=before.current_step, to_step=before.current_step + 1,
            at=AT, step_deadline_at=AT + timedelta(days=2),
        )
        stale = await cycles.move(
            conn, before.id, from_step=before.current_step, to_step=before.current_step + 2,
            at=AT, step_deadline_at=None,
        )
    assert stale is None
    assert moved is not None and moved == await cycles.get(before.id)
    assert moved.current_step == before.current_step + 1 and moved.step_deadline_at == AT + timedelta(days=2)


async def test_close_returns_the_closed_cycle_once(db: Database) -> None:
    cycles, before = await seeded_cycle(db)
    async with db.transaction() as conn:
        closed = await cycles.close(conn, before.id, from_step=before.current_step, state="published", at=AT)
        again = await cycles.close(conn, before.id, from_step=before.current_step, state="cancelled", at=AT)
    assert again is None
    assert closed is not None and closed == await cycles.get(before.id)
    assert closed.state == "published" and not closed.is_open and closed.step_deadline_at is None


async def test_get_with_item_reads_the_cycle_and_its_item_together(db: Database) -> None:
    ids = await seed_basics(db)
    cycles = CycleRepository(db)
    found = await cycles.get_with_item(ids["cycle"])
    assert found is not None
    cycle, item = found
    assert cycle == await cycles.get(ids["cycle"])
    assert item == await ItemRepository(db).get(ids["item"])
    assert await cycles.get_with_item(424242) is None
