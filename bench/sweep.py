"""The reminder sweep on a small and a large register: its cost must follow the work, not the register.

Both offices (see `bench.dataset`) have the same work in progress: 48 open cycles (some due today,
some late, 4 serta merta), 10 items unpublished for more than 6 months, 200 people; what differs is
the register (1,000 or 100,000 items) and its history (one published cycle per 10 items, with its
events, reminders and audit entries). The bot runs on a clock standing at a working morning.

- the first sweep after start-up is the catch-up: it claims and sends the digests due now;
- the steady sweeps that follow find nothing new (the bot sweeps every SWEEP_INTERVAL_SECONDS, and
  most sweeps are these): their median is the sweep's own cost, which is what must not grow.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from pathlib import Path

from bench.office import build_bot, make_fake
from handlers.reminders import run_sweep


@dataclasses.dataclass(frozen=True)
class SweepResult:
    items: int
    first_ms: float
    first_digests: int
    steady_ms: float
    steady_runs: list[float]
    plan_ms: float


async def measure_sweeps(offices: list[tuple[Path, Path, int]], runs: int = 9) -> list[SweepResult]:
    """Time `run_sweep` on each office database: once (catch-up), then `runs` times (steady).

    The bots run side by side and their steady sweeps alternate, so that a burst of load from
    elsewhere on the machine falls on every register alike instead of on whichever ran then.
    """
    apps = []
    for db_path, files_dir, _ in offices:
        app = build_bot(db_path, files_dir, make_fake())
        await app.initialize()
        apps.append(app)
    try:
        first: list[tuple[float, int]] = []
        for app in apps:
            started = time.perf_counter()
            digests = await run_sweep(app)
            first.append(((time.perf_counter() - started) * 1000, digests))
        steady: list[list[float]] = [[] for _ in apps]
        plans: list[list[float]] = [[] for _ in apps]
        for _ in range(runs):
            for index, app in enumerate(apps):
                started = time.perf_counter()
                sent = await run_sweep(app)
                steady[index].append((time.perf_counter() - started) * 1000)
                if sent:  # pragma: no cover - the work in progress is all sent by the first sweep
                    raise RuntimeError(f"a steady sweep sent {sent} digests")
                started = time.perf_counter()
                async with app.services.reminders.running:
                    await app.services.reminders.sweep()
                plans[index].append((time.perf_counter() - started) * 1000)
    finally:
        for app in apps:
            await app.shutdown()
    return [
        SweepResult(items, first_ms, digests, statistics.median(runs_ms), runs_ms, statistics.median(plan_ms))
        for (_, _, items), (first_ms, digests), runs_ms, plan_ms in zip(offices, first, steady, plans, strict=True)
    ]


def run_sweep_benchmark(offices: list[tuple[Path, Path, int]]) -> list[SweepResult]:
    return asyncio.run(measure_sweeps(offices))
