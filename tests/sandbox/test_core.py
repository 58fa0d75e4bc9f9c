"""The fake's answers: shapes, stored messages, edits, deletions, commands, chats."""

from __future__ import annotations

import pytest
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, InvalidToken
from telegram.ext import ExtBot

from bot.sandbox import FakeTelegram, SimUser


async def test_get_me_answers_like_telegram(fake: FakeTelegram) -> None:
    status, body = await fake.handle("getMe", {})
    assert status == 200
    assert body["ok"] is True
    me = body["result"]
    assert me["is_bot"] is True
    assert me["id"] == int(fake.token.split(":")[0])
    assert me["username"] == "ppid_sandbox_bot"
    assert me["first_name"]


async def test_ptb_bot_initializes_on_the_fake(bot: ExtBot[None]) -> None:
    assert bot.username == "ppid_sandbox_bot"
    assert bot.bot.is_bot


async def test_unknown_method_is_404(fake: FakeTelegram) -> None:
    assert await fake.handle("sendTelepathy", {}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_method_names_are_case_insensitive(fake: FakeTelegram) -> None:
    status, _ = await fake.handle("GETME", {})
    assert status == 200


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    other = ExtBot("123:wrong", request=fake.request(), get_updates_request=fake.request())
    with pytest.raises(InvalidToken):
        await other.initialize()


async def test_sent_message_is_stored_and_readable(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    sent = await bot.send_message(siti.id, "Halo Siti")
    assert siti.texts() == ["Halo Siti"]
    stored = siti.last_message()
    assert stored is not None
    assert stored["message_id"] == sent.message_id
    assert stored["from"]["id"] == bot.id
    assert stored["chat"] == {"id": 1001, "type": "private", "first_name": "Siti",
                              "username": "siti"}
    assert type(stored["date"]) is int
    call = fake.calls_to("sendMessage")[-1]
    assert call.ok and type(call.result["date"]) is int


async def test_message_ids_are_per_chat_and_include_the_users_messages(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    budi = fake.user(1002, "Budi")
    siti.send_text("halo")  # message 1 in Siti's chat
    first = await bot.send_message(siti.id, "a")
    other = await bot.send_message(budi.id, "b")
    assert first.message_id == 2
    assert other.message_id == 1
    assert [m["text"] for m in siti.history()] == ["halo", "a"]


async def test_unknown_chat_is_chat_not_found(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Chat not found$"):
        await bot.send_message(424242, "x")


async def test_html_is_parsed_into_entities(siti: SimUser, bot: ExtBot[None]) -> None:
    message = await bot.send_message(siti.id, "<b>Tugas</b> baru &amp; <i>penting</i>",
                                     parse_mode="HTML")
    assert message.text == "Tugas baru & penting"
    stored = siti.last_message()
    assert stored is not None
    assert stored["entities"] == [
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "italic", "offset": 13, "length": 7},
    ]


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ],
)
async def test_malformed_html_is_refused(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None], html: str, detail: str
) -> None:
    with pytest.raises(BadRequest, match="^Can't parse entities"):
        await bot.send_message(siti.id, html, parse_mode="HTML")
    assert fake.calls_to("sendMessage")[-1].description == (
        f"Bad Request: can't parse entities: {detail}"
    )
    assert siti.messages() == []


async def test_html_length_is_counted_after_parsing(siti: SimUser, bot: ExtBot[None]) -> None:
    await bot.send_message(siti.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(siti.last_text() or "") == 4096


async def test_edit_changes_the_stored_message_and_drops_the_keyboard(
    siti: SimUser, bot: ExtBot[None]
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Setujui", callback_data="ok")]])
    sent = await bot.send_message(siti.id, "Draf 1", reply_markup=keyboard)
    assert siti.buttons() == [{"text": "Setujui", "callback_data": "ok"}]
    edited = await bot.edit_message_text("Draf 1 disetujui", siti.id, sent.message_id)
    assert edited.edit_date is not None
    assert siti.texts() == ["Draf 1 disetujui"]
    assert siti.buttons() == []


async def test_identical_edit_is_message_not_modified(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Setujui", callback_data="ok")]])
    sent = await bot.send_message(siti.id, "Draf", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="^Message is not modified"):
        await bot.edit_message_text("Draf", siti.id, sent.message_id, reply_markup=keyboard)
    assert fake.calls_to("editMessageText")[-1].description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    with pytest.raises(BadRequest, match="^Message is not modified"):
        await bot.edit_message_reply_markup(siti.id, sent.message_id, reply_markup=keyboard)
    # A different keyboard is a modification.
    await bot.edit_message_reply_markup(siti.id, sent.message_id, reply_markup=None)
    assert siti.buttons() == []


async def test_edit_of_unknown_or_foreign_message(siti: SimUser, bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Message to edit not found$"):
        await bot.edit_message_text("x", siti.id, 99)
    update = siti.send_text("pesan saya")
    with pytest.raises(BadRequest, match="^Message can't be edited$"):
        await bot.edit_message_text("x", siti.id, update["message"]["message_id"])


async def test_caption_edit(siti: SimUser, bot: ExtBot[None]) -> None:
    sent = await bot.send_document(siti.id, b"%PDF-1.4", filename="a.pdf", caption="v1")
    await bot.edit_message_caption(siti.id, sent.message_id, caption="v2")
    assert siti.texts() == ["v2"]
    text_message = await bot.send_message(siti.id, "teks")
    with pytest.raises(BadRequest, match="^There is no caption in the message to edit$"):
        await bot.edit_message_caption(siti.id, text_message.message_id, caption="x")


async def test_delete_message(siti: SimUser, bot: ExtBot[None]) -> None:
    sent = await bot.send_message(siti.id, "sementara")
    assert await bot.delete_message(siti.id, sent.message_id) is True
    assert siti.messages() == []
    with pytest.raises(BadRequest, match="^Message to delete not found$"):
        await bot.delete_message(siti.id, sent.message_id)


async def test_a_message_of_48_hours_or_more_cannot_be_deleted(siti: SimUser, bot: ExtBot[None]) -> None:
    """As on Telegram: deleteMessage works only on messages sent less than 48 hours ago."""
    fake = siti.fake
    real_clock = fake.wall_clock
    fresh = await bot.send_message(siti.id, "baru")
    old = await bot.send_message(siti.id, "lama")
    fake.wall_clock = lambda: real_clock() + 48 * 3600
    try:
        with pytest.raises(BadRequest, match="^Message can't be deleted$"):
            await bot.delete_message(siti.id, old.message_id)
        assert [message["text"] for message in siti.messages()] == ["baru", "lama"]  # still there
        fake.wall_clock = lambda: real_clock() + 47 * 3600
        assert await bot.delete_message(siti.id, fresh.message_id) is True
    finally:
        fake.wall_clock = real_clock
    assert [message["text"] for message in siti.messages()] == ["lama"]


async def test_reply_to_a_message(siti: SimUser, bot: ExtBot[None]) -> None:
    update = siti.send_text("tolong cek")
    reply = await bot.send_message(
        siti.id, "sudah", reply_to_message_id=update["message"]["message_id"]
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "tolong cek"
    with pytest.raises(BadRequest, match="^Message to be replied not found$"):
        await bot.send_message(siti.id, "x", reply_to_message_id=999)


async def test_commands_are_stored_per_scope(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    await bot.set_my_commands([BotCommand("start", "Mulai"), BotCommand("tugas", "Tugas saya")])
    admin_scope = BotCommandScopeChat(1001)
    await bot.set_my_commands([BotCommand("admin", "Menu admin")], scope=admin_scope)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "tugas"]
    assert [c.command for c in await bot.get_my_commands(scope=admin_scope)] == ["admin"]
    await bot.delete_my_commands(scope=admin_scope)
    assert await bot.get_my_commands(scope=admin_scope) == ()
    with pytest.raises(BadRequest, match="^Bot_command_invalid$"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_get_chat_and_channel_posts(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    channel = fake.channel(-1001234567890, "Pengumuman PPID", username="ppid_pengumuman")
    info = await bot.get_chat("@ppid_pengumuman")
    assert info.id == channel.id and info.type == "channel"
    post = await bot.send_message("@ppid_pengumuman", "DIP diperbarui")
    assert post.sender_chat is not None and post.sender_chat.id == channel.id
    assert channel.texts() == ["DIP diperbarui"]
    user_chat = await bot.get_chat(fake.user(7, "Ani").id)
    assert user_chat.first_name == "Ani"


async def test_menu_button_chat_action_close(fake: FakeTelegram, siti: SimUser,
                                             bot: ExtBot[None]) -> None:
    assert await bot.set_chat_menu_button() is True
    assert await bot.send_chat_action(siti.id, "typing") is True
    status, body = await fake.handle("close", {})
    assert (status, body) == (200, {"ok": True, "result": True})


async def test_copy_and_forward_to_a_channel(fake: FakeTelegram, siti: SimUser,
                                             bot: ExtBot[None]) -> None:
    channel = fake.channel(-100500, "Pengumuman")
    doc = await bot.send_document(siti.id, b"data", filename="dip.xlsx", caption="DIP")
    copied = await bot.copy_message(channel.id, siti.id, doc.message_id)
    post = channel.last_post()
    assert post is not None and post["message_id"] == copied.message_id
    assert post["document"]["file_id"] == doc.document.file_id  # type: ignore[union-attr]
    forwarded = await bot.forward_message(channel.id, siti.id, doc.message_id)
    assert forwarded.forward_origin is not None


async def test_call_record(fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]) -> None:
    await bot.send_message(siti.id, "satu")
    with pytest.raises(BadRequest):
        await bot.send_message(siti.id, "")
    calls = fake.calls_to("sendMessage")
    assert [c.ok for c in calls] == [True, False]
    assert calls[0].params["chat_id"] == siti.id
    assert calls[1].error_code == 400
    assert calls[1].description == "Bad Request: message text is empty"
    assert all(c.method != "getUpdates" for c in fake.bot_calls())


async def test_profile_and_chat_member(fake: FakeTelegram, siti: SimUser,
                                       bot: ExtBot[None]) -> None:
    assert await bot.set_my_description("Bot SOP PPID") is True
    assert (await bot.get_my_description()).description == "Bot SOP PPID"
    assert (await bot.get_my_name(language_code="id")).name == ""
    channel = fake.channel(-100900, "Pengumuman")
    member = await bot.get_chat_member(channel.id, bot.id)
    assert member.status == "administrator"
    assert (await bot.get_chat_member(siti.id, siti.id)).status == "member"
    with pytest.raises(BadRequest, match="^User not found$"):
        await bot.get_chat_member(siti.id, 31337)


async def test_a_second_poller_ends_the_waiting_one_with_409(fake: FakeTelegram) -> None:
    """As Telegram does when two bot instances poll with one token: the newer long poll wins."""
    import asyncio

    first = asyncio.ensure_future(fake.handle("getUpdates", {"timeout": 5}))
    await asyncio.sleep(0.05)
    second = asyncio.ensure_future(fake.handle("getUpdates", {"timeout": 0}))
    status, body = await asyncio.wait_for(first, timeout=2)
    assert (status, body["error_code"]) == (409, 409)
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )
    assert await second == (200, {"ok": True, "result": []})
    assert await fake.handle("getUpdates", {"timeout": 0}) == (200, {"ok": True, "result": []})  # one at a time: fine


async def test_a_channel_the_bot_does_not_administer_refuses_its_posts(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    from telegram.error import Forbidden

    fake.channel(-1002000000002, "Kanal Lain", username="kanal_lain", bot_admin=False)
    member = await bot.get_chat_member("@kanal_lain", bot.id)
    assert member.status == "left"
    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await bot.send_message("@kanal_lain", "Pengumuman")
    assert fake.messages(-1002000000002) == []
    fake.channel(-1002000000003, "Kanal Kantor", username="kanal_kantor")
    assert (await bot.get_chat_member("@kanal_kantor", bot.id)).status == "administrator"
