"""Through the sandbox (issue 12, point 12): a pop-up shows a name with "&" and "<" as written, and
a /riwayat longer than one message arrives as valid HTML parts showing the whole text."""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from bot.sandbox.entities import parse_formatted
from tests.bot.cycle_helpers import UTAMA_ID, build_office, cycle_at_review, person



async def test_a_popup_shows_a_name_with_ampersand_and_brackets_plainly(make_settings: Callable[..., Settings]) -> None:
    """Role names are the bot's own now (`bot.texts.role_name`); a person's name still reaches a
    pop-up: the draft another PPID Utama decided names them."""
    office = await build_office(make_settings())
    try:
        _, cycle_id = await cycle_at_review(office)
        async with office.services.db.transaction() as conn:
            await conn.execute("UPDATE users SET full_name = ? WHERE telegram_id = ?", ("Umar A & B <x>", UTAMA_ID))
        await office.services.workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
        office.utama2.send_command("/start")
        await office.deliver()
        await office.press_on_last(office.utama2, f"rv:ok:{cycle_id}:1")  # an approve button of before
        answer = office.utama2.last_callback_answer()
        assert answer is not None and answer["show_alert"] is True
        assert answer["text"] == "Draf ini sudah diputuskan oleh Umar A & B <x>."
    finally:
        await office.app.shutdown()


async def test_a_long_history_is_split_into_valid_html_showing_everything(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings())
    try:
        item_id, cycle_id = await cycle_at_review(office)
        office.utama.send_command("/start")
        await office.deliver()
        await office.press_on_last(office.utama, f"rv:ret:{cycle_id}:1")
        reason = "Tabel A&B <kolom> kurang; " + "&<>" * 320  # 999 characters, over 4,300 once escaped
        assert len(reason) <= 1000
        office.utama.send_text(reason)
        await office.deliver()

        office.admin.send_command("/start")
        await office.deliver()
        before = len(office.admin.messages())
        office.admin.send_command("/riwayat", str(item_id))
        await office.deliver()
        history = office.admin.messages()[before:]
        assert len(history) >= 2  # longer than one message
        shown = ""
        for message in history:
            # The sandbox answers a send as Telegram does: broken HTML would have been refused.
            assert "text" in message
            shown += message["text"]
        assert reason in shown.replace("\n", "")
        assert "&amp;" not in shown and "&lt" not in shown and "&am" not in shown
        calls = office.fake.calls_to("sendMessage")[-len(history):]
        for call in calls:
            parse_formatted(call.params["text"], "HTML")
    finally:
        await office.app.shutdown()
