"""The Daftar Informasi yang Dikecualikan (/dikecualikan/): every active exempt item's summary,
unit and legal basis, with the exemption period column, and nothing else: no published item, no
deactivated one, never a link to an item page or a document; paged like the DIP."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot import public_site
from tests.bot.cycle_helpers import Office
from tests.web.html_reading import first_column, read, table
from tests.web.publishing import make_exempt
from tests.web.register_mix import (
    DEACTIVATED,
    EXEMPT_AFTER,
    EXEMPT_DEACTIVATED,
    EXEMPT_NEVER,
    LEGAL_BASIS,
    OTHER_BASIS,
    PUBLISHED,
    PUBLISHED_OTHER,
    UNPUBLISHED,
    WITHDRAWN,
    mixed_register,
)


async def test_the_list_holds_the_active_exempt_items_and_their_public_columns_only(
    office: Office, site: httpx.AsyncClient
) -> None:
    register = await mixed_register(office)

    page = await site.get("/dikecualikan/")

    assert page.status_code == 200
    exempt = table(page.text, "exempt")
    assert exempt.headers == [
        "Ringkasan isi informasi", "Unit penguasa informasi", "Dasar hukum pengecualian", "Jangka waktu pengecualian",
    ]
    assert set(exempt.header_scopes) == {"col"} and exempt.caption.startswith("Daftar Informasi yang Dikecualikan")
    assert exempt.rows == [
        [EXEMPT_NEVER, "Dinas Kesehatan", OTHER_BASIS, "sampai dengan 31 Des 2040"],
        [EXEMPT_AFTER, "Dinas Sosial", LEGAL_BASIS, "sampai dengan 31 Des 2040"],
    ]
    for summary in (PUBLISHED, PUBLISHED_OTHER, UNPUBLISHED, DEACTIVATED, WITHDRAWN, EXEMPT_DEACTIVATED):
        assert summary not in page.text, summary
    # No way to the information itself: no item page, no document, whatever was published before.
    links = read(page.text).links
    assert not [link for link in links if "informasi/" in link or "berkas" in link]
    assert f"informasi/{register.exempt_after}" not in page.text
    assert "UU 14/2008 tentang Keterbukaan Informasi Publik mewajibkan daftar ini terbuka untuk umum" in page.text
    assert "2 informasi dikecualikan" in read(page.text).h2

    english = await site.get("/en/dikecualikan/")
    assert table(english.text, "exempt").rows[0][-1] == "up to and including 31 Dec 2040"
    assert "Law 14/2008" in english.text


async def test_an_empty_list_says_so(site: httpx.AsyncClient) -> None:
    page = await site.get("/dikecualikan/")
    assert page.status_code == 200 and "Tidak ada informasi yang dikecualikan." in page.text
    assert "<table" not in page.text


async def test_the_pages_of_the_list(office: Office, site: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(public_site, "EXEMPT_PAGE_SIZE", 1)
    for summary in ("Arsip Penyidikan A", "Berkas Intelijen B"):
        await make_exempt(office, await office.add_item(summary))

    first = await site.get("/dikecualikan/")
    assert first_column(first.text, "exempt") == ["Arsip Penyidikan A"]
    assert '<a rel="next" href="halaman/2/">' in first.text
    second = await site.get("/dikecualikan/halaman/2/")
    assert first_column(second.text, "exempt") == ["Berkas Intelijen B"]
    assert '<a rel="prev" href="../../">' in second.text
    assert first_column((await site.get("/dikecualikan/?halaman=2")).text, "exempt") == ["Berkas Intelijen B"]
    beyond = await site.get("/dikecualikan/?halaman=7")
    assert first_column(beyond.text, "exempt") == ["Berkas Intelijen B"] and "Halaman 2 dari 2" in beyond.text


@pytest.mark.parametrize(
    "path",
    [
        "/dikecualikan/?halaman=0", "/dikecualikan/?halaman=-3", "/dikecualikan/?halaman=abc", "/dikecualikan/?halaman=%00",
        "/dikecualikan/?halaman=1&halaman=1", "/dikecualikan/?halaman=100001", "/dikecualikan/halaman/0/",
        "/dikecualikan/halaman/9999999999999999999999/", "/dikecualikan/halaman/2/?halaman=2",
    ],
)
async def test_a_hostile_page_number_gets_a_400_page(site: httpx.AsyncClient, path: str) -> None:
    response = await site.get(path)
    assert response.status_code == 400 and "Traceback" not in response.text


async def test_the_period_says_when_it_ended_and_an_old_exemption_says_not_recorded(
    office: Office, site: httpx.AsyncClient
) -> None:
    """The consequence test's period, as the public reads it: "sampai dengan" its last day, then (the
    office clock past it) that it ended; an exemption from before the test has no period."""
    await make_exempt(office, await office.add_item("Arsip Penyidikan A"), until="2026-12-04")
    async with office.services.db.transaction() as conn:  # classified before the consequence test existed
        old = await office.services.items.add(
            conn, summary="Berkas Intelijen Lama", unit_id=office.unit_id, responsible="", made_time_place="",
            form="soft", retention="", category="dikecualikan", period=None, legal_basis="Perda 3/2019 Pasal 5",
        )
    assert old.exemption is None

    before = table((await site.get("/dikecualikan/")).text, "exempt").rows
    office.clock.advance(timedelta(days=5))
    after = table((await site.get("/dikecualikan/")).text, "exempt").rows
    english = table((await site.get("/en/dikecualikan/")).text, "exempt").rows

    assert [row[3] for row in before] == ["sampai dengan 4 Des 2026", "Belum dicatat"]
    assert [row[3] for row in after] == ["berakhir pada 4 Des 2026; sedang diuji ulang", "Belum dicatat"]
    assert [row[3] for row in english] == ["ended on 4 Dec 2026; being tested again", "Not recorded yet"]
