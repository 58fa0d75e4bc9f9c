"""Letter numbers (migration 0015): a per-year counter per kind, taken inside the writer's
transaction, never given twice, held for a cycle until its letter is sent."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from storage.database import Database, open_database
from storage.letter_numbers import LetterNumber, LetterNumberRepository
from storage.migrations import apply_migrations
from tests.storage.builders import T0, insert, migrations_before, seed_basics

AT = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)
KIND = "surat_koordinasi"


def printed(number: int) -> str:
    return f"000.5/{number}/PPID-DINSOS/2026"


async def more_cycles(db: Database, unit: int, count: int) -> list[int]:
    """`count` more open cycles, each of its own item (one open cycle per item)."""
    cycles = []
    async with db.transaction() as conn:
        for index in range(count):
            item = await insert(
                conn, "info_items", summary=f"Informasi {index}", unit_id=unit, category="berkala", period="semester",
                created_at=T0, updated_at=T0,
            )
            cycles.append(await insert(conn, "update_cycles", item_id=item, kind="berkala", opened_at=T0, step_started_at=T0))
    return cycles


async def take(db: Database, numbers: LetterNumberRepository, cycle: int, year: int = 2026, kind: str = KIND) -> LetterNumber:
    async with db.transaction() as conn:
        return await numbers.take(conn, year=year, kind=kind, cycle_id=cycle, taken_by=100, at=AT, text_of=printed)


async def test_numbers_count_up_per_year_and_kind_from_one(db: Database) -> None:
    ids = await seed_basics(db)
    numbers = LetterNumberRepository(db)
    cycles = [ids["cycle"], *await more_cycles(db, ids["unit"], 3)]
    first = [await take(db, numbers, cycle) for cycle in cycles[:3]]
    assert [(n.year, n.number, n.text) for n in first] == [
        (2026, 1, "000.5/1/PPID-DINSOS/2026"), (2026, 2, "000.5/2/PPID-DINSOS/2026"), (2026, 3, "000.5/3/PPID-DINSOS/2026"),
    ]
    assert (await take(db, numbers, cycles[3], year=2027)).number == 1  # a new year starts again at 1
    assert (await take(db, numbers, cycles[3], kind="keputusan_pengecualian")).number == 1  # its own series
    assert [n.number for n in await numbers.of_year(2026, KIND)] == [1, 2, 3]


async def test_a_number_is_never_given_twice_even_by_a_bypassing_insert(db: Database) -> None:
    ids = await seed_basics(db)
    await take(db, LetterNumberRepository(db), ids["cycle"])
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await insert(
                conn, "letter_numbers", year=2026, kind=KIND, number=1, text="dup", cycle_id=ids["cycle"], taken_by=100,
                taken_at=T0,
            )


async def test_concurrent_takes_get_consecutive_distinct_numbers(db_path: Path) -> None:
    """Two connections (two bot processes would be refused by the instance lock; two operators are
    two tasks on one connection): BEGIN IMMEDIATE serialises the read of the maximum and the insert."""
    first = await open_database(db_path)
    second = await open_database(db_path)
    try:
        ids = await seed_basics(first)
        cycles = await more_cycles(first, ids["unit"], 12)
        repositories = [LetterNumberRepository(first), LetterNumberRepository(second)]
        taken = await asyncio.gather(*(
            take([first, second][index % 2], repositories[index % 2], cycle) for index, cycle in enumerate(cycles)
        ))
    finally:
        await first.close()
        await second.close()
    assert sorted(number.number for number in taken) == list(range(1, 13))
    assert len({number.cycle_id for number in taken}) == 12


async def test_a_held_number_is_found_again_and_marked_sent_once(db: Database) -> None:
    ids = await seed_basics(db)
    numbers = LetterNumberRepository(db)
    number = await take(db, numbers, ids["cycle"])
    async with db.transaction() as conn:
        assert await numbers.held(conn, cycle_id=ids["cycle"], kind=KIND, year=2026) == number
        assert await numbers.held(conn, cycle_id=ids["cycle"], kind=KIND, year=2027) is None
        document = await insert(
            conn, "documents", cycle_id=ids["cycle"], kind="coordination_letter", version=1, sha256="a" * 64, size=1,
            original_name="surat.docx", stored_path="aa/aa/x", uploaded_by=100, uploaded_at=T0,
        )
        assert await numbers.mark_sent(conn, number.id, cycle_id=ids["cycle"], document_id=document, at=AT)
        assert not await numbers.mark_sent(conn, number.id, cycle_id=ids["cycle"], document_id=document, at=AT)
        assert await numbers.held(conn, cycle_id=ids["cycle"], kind=KIND, year=2026) is None
    sent = await numbers.get(number.id)
    assert sent is not None and sent.document_id == document and sent.sent_at == AT
    # A cycle that writes a second letter gets a new number; the sent one stays its own.
    assert (await take(db, numbers, ids["cycle"])).number == 2


async def test_a_cycle_holds_one_unsent_number_per_year(db: Database) -> None:
    ids = await seed_basics(db)
    numbers = LetterNumberRepository(db)
    await take(db, numbers, ids["cycle"])
    with pytest.raises(sqlite3.IntegrityError):
        await take(db, numbers, ids["cycle"])  # callers reuse `held`; the index holds them to it


async def test_migration_0015_adds_the_table_to_a_database_of_release_14(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "ppid.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(15, tmp_path / "older"))
        ids = await seed_basics(database)
        assert await database.fetch_value("SELECT COUNT(*) FROM sqlite_master WHERE name = 'letter_numbers'") == 0
        assert (await apply_migrations(database))[0] == 15  # then any later migrations
        assert (await take(database, LetterNumberRepository(database), ids["cycle"])).number == 1
    finally:
        await database.close()
