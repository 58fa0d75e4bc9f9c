"""The Daftar Informasi Publik page (/dip/): exactly the public items, in the register's order,
with the regulation's columns; the filters by category, unit and office year; the pages in both
forms; the static export's version without the form; and a 400 page for any hostile query."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from bot import public_site
from tests.bot.cycle_helpers import Office
from tests.web.conftest import SITE
from tests.web.html_reading import first_column, read, table
from tests.web.publishing import publish_item, publish_new
from tests.web.register_mix import HIDDEN, LEGAL_BASIS, PUBLISHED, PUBLISHED_OTHER, mixed_register
from web.app import build_site

COLUMNS = [
    "Ringkasan isi informasi", "Unit penguasa informasi", "Penanggung jawab", "Waktu dan tempat pembuatan",
    "Bentuk informasi", "Jangka waktu penyimpanan", "Kategori", "Periode pembaruan", "Terakhir diumumkan",
]


async def test_the_dip_lists_exactly_the_public_items_with_the_regulations_columns(
    office: Office, site: httpx.AsyncClient
) -> None:
    register = await mixed_register(office)

    page = await site.get("/dip/")

    assert page.status_code == 200
    dip = table(page.text, "dip")
    assert dip.headers == COLUMNS and set(dip.header_scopes) == {"col"}
    assert dip.caption.startswith("Daftar Informasi Publik")
    # The register's own order (by summary), and nothing unpublished, exempt, deactivated or withdrawn.
    assert [row[0] for row in dip.rows] == [PUBLISHED_OTHER, PUBLISHED]
    for summary in (*HIDDEN, LEGAL_BASIS):
        assert summary not in page.text, summary
    assert dip.rows[1] == [
        PUBLISHED, "Dinas Sosial", "Kepala Bidang", "Pontianak, 2026", "Softcopy", "5 tahun", "Berkala", "Semesteran",
        "30 Nov 2026 09.00 WIB",
    ]
    assert dip.rows[0][6:8] == ["Setiap saat", "—"]
    links = read(page.text).links
    assert f"../informasi/{register.published}/" in links and f"../informasi/{register.published_other}/" in links
    assert f"../informasi/{register.exempt_after}/" not in links and f"../informasi/{register.withdrawn}/" not in links
    assert "2 informasi publik" in read(page.text).h2
    assert len(read(page.text).h1) == 1
    # The filter form: its fields, each labelled, an "all" choice first; units with public items only.
    assert '<form class="filters" method="get" action="./"' in page.text
    options = read(page.text).options
    assert [value for value, _, _ in options["kategori"]] == ["", "berkala", "serta_merta", "setiap_saat"]
    assert options["unit"] == [("", "Semua unit", False), (str(office.other_unit_id), "Dinas Kesehatan", False), (str(office.unit_id), "Dinas Sosial", False)]
    assert options["tahun"] == [("", "Semua tahun", False), ("2026", "2026", False)]
    for name in ("kategori", "unit", "tahun"):
        assert f'<label for="{name}">' in page.text and f'id="{name}" name="{name}"' in page.text
    assert '<button type="submit">' in page.text

    english = await site.get("/en/dip/")
    assert table(english.text, "dip").headers[0] == "Summary of content"
    assert [row[0] for row in table(english.text, "dip").rows] == [PUBLISHED_OTHER, PUBLISHED]


async def test_the_filters_by_category_and_unit(office: Office, site: httpx.AsyncClient) -> None:
    register = await mixed_register(office)

    by_category = await site.get("/dip/", params={"kategori": "setiap_saat"})
    assert first_column(by_category.text, "dip") == [PUBLISHED_OTHER]
    assert ("setiap_saat", "Setiap saat", True) in read(by_category.text).options["kategori"]
    assert "1 informasi publik sesuai pilihan Anda" in read(by_category.text).h2
    assert first_column((await site.get("/dip/?kategori=berkala")).text, "dip") == [PUBLISHED]

    by_unit = await site.get("/dip/", params={"unit": office.other_unit_id})
    assert first_column(by_unit.text, "dip") == [PUBLISHED_OTHER]
    assert (str(office.other_unit_id), "Dinas Kesehatan", True) in read(by_unit.text).options["unit"]
    both = await site.get("/dip/", params={"kategori": "berkala", "unit": office.other_unit_id, "tahun": ""})
    assert first_column(both.text, "dip") == []
    assert "Tidak ada informasi publik yang sesuai pilihan Anda." in both.text
    # Empty values mean "all", as the form's first options send them.
    everything = await site.get("/dip/?kategori=&unit=&tahun=")
    assert first_column(everything.text, "dip") == [PUBLISHED_OTHER, PUBLISHED]


async def test_the_year_is_the_offices_year_of_publication(office: Office, site: httpx.AsyncClient) -> None:
    # 31 December 2026, 23.30 WIB (16.30 UTC): still 2026 in Pontianak.
    office.clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc))
    await publish_new(office, "Laporan Akhir Tahun 2026")
    # 1 January 2027, 00.30 WIB, which is still 31 December in UTC: 2027 for the office.
    office.clock.set(datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc))
    await publish_new(office, "Laporan Awal Tahun 2027")

    assert first_column((await site.get("/dip/?tahun=2026")).text, "dip") == ["Laporan Akhir Tahun 2026"]
    year_2027 = await site.get("/dip/?tahun=2027")
    assert first_column(year_2027.text, "dip") == ["Laporan Awal Tahun 2027"]
    assert table(year_2027.text, "dip").rows[0][-1] == "1 Jan 2027 00.30 WIB"
    assert [value for value, _, selected in read(year_2027.text).options["tahun"]] == ["", "2027", "2026"]
    assert ("2027", "2027", True) in read(year_2027.text).options["tahun"]
    assert first_column((await site.get("/dip/?tahun=2025")).text, "dip") == []


@pytest.fixture
async def three_items(office: Office, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(public_site, "DIP_PAGE_SIZE", 2)
    summaries = ["Anggaran Dinas 2026", "Belanja Modal 2026", "Capaian Kinerja 2026"]
    for summary in summaries:
        await publish_item(office, summary)
    return summaries


async def test_pages_in_the_folder_form_and_the_query_form(three_items: list[str], site: httpx.AsyncClient) -> None:
    first = await site.get("/dip/")
    assert first_column(first.text, "dip") == three_items[:2]
    assert '<a rel="next" href="halaman/2/">' in first.text and "Halaman 1 dari 2" in first.text
    assert "3 informasi publik" in read(first.text).h2

    second = await site.get("/dip/halaman/2/")
    assert second.status_code == 200
    assert first_column(second.text, "dip") == three_items[2:]
    assert '<a rel="prev" href="../../">' in second.text and 'rel="next"' not in second.text
    assert 'action="../../"' in second.text  # the form still asks the list's own address
    assert first_column((await site.get("/dip/?halaman=2")).text, "dip") == three_items[2:]

    # Past the end: the last page.
    beyond = await site.get("/dip/halaman/40/")
    assert beyond.status_code == 200 and first_column(beyond.text, "dip") == three_items[2:]
    assert "Halaman 2 dari 2" in beyond.text

    # Filtered, the links carry the filters in the query.
    filtered = await site.get("/dip/?kategori=berkala")
    assert '<a rel="next" href="./?kategori=berkala&amp;halaman=2">' in filtered.text
    back = await site.get("/dip/?kategori=berkala&halaman=2")
    assert first_column(back.text, "dip") == three_items[2:]
    assert '<a rel="prev" href="./?kategori=berkala">' in back.text


async def test_the_static_export_has_no_form_and_points_to_the_open_data(
    office: Office, three_items: list[str]
) -> None:
    transport = httpx.ASGITransport(app=build_site(office.services, static_export=True))
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as client:
        page = await client.get("/dip/", headers={"x-ppid-static-export": "1"})
        live = await client.get("/dip/")
    assert first_column(page.text, "dip") == three_items[:2]
    assert "<form" not in page.text and "<select" not in page.text
    assert "Seluruh daftar ada dalam CSV dan JSON" in page.text
    assert 'href="../dip.csv"' in page.text and 'href="../dip.json"' in page.text
    assert '<a rel="next" href="halaman/2/">' in page.text  # a page the export can write
    assert '<form class="filters"' in live.text  # the live site keeps its form


@pytest.mark.parametrize(
    "query",
    [
        "kategori=dikecualikan", "kategori=rahasia", "kategori=BERKALA", "kategori=berkala%00", "kategori=berkala&kategori=setiap_saat",
        "unit=0", "unit=-1", "unit=abc", "unit=1.5", "unit=1e3", "unit=%00", "unit=99999999999999999999999999", "unit=1&unit=1",
        "unit=%D9%A1",  # an Arabic-Indic digit one: int() would take it
        "tahun=1899", "tahun=3000", "tahun=20266", "tahun=dua", "tahun=2026&tahun=2027", "tahun=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96",
        "halaman=0", "halaman=-1", "halaman=x", "halaman=100001", "halaman=99999999999999999999999999", "halaman=1&halaman=2",
        "halaman=%FF%FE",
    ],
)
async def test_a_hostile_query_gets_a_400_page(site: httpx.AsyncClient, query: str) -> None:
    response = await site.get(f"/dip/?{query}")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    "path", ["/dip/halaman/0/", "/dip/halaman/abc/", "/dip/halaman/-2/", "/dip/halaman/100001/", "/dip/halaman/2/?halaman=3", "/dip/halaman/2/?kategori=berkala"]
)
async def test_a_hostile_page_path_gets_a_400_page(site: httpx.AsyncClient, path: str) -> None:
    response = await site.get(path)
    assert response.status_code == 400 and "Traceback" not in response.text


async def test_an_unknown_key_is_ignored(office: Office, site: httpx.AsyncClient) -> None:
    await publish_item(office, PUBLISHED)
    page = await site.get("/dip/?utm_source=surat&fbclid=x")
    assert page.status_code == 200 and first_column(page.text, "dip") == [PUBLISHED]
