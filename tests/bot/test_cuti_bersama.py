"""The real calendar through the bot: cuti bersama are days off for deadlines, reminders and the
cycles the sweep opens by itself; `CUTI_BERSAMA=false` brings back the public holidays alone.

December 2026 in Pontianak (WIB): Thu 24 Dec is cuti bersama, Fri 25 Dec is Christmas, then the
weekend; Mon 28 Dec is the next working day.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.bot.cycle_helpers import OPERATOR_ID, Office
from tests.bot.test_reminders import digests, set_due, sweep_at, wib


async def reminder_kinds(office: Office) -> list[tuple[int, str]]:
    rows = await office.services.db.fetch_all("SELECT recipient_id, kind FROM reminders ORDER BY id")
    return [(int(row[0]), row[1]) for row in rows]


async def open_on_wednesday_23_december(office: Office) -> int:
    """The admin opens the item's cycle from its card on Wed 23 Dec 2026, 09:00 WIB."""
    item_id = await office.add_item("Daftar Aset Akhir Tahun")
    office.clock.set(wib(23, 9))
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    return item_id


async def test_december_2026_counts_cuti_bersama_and_nothing_escalates(office: Office) -> None:
    item_id = await open_on_wednesday_23_december(office)
    operator = office.operator

    # Step 2 (1 working day): Thu 24 Dec is cuti bersama, so it is due Mon 28 Dec, 16.00 WIB.
    card = operator.texts()[-1]
    assert "Langkah 2 dari 7" in card and "Daftar Aset Akhir Tahun" in card
    assert "28 Des 2026" in card and "24 Des 2026" not in card
    deadline = await office.db_value("SELECT step_deadline_at FROM update_cycles WHERE item_id = ?", item_id)
    assert deadline == "2026-12-28T09:00:00Z"

    for day_off in (wib(24, 9), wib(25, 9), wib(26, 10), wib(27, 10)):  # cuti bersama, Christmas, weekend
        assert await sweep_at(office, day_off) == 0
    await sweep_at(office, wib(28, 8))
    assert "⏰ Batas waktunya hari ini. Langkah 2: Daftar Aset Akhir Tahun (batas 28 Des 2026 16.00 WIB)" in digests(operator)[-1]

    # Tue 29 Dec: one working day late, told to the operator only.
    assert await sweep_at(office, wib(29, 8)) == 1
    assert "⚠️ Terlambat 1 hari kerja. Langkah 2" in digests(operator)[-1]
    for escalation_reader in (office.utama, office.utama2, office.admin):
        assert digests(escalation_reader) == []
    assert await reminder_kinds(office) == [(OPERATOR_ID, "due"), (OPERATOR_ID, "overdue")]


async def test_with_cuti_bersama_off_the_office_counts_public_holidays_only(office_with: Callable[..., object]) -> None:
    office: Office = await office_with(cuti_bersama=False)  # type: ignore[misc]
    item_id = await open_on_wednesday_23_december(office)
    operator = office.operator

    card = operator.texts()[-1]
    assert "24 Des 2026" in card
    deadline = await office.db_value("SELECT step_deadline_at FROM update_cycles WHERE item_id = ?", item_id)
    assert deadline == "2026-12-24T09:00:00Z"

    assert await sweep_at(office, wib(24, 9)) == 1  # a working day here: due today
    assert "⏰ Batas waktunya hari ini. Langkah 2" in digests(operator)[-1]
    await sweep_at(office, wib(28, 8))
    assert "⚠️ Terlambat 1 hari kerja. Langkah 2" in digests(operator)[-1]
    await sweep_at(office, wib(29, 8))
    assert "⚠️ Terlambat 2 hari kerja. Langkah 2" in digests(operator)[-1]
    for escalated in (office.utama, office.utama2, office.admin):
        assert "Daftar Aset Akhir Tahun" in digests(escalated)[-1]
    kinds = await reminder_kinds(office)
    assert [kind for _, kind in kinds].count("escalation") == 3


async def cycles_of(office: Office, item_id: int) -> list[tuple[str, str | None]]:
    rows = await office.services.db.fetch_all(
        "SELECT step_started_at, step_deadline_at FROM update_cycles WHERE item_id = ?", (item_id,)
    )
    return [(row[0], row[1]) for row in rows]


async def test_an_automatic_opening_on_cuti_bersama_waits_for_the_next_working_morning(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    # Due Thu 7 Jan 2027: 14 days before it is Thu 24 Dec 2026, a cuti bersama day.
    await set_due(office, item_id, wib(7, 9, month=1, year=2027))
    operator = office.operator

    assert await sweep_at(office, wib(23, 15)) == 0  # not yet within the lead time
    for day_off in (wib(24, 9), wib(24, 15, 59), wib(25, 10), wib(26, 10), wib(27, 23)):
        assert await sweep_at(office, day_off) == 0
    assert await sweep_at(office, wib(28, 7, 59)) == 0  # Monday, before office hours
    assert await cycles_of(office, item_id) == []
    assert digests(operator) == []

    # The first sweep of the working morning opens it; the step counts from then, and the
    # operator is told then.
    assert await sweep_at(office, wib(28, 8)) == 1
    assert await cycles_of(office, item_id) == [("2026-12-28T01:00:00Z", "2026-12-29T09:00:00Z")]
    opened = digests(operator)[-1]
    assert "📌 Siklus pembaruan dibuka otomatis karena jatuh tempo. Langkah 2: Laporan Keuangan Semester II 2026" in opened
    assert "(batas 29 Des 2026 16.00 WIB)" in opened
    assert await reminder_kinds(office) == [(OPERATOR_ID, "cycle_opened")]


async def test_an_automatic_opening_after_office_hours_or_on_a_weekend_waits(office: Office) -> None:
    item_id = await office.add_item("Rencana Kerja 2027")
    await set_due(office, item_id, wib(18, 16))  # Fri 18 Dec 2026: 14 days before is Fri 4 Dec 16.00
    assert await sweep_at(office, wib(4, 16)) == 0  # the end of office hours
    assert await sweep_at(office, wib(4, 21)) == 0
    assert await sweep_at(office, wib(5, 9)) == 0  # Saturday
    assert await cycles_of(office, item_id) == []
    assert await sweep_at(office, wib(7, 8, 5)) == 1  # Monday's first sweep
    assert await cycles_of(office, item_id) == [("2026-12-07T01:05:00Z", "2026-12-08T09:00:00Z")]
    assert "dibuka otomatis" in digests(office.operator)[-1]


async def test_with_cuti_bersama_off_the_opening_happens_on_24_december(office_with: Callable[..., object]) -> None:
    office: Office = await office_with(cuti_bersama=False)  # type: ignore[misc]
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    await set_due(office, item_id, wib(7, 9, month=1, year=2027))
    assert await sweep_at(office, wib(24, 9)) == 1
    assert await cycles_of(office, item_id) == [("2026-12-24T02:00:00Z", "2026-12-28T09:00:00Z")]
    assert "dibuka otomatis" in digests(office.operator)[-1]
