"""Onboarding by invite: /undang with buttons, the deep link, and every outcome of `/start <token>`.

Each test checks what the people see in the chat and what the database holds afterwards.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from bot.onboarding import (
    OnboardingError,
    RedeemOutcome,
    add_unit,
    create_invite,
    redeem_invite,
    revoke_invite,
)
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
from handlers.units import UnitAdd, UnitKind, UnitList, UnitRename
from tests.conftest import ADMIN_ID, BotUnderTest

LINK_RE = re.compile(r"https://t\.me/ppid_sandbox_bot\?start=([A-Za-z0-9_-]+)")
WIB_RE = re.compile(r"Berlaku sampai \d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d{2}\.\d{2} WIB")


async def audit_actions(bot: BotUnderTest) -> list[str]:
    """Every audit entry's action, oldest first."""
    services = bot.app.services
    return [entry.action for entry in await services.audit.entries(services.db)]


async def count(bot: BotUnderTest, sql: str, *params: object) -> int:
    return int(await bot.app.services.db.fetch_value(sql, params))


async def invite_with_buttons(bot: BotUnderTest, admin: SimUser, role_label: str, unit_name: str | None = None) -> str:
    """The admin runs /undang, taps the role (and unit); returns the token of the link shown."""
    admin.send_command("/undang")
    await bot.deliver()
    admin.press_button(role_label)
    await bot.deliver()
    if unit_name is not None:
        admin.press_button(unit_name)
        await bot.deliver()
    match = LINK_RE.search(admin.last_text() or "")
    assert match is not None, admin.last_text()
    return match.group(1)


async def test_admin_invites_an_operator_with_buttons_and_the_person_registers(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/undang")
    await running_bot.deliver()
    assert rina.last_text() == "Undang petugas\nPilih peran untuk petugas baru:"
    assert [button["text"] for button in rina.buttons()] == [
        "Admin PPID",
        "Operator PPID",
        "PPID Pelaksana",
        "PPID Utama",
    ]
    rina.press_button("Operator PPID")
    await running_bot.deliver()
    shown = rina.last_text() or ""
    assert shown.startswith("Tautan undangan untuk Operator PPID:\nhttps://t.me/ppid_sandbox_bot?start=")
    assert WIB_RE.search(shown), shown
    assert rina.buttons() == []  # the keyboard is gone: a double tap cannot make a second link
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == "Tautan undangan dibuat." and not answer["show_alert"]
    token = LINK_RE.search(shown).group(1)  # type: ignore[union-attr]

    invite = await services.invites.get(token)
    assert invite is not None and invite.role == "operator" and invite.unit_id is None
    assert invite.created_by == ADMIN_ID and invite.used_by is None
    assert invite.expires_at - invite.created_at == timedelta(hours=72)
    local = services.calendar.format_local(invite.expires_at)
    assert f"Berlaku sampai {local}" in shown

    siti = running_bot.fake.user(790010, "Siti", last_name="Aminah", username="siti")
    siti.send_command("/start", token)
    await running_bot.deliver()
    greeting = siti.last_text() or ""
    assert greeting.startswith("✅ Pendaftaran Bapak/Ibu berhasil.\n\nSelamat datang, Siti Aminah.")
    assert "Peran Bapak/Ibu: Operator PPID." in greeting
    assert "/tugas" in greeting and "/undang" not in greeting
    assert rina.last_text() == "👋 Siti Aminah telah bergabung sebagai Operator PPID."

    user = await services.users.get(790010)
    assert user is not None and user.full_name == "Siti Aminah" and user.username == "siti" and user.language == "id"
    grants = await services.users.active_roles(790010)
    assert [(g.role, g.unit_id, g.granted_by) for g in grants] == [("operator", None, ADMIN_ID)]
    used = await services.invites.get(token)
    assert used is not None and used.used_by == 790010 and used.used_at is not None
    assert await audit_actions(running_bot) == ["role.grant", "invite.create", "invite.redeem"]
    redeem_entry = (await services.audit.entries(services.db))[-1]
    assert redeem_entry.entity_id == "790010" and redeem_entry.details["role"] == "operator"
    assert (await services.audit.verify(services.db)).ok

    # The new operator is now staff: the next command is answered, not refused.
    siti.send_command("/bantuan")
    await running_bot.deliver()
    assert (siti.last_text() or "").startswith("Perintah yang tersedia:")


async def test_pelaksana_invite_asks_for_the_unit(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_unit(services, ADMIN_ID, "Dinas Sosial")
    await add_unit(services, ADMIN_ID, "Bidang Sekretariat", "bidang")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/undang")
    await running_bot.deliver()
    rina.press_button("PPID Pelaksana")
    await running_bot.deliver()
    assert rina.last_text() == "Undang PPID Pelaksana\nPilih unitnya:"
    assert [b["text"] for b in rina.buttons()] == ["Bidang Sekretariat", "Dinas Sosial"]
    assert await count(running_bot, "SELECT COUNT(*) FROM invites") == 0  # nothing until the unit is chosen
    rina.press_button("Dinas Sosial")
    await running_bot.deliver()
    shown = rina.last_text() or ""
    assert shown.startswith("Tautan undangan untuk PPID Pelaksana – Dinas Sosial:")
    token = LINK_RE.search(shown).group(1)  # type: ignore[union-attr]
    dinsos = await services.units.find_by_name("Dinas Sosial")
    assert dinsos is not None

    budi = running_bot.fake.user(790020, "Budi")
    budi.send_command("/start", token)
    await running_bot.deliver()
    assert "Peran Bapak/Ibu: PPID Pelaksana (Dinas Sosial)." in (budi.last_text() or "")
    grants = await services.users.active_roles(790020)
    assert [(g.role, g.unit_id) for g in grants] == [("pelaksana", dinsos.id)]
    assert rina.last_text() == "👋 Budi telah bergabung sebagai PPID Pelaksana – Dinas Sosial."
    assert (await audit_actions(running_bot))[-2:] == ["invite.create", "invite.redeem"]


async def test_pelaksana_invite_without_units_points_to_unit(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/undang")
    await running_bot.deliver()
    rina.press_button("PPID Pelaksana")
    await running_bot.deliver()
    assert rina.last_text() == "Belum ada unit terdaftar. Tambahkan unit dulu dengan /unit."
    assert await count(running_bot, "SELECT COUNT(*) FROM invites") == 0


async def test_a_link_works_once_only(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    token = await invite_with_buttons(running_bot, rina, "PPID Utama")
    siti = running_bot.fake.user(790030, "Siti")
    siti.send_command("/start", token)
    await running_bot.deliver()
    actions_after_first = await audit_actions(running_bot)

    joko = running_bot.fake.user(790031, "Joko")
    joko.send_command("/start", token)
    await running_bot.deliver()
    assert joko.last_text() == (
        "Maaf, tautan undangan ini sudah digunakan.\n"
        "Setiap tautan hanya berlaku untuk satu orang. Mintalah tautan baru kepada Admin PPID."
    )
    assert await services.users.get(790031) is None
    invite = await services.invites.get(token)
    assert invite is not None and invite.used_by == 790030
    assert await audit_actions(running_bot) == actions_after_first
    # Joko is still a stranger.
    joko.send_command("/sop")
    await running_bot.deliver()
    assert (joko.last_text() or "").startswith("Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.")

    # Siti opening her own link again is simply greeted; nothing changes.
    siti.send_command("/start", token)
    await running_bot.deliver()
    assert (siti.last_text() or "").startswith("Selamat datang, Siti.")
    assert await count(running_bot, "SELECT COUNT(*) FROM user_roles WHERE telegram_id = 790030") == 1
    assert await audit_actions(running_bot) == actions_after_first


async def test_expired_link_is_refused(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    past = services.invites.now() - timedelta(hours=73)
    token, expires_at = await create_invite(services, ADMIN_ID, "operator", now=past)
    assert expires_at < services.invites.now()
    actions = await audit_actions(running_bot)
    dewi = running_bot.fake.user(790040, "Dewi")
    dewi.send_command("/start", token)
    await running_bot.deliver()
    assert dewi.last_text() == "Maaf, tautan undangan ini sudah kedaluwarsa.\nMintalah tautan baru kepada Admin PPID."
    assert await services.users.get(790040) is None
    invite = await services.invites.get(token)
    assert invite is not None and invite.used_by is None
    assert await audit_actions(running_bot) == actions


@pytest.mark.parametrize("token", ["TidakAdaTokenSeperti1ni", "abc", "x" * 65, "tanda!seru"])
async def test_unknown_token_is_refused_and_nothing_is_stored(running_bot: BotUnderTest, token: str) -> None:
    eka = running_bot.fake.user(790050, "Eka")
    eka.send_command("/start", token)
    await running_bot.deliver()
    assert eka.last_text() == (
        "Maaf, tautan undangan ini tidak dikenal.\n"
        "Pastikan Anda membuka tautan lengkap dari Admin PPID, atau mintalah tautan baru."
    )
    assert await count(running_bot, "SELECT COUNT(*) FROM users WHERE telegram_id = 790050") == 0
    assert await audit_actions(running_bot) == ["role.grant"]


async def test_revoked_invite_is_refused(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "utama")
    invite = await services.invites.get(token)
    assert invite is not None
    assert await revoke_invite(services, ADMIN_ID, invite.id)
    assert not await revoke_invite(services, ADMIN_ID, invite.id)
    fajar = running_bot.fake.user(790060, "Fajar")
    fajar.send_command("/start", token)
    await running_bot.deliver()
    assert (fajar.last_text() or "").startswith("Maaf, tautan undangan ini sudah dibatalkan oleh Admin PPID.")
    assert await services.users.get(790060) is None
    assert await audit_actions(running_bot) == ["role.grant", "invite.create", "invite.revoke"]


async def test_staff_member_redeeming_another_invite_gets_the_extra_role(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "utama")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/start", token)
    await running_bot.deliver()
    assert "Peran Bapak/Ibu: Admin PPID, PPID Utama." in (rina.last_text() or "")
    assert {g.role for g in await services.users.active_roles(ADMIN_ID)} == {"admin", "utama"}


async def test_non_admin_cannot_invite_even_with_forged_buttons(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "operator")
    gita = running_bot.fake.user(790070, "Gita")
    gita.send_command("/start", token)
    await running_bot.deliver()
    invites_before = await count(running_bot, "SELECT COUNT(*) FROM invites")
    actions = await audit_actions(running_bot)

    gita.send_command("/undang")
    await running_bot.deliver()
    assert gita.last_text() == "Maaf, hanya Admin PPID yang dapat melakukan ini."
    for forged in ("inv:role:admin", "inv:unit:1", "inv:upg:0"):
        gita.press(gita.last_message(), forged)  # type: ignore[arg-type]
        await running_bot.deliver()
        answer = gita.last_callback_answer()
        assert answer is not None and answer["text"] == "Maaf, hanya Admin PPID yang dapat melakukan ini."
        assert answer["show_alert"] is True
    assert await count(running_bot, "SELECT COUNT(*) FROM invites") == invites_before
    assert await audit_actions(running_bot) == actions
    with pytest.raises(OnboardingError) as refused:
        await create_invite(services, 790070, "admin")
    assert refused.value.reason == "not_admin"


async def test_malformed_invite_button_is_answered_and_changes_nothing(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/undang")
    await running_bot.deliver()
    for forged in ("inv:role:boss", "inv:role:operator:1", "inv:unit:abc", "inv:", "inv:unit:999"):
        rina.press(rina.last_message(), forged)  # type: ignore[arg-type]
        await running_bot.deliver()
        answer = rina.last_callback_answer()
        assert answer is not None and answer["show_alert"] is True
        expected = "Unit itu tidak ditemukan" if forged == "inv:unit:999" else "Tombol ini tidak dikenal"
        assert answer["text"].startswith(expected), (forged, answer)
    assert await count(running_bot, "SELECT COUNT(*) FROM invites") == 0
    assert await audit_actions(running_bot) == ["role.grant"]


async def test_redeem_outcomes_in_the_domain(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "operator")
    assert await redeem_invite(services, token, 790080, "Hana", None) is RedeemOutcome.REGISTERED
    assert await redeem_invite(services, token, 790081, "Indra", None) is RedeemOutcome.USED
    assert await redeem_invite(services, "bukan-token-sah", 790081, "Indra", None) is RedeemOutcome.UNKNOWN
    assert await services.users.get(790081) is None
    with pytest.raises(OnboardingError) as refused:
        await create_invite(services, ADMIN_ID, "pelaksana")
    assert refused.value.reason == "unit_required"
    with pytest.raises(OnboardingError) as refused:
        await create_invite(services, ADMIN_ID, "boss")
    assert refused.value.reason == "bad_role"


async def test_two_people_racing_for_one_link(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "operator")
    outcomes = await asyncio.gather(
        redeem_invite(services, token, 790090, "Ika", None), redeem_invite(services, token, 790091, "Joni", None)
    )
    assert sorted(outcomes) == sorted([RedeemOutcome.REGISTERED, RedeemOutcome.USED])
    assert await count(running_bot, "SELECT COUNT(*) FROM users WHERE telegram_id IN (790090, 790091)") == 1
    assert (await audit_actions(running_bot)).count("invite.redeem") == 1


async def test_registration_is_all_or_nothing(running_bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the single-use UPDATE loses (another process used the link), the new person is rolled back."""
    services = running_bot.app.services
    token, _ = await create_invite(services, ADMIN_ID, "utama")

    async def lost(*args: object, **kwargs: object) -> None:
        return None

    monkeypatch.setattr(services.invites, "redeem", lost)
    assert await redeem_invite(services, token, 790095, "Kiki", None) is RedeemOutcome.USED
    assert await services.users.get(790095) is None
    assert await count(running_bot, "SELECT COUNT(*) FROM user_roles WHERE telegram_id = 790095") == 0
    assert await audit_actions(running_bot) == ["role.grant", "invite.create"]


LONGEST_UID = 10**15 - 1
LONGEST_UNIT = 10**9 - 1
# Every kind of button of /undang, /staf, /unit and /bahasa.
ALL_KINDS: tuple[type[CallbackData], ...] = (*invites.KINDS, *staff.KINDS, *units.KINDS, *language.KINDS)
LONGEST_DATA = [
    (InviteRole("pelaksana"), "inv:role:pelaksana"),
    (InviteUnit(LONGEST_UNIT), f"inv:unit:{LONGEST_UNIT}"),
    (InviteUnitPage(9999), "inv:upg:9999"),
    (InviteListPage(9999), "inv:ls:9999"),
    (InviteRevoke(10**12 - 1), f"inv:rv:{10**12 - 1}"),
    (StaffList(9999), "stf:ls:9999"),
    (StaffCard(LONGEST_UID), f"stf:p:{LONGEST_UID}"),
    (StaffAdd(LONGEST_UID), f"stf:add:{LONGEST_UID}"),
    (StaffGrant(LONGEST_UID, "pelaksana", LONGEST_UNIT), f"stf:gr:{LONGEST_UID}:pelaksana:{LONGEST_UNIT}"),
    (StaffGrantUnits(LONGEST_UID, 9999), f"stf:gu:{LONGEST_UID}:9999"),
    (StaffAskRevoke(LONGEST_UID, "pelaksana", LONGEST_UNIT), f"stf:rev:{LONGEST_UID}:pelaksana:{LONGEST_UNIT}"),
    (StaffRevoke(LONGEST_UID, "pelaksana", LONGEST_UNIT), f"stf:revok:{LONGEST_UID}:pelaksana:{LONGEST_UNIT}"),
    (StaffAskDeactivate(LONGEST_UID), f"stf:off:{LONGEST_UID}"),
    (StaffDeactivate(LONGEST_UID), f"stf:offok:{LONGEST_UID}"),
    (UnitList(9999), "unit:ls:9999"),
    (LanguageChoice("en"), "lang:en"),
]


@pytest.mark.parametrize(("button", "data"), LONGEST_DATA)
def test_callback_data_fits_and_parses_to_its_action(button: CallbackData, data: str) -> None:
    assert button.pack() == data
    assert 1 <= len(data.encode("utf-8")) <= 64, data
    assert type(button).unpack(data) == button
    # No other kind of button claims it.
    assert [kind for kind in ALL_KINDS if kind is not type(button) and kind.unpack(data)] == []


def test_conversation_button_data_fits() -> None:
    conversation_buttons = {
        UnitAdd(): "unit:add",
        UnitKind("bidang"): "unit:kind:bidang",
        UnitRename(LONGEST_UNIT): f"unit:ren:{LONGEST_UNIT}",
    }
    for button, data in conversation_buttons.items():
        assert button.pack() == data and len(data.encode("utf-8")) <= 64
        assert type(button).unpack(data) == button
    assert UnitKind.unpack("unit:kind:bidang") and not UnitKind.unpack("unit:kind:dinas")
    assert UnitRename.unpack(f"unit:ren:{LONGEST_UNIT}") and not UnitRename.unpack("unit:ren:1x")
    # Data a button cannot carry is refused when the keyboard is built.
    with pytest.raises(ValueError):
        StaffCard(LONGEST_UID + 1).pack()
    with pytest.raises(ValueError):
        UnitRename(LONGEST_UNIT + 1).pack()


@pytest.mark.parametrize(
    "data",
    [
        "stf:p:",
        "stf:p:12a",
        "stf:p:1:2",
        "stf:rev:1:boss",
        "stf:rev:1:operator:",
        "stf:gr:1:pelaksana:1:2",
        "stf:ls:-1",
        "stf:p:" + "9" * 16,
        "STF:p:1",
        "stf:p:1\n",
        "inv:role:",
        "inv:role:Operator",
        "lang:fr",
        "unit:ls:x",
        "",
    ],
)
def test_malformed_data_is_not_parsed(data: str) -> None:
    assert all(kind.unpack(data) is None for kind in ALL_KINDS)
