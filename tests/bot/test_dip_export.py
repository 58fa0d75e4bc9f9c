"""`/dip` end to end: the register arrives as XLSX and CSV, read back and compared with the database.

Every item is in both files (inactive and exempt ones too), with its unit, the DIP columns, the
category, period, status, last publication (office time) and the channel link of the latest post;
a PPID Pelaksana gets their own unit only; each export leaves one audit entry.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

import bot.dip_export
from bot.exemption import exemption_from
from bot.register import category_label, form_label, period_label, status_label
from tests.bot.cycle_helpers import Office, cycle_at_publication
from tests.conftest import ADMIN_ID
from tests.exemption_sample import exemption

WIB = timedelta(hours=7)  # Asia/Pontianak
HEADERS = [
    "No",
    "ID informasi",
    "Ringkasan isi informasi",
    "Unit penguasa informasi",
    "Penanggung jawab",
    "Waktu dan tempat pembuatan",
    "Bentuk informasi",
    "Jangka waktu penyimpanan",
    "Kategori",
    "Periode pembaruan",
    "Dasar hukum pengecualian",
    "Status",
    "Terakhir diumumkan (WIB)",
    "Tautan di kanal publik",
    "Tautan File Informasi Data",
]


async def add_item(office: Office, summary: str, unit_id: int, **overrides: Any) -> int:
    values: dict[str, Any] = {
        "summary": summary,
        "unit_id": unit_id,
        "responsible": "Kepala Bidang",
        "made_time_place": "Pontianak, 2026",
        "form": "soft",
        "retention": "5 tahun",
        "category": "setiap_saat",
        "period": None,
        "legal_basis": None,
    }
    values.update(overrides)
    async with office.services.db.transaction() as conn:
        item = await office.services.items.add(conn, **values)
    return item.id


async def published_register(office: Office) -> dict[str, int]:
    """A register with a published item, an exempt one, an inactive one, items of both units."""
    cycle_id = await cycle_at_publication(office)
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    ids = {
        "published": await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id),
        "exempt": await add_item(
            office, "Dokumen Pengadaan Rahasia", office.unit_id, category="dikecualikan",
            legal_basis="UU 14/2008 Pasal 17 huruf b", form="hard",
        ),
        "formula": await add_item(office, "=HYPERLINK(\"http://x\") & <b>tebal</b>", office.unit_id, form="both"),
        "other_unit": await add_item(
            office, "Data Puskesmas 2026", office.other_unit_id, category="berkala", period="quarterly"
        ),
        "inactive": await add_item(office, "Profil Lama Dinas", office.other_unit_id),
    }
    async with office.services.db.transaction() as conn:
        await office.services.items.set_status(conn, ids["inactive"], "inactive")
    return ids


async def expected_rows(office: Office, unit_id: int | None = None) -> list[list[Any]]:
    """What the register holds, as the files should show it (link and time computed here)."""
    rows = await office.services.db.fetch_all(
        "SELECT i.*, u.name AS unit_name, p.channel_chat_id, p.channel_message_id,"
        " (SELECT d.channel_message_id FROM documents AS d WHERE d.cycle_id = p.cycle_id AND d.kind = 'data_file'"
        " AND d.channel_message_id IS NOT NULL ORDER BY d.version DESC LIMIT 1) AS data_message_id"
        " FROM info_items AS i JOIN units AS u ON u.id = i.unit_id"
        " LEFT JOIN publications AS p ON p.item_id = i.id"
        + ("" if unit_id is None else f" WHERE i.unit_id = {int(unit_id)}")
        + " ORDER BY i.id"
    )
    expected = []
    for number, row in enumerate(rows, start=1):
        published = (
            None
            if row["last_published_at"] is None
            else datetime.strptime(row["last_published_at"], "%Y-%m-%dT%H:%M:%SZ") + WIB
        )
        link = None
        if row["channel_message_id"] is not None:
            assert row["channel_chat_id"] == -1001000000001
            link = f"https://t.me/c/1000000001/{row['channel_message_id']}"
        data_link = None if row["data_message_id"] is None else f"https://t.me/c/1000000001/{row['data_message_id']}"
        expected.append(
            [
                number,
                row["id"],
                row["summary"],
                row["unit_name"],
                row["responsible"],
                row["made_time_place"],
                form_label(row["form"]),
                row["retention"],
                category_label(row["category"]),
                None if row["period"] is None else period_label(row["period"]),
                row["legal_basis"],
                status_label(row["status"]),
                published,
                link,
                data_link,
            ]
        )
    return expected


def read_xlsx(data: bytes) -> tuple[list[str], list[str], list[list[Any]]]:
    """(preamble lines, header row, data rows) of the DIP sheet."""
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["DIP", "Informasi yang Dikecualikan"]
    values = [list(row) for row in workbook["DIP"].iter_rows(values_only=True)]
    header_at = next(index for index, row in enumerate(values) if row[:2] == ["No", "ID informasi"])
    preamble = [row[0] for row in values[:header_at] if row and row[0] is not None]
    return preamble, values[header_at], values[header_at + 1 :]


def read_exempt_sheet(data: bytes) -> tuple[list[str], list[list[Any]], Any]:
    """(preamble lines, header row and data rows) of the sheet of exempt information, and the sheet."""
    sheet = load_workbook(io.BytesIO(data))["Informasi yang Dikecualikan"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(index for index, row in enumerate(values) if row[:2] == ["No", "ID informasi"])
    return [row[0] for row in values[:header_at] if row[0] is not None], values[header_at:], sheet


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def as_csv(row: list[Any]) -> list[str]:
    """How the CSV writes a row: text as is (a formula-like text behind an apostrophe)."""
    cells = []
    for value in row:
        if value is None:
            cells.append("")
        elif isinstance(value, datetime):
            cells.append(value.strftime("%Y-%m-%d %H:%M"))
        elif isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
            cells.append("'" + value)
        else:
            cells.append(str(value))
    return cells


async def export_by(office: Office, someone: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send /dip as `someone`; the two documents it brings (XLSX, CSV) as messages."""
    before = len(someone.messages())
    someone.send_command("/dip")
    await office.deliver()
    documents = [message for message in someone.messages()[before:] if "document" in message]
    assert len(documents) == 2, someone.texts()[before:]
    return documents[0], documents[1]


async def test_admin_exports_the_whole_register_as_xlsx_and_csv(office: Office) -> None:
    ids = await published_register(office)
    admin = office.admin
    xlsx_message, csv_message = await export_by(office, admin)

    assert xlsx_message["document"]["file_name"] == "DIP-2026-11-30.xlsx"
    assert csv_message["document"]["file_name"] == "DIP-2026-11-30.csv"
    count = await office.db_value("SELECT COUNT(*) FROM info_items")
    assert count == 5
    assert xlsx_message["caption"] == (
        f"📑 Daftar Informasi Publik (DIP)\n{count} informasi, semua unit.\nPer 30 Nov 2026 09.00 WIB."
    )
    assert csv_message["caption"].startswith("📑 DIP yang sama dalam format CSV")

    expected = await expected_rows(office)
    preamble, headers, rows = read_xlsx(office.fake.file_bytes(xlsx_message["document"]["file_id"]))
    assert headers == HEADERS
    assert rows == expected
    assert preamble == [
        "Daftar Informasi Publik (DIP)",
        "Instansi: Pemerintah Kota Pontianak, Dinas Sosial Kota Pontianak",
        "Cakupan: semua unit",
        "Jumlah informasi: 5",
        "Dibuat: 30 Nov 2026 09.00 WIB oleh Rina",
    ]
    published = next(row for row in rows if row[1] == ids["published"])
    assert published[12] == datetime(2026, 11, 30, 9, 0)
    assert published[13].startswith("https://t.me/c/1000000001/")
    exempt = next(row for row in rows if row[1] == ids["exempt"])
    assert exempt[8:12] == ["Dikecualikan", None, "UU 14/2008 Pasal 17 huruf b", "Aktif"]
    inactive = next(row for row in rows if row[1] == ids["inactive"])
    assert inactive[11] == "Nonaktif"
    # Typed text stays text: no formula, no HTML escaping in a file.
    formula = next(row for row in rows if row[1] == ids["formula"])
    assert formula[2] == "=HYPERLINK(\"http://x\") & <b>tebal</b>"

    table = read_csv(office.fake.file_bytes(csv_message["document"]["file_id"]))
    assert table[0] == HEADERS
    assert table[1:] == [as_csv(row) for row in expected]

    entries = await office.services.audit.entries(office.services.db, entity_type="dip")
    assert [(e.action, e.actor_id) for e in entries] == [("dip.export", ADMIN_ID)]
    assert entries[0].details == {
        "unit_ids": None,
        "items": 5,
        "files": {
            "DIP-2026-11-30.xlsx": xlsx_message["document"]["file_size"],
            "DIP-2026-11-30.csv": csv_message["document"]["file_size"],
        },
    }


async def test_pelaksana_exports_only_their_unit(office: Office) -> None:
    await published_register(office)
    xlsx_message, csv_message = await export_by(office, office.other_pelaksana)
    expected = await expected_rows(office, office.other_unit_id)
    assert [row[3] for row in expected] == ["Dinas Kesehatan", "Dinas Kesehatan"]
    preamble, _, rows = read_xlsx(office.fake.file_bytes(xlsx_message["document"]["file_id"]))
    assert rows == expected
    assert "Cakupan: Dinas Kesehatan" in preamble
    assert "2 informasi, unit Dinas Kesehatan." in xlsx_message["caption"]
    table = read_csv(office.fake.file_bytes(csv_message["document"]["file_id"]))
    assert table[1:] == [as_csv(row) for row in expected]
    entries = await office.services.audit.entries(office.services.db, entity_type="dip")
    assert entries[-1].actor_id == office.other_pelaksana.id
    assert entries[-1].details["unit_ids"] == [office.other_unit_id]


async def test_register_is_read_page_by_page(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.dip_export, "PAGE_SIZE", 2)
    for number in range(7):
        await add_item(office, f"Informasi nomor {number}", office.unit_id if number % 2 else office.other_unit_id)
    xlsx_message, csv_message = await export_by(office, office.operator)
    expected = await expected_rows(office)
    assert len(expected) == 7
    _, _, rows = read_xlsx(office.fake.file_bytes(xlsx_message["document"]["file_id"]))
    assert rows == expected
    assert read_csv(office.fake.file_bytes(csv_message["document"]["file_id"]))[1:] == [as_csv(r) for r in expected]


async def test_caption_in_english_but_file_in_indonesian(office: Office) -> None:
    await add_item(office, "Rencana Strategis 2026", office.unit_id)
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, office.utama.id, "en")
    xlsx_message, csv_message = await export_by(office, office.utama)
    assert xlsx_message["caption"].startswith("📑 Register of public information (DIP)\nItems: 1 (every unit).")
    assert csv_message["caption"] == "📑 The same DIP as CSV, for other applications."
    _, headers, _ = read_xlsx(office.fake.file_bytes(xlsx_message["document"]["file_id"]))
    assert headers == HEADERS


async def test_empty_register_says_so(office: Office) -> None:
    office.admin.send_command("/dip")
    await office.deliver()
    assert office.admin.documents() == []
    assert office.admin.last_text().startswith("Belum ada informasi di DIP (semua unit)")
    await add_item(office, "Data Puskesmas 2026", office.other_unit_id)
    office.pelaksana.send_command("/dip")  # the register has items, but none of Putri's unit
    await office.deliver()
    assert office.pelaksana.documents() == []
    assert office.pelaksana.last_text().startswith("Belum ada informasi di DIP (unit Dinas Sosial)")
    assert await office.services.audit.entries(office.services.db, entity_type="dip") == []


async def test_a_file_too_large_for_telegram_is_explained(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    await add_item(office, "Rencana Strategis 2026", office.unit_id)
    monkeypatch.setattr(bot.dip_export, "BOT_UPLOAD_MAX_BYTES", 100)
    office.admin.send_command("/dip")
    await office.deliver()
    assert office.admin.documents() == []
    refusals = office.admin.texts()[-2:]
    assert refusals[0].startswith("⚠️ Berkas DIP-2026-11-30.xlsx tidak dapat dikirim: ukurannya")
    assert refusals[1].startswith("⚠️ Berkas DIP-2026-11-30.csv tidak dapat dikirim: ukurannya")
    assert "melebihi batas Telegram untuk berkas dari bot (50 MB)" in refusals[0]


async def test_large_register_gets_a_note_first(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    import handlers.reports

    monkeypatch.setattr(handlers.reports, "PROGRESS_NOTE_FROM", 2)
    for number in range(3):
        await add_item(office, f"Informasi nomor {number}", office.unit_id)
    await export_by(office, office.admin)
    notes = [text for text in office.admin.texts() if text.startswith("⏳")]
    assert notes == ["⏳ Menyiapkan berkas DIP (3 informasi), mohon tunggu sebentar…"]


EXEMPT_HEADERS = [
    "No", "ID informasi", "Ringkasan isi informasi", "Unit penguasa informasi", "Dasar hukum pengecualian",
    "Dasar pengecualian (UU 14/2008 Pasal 17)", "Bagian informasi yang dikecualikan", "Jangka waktu pengecualian",
    "Jangka waktu sudah berakhir",
]


async def add_tested_exempt_item(office: Office, summary: str, unit_id: int, grounds: tuple[str, ...], until: str) -> int:
    """An exempt item with its consequence test recorded, as the register's chat records it."""
    test = exemption_from(exemption(grounds, until=until, part="Nama dan alamat pelapor"), office.clock.now(),
                          office.services.calendar)
    return await add_item(
        office, summary, unit_id, category="dikecualikan", legal_basis=f"UU 14/2008 Pasal 17 huruf {', '.join(grounds)}",
        exemption=test,
    )


async def test_the_workbook_lists_the_exempt_items_with_their_ground_and_period(office: Office) -> None:
    ids = await published_register(office)  # its exempt item was classified before the test existed
    ended = await add_tested_exempt_item(office, "=Data Pelapor Pengaduan", office.other_unit_id, ("a", "h"), "2026-12-15")
    standing = await add_tested_exempt_item(office, "Berkas Penyidikan", office.unit_id, ("a",), "2040-12-31")
    withdrawn = await add_tested_exempt_item(office, "Arsip Lama Rahasia", office.unit_id, ("c",), "2040-12-31")
    async with office.services.db.transaction() as conn:
        await office.services.items.set_status(conn, withdrawn, "inactive")
    office.clock.advance(timedelta(days=20))  # 20 Dec 2026: the first test's period has ended

    xlsx_message, _ = await export_by(office, office.admin)
    data = office.fake.file_bytes(xlsx_message["document"]["file_id"])
    preamble, rows, sheet = read_exempt_sheet(data)
    assert preamble == [
        "Daftar Informasi yang Dikecualikan",
        "Instansi: Pemerintah Kota Pontianak, Dinas Sosial Kota Pontianak",
        "Cakupan: semua unit",
        "Jumlah informasi: 3",
        "Dibuat: 20 Des 2026 09.00 WIB oleh Rina",
    ]
    assert rows[0] == EXEMPT_HEADERS
    assert rows[1:] == [  # by summary, as in chat and on the web site; active exempt items only
        [1, ended, "=Data Pelapor Pengaduan", "Dinas Kesehatan", "UU 14/2008 Pasal 17 huruf a, h",
         "a. Penegakan hukum; h. Rahasia pribadi", "Nama dan alamat pelapor", datetime(2026, 12, 15), "Ya"],
        [2, standing, "Berkas Penyidikan", "Dinas Sosial", "UU 14/2008 Pasal 17 huruf a", "a. Penegakan hukum",
         "Nama dan alamat pelapor", datetime(2040, 12, 31), "Tidak"],
        [3, ids["exempt"], "Dokumen Pengadaan Rahasia", "Dinas Sosial", "UU 14/2008 Pasal 17 huruf b", None, None,
         "(belum ditetapkan: uji konsekuensi belum lengkap)", None],
    ]
    formula = sheet.cell(row=len(preamble) + 3, column=3)
    assert formula.value == "=Data Pelapor Pengaduan" and formula.data_type == "s"  # text, never a formula

    # A PPID Pelaksana's export: the exempt items of their own unit only.
    xlsx_message, _ = await export_by(office, office.other_pelaksana)
    _, rows, _ = read_exempt_sheet(office.fake.file_bytes(xlsx_message["document"]["file_id"]))
    assert [row[1] for row in rows[1:]] == [ended]
