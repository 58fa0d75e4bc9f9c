"""Staff work only in private chats: from a group, a supergroup or a channel, no command and no
button does anything, whoever sends it (a button gets a refusal pop-up, a group one notice). Every
command and every button family registered on the application is tried (read from the application
itself, so a new one is covered by itself)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import Phase, find, settings
from hypothesis import strategies as st
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.app import PpidApplication
from bot.telegram_limits import CALLBACK_DATA_MAX_BYTES
from tests.bot.cycle_helpers import Office

NOTICE = "Bot ini hanya melayani staf lewat obrolan pribadi, tidak di grup atau kanal."
REFUSAL = "Bot ini hanya melayani staf lewat obrolan pribadi. Tombol ini tidak berlaku di sini."
GROUP_ID, SUPERGROUP_ID = -4001234567, -1002000000001
STRANGER_ID = 796001


def _handlers(handlers: list[BaseHandler]) -> Iterator[BaseHandler]:  # type: ignore[type-arg]
    """Every handler, the ones inside conversations too."""
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            yield from _handlers(list(handler.entry_points))
            for state_handlers in handler.states.values():
                yield from _handlers(list(state_handlers))
            yield from _handlers(list(handler.fallbacks))
        else:
            yield handler


def registered(app: PpidApplication) -> list[BaseHandler]:  # type: ignore[type-arg]
    return [handler for group in app.handlers.values() for handler in _handlers(list(group))]


def commands(app: PpidApplication) -> list[str]:
    """Every command some handler answers."""
    return sorted({name for h in registered(app) if isinstance(h, CommandHandler) for name in h.commands})


def button_data(app: PpidApplication) -> list[str]:
    """One callback data per button family: the simplest that each handler's own pattern accepts."""
    fits = st.text(max_size=CALLBACK_DATA_MAX_BYTES)
    # The same sample every run, drawn without shrinking (fast); any sample the pattern takes will do.
    once = settings(database=None, derandomize=True, phases=[Phase.generate])
    data: set[str] = set()
    for handler in registered(app):
        if not isinstance(handler, CallbackQueryHandler):
            continue
        pattern = handler.pattern
        if pattern is None:  # the fallback: any button at all
            data.add(find(fits, lambda text: len(text) > 0, settings=once))
            continue
        assert isinstance(pattern, (str, re.Pattern)), f"a pattern this test cannot draw from: {pattern!r}"
        sample = find(
            st.from_regex(pattern),
            lambda text: 0 < len(text.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES,
            settings=once,
        )
        assert handler.check_update(_press_of(app, sample)), (pattern, sample)
        data.add(sample)
    return sorted(data)


def _press_of(app: PpidApplication, data: str) -> object:
    from telegram import CallbackQuery, Update, User

    query = CallbackQuery("1", User(1, "x", False), "1", data=data)
    return Update(1, callback_query=query)


async def test_nothing_is_done_for_anyone_outside_a_private_chat(office: Office) -> None:
    services = office.services
    admin = office.admin
    async with services.db.transaction() as conn:  # the admin holds every role: no role check refuses
        for role, unit_id in (("operator", None), ("utama", None), ("pelaksana", office.unit_id)):
            await services.users.grant_role(conn, telegram_id=admin.id, role=role, unit_id=unit_id)  # type: ignore[arg-type]
    all_commands, all_data = commands(office.app), button_data(office.app)
    assert {"undang", "staf", "tugas", "cari", "start"} <= set(all_commands)
    assert len(all_data) >= 40
    admin.send_command("/undang")  # a keyboard in private, to forward into the groups
    await office.deliver()
    keyboard = admin.last_message()
    assert keyboard is not None and keyboard.get("reply_markup")
    stranger = office.fake.user(STRANGER_ID, "Orang Lain")
    audit_before = await office.db_value("SELECT COUNT(*) FROM audit_log")
    calls_before = len(office.fake.bot_calls())
    posts_before = len(office.channel.posts())

    groups = [office.fake.group(GROUP_ID, "Grup Kantor"), office.fake.group(SUPERGROUP_ID, "Forum PPID", supergroup=True)]
    presses = 0
    for group in groups:
        forwarded = group.forward(admin, keyboard)
        for someone in (admin, stranger):
            for name in all_commands:
                group.send_command(someone, f"/{name}")
            group.send_command(someone, "/start", "tokenundangan123")
            group.send_text(someone, "halo")
            for data in all_data:
                group.press(someone, forwarded, data)
                presses += 1
            await office.deliver()
    for name in all_commands:
        office.channel.post(f"/{name}")
    post = office.channel.post("/start tokenundangan123")["channel_post"]
    for someone in (admin, stranger):  # readers pressing (forged) buttons on a channel post
        for data in all_data:
            office.channel.press(someone, post, data)
            presses += 1
    await office.deliver()

    calls = office.fake.bot_calls()[calls_before:]
    answers = [call for call in calls if call.method == "answerCallbackQuery"]
    assert len(answers) == presses
    assert all(call.params.get("text") == REFUSAL and call.params.get("show_alert") for call in answers)
    others = [(call.method, call.params.get("chat_id")) for call in calls if call.method != "answerCallbackQuery"]
    assert others == [("sendMessage", GROUP_ID), ("sendMessage", SUPERGROUP_ID)]  # the notice, once per group
    for group in groups:
        assert len(group.texts()) == 1 and group.texts()[0].startswith(NOTICE)
    assert len(office.channel.posts()) == posts_before  # the public channel is never answered
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == audit_before
    assert await office.db_value("SELECT COUNT(*) FROM users WHERE telegram_id = ?", STRANGER_ID) == 0
    told = await services.kv.get_all("group_notices")
    assert sorted(told) == sorted(str(group.id) for group in groups)


async def test_a_group_is_told_once_even_after_a_restart(office: Office) -> None:
    group = office.fake.group(GROUP_ID, "Grup Kantor")
    group.send_command(office.admin, "/tugas")
    await office.deliver()
    assert group.texts() == [NOTICE + "\nSilakan buka obrolan pribadi dengan bot ini untuk bekerja."]
    # The memory is the database's, not the process's.
    office.app.bot_data.clear()
    group.send_command(office.admin, "/tugas")
    group.send_text(office.operator, "ada yang bisa bantu?")
    await office.deliver()
    assert len(group.texts()) == 1


async def test_the_gate_fails_closed(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error inside the gate (here: the database, while reading what the group was told) stops
    the update: PTB would otherwise go on to the handlers after it."""
    group = office.fake.group(GROUP_ID, "Grup Kantor")

    async def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(office.services.kv, "get", broken)
    calls_before = len(office.fake.bot_calls())
    group.send_command(office.admin, "/undang")
    await office.deliver()
    assert office.fake.bot_calls()[calls_before:] == []
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'invite.create'") == 0
