"""`/sop` shows the whole SOP within Telegram's limits; the command menus are set per language."""

from __future__ import annotations

from bot.app import set_command_menus
from bot.telegram_limits import MESSAGE_TEXT_MAX
from tests.conftest import ADMIN_ID, BotUnderTest


async def test_sop_shows_header_and_all_seven_steps(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/sop")
    await running_bot.deliver()
    texts = rina.texts()
    assert len(texts) == 2
    assert all(len(text) <= MESSAGE_TEXT_MAX for text in texts)
    assert texts[0].startswith("SOP PENGUMUMAN INFORMASI PUBLIK")
    assert "Dasar Hukum" in texts[0] and "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik" in texts[0]
    for number in range(1, 8):
        assert f"Langkah {number} dari 7" in texts[1]
    assert "Kelengkapan: Surat Koordinasi" in texts[1]
    # HTML was parsed by "Telegram": headings arrive as bold entities, not as tags.
    assert "<b>" not in texts[0]
    assert any(entity["type"] == "bold" for entity in rina.messages()[0].get("entities", []))


async def test_sop_in_english_for_a_person_who_chose_english(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    async with services.db.transaction() as conn:
        await services.users.set_language(conn, ADMIN_ID, "en")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/sop")
    await running_bot.deliver()
    assert "Step 3 of 7: Prepare the periodic and immediate public information" in rina.texts()[1]
    assert "Legal basis" in rina.texts()[0]


async def test_public_menu_has_start_and_search_only_and_staff_get_their_roles_menu(running_bot: BotUnderTest) -> None:
    await set_command_menus(running_bot.app)
    calls = running_bot.fake.calls_to("setMyCommands")
    assert len(calls) == 2 and all(call.ok for call in calls)
    by_language = {call.params.get("language_code"): _commands(call.params["commands"]) for call in calls}
    assert by_language == {None: ["cari", "start"], "en": ["cari", "start"]}

    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/start")
    await running_bot.deliver()
    rina.send_command("/bantuan")
    await running_bot.deliver()
    chat_menus = [call for call in running_bot.fake.calls_to("setMyCommands") if "scope" in call.params and call not in calls]
    assert len(chat_menus) == 1, "the menu is set once, not on every message"
    admin_menu = _commands(chat_menus[0].params["commands"])
    assert {"tugas", "sop", "informasi", "undang", "staf", "unit", "batal"} <= set(admin_menu)

    services = running_bot.app.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=ADMIN_ID, role="operator")
        await services.users.revoke_role(conn, telegram_id=ADMIN_ID, role="admin")
    rina.send_command("/tugas")
    await running_bot.deliver()
    operator_menu = _commands(running_bot.fake.calls_to("setMyCommands")[-1].params["commands"])
    assert "tugas" in operator_menu and "undang" not in operator_menu

    async with services.db.transaction() as conn:
        await services.users.revoke_role(conn, telegram_id=ADMIN_ID, role="operator")
    rina.send_command("/tugas")
    await running_bot.deliver()
    assert rina.last_text().startswith("Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.")
    assert len(running_bot.fake.calls_to("deleteMyCommands")) == 1


def _commands(value: object) -> list[str]:
    import json

    parsed = json.loads(value) if isinstance(value, str) else value
    return [command["command"] for command in parsed]  # type: ignore[union-attr]


async def test_after_start_up_sets_the_public_menu_and_sets_start_up_objects_aside(running_bot: BotUnderTest) -> None:
    import gc

    from bot.app import after_start_up

    frozen_before = gc.get_freeze_count()
    await after_start_up(running_bot.app)
    assert len(running_bot.fake.calls_to("setMyCommands")) == 2
    assert gc.get_freeze_count() > frozen_before
    gc.unfreeze()  # give the rest of the test run its objects back
