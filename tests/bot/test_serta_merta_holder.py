"""Who holds a returned `/sertamerta` announcement, and a PPID Utama who only sent a draft.

A fast-path cycle returned by PPID Utama waits at the draft step for its author, who alone holds
it (`bot.workflow.step_holders`, the one rule): the reminders, /tugas and the gate follow it; the
unit's PPID Pelaksana, who never saw it, neither are reminded nor may add files to it. And a PPID
Utama who sent a draft but may not verify it has no review in /tugas.
"""

from __future__ import annotations

from datetime import timedelta

from bot.cycle_admin import hand_over
from bot.sandbox import SimUser
from bot.staff import find_person
from handlers.serta_merta_buttons import SmFix
from handlers.reminders import run_sweep
from handlers.step_keyboards import DraftUpload
from tests.bot.cycle_helpers import Office
from tests.bot.test_serta_merta_fast import TITLE, Taps, fill_form, say
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF

REASON = "Tempat evakuasi sudah penuh, sebutkan yang lain"


def digests(someone: SimUser) -> list[str]:
    return [text for text in someone.texts() if text.startswith("🔔 Pengingat")]


async def returned(office: Office) -> int:
    """Oki's /sertamerta, returned by Umar: the cycle waits at step 3 for Oki's correction."""
    await fill_form(office, Taps(office), office.operator)
    office.utama.press_button("↩️ Kembalikan")
    await office.deliver()
    await say(office, office.utama, REASON)
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE state = 'open'")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    return cycle_id


async def task_buttons(office: Office, someone: SimUser) -> list[str]:
    someone.send_command("/tugas")
    await office.deliver()
    return [button["text"] for button in someone.buttons()]


async def test_reminders_of_a_returned_announcement_go_to_its_author_not_to_the_unit(office: Office) -> None:
    oki, putri, umar = office.operator, office.pelaksana, office.utama
    await returned(office)
    for hours in (1, 2, 30):  # hourly, day and night; past its deadline the escalation too
        office.clock.set(office.clock.now() + timedelta(hours=hours))
        await run_sweep(office.app)
    assert digests(putri) == []
    assert len(digests(oki)) == 3 and f"Langkah 3: {TITLE}" in digests(oki)[-1]
    escalation = next(text for text in reversed(digests(umar)) if "🚨" in text)
    assert "Oki" in escalation and "Putri" not in escalation  # the holder the escalation names
    recipients = {
        row[0] for row in await office.services.db.fetch_all(
            "SELECT recipient_id FROM reminders WHERE step_no = 3 AND kind = 'hourly'", ()
        )
    }
    assert recipients == {oki.id}


async def test_the_author_has_it_in_tugas_and_fixes_it_through_to_the_post(office: Office) -> None:
    oki, putri, umar = office.operator, office.pelaksana, office.utama
    cycle_id = await returned(office)
    assert f"✏️ Perbaiki pengumuman: #1 {TITLE}" in await task_buttons(office, oki)
    assert not any(TITLE in label for label in await task_buttons(office, putri))
    oki.press_button(f"✏️ Perbaiki pengumuman: #1 {TITLE}")
    await office.deliver()
    oki.press_button("✏️ Ubah unsur")
    await office.deliver()
    oki.press_button("3/8. Prosedur dan tempat evakuasi?")
    await office.deliver()
    await say(office, oki, "Mengungsi ke GOR Pangsuma")
    oki.press_button("✅ Kirim ke PPID Utama")
    await office.deliver()
    assert oki.last_text() == "📤 Pengumuman versi 2 (teks saja, tanpa lampiran) terkirim lagi ke PPID Utama untuk diverifikasi."
    umar.press_button("✅ Setujui")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    assert "Mengungsi ke GOR Pangsuma" in office.channel.posts()[0]["text"]
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"


async def test_a_pelaksana_stale_upload_button_and_stray_file_change_nothing(office: Office) -> None:
    putri = office.pelaksana
    cycle_id = await returned(office)
    assert await task_buttons(office, putri) == []  # a message to press the old button on
    await office.press_on_last(putri, DraftUpload(cycle_id).pack())
    assert putri.last_callback_answer()["text"].startswith(
        "Pengumuman serta merta ini dikembalikan kepada pembuatnya, yang memperbaikinya sendiri"
    )
    putri.send_document(MINIMAL_PDF, "draf.pdf")
    await office.deliver()
    assert (putri.last_text() or "").startswith("Berkas ini tidak disimpan")
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND version = 2", cycle_id) == 0
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.upload'") == 0
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3


async def test_a_ppid_utama_who_sent_it_has_no_review_in_tugas_while_another_can_verify(office: Office) -> None:
    umar, uli = office.utama, office.utama2
    await fill_form(office, Taps(office), umar)
    assert not any(TITLE in label for label in await task_buttons(office, umar))
    assert any(TITLE in label for label in await task_buttons(office, uli))


async def test_handed_by_an_admin_to_a_pelaksana_it_is_theirs_not_the_authors(office: Office) -> None:
    """An admin's hand-over outranks the author (the one rule): the PPID Pelaksana holds it, and
    the author's "✏️ Perbaiki pengumuman" answers that it was handed on."""
    oki, putri = office.operator, office.pelaksana
    cycle_id = await returned(office)
    admin = await find_person(office.services, ADMIN_ID)
    assert admin is not None
    await hand_over(office.services, admin, cycle_id, 3, putri.id)
    assert any(TITLE in label for label in await task_buttons(office, putri))
    assert not any(TITLE in label for label in await task_buttons(office, oki))
    await office.press_on_last(oki, SmFix(cycle_id).pack())
    assert oki.last_callback_answer()["text"].startswith("Langkah ini sudah diserahkan admin kepada petugas lain")
    assert await office.db_value("SELECT COUNT(*) FROM step_events WHERE cycle_id = ? AND action = 'draft_submitted'", cycle_id) == 1
