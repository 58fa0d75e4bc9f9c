"""The yearly report document (`/laporan_tahunan`, Perki 1/2021) against the database, and its reminders.

Same history as the yearly figures (`tests.bot.compliance_history`): the report's DOCX, read back
with python-docx, holds what the database holds; the places the bot cannot fill are marked; only
admins may make it; admins are reminded in February and March, once a month, and not in April.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx import Document

from bot.office_templates import YEARLY_REPORT, TemplateError, check_template, shipped_template
from handlers.reminders import run_sweep
from tests.bot.compliance_history import build_history
from tests.bot.cycle_helpers import Office
from tests.bot.test_yearly_figures import _local, published_from_rows
from tests.conftest import ADMIN_ID
from tests.libreoffice import needs_libreoffice

WIB = timezone(timedelta(hours=7))
MARKED = (
    "[diisi oleh PPID: anggaran pelayanan informasi dan realisasinya]",
    "[diisi oleh PPID: sarana dan prasarana pelayanan informasi]",
    "[diisi oleh PPID: jumlah dan kualifikasi petugas PPID]",
    "[diisi oleh PPID: jumlah permohonan informasi, waktu layanan, permohonan yang ditolak dan alasannya]",
    "[diisi oleh PPID: jumlah keberatan dan sengketa informasi serta penyelesaiannya]",
    "[diisi oleh PPID: kendala internal dan eksternal pelayanan informasi]",
)


def documents(messages: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """The documents sent, by file name."""
    return {m["document"]["file_name"]: m for m in messages if "document" in m}  # type: ignore[index,misc]


def tables(data: bytes) -> list[list[list[str]]]:
    """Every table of a DOCX, as rows of cell texts."""
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(io.BytesIO(data)).tables]


def body_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


def table_with(all_tables: list[list[list[str]]], header: str) -> list[list[str]]:
    """The rows below the header of the table whose first header cell is `header`."""
    found = next(table for table in all_tables if table[0][0] == header)
    return found[1:]


async def test_the_report_document_holds_the_databases_figures(office: Office) -> None:
    history = await build_history(office)
    services = office.services
    admin = office.admin
    admin.send_command("/laporan_tahunan", "2026")
    await office.deliver()
    sent = documents(admin.messages())
    assert set(sent) == {"laporan_tahunan_2026.xlsx", "laporan_tahunan_2026.docx"}  # SOFFICE_PATH=off: no PDF
    docx = office.fake.file_bytes(sent["laporan_tahunan_2026.docx"]["document"]["file_id"])  # type: ignore[index]
    assert "[diisi oleh PPID: ...]" in str(sent["laporan_tahunan_2026.docx"]["caption"])
    text, read = body_text(docx), tables(docx)

    # By category: what the publications table holds, counted in Python here.
    from_rows = await published_from_rows(office, 2026)
    categories = {row[0]: row[1:] for row in table_with(read, "Kategori")}
    registered = {
        row["category"]: row["n"]
        for row in await services.db.fetch_all(
            "SELECT category, COUNT(*) AS n FROM info_items WHERE status = 'active' GROUP BY category"
        )
    }
    assert categories == {
        "Berkala": [str(registered["berkala"]), str(from_rows["berkala"][1]), str(from_rows["berkala"][0])],
        "Serta merta": [str(registered["serta_merta"]), str(from_rows["serta_merta"][1]), str(from_rows["serta_merta"][0])],
        "Setiap saat": ["0", "0", "0"],
        "Dikecualikan": [str(registered["dikecualikan"]), "0", "0"],
    }
    publications = sum(count for count, _ in from_rows.values())
    items = sum(distinct for _, distinct in from_rows.values())
    assert f"Sepanjang tahun 2026: {publications} pengumuman atas {items} informasi." in text

    # The on-time rate per unit (the history's table, `tests.bot.compliance_history`).
    units = {row[0]: row[1:] for row in table_with(read, "Unit")}
    assert units == {
        "Dinas Sosial": ["6", "1", "1", "3", "1", "20%"],
        "Dinas Kesehatan": ["4", "2", "1", "1", "0", "50%"],
        "Semua unit": ["10", "3", "2", "4", "1", "33,3%"],
    }

    # Every serta merta announcement with its times, as the database holds them.
    stored = await services.db.fetch_all(
        "SELECT c.id, c.opened_at, p.published_at, i.summary FROM update_cycles AS c JOIN info_items AS i"
        " ON i.id = c.item_id LEFT JOIN publications AS p ON p.cycle_id = c.id WHERE c.kind = 'serta_merta'"
        " ORDER BY c.opened_at"
    )
    calendar = services.calendar
    listed = table_with(read, "No")
    assert [row[1] for row in listed] == [row["summary"] for row in stored]
    for row, db_row in zip(listed, stored, strict=True):
        assert row[4] == calendar.format_local(_local(db_row["opened_at"]))
        if db_row["published_at"] is None:
            assert (row[3], row[5], row[6]) == ("Berjalan", "–", "–")
        else:
            hours = (_local(db_row["published_at"]) - _local(db_row["opened_at"])).total_seconds() / 3600
            assert row[5] == calendar.format_local(_local(db_row["published_at"]))
            assert row[6] == f"{hours:.1f}".removesuffix(".0")
    assert [row[6] for row in listed] == ["4", "62", "–"] and listed[1][7] == "1"
    assert "3 siklus, 2 diumumkan; median selang 33 jam, terlama 62 jam; 1 dalam 7 jam (standar SOP)." in text
    assert history.cycles["S1"]  # the history's serta merta cycles are the ones listed

    # The exempt list with its ground and period.
    exempt = await services.db.fetch_all(
        "SELECT i.summary, i.legal_basis, i.exempt_until, u.name FROM info_items AS i JOIN units AS u"
        " ON u.id = i.unit_id WHERE i.category = 'dikecualikan' AND i.status = 'active'"
    )
    assert len(exempt) == 1 and exempt[0]["legal_basis"]
    exempt_table = [table for table in read if table[0][0] == "No"][1][1:]  # after the serta merta one
    until = calendar.format_date(date.fromisoformat(exempt[0]["exempt_until"]))
    assert exempt_table == [["1", exempt[0]["summary"], exempt[0]["name"], exempt[0]["legal_basis"], f"sampai dengan {until}"]]

    # The places the bot cannot fill are marked, and the signature block is the admin's.
    for marked in MARKED:
        assert marked in text
    assert "{{" not in text and "{%" not in text
    assert "LAPORAN TAHUNAN LAYANAN INFORMASI PUBLIK" in text and "TAHUN 2026" in text
    assert "Admin PPID" in text

    entries = await services.audit.entries(services.db, entity_type="report")
    assert [(entry.action, entry.actor_id, entry.entity_id) for entry in entries] == [("report.yearly", ADMIN_ID, "2026")]
    assert entries[0].details["exempt"] == 1 and entries[0].details["publications"] == publications
    assert entries[0].details["pdf"] is False


async def test_with_no_year_it_is_the_previous_year(office: Office) -> None:
    admin = office.admin  # the office clock: Monday 30 November 2026
    admin.send_command("/laporan_tahunan")
    await office.deliver()
    sent = documents(admin.messages())
    assert "laporan_tahunan_2025.docx" in sent and "laporan_tahunan_2025.xlsx" in sent
    docx = office.fake.file_bytes(sent["laporan_tahunan_2025.docx"]["document"]["file_id"])  # type: ignore[index]
    assert "Sepanjang tahun 2025: 0 pengumuman atas 0 informasi." in body_text(docx)


async def test_a_non_admin_is_refused_and_a_bad_year_told(office: Office) -> None:
    await build_history(office)
    for someone in (office.operator, office.utama, office.pelaksana):
        someone.send_command("/laporan_tahunan", "2026")
        await office.deliver()
        assert "hanya dapat dibuat oleh Admin PPID" in (someone.last_text() or "")
        assert documents(someone.messages()) == {}
    admin = office.admin
    admin.send_command("/laporan_tahunan", "tahun lalu")
    await office.deliver()
    assert "Tahun harus berupa angka, misalnya /laporan_tahunan 2026." in (admin.last_text() or "")
    admin.send_command("/laporan_tahunan", "2031")
    await office.deliver()
    assert "Tahun 2031 di luar jangkauan" in (admin.last_text() or "")
    assert documents(admin.messages()) == {}
    assert await office.services.audit.entries(office.services.db, entity_type="report") == []


def test_the_shipped_template_passes_its_check_and_an_unknown_column_is_named(tmp_path: Path) -> None:
    shipped = shipped_template(YEARLY_REPORT)
    check_template(YEARLY_REPORT, shipped, "bawaan")
    document = Document(io.BytesIO(shipped))
    document.add_paragraph("Anggaran: {{ anggaran_tahunan }}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(TemplateError) as raised:
        check_template(YEARLY_REPORT, out.getvalue(), "kantor.docx")
    assert "TEMPLATE_YEARLY_REPORT (kantor.docx): kolom {{ anggaran_tahunan }} tidak dikenal" in str(raised.value)
    assert "«Anggaran: {{ anggaran_tahunan }}»" in str(raised.value)
    # A row's column outside its loop is unknown too: only a loop brings its variable in.
    document = Document(io.BytesIO(shipped))
    document.add_paragraph("{{ row.unit }}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(TemplateError, match=r"kolom \{\{ row \}\} tidak dikenal"):
        check_template(YEARLY_REPORT, out.getvalue(), "kantor.docx")


async def test_a_broken_office_template_is_told_and_nothing_recorded(office_with: Callable[..., object], tmp_path: Path) -> None:
    own = tmp_path / "laporan.docx"
    own.write_bytes(b"not a docx")
    office: Office = await office_with(template_yearly_report=own)  # type: ignore[misc]
    office.admin.send_command("/laporan_tahunan", "2026")
    await office.deliver()
    assert "Templat laporan tahunan tidak dapat dipakai: TEMPLATE_YEARLY_REPORT" in (office.admin.last_text() or "")
    assert documents(office.admin.messages()) == {}
    assert await office.services.audit.entries(office.services.db, entity_type="report") == []


def reminded(someone: object) -> list[str]:
    return [text for text in someone.texts() if "Laporan tahunan" in text and "Komisi Informasi wajib" in text]  # type: ignore[attr-defined]


async def sweep_at(office: Office, moment: datetime) -> int:
    office.clock.set(moment)
    return await run_sweep(office.app)


async def test_admins_are_reminded_once_in_february_and_once_in_march_not_in_april(office: Office) -> None:
    admin = office.admin
    await sweep_at(office, datetime(2027, 1, 29, 9, tzinfo=WIB))  # January: not yet
    await sweep_at(office, datetime(2027, 2, 1, 20, tzinfo=WIB))  # February, out of working hours
    await sweep_at(office, datetime(2027, 2, 6, 9, tzinfo=WIB))  # a Saturday
    assert reminded(admin) == []
    await sweep_at(office, datetime(2027, 2, 1, 9, tzinfo=WIB))
    assert reminded(admin) == [
        "🔔 Pengingat (1):\n\n📘 Laporan tahunan 2026 untuk Komisi Informasi wajib disampaikan paling lambat "
        "31 Mar 2027 23.59 WIB. Buat dengan /laporan_tahunan, lengkapi bagian bertanda [diisi oleh PPID: ...], "
        "lalu tanda tangani."
    ]
    await sweep_at(office, datetime(2027, 2, 2, 9, tzinfo=WIB))
    await sweep_at(office, datetime(2027, 2, 26, 14, tzinfo=WIB))
    assert len(reminded(admin)) == 1  # once in February
    await sweep_at(office, datetime(2027, 3, 1, 9, tzinfo=WIB))
    await sweep_at(office, datetime(2027, 3, 15, 9, tzinfo=WIB))
    assert len(reminded(admin)) == 2  # once in March
    await sweep_at(office, datetime(2027, 4, 1, 9, tzinfo=WIB))
    await sweep_at(office, datetime(2027, 4, 15, 9, tzinfo=WIB))
    assert len(reminded(admin)) == 2  # not in April
    for someone in (office.operator, office.utama, office.pelaksana):
        assert reminded(someone) == []
    rows = await office.services.db.fetch_all(
        "SELECT recipient_id, due_key FROM reminders WHERE kind = 'yearly_report_due' ORDER BY due_key"
    )
    assert [(row["recipient_id"], row["due_key"]) for row in rows] == [(ADMIN_ID, "2027-02"), (ADMIN_ID, "2027-03")]


@needs_libreoffice
async def test_with_libreoffice_the_report_comes_as_pdf_too(office_with: Callable[..., object]) -> None:
    from pypdf import PdfReader

    office: Office = await office_with(make_pdf=True)  # type: ignore[misc]  # soffice on the PATH
    await build_history(office)
    office.admin.send_command("/laporan_tahunan", "2026")
    await office.deliver()
    sent = documents(office.admin.messages())
    assert set(sent) == {"laporan_tahunan_2026.xlsx", "laporan_tahunan_2026.docx", "laporan_tahunan_2026.pdf"}
    pdf = office.fake.file_bytes(sent["laporan_tahunan_2026.pdf"]["document"]["file_id"])  # type: ignore[index]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "LAPORAN TAHUNAN LAYANAN INFORMASI PUBLIK" in text and "33,3%" in text
    assert "[diisi oleh PPID: anggaran pelayanan informasi dan realisasinya]" in text
