"""Limits of the database: a damaged file stops the bot at start; a full disk and a locked database
get a clear answer, the admins hear of a full disk at most once an hour, and nothing is half-saved.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.sandbox import FakeTelegram, RateLimits
from bot.texts import t
from storage.integrity import quick_check
from storage.sqlite_errors import DatabaseDamaged
from storage.database import Database
from tests.bot.cycle_helpers import UTAMA_ID, Office, build_office, crash, cycle_at_review

ROOT = Path(__file__).resolve().parents[2]
ADMIN_NOTICE = "⚠️ Penyimpanan server penuh (atau gangguan disk)"
SQLITE_MAX_PAGES = 1073741823


async def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what "the database holds exactly what it held before" compares."""
    tables = [row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {table: [tuple(row) for row in await db.fetch_all(f'SELECT * FROM "{table}" ORDER BY 1')] for table in tables}


async def at_the_reason_prompt(office: Office) -> int:
    """PPID Utama pressed "Kembalikan" on a draft; the bot waits for the typed reason."""
    _, cycle_id = await cycle_at_review(office)
    for someone in (office.admin, office.utama):
        someone.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.utama, f"rv:ret:{cycle_id}:1")
    assert office.utama.last_text() == t("return_reason_prompt")
    return cycle_id


def admin_notices(office: Office) -> list[str]:
    return [text for text in office.admin.texts() if ADMIN_NOTICE in text]


async def test_a_full_disk_is_told_clearly_the_admins_once_an_hour_and_nothing_is_half_saved(office: Office) -> None:
    cycle_id = await at_the_reason_prompt(office)
    db = office.services.db
    # A genuinely full database: compact it, then forbid it to grow by a single page. The long
    # reason needs new pages (its row cannot fit in one), so SQLite fails with SQLITE_FULL.
    await db.connection.execute("VACUUM")
    pages = await db.fetch_value("PRAGMA page_count")
    assert await db.fetch_value(f"PRAGMA max_page_count = {pages}") == pages
    assert await db.fetch_value("PRAGMA freelist_count") == 0
    before = await dump(db)
    long_reason = "Tabel realisasi belum lengkap: " + "𝔸" * 950  # 4 bytes each: more than a page

    office.utama.send_text(long_reason)
    await office.deliver()
    assert office.utama.last_text() == t("error_disk_full")
    assert office.utama.last_text() == (
        "Penyimpanan server penuh; data Bapak/Ibu belum tersimpan, tidak ada yang hilang. Admin PPID sudah diberi tahu."
    )
    assert await dump(db) == before  # the transaction was rolled back whole
    assert len(admin_notices(office)) == 1
    assert "database or disk is full" in admin_notices(office)[0]

    # Again within the hour: the person is told again, the admins are not.
    office.clock.advance(timedelta(minutes=59))
    office.utama.send_text(long_reason)
    await office.deliver()
    assert office.utama.last_text() == t("error_disk_full")
    assert len(admin_notices(office)) == 1
    # An hour after the first notice the admins are reminded.
    office.clock.advance(timedelta(minutes=2))
    office.utama.send_text(long_reason)
    await office.deliver()
    assert len(admin_notices(office)) == 2
    assert await dump(db) == before

    # Space is freed: the same step, still waiting for its reason, now goes through.
    await db.fetch_value(f"PRAGMA max_page_count = {SQLITE_MAX_PAGES}")
    office.utama.send_text("Mohon lengkapi tabel realisasi per program.")
    await office.deliver()
    assert office.utama.last_text() is not None and "dikembalikan" in office.utama.last_text().lower()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE decision = 'returned'") == 1
    assert await quick_check(db) == []
    assert (await office.services.audit.verify(db)).ok


async def test_the_admin_notice_is_in_english_for_an_admin_who_chose_english(office: Office) -> None:
    await at_the_reason_prompt(office)
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, office.admin.id, "en")
    db = office.services.db
    await db.connection.execute("VACUUM")
    await db.fetch_value(f"PRAGMA max_page_count = {await db.fetch_value('PRAGMA page_count')}")
    office.utama.send_text("Alasan panjang " + "𝔸" * 950)
    await office.deliver()
    assert any("The server's storage is full" in text for text in office.admin.texts())
    assert office.utama.last_text() == t("error_disk_full", "id")


async def test_a_database_locked_by_another_program_answers_busy_and_changes_nothing(office: Office) -> None:
    cycle_id = await at_the_reason_prompt(office)
    db = office.services.db
    await db.connection.execute("PRAGMA busy_timeout = 100")  # the bot waits 5 s in production
    before = await dump(db)
    other = sqlite3.connect(office.settings.database_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program (a CLI, a second bot) holds the write lock
    try:
        office.utama.send_text("Mohon lengkapi tabel realisasi per program.")
        await office.deliver()
        assert office.utama.last_text() == "Server sedang sibuk; silakan coba lagi sebentar lagi."
        assert await dump(db) == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert admin_notices(office) == []  # busy is not a fault to report
    # The lock is gone: the same reason, sent again, is saved.
    office.utama.send_text("Mohon lengkapi tabel realisasi per program.")
    await office.deliver()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3


def corrupt_middle_page(path: Path) -> None:
    """Overwrite the start of the page in the middle of a closed database file."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xff" * 64)


async def office_with_history(settings: Settings) -> Office:
    """An office whose database has enough history that its middle page is table data."""
    office = await build_office(settings)
    audit = office.services.audit
    for number in range(300):
        async with office.services.db.transaction() as conn:
            await audit.append(conn, actor_id=UTAMA_ID, action="test", entity_type="item", entity_id=number,
                               details={"note": "x" * 100})
    return office


async def damaged_office_database(settings: Settings) -> Path:
    """An office database with history; closed, then damaged (the file changed since the bot stopped)."""
    office = await office_with_history(settings)
    await office.app.shutdown()
    corrupt_middle_page(settings.database_path)
    return settings.database_path


def damage_leaving_no_trace(path: Path) -> None:
    """Damage the middle page in place and put the file's time of change back: as a disk's bit rot
    would, nothing a stat of the file shows has changed."""
    before = path.stat()
    corrupt_middle_page(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


CHECK_LINE = "memeriksa keutuhan basis data (bot sebelumnya tidak berhenti dengan wajar)"


async def start(settings: Settings) -> Any:
    """The bot started again on the same database (initialized: raises what initialize raises)."""
    fake = FakeTelegram(limits=RateLimits.disabled())
    app = build_application(dataclasses.replace(settings, bot_token=fake.token), request=fake.request())
    try:
        await app.initialize()
    except BaseException:
        await app.shutdown()
        raise
    return app


async def test_a_clean_restart_skips_the_full_check_and_ppid_bot_check_still_makes_it(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.startup_check import database_finding

    settings = make_settings()
    office = await office_with_history(settings)
    await office.app.shutdown()  # a clean stop
    damage_leaving_no_trace(settings.database_path)
    caplog.set_level("INFO", logger="bot.application")
    app = await start(settings)  # the restart reads the schema only: the damage deep in the file goes unseen
    assert await app.services.db.fetch_value("SELECT COUNT(*) FROM users") > 0
    await app.shutdown()
    assert CHECK_LINE not in caplog.text
    finding = await database_finding(settings)  # `ppid-bot check` reads the whole file
    assert finding is not None and not finding.ok and finding.line.startswith("MASALAH")
    assert "basis data rusak" in finding.line


async def test_after_an_unclean_stop_the_full_check_runs_and_refuses_a_damaged_database(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings()
    office = await office_with_history(settings)
    await crash(office)
    damage_leaving_no_trace(settings.database_path)
    caplog.set_level("INFO", logger="bot.application")
    for _ in range(2):  # a refused start is no clean stop: the next start checks again
        caplog.clear()
        with pytest.raises(DatabaseDamaged) as damaged:
            await start(settings)
        assert any(word in damaged.value.problems[0] for word in ("btreeInitPage", "malformed"))
        assert CHECK_LINE in caplog.text


async def test_a_sound_database_after_an_unclean_stop_is_checked_once(
    make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings()
    office = await build_office(settings)
    await crash(office)
    caplog.set_level("INFO", logger="bot.application")
    app = await start(settings)
    await app.shutdown()
    assert caplog.text.count(CHECK_LINE) == 1
    app = await start(settings)  # after that clean stop: no check
    await app.shutdown()
    assert caplog.text.count(CHECK_LINE) == 1


async def test_the_app_refuses_to_start_on_a_damaged_database(make_settings: Callable[..., Settings]) -> None:
    path = await damaged_office_database(make_settings())
    fake = FakeTelegram(limits=RateLimits.disabled())
    app = build_application(make_settings(bot_token=fake.token), request=fake.request())
    with pytest.raises(DatabaseDamaged) as damaged:
        await app.initialize()
    assert damaged.value.path == str(path)
    assert any(word in damaged.value.problems[0] for word in ("btreeInitPage", "malformed"))
    assert fake.bot_calls() == []  # it stopped before talking to Telegram
    await app.shutdown()


def test_python_m_bot_refuses_a_damaged_database_with_one_line(tmp_path: Path, make_settings: Callable[..., Settings]) -> None:
    import asyncio

    path = asyncio.run(damaged_office_database(make_settings()))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "FILES_"))}
    environment.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN="123456789:AAFakeTokenForTheTestOnly_0123456789",
        # Nothing may reach the internet: a closed local port stands in for the Bot API.
        TELEGRAM_BASE_URL="http://127.0.0.1:9/bot",
        DATABASE_PATH=str(path),
        ADMIN_IDS="710001",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr  # as `check` says it: systemd must not restart it in a loop
    # One line says what is wrong and what to do (above it, at most the usual start-up log lines).
    lines = result.stderr.strip().splitlines()
    assert [line for line in lines if "rusak" in line.lower() or "damaged" in line.lower()] == [lines[-1]]
    assert lines[-1].startswith(f"Basis data rusak ({path}: ")
    assert lines[-1].endswith(
        "bot tidak dijalankan. Pulihkan dari cadangan dengan `python -m bot restore DIR`. "
        "(The database is damaged; restore it from a backup.)"
    )
    assert "Traceback" not in result.stderr


def test_other_commands_on_a_damaged_schema_give_the_same_line(
    tmp_path: Path, make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from bot.__main__ import main

    settings = make_settings()
    office = asyncio.run(build_office(settings))
    asyncio.run(office.app.shutdown())
    data = bytearray(settings.database_path.read_bytes())
    start = data.find(b"CREATE TABLE publications")
    data[start + 7 : start + 12] = b"\xff" * 5  # SQLite quotes the garbage; Python cannot decode it
    settings.database_path.write_bytes(bytes(data))
    for key in ("TELEGRAM_BOT_TOKEN", "DATABASE_PATH", "FILES_DIR", "SOP_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # the default data/ppid.sqlite3 is the damaged one
    for command in ("migrate", "verify-audit"):
        assert main([command]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("Basis data rusak (")
        assert "malformed database schema (publications)" in err[0]
