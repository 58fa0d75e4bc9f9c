"""Through the sandbox (issue 12, point 12): a pop-up shows a name with "&" and "<" as written, and
a /riwayat longer than one message arrives as valid HTML parts showing the whole text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.config import Settings
from bot.sandbox.entities import parse_formatted
from tests.bot.cycle_helpers import build_office, cycle_at_review

SHIPPED_SOP = Path(__file__).resolve().parents[2] / "bot" / "data" / "sop_pengumuman_informasi_publik.toml"


async def test_a_popup_shows_a_name_with_ampersand_and_brackets_plainly(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    sop_file = tmp_path / "sop.toml"
    sop_file.write_text(
        SHIPPED_SOP.read_text(encoding="utf-8").replace('utama = "PPID Utama"', 'utama = "PPID Utama A & B <x>"'),
        encoding="utf-8",
    )
    office = await build_office(make_settings(sop_file=sop_file))
    try:
        _, cycle_id = await cycle_at_review(office)
        office.operator.send_command("/start")
        await office.deliver()
        await office.press_on_last(office.operator, f"rv:ok:{cycle_id}:1")  # the operator forges PPID Utama's button
        answer = office.operator.last_callback_answer()
        assert answer is not None and answer["show_alert"] is True
        assert answer["text"] == "Maaf, langkah ini hanya untuk PPID Utama A & B <x>."
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
