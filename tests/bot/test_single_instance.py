"""One bot per database: a second one on the same database refuses to start, and says who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.instance_lock import InstanceLock, InstanceRunning, lock_path_for
from bot.sandbox import FakeTelegram, RateLimits
from tests.bot.cycle_helpers import build_office


async def test_a_second_bot_on_the_same_database_is_refused_until_the_first_stops(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    first = await build_office(settings)
    second = build_application(
        first.settings, request=FakeTelegram(limits=RateLimits.disabled()).request(), rate_limiter=False
    )
    try:
        with pytest.raises(InstanceRunning) as refused:
            await second.initialize()
        assert refused.value.pid == os.getpid()
        assert "Bot lain (PID" in refused.value.indonesian and str(settings.database_path) in refused.value.indonesian
        # The refused bot opened nothing: the first still works on its database.
        assert await first.services.db.fetch_value("SELECT count(*) FROM users", ()) > 0
    finally:
        await first.app.shutdown()
    await second.initialize()  # the first let go of the database
    try:
        assert second.instance_lock is not None and second.instance_lock.held
    finally:
        await second.shutdown()
    assert second.instance_lock is None


def test_the_lock_holds_across_processes_and_dies_with_its_holder(tmp_path: Path) -> None:
    database = tmp_path / "ppid.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path; from bot.instance_lock import InstanceLock;"
            f"InstanceLock(Path({str(database)!r})).acquire(); print('held', flush=True); time.sleep(60)"
        )],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InstanceRunning) as refused:
            InstanceLock(database).acquire()
        assert refused.value.pid == holder.pid
    finally:
        holder.kill()  # as a crash would: no clean-up runs
        holder.wait()
    with InstanceLock(database) as lock:  # the kernel let go of the dead holder's lock
        assert lock.held
        assert lock_path_for(database).read_text().strip() == str(os.getpid())


def test_an_in_memory_database_takes_no_lock() -> None:
    lock = InstanceLock(Path(":memory:"))
    lock.acquire()
    assert not lock.held
