"""Measurements made in a fresh process, so the benchmark's own memory and warm caches stay out.

`python -m bench.probe NAME --db PATH --files DIR [...]` prints one line `RESULT {json}`:

- `startup`: `build_application` + `initialize()` (migrations, `PRAGMA quick_check`, the first
  admins, PTB's persistence) + `post_init` (command menus) + `start()` (JobQueue, reminder job):
  the time until the bot is ready to take updates; the parent adds the time from spawning the
  interpreter (imports included);
- `register`: the bot on a large register doing a day's work: the reminder sweep (first and
  steady), whole cycles in a few units with everyone reading around them; peak RSS (VmHWM) and
  the latencies of the updates.

`bench.uploads` measures an upload the same way (`run_probe(..., module="bench.uploads")`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent


def proc_status_kib(field: str) -> int:
    """A `VmRSS`/`VmHWM` value of this process, in KiB (without /proc: the peak from getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            match = re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE)
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux
    return int(match.group(1)) if match else 0


def reset_peak_rss() -> bool:
    """Make VmHWM start again from the current RSS (Linux >= 4.0); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def release_free_memory() -> None:
    """Give freed heap memory back to the system (glibc `malloc_trim`), so RSS is what is in use."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


async def _startup(db: Path, files: Path) -> dict[str, Any]:
    import storage.integrity
    from bench.office import build_bot, make_fake

    imported = time.perf_counter()

    # Time the integrity check on its own (the application calls it from initialize()).
    checks: list[float] = []
    quick_check = storage.integrity.quick_check

    async def timed_quick_check(db: Any) -> list[str]:
        started = time.perf_counter()
        try:
            return await quick_check(db)
        finally:
            checks.append(time.perf_counter() - started)

    storage.integrity.quick_check = timed_quick_check  # type: ignore[assignment]
    fake = make_fake()
    started = time.perf_counter()
    app = build_bot(db, files, fake)
    built = time.perf_counter()
    await app.initialize()
    initialized = time.perf_counter()
    if app.post_init is not None:
        await app.post_init(app)
    post_init = time.perf_counter()
    await app.start()
    ready = time.perf_counter()
    print("READY", flush=True)
    items = await app.services.db.fetch_value("SELECT COUNT(*) FROM info_items")
    await app.stop()
    await app.shutdown()
    return {
        "imports_s": imported - _STARTED,
        "build_s": built - started,
        "initialize_s": initialized - built,
        "post_init_s": post_init - initialized,
        "start_s": ready - post_init,
        "ready_s": ready - started,
        "quick_check_s": sum(checks),
        "items": items,
        "hwm_kib": proc_status_kib("VmHWM"),
    }


async def _register(db: Path, files: Path, units: int) -> dict[str, Any]:
    from bench.dataset import ADMIN_IDS, OPERATOR_IDS, UTAMA_IDS, pelaksana_ids
    from bench.office import build_bot, make_fake
    from bench.throughput import Driver, by_kind, run_rounds
    from handlers.reminders import run_sweep

    fake = make_fake()
    app = build_bot(db, files, fake)
    await app.initialize()
    after_start = proc_status_kib("VmHWM")
    items = int(await app.services.db.fetch_value("SELECT COUNT(*) FROM info_items"))
    first_started = time.perf_counter()
    digests = await run_sweep(app)
    first_sweep = time.perf_counter() - first_started
    driver = Driver(fake, app, "PPID bot, large register")
    readers = [*ADMIN_IDS, *OPERATOR_IDS, *UTAMA_IDS]
    for unit_id in range(1, units + 1):
        readers += pelaksana_ids(unit_id)
    started = time.perf_counter()
    published = await run_rounds(driver, items, units, 1, readers)
    wall = time.perf_counter() - started
    await driver.command(ADMIN_IDS[0], "/informasi")
    await driver.command(ADMIN_IDS[0], "/jadwal")
    await app.shutdown()
    result = driver.result
    return {
        "items": items,
        "hwm_kib": proc_status_kib("VmHWM"),
        "hwm_after_initialize_kib": after_start,
        "first_sweep_s": first_sweep,
        "first_sweep_digests": digests,
        "updates": result.updates,
        "latencies_ms": result.latencies_ms,
        "by_kind": by_kind(driver.actions, result.latencies_ms),
        "wall_s": wall,
        "cycles_published": published,
        "refusals": sum(1 for c in fake.calls_to("answerCallbackQuery") if c.params.get("show_alert")),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("name", choices=("startup", "register"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--files", type=Path, required=True)
    parser.add_argument("--units", type=int, default=8)
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.ERROR)
    if args.name == "startup":
        result = asyncio.run(_startup(args.db, args.files))
    else:
        result = asyncio.run(_register(args.db, args.files, args.units))
    print("RESULT " + json.dumps(result), flush=True)


def run_probe(
    name: str, db: Path, files: Path, *extra: str, timeout: float = 600, module: str = "bench.probe"
) -> dict[str, Any]:
    """Run a probe in a fresh interpreter (`python -m <module> NAME --db --files ...`, another
    module's probe printing `RESULT {json}` the same way); its result, plus `spawn_to_ready_s` (startup)."""
    command = [sys.executable, "-m", module, name, "--db", str(db), "--files", str(files), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        spawned = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
        ready_at = None
        result: dict[str, Any] | None = None
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("READY") and ready_at is None:
                ready_at = time.perf_counter()
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT "):])
        process.wait(timeout=timeout)
        if process.returncode != 0 or result is None:
            errors.seek(0)
            raise RuntimeError(f"probe {name} failed (exit {process.returncode}):\n{errors.read()[-3000:]}")
    if ready_at is not None:
        result["spawn_to_ready_s"] = ready_at - spawned
    return result


if __name__ == "__main__":
    main()
