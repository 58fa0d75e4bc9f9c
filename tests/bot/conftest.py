"""Fixtures of the bot tests: a staffed office on the sandbox (see `tests.bot.cycle_helpers`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.config import Settings
from tests.bot.cycle_helpers import Office, build_office


@pytest.fixture
async def office(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The bot initialized with an admin, an operator, two PPID Pelaksana and two PPID Utama."""
    office = await build_office(make_settings())
    try:
        yield office
    finally:
        await office.app.shutdown()


@pytest.fixture
async def office_with(make_settings: Callable[..., Settings]) -> AsyncIterator[Callable[..., object]]:
    """An office built with the settings a test gives (shut down after it)."""
    built: list[Office] = []

    async def build(**overrides: object) -> Office:
        office = await build_office(make_settings(**overrides))
        built.append(office)
        return office

    yield build
    for office in built:
        await office.app.shutdown()
