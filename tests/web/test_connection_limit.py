"""Idle connections cannot use up the bot's process: beyond the site's connection limit a new
client is answered 503 at once, and the site answers normally again when they go."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.bot.cycle_helpers import Office
from web import server as web_server
from web.server import SiteServer


async def test_idle_connections_beyond_the_limit_get_503_and_the_site_recovers(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_server, "MAX_CONNECTIONS", 3)
    site = SiteServer(office.services, "127.0.0.1", 0)
    await site.start()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        for _ in range(4):  # clients that open a connection and send half a request
            reader, writer = await asyncio.open_connection("127.0.0.1", site.port)
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            await writer.drain()
            idle.append((reader, writer))
        await asyncio.sleep(0.2)
        async with httpx.AsyncClient() as client:
            refused = await client.get(site.address)
        assert refused.status_code == 503
        for _, writer in idle:
            writer.close()
        await asyncio.sleep(0.3)
        async with httpx.AsyncClient() as client:
            served = await client.get(site.address)
        assert served.status_code == 200
    finally:
        for _, writer in idle:
            writer.close()
        await site.stop()
