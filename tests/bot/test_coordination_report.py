"""`/laporan_koordinasi` end to end: the coordination report of a cycle (Output of step 2) as XLSX,
read back and compared with the database: exactly the people asked, when, who acknowledged when,
and the documents of the cycle. Who may see which cycle, and every refusal.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from openpyxl import load_workbook

from bot.sandbox import SimUser
from tests.bot.cycle_helpers import (
    OPERATOR_ID,
    PELAKSANA_ID,
    Office,
    cycle_at_review,
    person,
)

WIB = timedelta(hours=7)
SECOND_PELAKSANA_ID = 730003


def local(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ") + WIB


async def reviewed_cycle(office: Office) -> tuple[int, SimUser]:
    """A cycle at step 4: two PPID Pelaksana of the unit asked, Putri acknowledged an hour later."""
    pia = office.fake.user(SECOND_PELAKSANA_ID, "Pia")
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=pia.id, full_name="Pia Lestari", username="pia_ppid")
        await services.users.grant_role(conn, telegram_id=pia.id, role="pelaksana", unit_id=office.unit_id)
    _, cycle_id = await cycle_at_review(office)
    office.clock.advance(timedelta(hours=1, minutes=5))
    entry = await office.db_value(
        "SELECT id FROM coordination WHERE cycle_id = ? AND asked_user_id = ?", cycle_id, PELAKSANA_ID
    )
    await services.workflow.acknowledge(await person(office, PELAKSANA_ID), entry)
    assert await office.db_value("SELECT COUNT(*) FROM coordination WHERE acknowledged_at IS NOT NULL") == 1
    return cycle_id, pia


def read_report(data: bytes) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Koordinasi", "Dokumen"]
    return {name: [list(row) for row in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}


def split(values: list[list[Any]], first_header: str) -> tuple[list[str], list[Any], list[list[Any]]]:
    at = next(index for index, row in enumerate(values) if row[0] == first_header and row[1] is not None)
    preamble = [row[0] for row in values[:at] if row and row[0] is not None]
    return preamble, values[at], values[at + 1 :]


async def last_document(office: Office, someone: SimUser) -> tuple[dict[str, Any], bytes]:
    message = [m for m in someone.messages() if "document" in m][-1]
    return message, office.fake.file_bytes(message["document"]["file_id"])


async def test_report_lists_exactly_who_was_asked_and_the_documents(office: Office) -> None:
    cycle_id, _ = await reviewed_cycle(office)
    operator = office.operator
    operator.send_command("/laporan_koordinasi", str(cycle_id))
    await office.deliver()
    message, data = await last_document(office, operator)
    assert message["document"]["file_name"] == f"Laporan-Koordinasi-Siklus-{cycle_id}-2026-11-30.xlsx"
    assert message["caption"] == (
        f"📋 Laporan koordinasi siklus #{cycle_id}\nDaftar Aset Daerah 2026\n"
        "2 petugas ditanya, 1 sudah mengonfirmasi; 2 dokumen."
    )
    sheets = read_report(data)

    preamble, headers, rows = split(sheets["Koordinasi"], "No")
    item_id = await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id)
    assert preamble == [
        "Dokumen Laporan Koordinasi (Output langkah 2 SOP Pengumuman Informasi Publik)",
        "Instansi: Pemerintah Kota Pontianak, Dinas Sosial Kota Pontianak",
        f"Informasi: Daftar Aset Daerah 2026 (ID {item_id})",
        "Unit penguasa informasi: Dinas Sosial",
        f"Siklus pembaruan: #{cycle_id} (Berkala)",
        "Langkah 2 dimulai: 30 Nov 2026 09.00 WIB",
        "Batas waktu langkah 2: 1 Des 2026 16.00 WIB",
        "Surat koordinasi dikirim: 30 Nov 2026 09.00 WIB (tepat waktu)",
        "Ditanyakan kepada 2 petugas; 1 sudah mengonfirmasi.",
        "Dibuat: 30 Nov 2026 10.05 WIB oleh Oki",
    ]
    assert headers == [
        "No", "Nama petugas", "Username Telegram", "Ditanyakan pada (WIB)", "Surat koordinasi",
        "Dikonfirmasi pada (WIB)",
    ]
    asked = await office.services.db.fetch_all(
        "SELECT k.*, u.full_name, u.username, d.original_name, d.version FROM coordination AS k"
        " JOIN users AS u ON u.telegram_id = k.asked_user_id JOIN documents AS d ON d.id = k.letter_document_id"
        " WHERE k.cycle_id = ? ORDER BY k.id",
        (cycle_id,),
    )
    assert [row["asked_user_id"] for row in asked] == [PELAKSANA_ID, SECOND_PELAKSANA_ID]
    assert rows == [
        [
            number,
            row["full_name"],
            f"@{row['username']}" if row["username"] else None,
            local(row["asked_at"]),
            f"{row['original_name']} (versi {row['version']})",
            local(row["acknowledged_at"]) if row["acknowledged_at"] else "belum",
        ]
        for number, row in enumerate(asked, start=1)
    ]
    assert rows[0][1:] == [
        "Putri", None, datetime(2026, 11, 30, 9, 0), "surat.pdf (versi 1)", datetime(2026, 11, 30, 10, 5)
    ]
    assert rows[1][1:] == ["Pia Lestari", "@pia_ppid", datetime(2026, 11, 30, 9, 0), "surat.pdf (versi 1)", "belum"]

    _, doc_headers, doc_rows = split(sheets["Dokumen"], "No")
    assert doc_headers == ["No", "Jenis", "Versi", "Nama berkas", "Ukuran (byte)", "Diunggah oleh", "Waktu unggah (WIB)"]
    documents = await office.services.db.fetch_all(
        "SELECT d.*, u.full_name FROM documents AS d JOIN users AS u ON u.telegram_id = d.uploaded_by"
        " WHERE d.cycle_id = ? ORDER BY d.id",
        (cycle_id,),
    )
    kinds = {"coordination_letter": "Surat koordinasi", "draft": "Rancangan dokumen (draf)"}
    assert doc_rows == [
        [number, kinds[row["kind"]], row["version"], row["original_name"], row["size"], row["full_name"],
         local(row["uploaded_at"])]
        for number, row in enumerate(documents, start=1)
    ]
    assert [row[1] for row in doc_rows] == ["Surat koordinasi", "Rancangan dokumen (draf)"]
    assert [row[5] for row in doc_rows] == ["Oki", "Putri"]

    entries = await office.services.audit.entries(office.services.db, entity_type="cycle", entity_id=cycle_id)
    reports = [entry for entry in entries if entry.action == "coordination.report"]
    assert [(entry.actor_id, entry.details["file"]) for entry in reports] == [
        (OPERATOR_ID, f"Laporan-Koordinasi-Siklus-{cycle_id}-2026-11-30.xlsx")
    ]


async def test_without_a_number_the_recent_cycles_are_offered(office: Office) -> None:
    first, _ = await reviewed_cycle(office)
    other_item = await office.add_item("Data Puskesmas 2026", unit_id=office.other_unit_id)
    admin_person = await person(office, office.admin.id)
    other = (await office.services.workflow.open_cycle(admin_person, other_item)).cycle.id
    utama = office.utama
    utama.send_command("/laporan_koordinasi")
    await office.deliver()
    assert utama.last_text().startswith("📋 Pilih siklus untuk laporan koordinasinya (2 terbaru).")
    labels = [button["text"] for button in utama.buttons()]
    assert labels == [f"#{other} Data Puskesmas 2026 (30 Nov 2026)", f"#{first} Daftar Aset Daerah 2026 (30 Nov 2026)"]
    utama.press_button(labels[1])
    await office.deliver()
    message, data = await last_document(office, utama)
    assert message["document"]["file_name"].startswith(f"Laporan-Koordinasi-Siklus-{first}-")
    # A cycle still at step 2: nobody asked yet, and the report says so.
    utama.press_button(labels[0])
    await office.deliver()
    message, data = await last_document(office, utama)
    preamble, _, rows = split(read_report(data)["Koordinasi"], "No")
    assert rows == []
    assert "Surat koordinasi belum dikirim." in preamble
    assert "0 petugas ditanya, 0 sudah mengonfirmasi; 0 dokumen." in message["caption"]


async def test_pelaksana_sees_only_their_units_cycles(office: Office) -> None:
    cycle_id, _ = await reviewed_cycle(office)
    panji = office.other_pelaksana  # PPID Pelaksana of the other unit
    panji.send_command("/laporan_koordinasi")
    await office.deliver()
    assert panji.last_text() == "Belum ada siklus pembaruan yang dapat Bapak/Ibu lihat laporannya."
    panji.send_command("/laporan_koordinasi", str(cycle_id))
    await office.deliver()
    assert panji.last_text().startswith(f"Maaf, siklus #{cycle_id} milik unit lain.")
    await office.press_on_last(panji, f"rpt:k:{cycle_id}")  # a forged button
    assert panji.last_callback_answer()["text"].startswith(f"Maaf, siklus #{cycle_id} milik unit lain.")
    assert [m for m in panji.messages() if "document" in m] == []
    # Putri, of the cycle's unit, gets it from the list.
    putri = office.pelaksana
    putri.send_command("/laporan_koordinasi")
    await office.deliver()
    putri.press(putri.last_message(), putri.buttons()[0]["callback_data"], require_button=True)
    await office.deliver()
    message, _ = await last_document(office, putri)
    assert message["document"]["file_name"].startswith(f"Laporan-Koordinasi-Siklus-{cycle_id}-")


async def test_wrong_numbers_and_stale_buttons_are_explained(office: Office) -> None:
    await reviewed_cycle(office)
    admin = office.admin
    for argument, expected in (
        ("abc", "Nomor siklus harus berupa angka, misalnya /laporan_koordinasi 12."),
        ("1 2", "Nomor siklus harus berupa angka"),
        ("-3", "Nomor siklus harus berupa angka"),
        ("999", "Siklus #999 tidak ditemukan."),
        ("#999", "Siklus #999 tidak ditemukan."),
    ):
        admin.send_command("/laporan_koordinasi", argument)
        await office.deliver()
        assert admin.last_text().startswith(expected), argument
    for data, expected in (
        ("rpt:k:999", "Siklus #999 tidak ditemukan."),
        ("rpt:k:abc", "Tombol ini sudah tidak berlaku."),
        ("rpt:k:1:2", "Tombol ini sudah tidak berlaku."),
    ):
        await office.press_on_last(admin, data)
        assert admin.last_callback_answer()["text"].startswith(expected), data
    assert [m for m in admin.messages() if "document" in m] == []
    reports = await office.services.db.fetch_value(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'coordination.report'"
    )
    assert reports == 0
