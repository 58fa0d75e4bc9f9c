"""Reminders and escalation with a controllable clock: no real waiting, nothing sent twice.

The clock is the office's: Monday 30 November 2026 09:00 WIB at the start (see cycle_helpers).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from bot.config import Settings
from bot.sandbox import SimUser
from handlers.reminders import run_sweep
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    Office,
    build_office,
    crash,
    person,
)
from tests.samples import MINIMAL_PDF

WIB = timezone(timedelta(hours=7))


def wib(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


async def sweep_at(office: Office, moment: datetime) -> int:
    office.clock.set(moment)
    return await run_sweep(office.app)


def digests(someone: SimUser) -> list[str]:
    return [text for text in someone.texts() if text.startswith("🔔 Pengingat")]


async def set_due(office: Office, item_id: int, moment: datetime) -> None:
    async with office.services.db.transaction() as conn:
        await office.services.items.update(conn, item_id, next_due_at=moment)


async def test_a_berkala_item_through_a_whole_period(office: Office) -> None:
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    await set_due(office, item_id, wib(14, 9))
    operator, putri, umar, admin = office.operator, office.pelaksana, office.utama, office.admin

    # 14 days before it is due, the sweep opens the cycle and tells the operator.
    assert await sweep_at(office, wib(30, 9, month=11)) == 1
    opened = digests(operator)[-1]
    assert opened.startswith("🔔 Pengingat (1):")
    assert "📌 Siklus pembaruan dibuka otomatis karena jatuh tempo. Langkah 2: Laporan Keuangan Semester II 2026" in opened
    assert "(batas 1 Des 2026 16.00 WIB)" in opened
    assert [b["text"] for b in operator.buttons()] == [f"Langkah 2: #{item_id} Laporan Keuangan Semester II 2026"]
    db = office.services.db
    cycle = await db.fetch_one("SELECT * FROM update_cycles WHERE item_id = ?", (item_id,))
    assert cycle["opened_by"] is None and cycle["current_step"] == 2
    assert await db.fetch_value("SELECT action FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle["id"],)) == "cycle_opened_automatically"
    # Later the same day: nothing new (the operator was told this morning).
    assert await sweep_at(office, wib(30, 9, 30, month=11)) == 0
    assert await sweep_at(office, wib(30, 15, month=11)) == 0

    # On the day of the deadline, then late every working day.
    await sweep_at(office, wib(1, 9))
    assert "⏰ Batas waktunya hari ini. Langkah 2" in digests(operator)[-1]
    assert await sweep_at(office, wib(1, 17)) == 0  # after working hours: wait for the morning
    await sweep_at(office, wib(2, 8))
    assert "⚠️ Terlambat 1 hari kerja. Langkah 2" in digests(operator)[-1]
    assert digests(umar) == [] and digests(admin) == []
    assert await sweep_at(office, wib(2, 14)) == 0
    await sweep_at(office, wib(3, 8))
    assert "⚠️ Terlambat 2 hari kerja. Langkah 2" in digests(operator)[-1]
    for escalated in (umar, office.utama2, admin):
        assert (
            "🚨 Eskalasi: terlambat 2 hari kerja. Langkah 2: Laporan Keuangan Semester II 2026 (batas 1 Des 2026"
            " 16.00 WIB). Pemegang langkah: Oki. Mohon hubungi dan tindak lanjuti."
        ) in digests(escalated)[-1]
    assert len(digests(operator)) == 4

    # The operator sends the letter: now Putri holds step 3 (3 working days, over the weekend).
    workflow = office.services.workflow
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    from bot.workflow import Upload

    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle["id"], Upload(letter, "pdf", None), "surat.pdf")
    assert await sweep_at(office, wib(3, 9)) == 0  # Putri was told when her step started
    assert await sweep_at(office, wib(4, 9)) == 0  # 2 working days left: not a reminder day
    await sweep_at(office, wib(7, 9))
    assert digests(putri) == [
        "🔔 Pengingat (1):\n\n⏰ 1 hari kerja lagi. Langkah 3: Laporan Keuangan Semester II 2026 (batas 8 Des 2026 16.00 WIB)"
    ]
    assert len(digests(operator)) == 4  # the operator's step is done: no more reminders for it

    # Through to publication; the next due date is one semester later, and the next period's
    # cycle opens by itself 14 days before it.
    draft = await office.services.files.put(b"%PDF-1.4 draf", "draf.pdf")
    await workflow.add_draft_file(await person(office, PELAKSANA_ID), cycle["id"], Upload(draft, "pdf", None), "draf.pdf")
    await workflow.submit_draft(await person(office, PELAKSANA_ID), cycle["id"])
    await workflow.approve(await person(office, umar.id), cycle["id"], 1)
    await workflow.coordinate_publication(await person(office, OPERATOR_ID), cycle["id"])

    async def post(item, cycle):  # type: ignore[no-untyped-def]
        return -1001000000001, 77

    await workflow.publish(await person(office, OPERATOR_ID), cycle["id"], post)
    next_due = await db.fetch_value("SELECT next_due_at FROM info_items WHERE id = ?", (item_id,))
    assert next_due == "2027-06-07T09:00:00Z"  # published Mon 7 Dec: due Mon 7 Jun 2027 16.00 WIB
    assert await sweep_at(office, wib(24, 9, month=5, year=2027)) == 0
    await sweep_at(office, wib(25, 9, month=5, year=2027))
    assert "dibuka otomatis" in digests(operator)[-1]
    assert await db.fetch_value("SELECT COUNT(*) FROM update_cycles WHERE item_id = ?", (item_id,)) == 2
    kinds = [row[0] for row in await db.fetch_all("SELECT kind FROM reminders WHERE recipient_id = ? ORDER BY id", (OPERATOR_ID,))]
    assert kinds == ["cycle_opened", "due", "overdue", "overdue", "cycle_opened"]


async def test_weekends_holidays_and_evenings_wait(office: Office) -> None:
    item_id = await office.add_item("Daftar Aset Akhir Tahun")
    office.clock.set(wib(23, 9))  # Wednesday 23 December
    # Step 2 is due Mon 28 Dec 16.00: Thu 24 Dec is cuti bersama (tests/bot/test_cuti_bersama.py).
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    operator = office.operator
    assert await sweep_at(office, wib(24, 9)) == 0  # cuti bersama
    assert await sweep_at(office, wib(25, 9)) == 0  # Christmas, a public holiday
    assert await sweep_at(office, wib(26, 10)) == 0  # Saturday
    assert await sweep_at(office, wib(27, 10)) == 0  # Sunday
    assert await sweep_at(office, wib(28, 7, 59)) == 0  # Monday, before working hours
    assert await sweep_at(office, wib(28, 8)) == 1
    assert "⏰ Batas waktunya hari ini. Langkah 2" in digests(operator)[-1]
    assert await sweep_at(office, wib(28, 17)) == 0  # Monday evening
    assert await sweep_at(office, wib(29, 8)) == 1
    assert "⚠️ Terlambat 1 hari kerja. Langkah 2" in digests(operator)[-1]  # the days off do not count
    assert digests(office.admin) == []


async def test_serta_merta_is_reminded_and_escalated_every_hour_day_and_night(office: Office) -> None:
    item_id = await office.add_item("Peringatan banjir", category="serta_merta", period=None)
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)  # step 2 due 10.00
    operator, umar = office.operator, office.utama
    assert await sweep_at(office, wib(30, 9, 30, month=11)) == 0
    await sweep_at(office, wib(30, 10, 5, month=11))
    assert "⏰ Serta merta, mohon segera. Langkah 2: Peringatan banjir (batas 30 Nov 2026 10.00 WIB)" in digests(operator)[-1]
    assert "🚨 Serta merta terlambat 0 jam" in digests(umar)[-1]
    assert await sweep_at(office, wib(30, 10, 40, month=11)) == 0
    await sweep_at(office, wib(30, 11, 5, month=11))
    assert len(digests(operator)) == 2 and "🚨 Serta merta terlambat 1 jam" in digests(umar)[-1]
    await sweep_at(office, wib(30, 22, 5, month=11))  # at night too
    assert len(digests(operator)) == 3 and len(digests(umar)) == 3


async def test_restart_in_the_middle_sends_nothing_twice_and_loses_nothing(
    office: Office, make_settings: Callable[..., Settings]
) -> None:
    item_id = await office.add_item("Profil Pejabat")
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    await sweep_at(office, wib(1, 9))
    assert len(digests(office.operator)) == 1
    # A crash after the next reminder was claimed but before it was sent.
    office.clock.set(wib(2, 9))
    claimed = await office.services.reminders.sweep()
    assert list(claimed.digests) == [OPERATOR_ID]
    await crash(office)
    restarted = await build_office(make_settings(), fake=office.fake, clock=office.clock)
    try:
        assert await run_sweep(restarted.app) == 1
        assert "⚠️ Terlambat 1 hari kerja" in digests(office.operator)[-1]
        assert await run_sweep(restarted.app) == 0
        restarted.clock.set(wib(2, 15))
        assert await run_sweep(restarted.app) == 0
        assert len(digests(office.operator)) == 2
        rows = await restarted.services.db.fetch_all("SELECT kind, sent_at IS NOT NULL FROM reminders ORDER BY id")
        assert [tuple(row) for row in rows] == [("due", 1), ("overdue", 1)]
    finally:
        await restarted.app.shutdown()


async def test_downtime_catch_up_is_one_digest_per_person(office: Office) -> None:
    for summary in ("Rencana Kerja 2027", "Laporan Kinerja 2026"):
        item_id = await office.add_item(summary)
        await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    # The bot was down from Monday morning until Thursday: one sweep when it starts.
    assert await sweep_at(office, wib(3, 8)) == 4  # the operator, two PPID Utama, the admin
    catch_up = digests(office.operator)
    assert len(catch_up) == 1
    assert catch_up[0].startswith("🔔 Pengingat (2):")
    assert "Rencana Kerja 2027" in catch_up[0] and "Laporan Kinerja 2026" in catch_up[0]
    assert len(office.operator.buttons()) == 2
    assert len(digests(office.admin)) == 1 and digests(office.admin)[0].startswith("🔔 Pengingat (2):")


async def test_a_thousand_items_keep_one_scheduler_job(office: Office) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        for number in range(1000):
            await services.items.add(
                conn, summary=f"Informasi berkala nomor {number}", unit_id=office.unit_id, responsible="Kabid",
                made_time_place="Pontianak", form="soft", retention="5 tahun", category="berkala",
                period="yearly", legal_basis=None,
            )
    assert await services.db.fetch_value("SELECT COUNT(*) FROM info_items") == 1000
    await office.app.start()
    try:
        jobs = office.app.job_queue.jobs()
        assert sorted(job.name for job in jobs) == ["daily_digest", "reminder_sweep"]
        assert await run_sweep(office.app) == 0  # registered today, due in a year: nothing yet
    finally:
        await office.app.stop()


async def test_a_person_who_blocked_the_bot_is_marked_and_not_retried(office: Office) -> None:
    item_id = await office.add_item("Statistik Bansos")
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    office.operator.block()
    office.fake.updates.pop_all()  # the bot has not heard of it yet
    await sweep_at(office, wib(1, 9))
    db = office.services.db
    assert await db.fetch_value("SELECT blocked_at FROM users WHERE telegram_id = ?", (OPERATOR_ID,)) == "2026-12-01T02:00:00Z"
    assert office.admin.last_text() == "⚠️ Oki memblokir bot, sehingga pengingat tidak terkirim kepadanya. Mohon hubungi yang bersangkutan."
    assert await db.fetch_value("SELECT dropped FROM reminders WHERE recipient_id = ?", (OPERATOR_ID,)) == "blocked"
    attempts = len([c for c in office.fake.calls_to("sendMessage") if c.params.get("chat_id") in (OPERATOR_ID, str(OPERATOR_ID))])
    await sweep_at(office, wib(2, 9))
    await sweep_at(office, wib(3, 9))
    assert len([c for c in office.fake.calls_to("sendMessage") if c.params.get("chat_id") in (OPERATOR_ID, str(OPERATOR_ID))]) == attempts
    assert len([t for t in office.admin.texts() if "memblokir bot" in t]) == 1


async def test_items_unpublished_for_six_months_are_flagged_to_admins_monthly(office: Office) -> None:
    await office.add_item("Laporan Pengaduan Masyarakat")  # registered 30 Nov 2026, never published
    assert await sweep_at(office, wib(28, 9, month=5, year=2027)) == 0
    assert await sweep_at(office, wib(1, 9, month=6, year=2027)) == 0  # Hari Lahir Pancasila
    await sweep_at(office, wib(2, 9, month=6, year=2027))
    assert digests(office.admin)[-1] == (
        "🔔 Pengingat (1):\n\n⚠️ Informasi berkala belum dipublikasikan lebih dari 6 bulan: "
        "Laporan Pengaduan Masyarakat (terakhir: belum pernah)"
    )
    assert digests(office.operator) == []
    assert await sweep_at(office, wib(15, 9, month=6, year=2027)) == 0
    assert await sweep_at(office, wib(1, 9, month=7, year=2027)) == 1


async def test_paused_items_get_no_reminders_until_resumed(office: Office) -> None:
    item_id = await office.add_item("Data Penerima Bantuan")
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    async with office.services.db.transaction() as conn:
        await office.services.items.update(conn, item_id, reminders_paused=True)
    assert await sweep_at(office, wib(3, 9)) == 0
    async with office.services.db.transaction() as conn:
        await office.services.items.update(conn, item_id, reminders_paused=False)
    assert await sweep_at(office, wib(3, 10)) == 4  # late 2 days: operator, and escalated


async def test_a_burst_of_digests_waits_out_telegrams_429(make_settings: Callable[..., Settings]) -> None:
    from bot.sandbox import FakeTelegram, RateLimits

    fake = FakeTelegram(limits=RateLimits(overall_rate=4.0, overall_burst=4.0))
    office = await build_office(make_settings(), fake=fake, rate_limiter=True)
    try:
        services = office.services
        async with services.db.transaction() as conn:
            for number in range(6):
                uid = 760000 + number
                await services.users.upsert(conn, telegram_id=uid, full_name=f"Operator {number}", username=None)
                await services.users.grant_role(conn, telegram_id=uid, role="operator")
        operators = [fake.user(760000 + number, f"Operator {number}") for number in range(6)]
        item_id = await office.add_item("Rekap Kegiatan")
        await services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
        assert await sweep_at(office, wib(1, 9)) == 7  # Oki and six more operators
        assert any(call.error_code == 429 for call in fake.calls_to("sendMessage"))
        for someone in [office.operator, *operators]:
            assert len(digests(someone)) == 1
        pending = await services.db.fetch_value("SELECT COUNT(*) FROM reminders WHERE sent_at IS NULL")
        assert pending == 0
    finally:
        await office.app.shutdown()
