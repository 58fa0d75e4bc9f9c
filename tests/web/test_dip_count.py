"""The DIP's count (its page numbers) is kept between requests only while not one row of the
database has changed (`storage.public_site.PublicSiteRepository.dip_count`): every change the
workflow makes, a transaction rolled back, and another connection's commit each give the new count
at once."""

from __future__ import annotations

import sqlite3

import pytest

from bot.public_site import DipQuery, dip
from bot.withdrawal import withdraw
from tests.bot.cycle_helpers import OPERATOR_ID, Office, person
from tests.web.publishing import publish_item


async def _total(office: Office, query: DipQuery | None = None) -> int:
    page = await dip(office.services, query or DipQuery())
    assert len(page.rows) == page.position.total  # one page here: the rows agree with the count
    return page.position.total


async def test_the_count_follows_every_change_to_the_register(office: Office) -> None:
    services = office.services
    first, first_cycle = await publish_item(office, "Laporan Keuangan 2026")
    assert await _total(office) == 1
    assert await _total(office) == 1  # asked again, nothing changed: the count kept

    second, _ = await publish_item(office, "Rencana Kerja 2027")  # a publication through the chat
    assert await _total(office) == 2
    assert await _total(office, DipQuery(category="berkala")) == 2

    await withdraw(services, await person(office, OPERATOR_ID), first_cycle, "Berkas yang salah diunggah")
    assert await _total(office) == 1

    # Inside a transaction the count sees its writes; once it is rolled back, the state before it.
    with pytest.raises(RuntimeError):
        async with services.db.transaction() as conn:
            await conn.execute("UPDATE info_items SET status = 'inactive' WHERE id = ?", (second,))
            assert await _total(office) == 0
            raise RuntimeError("rolled back")
    assert await _total(office) == 1

    # Another connection's commit (the sqlite3 shell, a restored backup): seen at once.
    other = sqlite3.connect(services.db.path)
    try:
        other.execute("UPDATE info_items SET category = 'dikecualikan', legal_basis = 'Pasal 17' WHERE id = ?", (second,))
        other.commit()
    finally:
        other.close()
    assert await _total(office) == 0
    assert await _total(office, DipQuery(category="berkala")) == 0
    assert first > 0
