"""An invite dies with its creator's role; /undang lists and revokes open invites; every admin is
told when someone becomes admin; a new member of staff gets their command menu at once."""

from __future__ import annotations

import re

from bot.onboarding import create_invite
from bot.sandbox import SimUser
from bot.staff import find_person
from tests.conftest import ADMIN_ID, BotUnderTest

DEWI_ID, SARI_ID, SITI_ID, FAJAR_ID = 791001, 791002, 791003, 791004
REVOKED = "Maaf, tautan undangan ini sudah dibatalkan oleh Admin PPID."


async def join(bot: BotUnderTest, telegram_id: int, name: str, role: str, by: int = ADMIN_ID) -> SimUser:
    token, _ = await create_invite(bot.app.services, by, role)
    person = bot.fake.user(telegram_id, name)
    person.send_command("/start", token)
    await bot.deliver()
    assert (person.last_text() or "").startswith("✅ Pendaftaran Bapak/Ibu berhasil."), person.last_text()
    return person


async def invite_by_chat(bot: BotUnderTest, admin: SimUser, role_label: str) -> str:
    """`/undang`, then the role's button; the token of the link the admin got."""
    admin.send_command("/undang")
    await bot.deliver()
    admin.press_button(role_label)
    await bot.deliver()
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", admin.last_text() or "")
    assert match is not None, admin.last_text()
    return match.group(1)


async def on_card(bot: BotUnderTest, admin: SimUser, name: str, *labels: str) -> None:
    """`/staf`, the person's card, then each button of `labels` in turn."""
    admin.send_command("/staf")
    await bot.deliver()
    for label in (f"👤 {name}", *labels):
        admin.press_button(label)
        await bot.deliver()


async def admins(bot: BotUnderTest) -> set[int]:
    return {grant.telegram_id for grant in await bot.app.services.users.role_holders("admin")}


async def test_a_deactivated_admin_cannot_come_back_with_their_own_invite(running_bot: BotUnderTest) -> None:
    bot, services = running_bot, running_bot.app.services
    rina = bot.fake.user(ADMIN_ID, "Rina")
    token = await invite_by_chat(bot, rina, "Admin PPID")  # kept for later
    dewi = await join(bot, DEWI_ID, "Dewi", "admin")
    await on_card(bot, dewi, "Rina", "⛔ Nonaktifkan petugas", "Ya, nonaktifkan")
    assert await find_person(services, ADMIN_ID) is None
    entry = (await services.audit.entries(services.db))[-1]
    invite = await services.invites.get(token)
    assert invite is not None and invite.status(services.invites.now()) == "revoked"
    assert entry.action == "user.deactivate" and entry.details["invites_revoked"] == [invite.id]

    rina.send_command("/start", token)
    await bot.deliver()
    assert (rina.last_text() or "").startswith(REVOKED)
    assert await find_person(services, ADMIN_ID) is None
    assert await admins(bot) == {DEWI_ID}


async def test_an_admin_who_loses_the_role_loses_their_open_invites(running_bot: BotUnderTest) -> None:
    bot, services = running_bot, running_bot.app.services
    rina = bot.fake.user(ADMIN_ID, "Rina")
    async with services.db.transaction() as conn:  # Rina stays staff after losing admin
        await services.users.grant_role(conn, telegram_id=ADMIN_ID, role="operator")
    admin_link = await invite_by_chat(bot, rina, "Admin PPID")
    operator_link = await invite_by_chat(bot, rina, "Operator PPID")
    dewi = await join(bot, DEWI_ID, "Dewi", "admin")
    await on_card(bot, dewi, "Rina", "➖ Cabut: Admin PPID", "Ya, cabut peran")
    person = await find_person(services, ADMIN_ID)
    assert person is not None and person.roles == {"operator"}
    assert await services.invites.list_open() == []
    entry = (await services.audit.entries(services.db))[-1]
    assert entry.action == "role.revoke" and len(entry.details["invites_revoked"]) == 2
    rina.send_command("/start", admin_link)
    fajar = bot.fake.user(FAJAR_ID, "Fajar")
    fajar.send_command("/start", operator_link)
    await bot.deliver()
    assert (rina.last_text() or "").startswith(REVOKED) and (fajar.last_text() or "").startswith(REVOKED)
    assert await admins(bot) == {DEWI_ID}
    assert await services.users.get(FAJAR_ID) is None


async def test_redeeming_checks_the_creator_inside_the_transaction(running_bot: BotUnderTest) -> None:
    """Even a demotion that bypassed /staf (a script, a restore) does not let the invite through."""
    bot, services = running_bot, running_bot.app.services
    dewi = await join(bot, DEWI_ID, "Dewi", "admin")
    token, _ = await create_invite(services, DEWI_ID, "admin")
    async with services.db.transaction() as conn:
        assert await services.users.revoke_role(conn, telegram_id=DEWI_ID, role="admin")
    assert (await services.invites.get(token)).status(services.invites.now()) == "open"  # type: ignore[union-attr]
    dewi.send_command("/start", token)
    fajar = bot.fake.user(FAJAR_ID, "Fajar")
    fajar.send_command("/start", token)
    await bot.deliver()
    assert (dewi.last_text() or "").startswith(REVOKED) and (fajar.last_text() or "").startswith(REVOKED)
    assert await admins(bot) == {ADMIN_ID}
    invite = await services.invites.get(token)
    assert invite is not None and invite.used_by is None and invite.revoked_at is not None
    entry = (await services.audit.entries(services.db))[-1]
    assert (entry.action, entry.details["reason"]) == ("invite.revoke", "creator_not_admin")


async def test_undang_lists_open_invites_and_revokes_them(running_bot: BotUnderTest) -> None:
    bot, services = running_bot, running_bot.app.services
    rina = bot.fake.user(ADMIN_ID, "Rina")
    operator_link = await invite_by_chat(bot, rina, "Operator PPID")
    await invite_by_chat(bot, rina, "PPID Utama")
    rina.send_command("/undang")
    await bot.deliver()
    text = rina.last_text() or ""
    operator_invite = await services.invites.get(operator_link)
    assert operator_invite is not None
    assert "Undangan terbuka (2)" in text
    assert re.search(rf"• #{operator_invite.id} Operator PPID: dibuat .+ oleh Rina, berlaku sampai .+", text), text
    assert operator_link not in text  # the list never shows a token
    labels = [button["text"] for button in rina.buttons()]
    assert f"❌ Batalkan #{operator_invite.id} Operator PPID" in labels
    menu = rina.last_message()

    siti = await join(bot, SITI_ID, "Siti", "operator")  # not an admin: her press is refused
    siti.send_command("/start")
    await bot.deliver()
    siti.press(siti.last_message(), f"inv:rv:{operator_invite.id}")  # type: ignore[arg-type]
    await bot.deliver()
    assert siti.last_callback_answer()["text"] == "Maaf, hanya Admin PPID yang dapat melakukan ini."  # type: ignore[index]

    rina.press_button(f"❌ Batalkan #{operator_invite.id} Operator PPID")
    await bot.deliver()
    assert rina.last_callback_answer()["text"] == "Undangan dibatalkan."  # type: ignore[index]
    assert "Undangan terbuka (1)" in bot.fake.message(ADMIN_ID, menu["message_id"])["text"]  # type: ignore[index]
    rina.press(menu, f"inv:rv:{operator_invite.id}")  # type: ignore[arg-type]  # the old button again
    await bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["show_alert"] is True
    assert answer["text"].startswith("Undangan ini sudah tidak terbuka")
    rina.press(menu, "inv:rv:12x")  # type: ignore[arg-type]  # forged
    await bot.deliver()
    assert rina.last_callback_answer()["text"].startswith("Tombol ini tidak dikenal")  # type: ignore[index]
    revokes = [e for e in await services.audit.entries(services.db) if e.action == "invite.revoke"]
    assert [(e.actor_id, e.entity_id) for e in revokes] == [(ADMIN_ID, str(operator_invite.id))]

    fajar = bot.fake.user(FAJAR_ID, "Fajar")
    fajar.send_command("/start", operator_link)
    await bot.deliver()
    assert (fajar.last_text() or "").startswith(REVOKED)


async def test_every_admin_is_told_when_someone_becomes_admin(running_bot: BotUnderTest) -> None:
    bot = running_bot
    rina = bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/start")  # the bot learns her name
    await bot.deliver()
    dewi = await join(bot, DEWI_ID, "Dewi", "admin")
    told = "👑 Sari kini menjadi Admin PPID, lewat undangan dari Rina."
    sari = await join(bot, SARI_ID, "Sari", "admin")
    assert told in dewi.texts()
    assert "👋 Sari telah bergabung sebagai Admin PPID." in rina.texts()  # the inviter, as before
    assert not any(text.startswith("👑") for text in sari.texts())

    siti = await join(bot, SITI_ID, "Siti", "operator")
    rina.send_command("/staf")
    await bot.deliver()
    rina.press_button("👤 Siti")
    await bot.deliver()
    rina.press(rina.last_message(), f"stf:gr:{SITI_ID}:admin")  # type: ignore[arg-type]
    await bot.deliver()
    granted = "👑 Siti kini menjadi Admin PPID, diberikan oleh Rina."
    assert granted in dewi.texts() and granted in sari.texts()
    assert granted not in rina.texts() and not any(text.startswith("👑") for text in siti.texts())
    assert await admins(bot) == {ADMIN_ID, DEWI_ID, SARI_ID, SITI_ID}


async def test_the_new_member_gets_their_command_menu_as_they_join(running_bot: BotUnderTest) -> None:
    bot = running_bot
    token, _ = await create_invite(bot.app.services, ADMIN_ID, "operator")
    fajar = bot.fake.user(FAJAR_ID, "Fajar")
    fajar.send_command("/start", token)
    before = len(bot.fake.calls)
    await bot.deliver()
    menus = [
        call for call in bot.fake.calls[before:]
        if call.method == "setMyCommands" and call.params.get("scope") == {"type": "chat", "chat_id": FAJAR_ID}
    ]
    assert len(menus) == 1
    names = {command["command"] for command in menus[0].params["commands"]}
    assert {"tugas", "bantuan"} <= names
    assert bot.fake.commands[('{"chat_id": %d, "type": "chat"}' % FAJAR_ID, "")] == menus[0].params["commands"]


async def test_a_role_changed_in_staf_changes_the_persons_menu_at_once(running_bot: BotUnderTest) -> None:
    bot = running_bot
    rina = bot.fake.user(ADMIN_ID, "Rina")
    await join(bot, SITI_ID, "Siti", "operator")

    def siti_menu() -> set[str]:
        scope = '{"chat_id": %d, "type": "chat"}' % SITI_ID
        return {command["command"] for command in bot.fake.commands.get((scope, ""), [])}

    assert "undang" not in siti_menu() and "tugas" in siti_menu()
    await on_card(bot, rina, "Siti")
    rina.press(rina.last_message(), f"stf:gr:{SITI_ID}:admin")  # type: ignore[arg-type]
    await bot.deliver()
    assert "undang" in siti_menu()  # before Siti writes anything
    await on_card(bot, rina, "Siti", "➖ Cabut: Admin PPID", "Ya, cabut peran")
    assert "undang" not in siti_menu() and "tugas" in siti_menu()
    await on_card(bot, rina, "Siti", "⛔ Nonaktifkan petugas", "Ya, nonaktifkan")
    assert siti_menu() == set()
