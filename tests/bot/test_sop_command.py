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


async def test_command_menus_are_set_in_indonesian_and_english(running_bot: BotUnderTest) -> None:
    await set_command_menus(running_bot.app)
    calls = running_bot.fake.calls_to("setMyCommands")
    assert len(calls) == 2 and all(call.ok for call in calls)
    by_language = {call.params.get("language_code"): call.params["commands"] for call in calls}
    assert set(by_language) == {None, "en"}
    indonesian = by_language[None]
    if isinstance(indonesian, str):
        import json

        indonesian = json.loads(indonesian)
    from bot.texts import COMMANDS

    assert [command["command"] for command in indonesian] == [c.name for c in COMMANDS]
    assert {"start", "tugas", "sop", "batal", "bantuan"} <= {c.name for c in COMMANDS}
    sop = next(command for command in indonesian if command["command"] == "sop")
    assert sop["description"] == "Tampilkan SOP Pengumuman Informasi Publik"
