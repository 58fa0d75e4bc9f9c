"""Issue 15 walked through as the office lives it, on the seams between its parts (each part has
its own tests): an operator (Oki), two PPID Pelaksana of one unit (Putri, Tono), two PPID Utama
(Umar, Uli) and an admin (Rina), each reading their chat.

- A berkala cycle whose step 3 is handed to Tono, then returned: who is told, each once; the stray
  file of Putri, whose step was handed away, says so; after the return both hear it, the first to
  fix it is shown to the other; the end reaches the preparer, the approver and the admin once.
- An escalation of a handed-over step names the person it was handed to.
- A /sertamerta started by a PPID Utama, approved by the other and posted by the operator: its
  author hears the post like everyone who had a hand in it.
- A cancel: the old cards' buttons say the cycle was stopped; a file sent then is not kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.sandbox import SimUser
from handlers.reminders import run_sweep
from tests.bot.cycle_helpers import ADMIN_ID, Office, approve_and_publish
from tests.bot.test_cycle_admin import admin_card
from tests.bot.test_cycle_end_notices import grant
from tests.bot.test_serta_merta_fast import TITLE, Taps, fill_form
from tests.samples import MINIMAL_PDF, MINIMAL_PNG, make_docx

TONO_ID = 730003
SUMMARY = "Laporan Realisasi Anggaran 2026"
WIB = timezone(timedelta(hours=7))


def since(someone: SimUser, mark: int) -> list[str]:
    """The texts (or captions) the person got after their `mark`-th message."""
    return [message.get("text") or message.get("caption") or "" for message in someone.messages()[mark:]]


def starting(someone: SimUser, start: str) -> list[str]:
    return [text for text in someone.texts() if text.startswith(start)]


async def open_with_letter(office: Office) -> int:
    """Through the chat: Rina opens the item's cycle and Oki sends the generated letter; the
    item's id (step 3 now waits for Putri and Tono)."""
    await grant(office, TONO_ID, "Tono", "pelaksana", office.unit_id)
    office.fake.user(TONO_ID, "Tono")  # his chat with the bot (the same person on each call)
    item_id = await office.add_item(SUMMARY)
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    office.operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    return item_id


async def send_draft(office: Office, someone: SimUser) -> None:
    """Through the chat: "Unggah draf", one PDF, "Selesai"."""
    someone.press_button("📎 Unggah draf")
    await office.deliver()
    someone.send_document(MINIMAL_PDF, "lra.pdf")
    await office.deliver()
    someone.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()


async def hand_step_to(office: Office, item_id: int, name: str) -> None:
    """Through the chat: Rina opens the item's card in /informasi and hands its step to `name`."""
    await admin_card(office, item_id)
    office.admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    office.admin.press_button(name)
    await office.deliver()


async def test_a_step_3_handed_over_then_returned_tells_each_person_once(office: Office) -> None:
    item_id = await open_with_letter(office)
    tono = office.fake.user(TONO_ID, "Tono")
    putri, umar, uli, rina, oki = office.pelaksana, office.utama, office.utama2, office.admin, office.operator
    cycle_id = int(await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id))
    await hand_step_to(office, item_id, "Tono")
    assert starting(putri, "👤") == [
        f"👤 Langkah 3 siklus \"{SUMMARY}\" diserahkan oleh admin Rina kepada Tono; Bapak/Ibu tidak perlu mengerjakannya lagi."
    ]
    (handed,) = starting(tono, "👤")
    assert handed.startswith(
        f"👤 Admin Rina menyerahkan langkah ini kepada Bapak/Ibu:\n\nUnggah draf {SUMMARY} paling lambat Kamis, 3 Des 2026 pukul 16.00 WIB."
    )

    # Putri sends her file anyway, as she would to a colleague: she is told the step is Tono's now.
    mark = len(putri.messages())
    putri.send_document(MINIMAL_PDF, "lra.pdf")
    await office.deliver()
    assert since(putri, mark) == [
        f"Berkas ini tidak disimpan: langkah 3 \"{SUMMARY}\" sudah diserahkan admin kepada Tono, yang kini"
        " mengunggah drafnya. Bila berkas ini diperlukan, kirimkan kepada beliau."
    ]
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'") == 0

    await send_draft(office, tono)
    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) is None
    assert starting(umar, "Verifikasi draf")[-1].startswith(f"Verifikasi draf {SUMMARY} (versi 1, dari Tono)")
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    umar.send_text("Lampiran tabel realisasi belum ada")
    await office.deliver()
    # The return goes back to the whole unit (the hand-over ended with step 3), each once.
    returned = f"↩️ Draf versi 1 untuk \"{SUMMARY}\" dikembalikan oleh PPID Utama.\nAlasan: Lampiran tabel realisasi belum ada"
    for someone in (putri, tono):
        assert [text for text in someone.texts() if text.startswith(returned)] == [
            returned + "\nMohon perbaiki dan unggah versi baru."
        ], someone.first_name

    # Putri sends her corrected file without pressing anything: it goes into version 2, Tono hears who fixes it.
    putri.send_document(make_docx(), "lra_revisi.docx")
    await office.deliver()
    assert putri.texts()[-2:] == [
        f"📎 Berkas ini dimasukkan ke draf \"{SUMMARY}\", satu-satunya draf yang sedang Bapak/Ibu siapkan.",
        "✅ Diterima: lra_revisi.docx (Dokumen Word (DOCX), 1 KB). Versi 2 kini berisi 1 berkas.",
    ]
    fixing = f"✏️ Putri sedang memperbaiki draf ini: \"{SUMMARY}\" (versi 2). Bapak/Ibu tidak perlu mengunggahnya juga."
    assert starting(tono, "✏️") == [fixing] and starting(putri, "✏️") == []
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    await approve_and_publish(office)

    ended = f"📢 \"{SUMMARY}\" sudah dipublikasikan di kanal publik. Siklus selesai. Lihat: https://t.me/c/1000000001/1"
    for someone in (putri, umar, rina):
        assert starting(someone, "📢 ") == [ended], someone.first_name
    assert starting(tono, "📢 ") == [] and starting(uli, "📢 ") == []  # a returned version's uploader; not the approver
    assert starting(oki, "📢 ") == ["📢 Dipublikasikan di kanal publik. Jatuh tempo berikutnya: 30 Mei 2027 16.00 WIB."]
    rows = await office.services.db.fetch_all(
        "SELECT step_no, action, actor_id FROM step_events WHERE cycle_id = ? AND action IN"
        " ('step_handed_over', 'draft_returned', 'published') ORDER BY id", (cycle_id,)
    )
    assert [tuple(row) for row in rows] == [
        (3, "step_handed_over", ADMIN_ID), (4, "draft_returned", umar.id), (7, "published", oki.id)
    ]


async def test_the_escalation_of_a_handed_over_step_names_its_new_holder(office: Office) -> None:
    item_id = await open_with_letter(office)
    await hand_step_to(office, item_id, "Tono")
    office.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=WIB))  # step 3 was due Thu 3 Dec: 2 working days late
    await run_sweep(office.app)
    for escalated in (office.utama, office.utama2, office.admin):
        assert "Pemegang langkah: Tono. Mohon hubungi dan tindak lanjuti." in (escalated.last_text() or ""), escalated.first_name
    late = await office.services.db.fetch_all("SELECT recipient_id FROM reminders WHERE kind = 'overdue'")
    assert [row[0] for row in late] == [TONO_ID]  # Putri, whose step was handed away, is not reminded


async def test_the_author_of_a_sertamerta_hears_that_it_was_posted(office: Office) -> None:
    """Uli (PPID Utama) starts it, Umar approves, Oki posts: Uli wrote the announcement, so she is
    told like the approver and the admin, once; Oki by his own answer."""
    uli, umar, oki, rina = office.utama2, office.utama, office.operator, office.admin
    taps = Taps(office)
    await fill_form(office, taps, uli)
    assert starting(umar, "Verifikasi draf")[-1].startswith(f"Verifikasi draf {TITLE} (versi 1, dari Uli)")
    await taps.press(umar, "✅ Setujui")
    preview = oki.last_text() or ""  # a text-only post: the preview does not speak of files below
    assert "Pesan di atas adalah pengumuman persis seperti yang akan diposting, tanpa berkas.\nBerkas (0):" in preview
    assert "lalu berkas berikut" not in preview
    await taps.press(oki, "✅ Ya, kirim")
    assert len(office.channel.posts()) == 1
    ended = f"📢 \"{TITLE}\" sudah dipublikasikan di kanal publik. Siklus selesai. Lihat: https://t.me/c/1000000001/1"
    for someone in (uli, umar, rina):
        assert starting(someone, "📢 ") == [ended], someone.first_name
    assert starting(oki, "📢 ") == ["📢 Dipublikasikan di kanal publik."]
    assert starting(office.pelaksana, "📢 ") == []


async def test_after_a_cancel_the_old_cards_say_the_cycle_was_stopped(office: Office) -> None:
    item_id = await open_with_letter(office)
    putri = office.pelaksana
    card = next(m for m in reversed(putri.messages()) if (m.get("text") or "").startswith("📌 Tugas baru"))
    await admin_card(office, item_id)
    office.admin.press_button("🛑 Batalkan siklus")
    await office.deliver()
    office.admin.send_text("Dokumen sumber ditarik untuk direvisi")
    await office.deliver()
    assert await office.db_value("SELECT state FROM update_cycles WHERE item_id = ?", item_id) == "cancelled"
    for someone in (putri, office.fake.user(TONO_ID, "Tono")):  # both held step 3: told once each
        assert len(starting(someone, "🛑")) == 1, someone.first_name
    putri.press(card, putri.buttons(card)[0]["callback_data"])
    await office.deliver()
    assert "dihentikan" in ((putri.last_callback_answer() or {}).get("text") or "")
    putri.send_document(MINIMAL_PDF, "lra.pdf")
    await office.deliver()
    assert (putri.last_text() or "").startswith("Berkas ini tidak disimpan: saat ini tidak ada draf")


async def test_who_attached_the_data_file_hears_the_end_with_the_document_s_preparer(office: Office) -> None:
    """Step 6 on a phone: Putri's draft is approved, Tono (the unit's other PPID Pelaksana) attaches
    the File Informasi Data; it goes out with the document, and both hear the end, once."""
    await open_with_letter(office)
    tono = office.fake.user(TONO_ID, "Tono")
    putri, umar, oki = office.pelaksana, office.utama, office.operator
    await send_draft(office, putri)
    umar.press_button("✅ Setujui")
    await office.deliver()
    for someone in (putri, tono):  # step 6 is offered to the unit's PPID Pelaksana, once each
        assert len(starting(someone, f"📊 Draf \"{SUMMARY}\" sudah disetujui PPID Utama.")) == 1, someone.first_name
    tono.press_button("📊 Lampirkan File Informasi Data")
    await office.deliver()
    tono.send_document(b"program,realisasi\nBansos,1200000\n", "realisasi.csv")
    await office.deliver()
    assert (tono.last_text() or "").startswith("✅ File Informasi Data tersimpan: realisasi.csv")
    oki.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    assert [post.get("document", {}).get("file_name") for post in office.channel.posts()] == ["lra.pdf", "realisasi.csv"]
    ended = f"📢 \"{SUMMARY}\" sudah dipublikasikan di kanal publik. Siklus selesai. Lihat: https://t.me/c/1000000001/1"
    for someone in (putri, tono, umar, office.admin):
        assert starting(someone, "📢 ") == [ended], someone.first_name


async def test_a_returned_sertamerta_goes_back_to_its_author_only(office: Office) -> None:
    """Oki wrote it with /sertamerta; Umar returns it: Oki is asked to correct it, Umar is told it
    went back to Oki, and Putri (the unit's PPID Pelaksana, who never saw it) is not asked to
    upload a new version of it."""
    oki, umar, putri = office.operator, office.utama, office.pelaksana
    await fill_form(office, Taps(office), oki)
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    umar.send_text("Unsur 3 belum menyebut lokasi pengungsian")
    await office.deliver()
    assert umar.last_text() == (
        "↩️ Pengumuman versi 1 dikembalikan kepada Oki, yang memulainya, dengan alasan: Unsur 3 belum menyebut lokasi pengungsian"
    )
    assert (oki.last_text() or "").startswith(f"↩️ Pengumuman serta merta \"{TITLE}\" (versi 1) dikembalikan oleh PPID Utama.")
    assert [button["text"] for button in oki.buttons()] == ["✏️ Perbaiki pengumuman"]
    assert starting(putri, "↩️") == []
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE state = 'open'") == 3

    # Oki sends the photo straight into the chat: not kept, and told where it goes (the button again).
    oki.send_photo(MINIMAL_PNG)
    await office.deliver()
    assert oki.last_text() == (
        f"Berkas ini tidak disimpan: pengumuman serta merta \"{TITLE}\" yang dikembalikan diperbaiki lewat tombol"
        " \"✏️ Perbaiki pengumuman\". Tekan tombol di bawah, lalu kirim lagi berkasnya di sana."
    )
    oki.press_button("✏️ Perbaiki pengumuman")
    await office.deliver()
    oki.send_photo(MINIMAL_PNG)
    await office.deliver()
    assert "Pengumuman akan diposting dengan 1 berkas." in (oki.last_text() or "")
    assert await office.db_value("SELECT COUNT(*) FROM documents") == 0  # nothing kept until it is sent
