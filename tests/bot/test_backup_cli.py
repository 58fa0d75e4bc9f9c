"""`python -m bot backup DIR` and `python -m bot restore DIR`: a round trip with a running bot, and
one clear line for every refusal.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from handlers.daily_digest import send_daily_digest
from storage.audit import AuditLog, open_audit_log, read_key
from storage.backup_folder import BACKUP_FILES_DIR
from storage.database import open_database
from storage.files import FileStore
from tests.bot.cycle_helpers import (
    UTAMA_ID,
    Office,
    build_office,
    cycle_at_review,
    person,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG_KEYS = (
    "TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "DATABASE_PATH", "FILES_DIR", "SOP_FILE", "PUBLIC_CHANNEL",
    "TIMEZONE", "WORKING_HOURS", "DEFAULT_LANGUAGE", "TELEGRAM_BASE_URL", "MAX_DOWNLOAD_MB", "AUDIT_KEY_PATH",
)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`main()` runs in the test's folder, where the office's data/ppid.sqlite3 and data/files are."""
    for key in CONFIG_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def run_main(*args: str) -> int:
    """`main()` in a worker thread: it runs its own event loop, as from a shell."""
    return await asyncio.to_thread(main, list(args))


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


async def test_backup_while_the_bot_runs_then_restore_after_it_stopped(
    office: Office, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = office.settings
    assert settings.database_path == cli_env / "data" / "ppid.sqlite3"
    _, cycle_id = await cycle_at_review(office)
    backups = cli_env / "cadangan"

    # The bot is running (its database open): backing up is fine...
    assert await run_main("backup", str(backups)) == 0
    made = one_line(capsys.readouterr().out)
    assert made.startswith(f"Cadangan dibuat: {backups}/")
    assert "2 dokumen, 2 berkas" in made and made.endswith(".)")
    # ...restoring is not.
    assert await run_main("restore", str(backups)) == 1
    refused = one_line(capsys.readouterr().err)
    assert refused.startswith("Pemulihan ditolak: basis data ")
    assert "sedang dibuka oleh program lain (bot masih berjalan?); hentikan bot dahulu." in refused
    assert "(Restore refused: " in refused

    # Work goes on after the backup: the draft is approved, then the bot stops.
    entries_at_backup = await office.db_value("SELECT COUNT(*) FROM audit_log")
    await office.services.workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == entries_at_backup + 1
    # The digest publishes that newer head; restoring the older backup is a deliberate step back,
    # so restore records the restored head and verify-audit below does not call it a rollback.
    assert await send_daily_digest(office.app) == 1
    await office.app.shutdown()

    assert await run_main("restore", str(backups)) == 0
    restored = one_line(capsys.readouterr().out)
    assert restored.startswith(f"Dipulihkan dari {backups}/")
    assert f"2 berkas dan {entries_at_backup} entri audit diperiksa utuh" in restored
    assert "ppid.sqlite3.before-restore-" in restored and "files.before-restore-" in restored

    # The restored data: the audit chain verifies, every file verifies, the cycle is back at step 4.
    db = await open_database(settings.database_path)
    try:
        audit = await AuditLog(key=read_key(settings.audit_key_file)).verify(db)
        assert audit.ok and audit.checked == entries_at_backup
        assert await db.fetch_value("SELECT current_step FROM update_cycles WHERE id = ?", (cycle_id,)) == 4
        store = FileStore(settings.files_dir)
        rows = await db.fetch_all("SELECT sha256 FROM documents")
        assert len(rows) == 2 and all([await store.verify(row["sha256"]) for row in rows])
    finally:
        await db.close()
    assert await run_main("verify-audit") == 0
    assert f"Log audit utuh: {entries_at_backup} entri diperiksa, kepala #{entries_at_backup} " in capsys.readouterr().out
    # Nothing was deleted: the data from before the restore (with the approval) is aside.
    aside = next(settings.database_path.parent.glob("ppid.sqlite3.before-restore-*"))
    previous = await open_database(aside, migrate=False)
    assert await previous.fetch_value("SELECT COUNT(*) FROM audit_log") == entries_at_backup + 1
    await previous.close()

    # The bot starts again on the restored data, and PPID Utama can decide once more.
    again = await build_office(settings)
    try:
        transition = await again.services.workflow.approve(await person(again, UTAMA_ID), cycle_id, 1)
        assert transition.cycle.current_step == 5
    finally:
        await again.app.shutdown()


async def test_a_tampered_backup_is_refused_with_one_line(
    office: Office, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await cycle_at_review(office)
    backups = cli_env / "cadangan"
    assert await run_main("backup", str(backups)) == 0
    capsys.readouterr()
    await office.app.shutdown()
    stored = sorted(p for p in backups.rglob("*") if p.is_file() and p.parent.parent.parent.name == BACKUP_FILES_DIR)
    victim = stored[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    database_before = office.settings.database_path.read_bytes()

    assert await run_main("restore", str(backups)) == 1
    refused = one_line(capsys.readouterr().err)
    relative = victim.relative_to(victim.parents[2]).as_posix()
    assert refused == (
        f"Pemulihan ditolak: cadangan tidak lolos pemeriksaan: isi berkas {relative} berubah (sha256 tidak cocok). "
        f"(Restore refused: the backup fails its own checks: the content of {relative} changed (sha256 mismatch).)"
    )
    assert office.settings.database_path.read_bytes() == database_before
    assert not list(office.settings.database_path.parent.glob("*before-restore*"))


def test_restore_is_refused_while_another_process_holds_the_write_lock(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def make_data() -> None:
        db = await open_database(cli_env / "data" / "ppid.sqlite3")
        audit = await open_audit_log(db, cli_env / "audit.key")
        async with db.transaction() as conn:
            await audit.append(conn, actor_id=1, action="test", entity_type="x", entity_id=1, details={})
        await db.close()

    asyncio.run(make_data())
    assert main(["backup", "cadangan"]) == 0
    capsys.readouterr()
    holder = sqlite3.connect(cli_env / "data" / "ppid.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        environment = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
        environment["PYTHONPATH"] = str(ROOT)
        result = subprocess.run(
            [sys.executable, "-m", "bot", "restore", "cadangan"],
            cwd=cli_env, env=environment, capture_output=True, text=True, timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert one_line(result.stderr).startswith("Pemulihan ditolak: basis data ")
    assert "sedang dikunci untuk menulis oleh program lain" in result.stderr
    assert main(["restore", "cadangan"]) == 0  # once the lock is gone


def test_usage_and_missing_things_are_one_line_each(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "Perintah backup memerlukan folder: python -m bot backup DIR (the backup command needs a folder)"
    )
    assert main(["restore"]) == 2
    assert "Perintah restore memerlukan folder" in one_line(capsys.readouterr().err)
    assert main(["migrate", "cadangan"]) == 2
    assert one_line(capsys.readouterr().err).startswith("Perintah migrate tidak menerima folder: cadangan")

    # No database yet: nothing to back up (and no folder is made for it).
    assert main(["backup", "cadangan"]) == 1
    err = one_line(capsys.readouterr().err)
    assert err.startswith("Cadangan gagal: basis data tidak ditemukan: ")
    assert not (cli_env / "cadangan").exists()
    # No such folder; a folder without a backup.
    assert main(["restore", "cadangan"]) == 2
    assert one_line(capsys.readouterr().err).startswith("Pemulihan ditolak: folder cadangan tidak ada: cadangan")
    (cli_env / "cadangan").mkdir()
    assert main(["restore", "cadangan"]) == 2
    assert one_line(capsys.readouterr().err).startswith("Pemulihan ditolak: tidak ada cadangan di cadangan")


def test_restore_of_a_broken_chain_is_refused_or_forced_and_never_called_intact(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = cli_env / "data" / "ppid.sqlite3"

    async def make_data() -> None:
        db = await open_database(database)
        audit = await open_audit_log(db, cli_env / "audit.key")
        for number in range(1, 5):
            async with db.transaction() as conn:
                await audit.append(conn, actor_id=1, action="test", entity_type="x", entity_id=number, details={"n": number})
        await db.close()

    asyncio.run(make_data())
    raw = sqlite3.connect(database, isolation_level=None)
    (trigger_sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'").fetchone()
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET details = '{\"n\":99}' WHERE id = 2")
    raw.execute(trigger_sql)  # a careful forger puts the guard back
    raw.close()
    assert main(["backup", "cadangan"]) == 1  # made, with the break reported and signed into the manifest
    assert "log audit rusak pada entri #2" in one_line(capsys.readouterr().err)

    assert main(["restore", "cadangan"]) == 1
    refused = capsys.readouterr()
    assert refused.out == ""
    line = one_line(refused.err)
    assert line.startswith("Pemulihan ditolak: cadangan tidak lolos pemeriksaan: log audit RUSAK pada entri #2: ")
    assert "(pakai --force untuk tetap memulihkan)" in line and "utuh" not in line
    assert not list(database.parent.glob("*before-restore*"))

    assert main(["restore", "cadangan", "--force"]) == 1
    forced = one_line(capsys.readouterr().out)
    assert "dengan --force" in forced and "log audit RUSAK pada entri #2: isi entri diubah" in forced
    assert "utuh" not in forced
    assert list(database.parent.glob("ppid.sqlite3.before-restore-*"))
    assert main(["verify-audit"]) == 1
    assert "Log audit RUSAK pada entri #2" in capsys.readouterr().out
    assert main(["verify-audit", "--force"]) == 2  # --force belongs to restore only
