"""Restarting the bot in the middle of a conversation loses nothing committed; people carry on."""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from tests.bot.cycle_helpers import build_office, crash, open_first_task, waiting_for_draft
from tests.samples import MINIMAL_PDF, make_docx, make_xlsx


async def start_upload(make_settings: Callable[..., Settings]):  # type: ignore[no-untyped-def]
    office = await build_office(make_settings())
    await waiting_for_draft(office, "Laporan Kinerja 2026")
    putri = office.pelaksana
    putri.send_document(MINIMAL_PDF, "bagian1.pdf")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    return office


async def test_graceful_restart_keeps_the_conversation(make_settings: Callable[..., Settings]) -> None:
    office = await start_upload(make_settings)
    await office.app.shutdown()  # a normal stop flushes the conversation state to SQLite
    office = await build_office(make_settings(), fake=office.fake, clock=office.clock)
    try:
        putri = office.pelaksana
        putri.send_document(make_docx(), "bagian2.docx")
        await office.deliver()
        assert "Versi 1 kini berisi 2 berkas." in putri.last_text()
        putri.press_button("✅ Selesai, kirim ke PPID Utama")
        await office.deliver()
        assert putri.last_text().startswith("📤 Draf versi 1 (2 berkas) terkirim ke PPID Utama")
        assert await office.db_value("SELECT current_step FROM update_cycles") == 4
    finally:
        await office.app.shutdown()


async def test_crash_in_the_middle_of_an_upload_loses_nothing_committed(make_settings: Callable[..., Settings]) -> None:
    office = await start_upload(make_settings)
    # A crash: the process dies without flushing anything; only what was committed survives.
    await crash(office)
    office = await build_office(make_settings(), fake=office.fake, clock=office.clock)
    try:
        putri = office.pelaksana
        # The upload's state was lost with the crash; the file still goes into her one open draft.
        putri.send_document(make_xlsx(), "bagian2.xlsx")
        await office.deliver()
        assert putri.texts()[-2].startswith("📎 Berkas ini dimasukkan ke draf")
        assert "Versi 1 kini berisi 2 berkas." in putri.last_text()
        card = await open_first_task(office, putri)
        assert card.startswith("Unggah draf Laporan Kinerja 2026 paling lambat Kamis, 3 Des 2026 pukul 16.00 WIB.")
        assert "\nVersi draf 1 kini berisi 2 berkas.\n\nLangkah 3 dari 7" in card  # the file kept over the crash
        names = [row[0] for row in await office.services.db.fetch_all("SELECT original_name FROM documents WHERE kind = 'draft' ORDER BY id")]
        assert names == ["bagian1.pdf", "bagian2.xlsx"]
    finally:
        await office.app.shutdown()
