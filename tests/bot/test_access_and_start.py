"""Registered staff are greeted with their roles; anyone else gets a polite refusal and nothing else."""

from __future__ import annotations

from bot.staff import find_person
from tests.conftest import ADMIN_ID, BotUnderTest


async def test_first_admin_from_configuration_is_greeted_with_role(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina", last_name="Wulandari")
    rina.send_command("/start")
    await running_bot.deliver()
    assert rina.texts()[-1].startswith("Selamat datang, Rina Wulandari.")
    assert "Peran Bapak/Ibu: Admin PPID." in rina.last_text()
    assert "/sop" in rina.last_text()
    assert len(rina.messages()) == 1
    person = await find_person(running_bot.app.services, ADMIN_ID)
    assert person is not None and person.full_name == "Rina Wulandari" and person.roles == {"admin"}
    entries = await running_bot.app.services.audit.entries(running_bot.app.services.db, entity_type="user")
    assert [(e.action, e.entity_id, e.details) for e in entries] == [
        ("role.grant", str(ADMIN_ID), {"role": "admin", "source": "ADMIN_IDS"})
    ]


async def test_unregistered_person_gets_refusal_and_nothing_is_stored(running_bot: BotUnderTest) -> None:
    budi = running_bot.fake.user(790001, "Budi")
    for send in (lambda: budi.send_command("/start"), lambda: budi.send_command("/sop"), lambda: budi.send_text("halo")):
        send()
    await running_bot.deliver()
    assert len(budi.texts()) == 3
    assert all(text.startswith("Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.") for text in budi.texts())
    db = running_bot.app.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM users WHERE telegram_id = 790001") == 0
    assert [call.method for call in running_bot.fake.bot_calls() if call.method == "sendMessage"] == ["sendMessage"] * 3


async def test_unregistered_button_press_is_answered_with_refusal(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    budi = running_bot.fake.user(790001, "Budi")
    rina.send_command("/start")
    await running_bot.deliver()
    # Budi forges a press on a message id in his own chat (he never got a keyboard).
    budi.send_command("/start")
    await running_bot.deliver()
    budi.press(budi.last_message(), "review:approve:1")
    await running_bot.deliver()
    answer = budi.last_callback_answer()
    assert answer is not None and answer["text"] == "Maaf, Anda belum terdaftar sebagai petugas PPID."
    assert answer["show_alert"] is True


async def test_revoked_role_stops_working_at_once(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/bantuan")
    await running_bot.deliver()
    assert "/sop" in rina.last_text()
    async with services.db.transaction() as conn:
        assert await services.users.revoke_role(conn, telegram_id=ADMIN_ID, role="admin")
    rina.send_command("/sop")
    await running_bot.deliver()
    assert rina.last_text().startswith("Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.")


async def test_text_no_flow_understands_gets_one_pointer(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_text("pesan biasa")
    await running_bot.deliver()
    assert rina.texts() == ["Maaf, saya tidak memahami pesan itu. Ketik /bantuan untuk melihat perintah."]
    assert len(running_bot.fake.calls_to("sendMessage")) == 1


async def test_stale_or_unknown_button_is_answered(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/start")
    await running_bot.deliver()
    rina.press(rina.last_message(), "tidak:dikenal")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Tombol ini sudah tidak berlaku.")


async def test_config_admins_are_seeded_once(running_bot: BotUnderTest) -> None:
    from bot.staff import ensure_config_admins

    assert await ensure_config_admins(running_bot.app.services) == []
    db = running_bot.app.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM user_roles WHERE telegram_id = ?", (ADMIN_ID,)) == 1
    assert await db.fetch_value("SELECT COUNT(*) FROM audit_log") == 1
