"""The SOP file is the workflow: another office's actors and extra steps need no code.

`tests/data/sop_other_actors.toml` is the shipped SOP with the admin doing step 2 (coordinate), the
operator doing step 4 (verify) and an extra `confirm` step 7 "Pemeriksaan oleh Sekretaris" by PPID
Utama before publishing (step 8). A whole cycle runs through it in the sandbox: who gets each
card, the old role refused where the file changed it, the step numbers and events in the database.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox import SimUser
from bot.sop import SopError, load_sop, parse_sop
from bot.workflow import Upload, WorkflowError
from tests.bot.cycle_helpers import Office, build_office, person
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF, make_docx
from tests.unit.test_sop_loader import shipped_text

OTHER_ACTORS = Path(__file__).parent.parent / "data" / "sop_other_actors.toml"
OPERATOR_ONLY = "Maaf, langkah ini hanya untuk Petugas Informasi / Operator PPID."
ADMIN_ONLY = "Maaf, langkah ini hanya untuk Bidang Pengelolaan dan Layanan Informasi Publik."
UTAMA_ONLY = "Maaf, langkah ini hanya untuk PPID Utama."


@pytest.fixture
async def other_office(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The staffed office of `tests.bot.cycle_helpers`, running the other office's SOP file."""
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    try:
        yield office
    finally:
        await office.app.shutdown()


async def press_as(office: Office, someone: SimUser, data: str) -> None:
    """`someone` presses a button carrying `data` (as a forwarded or old card would), on a message
    of their own chat: the bot decides from the database, never from whose card it was."""
    someone.send_command("/start")
    await office.deliver()
    await office.press_on_last(someone, data)


async def events(office: Office, cycle_id: int) -> list[tuple[int, str, int | None]]:
    rows = await office.services.db.fetch_all(
        "SELECT step_no, action, actor_id FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle_id,)
    )
    return [(row[0], row[1], row[2]) for row in rows]


async def test_a_whole_cycle_runs_through_another_office_sop(other_office: Office) -> None:
    office = other_office
    admin, operator, putri, umar, uli = office.admin, office.operator, office.pelaksana, office.utama, office.utama2
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")

    # Step 1: the admin opens the cycle; step 2 is the admin's own now, the operator is told nothing.
    admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(admin, f"cyc:open:{item_id}")
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
    card = admin.last_text()
    assert card.startswith("📌 Tugas baru untuk Anda:")
    assert "Langkah 2 dari 8: Mengkoordinasikan pengumpulan informasi publik" in card
    assert operator.messages() == []

    # Step 2: the operator (the shipped SOP's actor) is refused; the admin sends the letter.
    await press_as(office, operator, f"co:gen:{cycle_id}")
    assert operator.last_callback_answer()["text"] == ADMIN_ONLY
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ?", cycle_id) == 0
    admin.press_button("📝 Buat surat dari templat")
    await office.deliver()
    admin.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert admin.texts()[-1].startswith("✅ Surat koordinasi terkirim kepada Putri.")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    assert "Langkah 3 dari 8" in putri.last_text()

    # Step 3: Putri sends a draft; the card of step 4 goes to the operator, not to PPID Utama.
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(MINIMAL_PDF, "laporan_keuangan.pdf")
    await office.deliver()
    umar_before, uli_before = len(umar.messages()), len(uli.messages())
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert operator.last_text().startswith("🔎 Mohon verifikasi draf versi 1")
    assert "Langkah 4 dari 8" in operator.last_text()
    assert (len(umar.messages()), len(uli.messages())) == (umar_before, uli_before)

    # Step 4: PPID Utama (the shipped SOP's verifier) is refused; the operator approves.
    await press_as(office, umar, f"rv:ok:{cycle_id}:1")
    assert umar.last_callback_answer()["text"] == OPERATOR_ONLY
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", cycle_id) == 0
    operator.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == operator.id
    assert "Langkah 5 dari 8" in operator.last_text()

    # Steps 5 and 6: coordinated by the operator; the next step is the office's own step 7.
    operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    told = operator.texts()[-1]
    assert "Pembaruan data berikutnya (langkah 6): 30 Mei 2027 16.00 WIB." in told
    assert told.endswith("Lanjutkan ke langkah 7: konfirmasi.")
    for secretary in (umar, uli):
        assert "Langkah 7 dari 8: Pemeriksaan oleh Sekretaris" in secretary.last_text()
        assert "Kelengkapan: Dokumen informasi publik yang telah diverifikasi" in secretary.last_text()
        assert [button["text"] for button in secretary.buttons()] == ["✅ Selesai", "📝 Selesai, dengan catatan"]

    # Step 7 (confirm): the operator may not confirm it; Umar does, with a note.
    await press_as(office, operator, f"sd:ok:{cycle_id}:7")
    assert operator.last_callback_answer()["text"] == UTAMA_ONLY
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 7
    umar.press_button("📝 Selesai, dengan catatan")
    await office.deliver()
    assert umar.last_text().startswith('Ketik catatan untuk langkah 7 ("Laporan Keuangan Semester II 2026")')
    umar.send_text("Sudah diperiksa Sekretaris, lengkap")
    await office.deliver()
    assert umar.last_text() == (
        '✅ Langkah 7 dicatat selesai untuk "Laporan Keuangan Semester II 2026". Tugas diteruskan ke langkah berikutnya.'
    )
    uli.press(uli.messages()[-1], f"sd:ok:{cycle_id}:7")  # her card of the same step, now done
    await office.deliver()
    assert uli.last_callback_answer()["text"].startswith("Langkah 7 sudah tidak berlaku untuk siklus ini")
    confirmed = await office.services.db.fetch_all(
        "SELECT actor_id, note, kelengkapan FROM step_events WHERE cycle_id = ? AND action = 'step_confirmed'", (cycle_id,)
    )
    assert [tuple(row) for row in confirmed] == [
        (umar.id, "Sudah diperiksa Sekretaris, lengkap", "Dokumen informasi publik yang telah diverifikasi")
    ]
    audit = await office.services.db.fetch_all(
        "SELECT actor_id, details FROM audit_log WHERE action = 'step.confirm' AND entity_id = ?", (str(cycle_id),)
    )
    assert [(row[0], json.loads(row[1])) for row in audit] == [
        (umar.id, {"step": 7, "note": "Sudah diperiksa Sekretaris, lengkap"})
    ]

    # Step 8: the operator publishes; the post is in the channel and the cycle is closed at step 8.
    assert "Langkah 8 dari 8" in operator.last_text()
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert operator.last_text() == "📢 Dipublikasikan di kanal publik. Jatuh tempo berikutnya: 30 Mei 2027 16.00 WIB."
    posts = office.channel.posts()
    assert len(posts) == 1 and posts[0]["document"]["file_name"] == "laporan_keuangan.pdf"
    assert await office.db_value("SELECT state || ':' || current_step FROM update_cycles WHERE id = ?", cycle_id) == "published:8"
    assert await events(office, cycle_id) == [
        (1, "cycle_opened", ADMIN_ID),
        (2, "coordination_sent", ADMIN_ID),
        (3, "draft_submitted", putri.id),
        (4, "draft_approved", operator.id),
        (5, "publication_coordinated", operator.id),
        (6, "data_refresh_scheduled", None),
        (7, "step_confirmed", umar.id),
        (8, "published", operator.id),
    ]
