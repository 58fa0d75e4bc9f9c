"""Growth: the same office with 1,000, 100,000 and 1,000,000 information items, side by side.

For each size (`bench.dataset`: the history grows with the register, the work in progress is the
same at every size), from an office kept in the cache (`bench.cache`: the million is generated
once, then reused until the schema or the generator changes):

- the workflow: whole cycles in a few units with everyone reading around them, in a fresh process
  (`bench.probe` `register`): updates per second, p95 latency, and the process's peak RSS;
- the reminder sweep's steady cost (`bench.sweep`, the three registers side by side);
- start-up in a fresh process (`bench.probe` `startup`, until the bot takes updates): a clean
  restart, which reads the schema only, and a start after an unclean stop, which also reads the
  whole file (`PRAGMA quick_check`, `bot.instance_lock`): the first must not grow with the database.

Offices below `CACHE_FROM` items are generated in the run's own folder (the smoke test's never
touch the cache).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.cache import cached_workspace
from bench.dataset import Workspace, make_workspace
from bench.probe import run_probe
from bench.sweep import run_sweep_benchmark
from bot.instance_lock import lock_path_for

__all__ = ["CACHE_FROM", "GrowthPoint", "measure_growth"]

CACHE_FROM = 100_000
STARTUP_TARGET_S = 2.0
# A clean restart may take this much longer at the largest size than at the smallest: the schema
# is read whatever the size, so what is left is noise.
STARTUP_GROWTH_S = 0.5


@dataclasses.dataclass(frozen=True)
class GrowthPoint:
    """What was measured at one size."""

    items: int
    generated_s: float  # the generation time (in this run, or when the cached office was made)
    cached: bool  # the office came from the cache
    updates: int
    per_second: float
    p95_ms: float
    hwm_kib: int
    sweep_ms: float
    clean_start_s: float
    unclean_start_s: float
    quick_check_s: float  # in the start after an unclean stop
    clean_quick_check_s: float  # in the clean restart: none is made
    slowest: dict[str, float]  # the kinds of update slowest on average (ms), where the growth shows


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _slowest(by_kind: dict[str, dict[str, float]], count: int = 3) -> dict[str, float]:
    ranked = sorted(by_kind.items(), key=lambda kind: -kind[1]["mean_ms"])[:count]
    return {name: round(figures["mean_ms"], 1) for name, figures in ranked}


def _workspace(items: int, folder: Path) -> tuple[Workspace, bool]:
    if items < CACHE_FROM:
        return make_workspace(folder / f"growth-{items}", items), False
    workspace, built = cached_workspace(items)
    return workspace, not built


def measure_growth(
    sizes: Sequence[int], units: int, folder: Path, progress: Callable[[str], None], startup_runs: int = 1
) -> list[GrowthPoint]:
    """Measure every size (each office copied into `folder` for each measurement); the clean
    restart is the median of `startup_runs`."""
    offices: list[tuple[int, Workspace, bool]] = []
    for items in sizes:
        progress(f"growth: the office with {items:,} items (generated once, then from the cache)")
        workspace, cached = _workspace(items, folder)
        offices.append((items, workspace, cached))
    progress(f"growth: reminder sweeps with {', '.join(f'{items:,}' for items in sizes)} items")
    sweeps = run_sweep_benchmark(
        [(*workspace.copy_to(folder / f"growth-sweep-{items}"), items) for items, workspace, _ in offices]
    )
    points = []
    for (items, workspace, cached), sweep in zip(offices, sweeps, strict=True):
        progress(f"growth: workflow and start-up with {items:,} items (fresh processes)")
        db, files = workspace.copy_to(folder / f"growth-run-{items}")
        # The copy has no clean-stop line: this first start checks the whole file, then stops cleanly.
        register = run_probe("register", db, files, "--units", str(units))
        cleans = [run_probe("startup", db, files) for _ in range(startup_runs)]
        clean = sorted(cleans, key=lambda run: run["ready_s"])[(len(cleans) - 1) // 2]  # the median run
        lock_path_for(db).unlink()  # as after a crash: the next start cannot know the file is sound
        unclean = run_probe("startup", db, files)
        latencies = register["latencies_ms"]
        points.append(GrowthPoint(
            items=items,
            generated_s=workspace.facts.seconds,
            cached=cached,
            updates=len(latencies),
            per_second=len(latencies) / (sum(latencies) / 1000) if latencies else 0.0,
            p95_ms=_percentile(latencies, 0.95),
            hwm_kib=int(register["hwm_kib"]),
            sweep_ms=sweep.steady_ms,
            clean_start_s=float(clean["ready_s"]),
            unclean_start_s=float(unclean["ready_s"]),
            quick_check_s=float(unclean["quick_check_s"]),
            clean_quick_check_s=float(clean["quick_check_s"]),
            slowest=_slowest(register["by_kind"]),
        ))
        _remove(folder / f"growth-run-{items}")  # a million items take 1.6 GB: one copy at a time
    for _, workspace, _ in offices:
        if workspace.items < CACHE_FROM:
            _remove(workspace.folder)
    for items, _, _ in offices:
        _remove(folder / f"growth-sweep-{items}")
    return points


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def growth_rows(points: Sequence[GrowthPoint]) -> tuple[list[tuple[str, str, str, bool | None]], dict[str, Any]]:
    """The table's rows (benchmark, measured, target, ok) and the figures behind them."""
    rows: list[tuple[str, str, str, bool | None]] = []
    for point in points:
        made = f"from the cache, made in {point.generated_s:.0f} s" if point.cached else f"made in {point.generated_s:.1f} s"
        rows.append((
            f"Growth, {point.items:,} items ({made})",
            f"workflow {point.per_second:,.0f} upd/s, p95 {point.p95_ms:.1f} ms; sweep {point.sweep_ms:.1f} ms;"
            f" peak RSS {point.hwm_kib / 1024:.0f} MiB; slowest "
            + ", ".join(f"{name} {mean_ms:.0f} ms" for name, mean_ms in point.slowest.items()),
            "-", None,
        ))
    smallest, largest = points[0], points[-1]
    grown = largest.clean_start_s - smallest.clean_start_s
    for point in points:
        is_largest = point is largest
        rows.append((
            f"Start-up, clean restart, {point.items:,} items",
            f"{point.clean_start_s:.2f} s (after an unclean stop {point.unclean_start_s:.2f} s,"
            f" its quick_check {point.quick_check_s:.2f} s)",
            f"< {STARTUP_TARGET_S:.0f} s, < +{STARTUP_GROWTH_S:.1f} s over {smallest.items:,}" if is_largest else "-",
            (point.clean_start_s < STARTUP_TARGET_S and grown < STARTUP_GROWTH_S) if is_largest else None,
        ))
    return rows, {"points": [dataclasses.asdict(point) for point in points], "clean_start_growth_s": grown}
