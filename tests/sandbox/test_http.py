"""The fake over HTTP on 127.0.0.1: a real PTB Application polling it, files, the control API."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from bot.sandbox import FakeTelegram, SandboxHTTPServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def server(fake: FakeTelegram) -> AsyncIterator[SandboxHTTPServer]:
    """The fake served on a free port."""
    async with SandboxHTTPServer(fake) as running:
        yield running


def _http_app(
    fake: FakeTelegram, server: SandboxHTTPServer
) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to /start."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("Selamat datang di PPID")


async def test_application_polls_over_http(fake: FakeTelegram, server: SandboxHTTPServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    siti = fake.user(1001, "Siti")
    app = _http_app(fake, server)
    app.add_handler(CommandHandler("start", _start))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        siti.send_command("/start")
        messages = await siti.wait_for_messages(1, timeout=5)
        assert messages[0]["text"] == "Selamat datang di PPID"
        await fake.wait_until_idle(timeout=5, application=app)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    methods = {call.method for call in fake.calls}
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= methods
    assert fake.updates.pending == []


async def test_http_bot_calls_errors_and_files(
    fake: FakeTelegram, server: SandboxHTTPServer
) -> None:
    siti = fake.user(1001, "Siti")
    file_id = siti.send_document(b"isi draf", "draf.docx")["message"]["document"]["file_id"]
    app = _http_app(fake, server)
    async with app:
        bot = app.bot
        with pytest.raises(BadRequest, match="^Message is too long$"):
            await bot.send_message(siti.id, "x" * 4097)
        telegram_file = await bot.get_file(file_id)
        assert telegram_file.file_path is not None
        assert telegram_file.file_path.startswith(server.base_file_url + fake.token + "/")
        assert bytes(await telegram_file.download_as_bytearray()) == b"isi draf"
        # Multipart upload with a non-ASCII name, plus an HTML caption and a keyboard.
        sent = await bot.send_document(siti.id, b"\x00\x01biner", filename="laporan é.pdf",
                                       caption="<b>Laporan</b>", parse_mode="HTML")
        assert sent.document is not None and sent.document.file_name == "laporan é.pdf"
        assert fake.file_bytes(sent.document.file_id) == b"\x00\x01biner"
        assert sent.caption_entities[0].type == "bold"


async def test_http_upload_over_the_limit() -> None:
    fake = FakeTelegram(max_upload_size=1024 * 1024)
    siti = fake.user(1001, "Siti")
    async with SandboxHTTPServer(fake) as server:
        app = _http_app(fake, server)
        async with app:
            with pytest.raises(NetworkError, match="Request Entity Too Large"):
                await app.bot.send_document(siti.id, b"\0" * (1024 * 1024 + 10), filename="a")
    assert siti.messages() == []


async def test_raw_http_answers(fake: FakeTelegram, server: SandboxHTTPServer) -> None:
    fake.user(1001, "Siti")
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.get(f"/bot{fake.token}/getMe")
        assert response.status_code == 200 and response.json()["result"]["is_bot"] is True
        response = await client.post(f"/bot{fake.token}/nope")
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        # JSON body, keep-alive on the same client.
        response = await client.post(
            f"/bot{fake.token}/sendMessage",
            json={"chat_id": 1001, "text": "hi",
                  "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}},
        )
        assert response.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
        # Form body with reply_markup as a JSON string, as PTB sends it.
        markup = {"inline_keyboard": [[{"text": "b", "callback_data": "b" * 65}]]}
        response = await client.post(
            f"/bot{fake.token}/sendMessage",
            data={"chat_id": "1001", "text": "x", "reply_markup": json.dumps(markup)},
        )
        assert response.status_code == 400
        assert response.json()["description"] == "Bad Request: BUTTON_DATA_INVALID"
        response = await client.get(f"/file/bot{fake.token}/documents/none.pdf")
        assert response.status_code == 404


async def test_control_api(fake: FakeTelegram, server: SandboxHTTPServer) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.post("/sandbox/users", json={"id": 55, "first_name": "Rina"})
        assert response.json()["id"] == 55
        update = (await client.post("/sandbox/users/55/command",
                                    json={"command": "/start", "args": ["tok"]})).json()
        assert update["message"]["text"] == "/start tok"
        await fake.handle("sendMessage", {"chat_id": 55, "text": "balasan"})
        messages = (await client.get("/sandbox/users/55/messages")).json()
        assert [m["text"] for m in messages] == ["balasan"]
        response = await client.post("/sandbox/users/99/text", json={"text": "x"})
        assert response.status_code == 409
        state = (await client.get("/sandbox/state")).json()
        assert state["pending_updates"] == 1


async def test_standalone_process_serves_until_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.sandbox", "--port", "0", "--user", "1001:Siti:siti",
        stdout=subprocess.PIPE, cwd=ROOT, env=env,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=10)
        info = json.loads(line)
        async with httpx.AsyncClient() as client:
            me = (await client.get(f"{info['base_url']}{info['token']}/getMe")).json()
            assert me["result"]["username"] == "ppid_sandbox_bot"
            sent = await client.post(f"{info['base_url']}{info['token']}/sendMessage",
                                     data={"chat_id": "1001", "text": "halo"})
            assert sent.json()["ok"] is True
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)
