"""The public search index (migration 0004, storage/public_search.py): the visibility rule is
checked in SQL on every read, so even a stale index row never shows a hidden item."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from storage.database import Database
from storage.public_search import MAX_LIMIT, PublicHit, PublicSearchRepository
from tests.storage.builders import T0, insert

T1, T2 = "2026-12-01T02:00:00Z", "2027-06-01T02:00:00Z"


async def office(db: Database) -> dict[str, int]:
    """Two units, a publisher, and items in every state the rule distinguishes (ids by name)."""
    ids: dict[str, int] = {}
    async with db.transaction() as conn:
        ids["unit"] = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
        ids["other_unit"] = await insert(conn, "units", name="Dinas Kesehatan", kind="opd", created_at=T0)
        await insert(conn, "users", telegram_id=100, full_name="Operator", created_at=T0)

        async def item(name: str, *, category: str = "setiap_saat", status: str = "active", unit: str = "unit",
                       published: tuple[str, ...] = (T1,), legal_basis: str | None = None) -> None:
            item_id = await insert(
                conn, "info_items", summary=f"Laporan {name}", unit_id=ids[unit], category=category,
                legal_basis=legal_basis, status=status, responsible="Kepala Rahasia", created_at=T0, updated_at=T0,
            )
            for number, at in enumerate(published, start=1):
                cycle = await insert(conn, "update_cycles", item_id=item_id, kind="berkala", state="published",
                                     opened_at=T0, step_started_at=T0, closed_at=at)
                await insert(conn, "publications", cycle_id=cycle, item_id=item_id, channel_chat_id=-1001000000001,
                             channel_message_id=10 * item_id + number, published_by=100, published_at=at)
            ids[name] = item_id

        await item("terbit", published=(T1, T2))
        await item("draf", published=())
        await item("nonaktif", status="inactive")
        await item("rahasia", category="dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf b")
        await item("kesehatan", unit="other_unit")
    return ids


async def test_the_migration_makes_an_fts5_table_folding_diacritics(db: Database) -> None:
    sql = await db.fetch_value("SELECT sql FROM sqlite_master WHERE name = 'public_search'")
    assert "fts5" in sql and "unicode61 remove_diacritics 2" in sql
    repo = PublicSearchRepository(db)
    async with db.transaction() as conn:
        await repo.index_item(conn, 1, "kesehatán")
    assert await db.fetch_value("SELECT rowid FROM public_search WHERE public_search MATCH 'kesehatan'") == 1
    assert await repo.indexed_ids() == [1]


async def test_sources_are_only_the_publicly_visible_items(db: Database) -> None:
    ids = await office(db)
    repo = PublicSearchRepository(db)
    assert [s.item_id for s in await repo.visible_sources()] == [ids["terbit"], ids["kesehatan"]]
    assert [s.item_id for s in await repo.visible_sources(ids["other_unit"])] == [ids["kesehatan"]]
    source = await repo.source(ids["terbit"])
    assert source is not None and (source.summary, source.unit_name, source.category) == (
        "Laporan terbit", "Dinas Sosial", "setiap_saat"
    )
    for hidden in ("draf", "nonaktif", "rahasia"):
        assert await repo.source(ids[hidden]) is None, hidden
    assert await repo.source(999) is None


async def test_a_stale_row_never_shows_a_hidden_item(db: Database) -> None:
    ids = await office(db)
    repo = PublicSearchRepository(db)
    async with db.transaction() as conn:
        # Rows for every item, hidden ones too (as if an update had forgotten to remove them).
        written = await repo.replace_all(conn, [(item_id, "laporan umum") for name, item_id in ids.items() if "unit" not in name])
    assert written == 5 and len(await repo.indexed_ids()) == 5
    hits = await repo.search('"laporan"', limit=50)
    assert {hit.item_id for hit in hits} == {ids["terbit"], ids["kesehatan"]}
    assert await repo.count('"laporan"') == 2
    # The item that was published twice shows its latest publication.
    latest = next(hit for hit in hits if hit.item_id == ids["terbit"])
    assert latest.published_at == datetime(2027, 6, 1, 2, 0, tzinfo=timezone.utc)
    assert (latest.channel_chat_id, latest.channel_message_id) == (-1001000000001, 10 * ids["terbit"] + 2)
    assert latest.unit_name == "Dinas Sosial" and latest.summary == "Laporan terbit"
    # A hit carries public columns only.
    assert {field.name for field in dataclasses.fields(PublicHit)} == {
        "item_id", "summary", "category", "unit_name", "published_at", "channel_chat_id", "channel_message_id",
        "data_file_message_id",  # the data file posted to the public channel with it (step 6)
    }
    # The item becomes hidden after it was indexed: it disappears at once.
    async with db.transaction() as conn:
        await conn.execute("UPDATE info_items SET category = 'dikecualikan', legal_basis = 'UU 14/2008 Pasal 17' WHERE id = ?", (ids["kesehatan"],))
    assert [hit.item_id for hit in await repo.search('"laporan"')] == [ids["terbit"]]


async def test_index_writes_replace_and_remove(db: Database) -> None:
    ids = await office(db)
    repo = PublicSearchRepository(db)
    async with db.transaction() as conn:
        await repo.index_item(conn, ids["terbit"], "anggaran")
        await repo.index_item(conn, ids["terbit"], "kesehatan")  # replaces, never adds a second row
    assert await repo.indexed_ids() == [ids["terbit"]]
    assert await repo.indexed_text(ids["terbit"]) == "kesehatan"
    assert await repo.search('"anggaran"') == []
    assert [hit.item_id for hit in await repo.search('"kesehatan"')] == [ids["terbit"]]
    async with db.transaction() as conn:
        assert await repo.remove_item(conn, ids["terbit"]) is True
        assert await repo.remove_item(conn, ids["terbit"]) is False
    assert await repo.indexed_ids() == [] and await repo.indexed_text(ids["terbit"]) is None


async def test_pages_are_bounded_and_stable(db: Database) -> None:
    repo = PublicSearchRepository(db)
    async with db.transaction() as conn:
        unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
        await insert(conn, "users", telegram_id=100, full_name="Operator", created_at=T0)
        for number in range(60):
            item_id = await insert(conn, "info_items", summary=f"Data {number}", unit_id=unit, category="setiap_saat",
                                   created_at=T0, updated_at=T0)
            cycle = await insert(conn, "update_cycles", item_id=item_id, kind="berkala", state="published",
                                 opened_at=T0, step_started_at=T0, closed_at=T1)
            await insert(conn, "publications", cycle_id=cycle, item_id=item_id, channel_chat_id=-1001000000001,
                         channel_message_id=item_id, published_by=100, published_at=T1)
            await repo.index_item(conn, item_id, "data")
    assert await repo.count('"data"') == 60
    assert len(await repo.search('"data"', limit=1000)) == MAX_LIMIT
    first, second = await repo.search('"data"', limit=5), await repo.search('"data"', limit=5, offset=5)
    assert [hit.item_id for hit in first] == [1, 2, 3, 4, 5] and [hit.item_id for hit in second] == [6, 7, 8, 9, 10]
    assert await repo.search('"data"', limit=-3, offset=-1) == []
