"""Fixtures of the web site's tests: the office on the sandbox and an HTTP client of its site.

The client speaks to the ASGI application in process (httpx's ASGITransport), so a test reads
exactly what a browser would get, headers included, without a port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.bot.conftest import office  # noqa: F401 - the staffed office of the bot tests, a fixture here too
from tests.bot.cycle_helpers import Office
from web.app import build_site

SITE = "http://ppid.test"


@pytest.fixture
async def site(office: Office) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the office's public site."""
    transport = httpx.ASGITransport(app=build_site(office.services))
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as client:
        yield client
