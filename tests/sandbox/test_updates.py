"""Updates: what simulated users queue, getUpdates semantics, and both ways of driving a bot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import FakeTelegram, SandboxError, SimUser, deliver


async def _get_updates(fake: FakeTelegram, **params: object) -> list[dict[str, object]]:
    status, body = await fake.handle("getUpdates", params)
    assert status == 200
    return body["result"]


def test_command_update_shape(siti: SimUser) -> None:
    update = siti.send_command("/start", "abc123")
    message = update["message"]
    assert message["text"] == "/start abc123"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"] == {"id": 1001, "is_bot": False, "first_name": "Siti",
                               "username": "siti", "language_code": "id"}
    assert message["chat"]["type"] == "private" and message["chat"]["id"] == 1001
    assert type(message["date"]) is int
    assert Update.de_json(update, None).message.text == "/start abc123"  # type: ignore[union-attr]


async def test_get_updates_offset_confirms(fake: FakeTelegram, siti: SimUser) -> None:
    first = siti.send_text("satu")
    second = siti.send_text("dua")
    assert second["update_id"] == first["update_id"] + 1
    got = await _get_updates(fake)
    assert [u["update_id"] for u in got] == [first["update_id"], second["update_id"]]
    # Not confirmed yet: fetched again.
    assert len(await _get_updates(fake, limit=1)) == 1
    assert await _get_updates(fake, offset=second["update_id"] + 1) == []
    assert fake.updates.pending == []
    third = siti.send_text("tiga")
    siti.send_text("empat")
    got = await _get_updates(fake, offset=-1)
    assert [u["message"]["text"] for u in got] == ["empat"]  # type: ignore[index]
    assert third not in fake.updates.pending


async def test_long_poll_waits_for_an_update(fake: FakeTelegram, siti: SimUser) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.1, siti.send_text, "halo")
    started = time.monotonic()
    got = await _get_updates(fake, timeout=5)
    assert 0.05 < time.monotonic() - started < 2
    assert got[0]["message"]["text"] == "halo"  # type: ignore[index]


async def test_long_poll_times_out_empty(fake: FakeTelegram) -> None:
    started = time.monotonic()
    assert await _get_updates(fake, timeout=0.2) == []
    assert 0.15 < time.monotonic() - started < 1


async def test_press_creates_a_callback_query(fake: FakeTelegram, siti: SimUser) -> None:
    async with fake.make_bot() as bot:
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Setujui", callback_data="rev:7:ok"),
              InlineKeyboardButton("Kembalikan", callback_data="rev:7:back")]]
        )
        sent = await bot.send_message(siti.id, "Draf #7", reply_markup=keyboard)
    first = siti.press(sent.message_id, "rev:7:ok")["callback_query"]
    assert first["data"] == "rev:7:ok"
    assert first["from"]["id"] == siti.id
    assert first["message"]["message_id"] == sent.message_id
    assert first["message"]["text"] == "Draf #7"
    second = siti.press_button("Kembalikan")["callback_query"]
    assert second["data"] == "rev:7:back"
    assert second["id"] != first["id"]
    # A stale or forged press still reaches the bot, as on Telegram...
    forged = siti.press(sent.message_id, "rev:7:forged")["callback_query"]
    assert forged["data"] == "rev:7:forged"
    # ...unless the test insists on a real button.
    with pytest.raises(SandboxError):
        siti.press(sent.message_id, "rev:7:forged", require_button=True)
    with pytest.raises(SandboxError):
        siti.press_button("Tidak ada")
    with pytest.raises(SandboxError):
        siti.press(999, "rev:7:ok")  # not a message the bot sent


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to /start with the deep-link argument and a button."""
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lanjut", callback_data="next")]])
    await update.effective_message.reply_text(
        f"Selamat datang ({' '.join(context.args or [])})", reply_markup=keyboard
    )


async def _next(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer("OK")
    await query.edit_message_text("Langkah berikutnya")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text and documents."""
    message = update.effective_message
    assert message is not None
    if message.document:
        file = await message.document.get_file()
        data = await file.download_as_bytearray()
        await message.reply_text(f"diterima {len(data)} byte")
    else:
        await message.reply_text(message.text or "")


def _handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_next, pattern="^next$"))
    app.add_handler(MessageHandler(filters.TEXT | filters.Document.ALL, _echo))


async def test_deliver_mode(fake: FakeTelegram, siti: SimUser) -> None:
    app = fake.application_builder().build()
    _handlers(app)
    async with app:
        siti.send_command("/start", "undangan-1")
        siti.send_document(b"12345", "data.csv")
        processed = await deliver(app)
        assert len(processed) == 2
        assert siti.texts() == ["Selamat datang (undangan-1)", "diterima 5 byte"]
        siti.press_button("Lanjut")
        assert await fake.deliver(app) == 1
    assert siti.texts()[0] == "Langkah berikutnya"
    assert siti.last_callback_answer()["text"] == "OK"  # type: ignore[index]
    assert fake.updates.pending == []
    assert await deliver(app) == []


async def test_polling_mode_in_process(fake: FakeTelegram, siti: SimUser) -> None:
    app = fake.application_builder().build()
    _handlers(app)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        siti.send_text("halo")
        siti.send_command("/start")
        await fake.wait_until_idle(timeout=5, application=app)
        assert siti.texts() == ["halo", "Selamat datang ()"]
        siti.press_button("Lanjut")
        await fake.wait_until_idle(timeout=5, application=app)
        assert siti.texts()[1] == "Langkah berikutnya"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert fake.updates.pending == []  # the updater confirmed everything on stop


async def test_wait_until_idle_times_out_without_a_bot(fake: FakeTelegram, siti: SimUser) -> None:
    siti.send_text("tidak ada yang membaca")
    with pytest.raises(TimeoutError):
        await fake.wait_until_idle(timeout=0.2)


async def test_groups_supergroups_and_channel_posts_reach_ptb_as_telegram_sends_them(
    fake: FakeTelegram, siti: SimUser, bot: Any
) -> None:
    group = fake.group(-4001, "Grup")
    forum = fake.group(-1002001, "Forum", supergroup=True)
    channel = fake.channel(-1003001, "Kanal", username="kanal")
    command = Update.de_json(group.send_command(siti, "/tugas", "x"), bot)
    assert command.effective_chat.type == "group" and command.effective_user.id == siti.id
    assert command.effective_message.text == "/tugas x" and command.effective_message.entities[0].type == "bot_command"
    assert Update.de_json(forum.send_text(siti, "halo"), bot).effective_chat.type == "supergroup"
    post = Update.de_json(channel.post("/undang"), bot)
    assert post.channel_post is not None and post.effective_user is None
    assert post.effective_chat.type == "channel" and post.channel_post.sender_chat.id == channel.id
    # A keyboard the bot sent in private, forwarded into the group, can be pressed there.
    sent = await bot.send_message(
        siti.id, "kartu", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="ok:1")]])
    )
    copy = group.forward(siti, fake.message(siti.id, sent.message_id) or {})
    press = Update.de_json(group.press(siti, copy, "ok:1"), bot)
    assert press.callback_query.message.chat.type == "group" and press.callback_query.data == "ok:1"
    await press.callback_query.answer("tidak di sini", show_alert=True)
    assert siti.last_callback_answer()["text"] == "tidak di sini"
    await bot.send_message(group.id, "hanya lewat obrolan pribadi")
    assert group.texts() == ["hanya lewat obrolan pribadi"]
    with pytest.raises(SandboxError):
        group.press(siti, 999, "ok:1")
