"""One flow at a time per person: entering a flow ends the abandoned one, so typed text goes where
the person is now; /batal leaves cleanly; a command still works in the middle of a flow.
"""

from __future__ import annotations

from tests.bot.cycle_helpers import OPERATOR_ID, Office


async def test_entering_a_flow_ends_the_abandoned_one(office: Office) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=OPERATOR_ID, role="admin")
    item_id = await office.add_item("Rencana Strategis 2027")
    oki = office.operator
    oki.send_command("/start")
    await office.deliver()
    await office.press_on_last(oki, f"cyc:open:{item_id}")
    # Oki starts uploading his own letter, then leaves it for adding a unit.
    oki.press_button("📎 Unggah surat sendiri")
    await office.deliver()
    assert oki.last_text().startswith("Kirim berkas surat koordinasi")
    oki.send_command("/unit")
    await office.deliver()
    oki.press_button("➕ Tambah unit")
    await office.deliver()
    oki.press_button("OPD")
    await office.deliver()
    oki.send_text("Dinas Perhubungan")
    await office.deliver()
    assert oki.last_text().startswith("✅ Unit Dinas Perhubungan (OPD) ditambahkan.")
    # The abandoned letter upload no longer catches anything: a file now gets the general answer
    # (Oki prepares no draft, so nothing takes it).
    oki.send_document(b"%PDF-1.4 surat", "surat.pdf")
    await office.deliver()
    assert oki.last_text().startswith("Berkas ini tidak disimpan: saat ini tidak ada draf yang sedang Bapak/Ibu siapkan")
    assert await services.db.fetch_value("SELECT COUNT(*) FROM documents") == 0
    await office.app.update_persistence()
    assert await services.db.fetch_value("SELECT COUNT(*) FROM conversation_state WHERE name = 'letter_upload'") == 0
    assert await services.db.fetch_value("SELECT COUNT(*) FROM conversation_state WHERE name = 'unit'") == 0


async def test_commands_work_in_the_middle_and_batal_leaves(office: Office) -> None:
    item_id = await office.add_item("Rencana Strategis 2027")
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    oki = office.operator
    oki.press_button("📎 Unggah surat sendiri")
    await office.deliver()
    oki.send_command("/sop")
    await office.deliver()
    assert oki.texts()[-2].startswith("SOP PENGUMUMAN INFORMASI PUBLIK")
    oki.send_text("suratnya menyusul")
    await office.deliver()
    assert oki.last_text().startswith("Kirim berkas surat koordinasi (PDF, DOCX, DOC, ODT, JPG, PNG, atau foto HEIC dari iPhone).")
    oki.send_command("/batal")
    await office.deliver()
    assert oki.last_text() == "Dibatalkan. Tidak ada yang berubah. Ketik /tugas untuk melihat tugas Bapak/Ibu."
    oki.send_command("/batal")
    await office.deliver()
    assert oki.last_text() == "Tidak ada langkah yang sedang berjalan."
    assert await office.db_value("SELECT current_step FROM update_cycles") == 2


def test_the_one_private_part_of_ptb_we_rely_on_is_still_there() -> None:
    """`handlers/conversation.py` ends a person's other conversations through PTB's per-handler
    state dict (PTB has no public way to do it): this fails first if a PTB release changes it."""
    from telegram.ext import CommandHandler, ConversationHandler

    async def noop(update: object, context: object) -> None:
        return None

    handler: ConversationHandler[object] = ConversationHandler(
        entry_points=[CommandHandler("x", noop)], states={}, fallbacks=[]
    )
    conversations = handler._conversations  # noqa: SLF001 - the point of the test
    conversations[(1, 1)] = "state"
    assert (1, 1) in conversations
    del conversations[(1, 1)]
    assert (1, 1) not in conversations
