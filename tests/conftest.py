"""Fixtures shared by the whole suite: the real bot on the offline sandbox, with its own database."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.app import PpidApplication, build_application
from bot.config import Settings, load_settings
from bot.logging_setup import QUIET_LIBRARIES, UPDATE_LOG
from bot.sandbox import FakeTelegram, RateLimits

ADMIN_ID = 710001
CHANNEL_ID = -1001000000001


@dataclasses.dataclass
class BotUnderTest:
    """The application, the fake Telegram it talks to, and its settings."""

    fake: FakeTelegram
    app: PpidApplication
    settings: Settings

    async def deliver(self) -> int:
        return await self.fake.deliver(self.app)


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for a bot whose database and files live in the test's own folder."""

    def make(**overrides: object) -> Settings:
        # No web site unless a test asks for one (WEB_ADDRESS): tests run side by side, and the
        # default port 8080 belongs to whatever else runs on the machine. No PDF copies unless a
        # test asks (make_pdf=True): LibreOffice takes seconds per letter.
        base = load_settings(
            {"ADMIN_IDS": str(ADMIN_ID), "PUBLIC_CHANNEL": str(CHANNEL_ID), "WEB_ADDRESS": "", "SOFFICE_PATH": "off"},
            base_dir=tmp_path,
        )
        return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]

    return make


@pytest.fixture
async def running_bot(make_settings: Callable[..., Settings]) -> AsyncIterator[BotUnderTest]:
    """The real bot, initialized, on an in-process sandbox without flood limits."""
    fake = FakeTelegram(limits=RateLimits.disabled())
    fake.channel(CHANNEL_ID, "Informasi Publik", username="ppid_test")
    settings = make_settings(bot_token=fake.token)
    app = build_application(settings, request=fake.request(), get_updates_request=fake.request())
    async with app:
        yield BotUnderTest(fake, app, settings)


@pytest.fixture(autouse=True)
def logging_as_it_was() -> Iterator[None]:
    """`main()` configures the process's logging (`bot.logging_setup`); each test starts as pytest left it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in (*QUIET_LIBRARIES, UPDATE_LOG)}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)
