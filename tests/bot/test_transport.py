"""The bot over the real network path (HTTP to a sandbox on 127.0.0.1) and under flood limits."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.sandbox import FakeTelegram, RateLimits, SandboxHTTPServer
from tests.conftest import ADMIN_ID

ROOT = Path(__file__).resolve().parents[2]


async def test_bot_polls_the_sandbox_over_http(make_settings: Callable[..., Settings]) -> None:
    fake = FakeTelegram(limits=RateLimits.disabled())
    rina = fake.user(ADMIN_ID, "Rina")
    fake.channel(-1001000000001, "Informasi Publik", username="ppid_test")
    async with SandboxHTTPServer(fake) as server:
        settings = make_settings(
            bot_token=fake.token, base_url=server.base_url, base_file_url=server.base_file_url
        )
        app = build_application(settings)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            rina.send_command("/start")
            await rina.wait_for_messages(1, timeout=10)
            await fake.wait_until_idle(timeout=10, application=app)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
    assert rina.texts()[0].startswith("Selamat datang, Rina.")
    assert fake.updates.pending == []


async def test_bot_survives_a_burst_beyond_the_flood_limit(make_settings: Callable[..., Settings]) -> None:
    # One message per chat at a time: /sop answers with two messages, so the second one is
    # refused with 429 and the bot's rate limiter must wait it out and send it again.
    fake = FakeTelegram(limits=RateLimits(chat_rate=1.0, chat_burst=1.0))
    rina = fake.user(ADMIN_ID, "Rina")
    app = build_application(make_settings(bot_token=fake.token), request=fake.request())
    async with app:
        rina.send_command("/sop")
        await fake.deliver(app)
    refused = [call for call in fake.calls_to("sendMessage") if call.error_code == 429]
    assert refused, "the burst should have hit the flood limit"
    assert all(call.result is None and call.response["parameters"]["retry_after"] >= 1 for call in refused)
    texts = rina.texts()
    assert len(texts) == 2
    assert texts[0].startswith("SOP PENGUMUMAN INFORMASI PUBLIK") and "Langkah 7 dari 7" in texts[1]


async def test_python_m_bot_runs_polling_against_a_self_hosted_api(tmp_path: Path) -> None:
    """`python -m bot` with TELEGRAM_BASE_URL set: the real run_polling path, menus included."""
    fake = FakeTelegram(limits=RateLimits.disabled())
    rina = fake.user(ADMIN_ID, "Rina")
    fake.channel(-1001000000001, "Informasi Publik", username="ppid_test")
    async with SandboxHTTPServer(fake) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))}
        env.update(
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_BASE_URL=server.base_url,
            TELEGRAM_BASE_FILE_URL=server.base_file_url,
            ADMIN_IDS=str(ADMIN_ID),
            PUBLIC_CHANNEL="@ppid_test",
            WEB_ADDRESS="",  # no site: port 8080 may be another program's while the suite runs
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        try:
            rina.send_command("/start")
            await rina.wait_for_messages(1, timeout=30)
            await fake.wait_for(lambda: len(fake.calls_to("setMyCommands")) >= 3, timeout=10)  # public menus + Rina's
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert rina.texts()[0].startswith("Selamat datang, Rina.")
    assert (tmp_path / "data" / "ppid.sqlite3").is_file()
    assert fake.token not in stderr.decode(), "the token must never be logged"
