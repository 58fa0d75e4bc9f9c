"""Units: add, rename, case-insensitive unique names, deactivate, list in name order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.database import open_database
from storage.units import UnitRepository


async def test_units_lifecycle(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "db.sqlite3")
    units = UnitRepository(db)
    async with db.transaction() as conn:
        dinsos = await units.add(conn, "Dinas Sosial")
        await units.add(conn, "Bidang Sekretariat", "bidang")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await units.add(conn, "dinas sosial")
    async with db.transaction() as conn:
        assert await units.rename(conn, dinsos.id, "Dinas Sosial Kota Pontianak")
        assert not await units.rename(conn, 999, "Tidak ada")
        assert await units.set_active(conn, dinsos.id, False)
    assert [u.name for u in await units.list()] == ["Bidang Sekretariat"]
    assert [u.name for u in await units.list(active_only=False)] == ["Bidang Sekretariat", "Dinas Sosial Kota Pontianak"]
    found = await units.find_by_name("DINAS SOSIAL KOTA PONTIANAK")
    assert found is not None and found.id == dinsos.id and not found.active and found.kind == "opd"
    await db.close()
