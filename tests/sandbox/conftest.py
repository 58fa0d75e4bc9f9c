"""Fixtures for the sandbox tests: a fresh fake Telegram, a PTB bot on it, a simulated user."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import ExtBot

from bot.sandbox import FakeTelegram, SimUser


@pytest.fixture
def fake() -> FakeTelegram:
    """A fake Telegram with default limits."""
    return FakeTelegram()


@pytest.fixture
def siti(fake: FakeTelegram) -> SimUser:
    """A registered user who has started the bot."""
    return fake.user(1001, "Siti", username="siti")


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[ExtBot[None]]:
    """An initialized PTB ExtBot talking to `fake` in process."""
    async with fake.make_bot() as ptb_bot:
        yield ptb_bot

