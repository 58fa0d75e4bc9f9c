"""Every kind of button of /undang, /staf and /unit is an admin's: anyone else pressing one gets the
refusal pop-up and nothing changes; and data of those families that is no button of theirs (old,
forged, broken) gets their stale pop-up and changes nothing, for an admin too.

The kinds are listed by the modules themselves (`KINDS`), so a new kind without a case here fails.
"""

from __future__ import annotations

import pytest

from bot.onboarding import add_unit, create_invite, grant_role, revoke_role
from bot.sandbox import SimUser
from handlers import invites, language, staff, units
from handlers.callbacks import CallbackData
from handlers.invites import InviteListPage, InviteRevoke, InviteRole, InviteUnit, InviteUnitPage
from handlers.language import LanguageChoice
from handlers.staff import (
    StaffAdd,
    StaffAskDeactivate,
    StaffAskRevoke,
    StaffCard,
    StaffDeactivate,
    StaffGrant,
    StaffGrantUnits,
    StaffList,
    StaffRevoke,
)
from handlers.required_info import UnitImportRequired
from handlers.units import UnitAdd, UnitKind, UnitList, UnitRename
from tests.conftest import ADMIN_ID, BotUnderTest

NOT_ADMIN = "Maaf, hanya Admin PPID yang dapat melakukan ini."
UNKNOWN_BUTTON = "Tombol ini tidak dikenal atau sudah tidak berlaku. Silakan ketik perintahnya lagi."
SITI_ID = 791001  # an operator
WATCHED = ("users", "user_roles", "invites", "units", "audit_log")


async def snapshot(bot: BotUnderTest) -> list[list[tuple[object, ...]]]:
    db = bot.app.services.db
    return [[tuple(row) for row in await db.fetch_all(f"SELECT * FROM {table} ORDER BY rowid")] for table in WATCHED]


async def join(bot: BotUnderTest, telegram_id: int, name: str, role: str) -> SimUser:
    token, _ = await create_invite(bot.app.services, ADMIN_ID, role)
    person = bot.fake.user(telegram_id, name)
    person.send_command("/start", token)
    await bot.deliver()
    assert (person.last_text() or "").startswith("✅ Pendaftaran Bapak/Ibu berhasil."), person.last_text()
    return person


async def press(bot: BotUnderTest, someone: SimUser, data: str) -> dict[str, object]:
    """`someone` presses `data` on the newest message; the pop-up they got."""
    someone.press(someone.last_message(), data)  # type: ignore[arg-type]
    await bot.deliver()
    answer = someone.last_callback_answer()
    assert answer is not None, data
    return answer


async def test_every_admin_button_refuses_a_non_admin_and_changes_nothing(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    unit = await add_unit(services, ADMIN_ID, "Dinas Sosial")
    siti = await join(running_bot, SITI_ID, "Siti", "operator")
    await create_invite(services, ADMIN_ID, "utama")
    invite_id = int(await services.db.fetch_value("SELECT MAX(id) FROM invites"))
    buttons: list[CallbackData] = [
        InviteRole("operator"),
        InviteRole("pelaksana"),
        InviteUnit(unit.id),
        InviteUnitPage(0),
        InviteListPage(0),
        InviteRevoke(invite_id),
        StaffList(0),
        StaffCard(ADMIN_ID),
        StaffAdd(SITI_ID),
        StaffGrant(SITI_ID, "admin"),
        StaffGrant(SITI_ID, "pelaksana", unit.id),
        StaffGrantUnits(SITI_ID, 0),
        StaffAskRevoke(ADMIN_ID, "admin"),
        StaffRevoke(ADMIN_ID, "admin"),
        StaffAskDeactivate(ADMIN_ID),
        StaffDeactivate(ADMIN_ID),
        UnitList(0),
        UnitAdd(),
        UnitRename(unit.id),
        UnitImportRequired(unit.id),
    ]
    # UnitKind is pressed inside /unit only: see the test of an admin who loses the role mid-flow.
    assert {type(b) for b in buttons} | {UnitKind} == {*invites.KINDS, *staff.KINDS, *units.KINDS}
    siti.send_command("/bahasa")  # a message of hers to press buttons on
    await running_bot.deliver()
    seen = siti.messages()
    before = await snapshot(running_bot)
    for button in buttons:
        answer = await press(running_bot, siti, button.pack())
        assert answer["text"] == NOT_ADMIN and answer["show_alert"] is True, button
    assert await snapshot(running_bot) == before
    assert siti.messages() == seen  # nothing sent, nothing edited


async def test_an_admin_who_loses_the_role_mid_unit_is_refused_at_each_step(running_bot: BotUnderTest) -> None:
    """The kind and the name steps are gated too; a refusal keeps the step (as every refused
    action does), so the person may /batal, and nothing is added."""
    services = running_bot.app.services
    tono = await join(running_bot, 791002, "Tono", "admin")
    await grant_role(services, ADMIN_ID, 791002, "operator")  # staff still once the admin role goes
    tono.send_command("/unit")
    await running_bot.deliver()
    tono.press_button("➕ Tambah unit")
    await running_bot.deliver()
    await revoke_role(services, ADMIN_ID, 791002, "admin")
    before = await snapshot(running_bot)
    answer = await press(running_bot, tono, UnitKind("opd").pack())
    assert answer["text"] == NOT_ADMIN and answer["show_alert"] is True
    assert tono.last_text() == "Jenis unit baru?"  # not moved on to the name
    assert await snapshot(running_bot) == before

    # Made admin again, then revoked while typing the name.
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=791002, role="admin")
    tono.press_button("OPD")
    await running_bot.deliver()
    assert (tono.last_text() or "").startswith("Ketik nama unit baru (OPD)")
    await revoke_role(services, ADMIN_ID, 791002, "admin")
    before = await snapshot(running_bot)
    tono.send_text("Dinas Perhubungan")
    await running_bot.deliver()
    assert tono.last_text() == NOT_ADMIN
    assert await snapshot(running_bot) == before
    assert await services.units.find_by_name("Dinas Perhubungan") is None
    tono.send_command("/batal")
    await running_bot.deliver()
    assert (tono.last_text() or "").startswith("Dibatalkan. Tidak ada yang berubah.")


def samples() -> list[CallbackData]:
    """One button of every kind of the four screens (ids need not exist: they are spoiled)."""
    return [
        InviteRole("operator"), InviteUnit(1), InviteUnitPage(0), InviteListPage(0), InviteRevoke(1),
        StaffList(0), StaffCard(ADMIN_ID), StaffAdd(ADMIN_ID), StaffGrant(ADMIN_ID, "pelaksana", 1),
        StaffGrantUnits(ADMIN_ID, 0), StaffAskRevoke(ADMIN_ID, "admin"), StaffRevoke(ADMIN_ID, "admin"),
        StaffAskDeactivate(ADMIN_ID), StaffDeactivate(ADMIN_ID),
        UnitList(0), UnitAdd(), UnitKind("opd"), UnitRename(1), UnitImportRequired(1),
        LanguageChoice("en"),
    ]  # fmt: skip


FORGED = [
    *(button.pack() + ":x" for button in samples()),  # one field too many, or a bad last one
    "inv:zzz", "inv:upg:10000", "inv:unit:1234567890", "inv:rv:",
    "stf:zzz:1", "stf:ls:10000", "stf:p:0001", "stf:gu:1:x", "stf:gr:1:pelaksana:x", "stf:revok:1:boss",
    "stf:off:", "unit:zzz", "unit:", "unit:ls:x", "unit:ls:10000", "unit:ren:1234567890", "unit:kind:dinas",
    "lang:", "lang:EN",
]  # fmt: skip


def test_every_kind_has_a_forged_sample() -> None:
    assert {type(b) for b in samples()} == {*invites.KINDS, *staff.KINDS, *units.KINDS, *language.KINDS}


@pytest.mark.parametrize("data", FORGED)
async def test_forged_data_gets_the_stale_popup_and_changes_nothing(running_bot: BotUnderTest, data: str) -> None:
    services = running_bot.app.services
    await add_unit(services, ADMIN_ID, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/staf")
    await running_bot.deliver()
    seen = rina.messages()
    before = await snapshot(running_bot)
    answer = await press(running_bot, rina, data)
    assert answer["text"] == UNKNOWN_BUTTON and answer["show_alert"] is True
    assert await snapshot(running_bot) == before
    assert rina.messages() == seen  # nothing sent, nothing edited


async def test_a_forged_kind_in_the_middle_of_unit_keeps_the_step(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/unit")
    await running_bot.deliver()
    rina.press_button("➕ Tambah unit")
    await running_bot.deliver()
    for data in ("unit:kind:dinas", "unit:kind:opd:1", "unit:add:1", "unit:ren:x"):
        answer = await press(running_bot, rina, data)
        assert answer["text"] == UNKNOWN_BUTTON, data
    assert rina.last_text() == "Jenis unit baru?"
    rina.press_button("Bidang")
    await running_bot.deliver()
    rina.send_text("Bidang Statistik")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("✅ Unit Bidang Statistik (Bidang) ditambahkan.")
    added = await services.units.find_by_name("Bidang Statistik")
    assert added is not None and added.kind == "bidang"
