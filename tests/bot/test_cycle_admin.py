"""No dead ends (issue 15, point 4): an admin cancels an open cycle with a reason, or hands its step
to a colleague with the same role; a person removed from a role mid-cycle is replaced by the
others holding it, and the admins are told when nobody is left. Through the chat, asserting what
people see and what the database holds."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.cycle_admin import cancel_cycle
from bot.workflow import Upload, WorkflowError
from handlers.reminders import run_sweep
from storage.reminders import ReminderKey
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    UTAMA2_ID,
    UTAMA_ID,
    Office,
    approve_and_publish,
    cycle_at_review,
    open_first_task,
    person,
)
from tests.samples import MINIMAL_PDF

REASON = "Dokumen sumber ditarik oleh Bappeda untuk direvisi"


async def admin_card(office: Office, item_id: int) -> None:
    """The admin opens the item's card in /informasi (its "dip:v" button)."""
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"dip:v:{item_id}")


def popup(someone) -> str:  # type: ignore[no-untyped-def]
    answer = someone.last_callback_answer()
    return (answer or {}).get("text") or ""


async def audit_entries(office: Office, action: str) -> list[dict]:
    rows = await office.services.db.fetch_all(
        "SELECT actor_id, entity_id, details FROM audit_log WHERE action = ? ORDER BY id", (action,)
    )
    return [{"actor": row[0], "cycle": int(row[1]), **json.loads(row[2])} for row in rows]


async def events(office: Office, cycle_id: int, action: str) -> list[tuple]:
    rows = await office.services.db.fetch_all(
        "SELECT step_no, actor_id, note FROM step_events WHERE cycle_id = ? AND action = ? ORDER BY id", (cycle_id, action)
    )
    return [tuple(row) for row in rows]


# -- cancel ----------------------------------------------------------------------------------------


async def test_an_admin_cancels_an_open_cycle_with_a_reason(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    async with office.services.db.transaction() as conn:
        await office.services.items.update(conn, item_id, next_due_at=office.clock.now() + timedelta(days=10))
    umar, uli, putri, admin = office.utama, office.utama2, office.pelaksana, office.admin
    await open_first_task(office, umar)  # Umar has the review card with its buttons
    review_card = umar.last_message()
    await admin_card(office, item_id)
    card = admin.last_message()
    assert [b["text"] for b in admin.buttons()][-2:] == ["🛑 Batalkan siklus", "👤 Serahkan langkah"]

    admin.press_button("🛑 Batalkan siklus")
    await office.deliver()
    assert admin.last_text().startswith(f"Membatalkan siklus #{cycle_id} \"Daftar Aset Daerah 2026\" (sekarang di langkah 4)")
    admin.send_text("tdk")  # too short: asked again, nothing changed
    await office.deliver()
    assert admin.last_text() == "Alasan pembatalan wajib diisi (minimal 5 huruf). Silakan ketik alasannya."
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"
    admin.send_text(REASON)
    await office.deliver()

    assert admin.texts()[-2].startswith(f"🛑 Siklus #{cycle_id} \"Daftar Aset Daerah 2026\" dibatalkan. Alasan: {REASON}")
    assert admin.last_text() == (  # the sweep would open it again
        "ℹ️ Informasi berkala ini tetap jatuh tempo 10 Des 2026 09.00 WIB; siklus baru dibuka otomatis menjelang"
        " tanggal itu. Bila tidak perlu, jeda pengingatnya di /jadwal atau ubah informasinya di /informasi."
    )
    for utama in (umar, uli):  # both held step 4
        assert utama.last_text() == (
            "🛑 Siklus \"Daftar Aset Daerah 2026\" dibatalkan oleh admin Rina; langkah 4 tidak perlu Bapak/Ibu"
            f" kerjakan lagi.\nAlasan: {REASON}"
        )
    assert not any("dibatalkan oleh admin" in text for text in putri.texts())  # step 3 was not hers any more
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "cancelled"
    assert await office.db_value("SELECT closed_at IS NOT NULL FROM update_cycles WHERE id = ?", cycle_id) == 1
    assert await events(office, cycle_id, "cycle_cancelled_by_admin") == [(4, ADMIN_ID, REASON)]
    assert await audit_entries(office, "cycle.cancel") == [
        {"actor": ADMIN_ID, "cycle": cycle_id, "item_id": item_id, "step": 4, "reason": REASON}
    ]

    admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    history = admin.last_text() or ""
    assert "ditutup tanpa publikasi" in history
    assert (
        "siklus dibatalkan oleh admin\nPelaksana: Rina (Admin PPID)" in history
    )
    assert f"Catatan: {REASON}" in history

    # Umar's old review card only refuses now; nothing is written.
    umar.press(review_card, f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", cycle_id) == 0

    # A second cancel (the old card's button) is refused: the cycle has ended.
    admin.press(card, f"cad:cancel:{cycle_id}")
    await office.deliver()
    assert popup(admin) == "Siklus ini sudah selesai (dipublikasikan atau dibatalkan); tidak ada yang diubah."
    assert len(await audit_entries(office, "cycle.cancel")) == 1
    # The item's card offers no way out of a cycle that is no longer open.
    await admin_card(office, item_id)
    assert "🛑 Batalkan siklus" not in [b["text"] for b in admin.buttons()]


async def test_a_non_admin_cannot_cancel_and_a_published_cycle_cannot_be_cancelled(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    operator = office.operator
    operator.send_command("/tugas")
    await office.deliver()
    operator.press(operator.last_message(), f"cad:cancel:{cycle_id}")
    await office.deliver()
    assert popup(operator) == "Maaf, hanya admin yang dapat membatalkan siklus atau menyerahkan langkah."
    operator.send_text(REASON)  # no conversation was started: the text is not a reason
    await office.deliver()
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"
    with pytest.raises(WorkflowError) as refused:
        await cancel_cycle(office.services, await person(office, OPERATOR_ID), cycle_id, REASON)
    assert refused.value.key == "cycle_admin_not_admin"

    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    with pytest.raises(WorkflowError) as refused:
        await cancel_cycle(office.services, await person(office, ADMIN_ID), cycle_id, REASON)
    assert refused.value.key == "cycle_not_open"
    assert await audit_entries(office, "cycle.cancel") == []


# -- hand over -------------------------------------------------------------------------------------


async def test_an_admin_hands_a_step_to_a_colleague(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    umar, uli, admin = office.utama, office.utama2, office.admin
    await open_first_task(office, umar)
    umar_card = umar.last_message()
    await admin_card(office, item_id)
    admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    assert admin.last_text() == (
        "Serahkan langkah 4 (PPID Utama) siklus \"Daftar Aset Daerah 2026\" kepada siapa?"
        " Sekarang dipegang oleh: Umar, Uli."
    )
    assert [b["text"] for b in admin.buttons()] == ["Umar", "Uli"]
    admin.press_button("Uli")
    await office.deliver()

    assert admin.last_text().startswith("👤 Langkah 4 siklus \"Daftar Aset Daerah 2026\" diserahkan kepada Uli.")
    assert uli.last_text().startswith(
        "👤 Admin Rina menyerahkan langkah ini kepada Bapak/Ibu:\n\nVerifikasi draf Daftar Aset Daerah 2026 (versi 1, dari Putri)"
    )
    assert "\n\nLangkah 4 dari 7" in uli.last_text()
    assert "✅ Setujui" in [b["text"] for b in uli.buttons()]
    assert umar.last_text() == (
        "👤 Langkah 4 siklus \"Daftar Aset Daerah 2026\" diserahkan oleh admin Rina kepada Uli;"
        " Bapak/Ibu tidak perlu mengerjakannya lagi."
    )
    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) == UTAMA2_ID
    assert await events(office, cycle_id, "step_handed_over") == [(4, ADMIN_ID, "Uli")]
    assert await audit_entries(office, "cycle.hand_over") == [
        {"actor": ADMIN_ID, "cycle": cycle_id, "step": 4, "from": None, "to": UTAMA2_ID}
    ]

    # Umar no longer holds it: not in /tugas, his old card's button refused, nothing written.
    umar.send_command("/tugas")
    await office.deliver()
    assert umar.last_text() == "Tidak ada tugas yang menunggu Bapak/Ibu saat ini. 👍"
    umar.press(umar_card, f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert popup(umar).startswith("Langkah ini sudah diserahkan admin kepada petugas lain")
    umar.press(umar_card, f"tsk:{cycle_id}")
    await office.deliver()
    assert popup(umar).startswith("Langkah ini sudah diserahkan admin kepada petugas lain")
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", cycle_id) == 0
    # The list now offers only Umar (Uli holds it alone); the history keeps the hand-over.
    admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    assert [b["text"] for b in admin.buttons()] == ["Umar"]
    admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    assert "langkah diserahkan kepada" in admin.texts()[-1] and "Catatan: Uli" in admin.texts()[-1]

    # Reminders follow the hand-over: the step's deadline day reminds Uli, not Umar.
    deadline = await office.services.cycles.get(cycle_id)
    assert deadline is not None and deadline.step_deadline_at is not None
    office.clock.set(deadline.step_deadline_at - timedelta(hours=5))
    await run_sweep(office.app)
    recipients = {
        row[0] for row in await office.services.db.fetch_all(
            "SELECT recipient_id FROM reminders WHERE cycle_id = ? AND kind NOT LIKE '%escalation'", (cycle_id,)
        )
    }
    assert recipients == {UTAMA2_ID}

    # The step moves on: the hand-over ends with it.
    uli.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT current_step, assignee_id FROM update_cycles WHERE id = ?", cycle_id) == 5
    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) is None


async def test_a_step_is_not_handed_to_the_drafts_uploader_nor_after_it_moved_on(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    async with office.services.db.transaction() as conn:  # Putri is PPID Utama too now
        await office.services.users.grant_role(conn, telegram_id=PELAKSANA_ID, role="utama")
    await admin_card(office, item_id)
    office.admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    assert [b["text"] for b in office.admin.buttons()] == ["Umar", "Uli"]  # not Putri, who uploaded it
    listed = office.admin.last_message()
    office.admin.press(listed, f"cad:to:{cycle_id}:4:{PELAKSANA_ID}")  # forged
    await office.deliver()
    assert popup(office.admin).startswith("Putri mengunggah draf ini sendiri")
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    office.admin.press(listed, f"cad:to:{cycle_id}:4:{UTAMA2_ID}")  # step 4 is over
    await office.deliver()
    assert popup(office.admin).startswith("Langkah 4 sudah tidak berlaku")
    assert await audit_entries(office, "cycle.hand_over") == []


# -- a removed holder ------------------------------------------------------------------------------


async def test_a_revoked_assignee_is_replaced_by_the_others(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    await admin_card(office, item_id)
    office.admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    office.admin.press_button("Uli")
    await office.deliver()

    office.admin.send_command("/staf")
    await office.deliver()
    await office.press_on_last(office.admin, f"stf:revok:{UTAMA2_ID}:utama")

    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) is None
    assert await events(office, cycle_id, "assignment_dropped") == [(4, ADMIN_ID, "Uli")]
    revoked = await audit_entries(office, "role.revoke")
    assert revoked[-1]["assignments_dropped"] == [cycle_id]
    umar = office.utama
    assert umar.last_text().startswith("📌 Uli tidak lagi memegang langkah ini; kini Bapak/Ibu yang memegangnya:")
    assert "✅ Setujui" in [b["text"] for b in umar.buttons()]
    umar.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5
    assert not any(text.startswith("⚠️ Tidak ada lagi") for text in office.admin.texts())


async def test_nobody_left_holding_a_step_tells_the_admins(office: Office) -> None:
    item_id = await office.add_item("Laporan Kinerja 2026")
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    # Step 3 is Putri's alone (the only PPID Pelaksana of Dinas Sosial); she leaves the office.
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"stf:offok:{PELAKSANA_ID}")

    notice = next(text for text in office.admin.texts() if text.startswith("⚠️ Tidak ada lagi"))
    assert notice == (
        "⚠️ Tidak ada lagi yang memegang langkah 3 (PPID Pelaksana) siklus \"Laporan Kinerja 2026\": peran Putri"
        " dicabut dan tidak ada PPID Pelaksana lain. Beri perannya kepada petugas lain di /staf atau undang lewat"
        " /undang, lalu serahkan langkahnya; atau batalkan siklusnya."
    )
    with_notice = next(m for m in office.admin.messages() if (m.get("text") or "").startswith("⚠️ Tidak ada lagi"))
    assert [b["callback_data"] for b in office.admin.buttons(with_notice)] == [
        f"cad:cancel:{cycle_id}", f"cad:hand:{cycle_id}"
    ]
    assert await workflow.holders_of_step(3, await workflow.item(item_id)) == []
    assert not any(text.startswith("📌") for someone in (office.other_pelaksana, office.utama) for text in someone.texts())


async def test_a_reminder_claimed_before_a_hand_over_is_not_sent_to_the_old_holder(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    engine = office.services.reminders
    async with office.services.db.transaction() as conn:  # claimed for Umar, not yet sent (the bot stopped)
        await engine.repository.claim_many(
            conn, [ReminderKey(UTAMA_ID, "due", "leftover", cycle_id, None, 4)], at=office.clock.now()
        )
    await admin_card(office, item_id)
    office.admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    office.admin.press_button("Uli")
    await office.deliver()
    await run_sweep(office.app)
    assert not any(text.startswith("🔔 Pengingat") for text in office.utama.texts())
    assert await office.db_value("SELECT dropped FROM reminders WHERE recipient_id = ?", UTAMA_ID) == "obsolete"
