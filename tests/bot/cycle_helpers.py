"""A staffed office on the sandbox for the cycle tests: units, people with roles, items, a clock."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

from bot.app import PpidApplication, build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.sandbox import FakeTelegram, RateLimits, SimChannel, SimUser
from bot.services import Services
from bot.staff import Person, find_person
from bot.workflow import Upload
from tests.conftest import ADMIN_ID, CHANNEL_ID
from tests.samples import MINIMAL_PDF, make_docx

# Monday 30 November 2026, 09:00 WIB (Asia/Pontianak, UTC+7)
MONDAY_MORNING = datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)
OPERATOR_ID, PELAKSANA_ID, UTAMA_ID, UTAMA2_ID, OTHER_PELAKSANA_ID = 720001, 730001, 740001, 740002, 730002


@dataclasses.dataclass
class Office:
    """The bot with its people, ready to run cycles."""

    fake: FakeTelegram
    app: PpidApplication
    settings: Settings
    clock: ManualClock
    channel: SimChannel
    admin: SimUser
    operator: SimUser
    pelaksana: SimUser
    utama: SimUser
    utama2: SimUser
    other_pelaksana: SimUser
    unit_id: int = 0
    other_unit_id: int = 0

    @property
    def services(self) -> Services:
        return self.app.services

    async def deliver(self) -> int:
        return await self.fake.deliver(self.app)

    async def add_item(self, summary: str, category: str = "berkala", period: str | None = "semester", unit_id: int | None = None) -> int:
        services = self.services
        async with services.db.transaction() as conn:
            item = await services.items.add(
                conn, summary=summary, unit_id=unit_id or self.unit_id, responsible="Kepala Bidang",
                made_time_place="Pontianak, 2026", form="soft", retention="5 tahun", category=category,  # type: ignore[arg-type]
                period=period, legal_basis=None,  # type: ignore[arg-type]
            )
        return item.id

    async def press_on_last(self, person: SimUser, data: str) -> None:
        """Press a button with `data` on the last message the person got (as a card would carry)."""
        person.press(person.last_message(), data)
        await self.deliver()

    async def db_value(self, sql: str, *params: Any) -> Any:
        return await self.services.db.fetch_value(sql, params)


async def build_office(
    settings: Settings, fake: FakeTelegram | None = None, clock: ManualClock | None = None, *, rate_limiter: bool = False
) -> Office:
    """The bot initialized on the sandbox with the office's people registered (not yet entered)."""
    fake = fake or FakeTelegram(limits=RateLimits.disabled())
    clock = clock or ManualClock(MONDAY_MORNING)
    channel = fake.channel(CHANNEL_ID, "Informasi Publik", username="ppid_test")
    settings = dataclasses.replace(settings, bot_token=fake.token)
    # No rate limiter: these tests are about the workflow, and the sandbox has no flood limits
    # unless a test sets them (tests/bot/test_transport.py proves the limiter).
    app = build_application(settings, request=fake.request(), clock=clock, rate_limiter=rate_limiter)
    await app.initialize()
    office = Office(
        fake, app, settings, clock, channel,
        admin=fake.user(ADMIN_ID, "Rina"),
        operator=fake.user(OPERATOR_ID, "Oki"),
        pelaksana=fake.user(PELAKSANA_ID, "Putri"),
        utama=fake.user(UTAMA_ID, "Umar"),
        utama2=fake.user(UTAMA2_ID, "Uli"),
        other_pelaksana=fake.user(OTHER_PELAKSANA_ID, "Panji"),
    )
    services = app.services
    if await services.units.find_by_name("Dinas Sosial") is None:
        async with services.db.transaction() as conn:
            unit = await services.units.add(conn, "Dinas Sosial")
            other = await services.units.add(conn, "Dinas Kesehatan")
            for telegram_id, name, role, unit_id in (
                (OPERATOR_ID, "Oki", "operator", None),
                (PELAKSANA_ID, "Putri", "pelaksana", unit.id),
                (UTAMA_ID, "Umar", "utama", None),
                (UTAMA2_ID, "Uli", "utama", None),
                (OTHER_PELAKSANA_ID, "Panji", "pelaksana", other.id),
            ):
                await services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
                await services.users.grant_role(conn, telegram_id=telegram_id, role=role, unit_id=unit_id)  # type: ignore[arg-type]
    unit = await services.units.find_by_name("Dinas Sosial")
    other = await services.units.find_by_name("Dinas Kesehatan")
    assert unit is not None and other is not None
    office.unit_id, office.other_unit_id = unit.id, other.id
    return office


async def person(office: Office, telegram_id: int) -> Person:
    found = await find_person(office.services, telegram_id)
    assert found is not None
    return found


async def cycle_at_review(office: Office, summary: str = "Daftar Aset Daerah 2026", uploader: int = PELAKSANA_ID) -> tuple[int, int]:
    """An item whose cycle waits at step 4 with draft version 1 (set up through the workflow)."""
    item_id = await office.add_item(summary)
    workflow = office.services.workflow
    transition = await workflow.open_cycle(await person(office, ADMIN_ID), item_id)
    cycle_id = transition.cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    draft = await office.services.files.put(make_docx(), "draf.docx")
    await workflow.add_draft_file(await person(office, uploader), cycle_id, Upload(draft, "docx", None), "draf.docx")
    await workflow.submit_draft(await person(office, uploader), cycle_id)
    return item_id, cycle_id


async def waiting_for_draft(office: Office, summary: str = "Laporan Kinerja 2026") -> int:
    """Through the chat: the admin opens a cycle, the operator sends the generated letter, and the
    PPID Pelaksana presses "Unggah draf", so their files are now awaited; returns the cycle's id."""
    item_id = await office.add_item(summary)
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    office.operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    office.pelaksana.press_button("📎 Unggah draf")
    await office.deliver()
    return int(await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id))


async def open_first_task(office: Office, someone: SimUser) -> str:
    """Through /tugas: list the person's tasks and open the first; returns the step card."""
    someone.send_command("/tugas")
    await office.deliver()
    first = someone.buttons()[0]
    someone.press(someone.last_message(), first["callback_data"])
    await office.deliver()
    return someone.last_text() or ""


async def cycle_at_publication(office: Office) -> int:
    """A cycle waiting at step 7, reached by chat: PPID Utama approves, the operator coordinates."""
    _, cycle_id = await cycle_at_review(office)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    return cycle_id


async def approve_and_publish(office: Office) -> None:
    """Through the chat, from a draft at review: PPID Utama approves, the operator coordinates and
    publishes (confirming the preview when one is shown)."""
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    confirm = [button for button in office.operator.buttons() if "Ya, kirim" in button.get("text", "")]
    if confirm:
        office.operator.press_button(confirm[0]["text"])
        await office.deliver()
