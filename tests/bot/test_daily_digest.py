"""The admins' daily digest (issue 12, point 10): the audit log's head published outside the
database, so that cutting back the newest entries shows, in the admins' chats and to verify-audit."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import Settings
from handlers.daily_digest import DIGEST_JOB, send_daily_digest
from storage.audit import published_head_path, read_published_head
from tests.bot.cycle_helpers import ADMIN_ID, Office, build_office, person


async def audited_work(office: Office, count: int) -> None:
    """`count` audited changes (items opened for an update cycle by the admin)."""
    admin = await person(office, ADMIN_ID)
    for number in range(count):
        item_id = await office.add_item(f"Laporan nomor {number}")
        await office.services.workflow.open_cycle(admin, item_id)


def cut_the_tail(office: Office, keep: int) -> None:
    """Delete the newest audit entries and lower sqlite_sequence, behind the bot's back."""
    raw = sqlite3.connect(office.settings.database_path, isolation_level=None)
    try:
        (trigger_sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'").fetchone()
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE id > ?", (keep,))
        raw.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", (keep,))
        raw.execute(trigger_sql)
    finally:
        raw.close()


async def test_every_admin_gets_the_head_and_it_is_recorded_beside_the_key(office: Office) -> None:
    await audited_work(office, 2)
    head = await office.services.audit.head(office.services.db)
    assert head.entries >= 2
    assert await send_daily_digest(office.app) == 1
    text = office.admin.last_text()
    assert text is not None and text.startswith("🧾 Ringkasan harian log audit (30 Nov 2026 09.00 WIB)")
    assert f"Jumlah entri: {head.entries}\nKepala rantai: {head.hash[:16]}" in text
    assert "✅ Rantai utuh, diperiksa dengan kunci audit." in text
    assert read_published_head(published_head_path(office.settings.audit_key_file)) == head
    assert office.operator.last_text() is None  # admins only

    await audited_work(office, 1)
    await send_daily_digest(office.app)
    text = office.admin.last_text()
    assert text is not None and f"Terakhir diumumkan: {head.entries} entri, kepala {head.hash[:16]}." in text
    assert f"Jumlah entri: {head.entries + 1}\n" in text


async def test_a_cut_back_log_is_reported_to_the_admins_and_the_good_head_kept(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await audited_work(office, 3)
    await send_daily_digest(office.app)
    published = read_published_head(published_head_path(office.settings.audit_key_file))
    assert published is not None

    cut_the_tail(office, keep=published.entries - 2)
    assert (await office.services.audit.verify(office.services.db)).ok  # the chain alone cannot tell
    await send_daily_digest(office.app)
    text = office.admin.last_text()
    assert text is not None
    assert f"⚠️ Log audit RUSAK pada entri #{published.entries - 1}: log audit lebih pendek" in text
    assert "Jumlah entri" not in text and "✅" not in text
    assert read_published_head(published_head_path(office.settings.audit_key_file)) == published

    # verify-audit on the server compares with the same recorded head.
    for key in ("DATABASE_PATH", "AUDIT_KEY_PATH", "FILES_DIR", "SOP_FILE", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    assert office.settings.database_path == tmp_path / "data" / "ppid.sqlite3"
    assert await asyncio.to_thread(main, ["verify-audit"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"Log audit RUSAK pada entri #{published.entries - 1}: log audit lebih pendek")


async def test_the_digest_is_one_daily_job_at_the_configured_office_time(make_settings: Callable[..., Settings]) -> None:
    for digest_time in (time(7, 0), time(6, 30)):
        office = await build_office(make_settings(digest_time=digest_time))
        try:
            await office.app.start()
            (job,) = office.app.job_queue.get_jobs_by_name(DIGEST_JOB)
            local = job.next_t.astimezone(office.settings.timezone)
            assert (local.hour, local.minute) == (digest_time.hour, digest_time.minute)
            await office.app.stop()
        finally:
            await office.app.shutdown()


async def test_the_english_admin_reads_it_in_english(office: Office) -> None:
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, ADMIN_ID, "en")
    await send_daily_digest(office.app)
    text = office.admin.last_text()
    assert text is not None and text.startswith("🧾 Daily audit log digest (30 Nov 2026 09:00 WIB)")


