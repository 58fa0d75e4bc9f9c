"""Nothing goes out unseen (issue 12, points 3 and 4): the serta merta announcement is seen whole
by the PPID Pelaksana before sending and by PPID Utama on the review card; "Publikasikan sekarang"
and "Buat surat dari templat" first show exactly what will be sent, with "Ya, kirim" / "Batal".
"""

from __future__ import annotations

import json

from tests.bot.cycle_helpers import Office, approve_and_publish, cycle_at_publication, serta_merta_at_elements
from tests.bot.test_cycle_refusals import snapshot
from tests.bot.test_serta_merta_cycle import ANSWERS
from tests.samples import MINIMAL_PDF

CORRECTED_HELP = "Hubungi posko BPBD 112 atau Dinas Sosial 0561-123456"


async def submitted_announcements(office: Office, cycle_id: int) -> list[dict[str, str]]:
    notes = await office.services.db.fetch_all(
        "SELECT note FROM step_events WHERE cycle_id = ? AND action = 'draft_submitted' ORDER BY id", (cycle_id,)
    )
    return [json.loads(row["note"])["announcement"] for row in notes]


async def test_the_announcement_is_seen_whole_corrected_reviewed_and_kept_after_a_return(office: Office) -> None:
    item_id, cycle_id = await serta_merta_at_elements(office)
    putri, umar = office.pelaksana, office.utama
    for answer in ANSWERS:
        putri.send_text(answer)
        await office.deliver()
    # The whole announcement, before anything is sent: nothing submitted yet.
    preview = putri.last_message()
    assert putri.texts()[-2].startswith("👀 Inilah pengumuman serta merta persis seperti yang akan diposting")
    assert preview["text"].startswith("⚠️ PENGUMUMAN SERTA MERTA\nPeringatan banjir Kota Pontianak")
    assert all(answer in preview["text"] for answer in ANSWERS)
    assert [b["text"] for b in putri.buttons(preview)] == ["✅ Ya, kirim", "✏️ Ubah unsur"]
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    assert await submitted_announcements(office, cycle_id) == []
    assert not any("Verifikasi draf" in (message.get("text") or "") for message in umar.messages())

    # "Ubah unsur": choose element 5, see what it says, type it again, see the whole again.
    putri.press_button("✏️ Ubah unsur")
    await office.deliver()
    assert putri.last_text() == "Pilih unsur yang ingin diubah:"
    putri.press_button("5/8. Cara memperoleh bantuan?")
    await office.deliver()
    assert "Isi saat ini: Hubungi posko BPBD 112" in putri.last_text()
    putri.send_text("ok")
    await office.deliver()
    assert putri.last_text() == "Jawaban terlalu pendek. Mohon tulis minimal 3 huruf."
    putri.send_text(CORRECTED_HELP)
    await office.deliver()
    again = putri.last_message()
    assert again["text"].startswith("⚠️ PENGUMUMAN SERTA MERTA") and CORRECTED_HELP in again["text"]
    assert "5. Cara memperoleh bantuan\nHubungi posko BPBD 112\n" not in again["text"]
    assert await submitted_announcements(office, cycle_id) == []
    putri.press_button("✅ Ya, kirim", again)
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 1 (1 berkas) terkirim ke PPID Utama")
    assert (await submitted_announcements(office, cycle_id))[0]["help"] == CORRECTED_HELP

    # PPID Utama's card shows the announcement as it will be posted, with the decision buttons.
    card = umar.last_message()
    assert [b["text"] for b in umar.buttons(card)][:2] == ["✅ Setujui", "↩️ Kembalikan"]
    assert "Langkah 4 dari 7" in card["text"] and "Pengumuman yang akan diposting di kanal publik:" in card["text"]
    announcement_on_card = card["text"][card["text"].index("⚠️ PENGUMUMAN SERTA MERTA") :]
    assert announcement_on_card == again["text"]

    # Returned with a reason: on re-upload the previous elements come back, to keep or correct.
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    umar.send_text("Mohon lampirkan peta lokasi evakuasi")
    await office.deliver()
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(MINIMAL_PDF, "peta_evakuasi.pdf")
    await office.deliver()
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.texts()[-3].startswith("Unsur pengumuman dari versi sebelumnya dipakai lagi.")
    kept = putri.last_message()
    assert kept["text"] == again["text"]  # no element to type again
    assert not any(text.startswith("1/8.") for text in putri.texts()[-3:])
    putri.press_button("✅ Ya, kirim", kept)
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 2 (1 berkas) terkirim ke PPID Utama")
    first, second = await submitted_announcements(office, cycle_id)
    assert first == second

    await approve_and_publish(office)
    # What both of them saw is exactly what the channel got.
    assert office.channel.posts()[0]["text"] == again["text"]
    assert await office.db_value("SELECT state FROM update_cycles WHERE item_id = ?", item_id) == "published"


async def test_a_stale_announcement_confirmation_sends_nothing(office: Office) -> None:
    _, cycle_id = await serta_merta_at_elements(office)
    putri = office.pelaksana
    for answer in ANSWERS:
        putri.send_text(answer)
        await office.deliver()
    preview = putri.last_message()
    putri.send_command("/batal")  # leaves the flow: the preview's answers are forgotten
    await office.deliver()
    before = await snapshot(office)
    putri.press(preview, f"dr:send:{cycle_id}")
    await office.deliver()
    assert putri.last_callback_answer()["show_alert"]
    assert await snapshot(office) == before
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3


async def test_a_long_announcement_comes_whole_right_before_the_review_card(office: Office) -> None:
    _, cycle_id = await serta_merta_at_elements(office)
    putri, umar = office.pelaksana, office.utama
    long_answer = "Air < 1 m & arus > 2 m/s; " * 14  # 364 characters, more once escaped for HTML
    for number in range(1, 9):
        putri.send_text(f"{number}: {long_answer}")
        await office.deliver()
    putri.press_button("✅ Ya, kirim")
    await office.deliver()
    *_, announcement, card = umar.messages()
    assert announcement["text"].startswith("⚠️ PENGUMUMAN SERTA MERTA") and "reply_markup" not in announcement
    for number in range(1, 9):
        assert f"{number}: Air < 1 m & arus > 2 m/s" in announcement["text"]
    assert card["text"].startswith("Verifikasi draf Peringatan banjir Kota Pontianak (versi 1, dari Putri) paling lambat")
    assert card["text"].endswith("Pengumuman serta merta yang akan diposting ada pada pesan di atas.")
    assert len(card["text"]) <= 4096 and len(announcement["text"]) <= 4096
    assert [b["text"] for b in umar.buttons(card)][:2] == ["✅ Setujui", "↩️ Kembalikan"]
    # The same from /tugas.
    umar.press(umar.last_message(), f"tsk:{cycle_id}")
    await office.deliver()
    *_, again, task_card = umar.messages()
    assert again["text"] == announcement["text"] and "Langkah 4 dari 7" in task_card["text"]


async def test_publishing_shows_exactly_what_will_be_sent_and_batal_changes_nothing(office: Office) -> None:
    cycle_id = await cycle_at_publication(office)
    oki = office.operator
    before = await snapshot(office)
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    assert office.channel.posts() == []
    assert await snapshot(office) == before
    caption, preview = oki.messages()[-2:]
    assert caption["text"].startswith("Daftar Aset Daerah 2026\nKategori: Berkala\nUnit: Dinas Sosial")
    assert "Kanal: Informasi Publik (@ppid_test)" in preview["text"]
    assert "Berkas (1):\n• draf.docx" in preview["text"]
    assert [b["text"] for b in oki.buttons(preview)] == ["✅ Ya, kirim", "❌ Batal"]

    oki.press_button("❌ Batal", preview)
    await office.deliver()
    assert office.channel.posts() == []
    assert await snapshot(office) == before
    assert oki.last_text().startswith("Publikasi dibatalkan; tidak ada yang dikirim ke kanal.")
    assert oki.buttons(preview) == []

    # A forged confirmation (another draft version) and one from PPID Utama are refused.
    oki.press(oki.last_message(), f"pb:yes:{cycle_id}:2")
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Pratinjau ini sudah tidak berlaku.")
    office.utama.press(office.utama.last_message(), f"pb:yes:{cycle_id}:1")
    await office.deliver()
    assert office.utama.last_callback_answer()["show_alert"]
    assert office.channel.posts() == [] and await snapshot(office) == before

    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    shown, confirm = oki.messages()[-2:]
    oki.press_button("✅ Ya, kirim", confirm)
    await office.deliver()
    posts = office.channel.posts()
    assert len(posts) == 1 and posts[0]["caption"] == shown["text"]
    assert posts[0]["document"]["file_name"] == "draf.docx"
    assert oki.texts()[-1].startswith("📢 Dipublikasikan di kanal publik.")
    # The same confirmation again (stale): refused, nothing posted twice.
    oki.press(confirm, f"pb:yes:{cycle_id}:1")
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Langkah 7 sudah selesai")
    assert len(office.channel.posts()) == 1


async def test_the_generated_letter_is_shown_with_its_recipients_before_it_is_sent(office: Office) -> None:
    item_id = await office.add_item("Laporan Kinerja 2026")
    oki, putri = office.operator, office.pelaksana
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    cycle_id = int(await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id))
    putri_before = len(putri.messages())
    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    # The preview takes the letter's number (printed in it) and nothing else: one audit entry.
    before = await snapshot(office)
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'letter_number.take'") == 1
    preview = oki.last_message()
    assert preview["document"]["file_name"] == f"surat_koordinasi_{cycle_id}.docx"  # SOFFICE_PATH=off: no PDF
    shown = office.fake.file_bytes(preview["document"]["file_id"])
    assert shown.startswith(b"PK")
    assert "Berkas DOCX ini (tanpa PDF) itulah yang akan dikirim kepada PPID Pelaksana unit Dinas Sosial: Putri." in preview["caption"]
    assert "nomor 001/PPID/" in preview["caption"]
    assert [b["text"] for b in oki.buttons(preview)] == ["✅ Ya, kirim", "❌ Batal"]
    assert len(putri.messages()) == putri_before  # nobody else got anything
    assert await office.db_value("SELECT COUNT(*) FROM coordination") == 0

    oki.press_button("❌ Batal", preview)
    await office.deliver()
    assert oki.last_text().startswith("Surat koordinasi tidak dikirim; tidak ada yang berubah.")
    assert len(putri.messages()) == putri_before and await snapshot(office) == before
    oki.press(preview, f"co:yes:{cycle_id}")  # the cancelled preview's "Ya, kirim", pressed anyway
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Pratinjau surat ini sudah tidak berlaku.")
    assert len(putri.messages()) == putri_before and await snapshot(office) == before

    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    preview = oki.last_message()
    assert "nomor 001/PPID/" in preview["caption"]  # the cancelled preview burnt no number
    assert await snapshot(office) == before
    oki.press_button("✅ Ya, kirim", preview)
    await office.deliver()
    assert oki.last_text().startswith("✅ Surat koordinasi terkirim kepada Putri.")
    letter = [message for message in putri.messages() if "document" in message][-1]
    assert office.fake.file_bytes(letter["document"]["file_id"]) == office.fake.file_bytes(preview["document"]["file_id"])
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
