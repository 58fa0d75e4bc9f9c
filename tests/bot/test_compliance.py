"""Compliance per unit and month (`/kepatuhan`): the numbers, the XLSX and the PNG, against the database.

The history (`tests.bot.compliance_history`) is made through the workflow with a moving clock: some
cycles published before their due date, some after, some never, across two units and several months.
Every figure is checked twice: against the table of that module (written by hand), and against an
independent count in Python over the raw rows of the database.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from PIL import Image

from bot.charts import GREEN, ORANGE, RED, TOP, chart_size
from bot.compliance import Tally, compliance, month_spans
from bot.compliance_files import compliance_xlsx
from bot.sandbox import SimUser
from tests.bot.compliance_history import build_history, wib
from tests.bot.cycle_helpers import Office
from tests.conftest import ADMIN_ID

OFFICE_ZONE = ZoneInfo("Asia/Pontianak")
SOSIAL, KESEHATAN = "Dinas Sosial", "Dinas Kesehatan"

# (unit, month) -> (on time, late, overdue, pending): the table of tests.bot.compliance_history
EXPECTED = {
    (SOSIAL, 1): (1, 0, 0, 0),
    (SOSIAL, 2): (0, 1, 1, 0),
    (SOSIAL, 3): (0, 0, 1, 0),
    (SOSIAL, 4): (0, 0, 1, 0),
    (SOSIAL, 12): (0, 0, 0, 1),
    (KESEHATAN, 2): (1, 0, 0, 0),
    (KESEHATAN, 5): (0, 1, 0, 0),
    (KESEHATAN, 6): (1, 0, 0, 0),
    (KESEHATAN, 8): (0, 0, 1, 0),
}


def _month(stamp: str) -> tuple[int, int]:
    local = datetime.fromisoformat(stamp).astimezone(OFFICE_ZONE)
    return local.year, local.month


async def counted_from_rows(office: Office, year: int) -> dict[tuple[str, int], tuple[int, int, int, int]]:
    """The definitions applied in Python to the raw rows (no SQL aggregation): (unit, month) -> counts."""
    db = office.services.db
    now = office.services.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    units = {row["id"]: row["name"] for row in await db.fetch_all("SELECT id, name FROM units")}
    items = {row["id"]: row for row in await db.fetch_all("SELECT * FROM info_items")}
    published = {row["cycle_id"]: row["published_at"] for row in await db.fetch_all("SELECT * FROM publications")}
    cycles = await db.fetch_all("SELECT * FROM update_cycles")
    counts: Counter[tuple[str, int, str]] = Counter()
    served: set[tuple[int, str]] = set()
    for cycle in cycles:
        if cycle["due_at"] is None or cycle["state"] == "cancelled":
            continue
        served.add((cycle["item_id"], cycle["due_at"]))
        item = items[cycle["item_id"]]
        if cycle["state"] == "open" and item["status"] != "active":
            continue
        due_year, due_month = _month(cycle["due_at"])
        if due_year != year:
            continue
        at = published.get(cycle["id"])
        outcome = (
            ("on_time" if at <= cycle["due_at"] else "late") if at is not None
            else ("overdue" if cycle["due_at"] < now else "pending")
        )
        counts[(units[item["unit_id"]], due_month, outcome)] += 1
    for item in items.values():
        due = item["next_due_at"]
        if item["status"] != "active" or item["category"] != "berkala" or due is None or (item["id"], due) in served:
            continue
        due_year, due_month = _month(due)
        if due_year == year:
            counts[(units[item["unit_id"]], due_month, "overdue" if due < now else "pending")] += 1
    keys = {(unit, month) for unit, month, _ in counts}
    return {
        key: tuple(counts[(*key, outcome)] for outcome in ("on_time", "late", "overdue", "pending"))  # type: ignore[misc]
        for key in keys
    }


def _as_dict(report) -> dict[tuple[str, int], tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    return {
        (row.unit_name, row.month): (row.tally.on_time, row.tally.late, row.tally.overdue, row.tally.pending)
        for row in report.rows
    }


async def test_cycles_record_the_due_date_they_serve(office: Office) -> None:
    history = await build_history(office)
    cycles = office.services.cycles
    assert (await cycles.get(history.cycles["A1.1"])).due_at == wib(1, 30, 16)  # type: ignore[union-attr]
    # the second cycle serves the date set by the first publication: a month after 22 Jan, 16:00
    assert (await cycles.get(history.cycles["A1.2"])).due_at == wib(2, 22, 16)  # type: ignore[union-attr]
    assert (await cycles.get(history.cycles["S1"])).due_at is None  # type: ignore[union-attr]


async def test_table_per_unit_per_month_equals_the_database(office: Office) -> None:
    await build_history(office)
    report = await compliance(office.services, 2026, 1, 12)
    assert _as_dict(report) == EXPECTED
    assert _as_dict(report) == await counted_from_rows(office, 2026)
    totals = {total.unit_name: total.tally for total in report.totals}
    assert totals == {SOSIAL: Tally(1, 1, 3, 1), KESEHATAN: Tally(2, 1, 1, 0)}
    assert totals[SOSIAL].rate == 1 / 5 and totals[KESEHATAN].rate == 2 / 4
    assert report.overall == Tally(3, 2, 4, 1)
    assert [total.unit_name for total in report.lagging()] == [SOSIAL, KESEHATAN]
    assert report.by_month[2] == Tally(1, 1, 1, 0)


async def test_months_are_office_months_and_the_period_is_respected(office: Office) -> None:
    await build_history(office)
    services = office.services
    # A4 falls due on 1 Feb 03:00 WIB, which is still 31 January in UTC: it is February's.
    spans = month_spans(services.calendar, 2026, 2, 2)
    assert spans[0].start == datetime(2026, 1, 31, 17, 0, tzinfo=UTC)
    february = await compliance(services, 2026, 2, 2)
    assert _as_dict(february) == {(SOSIAL, 2): (0, 1, 1, 0), (KESEHATAN, 2): (1, 0, 0, 0)}
    january = await compliance(services, 2026, 1, 1)
    assert _as_dict(january) == {(SOSIAL, 1): (1, 0, 0, 0)}
    assert (await compliance(services, 2025, 1, 12)).rows == []


async def test_outcomes_follow_the_clock(office: Office) -> None:
    """Seen on 10 March: A2 (due 16 March, cycle still open) is not yet due, and counts as pending."""
    await build_history(office)
    office.clock.set(wib(3, 10))
    report = await compliance(office.services, 2026, 1, 3)
    rows = _as_dict(report)
    assert rows[(SOSIAL, 3)] == (0, 0, 0, 1)
    assert rows[(SOSIAL, 2)] == (0, 1, 1, 0)
    counted = await counted_from_rows(office, 2026)
    assert rows == {key: value for key, value in counted.items() if key[1] <= 3}


async def test_a_pelaksana_sees_only_their_unit(office: Office) -> None:
    await build_history(office)
    report = await compliance(office.services, 2026, 1, 12, {office.other_unit_id})
    assert {row.unit_name for row in report.rows} == {KESEHATAN}
    assert report.overall == Tally(2, 1, 1, 0)
    assert (await compliance(office.services, 2026, 1, 12, set())).rows == []


async def test_xlsx_reads_back_as_the_table(office: Office) -> None:
    await build_history(office)
    report = await compliance(office.services, 2026, 1, 12)
    workbook = load_workbook(io.BytesIO(compliance_xlsx(office.services, report)))
    assert workbook.sheetnames == ["Per unit per bulan", "Total per unit"]
    assert _sheet_rows(workbook["Per unit per bulan"], 2) == {
        (unit, f"2026-{month:02d}"): (sum(counts), *counts) for (unit, month), counts in EXPECTED.items()
    }
    totals = _sheet_rows(workbook["Total per unit"], 1)
    assert totals[(SOSIAL,)] == (6, 1, 1, 3, 1)
    assert totals[(KESEHATAN,)] == (4, 2, 1, 1, 0)
    assert totals[("Semua unit",)] == (10, 3, 2, 4, 1)
    rates = _rates(workbook["Total per unit"])
    assert rates == {SOSIAL: 20.0, KESEHATAN: 50.0, "Semua unit": 33.3}


def _header_row(sheet) -> int:  # type: ignore[no-untyped-def]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row and row[0] == "Unit":
            return number
    raise AssertionError("no header row")


def _sheet_rows(sheet, key_columns: int) -> dict[tuple, tuple]:  # type: ignore[no-untyped-def,type-arg]
    """Data rows below the header: key columns -> due, on time, late, overdue, pending."""
    header = _header_row(sheet)
    result = {}
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        result[tuple(row[:key_columns])] = tuple(row[key_columns : key_columns + 5])
    return result


def _rates(sheet) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    header = _header_row(sheet)
    return {row[0]: row[6] for row in sheet.iter_rows(min_row=header + 1, values_only=True)}


def _photo_and_document(office: Office, someone: SimUser) -> tuple[bytes, bytes, str]:
    """The chart (its largest size) and the workbook the bot last sent to `someone`, with the file name."""
    messages = someone.messages()
    photo = [m for m in messages if "photo" in m][-1]
    document = [m for m in messages if "document" in m][-1]
    largest = max(photo["photo"], key=lambda size: size["width"])
    return (
        office.fake.file_bytes(largest["file_id"]),
        office.fake.file_bytes(document["document"]["file_id"]),
        document["document"]["file_name"],
    )


def _colour_pixels(image: Image.Image, colour: tuple[int, int, int], top: int) -> int:
    """Pixels of exactly `colour` below `top` (the bars; the legend is above)."""
    plot = image.crop((0, top, image.width, image.height))
    return sum(count for count, value in plot.getcolors(maxcolors=1 << 20) if value == colour)


async def test_kepatuhan_sends_summary_chart_and_xlsx(office: Office) -> None:
    await build_history(office)
    admin = office.admin
    admin.send_command("/kepatuhan")
    await office.deliver()
    texts = admin.texts()
    summary = next(text for text in texts if "Kepatuhan pengumuman informasi berkala" in text)
    # the default period: this year up to this month (November), so A3 (December) is not in it
    assert "Januari–November 2026" in summary
    assert "Jatuh tempo: 9" in summary and "Belum jatuh tempo: 0" in summary
    assert "Ketepatan waktu: 33,3%" in summary
    lagging = summary.split("Unit yang paling tertinggal")[1]
    assert lagging.index(SOSIAL) < lagging.index(KESEHATAN)
    assert "1. Dinas Sosial: 20% tepat waktu (1 terlambat, 3 lewat jatuh tempo)" in lagging
    assert all(len(text) <= 4096 for text in texts)

    png, xlsx, name = _photo_and_document(office, office.admin)
    assert name == "kepatuhan_2026_01-11.xlsx"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == chart_size(2)
    image = image.convert("RGB")
    for colour in (GREEN, ORANGE, RED):  # both units have on time, late and overdue items
        assert _colour_pixels(image, colour, TOP) > 100, colour

    workbook = load_workbook(io.BytesIO(xlsx))
    expected = {key: value for key, value in EXPECTED.items() if key[1] <= 11}
    assert _sheet_rows(workbook["Per unit per bulan"], 2) == {
        (unit, f"2026-{month:02d}"): (sum(counts), *counts) for (unit, month), counts in expected.items()
    }
    counted = {key: value for key, value in (await counted_from_rows(office, 2026)).items() if key[1] <= 11}
    assert counted == expected
    assert _sheet_rows(workbook["Total per unit"], 1)[("Semua unit",)] == (9, 3, 2, 4, 0)

    entries = await office.services.audit.entries(office.services.db, entity_type="report")
    assert [(entry.action, entry.actor_id) for entry in entries] == [("report.compliance", ADMIN_ID)]
    details = entries[0].details
    assert (details["year"], details["month_from"], details["month_to"], details["units"]) == (2026, 1, 11, None)
    assert (details["due"], details["on_time"], details["late"], details["overdue"]) == (9, 3, 2, 4)


async def test_kepatuhan_for_a_pelaksana_is_their_unit_only(office: Office) -> None:
    await build_history(office)
    panji = office.other_pelaksana  # PPID Pelaksana of Dinas Kesehatan
    panji.send_command("/kepatuhan", "2026")
    await office.deliver()
    summary = next(text for text in panji.texts() if "Kepatuhan pengumuman informasi berkala" in text)
    assert "unit Bapak/Ibu: Dinas Kesehatan" in summary and SOSIAL not in summary
    png, xlsx, _ = _photo_and_document(office, panji)
    image = Image.open(io.BytesIO(png))
    assert image.size == chart_size(1)
    workbook = load_workbook(io.BytesIO(xlsx))
    assert {key[0] for key in _sheet_rows(workbook["Per unit per bulan"], 2)} == {KESEHATAN}
    entry = (await office.services.audit.entries(office.services.db, entity_type="report"))[-1]
    assert entry.details["units"] == [office.other_unit_id]


async def test_a_past_year_is_the_whole_year(office: Office) -> None:
    await build_history(office)
    office.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    office.admin.send_command("/kepatuhan", "2026")
    await office.deliver()
    summary = next(text for text in office.admin.texts() if "Kepatuhan pengumuman informasi berkala" in text)
    assert "Januari–Desember 2026" in summary
    # A3 fell due on 14 Dec 2026 and was never published: overdue now
    assert "Jatuh tempo: 10" in summary and "Lewat jatuh tempo: 5" in summary


async def test_year_argument_is_checked(office: Office) -> None:
    await build_history(office)
    admin = office.admin
    for argument, expected in (
        ("abc", "Tahun harus berupa angka"),
        ("²", "Tahun harus berupa angka"),
        ("2026 1", "Tahun harus berupa angka"),
        ("1999", "Tahun 1999 di luar jangkauan: pilih tahun 2000 sampai 2027."),
        ("2028", "Tahun 2028 di luar jangkauan"),
        ("99999999999999999999", "Tahun harus berupa angka"),
    ):
        before = len(admin.messages())
        admin.send_command("/kepatuhan", *argument.split(" "))
        await office.deliver()
        assert len(admin.messages()) == before + 1, argument
        assert expected in (admin.last_text() or ""), (argument, admin.last_text())
    assert await office.services.audit.entries(office.services.db, entity_type="report") == []
    admin.send_command("/kepatuhan", "2027")  # next year: allowed, the whole year; B2 falls due in April
    await office.deliver()
    summary = next(text for text in admin.texts() if "Januari–Desember 2027" in text)
    assert "Jatuh tempo: 1" in summary and "Belum jatuh tempo: 1" in summary and "Ketepatan waktu: –" in summary
    assert "tertinggal" not in summary and "tepat waktu. 👍" not in summary


async def test_nothing_due_sends_only_the_text(office: Office) -> None:
    office.admin.send_command("/kepatuhan")
    await office.deliver()
    assert "Tidak ada informasi berkala yang jatuh tempo pada periode ini." in (office.admin.last_text() or "")
    assert not [m for m in office.admin.messages() if "photo" in m or "document" in m]
    entries = await office.services.audit.entries(office.services.db, entity_type="report")
    assert len(entries) == 1 and json.loads(json.dumps(entries[0].details))["due"] == 0


async def test_english_labels(office: Office) -> None:
    await build_history(office)
    report = await compliance(office.services, 2026, 1, 11)
    workbook = load_workbook(io.BytesIO(compliance_xlsx(office.services, report, "en")))
    assert workbook.sheetnames == ["Per unit per month", "Totals per unit"]
    header = [cell.value for cell in next(row for row in workbook["Totals per unit"].iter_rows() if row[0].value == "Unit")]
    assert header == ["Unit", "Due", "On time", "Late", "Overdue", "Not yet due", "% on time"]
