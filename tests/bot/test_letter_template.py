"""Step 2's letter from the office's template, through the chat: the preview shows the very files
that go out (DOCX, and PDF by LibreOffice), the office's number, signatory and text survive into
both, numbers are consecutive and distinct when operators send at once, a cancelled preview burns
no number, and without LibreOffice (or with one that hangs) the letter goes as DOCX."""

from __future__ import annotations

import asyncio
import io
import stat
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.filetypes import inspect_content
from bot.letters import prepare_coordination_letter
from bot.workflow import Upload, WorkflowError
from tests.bot.cycle_helpers import ADMIN_ID, OPERATOR_ID, Office, person
from tests.samples import docx_text
from tests.libreoffice import needs_libreoffice

SUMMARY = "Cakupan imunisasi ≥ 95% — Puskesmas Siantan"
PELAKSANA_NAME = "Ni Luh Putu Ayu Wulandari"


async def open_cycle(office: Office, summary: str = SUMMARY) -> int:
    item_id = await office.add_item(summary)
    cycle_id = (await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    office.operator.send_command("/tugas")  # a message to press the step's buttons on
    await office.deliver()
    return cycle_id


async def add_pelaksana(office: Office, telegram_id: int, name: str) -> None:
    services = office.services
    office.fake.user(telegram_id, name)
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
        await services.users.grant_role(conn, telegram_id=telegram_id, role="pelaksana", unit_id=office.unit_id)


def documents(messages: list[dict[str, object]]) -> list[dict[str, object]]:
    return [message for message in messages if "document" in message]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@needs_libreoffice
async def test_the_offices_letter_survives_into_docx_and_pdf_and_goes_out_as_previewed(
    office_with: Callable[..., object],
) -> None:
    office: Office = await office_with(  # type: ignore[misc]
        make_pdf=True, letter_number_format="000.5/{nomor}/PPID-DINSOS/{tahun}",
        signatory_name="Dra. Hj. Siti Aisyah, M.Si", signatory_title="Kepala Dinas Sosial",
        signatory_nip="19700101 199503 2 001",
    )
    await add_pelaksana(office, 730003, PELAKSANA_NAME)
    cycle_id = await open_cycle(office)
    oki, putri = office.operator, office.pelaksana
    await office.press_on_last(oki, f"co:gen:{cycle_id}")

    shown_docx, shown_pdf = documents(oki.messages())[-2:]
    assert shown_docx["document"]["file_name"] == f"surat_koordinasi_{cycle_id}.docx"  # type: ignore[index]
    assert shown_pdf["document"]["file_name"] == f"surat_koordinasi_{cycle_id}.pdf"  # type: ignore[index]
    assert shown_pdf["caption"].startswith(  # type: ignore[union-attr]
        f"👀 Pratinjau surat koordinasi nomor 000.5/1/PPID-DINSOS/2026 untuk \"{SUMMARY}\". Dua berkas di atas (DOCX dan PDF)"
    )
    assert [b["text"] for b in oki.buttons(shown_pdf)] == ["✅ Ya, kirim", "❌ Batal"]
    docx = office.fake.file_bytes(shown_docx["document"]["file_id"])  # type: ignore[index]
    pdf = office.fake.file_bytes(shown_pdf["document"]["file_id"])  # type: ignore[index]

    letter = docx_text(docx)  # read back with python-docx
    for line in (
        "PEMERINTAH", "Nomor\t: 000.5/1/PPID-DINSOS/2026", "30 November 2026", "PPID Pelaksana Dinas Sosial",
        f"(Putri, {PELAKSANA_NAME})", f"Informasi\t: {SUMMARY}", "Kategori\t: Berkala",
        "Kepala Dinas Sosial", "Dra. Hj. Siti Aisyah, M.Si", "NIP 19700101 199503 2 001",
        "Dikirim melalui bot PPID oleh Oki",
    ):
        assert line in letter, line
    assert inspect_content(pdf).accepted and inspect_content(pdf).file_type.key == "pdf"  # type: ignore[union-attr]
    text = pdf_text(pdf)  # read back from the PDF LibreOffice wrote
    for words in (SUMMARY, PELAKSANA_NAME, "000.5/1/PPID-DINSOS/2026", "Dra. Hj. Siti Aisyah, M.Si", "19700101 199503 2 001"):
        assert words in text, words

    oki.press_button("✅ Ya, kirim", shown_pdf)
    await office.deliver()
    assert oki.last_text() == (
        f"✅ Surat koordinasi terkirim kepada Putri, {PELAKSANA_NAME}. Langkah 2 selesai; PPID Pelaksana kini menyiapkan draf."
        "\nNomor surat: 000.5/1/PPID-DINSOS/2026."
    )
    got_docx, got_pdf = documents(putri.messages())[-2:]
    assert office.fake.file_bytes(got_docx["document"]["file_id"]) == docx  # type: ignore[index]
    assert office.fake.file_bytes(got_pdf["document"]["file_id"]) == pdf  # type: ignore[index]
    assert [b["text"] for b in putri.buttons(got_pdf)] == ["✅ Terima"]
    rows = await office.services.db.fetch_all(
        "SELECT id, version, detected_type, original_name FROM documents WHERE cycle_id = ? ORDER BY id", (cycle_id,)
    )
    assert [tuple(row)[1:] for row in rows] == [
        (1, "pdf", f"surat_koordinasi_{cycle_id}.pdf"), (1, "docx", f"surat_koordinasi_{cycle_id}.docx"),
    ]
    number = await office.services.db.fetch_one("SELECT * FROM letter_numbers WHERE cycle_id = ?", (cycle_id,))
    assert number is not None and number["number"] == 1 and number["year"] == 2026
    assert number["document_id"] == rows[0]["id"] and number["sent_at"] is not None
    assert await office.db_value("SELECT letter_document_id FROM coordination WHERE cycle_id = ? LIMIT 1", cycle_id) == rows[0]["id"]


async def test_without_libreoffice_the_letter_goes_as_docx_and_the_operator_is_told_once(
    office_with: Callable[..., object], tmp_path: Path
) -> None:
    office: Office = await office_with(make_pdf=True, soffice_path=tmp_path / "no" / "soffice")  # type: ignore[misc]
    oki = office.operator
    first, second = await open_cycle(office, "Laporan Kinerja 2026"), await open_cycle(office, "Daftar Aset 2026")
    await office.press_on_last(oki, f"co:gen:{first}")
    hint = [text for text in oki.texts() if "LibreOffice belum terpasang" in text]
    assert len(hint) == 1
    assert "memasang paket libreoffice-writer-nogui (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui)" in hint[0]
    preview = oki.last_message()
    assert preview is not None and preview["document"]["file_name"] == f"surat_koordinasi_{first}.docx"
    assert preview["caption"].startswith("👀 Pratinjau surat koordinasi nomor 001/PPID/2026 untuk \"Laporan Kinerja 2026\". Berkas DOCX ini (tanpa PDF)")
    oki.press_button("✅ Ya, kirim", preview)
    await office.deliver()
    letters = documents(office.pelaksana.messages())
    assert len(letters) == 1 and letters[0]["document"]["file_name"] == f"surat_koordinasi_{first}.docx"  # type: ignore[index]
    assert [b["text"] for b in office.pelaksana.buttons(letters[0])] == ["✅ Terima"]

    await office.press_on_last(oki, f"co:gen:{second}")
    assert len([text for text in oki.texts() if "LibreOffice belum terpasang" in text]) == 1  # once only
    assert "nomor 002/PPID/2026" in oki.last_text()  # type: ignore[operator]


async def test_a_conversion_that_hangs_is_stopped_and_the_letter_goes_as_docx(
    office_with: Callable[..., object], tmp_path: Path
) -> None:
    soffice = tmp_path / "soffice"
    soffice.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\nsleep 300 &\necho $! > {tmp_path}/child\nwait\n")
    soffice.chmod(soffice.stat().st_mode | stat.S_IXUSR)
    office: Office = await office_with(make_pdf=True, soffice_path=soffice, pdf_conversion_seconds=1)  # type: ignore[misc]
    cycle_id = await open_cycle(office)
    await office.press_on_last(office.operator, f"co:gen:{cycle_id}")
    assert any(text.startswith("⚠️ Salinan PDF surat gagal dibuat kali ini") for text in office.operator.texts())
    preview = office.operator.last_message()
    assert preview is not None and preview["document"]["file_name"] == f"surat_koordinasi_{cycle_id}.docx"
    for name in ("pid", "child"):  # LibreOffice and what it started were killed together
        pid = int((tmp_path / name).read_text())
        assert not _running(pid), name


def _running(pid: int) -> bool:
    """Whether `pid` is still a live process (a zombie waiting for its reaper is not). SIGKILL is
    delivered asynchronously, so a process killed a moment ago is given a little while to go."""
    for _ in range(500):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":
            return False
        time.sleep(0.01)
    return True


async def test_letters_sent_at_the_same_moment_get_consecutive_distinct_numbers(office: Office) -> None:
    services = office.services
    operators = [await person(office, OPERATOR_ID)]
    for telegram_id, name in ((720002, "Ojan"), (720003, "Olivia")):
        office.fake.user(telegram_id, name)
        async with services.db.transaction() as conn:
            await services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
            await services.users.grant_role(conn, telegram_id=telegram_id, role="operator", unit_id=None)
        operators.append(await person(office, telegram_id))
    cycles = [await open_cycle(office, f"Informasi {index}") for index in range(6)]

    async def send(operator_index: int, cycle_id: int) -> str:
        operator = operators[operator_index % len(operators)]
        letter = await prepare_coordination_letter(services, operator, cycle_id, ["Putri"])
        await services.workflow.send_coordination(
            operator, cycle_id, Upload(letter.docx, "docx", None), letter.docx_name, letter_number_id=letter.number.id,
        )
        return docx_text(await services.files.read(letter.docx.sha256))

    texts = await asyncio.gather(*(send(index, cycle_id) for index, cycle_id in enumerate(cycles)))
    rows = await services.db.fetch_all("SELECT number, text, cycle_id, document_id FROM letter_numbers ORDER BY number")
    assert [row["number"] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert sorted(row["cycle_id"] for row in rows) == sorted(cycles)
    assert all(row["document_id"] is not None for row in rows)
    by_cycle = {row["cycle_id"]: row["text"] for row in rows}
    for cycle_id, text in zip(cycles, texts):
        assert f"Nomor\t: {by_cycle[cycle_id]}" in text  # each letter carries the number recorded for it


async def test_two_operators_previewing_at_once_get_distinct_numbers_and_a_cancel_burns_none(office: Office) -> None:
    services = office.services
    ojan = office.fake.user(720002, "Ojan")
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=ojan.id, full_name="Ojan", username=None)
        await services.users.grant_role(conn, telegram_id=ojan.id, role="operator", unit_id=None)
    oki = office.operator
    first, second = await open_cycle(office, "Laporan Kinerja 2026"), await open_cycle(office, "Daftar Aset 2026")
    for someone in (oki, ojan):
        someone.send_command("/tugas")
    await office.deliver()
    oki.press(oki.last_message(), f"co:gen:{first}")  # type: ignore[arg-type]
    ojan.press(ojan.last_message(), f"co:gen:{second}")  # type: ignore[arg-type]
    await office.deliver()  # both presses are handled together
    numbers = {oki.last_text()[oki.last_text().index("nomor ") + 6:][:3], ojan.last_text()[ojan.last_text().index("nomor ") + 6:][:3]}  # type: ignore[index,union-attr]
    assert numbers == {"001", "002"}
    mine = oki.last_text()[oki.last_text().index("nomor ") + 6:][:3]  # type: ignore[index,union-attr]

    oki.press_button("❌ Batal", oki.last_message())
    await office.deliver()
    third = await open_cycle(office, "Rencana Kerja 2027")
    await office.press_on_last(oki, f"co:gen:{third}")
    assert "nomor 003/PPID/2026" in oki.last_text()  # type: ignore[operator]
    oki.press_button("❌ Batal", oki.last_message())
    await office.deliver()
    await office.press_on_last(oki, f"co:gen:{first}")
    assert f"nomor {mine}/PPID/2026" in oki.last_text()  # type: ignore[operator]  # the same number again
    oki.press_button("✅ Ya, kirim", oki.last_message())
    ojan.press_button("✅ Ya, kirim", ojan.last_message())
    await office.deliver()
    rows = await services.db.fetch_all("SELECT number, cycle_id, document_id IS NOT NULL AS sent FROM letter_numbers ORDER BY number")
    assert [(row["number"], row["sent"]) for row in rows] == [(1, 1), (2, 1), (3, 0)]  # 003 held for its cycle
    taken = await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'letter_number.take'")
    assert taken == 3


async def test_the_office_year_numbers_the_letter(office: Office) -> None:
    # 31 Dec 2026, 17:30 UTC is 1 Jan 2027, 00:30 WIB in Pontianak: the office's new year.
    office.clock.set(datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc))
    cycle_id = await open_cycle(office)
    await office.press_on_last(office.operator, f"co:gen:{cycle_id}")
    assert "nomor 001/PPID/2027" in office.operator.last_text()  # type: ignore[operator]
    assert await office.db_value("SELECT year FROM letter_numbers") == 2027
    docx = office.fake.file_bytes(office.operator.last_message()["document"]["file_id"])  # type: ignore[index]
    assert "1 Januari 2027" in docx_text(docx)


async def test_a_template_broken_while_running_is_refused_in_chat_and_takes_no_number(
    office_with: Callable[..., object], tmp_path: Path
) -> None:
    from tests.unit.test_office_templates import template

    own = tmp_path / "surat.docx"
    own.write_bytes(template(lambda document: document.add_paragraph("Nomor {{ nomor_surat }}")))
    office: Office = await office_with(template_coordination_letter=own)  # type: ignore[misc]
    own.write_bytes(template(lambda document: document.add_paragraph("Yth. {{ kepala_dinas }}")))  # edited meanwhile
    cycle_id = await open_cycle(office)
    audit_before = await office.db_value("SELECT COUNT(*) FROM audit_log")
    await office.press_on_last(office.operator, f"co:gen:{cycle_id}")
    said = office.operator.last_text()
    assert said is not None and said.startswith(
        f"Templat surat koordinasi tidak dapat dipakai: TEMPLATE_COORDINATION_LETTER ({own}): kolom {{{{ kepala_dinas }}}} "
        "tidak dikenal di paragraf isi ke-2: «Yth. {{ kepala_dinas }}»"
    )
    assert said.endswith("Mohon sampaikan kepada Admin PPID; sementara itu Bapak/Ibu dapat memakai \"Unggah surat sendiri\".")
    assert await office.db_value("SELECT COUNT(*) FROM letter_numbers") == 0
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == audit_before
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 2


async def test_a_number_is_sent_with_one_letter_only(office: Office) -> None:
    services = office.services
    oki = await person(office, OPERATOR_ID)
    first, second = await open_cycle(office, "Laporan Kinerja 2026"), await open_cycle(office, "Daftar Aset 2026")
    letter = await prepare_coordination_letter(services, oki, first, ["Putri"])
    await services.workflow.send_coordination(
        oki, first, Upload(letter.docx, "docx", None), letter.docx_name, letter_number_id=letter.number.id
    )
    other = await prepare_coordination_letter(services, oki, second, ["Putri"])
    with pytest.raises(WorkflowError) as refused:  # the first letter's number, on the second letter
        await services.workflow.send_coordination(
            oki, second, Upload(other.docx, "docx", None), other.docx_name, letter_number_id=letter.number.id
        )
    assert refused.value.key == "letter_preview_outdated"
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", second) == 2
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ?", second) == 0
