"""Concurrency: people act at the same moment, alone or against each other, while the reminder
sweep runs. Exactly one outcome each, recorded once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from bot.sandbox import deliver_at_once
from handlers.reminders import run_sweep
from tests.bot.cycle_helpers import ADMIN_ID, Office, person, waiting_for_draft
from tests.samples import MINIMAL_PDF, MINIMAL_PNG, make_xlsx

WIB = timezone(timedelta(hours=7))


async def test_one_person_sends_three_files_in_the_same_second(office: Office) -> None:
    cycle_id = await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_document(MINIMAL_PDF, "a.pdf")
    putri.send_document(make_xlsx(), "b.xlsx")
    putri.send_photo(MINIMAL_PNG)
    await deliver_at_once(office.app, office.fake)
    saved = [text for text in putri.texts() if text.startswith("✅ Diterima: ")]
    assert [text.split(" kini berisi ")[1] for text in saved] == ["1 berkas.", "2 berkas.", "3 berkas."]
    rows = await office.services.db.fetch_all(
        "SELECT original_name, version FROM documents WHERE cycle_id = ? AND kind = 'draft' ORDER BY id", (cycle_id,)
    )
    assert [tuple(row)[1] for row in rows] == [1, 1, 1] and len(rows) == 3
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.upload'") == 3


async def test_the_same_file_twice_at_once_is_stored_once(office: Office) -> None:
    cycle_id = await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_document(MINIMAL_PDF, "laporan.pdf")
    putri.send_document(MINIMAL_PDF, "laporan (1).pdf")
    await deliver_at_once(office.app, office.fake)
    texts = putri.texts()[-2:]
    assert texts[0].startswith("✅ Diterima: laporan.pdf")
    assert texts[1].startswith("Berkas yang sama sudah Bapak/Ibu kirim untuk draf ini.")
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 1


async def test_two_admins_open_the_same_cycle_at_once(office: Office) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=office.utama.id, role="admin")
    item_id = await office.add_item("Daftar Informasi Publik 2027")
    for admin in (office.admin, office.utama):
        admin.send_command("/start")
    await office.deliver()
    office.admin.press(office.admin.last_message(), f"cyc:open:{item_id}")
    office.utama.press(office.utama.last_message(), f"cyc:open:{item_id}")
    await deliver_at_once(office.app, office.fake)
    assert await office.db_value("SELECT COUNT(*) FROM update_cycles WHERE item_id = ?", item_id) == 1
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'cycle.open'") == 1
    answers = [someone.last_callback_answer() or {} for someone in (office.admin, office.utama)]
    refused = [answer for answer in answers if (answer.get("text") or "").startswith("Informasi ini sudah memiliki siklus")]
    assert len(refused) == 1
    assert len([t for t in office.operator.texts() if t.startswith("📌 Tugas baru")]) == 1


async def test_the_sweep_runs_while_people_act_and_two_sweeps_never_double(office: Office) -> None:
    for summary in ("Rencana Strategis", "Laporan Tahunan", "Data Bansos"):
        item_id = await office.add_item(summary)
        await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    office.clock.set(datetime(2026, 12, 3, 8, 30, tzinfo=WIB))  # two working days late: reminders and escalation
    office.operator.send_command("/tugas")
    await office.deliver()
    first = office.operator.buttons()[0]["callback_data"]
    office.operator.press(office.operator.last_message(), first)
    office.operator.send_command("/jadwal")
    results = await asyncio.gather(run_sweep(office.app), run_sweep(office.app), deliver_at_once(office.app, office.fake))
    assert results[0] + results[1] == 4  # the operator, two PPID Utama, the admin: once each
    reminders = await office.services.db.fetch_all(
        "SELECT recipient_id, kind, cycle_id, COUNT(*) FROM reminders GROUP BY recipient_id, kind, cycle_id"
    )
    assert all(row[3] == 1 for row in reminders) and len(reminders) == 3 + 3 * 3
    digests = [t for t in office.operator.texts() if t.startswith("🔔 Pengingat")]
    assert len(digests) == 1 and digests[0].startswith("🔔 Pengingat (3):")
    assert office.operator.last_text() is not None
