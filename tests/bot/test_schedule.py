"""/jadwal end to end on the sandbox: what each person sees, and pausing/resuming reminders.

The office's clock stands at Monday 30 Nov 2026 09:00 WIB; due dates are set straight in the
register (as the publication step would) and read back as people see them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from bot.sandbox import SimUser
from bot.schedule import set_reminders_paused, upcoming_items
from bot.workflow import WorkflowError
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    Office,
    open_first_task,
    person,
)

# 16.00 WIB is 09:00 UTC.
DUE_MAY = datetime(2027, 5, 30, 9, 0, tzinfo=timezone.utc)  # 30 Mei 2027 16.00 WIB
DUE_JAN = datetime(2027, 1, 15, 9, 0, tzinfo=timezone.utc)  # 15 Jan 2027 16.00 WIB
DUE_PAST = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)  # 27 Nov 2026 16.00 WIB (last Friday)


async def set_due(office: Office, item_id: int, due: datetime | None) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        await services.items.update(conn, item_id, next_due_at=due)


async def jadwal(office: Office, someone: SimUser) -> list[dict[str, Any]]:
    """Send /jadwal; returns the messages the bot answered with."""
    before = len(someone.messages())
    someone.send_command("/jadwal")
    await office.deliver()
    return someone.messages()[before:]


def callbacks(message: dict[str, Any]) -> list[str]:
    return [key["callback_data"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for key in row]


async def paused(office: Office, item_id: int) -> int:
    return int(await office.db_value("SELECT reminders_paused FROM info_items WHERE id = ?", item_id))


async def audit_actions(office: Office, item_id: int) -> list[str]:
    entries = await office.services.audit.entries(office.services.db, entity_type="item", entity_id=item_id)
    return [entry.action for entry in entries]


async def audit_count(office: Office) -> int:
    return int(await office.db_value("SELECT COUNT(*) FROM audit_log"))


async def test_admin_sees_items_in_due_order_and_open_cycles(office: Office) -> None:
    may = await office.add_item("Laporan Keuangan Tahunan")
    past = await office.add_item("Profil Dinas Sosial")
    jan = await office.add_item("Data Kesehatan Ibu dan Anak", unit_id=office.other_unit_id)
    unscheduled = await office.add_item("Rencana Strategis")
    urgent = await office.add_item("Banjir di Kecamatan Utara", category="serta_merta", period=None)
    inactive = await office.add_item("Daftar Aset Lama")
    await set_due(office, may, DUE_MAY)
    await set_due(office, past, DUE_PAST)
    await set_due(office, jan, DUE_JAN)
    await set_due(office, inactive, DUE_JAN)
    async with office.services.db.transaction() as conn:
        await office.services.items.set_status(conn, inactive, "inactive")
    transition = await office.services.workflow.open_cycle(await person(office, ADMIN_ID), urgent)
    before = await audit_count(office)

    items_message, cycles_message = await jadwal(office, office.admin)

    lines = items_message["text"].split("\n")
    assert lines[0] == "📅 Jatuh tempo informasi berkala (4)"
    assert lines[1] == "1. ⚠️ Profil Dinas Sosial (Dinas Sosial): 27 Nov 2026 16.00 WIB, lewat jatuh tempo"
    assert lines[2] == "2. Data Kesehatan Ibu dan Anak (Dinas Kesehatan): 15 Jan 2027 16.00 WIB"
    assert lines[3] == "3. Laporan Keuangan Tahunan (Dinas Sosial): 30 Mei 2027 16.00 WIB"
    assert lines[4] == "4. Rencana Strategis (Dinas Sosial): belum dijadwalkan"
    assert "⚠️" not in "\n".join(lines[2:5])
    assert "Daftar Aset Lama" not in items_message["text"]  # inactive
    assert "Banjir" not in items_message["text"]  # serta merta: no due date
    assert callbacks(items_message) == [f"jdw:p:{past}", f"jdw:p:{jan}", f"jdw:p:{may}", f"jdw:p:{unscheduled}"]
    assert cycles_message["text"].split("\n") == [
        "🔄 Siklus pembaruan yang berjalan (1)",
        "1. Banjir di Kecamatan Utara: Langkah 2 dari 7 (Operator PPID), batas "
        + office.services.calendar.format_local(transition.cycle.step_deadline_at, "id"),  # type: ignore[arg-type]
    ]
    # Nothing was written by looking.
    assert await audit_count(office) == before


async def test_admin_lists_are_cut_at_fifteen_lines(office: Office) -> None:
    ids = [await office.add_item(f"Informasi Berkala {number:02d}") for number in range(17)]
    for number, item_id in enumerate(ids):
        await set_due(office, item_id, datetime(2027, 1, 1 + number, 9, tzinfo=timezone.utc))
    (items_message,) = await jadwal(office, office.admin)
    lines = items_message["text"].split("\n")
    assert lines[0] == "📅 Jatuh tempo informasi berkala (17)"
    assert lines[15].startswith("15. Informasi Berkala 14 (Dinas Sosial): 15 Jan 2027")
    assert lines[16] == "…dan 2 lainnya."
    assert callbacks(items_message) == [f"jdw:p:{item_id}" for item_id in ids[:15]]
    items, total = await upcoming_items(office.services)
    assert [item.id for item in items] == ids[:15] and total == 17


async def test_nothing_to_show(office: Office) -> None:
    (answer,) = await jadwal(office, office.admin)
    assert answer["text"].startswith("Belum ada jadwal")
    (answer,) = await jadwal(office, office.utama)
    assert answer["text"] == "Tidak ada tenggat yang akan datang untuk Bapak/Ibu saat ini. 👍"


async def test_admin_pauses_and_resumes_reminders(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Tahunan")
    await set_due(office, item_id, DUE_MAY)
    admin = office.admin
    (items_message,) = await jadwal(office, admin)
    assert "⏸ dijeda" not in items_message["text"]

    admin.press(items_message, f"jdw:p:{item_id}", require_button=True)
    await office.deliver()
    assert admin.last_callback_answer()["text"].startswith('⏸ Pengingat untuk "Laporan Keuangan Tahunan" dijeda.')
    assert await paused(office, item_id) == 1
    assert await audit_actions(office, item_id) == ["item.reminders_pause"]
    # The list shows the new state, with a resume button instead.
    redrawn = admin.messages()[-1]
    assert redrawn["message_id"] == items_message["message_id"]
    assert redrawn["text"].split("\n")[1] == "1. Laporan Keuangan Tahunan (Dinas Sosial): 30 Mei 2027 16.00 WIB ⏸ dijeda"
    assert callbacks(redrawn) == [f"jdw:r:{item_id}"]

    # Pause again (an old keyboard): said so, nothing changes.
    admin.press(items_message, f"jdw:p:{item_id}")
    await office.deliver()
    assert admin.last_callback_answer()["text"].startswith('Pengingat untuk "Laporan Keuangan Tahunan" sudah dijeda')
    assert await paused(office, item_id) == 1
    assert await audit_actions(office, item_id) == ["item.reminders_pause"]

    admin.press(items_message, f"jdw:r:{item_id}", require_button=True)
    await office.deliver()
    assert admin.last_callback_answer()["text"] == '▶️ Pengingat untuk "Laporan Keuangan Tahunan" aktif kembali.'
    assert await paused(office, item_id) == 0
    assert await audit_actions(office, item_id) == ["item.reminders_pause", "item.reminders_resume"]
    assert callbacks(admin.messages()[-1]) == [f"jdw:p:{item_id}"]
    assert "⏸ dijeda" not in admin.messages()[-1]["text"]

    entries = await office.services.audit.entries(office.services.db, entity_type="item", entity_id=item_id)
    assert [(e.actor_id, e.entity_type, e.details) for e in entries] == [
        (ADMIN_ID, "item", {"old": False, "new": True}),
        (ADMIN_ID, "item", {"old": True, "new": False}),
    ]
    assert (await office.services.audit.verify(office.services.db)).ok


async def test_forged_and_malformed_pause_buttons_change_nothing(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Tahunan")
    await set_due(office, item_id, DUE_MAY)
    operator, pelaksana, admin = office.operator, office.other_pelaksana, office.admin
    await jadwal(office, operator)
    await jadwal(office, pelaksana)
    before = await audit_count(office)

    await office.press_on_last(operator, f"jdw:p:{item_id}")
    assert operator.last_callback_answer()["text"] == "Maaf, hanya Admin PPID yang dapat menjeda atau melanjutkan pengingat."
    await office.press_on_last(pelaksana, f"jdw:r:{item_id}")
    assert pelaksana.last_callback_answer()["text"].startswith("Maaf, hanya Admin PPID")
    await office.press_on_last(operator, "jdw:p:1;DROP TABLE info_items")
    assert operator.last_callback_answer()["text"].startswith("Tombol ini sudah tidak berlaku.")
    await jadwal(office, admin)
    await office.press_on_last(admin, "jdw:p:99999")
    assert admin.last_callback_answer()["text"] == "Informasi itu tidak ditemukan."

    assert await paused(office, item_id) == 0
    assert await audit_count(office) == before
    assert operator.last_text() == "Tidak ada tenggat yang akan datang untuk Bapak/Ibu saat ini. 👍"  # not redrawn


async def test_admin_role_is_checked_again_in_the_database(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Tahunan")
    with pytest.raises(WorkflowError) as refused:
        await set_reminders_paused(office.services, OPERATOR_ID, item_id, True)
    assert refused.value.key == "jdw_not_admin"
    assert await set_reminders_paused(office.services, ADMIN_ID, item_id, True) is True
    assert await set_reminders_paused(office.services, ADMIN_ID, item_id, True) is False
    assert await audit_actions(office, item_id) == ["item.reminders_pause"]


async def test_operator_sees_their_step_deadline_with_a_task_button(office: Office) -> None:
    item_id = await office.add_item("Profil Dinas Sosial")
    transition = await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    cycle_id = transition.cycle.id
    operator = office.operator

    (answer,) = await jadwal(office, operator)
    assert answer["text"].split("\n") == [
        "⏰ Tenggat langkah Bapak/Ibu (1)",
        "1. Profil Dinas Sosial: Langkah 2 dari 7, batas 1 Des 2026 16.00 WIB",
    ]
    assert callbacks(answer) == [f"tsk:{cycle_id}"]
    assert "jdw:" not in "".join(callbacks(answer))
    # The button opens the step card of step 2.
    operator.press(answer, f"tsk:{cycle_id}", require_button=True)
    await office.deliver()
    assert "Langkah 2 dari 7" in (operator.last_text() or "")
    assert operator.buttons()[0]["callback_data"] == f"co:gen:{cycle_id}"

    # The deadline passes: marked late. PPID Utama has nothing due.
    office.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc))
    (answer,) = await jadwal(office, operator)
    assert answer["text"].endswith("batas 1 Des 2026 16.00 WIB ⚠️ terlambat")
    (answer,) = await jadwal(office, office.utama)
    assert answer["text"].startswith("Tidak ada tenggat")


async def test_pelaksana_sees_only_their_units_items_and_steps(office: Office) -> None:
    own = await office.add_item("Profil Dinas Sosial")
    other = await office.add_item("Data Kesehatan Ibu dan Anak", unit_id=office.other_unit_id)
    await set_due(office, own, DUE_JAN)
    await set_due(office, other, DUE_MAY)
    admin = await person(office, ADMIN_ID)
    cycle = (await office.services.workflow.open_cycle(admin, other)).cycle

    (answer,) = await jadwal(office, office.pelaksana)
    assert answer["text"].split("\n") == [
        "📅 Jatuh tempo informasi berkala unit Bapak/Ibu (1)",
        "1. Profil Dinas Sosial (Dinas Sosial): 15 Jan 2027 16.00 WIB",
    ]
    assert callbacks(answer) == []  # no pause buttons for a PPID Pelaksana

    # The other unit's PPID Pelaksana gets the letter (step 3 is theirs) and sees their item.
    await open_first_task(office, office.operator)
    office.operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle.id) == 3
    deadlines, items = await jadwal(office, office.other_pelaksana)
    assert deadlines["text"].split("\n")[0] == "⏰ Tenggat langkah Bapak/Ibu (1)"
    assert deadlines["text"].split("\n")[1].startswith("1. Data Kesehatan Ibu dan Anak: Langkah 3 dari 7, batas ")
    assert callbacks(deadlines) == [f"tsk:{cycle.id}"]
    assert items["text"].split("\n") == [
        "📅 Jatuh tempo informasi berkala unit Bapak/Ibu (1)",
        "1. Data Kesehatan Ibu dan Anak (Dinas Kesehatan): 30 Mei 2027 16.00 WIB",
    ]
    # Their own unit's cycle is not Putri's.
    (answer,) = await jadwal(office, office.pelaksana)
    assert "Data Kesehatan" not in answer["text"]


async def test_schedule_speaks_english(office: Office) -> None:
    item_id = await office.add_item("Annual Report")
    await set_due(office, item_id, DUE_MAY)
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, ADMIN_ID, "en")
    (answer,) = await jadwal(office, office.admin)
    assert answer["text"].split("\n")[:2] == [
        "📅 Periodic information due dates (1)",
        "1. Annual Report (Dinas Sosial): 30 May 2027 16:00 WIB",
    ]
    office.admin.press(answer, f"jdw:p:{item_id}")
    await office.deliver()
    assert office.admin.last_callback_answer()["text"].startswith('⏸ Reminders for "Annual Report" are paused.')
    assert office.admin.messages()[-1]["text"].split("\n")[1].endswith("⏸ paused")
