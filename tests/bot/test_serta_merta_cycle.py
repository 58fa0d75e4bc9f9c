"""A serta merta cycle: deadlines in hours, the 8 elements of the announcement, the channel post."""

from __future__ import annotations

from bot.demo import SERTA_MERTA_ANSWERS
from tests.bot.cycle_helpers import Office
from tests.samples import MINIMAL_PNG

ANSWERS = list(SERTA_MERTA_ANSWERS)  # the demo's answers


async def test_serta_merta_cycle_announces_the_eight_elements(office: Office) -> None:
    item_id = await office.add_item("Peringatan banjir Kota Pontianak", category="serta_merta", period=None)
    admin, operator, putri, umar = office.admin, office.operator, office.pelaksana, office.utama
    admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(admin, f"cyc:open:{item_id}")
    # Serta merta: Waktu in hours, around the clock (step 2: 1 hour).
    assert "paling lambat Senin, 30 Nov 2026 pukul 10.00 WIB." in operator.last_text()
    operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert "Unggah draf Peringatan banjir Kota Pontianak paling lambat Senin, 30 Nov 2026 pukul 11.00 WIB." in putri.last_text()  # step 3: 2 hours
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_photo(MINIMAL_PNG)
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.texts()[-2].startswith("Informasi serta merta wajib memuat 8 unsur pengumuman.")
    assert putri.last_text() == "1/8. Jenis bahaya dan besarnya bahaya?"
    putri.send_text("a")
    await office.deliver()
    assert putri.last_text() == "Jawaban terlalu pendek. Mohon tulis minimal 3 huruf."
    for number, answer in enumerate(ANSWERS, start=1):
        putri.send_text(answer)
        await office.deliver()
        if number < 8:
            assert putri.last_text().startswith(f"{number + 1}/8.")
    assert putri.last_text().startswith("⚠️ PENGUMUMAN SERTA MERTA")  # the whole announcement, to confirm
    putri.press_button("✅ Ya, kirim")
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 1 (1 berkas) terkirim ke PPID Utama")

    umar.press_button("✅ Setujui")
    await office.deliver()
    operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    assert "Pembaruan data berikutnya" not in operator.texts()[-2]
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert operator.last_text() == "📢 Dipublikasikan di kanal publik."

    posts = office.channel.posts()
    announcement = posts[0]["text"]
    assert announcement.startswith("⚠️ PENGUMUMAN SERTA MERTA\nPeringatan banjir Kota Pontianak")
    for number, answer in enumerate(ANSWERS, start=1):
        assert f"{number}. " in announcement and answer in announcement
    assert "photo" in posts[1] or "document" in posts[1]
    db = office.services.db
    assert await db.fetch_value("SELECT state FROM update_cycles WHERE item_id = ?", (item_id,)) == "published"
    assert await db.fetch_value("SELECT next_due_at FROM info_items WHERE id = ?", (item_id,)) is None
    assert await db.fetch_value(
        "SELECT action FROM step_events WHERE step_no = 6 AND cycle_id = (SELECT id FROM update_cycles WHERE item_id = ?)",
        (item_id,),
    ) == "data_refresh_not_applicable"
    publication_message = await db.fetch_value("SELECT channel_message_id FROM publications")
    assert publication_message == posts[0]["message_id"]
