"""`python -m bench [--small]`: run every benchmark and print one table with the machine it ran on.

Rows: workflow throughput against the echo bot's floor and against the same-calls floor (a bare bot
replaying the PPID bot's own calls, `bench.floor`), and the same workflow on the large register; a
staff member's `/tugas` under a stranger's flood of `/cari` (`bench.fairness`); the reminder sweep on
a small and a large register, a broadcast at Telegram's flood limits, peak memory, a 20 MiB upload
and a 1 GiB one in local mode (`bench.uploads`), the start-up time, and the public web site on the large
register mostly published (`bench.web`): its pages over a socket beside a static file of the
same server, and the reads behind them. Each row gives the measured figure, the
target of issue 6 and whether it is met. Everything runs offline, in throwaway databases under a
temporary folder; progress goes to stderr, the table to stdout. `--small` is a quick run with
smaller sizes (the targets are for the full sizes).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from bench.broadcast import run_broadcast
from bench.dataset import make_workspace
from bench.export import export_rows, run_export
from bench.growth import growth_rows, measure_growth
from bench.machine import machine
from bench.probe import run_probe
from bench.sweep import run_sweep_benchmark
from bench.throughput import Throughput, run_pair
from bench.uploads import upload_rows
from bench.web import Load, WebResult, run_web

MIB = 1024 * 1024
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Sizes:
    """How big each benchmark is."""

    small_items: int = 1_000
    large_items: int = 100_000
    units: int = 48  # units running whole cycles in the throughput benchmark (of 48)
    rounds: int = 2  # cycles per unit
    # The workflow is run this many times (each on a fresh copy of the office) and the median pass is
    # reported: a shared virtual machine's speed drifts by ±15% from one run to the next.
    workflow_passes: int = 3
    large_units: int = 16  # units running cycles on the large register (in the memory probe)
    broadcast_people: int = 1_000
    upload_bytes: int = 20 * MIB
    local_upload_bytes: int = 1024 * MIB  # through a self-hosted Bot API server in local mode
    startup_runs: int = 3
    web_seconds: float = 3.0  # how long each page is asked for, by one reader and then by several
    web_connections: int = 8  # the several readers' connections
    web_read_runs: int = 9  # timed runs of each read behind the pages
    fairness_rounds: int = 30  # floods of 300 /cari, each with a staff member's /tugas (bench.fairness)
    growth_items: tuple[int, ...] = (1_000, 100_000, 1_000_000)  # bench.growth (100,000 and up: cached)
    growth_units: int = 4  # units running a cycle at each size


FULL = Sizes()
SMALL = Sizes(
    small_items=500, large_items=10_000, units=8, rounds=1, large_units=2, broadcast_people=120, upload_bytes=4 * MIB,
    local_upload_bytes=64 * MIB, web_seconds=1.0, web_read_runs=5, fairness_rounds=10,
    growth_items=(1_000, 10_000, 100_000), growth_units=2,
)
# The smoke test's sizes (tests/test_bench_smoke.py): every benchmark, in a few seconds.
TINY = Sizes(
    small_items=300, large_items=1_000, units=2, rounds=1, large_units=1, broadcast_people=40,
    upload_bytes=256 * 1024, local_upload_bytes=2 * MIB, startup_runs=1, workflow_passes=1, web_seconds=0.2, web_connections=4, web_read_runs=2,
    fairness_rounds=2,
    growth_items=(300, 1_000), growth_units=1,
)


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of the table."""

    benchmark: str
    measured: str
    target: str
    ok: bool | None  # None: no target (informative)

    @property
    def verdict(self) -> str:
        return "-" if self.ok is None else ("PASS" if self.ok else "FAIL")


@dataclasses.dataclass
class Report:
    """The table's rows and the raw figures behind them."""

    machine: str
    sizes: Sizes
    rows: list[Row] = dataclasses.field(default_factory=list)
    figures: dict[str, Any] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        widths = [
            max(len("benchmark"), *(len(r.benchmark) for r in self.rows)),
            max(len("measured"), *(len(r.measured) for r in self.rows)),
            max(len("target"), *(len(r.target) for r in self.rows)),
        ]
        header = f"{'benchmark':<{widths[0]}}  {'measured':<{widths[1]}}  {'target':<{widths[2]}}  result"
        lines = [f"Machine: {self.machine}", header, "-" * len(header)]
        for row in self.rows:
            lines.append(
                f"{row.benchmark:<{widths[0]}}  {row.measured:<{widths[1]}}  {row.target:<{widths[2]}}  {row.verdict}"
            )
        lines.append(f"({self.seconds:.0f} s for the whole run; `--json FILE` keeps every figure)")
        return lines


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _median(runs: list[T], key: Callable[[T], float]) -> T:
    """The run in the middle when sorted by `key` (the lower middle for an even count)."""
    return sorted(runs, key=key)[(len(runs) - 1) // 2]


def _rates(results: Iterable[Throughput]) -> str:
    return ", ".join(f"{result.per_second:,.0f}" for result in results)


def _mib(kib: int) -> float:
    return kib / 1024


def run(sizes: Sizes = FULL, progress: Callable[[str], None] = _say) -> Report:
    """Run every benchmark at `sizes`; returns the report (print `report.lines()`)."""
    started = time.perf_counter()
    report = Report(machine(), sizes)
    rows, figures = report.rows, report.figures
    with tempfile.TemporaryDirectory(prefix="ppid-bench-") as folder:
        root = Path(folder)
        progress(f"generating offices with {sizes.small_items:,} and {sizes.large_items:,} items")
        small = make_workspace(root / "small", sizes.small_items)
        large = make_workspace(root / "large", sizes.large_items)
        figures["datasets"] = {"small": dataclasses.asdict(small.facts), "large": dataclasses.asdict(large.facts)}

        # 1. workflow throughput, and the echo bot on the same updates
        passes = []
        for number in range(1, sizes.workflow_passes + 1):
            progress(
                f"workflow, pass {number} of {sizes.workflow_passes}: {sizes.units} units x {sizes.rounds} cycles,"
                " 200 staff reading around them"
            )
            db, files = small.copy_to(root / f"run-throughput-{number}")
            passes.append(run_pair(db, files, sizes.small_items, sizes.units, sizes.rounds))
        bot, _, actions = _median(passes, lambda run: run[0].per_second)
        floor = _median(passes, lambda run: run[1].per_second)[1]
        ratio = bot.per_second / floor.per_second if floor.per_second else 0.0
        figures["throughput"] = {
            "bot": _throughput_figures(bot, actions), "floor": _throughput_figures(floor, actions), "ratio": ratio,
            "passes": [{"bot": run[0].per_second, "floor": run[1].per_second} for run in passes],
        }
        of_passes = f" (median of {len(passes)}: {_rates(run[0] for run in passes)})" if len(passes) > 1 else ""
        rows.append(Row(
            f"Workflow, PPID bot ({bot.updates:,} updates, {sizes.small_items:,} items)",
            f"{bot.per_second:,.0f} upd/s{of_passes}; p50 {bot.percentile(0.5):.1f} ms, p95 {bot.percentile(0.95):.1f} ms",
            ">= 300 upd/s", bot.per_second >= 300,
        ))
        of_passes = f" (median of {len(passes)}: {_rates(run[1] for run in passes)})" if len(passes) > 1 else ""
        rows.append(Row(
            "Workflow, echo bot, same updates (floor)",
            f"{floor.per_second:,.0f} upd/s{of_passes}; p50 {floor.percentile(0.5):.2f} ms, p95 {floor.percentile(0.95):.2f} ms",
            "-", None,
        ))
        rows.append(Row("Workflow, PPID bot / echo floor", f"{ratio:.2f}", ">= 0.50", ratio >= 0.5))
        # Why the ratio is what it is: the echo bot answers each update with one call, while the
        # PPID bot tells everyone the step concerns (letters, cards, the channel post).
        bot_calls, floor_calls = bot.bot_calls / max(1, bot.updates), floor.bot_calls / max(1, floor.updates)
        figures["throughput"]["calls_per_update"] = {"bot": bot_calls, "floor": floor_calls}
        rows.append(Row(
            "Workflow, Bot API calls per update (PPID bot / echo bot)", f"{bot_calls:.1f} / {floor_calls:.1f}", "-", None,
        ))

        # the same-calls floor: each pass's recorded calls replayed by a bare bot (bench.floor)
        from bench.fairness import run_fairness
        from bench.floor import same_calls_floor

        progress(f"same-calls floor: replaying the calls of {len(passes)} workflow pass(es)")
        replays = [same_calls_floor(run[2]) for run in passes]
        same = _median(replays, lambda replay: replay.throughput.per_second)
        same_ratio = bot.per_second / same.throughput.per_second if same.throughput.per_second else 0.0
        figures["same_calls_floor"] = {
            **_throughput_figures(same.throughput, actions), "ratio": same_ratio, "calls": same.calls,
            "mismatches": same.mismatches, "passes": [replay.throughput.per_second for replay in replays],
        }
        rows.append(Row(
            "Workflow, same-calls floor (same updates, the PPID bot's calls replayed)",
            f"{same.throughput.per_second:,.0f} upd/s; p50 {same.throughput.percentile(0.5):.2f} ms,"
            f" p95 {same.throughput.percentile(0.95):.2f} ms{'' if not same.mismatches else f', {same.mismatches} calls DIFFERED'}",
            "-", None,
        ))
        rows.append(Row("Workflow, PPID bot / same-calls floor", f"{same_ratio:.2f}", ">= 0.50", same_ratio >= 0.5))

        # fairness: a staff member's /tugas while a stranger floods 300 /cari (bench.fairness)
        progress(f"fairness: {sizes.fairness_rounds} quiet /tugas, then {sizes.fairness_rounds} floods of 300 /cari")
        db, files = small.copy_to(root / "run-fairness")
        fair = run_fairness(db, files, sizes.fairness_rounds)
        figures["fairness"] = {**dataclasses.asdict(fair), "p95_increase_ms": fair.p95_increase_ms}
        quiet_p95, flooded_p95 = fair.percentile(fair.quiet_ms, 0.95), fair.percentile(fair.flooded_ms, 0.95)
        rows.append(Row(
            f"Fairness, staff /tugas p95 while a stranger sends {fair.flood} /cari ({fair.rounds} floods)",
            f"{flooded_p95:.1f} ms (quiet {quiet_p95:.1f} ms: +{fair.p95_increase_ms:.1f} ms);"
            f" {fair.answered_during_flood} of {fair.rounds} answered before the flood drained",
            "< quiet + 100 ms", fair.p95_increase_ms < 100,
        ))

        # the same workflow on the large register, and the bot's peak memory there (fresh process)
        progress(f"workflow and peak memory with {sizes.large_items:,} items (fresh process)")
        db, files = large.copy_to(root / "run-register")
        register = run_probe("register", db, files, "--units", str(sizes.large_units))
        latencies = sorted(register.pop("latencies_ms"))
        large_rate = len(latencies) / (sum(latencies) / 1000) if latencies else 0.0
        p50 = latencies[len(latencies) // 2] if latencies else 0.0
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
        figures["register"] = {**register, "per_second": large_rate, "p50_ms": p50, "p95_ms": p95}
        rows.append(Row(
            f"Workflow, PPID bot ({register['updates']:,} updates, {register['items']:,} items)",
            f"{large_rate:,.0f} upd/s; p50 {p50:.1f} ms, p95 {p95:.1f} ms", "-", None,
        ))

        # 2. the reminder sweep, small and large register
        progress("reminder sweep on both registers")
        offices = []
        for name, workspace in (("small", small), ("large", large)):
            db, files = workspace.copy_to(root / f"run-sweep-{name}")
            offices.append((db, files, workspace.items))
        small_sweep, large_sweep = run_sweep_benchmark(offices)
        figures["sweep"] = {"small": dataclasses.asdict(small_sweep), "large": dataclasses.asdict(large_sweep)}
        for result in (small_sweep, large_sweep):
            is_large = result is large_sweep
            rows.append(Row(
                f"Reminder sweep, {result.items:,} items",
                f"{result.steady_ms:.1f} ms (first, sending {result.first_digests} digests: {result.first_ms:.0f} ms)",
                "< 50 ms" if is_large else "-", result.steady_ms < 50 if is_large else None,
            ))
        growth = large_sweep.steady_ms / small_sweep.steady_ms if small_sweep.steady_ms else 0.0
        item_growth = large_sweep.items / small_sweep.items
        bound = item_growth ** 0.5
        rows.append(Row(
            f"Reminder sweep growth, items x{item_growth:.0f}", f"x{growth:.2f}",
            f"< x{bound:.0f} (sqrt)", growth < bound,
        ))

        # 3. broadcast at Telegram's flood limits
        progress(f"broadcast: {sizes.broadcast_people:,} reminders at 30 messages/s (~{sizes.broadcast_people / 30:.0f} s)")
        broadcast = run_broadcast(root / "run-broadcast", sizes.broadcast_people)
        figures["broadcast"] = {**dataclasses.asdict(broadcast), "rate": broadcast.rate}
        share = broadcast.rate / broadcast.limit
        rows.append(Row(
            f"Broadcast, {broadcast.people:,} reminders, limit 30/s",
            f"{broadcast.rate:.1f} msg/s ({share:.0%}), {broadcast.too_many_requests} x 429, "
            f"{broadcast.delivered:,} delivered",
            ">= 27 msg/s, 0 x 429",
            share >= 0.9 and broadcast.too_many_requests == 0 and broadcast.delivered == broadcast.people,
        ))

        # 4. memory
        peak = _mib(register["hwm_kib"])
        rows.append(Row(
            f"Peak RSS, {register['items']:,} items",
            f"{peak:.0f} MiB (after start-up {_mib(register['hwm_after_initialize_kib']):.0f} MiB)",
            "< 200 MiB", peak < 200,
        ))
        progress(f"uploads of {sizes.upload_bytes / MIB:g} MiB and, in local mode, {sizes.local_upload_bytes / MIB:g} MiB (fresh processes)")
        figures["upload"], upload_table = upload_rows(small, root, sizes.upload_bytes, sizes.local_upload_bytes)
        rows.extend(Row(*row) for row in upload_table)

        # 5. start-up on the large register (fresh processes)
        progress(f"start-up with {sizes.large_items:,} items (fresh processes)")
        startups = []
        for attempt in range(sizes.startup_runs):
            db, files = large.copy_to(root / f"run-startup-{attempt}")
            startups.append(run_probe("startup", db, files))
        figures["startup"] = startups
        ready = statistics.median(s["ready_s"] for s in startups)
        spawn = statistics.median(s["spawn_to_ready_s"] for s in startups)
        check = statistics.median(s["quick_check_s"] for s in startups)
        rows.append(Row(
            f"Start-up, {startups[0]['items']:,} items",
            f"{ready:.2f} s (integrity check {check:.2f} s; with Python and imports {spawn:.2f} s)",
            "< 2 s", ready < 2,
        ))

        # 6. the public web site on the large register, mostly published
        progress(
            f"web site with {sizes.large_items:,} items: the reads, then each page for {sizes.web_seconds:g} s"
            f" by 1 and by {sizes.web_connections} connections over a socket"
        )
        db, files = large.copy_to(root / "run-web")
        web = run_web(
            db, files, seconds=sizes.web_seconds, connections=sizes.web_connections, read_runs=sizes.web_read_runs
        )
        figures["web"] = _web_figures(web)
        rows.extend(web_rows(web, sizes.web_connections))

        # 7. the /dip export on the large register, and growth up to a million items (bench.export, bench.growth)
        progress(f"/dip export with {sizes.large_items:,} items (fresh process)")
        export = run_export(*large.copy_to(root / "run-export"))
        figures["export"] = dataclasses.asdict(export)
        rows.extend(Row(*row) for row in export_rows(export))
        growth_table, figures["growth"] = growth_rows(
            measure_growth(sizes.growth_items, sizes.growth_units, root / "growth", progress, sizes.startup_runs)
        )
        rows.extend(Row(*row) for row in growth_table)
    report.seconds = time.perf_counter() - started
    return report


WEB_PAGES = (  # (load name, row name, p95 target for one reader in ms, least share of the static file's rate)
    ("static", "static file /static/style.css (floor)", None, None),
    ("beranda", "Beranda", 100.0, None),
    ("dip", "DIP page 1", 100.0, 0.10),
    ("item", "item page", 50.0, 0.25),
)
WEB_READ_TARGET_MS = 50.0


def _served(load: Load) -> str:
    """Why a load measured nothing of its page (no answer, or a status other than 200), or ''."""
    if load.ok:
        return ""
    if not load.requests:
        return f"no answer in {load.wall_s:.1f} s"
    return "not served: " + ", ".join(f"HTTP {status} x {count:,}" for status, count in sorted(load.statuses.items()))


def web_rows(web: WebResult, connections: int) -> list[Row]:
    """The table's web rows: each page's rate and latency (and its share of the static file's
    rate), then the reads behind the pages: the slowest first page, and a page in the middle."""
    items = web.register.items
    floor = web.load("static", connections)
    rows = []
    for name, label, target_ms, least_share in WEB_PAGES:
        alone, busy = web.load(name, 1), web.load(name, connections)
        problem = _served(alone) or _served(busy)
        share = busy.per_second / floor.per_second if floor.per_second else 0.0
        of_static = f", {share:.0%} of static" if name != "static" else ""
        measured = problem or (
            f"{busy.per_second:,.0f} req/s at {connections} conn.{of_static}; p95 {alone.percentile(0.95):.1f} ms alone,"
            f" {busy.percentile(0.95):.1f} ms at {connections}"
        )
        targets = [f"p95 alone < {target_ms:.0f} ms"] if target_ms is not None else []
        targets += [f">= {least_share:.0%} of static"] if least_share is not None else []
        ok: bool | None = None
        if targets:
            ok = not problem and alone.percentile(0.95) < (target_ms or float("inf")) and share >= (least_share or 0.0)
        elif problem:
            ok = False
        rows.append(Row(f"Web, {label}, {items:,} items", measured, ", ".join(targets) or "-", ok))
    # A page deep in the list walks the list up to it (OFFSET): it is shown apart, without a target.
    deep = [timing for timing in web.reads if "middle" in timing.name]
    first_pages = [timing for timing in web.reads if timing not in deep]
    slowest = max(first_pages, key=lambda timing: timing.median_ms)
    first = next(timing for timing in web.reads if timing.name == "dip, page 1")
    kept = next(timing for timing in web.reads if timing.name == "dip, page 1, count kept")
    rows.append(Row(
        f"Web reads, slowest of {len(first_pages)}, {items:,} items",
        f"{slowest.median_ms:.1f} ms ({slowest.name}); dip page 1 {first.median_ms:.1f} ms,"
        f" {kept.median_ms:.1f} ms with its count kept",
        f"< {WEB_READ_TARGET_MS:.0f} ms", slowest.median_ms < WEB_READ_TARGET_MS,
    ))
    rows.append(Row(
        f"Web reads, a DIP page in the middle, {items:,} items",
        "; ".join(f"{timing.name} {timing.median_ms:.1f} ms" for timing in deep), "-", None,
    ))
    return rows


def _web_figures(web: WebResult) -> dict[str, Any]:
    return {
        "register": dataclasses.asdict(web.register),
        "reads": {timing.name: {"median_ms": timing.median_ms, "worst_ms": timing.worst_ms, "runs_ms": timing.runs_ms}
                  for timing in web.reads},
        "loads": {
            load.name: {
                "connections": load.connections, "requests": load.requests, "per_second": load.per_second,
                "p50_ms": load.percentile(0.5), "p95_ms": load.percentile(0.95), "statuses": load.statuses,
                "bytes": load.bytes, "wall_s": load.wall_s,
            }
            for load in web.loads
        },
    }


def _throughput_figures(result: Any, actions: list[Any] | None = None) -> dict[str, Any]:
    from bench.throughput import by_kind

    return {
        "by_kind": by_kind(actions, result.latencies_ms) if actions is not None else {},
        "updates": result.updates,
        "per_second": result.per_second,
        "p50_ms": result.percentile(0.5),
        "p95_ms": result.percentile(0.95),
        "mean_ms": result.mean_ms,
        "busy_s": result.busy_seconds,
        "wall_s": result.wall_seconds,
        "bot_calls": result.bot_calls,
        "refusals": result.refusals,
        "cycles_published": result.cycles_published,
        "kinds": result.kinds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick run with smaller sizes (about half a minute)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    report = run(SMALL if args.small else FULL)
    for line in report.lines():
        print(line)
    if args.json:
        import json

        args.json.write_text(json.dumps({"machine": report.machine, "figures": report.figures}, indent=2, default=str))


if __name__ == "__main__":
    main()
