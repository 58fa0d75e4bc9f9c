"""Every benchmark runs, at tiny sizes, without timing assertions: `make bench` cannot rot unnoticed.

One run of `bench.run(TINY)` (a few seconds): the table has its machine line and one row per
benchmark, and the counts behind each row are right (every update answered, every cycle
published, every reminder delivered, the upload stored, the register the size it was made, the
site's pages served over its socket).

The web benchmark's register (`bench.web.publish_register`) is also read page by page through
`bot.public_site` and compared with the rule worked out in Python from the raw rows: the DIP's
reads (a page of ids in order, read from the end past the middle, counted apart) list exactly the
visible items, in the register's order, whatever the filter.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import TINY, Report, run
from bench.dataset import OPEN_CYCLES, STALE_ITEMS, build_office_db, staff_ids
from bench.web import PublishedRegister, publish_register


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
        ("Workflow, same-calls floor (same updates", 1),
        ("Workflow, PPID bot / same-calls floor", 1),
        ("Fairness, staff /tugas p95 while a stranger sends 300 /cari", 1),
        (f"Reminder sweep, {TINY.small_items:,} items", 1),
        (f"Reminder sweep, {TINY.large_items:,} items", 1),
        ("Reminder sweep growth", 1),
        (f"Broadcast, {TINY.broadcast_people:,} reminders", 1),
        (f"Peak RSS, {TINY.large_items:,} items", 1),
        ("Upload, public Bot API: RSS growth receiving a", 1),
        ("Upload, local mode: RSS growth receiving a", 1),
        (f"Start-up, {TINY.large_items:,} items", 1),
        ("Web, static file /static/style.css (floor)", 1),
        ("Web, Beranda", 1),
        ("Web, DIP page 1", 1),
        ("Web, item page", 1),
        (f"Web reads, slowest of 16, {TINY.large_items:,} items", 1),
        (f"Web reads, a DIP page in the middle, {TINY.large_items:,} items", 1),
        (f"/dip export, {TINY.large_items:,} items", 1),
        *((f"Growth, {items:,} items", 1) for items in TINY.growth_items),
        *((f"Start-up, clean restart, {items:,} items", 1) for items in TINY.growth_items),
    ):
        assert sum(name.startswith(expected) for name in names) == count, expected
    assert len(names) == 22 + 1 + 2 * len(TINY.growth_items)


def test_the_workflow_ran_whole_cycles_and_the_echo_bot_got_the_same_updates(report: Report) -> None:
    bot, floor = report.figures["throughput"]["bot"], report.figures["throughput"]["floor"]
    assert bot["cycles_published"] == TINY.units * TINY.rounds
    assert bot["refusals"] == 0  # no button press was refused: the scenario follows the SOP
    assert bot["updates"] == floor["updates"] > 30
    assert bot["kinds"] == floor["kinds"]
    assert set(bot["kinds"]) == {"command", "press", "document", "text"}
    assert bot["bot_calls"] > bot["updates"]  # every update answered, many told others too


def test_the_same_calls_floor_replayed_every_call_with_the_same_answers(report: Report) -> None:
    bot, same = report.figures["throughput"]["bot"], report.figures["same_calls_floor"]
    assert same["updates"] == bot["updates"] and same["kinds"] == bot["kinds"]
    assert same["calls"] == same["bot_calls"] > bot["updates"]  # the per-update calls: not post_init's
    assert same["mismatches"] == 0  # every answer as in the first pass: same status, same message id


def test_the_fairness_floods_were_sent_and_the_staff_answered_during_each(report: Report) -> None:
    fairness = report.figures["fairness"]
    rounds = TINY.fairness_rounds
    assert len(fairness["quiet_ms"]) == len(fairness["flooded_ms"]) == rounds
    assert fairness["answered_during_flood"] == rounds  # /tugas is not kept until the flood has drained
    # Each stranger: 10 results (the public budget), "too many requests" once, "too many at once" once.
    assert fairness["stranger_messages"] == rounds * (10 + 1 + 1)


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
    for mode, size in (("public", TINY.upload_bytes), ("local", TINY.local_upload_bytes)):
        assert upload[mode]["local_mode"] == (mode == "local")
        assert upload[mode]["processed"] == 1 and upload[mode]["stored_size"] == upload[mode]["size"] == size
    (startup,) = report.figures["startup"]
    assert startup["items"] == TINY.large_items
    assert 0 < startup["ready_s"] < startup["spawn_to_ready_s"]


def test_the_export_held_every_item_and_the_exempt_sheet(report: Report) -> None:
    export = report.figures["export"]
    assert export["items"] == export["csv_rows"] == TINY.large_items
    assert export["xlsx_rows"] == TINY.large_items + 7  # the preamble (5 lines and a blank one) and the header row
    exempt = sum(1 for item_id in range(1, TINY.large_items + 1) if item_id % 20 == 19 and item_id % 50 != 49)
    assert export["exempt_rows"] == exempt + 7
    assert export["hwm_kib"] > 0 and export["seconds"] > 0


def test_growth_ran_at_every_size_and_a_clean_restart_made_no_full_check(report: Report) -> None:
    points = report.figures["growth"]["points"]
    assert [point["items"] for point in points] == list(TINY.growth_items)
    for point in points:
        assert point["updates"] > 30 and point["hwm_kib"] > 0 and point["sweep_ms"] > 0
        assert point["clean_quick_check_s"] == 0 < point["quick_check_s"]
        assert 0 < point["clean_start_s"] and 0 < point["unclean_start_s"]
        assert not point["cached"]  # the smoke test's offices are small: made in the run's folder


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


def test_the_site_was_loaded_over_its_socket_on_a_mostly_published_register(report: Report) -> None:
    web = report.figures["web"]
    register = web["register"]
    assert register["items"] == TINY.large_items
    assert 0.7 * TINY.large_items < register["visible_items"] < 0.9 * TINY.large_items  # most, not all
    assert register["withdrawn"] > 0 and register["publications"] > register["visible_items"]
    assert register["public_files"] > register["visible_items"]
    assert len(register["sample_items"]) > 10
    loads = web["loads"]
    assert set(loads) == {f"{page}@{count}" for page in ("static", "beranda", "dip", "item") for count in (1, 4)}
    for name in ("static@1", "static@4", "beranda@1", "beranda@4"):  # served in this branch already
        assert loads[name]["requests"] > 0 and loads[name]["statuses"] == {"200": loads[name]["requests"]}, name
    assert loads["static@1"]["bytes"] == loads["static@1"]["requests"] * len(
        (Path(__file__).parent.parent / "web" / "static" / "style.css").read_bytes()
    )
    for load in loads.values():  # the DIP and item pages: 200 once their routes are merged, never an error
        assert load["requests"] > 0 and set(load["statuses"]) <= {"200", "404"}
    reads = web["reads"]
    assert len(reads) == 18 and all(len(read["runs_ms"]) == TINY.web_read_runs for read in reads.values())


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, PublishedRegister]:
    folder = tmp_path_factory.mktemp("published")
    build_office_db(folder / "ppid.sqlite3", folder / "files", 600)
    return folder / "ppid.sqlite3", folder / "files", publish_register(folder / "ppid.sqlite3")


def _visible_by_rule(db_path: Path, since: str | None = None, until: str | None = None) -> dict[int, tuple]:
    """item id -> (summary, category, unit, latest publication) of every visible item, from the raw
    rows in Python (active, not dikecualikan, a publication not withdrawn; in [since, until) if given)."""
    conn = sqlite3.connect(db_path)
    try:
        items = {row[0]: row[1:] for row in conn.execute("SELECT id, summary, category, unit_id, status FROM info_items")}
        latest: dict[int, str] = {}
        in_year: set[int] = set()
        for item_id, at, withdrawn in conn.execute("SELECT item_id, published_at, withdrawn_at FROM publications"):
            if withdrawn is None:
                latest[item_id] = max(latest.get(item_id, ""), at)
                if since is not None and until is not None and since <= at < until:
                    in_year.add(item_id)
    finally:
        conn.close()
    return {
        item_id: (summary, category, unit_id, latest[item_id])
        for item_id, (summary, category, unit_id, status) in items.items()
        if status == "active" and category != "dikecualikan" and item_id in latest
        and (since is None or item_id in in_year)
    }


def test_the_dip_pages_list_exactly_the_visible_items_in_the_registers_order(
    published: tuple[Path, Path, PublishedRegister],
) -> None:
    from bench.web import _with_bot
    from bot.public_site import DIP_PAGE_SIZE, DipQuery, dip, exempt, year_bounds
    from storage.timestamps import format_utc

    db_path, files_dir, register = published

    async def check(services: Any) -> None:
        first = await dip(services, DipQuery(), 1)
        assert len(first.years) == 2  # the dates run over 500 days: two office years to filter by
        everything = _visible_by_rule(db_path)
        unit = first.units[len(first.units) // 2][0]
        cases = [
            (DipQuery(), everything),
            (DipQuery(category="setiap_saat"), {k: v for k, v in everything.items() if v[1] == "setiap_saat"}),
            (DipQuery(unit_id=unit), {k: v for k, v in everything.items() if v[2] == unit}),
        ]
        for year in first.years:
            since, until = (format_utc(moment) for moment in year_bounds(services, year))
            of_year = _visible_by_rule(db_path, since, until)
            cases += [
                (DipQuery(year=year), of_year),
                (DipQuery(category="berkala", unit_id=unit, year=year),
                 {k: v for k, v in of_year.items() if v[1] == "berkala" and v[2] == unit}),
            ]
        for query, expected in cases:
            order = sorted(expected, key=lambda item_id: (expected[item_id][0].lower(), item_id))
            page = await dip(services, query, 1)
            assert page.position.total == len(order) and page.position.count == -(-len(order) // DIP_PAGE_SIZE)
            shown = []
            for number in range(1, page.position.count + 1):
                rows = (await dip(services, query, number)).rows
                assert len(rows) == min(DIP_PAGE_SIZE, len(order) - len(shown)), (query, number)
                shown += rows
            assert [row.item.id for row in shown] == order, query
            assert all(format_utc(row.latest_published_at) == expected[row.item.id][3] for row in shown)
            past = await dip(services, query, page.position.count + 3)  # the last page, not an empty one
            assert past.position.number == page.position.count and past.rows == tuple(shown[-len(past.rows):])
        conn = sqlite3.connect(db_path)
        try:
            exempt_ids = [row[0] for row in conn.execute(
                "SELECT id FROM info_items WHERE status = 'active' AND category = 'dikecualikan'"
            )]
            summaries = dict(conn.execute("SELECT id, summary FROM info_items").fetchall())
        finally:
            conn.close()
        listed = []
        first_exempt = await exempt(services, 1)
        assert first_exempt.position.total == len(exempt_ids) == register.exempt_items > 0
        for number in range(1, first_exempt.position.count + 1):
            listed += [row.item_id for row in (await exempt(services, number)).rows]
        assert listed == sorted(exempt_ids, key=lambda item_id: (summaries[item_id].lower(), item_id))

    asyncio.run(_with_bot(db_path, files_dir, check))
