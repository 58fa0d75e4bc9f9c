"""Telegram's limits, as a PTB bot experiences them through the fake."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden
from telegram.ext import ExtBot

from bot.sandbox import FakeTelegram, SimUser
from bot.sandbox.errors import SandboxError


def _keyboard(rows: int, per_row: int, data: str = "x") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"{r}-{c}", callback_data=data) for c in range(per_row)]
         for r in range(rows)]
    )


async def test_text_limit_4096(fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Message is too long$"):
        await bot.send_message(siti.id, "x" * 4097)
    assert fake.calls_to("sendMessage")[-1].response == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is too long",
    }
    await bot.send_message(siti.id, "x" * 4096)
    assert siti.texts() == ["x" * 4096]


async def test_empty_text(siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Message text is empty$"):
        await bot.send_message(siti.id, "   ")
    with pytest.raises(BadRequest, match="^Message text is empty$"):
        await bot.send_message(siti.id, "<b></b>", parse_mode="HTML")


async def test_callback_data_1_to_64_bytes(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    with pytest.raises(BadRequest, match="^Button_data_invalid$"):
        await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 1, "a" * 65))
    assert fake.calls_to("sendMessage")[-1].description == "Bad Request: BUTTON_DATA_INVALID"
    # 64 bytes is fine, counted in bytes: 32 two-byte characters.
    await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 1, "a" * 64))
    await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 1, "é" * 32))
    with pytest.raises(BadRequest, match="^Button_data_invalid$"):
        await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 1, "é" * 33))
    assert len(siti.messages()) == 2


async def test_at_most_100_buttons(siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Reply markup is too long$"):
        await bot.send_message(siti.id, "x", reply_markup=_keyboard(101, 1))
    await bot.send_message(siti.id, "x", reply_markup=_keyboard(100, 1))
    await bot.send_message(siti.id, "x", reply_markup=_keyboard(12, 8))  # 96 buttons
    with pytest.raises(BadRequest, match="^Reply markup is too long$"):
        await bot.send_message(siti.id, "x", reply_markup=_keyboard(13, 8))  # 104 buttons


async def test_at_most_8_buttons_per_row(siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Reply markup is too long$"):
        await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 9))
    await bot.send_message(siti.id, "x", reply_markup=_keyboard(1, 8))


async def test_limits_apply_to_edits(siti: SimUser, bot: ExtBot[None]) -> None:
    sent = await bot.send_message(siti.id, "x")
    with pytest.raises(BadRequest, match="^Message is too long$"):
        await bot.edit_message_text("y" * 4097, siti.id, sent.message_id)
    with pytest.raises(BadRequest, match="^Button_data_invalid$"):
        await bot.edit_message_reply_markup(siti.id, sent.message_id,
                                            reply_markup=_keyboard(1, 1, "b" * 65))
    assert siti.texts() == ["x"]


async def test_caption_limit_1024(siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Message caption is too long$"):
        await bot.send_document(siti.id, b"abc", filename="a.txt", caption="c" * 1025)
    await bot.send_document(siti.id, b"abc", filename="a.txt", caption="c" * 1024)
    with pytest.raises(BadRequest, match="^Message caption is too long$"):
        await bot.send_photo(siti.id, b"\x89PNG\r\n\x1a\n", caption="c" * 1025)
    assert siti.texts() == ["c" * 1024]


async def test_callback_answer_limits(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(siti.id, "Pilih", reply_markup=_keyboard(1, 1, "ok"))
    update = siti.press(sent.message_id, "ok")
    query_id = update["callback_query"]["id"]
    with pytest.raises(BadRequest, match="^Message_too_long$"):
        await bot.answer_callback_query(query_id, text="t" * 201)
    assert await bot.answer_callback_query(query_id, text="t" * 200) is True
    assert siti.last_callback_answer() == {
        "callback_query_id": query_id, "text": "t" * 200, "show_alert": False,
        "url": None, "cache_time": 0,
    }
    with pytest.raises(BadRequest, match="^Query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    assert fake.calls_to("answerCallbackQuery")[-1].description == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    with pytest.raises(BadRequest, match="^Query is too old"):
        await bot.answer_callback_query("no-such-query")


async def test_callback_query_expires() -> None:
    now = [1000.0]
    fake = FakeTelegram(clock=lambda: now[0], callback_query_max_age=10)
    person = fake.user(5, "Ani")
    async with fake.make_bot() as bot:
        sent = await bot.send_message(person.id, "Pilih", reply_markup=_keyboard(1, 1, "ok"))
        fresh = person.press(sent.message_id, "ok")["callback_query"]["id"]
        late = person.press(sent.message_id, "ok")["callback_query"]["id"]
        assert fresh != late
        now[0] += 5
        assert await bot.answer_callback_query(fresh)
        now[0] += 6
        with pytest.raises(BadRequest, match="^Query is too old"):
            await bot.answer_callback_query(late)


async def test_blocked_user_is_forbidden(fake: FakeTelegram, siti: SimUser,
                                         bot: ExtBot[None]) -> None:
    sent = await bot.send_message(siti.id, "sebelum")
    siti.block()
    with pytest.raises(Forbidden, match="^Forbidden: bot was blocked by the user$"):
        await bot.send_message(siti.id, "x")
    call = fake.calls_to("sendMessage")[-1]
    assert (call.status, call.error_code) == (403, 403)
    with pytest.raises(Forbidden):
        await bot.edit_message_text("y", siti.id, sent.message_id)
    with pytest.raises(SandboxError):
        siti.send_text("halo")
    siti.unblock()
    await bot.send_message(siti.id, "lagi")
    assert siti.texts() == ["sebelum", "lagi"]
    kinds = [next(k for k in u if k != "update_id") for u in fake.updates.pending]
    assert kinds == ["my_chat_member", "my_chat_member"]


async def test_user_who_never_started_the_bot(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    stranger = fake.user(9, "Asing", started=False)
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "x")
    stranger.send_command("/start")
    await bot.send_message(stranger.id, "x")
