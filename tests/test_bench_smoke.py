"""Every benchmark runs, at tiny sizes, without timing assertions: `make bench` cannot rot unnoticed.

One run of `bench.run(TINY)` (a few seconds): the table has its machine line and one row per
benchmark, and the counts behind each row are right (every update answered, every cycle
published, every reminder delivered, the upload stored, the register the size it was made).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bench.__main__ import TINY, Report, run
from bench.dataset import OPEN_CYCLES, STALE_ITEMS, build_office_db, staff_ids


@pytest.fixture(scope="module")
def report() -> Report:
    return run(TINY, progress=lambda message: None)


def test_the_table_has_the_machine_on_top_and_a_verdict_on_every_row(report: Report) -> None:
    lines = report.lines()
    assert lines[0].startswith("Machine: ") and "cores" in lines[0] and "python-telegram-bot 22." in lines[0]
    assert lines[1].split() == ["benchmark", "measured", "target", "result"]
    assert len(lines) == 3 + len(report.rows) + 1
    for row, line in zip(report.rows, lines[3:], strict=False):
        assert line.startswith(row.benchmark) and line.rstrip().endswith(row.verdict)
        assert row.verdict in ("PASS", "FAIL", "-")
    names = [row.benchmark for row in report.rows]
    for expected, count in (
        ("Workflow, PPID bot (", 2),  # on the small and on the large register
        ("Workflow, echo bot, same updates (floor)", 1),
        ("Workflow, PPID bot / echo floor", 1),
        ("Workflow, Bot API calls per update", 1),
        (f"Reminder sweep, {TINY.small_items:,} items", 1),
        (f"Reminder sweep, {TINY.large_items:,} items", 1),
        ("Reminder sweep growth", 1),
        (f"Broadcast, {TINY.broadcast_people:,} reminders", 1),
        (f"Peak RSS, {TINY.large_items:,} items", 1),
        ("RSS growth, receiving a", 1),
        (f"Start-up, {TINY.large_items:,} items", 1),
    ):
        assert sum(name.startswith(expected) for name in names) == count, expected
    assert len(names) == 12


def test_the_workflow_ran_whole_cycles_and_the_echo_bot_got_the_same_updates(report: Report) -> None:
    bot, floor = report.figures["throughput"]["bot"], report.figures["throughput"]["floor"]
    assert bot["cycles_published"] == TINY.units * TINY.rounds
    assert bot["refusals"] == 0  # no button press was refused: the scenario follows the SOP
    assert bot["updates"] == floor["updates"] > 30
    assert bot["kinds"] == floor["kinds"]
    assert set(bot["kinds"]) == {"command", "press", "document", "text"}
    assert bot["bot_calls"] > bot["updates"]  # every update answered, many told others too


def test_the_sweeps_send_the_work_in_progress_once_whatever_the_register(report: Report) -> None:
    small, large = report.figures["sweep"]["small"], report.figures["sweep"]["large"]
    assert (small["items"], large["items"]) == (TINY.small_items, TINY.large_items)
    assert small["first_digests"] == large["first_digests"] > 0
    assert len(small["steady_runs"]) == len(large["steady_runs"]) == 9


def test_the_broadcast_delivered_every_reminder(report: Report) -> None:
    broadcast = report.figures["broadcast"]
    people = TINY.broadcast_people
    assert broadcast["digests"] == broadcast["delivered"] == broadcast["reminders_sent"] == people


def test_memory_upload_and_start_up_were_measured_in_fresh_processes(report: Report) -> None:
    register, upload = report.figures["register"], report.figures["upload"]
    assert register["items"] == TINY.large_items and register["cycles_published"] == TINY.large_units
    assert register["hwm_kib"] >= register["hwm_after_initialize_kib"] > 0
    assert upload["processed"] == 1 and upload["stored_size"] == upload["size"] == TINY.upload_bytes
    (startup,) = report.figures["startup"]
    assert startup["items"] == TINY.large_items
    assert 0 < startup["ready_s"] < startup["spawn_to_ready_s"]


def test_the_generated_office_is_consistent(tmp_path: Path) -> None:
    facts = build_office_db(tmp_path / "ppid.sqlite3", tmp_path / "files", 200)
    conn = sqlite3.connect(tmp_path / "ppid.sqlite3")
    try:
        count = lambda sql: conn.execute(sql).fetchone()[0]
        assert count("SELECT COUNT(*) FROM info_items") == 200
        assert count("SELECT COUNT(*) FROM users") == len(staff_ids()) == 200
        assert count("SELECT COUNT(*) FROM update_cycles WHERE state = 'open'") == facts.open_cycles == OPEN_CYCLES
        assert count("SELECT COUNT(*) FROM update_cycles WHERE state = 'published'") == facts.closed_cycles == 20
        assert count("SELECT COUNT(*) FROM step_events") == facts.step_events
        assert count("SELECT COUNT(*) FROM audit_log") == facts.audit_entries
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stale = count(
            "SELECT COUNT(*) FROM info_items WHERE status = 'active' AND category = 'berkala'"
            " AND IFNULL(last_published_at, created_at) < '2026-05-30T02:00:00Z'"
        )
        assert stale == STALE_ITEMS
    finally:
        conn.close()


def test_the_generated_audit_log_chains(tmp_path: Path) -> None:
    from storage.audit import AuditCheck, AuditLog
    from storage.database import open_database

    facts = build_office_db(tmp_path / "ppid.sqlite3", tmp_path / "files", 100)

    async def verify() -> AuditCheck:
        db = await open_database(tmp_path / "ppid.sqlite3")
        try:
            return await AuditLog(key=None).verify(db)  # written as before the key: plain sha256
        finally:
            await db.close()

    check = asyncio.run(verify())
    assert check.ok and check.checked == facts.audit_entries


def test_the_median_pass_is_the_middle_one_by_its_rate() -> None:
    from bench.__main__ import _median

    runs = [("fast", 340.0), ("slow", 250.0), ("middle", 310.0)]
    assert _median(runs, lambda run: run[1])[0] == "middle"
    assert _median(runs[:2], lambda run: run[1])[0] == "slow"  # even count: the lower middle
    assert _median(runs[:1], lambda run: run[1])[0] == "fast"
