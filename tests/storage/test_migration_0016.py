"""Migration 0016_exemption_test on a database that already holds exempt items: they stay valid
with their typed legal basis and no consequence test (None: "belum lengkap" on the card), other
items are untouched, and the new columns refuse malformed ground letters and dates."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage.database import open_database
from storage.items import Exemption, ItemRepository
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before

VERSION = next(m.version for m in load_migrations() if m.name == "exemption_test")


async def test_old_exempt_items_keep_their_legal_basis_and_have_no_test_yet(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(VERSION, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            exempt = await insert(
                conn, "info_items", summary="Data pelapor", unit_id=unit, category="dikecualikan",
                legal_basis="UU 14/2008 Pasal 17 huruf h", created_at=T0, updated_at=T0,
            )
            berkala = await insert(
                conn, "info_items", summary="Laporan", unit_id=unit, category="berkala", period="semester",
                created_at=T0, updated_at=T0,
            )
        await apply_migrations(database)
        items = ItemRepository(database)
        old = await items.get(exempt)
        assert old is not None
        assert (old.category, old.legal_basis, old.exemption) == ("dikecualikan", "UU 14/2008 Pasal 17 huruf h", None)
        other = await items.get(berkala)
        assert other is not None and (other.category, other.period, other.exemption) == ("berkala", "semester", None)
        assert [item.id for item in await items.exempt_items()] == [exempt]
        assert await items.exemptions_ended(date(2099, 1, 1)) == []  # no period recorded: nothing ends

        # Re-tested: the test is stored whole, and read back as it was given.
        test = Exemption(
            part="Nama pelapor", grounds=("a", "h"), consequence="c" * 30, public_interest="p" * 30,
            until=date(2030, 12, 31), decider_name="Umar", decider_position="PPID Utama",
            decided_at=datetime(2026, 12, 1, 3, tzinfo=UTC),
        )
        async with database.transaction() as conn:
            await items.set_category(conn, exempt, "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf a, h", exemption=test)
        retested = await items.get(exempt)
        assert retested is not None and retested.exemption == test
        assert [item.id for item in await items.exemptions_ended(date(2031, 1, 1))] == [exempt]
        assert await items.exemptions_ended(date(2030, 12, 31)) == []  # its last day: still exempt
        # Back to setiap saat: the whole test is cleared with the legal basis.
        async with database.transaction() as conn:
            await items.set_category(conn, exempt, "setiap_saat")
        cleared = await database.fetch_one("SELECT * FROM info_items WHERE id = ?", (exempt,))
        assert cleared is not None and all(cleared[k] is None for k in cleared.keys() if k.startswith("exempt_"))

        for column, value in (("exempt_grounds", "a,k"), ("exempt_grounds", ""), ("exempt_until", "31-12-2030")):
            with pytest.raises(sqlite3.IntegrityError):
                async with database.transaction() as conn:
                    await conn.execute(f"UPDATE info_items SET {column} = ? WHERE id = ?", (value, berkala))
    finally:
        await database.close()
