"""One chat's flood never slows the others: the chat's turn comes before a processing slot, each
chat's backlog is bounded, and people who are not staff have a budget of requests a minute."""

from __future__ import annotations

from collections.abc import Callable
import logging
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.sandbox import SimUser, deliver_at_once
from tests.bot.cycle_helpers import Office, build_office

STRANGER_ID = 795001
BACKLOG = 300


def _answers_before(office: Office, stranger: SimUser, first_of: SimUser) -> int:
    """How many messages the stranger got before the first message to `first_of`."""
    count = 0
    for call in office.fake.calls_to("sendMessage"):
        chat = call.params.get("chat_id")
        if chat == first_of.id:
            return count
        if chat == stranger.id:
            count += 1
    raise AssertionError(f"{first_of} got no answer")


async def test_a_strangers_burst_does_not_delay_an_admins_tasks(make_settings: Callable[..., Settings]) -> None:
    # No budget and no backlog bound here: this is about the order of waiting alone.
    office = await build_office(make_settings(chat_backlog_limit=10_000, public_requests_per_minute=10_000))
    try:
        stranger = office.fake.user(STRANGER_ID, "Banjir")
        for _ in range(BACKLOG):
            stranger.send_command("/cari", "anggaran")
        office.admin.send_command("/tugas")
        await deliver_at_once(office.app, office.fake)
        assert len(stranger.texts()) == BACKLOG  # every one was answered, in the end
        assert office.admin.texts(), "the admin got no answer"
        before = _answers_before(office, stranger, office.admin)
        assert before <= 5
    finally:
        await office.app.shutdown()


async def test_a_chats_backlog_is_bounded_and_the_person_told_once(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings(chat_backlog_limit=50, public_requests_per_minute=10_000))
    try:
        stranger = office.fake.user(STRANGER_ID, "Banjir")
        for _ in range(60):
            stranger.send_command("/cari", "anggaran")
        await deliver_at_once(office.app, office.fake)
        full = [text for text in stranger.texts() if text.startswith("Terlalu banyak pesan sekaligus")]
        assert len(full) == 1
        assert len(stranger.texts()) == 50 + 1  # 50 answered, 10 dropped, one notice
        # The backlog is gone: the next message is handled again, without another notice.
        stranger.send_command("/cari", "anggaran")
        await office.deliver()
        assert len(stranger.texts()) == 52 and not stranger.last_text().startswith("Terlalu banyak")
    finally:
        await office.app.shutdown()


async def test_people_who_are_not_staff_have_a_budget_and_staff_none(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings(public_requests_per_minute=10))
    try:
        stranger = office.fake.user(STRANGER_ID, "Banjir")
        for _ in range(15):
            stranger.send_command("/cari", "anggaran")
        await office.deliver()
        texts = stranger.texts()
        assert len(texts) == 10 + 1
        assert not any(text.startswith("Terlalu banyak") for text in texts[:10])
        assert texts[10] == "Terlalu banyak permintaan, coba lagi sebentar lagi."
        # A button past the budget is answered (no spinner), without a second message.
        stranger.press(stranger.last_message(), "cari:1")
        await office.deliver()
        assert len(stranger.texts()) == 11 and office.fake.calls_to("answerCallbackQuery")
        # A minute later the bucket has refilled.
        office.clock.advance(timedelta(minutes=1))
        stranger.send_command("/cari", "anggaran")
        await office.deliver()
        assert len(stranger.texts()) == 12 and not stranger.last_text().startswith("Terlalu banyak")
        # Staff are never limited.
        for _ in range(15):
            office.admin.send_command("/bantuan")
        await office.deliver()
        assert len(office.admin.texts()) == 15
        assert not any(text.startswith("Terlalu banyak") for text in office.admin.texts())
    finally:
        await office.app.shutdown()


async def test_a_dropped_backlog_is_logged_twice_not_once_per_update(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    office = await build_office(make_settings(chat_backlog_limit=50, public_requests_per_minute=10_000))
    try:
        stranger = office.fake.user(STRANGER_ID, "Banjir")
        for _ in range(300):
            stranger.send_command("/cari", "anggaran")
        with caplog.at_level(logging.WARNING, logger="bot.update_processor"):
            await deliver_at_once(office.app, office.fake)
        lines = [record.getMessage() for record in caplog.records if record.name == "bot.update_processor"]
        assert lines == [
            "dropping the updates of a chat with 50 updates waiting",
            f"dropped 250 updates of chat {STRANGER_ID} in all, its backlog was full",
        ]
    finally:
        await office.app.shutdown()
