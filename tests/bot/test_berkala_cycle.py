"""A whole berkala cycle through the 7 steps, with one return and resubmission, end to end.

Each step asserts what the person sees in chat and what the database holds afterwards.
"""

from __future__ import annotations

from tests.bot.cycle_helpers import Office
from tests.samples import EXE, MINIMAL_PDF, docx_text, make_docx


async def test_full_berkala_cycle_with_a_return_round(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    admin, operator, putri, umar, uli = office.admin, office.operator, office.pelaksana, office.utama, office.utama2

    # Step 1: the admin opens the cycle from the item's card.
    admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(admin, f"cyc:open:{item_id}")
    assert admin.last_text().startswith('Siklus pembaruan dibuka untuk "Laporan Keuangan Semester II 2026".')
    card = operator.last_text()
    assert card.startswith(
        "📌 Tugas baru untuk Bapak/Ibu:\n\nKirim surat koordinasi Laporan Keuangan Semester II 2026 kepada PPID Pelaksana"
        " Dinas Sosial paling lambat Selasa, 1 Des 2026 pukul 16.00 WIB.\n\n"
    )
    assert "Langkah 2 dari 7: Mengkoordinasikan pengumpulan informasi publik yang berkala dan serta merta" in card
    assert "Kelengkapan: Surat Koordinasi" in card
    assert "Output: Dokumen laporan koordinasi" in card
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 2

    # Step 2: the operator generates the coordination letter; Putri gets it and acknowledges.
    operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert operator.texts()[-1].startswith("✅ Surat koordinasi terkirim kepada Putri.")
    letter = [message for message in putri.messages() if "document" in message][-1]
    assert letter["document"]["file_name"] == f"surat_koordinasi_{cycle_id}.docx"  # no PDF: SOFFICE_PATH=off
    letter_text = docx_text(office.fake.file_bytes(letter["document"]["file_id"]))
    assert "Informasi\t: Laporan Keuangan Semester II 2026" in letter_text and "Nomor\t: 001/PPID/2026" in letter_text
    assert "Mohon tekan Terima" in letter["caption"]
    step3_card = putri.last_text()
    assert step3_card.startswith(
        "📌 Tugas baru untuk Bapak/Ibu:\n\nUnggah draf Laporan Keuangan Semester II 2026 paling lambat Kamis, 3 Des 2026"
        " pukul 16.00 WIB.\nVersi draf 1 belum berisi berkas.\n\nLangkah 3 dari 7"
    )
    putri.press_button("✅ Terima", letter)
    await office.deliver()
    assert putri.last_text().startswith("Terima kasih, surat koordinasi sudah diterima (30 Nov 2026 09.00 WIB)")
    assert await office.db_value(
        "SELECT acknowledged_at FROM coordination WHERE cycle_id = ? AND asked_user_id = ?", cycle_id, putri.id
    ) == "2026-11-30T02:00:00Z"

    # Step 3: Putri uploads; bad files are refused with a reason, nothing recorded for them.
    putri.press_button("📎 Unggah draf", step3_card_message := putri.messages()[-2])
    await office.deliver()
    assert putri.last_text().startswith("Kirim berkas draf satu per satu")
    putri.send_text("ini drafnya")
    await office.deliver()
    assert putri.last_text().startswith("Kirim berkas draf satu per satu")
    putri.send_document(EXE, "laporan.pdf")
    await office.deliver()
    assert putri.last_text().startswith("Maaf, berkas laporan.pdf bukan PDF yang sah, jadi tidak dapat diterima: isinya program komputer")
    putri.send_document(MINIMAL_PDF, "laporan_keuangan.pdf")
    await office.deliver()
    assert putri.last_text().startswith("✅ Diterima: laporan_keuangan.pdf (PDF,")
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    putri.send_document(MINIMAL_PDF, "salinan.pdf")
    await office.deliver()
    assert putri.last_text().startswith("Berkas yang sama sudah Bapak/Ibu kirim untuk draf ini.")
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 1
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 1 (1 berkas) terkirim ke PPID Utama")

    # Step 4: both verifiers get the file and the card; Umar returns it with a reason.
    for verifier in (umar, uli):
        assert verifier.documents()[-1]["file_name"] == "laporan_keuangan.pdf"
        assert verifier.last_text().startswith(
            "Verifikasi draf Laporan Keuangan Semester II 2026 (versi 1, dari Putri) paling lambat Rabu, 2 Des 2026"
            " pukul 16.00 WIB.\n\n"
        )
        assert "Langkah 4 dari 7" in verifier.last_text()
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    assert umar.last_text().startswith("Ketik alasan pengembalian draf (wajib).")
    umar.send_text("ok")
    await office.deliver()
    assert umar.last_text().startswith("Alasan pengembalian wajib diisi (minimal 5 huruf).")
    umar.send_text("Lampiran tabel anggaran belum ada")
    await office.deliver()
    assert umar.last_text() == "↩️ Draf versi 1 dikembalikan kepada PPID Pelaksana dengan alasan: Lampiran tabel anggaran belum ada"
    assert "Alasan: Lampiran tabel anggaran belum ada" in putri.last_text()
    uli_card = uli.messages()[-1]
    assert uli.buttons(uli_card) == []  # the return took the decided buttons off every card
    uli.press(uli_card, f"rv:ok:{cycle_id}:1")  # an old client still sends them
    await office.deliver()
    assert uli.last_callback_answer()["text"] == "Draf ini sudah diputuskan oleh Umar."
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3

    # Step 3 again: version 2 with a corrected DOCX; the returned reason is on the card.
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(make_docx(), "laporan_keuangan_revisi.docx")
    await office.deliver()
    assert "Versi 2 kini berisi 1 berkas." in putri.last_text()
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.last_text().startswith("📤 Draf versi 2 (1 berkas) terkirim")

    # Step 4 again: Uli approves version 2; Umar's later press is told who decided.
    uli.press_button("✅ Setujui")
    await office.deliver()
    assert uli.last_text().startswith("✅ Draf versi 2 disetujui.")
    umar_card = umar.messages()[-1]
    assert umar.buttons(umar_card) == []  # the approval took the buttons off his card too
    umar.press(umar_card, f"rv:ok:{cycle_id}:2")  # an old client still sends them
    await office.deliver()
    assert umar.last_callback_answer()["text"] == "Draf ini sudah diputuskan oleh Uli."

    # Steps 5 to 7: the operator coordinates, then publishes to the channel.
    assert "Langkah 5 dari 7" in operator.last_text()
    operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    assert "Pembaruan data berikutnya (langkah 6): 30 Mei 2027 16.00 WIB." in operator.texts()[-2]
    assert "Langkah 7 dari 7" in operator.last_text()
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert operator.last_text() == "📢 Dipublikasikan di kanal publik. Jatuh tempo berikutnya: 30 Mei 2027 16.00 WIB."
    posts = office.channel.posts()
    assert len(posts) == 1
    assert posts[0]["document"]["file_name"] == "laporan_keuangan_revisi.docx"
    caption = posts[0]["caption"]
    assert caption.startswith("Laporan Keuangan Semester II 2026\nKategori: Berkala\nUnit: Dinas Sosial\nTanggal: 30 Nov 2026")
    assert len(caption) <= 1024

    # The database holds the whole story.
    db = office.services.db
    cycle = await db.fetch_one("SELECT * FROM update_cycles WHERE id = ?", (cycle_id,))
    assert cycle["state"] == "published" and cycle["closed_at"] == "2026-11-30T02:00:00Z"
    item = await db.fetch_one("SELECT * FROM info_items WHERE id = ?", (item_id,))
    assert item["last_published_at"] == "2026-11-30T02:00:00Z"
    assert item["next_due_at"] == "2027-05-30T09:00:00Z"
    publication = await db.fetch_one("SELECT * FROM publications WHERE cycle_id = ?", (cycle_id,))
    assert publication["channel_message_id"] == posts[0]["message_id"] and publication["published_by"] == operator.id
    reviews = await db.fetch_all("SELECT decision, reviewer_id, draft_version FROM reviews WHERE cycle_id = ? ORDER BY id", (cycle_id,))
    assert [tuple(r) for r in reviews] == [("returned", umar.id, 1), ("approved", uli.id, 2)]
    events = await db.fetch_all("SELECT step_no, action FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle_id,))
    assert [tuple(e) for e in events] == [
        (1, "cycle_opened"),
        (2, "coordination_sent"),
        (2, "coordination_acknowledged"),
        (3, "draft_submitted"),
        (4, "draft_returned"),
        (3, "draft_submitted"),
        (4, "draft_approved"),
        (5, "publication_coordinated"),
        (6, "data_refresh_scheduled"),
        (7, "published"),
    ]
    actions = [row["action"] for row in await db.fetch_all("SELECT action FROM audit_log ORDER BY id")]
    assert actions == [
        "role.grant",
        "cycle.open",
        "letter_number.take",  # the preview takes the letter's number (bot/letters.py)
        "coordination.send",
        "coordination.acknowledge",
        "draft.upload",
        "draft.submit",
        "review.return",
        "draft.upload",
        "draft.submit",
        "review.approve",
        "publication.coordinate",
        "publication.publish",
    ]
    assert (await office.services.audit.verify(db)).ok
    for document in await office.services.documents.of_cycle(cycle_id):
        assert await office.services.files.verify(document.sha256)

    # The history reads like the filled-in SOP table.
    admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    history = "\n".join(admin.texts()[-2:])
    assert "Siklus #1 (Berkala), dibuka 30 Nov 2026 09.00 WIB: dipublikasikan" in history
    assert "Langkah 4 dari 7" in history and "Catatan: Lampiran tabel anggaran belum ada" in history
    assert "Pelaksana: Putri (PPID Pelaksana)" in history
    assert "✅ tepat waktu" in history
    assert step3_card_message is not None
