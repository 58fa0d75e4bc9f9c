"""The DIP register's repository: add, get, update, status, re-classification, publication, search."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import storage.items as items_module
from storage.database import Database
from storage.items import InfoItem, ItemNotFoundError, ItemRepository
from storage.units import UnitRepository
from tests.storage.builders import insert

T0 = datetime(2026, 11, 28, 13, 6, 24, tzinfo=timezone.utc)


def fields(unit_id: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "summary": "Laporan realisasi anggaran",
        "unit_id": unit_id,
        "responsible": "Kepala Bidang Anggaran",
        "made_time_place": "Januari 2026, Pontianak",
        "form": "both",
        "retention": "5 tahun",
        "category": "berkala",
        "period": "semester",
        "legal_basis": None,
    }
    values.update(overrides)
    return values


@pytest.fixture
async def units(db: Database) -> dict[str, int]:
    repo = UnitRepository(db)
    async with db.transaction() as conn:
        dinsos = await repo.add(conn, "Dinas Sosial")
        dishub = await repo.add(conn, "Dinas Perhubungan")
    return {"dinsos": dinsos.id, "dishub": dishub.id}


async def test_add_and_get_mirror_every_column(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db, clock=lambda: T0)
    async with db.transaction() as conn:
        added = await items.add(conn, **fields(units["dinsos"]))
    assert added == await items.get(added.id)
    assert isinstance(added, InfoItem)
    assert (added.summary, added.unit_id, added.responsible, added.made_time_place) == (
        "Laporan realisasi anggaran",
        units["dinsos"],
        "Kepala Bidang Anggaran",
        "Januari 2026, Pontianak",
    )
    assert (added.form, added.retention, added.category, added.period, added.legal_basis) == (
        "both",
        "5 tahun",
        "berkala",
        "semester",
        None,
    )
    assert added.status == "active" and added.active
    assert added.last_published_at is None and added.next_due_at is None
    assert added.reminders_paused is False
    assert added.created_at == added.updated_at == T0 and added.created_at.tzinfo is not None
    assert await items.get(999) is None


async def test_schema_refuses_incomplete_classification(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await items.add(conn, **fields(units["dinsos"], period=None))
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await items.add(conn, **fields(units["dinsos"], category="dikecualikan", period=None))
    assert await items.count(include_inactive=True) == 0


async def test_update_changes_known_columns_and_updated_at(db: Database, units: dict[str, int]) -> None:
    clock = {"now": T0}
    items = ItemRepository(db, clock=lambda: clock["now"])
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"]))
    clock["now"] = T0 + timedelta(hours=2)
    due = T0 + timedelta(days=180)
    async with db.transaction() as conn:
        updated = await items.update(
            conn, item.id, summary="Laporan keuangan", unit_id=units["dishub"], next_due_at=due, reminders_paused=True
        )
    assert updated.summary == "Laporan keuangan" and updated.unit_id == units["dishub"]
    assert updated.next_due_at == due and updated.reminders_paused is True
    assert updated.created_at == T0 and updated.updated_at == T0 + timedelta(hours=2)
    assert await items.get(item.id) == updated
    async with db.transaction() as conn:
        with pytest.raises(ValueError, match="id"):
            await items.update(conn, item.id, id=5)
        with pytest.raises(ValueError):
            await items.update(conn, item.id)
        with pytest.raises(ItemNotFoundError):
            await items.update(conn, 999, summary="Tidak ada")


async def test_set_status_reports_a_change_only(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"]))
    async with db.transaction() as conn:
        assert await items.set_status(conn, item.id, "inactive")
        assert not await items.set_status(conn, item.id, "inactive")
        assert not await items.set_status(conn, 999, "inactive")
    found = await items.get(item.id)
    assert found is not None and found.status == "inactive" and not found.active
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await items.set_status(conn, item.id, "deleted")  # type: ignore[arg-type]


async def test_set_category_replaces_period_and_legal_basis(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"]))
    async with db.transaction() as conn:
        assert await items.set_category(conn, item.id, "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf a")
        assert not await items.set_category(conn, 999, "setiap_saat")
    found = await items.get(item.id)
    assert found is not None
    assert (found.category, found.period, found.legal_basis) == ("dikecualikan", None, "UU 14/2008 Pasal 17 huruf a")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await items.set_category(conn, item.id, "berkala")  # no period
    async with db.transaction() as conn:
        assert await items.set_category(conn, item.id, "berkala", period="monthly")
    found = await items.get(item.id)
    assert found is not None and (found.category, found.period, found.legal_basis) == ("berkala", "monthly", None)


async def test_mark_published_sets_the_schedule(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"]))
    published = datetime(2026, 12, 1, 10, 0, tzinfo=timezone(timedelta(hours=7)))
    async with db.transaction() as conn:
        due = published + timedelta(days=90)
        returned = await items.mark_published(conn, item.id, published_at=published, next_due_at=due)
        assert await items.mark_published(conn, 999, published_at=published, next_due_at=None) is None
    found = await items.get(item.id)
    assert found is not None and returned == found
    assert found.last_published_at == published and found.last_published_at.tzinfo == timezone.utc
    assert found.next_due_at == published + timedelta(days=90)
    async with db.transaction() as conn:
        assert await items.mark_published(conn, item.id, published_at=published, next_due_at=None)
    found = await items.get(item.id)
    assert found is not None and found.next_due_at is None


@pytest.fixture(params=["scan", "index"])
def search_route(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a search test once with LIKE scans only, once with the trigram index wherever it can serve."""
    monkeypatch.setattr(items_module, "INDEXED_SEARCH_MAX_MATCHES", 0 if request.param == "scan" else 10**9)
    return str(request.param)


async def test_search_and_count(db: Database, units: dict[str, int], search_route: str) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        for number in range(12):
            await items.add(conn, **fields(units["dinsos"], summary=f"Laporan bulanan {number:02d}"))
        await items.add(conn, **fields(units["dishub"], summary="Jadwal angkutan umum", responsible="Kabid LLAJ"))
        hidden = await items.add(conn, **fields(units["dishub"], summary="Arsip lama 100% selesai"))
        await items.set_status(conn, hidden.id, "inactive")
    assert await items.count() == 13
    assert await items.count(include_inactive=True) == 14
    first = await items.search()
    assert len(first) == 10 and first[0].summary == "Jadwal angkutan umum"
    assert [i.summary for i in first[1:3]] == ["Laporan bulanan 00", "Laporan bulanan 01"]
    rest = await items.search(offset=10)
    assert [i.summary for i in rest] == ["Laporan bulanan 09", "Laporan bulanan 10", "Laporan bulanan 11"]
    # Case-insensitive, on the summary and on the person responsible.
    assert [i.summary for i in await items.search("ANGKUTAN")] == ["Jadwal angkutan umum"]
    assert [i.summary for i in await items.search("llaj")] == ["Jadwal angkutan umum"]
    assert await items.count("bulanan 1") == 2
    # LIKE wildcards in the text are taken literally.
    assert await items.search("100%") == []
    assert [i.summary for i in await items.search("100%", include_inactive=True)] == ["Arsip lama 100% selesai"]
    assert await items.count("_") == 0
    # Unit filters.
    assert await items.count(unit_id=units["dishub"]) == 1
    assert await items.count(unit_ids=[units["dishub"]], include_inactive=True) == 2
    assert await items.count(unit_ids={units["dinsos"], units["dishub"]}) == 13
    assert await items.count(unit_ids=[]) == 0
    assert await items.search(unit_ids=[]) == []


WORDS = ["Laporan", "anggaran", "Dinas", "sosial", "Rp100%", "tahun_2026", "ÉLAN", "jalan", "ab", "\"kutip\""]


def ascii_fold(text: str) -> str:
    return "".join(char.lower() if char.isascii() else char for char in text)


def contains(haystack: str, needle: str) -> bool:
    """SQLite's LIKE: case-insensitive for ASCII letters only (the data has no other letter in two cases)."""
    return ascii_fold(needle) in ascii_fold(haystack)


async def test_search_finds_exactly_the_items_containing_the_text(
    db: Database, units: dict[str, int], search_route: str
) -> None:
    chance = random.Random(6)
    items = ItemRepository(db)
    stored: list[InfoItem] = []
    async with db.transaction() as conn:
        for _ in range(60):
            summary = " ".join(chance.choice(WORDS) for _ in range(chance.randint(1, 4)))
            responsible = chance.choice(["Staf", "Kepala Dinas Sosial", "Kabid Anggaran", "Sekretaris"])
            stored.append(await items.add(conn, **fields(units["dinsos"], summary=summary, responsible=responsible)))
    needles = [*WORDS, "lap", "LAPORAN ANGGARAN", "n a", "%", "_", "100%", "é", "ÉLAN", "al", "zzz", "kutip\" Dinas"]
    needles += [chance.choice(stored).summary[a : a + n] for a, n in ((chance.randint(0, 5), chance.randint(1, 9)) for _ in range(40))]
    for needle in needles:
        wanted = sorted(
            (item for item in stored if contains(item.summary, needle.strip()) or contains(item.responsible, needle.strip())),
            key=lambda item: (item.summary.lower(), item.id),
        )
        if not needle.strip():
            continue
        found = await items.search(needle, limit=100)
        assert [item.id for item in found] == [item.id for item in wanted], needle
        assert await items.count(needle) == len(wanted), needle


async def test_the_register_index_follows_edits_and_deletions(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"], summary="Rencana strategis", responsible="Kabid Program"))
    assert [i.id for i in await items.search("strategis")] == [item.id]
    async with db.transaction() as conn:
        await items.update(conn, item.id, summary="Rencana kerja", responsible="Sekretaris Dinas")
    assert await items.search("strategis") == []
    assert await items.search("Program") == []
    assert [i.id for i in await items.search("rencana kerja")] == [item.id]
    assert [i.id for i in await items.search("sekretaris")] == [item.id]
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM info_items WHERE id = ?", (item.id,))
    assert await db.fetch_value("SELECT COUNT(*) FROM register_search WHERE register_search MATCH '\"rencana\"'") == 0
    # The index and the table agree (FTS5's own check of an external-content index).
    await db.connection.execute("INSERT INTO register_search (register_search, rank) VALUES ('integrity-check', 1)")


async def test_has_open_cycle(db: Database, units: dict[str, int]) -> None:
    items = ItemRepository(db)
    async with db.transaction() as conn:
        item = await items.add(conn, **fields(units["dinsos"]))
    assert not await items.has_open_cycle(item.id)
    async with db.transaction() as conn:
        await insert(
            conn,
            "update_cycles",
            item_id=item.id,
            kind="berkala",
            opened_at="2026-11-28T13:06:24Z",
            step_started_at="2026-11-28T13:06:24Z",
        )
    assert await items.has_open_cycle(item.id)
