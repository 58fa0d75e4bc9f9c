"""Step 4's third button: PPID Utama changes the category; dikecualikan needs its consequence test
and is then approved without publication. Also the coordination report and a long caption."""

from __future__ import annotations

from tests.exemption_sample import answer_the_test
from tests.bot.cycle_helpers import (
    Office,
    cycle_at_review,
    open_first_task,
)


async def test_recategorise_to_dikecualikan_needs_the_consequence_test_and_is_not_published(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    umar = office.utama
    await open_first_task(office, umar)
    umar.press_button("🏷️ Ubah kategori")
    await office.deliver()
    assert umar.last_text() == "Pilih kategori yang benar:"
    assert [b["text"] for b in umar.buttons()] == ["Berkala", "Serta merta", "Setiap saat", "Dikecualikan"]
    umar.press_button("Dikecualikan")
    await office.deliver()
    assert umar.last_text().startswith("🔒 Uji konsekuensi")  # every part: tests/bot/test_exemption_test.py
    db = office.services.db
    last = await answer_the_test(umar, office.deliver, leave_last=True)
    assert await db.fetch_value("SELECT category FROM info_items WHERE id = ?", (item_id,)) == "berkala"
    umar.send_text(last)
    await office.deliver()
    assert umar.last_text() == "🏷️ Kategori diubah menjadi Dikecualikan. Silakan setujui atau kembalikan draf."
    item = await db.fetch_one("SELECT category, period, legal_basis FROM info_items WHERE id = ?", (item_id,))
    assert tuple(item) == ("dikecualikan", None, "UU 14/2008 Pasal 17 huruf h")
    umar.press_button("✅ Setujui")
    await office.deliver()
    assert umar.last_text() == "✅ Draf disetujui sebagai informasi dikecualikan: tidak dipublikasikan. Siklus ditutup."
    assert await db.fetch_value("SELECT state FROM update_cycles WHERE id = ?", (cycle_id,)) == "cancelled"
    assert office.channel.posts() == []
    decisions = [tuple(r) for r in await db.fetch_all("SELECT decision, category FROM reviews ORDER BY id")]
    assert decisions == [("recategorised", "dikecualikan"), ("approved", None)]
    office.operator.send_command("/tugas")
    await office.deliver()
    assert office.operator.last_text().startswith("Tidak ada tugas yang menunggu Bapak/Ibu")


async def test_recategorise_to_setiap_saat_then_publish(office: Office) -> None:
    item_id, _ = await cycle_at_review(office)
    umar = office.utama
    await open_first_task(office, umar)
    umar.press_button("🏷️ Ubah kategori")
    await office.deliver()
    umar.press_button("Setiap saat")
    await office.deliver()
    assert umar.last_text().startswith("🏷️ Kategori diubah menjadi Setiap saat.")
    umar.press_button("✅ Setujui")
    await office.deliver()
    db = office.services.db
    assert await db.fetch_value("SELECT category FROM info_items WHERE id = ?", (item_id,)) == "setiap_saat"
    assert "Langkah 5 dari 7" in office.operator.last_text()


async def test_coordination_report_and_a_long_caption(office: Office) -> None:
    summary = "Laporan " + "realisasi anggaran dan kinerja program " * 12
    summary = summary[:500]
    _, cycle_id = await cycle_at_review(office, summary=summary)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    oki = office.operator
    oki.press_button("📋 Laporan koordinasi")
    await office.deliver()
    assert oki.last_text() == "Laporan koordinasi\nPutri: diminta 30 Nov 2026 09.00 WIB, belum diterima"
    oki.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    caption = office.channel.posts()[0]["caption"]
    assert len(caption) <= 1024
    assert caption.startswith(summary[:100])
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
