"""The exemption decision document and its signed scan, through the sandbox: the decision made from
the template after an item is classified dikecualikan (read back with python-docx: every part of the
test, `≥`, `—` and Indonesian names intact), its number consecutive within its own kind and the same
on a second request, a new test a new decision; the signed scan accepted and recorded (versions,
audit, the card), a wrong file refused naming its real type, an operator and a stranger refused, a
forged button refused; and, where LibreOffice is installed, the same text in the PDF."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from collections.abc import Callable
from typing import Any

from bot.exemption_decision import decision_document
from bot.register import edit_item
from tests.bot.cycle_helpers import ADMIN_ID, UTAMA_ID, Office, person
from tests.samples import MINIMAL_JPEG, docx_text, heic_photo, make_docx, unique_pdf
from tests.libreoffice import needs_libreoffice


SUMMARY = "Laporan pengaduan ≥ 5 pelapor — Dinas Sosial"
PART = "Nama, alamat dan nomor telepon pelapor"
CONSEQUENCE = "Identitas pelapor terbuka sehingga pelapor dapat diintimidasi oleh pihak yang dilaporkan — nyata."
PUBLIC_INTEREST = "Melindungi pelapor menjaga kepercayaan publik pada saluran pengaduan (≥ manfaat membukanya)."
DECIDER = "Dra. Hj. Siti Aisyah, M.Si"
POSITION = "PPID Utama, Sekretaris Daerah Kota Pontianak"
UPLOAD_BUTTON = "📤 Unggah hasil pindaian bertanda tangan"
GET_BUTTON = "📜 Dokumen keputusan"
KIND = "keputusan_pengecualian"


def answers(**changes: Any) -> dict[str, Any]:
    """A complete consequence test as the chat collects it."""
    return {
        "part": PART, "grounds": ["a", "h"], "consequence": CONSEQUENCE, "public_interest": PUBLIC_INTEREST,
        "until": "2031-11-30", "decider_name": DECIDER, "decider_position": POSITION, **changes,
    }


def documents(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [message for message in messages if "document" in message]


async def exempt_item(office: Office, summary: str = SUMMARY, **changes: Any) -> int:
    """An item the admin re-classifies as dikecualikan in the register (bot.register.edit_item)."""
    item_id = await office.add_item(summary, category="setiap_saat", period=None)
    await edit_item(office.services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=answers(**changes))
    return item_id


async def ask_decision(office: Office, someone: Any, item_id: int) -> dict[str, Any]:
    """`someone` presses "📜 Dokumen keputusan" of the item (on a message they have); the document got."""
    someone.send_command("/tugas")  # a message to press on, as the decision's own would be
    await office.deliver()
    await office.press_on_last(someone, f"exd:get:{item_id}")
    return documents(someone.messages())[-1]


async def register_in_chat(office: Office) -> None:
    """The admin registers SUMMARY as dikecualikan through /informasi, typing every part of the test."""
    rina = office.admin
    rina.send_command("/informasi")
    await office.deliver()
    rina.press_button("➕ Tambah informasi")
    await office.deliver()
    rina.send_text(SUMMARY)
    await office.deliver()
    rina.press_button("Dinas Sosial")
    await office.deliver()
    for answer in ("Kepala Bidang Pengaduan", "Januari 2026, Kantor Dinas Sosial"):
        rina.send_text(answer)
        await office.deliver()
    rina.press_button("Dikecualikan")
    await office.deliver()
    rina.send_text(PART)
    await office.deliver()
    for label in ("▫️ a. Penegakan hukum", "▫️ h. Rahasia pribadi", "✔️ Selesai"):
        rina.press_button(label)
        await office.deliver()
    for answer in (CONSEQUENCE, PUBLIC_INTEREST, "5 tahun", DECIDER, POSITION):
        rina.send_text(answer)
        await office.deliver()
    rina.press_button("Hardcopy")
    await office.deliver()
    rina.send_text("Permanen")
    await office.deliver()
    rina.press_button("Simpan")
    await office.deliver()


async def test_a_registered_exemption_brings_its_decision_to_the_admin_and_the_ppid_utama(office: Office) -> None:
    rina = office.admin
    await register_in_chat(office)
    item_id = await office.db_value("SELECT id FROM info_items")
    (shown,) = documents(rina.messages())  # DOCX only: this office has no LibreOffice (SOFFICE_PATH=off)
    assert shown["document"]["file_name"] == f"keputusan_pengecualian_{item_id}_2026_1.docx"
    assert shown["caption"] == (
        f"📜 Keputusan PPID nomor 001/KEP-PPID/2026 tentang Penetapan Informasi yang Dikecualikan: \"{SUMMARY}\". "
        f"Mohon Bapak/Ibu cetak, mintakan tanda tangan {DECIDER}, lalu unggah hasil pindaiannya dengan tombol di bawah."
    )
    assert [b["text"] for b in rina.buttons(shown)] == [UPLOAD_BUTTON, GET_BUTTON]
    # The card came first, and says the signed decision is not on file yet.
    card = next(m["text"] for m in reversed(rina.messages()) if "document" not in m)
    assert "🖋 Keputusan bertanda tangan: belum diunggah" in card
    docx = office.fake.file_bytes(shown["document"]["file_id"])
    text = docx_text(docx)  # read back with python-docx
    for line in (
        "KEPUTUSAN PPID", "NOMOR 001/KEP-PPID/2026", "PENETAPAN INFORMASI YANG DIKECUALIKAN",
        f"Informasi\t: {SUMMARY} (nomor register {item_id})", "Unit pemilik\t: Dinas Sosial",
        f"Bagian yang dikecualikan\t: {PART}", "Dasar hukum\t: UU 14/2008 Pasal 17 huruf a, h",
        "a. dapat menghambat proses penegakan hukum", "h. dapat mengungkap rahasia pribadi",
        CONSEQUENCE, PUBLIC_INTEREST, "Jangka waktu pengecualian\t: sampai dengan 29 Nov 2031",
        "Ditetapkan pada tanggal 30 November 2026", POSITION, DECIDER,
    ):
        assert line in text, line
    assert "{{" not in text and "{%" not in text
    # The PPID Utama get the same document, with the same buttons.
    for utama in (office.utama, office.utama2):
        (theirs,) = documents(utama.messages())
        assert office.fake.file_bytes(theirs["document"]["file_id"]) == docx
        assert [b["text"] for b in utama.buttons(theirs)] == [UPLOAD_BUTTON, GET_BUTTON]
    # A second press: the same document and number, no new number, no second audit entry.
    rina.press_button(GET_BUTTON, shown)
    await office.deliver()
    again = documents(rina.messages())[-1]
    assert again is not shown and office.fake.file_bytes(again["document"]["file_id"]) == docx
    assert again["caption"] == shown["caption"]
    numbers = await office.services.letter_numbers.of_year(2026, KIND)
    assert [(n.number, n.text, n.item_id, n.cycle_id) for n in numbers] == [(1, "001/KEP-PPID/2026", item_id, None)]
    actions = [e.action for e in await office.services.audit.entries(office.services.db, entity_type="item")]
    assert actions == ["item.add", "exemption.decision"]
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents") == 1


async def test_numbers_are_consecutive_in_their_own_kind_and_a_new_test_is_a_new_decision(office: Office) -> None:
    first = await exempt_item(office, "Data pelapor gratifikasi")
    second = await exempt_item(office, "Berkas penyidikan sengketa lahan — Kelurahan Siantan")
    texts = [
        (await ask_decision(office, office.admin, first))["caption"],
        (await ask_decision(office, office.utama, second))["caption"],
        (await ask_decision(office, office.admin, first))["caption"],  # the same decision again
    ]
    assert [caption.split(" tentang")[0] for caption in texts] == [
        "📜 Keputusan PPID nomor 001/KEP-PPID/2026", "📜 Keputusan PPID nomor 002/KEP-PPID/2026",
        "📜 Keputusan PPID nomor 001/KEP-PPID/2026",
    ]
    # A new consequence test of the first item (its ground edited, an hour on): a new decision, the next number.
    office.clock.advance(timedelta(hours=1))
    await edit_item(office.services, ADMIN_ID, first, "legal_basis", None, exemption=answers(grounds=["h"]))
    caption = (await ask_decision(office, office.admin, first))["caption"]
    assert caption.startswith("📜 Keputusan PPID nomor 003/KEP-PPID/2026 tentang")
    rows = await office.services.db.fetch_all(
        "SELECT d.item_id, d.version, n.number FROM exemption_documents d JOIN letter_numbers n ON n.id = d.number_id ORDER BY n.number"
    )
    assert [tuple(row) for row in rows] == [(first, 1, 1), (second, 1, 2), (first, 2, 3)]
    # Two requests at once for a fresh decision share one number and one document.
    third = await exempt_item(office, "Memorandum internal pengadaan — Bagian Umum")
    admin, utama = await person(office, ADMIN_ID), await person(office, UTAMA_ID)
    one, two = await asyncio.gather(
        decision_document(office.services, admin, third), decision_document(office.services, utama, third)
    )
    assert one.number == two.number and one.number.number == 4 and one.document.sha256 == two.document.sha256
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents WHERE item_id = ?", third) == 1
    # The letters' own series is untouched (a letter number of the year would still be 1).
    assert await office.services.letter_numbers.of_year(2026, "surat_koordinasi") == []


async def test_the_signed_scan_is_kept_with_the_item_a_wrong_file_is_refused_by_its_real_type(office: Office) -> None:
    rina = office.admin
    item_id = await exempt_item(office)
    shown = await ask_decision(office, rina, item_id)
    rina.press_button(UPLOAD_BUTTON, shown)
    await office.deliver()
    assert rina.last_text() == "Silakan kirim hasil pindaian keputusan yang sudah ditandatangani (PDF, JPG, PNG, atau foto HEIC dari iPhone). /batal untuk membatalkan."
    rina.send_text("sudah saya tanda tangani")  # text where a file is expected: asked again
    await office.deliver()
    assert rina.last_text().startswith("Silakan kirim hasil pindaian keputusan")
    rina.send_document(make_docx(), "pindaian.pdf")  # a Word file under a PDF name
    await office.deliver()
    assert rina.last_text() == (
        "Berkas ini berupa Dokumen Word (DOCX), bukan hasil pindaian yang diterima di sini (PDF, JPG, PNG, HEIC). Mohon kirim PDF, JPG, PNG atau foto HEIC."
    )
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents WHERE kind = 'signed'") == 0
    scan = unique_pdf("keputusan bertanda tangan")
    rina.send_document(scan, "keputusan_ttd.pdf")  # still waiting: nothing was lost
    await office.deliver()
    assert rina.last_text() == (
        f"✅ Hasil pindaian keputusan nomor 001/KEP-PPID/2026 yang bertanda tangan tersimpan bersama informasi \"{SUMMARY}\" "
        "(versi 1). Berkas ini tidak pernah tampil di situs publik."
    )
    row = await office.services.db.fetch_one("SELECT * FROM exemption_documents WHERE kind = 'signed'")
    assert (row["item_id"], row["version"], row["file_type"], row["created_by"]) == (item_id, 1, "pdf", ADMIN_ID)
    assert await office.services.files.read(row["sha256"]) == scan
    (audit,) = [e for e in await office.services.audit.entries(office.services.db) if e.action == "exemption.signed"]
    assert audit.entity_id == str(item_id) and audit.details["version"] == 1 and audit.details["sha256"] == row["sha256"]
    # PPID Utama sends a photo of it later: version 2.
    umar = office.utama
    umar.press_button(UPLOAD_BUTTON, await ask_decision(office, umar, item_id))
    await office.deliver()
    umar.send_photo(MINIMAL_JPEG)
    await office.deliver()
    assert umar.last_text().endswith("(versi 2). Berkas ini tidak pernah tampil di situs publik.")
    # ... and an iPhone's photo of it, sent as a file (HEIC): version 3.
    umar.press_button(UPLOAD_BUTTON, await ask_decision(office, umar, item_id))
    await office.deliver()
    umar.send_document(heic_photo(), "IMG_2044.HEIC")
    await office.deliver()
    assert umar.last_text().endswith("(versi 3). Berkas ini tidak pernah tampil di situs publik.")
    assert await office.db_value("SELECT file_type FROM exemption_documents WHERE kind = 'signed' AND version = 3") == "heic"
    # The card says it is on file.
    rina.send_command("/informasi")
    await office.deliver()
    await office.press_on_last(rina, f"dip:v:{item_id}")
    assert "🖋 Keputusan bertanda tangan: tersimpan (versi 3, " in rina.last_text()


async def test_an_operator_a_stranger_and_forged_buttons_are_refused(office: Office) -> None:
    item_id = await exempt_item(office)
    plain_item = await office.add_item("Daftar aset daerah", category="setiap_saat", period=None)
    oki = office.operator
    oki.send_command("/tugas")
    await office.deliver()
    for data in (f"exd:get:{item_id}", f"exd:up:{item_id}"):
        await office.press_on_last(oki, data)
        assert oki.callback_answers[-1]["text"] == "Maaf, hanya Admin PPID atau PPID Utama yang dapat mengurus keputusan pengecualian."
    assert documents(oki.messages()) == []
    stranger = office.fake.user(799001, "Budi")
    stranger.send_command("/start")
    await office.deliver()
    await office.press_on_last(stranger, f"exd:get:{item_id}")
    assert documents(stranger.messages()) == []
    rina = office.admin
    rina.send_command("/tugas")
    await office.deliver()
    for forged in (f"exd:get:{item_id}x", "exd:get:", f"exd:up:0{item_id}", "exd:zz:1"):
        await office.press_on_last(rina, forged)
        assert rina.callback_answers[-1]["text"].startswith("Tombol ini sudah tidak berlaku."), forged
    for data in (f"exd:get:{plain_item}", "exd:get:999", f"exd:up:{plain_item}"):
        await office.press_on_last(rina, data)
        assert rina.callback_answers[-1]["text"] == (
            "Informasi ini tidak dikecualikan dengan uji konsekuensi yang tercatat, jadi tidak ada keputusannya."
        ), data
    assert documents(rina.messages()) == []
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents") == 0
    assert await office.services.letter_numbers.of_year(2026, KIND) == []


@needs_libreoffice
async def test_the_decision_survives_into_the_pdf(office_with: Callable[..., object]) -> None:
    from pypdf import PdfReader

    office: Office = await office_with(make_pdf=True, decision_number_format="188.4/{nomor}/KEP-PPID/{tahun}")  # type: ignore[misc]
    item_id = await exempt_item(office)
    shown = await ask_decision(office, office.admin, item_id)
    assert shown["document"]["file_name"] == f"keputusan_pengecualian_{item_id}_2026_1.pdf"
    assert shown["caption"].startswith("📜 Keputusan PPID nomor 188.4/1/KEP-PPID/2026 tentang")
    docx = documents(office.admin.messages())[-2]
    assert docx["document"]["file_name"] == f"keputusan_pengecualian_{item_id}_2026_1.docx"
    pdf = office.fake.file_bytes(shown["document"]["file_id"])
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for words in (SUMMARY, DECIDER, "188.4/1/KEP-PPID/2026", "h. dapat mengungkap rahasia pribadi", "≥"):
        assert words in text, words
