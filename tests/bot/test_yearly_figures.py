"""The yearly figures for the Information Commission (`/laporan_tahunan`), against the database.

Same history as the compliance tests (`tests.bot.compliance_history`): published items by category,
the on-time rate of the year, and each serta merta announcement with its times.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.compliance import Tally, serta_merta_policy_hours, yearly_figures
from bot.compliance_files import yearly_xlsx
from tests.bot.compliance_history import build_history, wib
from tests.bot.cycle_helpers import Office
from tests.conftest import ADMIN_ID

OFFICE_ZONE = ZoneInfo("Asia/Pontianak")


def _local(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(OFFICE_ZONE)


async def published_from_rows(office: Office, year: int, unit_id: int | None = None) -> dict[str, tuple[int, int]]:
    """category -> (publications, distinct items) of `year` (office time), counted in Python."""
    rows = await office.services.db.fetch_all(
        "SELECT p.item_id, p.published_at, i.category, i.unit_id FROM publications AS p"
        " JOIN info_items AS i ON i.id = p.item_id"
    )
    publications: Counter[str] = Counter()
    items: dict[str, set[int]] = {}
    for row in rows:
        if _local(row["published_at"]).year != year or (unit_id is not None and row["unit_id"] != unit_id):
            continue
        publications[row["category"]] += 1
        items.setdefault(row["category"], set()).add(row["item_id"])
    return {category: (count, len(items[category])) for category, count in publications.items()}


async def test_figures_of_the_year_equal_the_database(office: Office) -> None:
    history = await build_history(office)
    services = office.services
    figures = await yearly_figures(services, 2026)
    published = {f.category: (f.publications, f.items_published) for f in figures.categories if f.publications}
    assert published == {"berkala": (5, 3), "serta_merta": (2, 2)}
    assert published == await published_from_rows(office, 2026)
    assert {f.category: f.registered for f in figures.categories} == {
        "berkala": 6, "serta_merta": 3, "setiap_saat": 0, "dikecualikan": 1  # A5 inactive; A6 now exempt
    }
    assert (figures.publications, figures.items_published) == (7, 5)
    assert figures.compliance.overall == Tally(3, 2, 4, 1)
    assert figures.compliance.overall.percent == 33.3

    assert [(f.cycle_id, f.state, f.hours, f.working_days) for f in figures.serta_merta] == [
        (history.cycles["S1"], "published", 4.0, 0),
        (history.cycles["S2"], "published", 62.0, 1),  # Friday 20:00 to Monday 10:00
        (history.cycles["S3"], "open", None, None),
    ]
    rows = {
        row["id"]: row
        for row in await services.db.fetch_all(
            "SELECT c.id, c.opened_at, p.published_at FROM update_cycles AS c"
            " LEFT JOIN publications AS p ON p.cycle_id = c.id WHERE c.kind = 'serta_merta'"
        )
    }
    for figure in figures.serta_merta:
        assert figure.opened_at == _local(rows[figure.cycle_id]["opened_at"])
        stored = rows[figure.cycle_id]["published_at"]
        assert figure.published_at == (None if stored is None else _local(stored))
    assert figures.serta_merta[1].opened_at == wib(6, 5, 20)
    assert figures.policy_hours == serta_merta_policy_hours(services) == 7  # 1+1+2+1+1+1 hours (design)
    assert (figures.serta_merta_median, figures.serta_merta_longest, figures.serta_merta_within_policy) == (33.0, 62.0, 1)

    empty = await yearly_figures(services, 2025)
    assert empty.publications == 0 and empty.serta_merta == [] and empty.compliance.overall == Tally()


async def test_a_pelaksana_gets_their_unit(office: Office) -> None:
    history = await build_history(office)
    figures = await yearly_figures(office.services, 2026, {office.unit_id})
    published = {f.category: (f.publications, f.items_published) for f in figures.categories if f.publications}
    assert published == {"berkala": (2, 1)} == await published_from_rows(office, 2026, office.unit_id)
    assert [f.cycle_id for f in figures.serta_merta] == [history.cycles["S3"]]
    assert figures.compliance.overall == Tally(1, 1, 3, 1)


def _rows_below_header(sheet, first_header: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(number for number, row in enumerate(rows) if row and row[0] == first_header)
    return rows[header + 1 :]


async def test_laporan_tahunan_sends_text_and_xlsx(office: Office) -> None:
    history = await build_history(office)
    services = office.services
    admin = office.admin
    admin.send_command("/laporan_tahunan", "2026")
    await office.deliver()
    text = next(text for text in admin.texts() if "Laporan tahunan 2026" in text)
    assert "Berkala: 3 informasi, 5 pengumuman" in text
    assert "Serta merta: 2 informasi, 2 pengumuman" in text
    assert "33,3% (3 dari 9 jatuh tempo tepat waktu)" in text
    assert "3 siklus, 2 diumumkan; median selang 33 jam, terlama 62 jam; 1 dalam 7 jam" in text
    document = next(
        m["document"] for m in admin.messages() if m.get("document", {}).get("file_name") == "laporan_tahunan_2026.xlsx"
    )
    workbook = load_workbook(io.BytesIO(office.fake.file_bytes(document["file_id"])))
    assert workbook.sheetnames == ["Ringkasan", "Per kategori", "Kepatuhan per unit", "Kepatuhan per bulan", "Serta merta"]

    summary = dict(_rows_below_header(workbook["Ringkasan"], "Angka"))
    assert summary["Jumlah pengumuman"] == 7 and summary["Informasi diumumkan"] == 5
    assert (summary["Tepat waktu"], summary["Terlambat"], summary["Lewat jatuh tempo"]) == (3, 2, 4)
    assert summary["% tepat waktu"] == 33.3
    assert summary["Serta merta dalam 7 jam (standar SOP)"] == 1

    categories = {row[0]: row[1:] for row in _rows_below_header(workbook["Per kategori"], "Kategori")}
    from_rows = await published_from_rows(office, 2026)
    assert categories["Berkala"] == (6, from_rows["berkala"][1], from_rows["berkala"][0])
    assert categories["Serta merta"] == (3, 2, 2)
    assert categories["Jumlah"] == (10, 5, 7)

    units = {row[0]: row[1:6] for row in _rows_below_header(workbook["Kepatuhan per unit"], "Unit")}
    assert units == {
        "Dinas Sosial": (6, 1, 1, 3, 1), "Dinas Kesehatan": (4, 2, 1, 1, 0), "Semua unit": (10, 3, 2, 4, 1)
    }
    months = {row[0]: row[1:6] for row in _rows_below_header(workbook["Kepatuhan per bulan"], "Bulan")}
    assert months["2026-02"] == (3, 1, 1, 1, 0) and months["Jumlah"] == (10, 3, 2, 4, 1)

    listed = _rows_below_header(workbook["Serta merta"], "No")
    stored = await services.db.fetch_all(
        "SELECT c.id, c.opened_at, p.published_at FROM update_cycles AS c LEFT JOIN publications AS p"
        " ON p.cycle_id = c.id WHERE c.kind = 'serta_merta' ORDER BY c.opened_at"
    )
    assert [row[1] for row in listed] == [row["id"] for row in stored] == [
        history.cycles["S1"], history.cycles["S2"], history.cycles["S3"]
    ]
    for row, db_row in zip(listed, stored, strict=True):
        assert row[4] == _local(db_row["opened_at"]).replace(tzinfo=None)
        assert row[5] == (None if db_row["published_at"] is None else _local(db_row["published_at"]).replace(tzinfo=None))
    assert [(row[3], row[6], row[7]) for row in listed] == [
        ("Diumumkan", 4, 0), ("Diumumkan", 62, 1), ("Berjalan", None, None)
    ]
    assert "Peringatan banjir (Dinas Kesehatan)" in listed[0][2]

    entries = await services.audit.entries(services.db, entity_type="report")
    assert [(entry.action, entry.actor_id, entry.details["year"]) for entry in entries] == [
        ("report.yearly", ADMIN_ID, 2026)
    ]
    assert entries[0].details["publications"] == 7


async def test_laporan_tahunan_checks_the_year(office: Office) -> None:
    admin = office.admin
    admin.send_command("/laporan_tahunan", "dua ribu")
    await office.deliver()
    assert "Tahun harus berupa angka, misalnya /laporan_tahunan 2026." in (admin.last_text() or "")
    admin.send_command("/laporan_tahunan", "1998")
    await office.deliver()
    assert "Tahun 1998 di luar jangkauan" in (admin.last_text() or "")
    assert await office.services.audit.entries(office.services.db, entity_type="report") == []
    admin.send_command("/laporan_tahunan", "2025")
    await office.deliver()
    assert any("Belum ada pengumuman pada tahun ini." in text for text in admin.texts())
    assert [m for m in admin.messages() if "document" in m]


async def test_english_workbook(office: Office) -> None:
    await build_history(office)
    figures = await yearly_figures(office.services, 2026)
    workbook = load_workbook(io.BytesIO(yearly_xlsx(office.services, figures, "en")))
    assert workbook.sheetnames == ["Summary", "By category", "Compliance per unit", "Compliance per month", "Serta merta"]
