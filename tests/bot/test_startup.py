"""Starting as an office's server starts the bot: `ppid-bot check` and `run` say what is wrong in
Indonesian lines (never a traceback, never the token), retry Telegram when the network is not up,
stop with exit code 2 for what the office must fix, and run once per database and per token."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox import FakeTelegram, RateLimits, SandboxHTTPServer
from storage.migrations import load_migrations
from tests.conftest import ADMIN_ID

LATEST_SCHEMA = max(migration.version for migration in load_migrations())  # 10 before migration 0011

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "@ppid_test"
FOREIGN_TOKEN = "123456789:AAFakeTokenForTheTestOnly_0123456789"
OUR_KEYS = (
    "TELEGRAM_", "ADMIN_", "DATABASE_", "FILES_", "PUBLIC_", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
    "SOP_", "WEB_",
)


def environment(**values: str) -> dict[str, str]:
    """The bot's environment for a test: none of the machine's settings, and no web site unless asked
    (WEB_ADDRESS), since tests run side by side and port 8080 may be another program's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_KEYS)}
    env.update(PYTHONPATH=str(ROOT), WEB_ADDRESS="")
    env.update(values)
    return env


async def ppid_bot(*args: str, cwd: Path, env: dict[str, str], timeout: float = 60) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[FakeTelegram, SandboxHTTPServer]]:
    fake = FakeTelegram(limits=RateLimits.disabled())
    fake.user(ADMIN_ID, "Rina")
    fake.channel(-1001000000001, "Informasi Publik", username="ppid_test")
    async with SandboxHTTPServer(fake) as server:
        yield fake, server


def office(fake: FakeTelegram, server: SandboxHTTPServer, **overrides: str) -> dict[str, str]:
    values = dict(
        TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=server.base_url, TELEGRAM_BASE_FILE_URL=server.base_file_url,
        ADMIN_IDS=str(ADMIN_ID), PUBLIC_CHANNEL=CHANNEL, TELEGRAM_CONNECT_ATTEMPTS="2",
    )
    values.update(overrides)
    return environment(**values)


def assert_plain(fake: FakeTelegram, *texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        assert fake.token not in text and FOREIGN_TOKEN not in text


async def test_check_passes_on_a_ready_office(sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path) -> None:
    fake, server = sandbox
    code, out, err = await ppid_bot("check", cwd=tmp_path, env=office(fake, server))
    assert code == 0, out + err
    lines = out.strip().splitlines()
    assert lines[0].startswith("OK       token diterima: berjalan sebagai @ppid_sandbox_bot")
    assert lines[1].startswith("OK       kanal publik Informasi Publik (@ppid_test): bot boleh mengirim")
    assert all(line.startswith("OK ") for line in lines), out
    assert not (tmp_path / "data" / "ppid.sqlite3").exists()  # a check creates no database
    assert_plain(fake, out, err)


@pytest.mark.parametrize(
    ("problem", "overrides", "expected"),
    [
        ("no channel", {"PUBLIC_CHANNEL": "@tidak_ada_kanal"}, "MASALAH  kanal publik @tidak_ada_kanal tidak ditemukan"),
        ("not admin", {"PUBLIC_CHANNEL": "@kanal_lain"}, "MASALAH  bot belum menjadi admin kanal Kanal Lain (@kanal_lain)"),
        ("no admins", {"ADMIN_IDS": ""}, "MASALAH  belum ada admin: isi ADMIN_IDS"),
        ("no token", {"TELEGRAM_BOT_TOKEN": ""}, "MASALAH  TELEGRAM_BOT_TOKEN belum diisi"),
        ("channel not set", {"PUBLIC_CHANNEL": ""}, "MASALAH  PUBLIC_CHANNEL belum diisi"),
        ("not writable", {"DATABASE_PATH": "bukan-folder/ppid.sqlite3"}, "MASALAH  Folder basis data tidak dapat ditulis"),
    ],
)
async def test_check_names_each_problem_in_one_line(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path, problem: str, overrides: dict[str, str], expected: str
) -> None:
    fake, server = sandbox
    fake.channel(-1002000000002, "Kanal Lain", username="kanal_lain", bot_admin=False)
    (tmp_path / "bukan-folder").write_text("a file where the folder should be")
    code, out, err = await ppid_bot("check", cwd=tmp_path, env=office(fake, server, **overrides))
    assert code == 2, out + err
    problems = [line for line in out.splitlines() if line.startswith("MASALAH")]
    assert len(problems) == 1 and problems[0].startswith(expected), out
    assert_plain(fake, out, err)


async def test_run_refuses_a_fatal_problem_with_exit_code_2_before_polling(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    fake, server = sandbox
    fake.channel(-1002000000002, "Kanal Lain", username="kanal_lain", bot_admin=False)
    code, out, err = await ppid_bot("run", cwd=tmp_path, env=office(fake, server, PUBLIC_CHANNEL="@kanal_lain"))
    assert code == 2, err
    assert err.strip().splitlines()[-2:] == [
        "MASALAH  bot belum menjadi admin kanal Kanal Lain (@kanal_lain) dengan hak mengirim pesan: tambahkan bot "
        "sebagai administrator kanal dengan izin \"Post messages\" (the bot may not post in Kanal Lain (@kanal_lain))",
        "Bot tidak dijalankan: perbaiki hal di atas lalu jalankan lagi. (The bot was not started.)",
    ]
    assert fake.calls_to("getUpdates") == []
    assert_plain(fake, out, err)


async def test_no_network_at_start_is_retried_in_indonesian_lines_without_the_token(tmp_path: Path) -> None:
    env = environment(
        TELEGRAM_BOT_TOKEN=FOREIGN_TOKEN, ADMIN_IDS=str(ADMIN_ID), PUBLIC_CHANNEL=CHANNEL,
        TELEGRAM_BASE_URL="http://127.0.0.1:9/bot",  # a closed local port: the network is not up
        TELEGRAM_CONNECT_ATTEMPTS="3",
    )
    code, out, err = await ppid_bot("run", cwd=tmp_path, env=env)
    assert code == 1, err
    lines = err.strip().splitlines()
    tries = [line for line in lines if line.startswith("Telegram tidak dapat dihubungi")]
    assert len(tries) == 3
    assert "percobaan 1 dari 3, mencoba lagi dalam 1 detik" in tries[0]
    assert "percobaan 2 dari 3, mencoba lagi dalam 2 detik" in tries[1]
    assert "percobaan 3 dari 3, berhenti" in tries[2]
    assert "periksa jaringan, DNS dan proxy (TELEGRAM_PROXY / HTTPS_PROXY)" in tries[0]
    assert lines[-1] == "Bot tidak dijalankan: Telegram tidak dapat dihubungi. (The bot was not started: Telegram unreachable.)"
    assert "Traceback" not in err and FOREIGN_TOKEN not in out + err
    assert len(lines) <= 6, err  # the three tries, the last line, at most a start-up log line or two


async def test_a_rejected_token_is_one_line_and_never_printed(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    fake, server = sandbox
    code, out, err = await ppid_bot("run", cwd=tmp_path, env=office(fake, server, TELEGRAM_BOT_TOKEN=FOREIGN_TOKEN))
    assert code == 2, err
    assert "MASALAH  token ditolak Telegram: periksa TELEGRAM_BOT_TOKEN" in err
    assert_plain(fake, out, err)


async def test_a_proxy_written_in_dot_env_carries_the_calls(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    fake, server = sandbox
    seen: list[bytes] = []

    async def refusing_proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readline())
        writer.close()

    proxy = await asyncio.start_server(refusing_proxy, "127.0.0.1", 0)
    port = proxy.sockets[0].getsockname()[1]
    (tmp_path / ".env").write_text(f"HTTPS_PROXY=http://127.0.0.1:{port}\n")
    try:
        env = office(fake, server, TELEGRAM_CONNECT_ATTEMPTS="1")
        code, out, _ = await ppid_bot("check", cwd=tmp_path, env=env)
    finally:
        proxy.close()
    assert code == 1, out
    assert seen and seen[0].startswith(f"POST {server.base_url}".encode()) and b"/getMe " in seen[0]
    assert fake.calls_to("getMe") == []  # it went to the proxy, not straight to the Bot API


async def test_a_second_bot_on_the_same_database_refuses_to_start(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    fake, server = sandbox
    env = office(fake, server)
    first = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        await fake.wait_for(lambda: len(fake.calls_to("getUpdates")) >= 1, timeout=30)
        code, out, err = await ppid_bot("run", cwd=tmp_path, env=env)
    finally:
        first.send_signal(signal.SIGINT)
        _, first_err = await asyncio.wait_for(first.communicate(), timeout=30)
    assert code == 2, err
    assert err.strip().splitlines() == [
        f"Bot lain (PID {first.pid}) sudah berjalan dengan basis data ini ({tmp_path / 'data' / 'ppid.sqlite3.lock'}); "
        "hentikan bot itu dulu, atau atur DATABASE_PATH lain. (Another bot runs on this database.)"
    ]
    assert first.returncode == 0, first_err.decode()


async def test_the_running_bot_serves_the_public_site_and_stops_it_with_itself(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    """`ppid-bot run` polls Telegram and serves WEB_ADDRESS in one process; Ctrl+C stops both."""
    fake, server = sandbox
    with socket.socket() as probe:  # a port free now, for the bot to take
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=office(fake, server, WEB_ADDRESS=f"127.0.0.1:{port}"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        await fake.wait_for(lambda: len(fake.calls_to("getUpdates")) >= 1, timeout=30)
        async with httpx.AsyncClient() as reader:
            home = await reader.get(f"http://127.0.0.1:{port}/", timeout=10)
        bot.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(bot.communicate(), timeout=30)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert home.status_code == 200 and "Belum ada informasi yang diumumkan." in home.text
    assert bot.returncode == 0, err.decode()
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as reader:
            await reader.get(f"http://127.0.0.1:{port}/", timeout=5)


async def test_another_poller_with_the_same_token_stops_the_bot_once_with_exit_code_2(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    fake, server = sandbox
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=office(fake, server),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        await fake.wait_for(lambda: len(fake.calls_to("getUpdates")) >= 1, timeout=30)
        await asyncio.sleep(0.3)  # the bot's long poll is waiting now
        async with httpx.AsyncClient() as elsewhere:  # the same token polled from another machine
            await elsewhere.post(f"{server.base_url}{fake.token}/getUpdates", json={"timeout": 1}, timeout=10)
        _, err = await asyncio.wait_for(bot.communicate(), timeout=30)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    text = err.decode()
    assert bot.returncode == 2, text
    conflict = [line for line in text.splitlines() if "409 Conflict" in line]
    assert conflict[-1].startswith("Bot dihentikan: Telegram melaporkan bot lain sedang mengambil pesan")
    assert len({line[line.index("Bot dihentikan"):] for line in conflict}) == 1  # one message (logged, then said)
    assert len(conflict) == 2
    assert "Traceback" not in text and fake.token not in text


async def test_a_token_revoked_while_running_stops_the_bot_with_one_line_and_exit_code_2(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    """The office revokes the token at @BotFather (it leaked): PTB's polling gave up with a
    traceback while the bot went on as a running service that received nothing, and a stop then
    hung on the database's thread until systemd killed it."""
    fake, server = sandbox
    token = fake.token
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=office(fake, server),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        await fake.wait_for(lambda: len(fake.calls_to("getUpdates")) >= 1, timeout=30)
        fake.token = "7000000001:AARevokedAtBotFatherRevokedAtBotFather"
        _, err = await asyncio.wait_for(bot.communicate(), timeout=40)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    text = err.decode()
    assert bot.returncode == 2, text
    assert text.strip().splitlines()[-1].startswith("Bot dihentikan: Telegram menolak token"), text
    assert "Traceback" not in text and token not in text


async def test_commands_that_read_refuse_a_missing_database_and_create_nothing(tmp_path: Path) -> None:
    code, _, err = await ppid_bot("verify-audit", cwd=tmp_path, env=environment())
    assert code == 2
    assert err.strip().startswith("Perintah verify-audit ditolak: basis data tidak ada:")
    code, _, err = await ppid_bot("backup", "cadangan", cwd=tmp_path, env=environment())
    assert code == 1 and "basis data tidak ditemukan" in err
    assert list(tmp_path.iterdir()) == []


async def test_a_database_path_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("not a folder")
    code, _, err = await ppid_bot("migrate", cwd=tmp_path, env=environment(DATABASE_PATH=str(tmp_path / "berkas" / "db.sqlite3")))
    assert code == 2
    assert err.strip().splitlines() == [err.strip()] and err.startswith("Basis data atau folder data tidak dapat dibuat")
    assert "Traceback" not in err


async def test_a_folder_at_database_path_is_one_line_for_check_run_and_migrate(
    sandbox: tuple[FakeTelegram, SandboxHTTPServer], tmp_path: Path
) -> None:
    """DATABASE_PATH naming a folder (a careless `DATABASE_PATH=/var/lib/ppid-bot/data`): check said
    every line OK, run and migrate ended in SQLite's traceback (run with exit code 1, restarted in
    a loop by systemd)."""
    fake, server = sandbox
    (tmp_path / "data").mkdir()
    env = office(fake, server, DATABASE_PATH=str(tmp_path / "data"))
    code, out, err = await ppid_bot("check", cwd=tmp_path, env=env)
    assert code == 2, out + err
    problems = [line for line in out.splitlines() if line.startswith("MASALAH")]
    assert len(problems) == 1 and problems[0].startswith(f"MASALAH  DATABASE_PATH {tmp_path / 'data'} bukan berkas"), out
    code, out, err = await ppid_bot("run", cwd=tmp_path, env=env)
    assert code == 2, err
    assert err.strip().splitlines()[-2].startswith(f"MASALAH  DATABASE_PATH {tmp_path / 'data'} bukan berkas"), err
    assert fake.calls_to("getUpdates") == []
    code, out, err = await ppid_bot("migrate", cwd=tmp_path, env=env)
    assert code == 2, err
    assert err.strip().splitlines() == [err.strip()] and err.startswith("Basis data atau folder data tidak dapat dibuat")
    assert_plain(fake, out, err)


async def test_a_database_newer_than_the_code_is_one_line(tmp_path: Path) -> None:
    code, _, err = await ppid_bot("migrate", cwd=tmp_path, env=environment())
    assert code == 0, err
    conn = sqlite3.connect(tmp_path / "data" / "ppid.sqlite3")
    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2027-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    code, _, err = await ppid_bot("migrate", cwd=tmp_path, env=environment())
    assert code == 2
    assert err.strip().splitlines() == [
        "Bot tidak dijalankan: basis data ini sudah dipakai versi bot yang lebih baru (skema versi 99, kode ini hanya "
        f"sampai versi {LATEST_SCHEMA}); pasang lagi versi kode yang lebih baru, atau pulihkan cadangan yang dibuat oleh versi ini. "
        "(The database is newer than this code.)"
    ]


async def test_nightly_backups_share_unchanged_files_and_keep_prunes(tmp_path: Path) -> None:
    assert (await ppid_bot("migrate", cwd=tmp_path, env=environment()))[0] == 0
    made = []
    for _ in range(3):
        code, out, err = await ppid_bot("backup", "cadangan", "--keep", "2", cwd=tmp_path, env=environment())
        assert code == 0, err
        made.append(out)
        await asyncio.sleep(1.1)  # backups are named by the second
    assert "1 cadangan lama dihapus (--keep 2)" in made[2]
    assert len([p for p in (tmp_path / "cadangan").iterdir()]) == 2
    code, _, err = await ppid_bot("backup", "cadangan", "--keep", "0", cwd=tmp_path, env=environment())
    assert code == 2 and err.startswith("--keep harus 1 atau lebih")
