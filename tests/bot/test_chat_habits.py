"""Through the sandbox (issue 15, point 5): the chat works the way staff use it. A file sent without
pressing "Unggah draf" goes into the one draft it can be for (or the person is asked which); a
refused file says what it is; /start and /bantuan list the commands of the person's roles, grouped,
with a persistent keyboard whose two keys work like /tugas and /bantuan, mid-conversation too; and
a stale button says what is true (not reached yet, done, role revoked)."""

from __future__ import annotations

from bot.workflow import Upload
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    Office,
    person,
    serta_merta_at_elements,
    waiting_for_draft,
)
from tests.samples import MINIMAL_PDF, heic_photo, make_docx

EXE = b"MZ\x90\x00" + bytes(400)


async def at_draft(office: Office, summary: str) -> int:
    """A cycle at step 3 (the letter sent), through the workflow; Putri has pressed nothing."""
    workflow = office.services.workflow
    item_id = await office.add_item(summary)
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    return cycle_id


async def draft_rows(office: Office) -> list[tuple[int, str]]:
    rows = await office.services.db.fetch_all(
        "SELECT cycle_id, original_name FROM documents WHERE kind = 'draft' ORDER BY id"
    )
    return [(row[0], row[1]) for row in rows]


async def test_a_file_sent_without_the_button_goes_into_the_one_open_draft(office: Office) -> None:
    cycle_id = await at_draft(office, "Laporan Realisasi Anggaran 2026")
    putri = office.pelaksana
    putri.send_document(make_docx(), "lra.docx")
    await office.deliver()
    assert putri.texts()[-2] == (
        "📎 Berkas ini dimasukkan ke draf \"Laporan Realisasi Anggaran 2026\", satu-satunya draf "
        "yang sedang Bapak/Ibu siapkan."
    )
    assert putri.last_text().startswith("✅ Diterima: lra.docx (Dokumen Word (DOCX)")
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    assert [button["text"] for button in putri.buttons()] == ["✅ Selesai, kirim ke PPID Utama"]
    assert await draft_rows(office) == [(cycle_id, "lra.docx")]
    # The same file again is refused as a duplicate through the same path; a refused file is kept nowhere.
    putri.send_document(make_docx(), "lra-salinan.docx")
    await office.deliver()
    assert putri.last_text().startswith("Berkas yang sama sudah Bapak/Ibu kirim untuk draf ini.")
    putri.send_document(EXE, "lampiran.pdf")
    await office.deliver()
    assert putri.last_text().startswith("Maaf, berkas lampiran.pdf bukan PDF yang sah, jadi tidak dapat diterima")
    assert await draft_rows(office) == [(cycle_id, "lra.docx")]
    # "Selesai" under the saved file submits the draft as after "Unggah draf".
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 1 (1 berkas) terkirim ke PPID Utama")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4


async def test_with_several_open_drafts_the_person_is_asked_which(office: Office) -> None:
    first = await at_draft(office, "Laporan Realisasi Anggaran 2026")
    second = await at_draft(office, "Daftar Aset Daerah 2026")
    putri = office.pelaksana
    putri.send_document(MINIMAL_PDF, "aset.pdf")
    await office.deliver()
    assert putri.last_text() == "Berkas aset.pdf untuk draf yang mana? Bapak/Ibu sedang menyiapkan beberapa draf:"
    assert sorted(button["text"] for button in putri.buttons()) == ["Daftar Aset Daerah 2026", "Laporan Realisasi Anggaran 2026"]
    assert await draft_rows(office) == []  # nothing kept before the choice
    putri.press_button("Daftar Aset Daerah 2026")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    assert await draft_rows(office) == [(second, "aset.pdf")]
    assert putri.buttons(putri.messages()[-2]) == []  # the question's buttons are gone
    # A second press of an old choice finds no file waiting: nothing more is kept.
    putri.press(putri.messages()[-2], f"dr:for:{first}")
    await office.deliver()
    assert putri.last_callback_answer()["text"] == "Berkas yang menunggu sudah tidak ada. Silakan kirim berkasnya lagi."
    assert await draft_rows(office) == [(second, "aset.pdf")]


async def test_a_file_from_someone_with_no_open_draft_is_not_kept(office: Office) -> None:
    await at_draft(office, "Laporan Realisasi Anggaran 2026")
    for someone in (office.operator, office.other_pelaksana):  # no step 3; another unit's step 3
        someone.send_document(MINIMAL_PDF, "surat.pdf")
        await office.deliver()
        assert someone.last_text() == (
            "Berkas ini tidak disimpan: saat ini tidak ada draf yang sedang Bapak/Ibu siapkan (langkah 3). "
            "Berkas draf diterima bila ada tugas Unggah draf di /tugas."
        )
    assert await draft_rows(office) == []


async def test_help_lists_the_commands_of_the_roles_grouped_with_a_persistent_keyboard(office: Office) -> None:
    office.operator.send_command("/bantuan")
    office.admin.send_command("/start")
    await office.deliver()
    operator_help = office.operator.last_text()
    assert operator_help.startswith("Perintah yang tersedia:\n\n📌 Tugas dan SOP\n/tugas: Tugas saya yang menunggu\n")
    assert "\n\n📊 Laporan\n/dip:" in operator_help
    assert "Khusus Admin PPID" not in operator_help and "/undang" not in operator_help and "/staf" not in operator_help
    welcome = office.admin.last_text()
    assert welcome.startswith("Selamat datang, Rina.\nPeran Bapak/Ibu: Admin PPID.")
    assert "\n\n🔑 Khusus Admin PPID\n/undang: Buat tautan undangan petugas\n/staf:" in welcome
    for someone in (office.operator, office.admin):
        assert someone.reply_keyboard() == {
            "keyboard": [[{"text": "📌 Tugas saya"}, {"text": "❓ Bantuan"}]],
            "is_persistent": True,
            "resize_keyboard": True,
        }


async def test_the_keyboard_keys_work_mid_conversation_and_leave_it_where_it_was(office: Office) -> None:
    await serta_merta_at_elements(office)
    putri = office.pelaksana
    putri.send_text("📌 Tugas saya")
    await office.deliver()
    assert putri.last_text().startswith("Tugas Bapak/Ibu (")
    putri.send_text("❓ Bantuan")
    await office.deliver()
    assert putri.last_text().startswith("Perintah yang tersedia:")
    # Neither key was taken as the answer: the first element is still the one asked.
    putri.send_text("Banjir setinggi 1 meter")
    await office.deliver()
    assert putri.last_text().startswith("2/8.")


async def test_the_tasks_key_in_the_middle_of_an_upload_keeps_the_upload(office: Office) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_text("📌 Tugas saya")
    await office.deliver()
    assert putri.last_text().startswith("Tugas Bapak/Ibu (")
    putri.send_document(MINIMAL_PDF, "laporan.pdf")
    await office.deliver()
    assert not any(text.startswith("📎 Berkas ini dimasukkan") for text in putri.texts())  # still the upload
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()


async def test_stale_buttons_say_what_is_true(office: Office) -> None:
    cycle_id = await at_draft(office, "Laporan Realisasi Anggaran 2026")
    putri, oki = office.pelaksana, office.operator
    for someone in (putri, oki):
        someone.send_command("/start")
    await office.deliver()
    # The operator's step 5 button while the cycle is at step 3: not reached yet.
    await office.press_on_last(oki, f"pb:co:{cycle_id}")
    assert oki.last_callback_answer()["text"] == (
        "Langkah 5 belum sampai: siklus ini masih di langkah 3. Tombol ini berlaku setelah langkah sebelumnya selesai."
    )
    # Putri's PPID Pelaksana role is taken away (she stays staff, as PPID Utama): her old
    # "Unggah draf" button says so.
    async with office.services.db.transaction() as conn:
        await office.services.users.grant_role(conn, telegram_id=PELAKSANA_ID, role="utama", unit_id=None)
        await office.services.users.revoke_role(conn, telegram_id=PELAKSANA_ID, role="pelaksana", unit_id=office.unit_id)
    await office.press_on_last(putri, f"dr:up:{cycle_id}")
    assert putri.last_callback_answer()["text"].startswith("Maaf, peran PPID Pelaksana Bapak/Ibu sudah dicabut")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    # Her last role goes too: an old button is not answered as from a stranger.
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(conn, telegram_id=PELAKSANA_ID, role="utama", unit_id=None)
    await office.press_on_last(putri, f"dr:up:{cycle_id}")
    assert putri.last_callback_answer()["text"] == (
        "Maaf, peran Bapak/Ibu sebagai petugas PPID sudah dicabut, jadi tombol ini tidak berlaku lagi."
    )
    assert await draft_rows(office) == []


async def test_a_letter_of_a_type_the_step_does_not_take_says_which_it_takes(office: Office) -> None:
    item_id = await office.add_item("Laporan Kinerja 2026")
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    oki = office.operator
    oki.press_button("📎 Unggah surat sendiri")
    await office.deliver()
    oki.send_document(b"no,nama\n1,Budi\n2,Sari\n", "surat.csv")
    await office.deliver()
    assert oki.last_text() == (
        "Maaf, berkas ini berupa Data CSV, yang tidak diterima pada langkah ini. Kirim sebagai PDF, DOCX, ODT, DOC, JPG, PNG, HEIC."
    )
    assert await office.db_value("SELECT COUNT(*) FROM documents") == 0
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE item_id = ?", item_id) == 2
    # A photo of the signed letter from an iPhone, sent as a file, is a letter.
    oki.send_document(heic_photo(), "IMG_3001.HEIC")
    await office.deliver()
    assert oki.last_text() == "✅ Surat koordinasi terkirim kepada Putri. Langkah 2 selesai; PPID Pelaksana kini menyiapkan draf."
    assert await office.db_value("SELECT detected_type FROM documents") == "heic"
