"""Reads of many rows at once (`get_many`): the same rows as one `get` each, in one query."""

from __future__ import annotations

from storage.database import Database
from storage.items import ItemRepository
from storage.units import UnitRepository
from storage.users import UserRepository
from tests.storage.builders import seed_basics


async def test_users_get_many_matches_get_and_leaves_out_unknown_ids(db: Database) -> None:
    await seed_basics(db)
    users = UserRepository(db)
    found = await users.get_many([300, 100, 999, 100])
    assert sorted(found) == [100, 300]
    assert found[100] == await users.get(100)
    assert found[300].full_name == "User 300"
    assert await users.get_many([]) == {}


async def test_items_get_many_matches_get(db: Database) -> None:
    ids = await seed_basics(db)
    items = ItemRepository(db)
    found = await items.get_many({ids["item"], 424242})
    assert list(found) == [ids["item"]]
    assert found[ids["item"]] == await items.get(ids["item"])
    assert await items.get_many(set()) == {}


async def test_units_get_many_matches_get(db: Database) -> None:
    ids = await seed_basics(db)
    units = UnitRepository(db)
    async with db.transaction() as conn:
        other = await units.add(conn, "Dinas Kesehatan")
    found = await units.get_many([other.id, ids["unit"], 424242, other.id])
    assert sorted(found) == sorted([other.id, ids["unit"]])
    assert found[ids["unit"]] == await units.get(ids["unit"])
    assert found[other.id].name == "Dinas Kesehatan"
    assert await units.get_many([]) == {}
