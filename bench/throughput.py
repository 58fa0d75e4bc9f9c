"""Update throughput through the in-process sandbox: the bot against a bare echo bot (the floor).

Each simulated person sends commands; every update is processed by the real application (access
gate, database reads, replies through the fake Bot API). Latency is measured from handing the
update to the application until its processing is finished (the bot's answer is sent by then).
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.app import build_application
from bot.config import load_settings
from bot.sandbox import FakeTelegram, RateLimits, SimUser
from bot.sandbox.driving import deliver


@dataclasses.dataclass(frozen=True)
class Throughput:
    """Result of one run."""

    name: str
    updates: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def _drive(name: str, fake: FakeTelegram, app: Application[Any, Any, Any, Any, Any, Any], people: list[SimUser], rounds: int) -> Throughput:
    latencies: list[float] = []
    started = time.perf_counter()
    count = 0
    for round_number in range(rounds):
        for person in people:
            person.send_command("/start" if round_number % 2 == 0 else "/bantuan")
            before = time.perf_counter()
            count += len(await deliver(app, fake))
            latencies.append((time.perf_counter() - before) * 1000)
    return Throughput(name, count, time.perf_counter() - started, latencies)


async def echo_floor(people_count: int, rounds: int) -> Throughput:
    """A bare PTB echo bot on the same sandbox: the framework's own cost."""
    fake = FakeTelegram(limits=RateLimits.disabled())
    people = [fake.user(800000 + i, f"Staf {i}") for i in range(people_count)]
    app = fake.application_builder().build()

    async def echo(update: Update, _: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app.add_handler(MessageHandler(filters.ALL, echo))
    async with app:
        return await _drive("echo bot (floor)", fake, app, people, rounds)


async def ppid_bot(people_count: int, rounds: int) -> Throughput:
    """The PPID bot with `people_count` registered admins sending /start and /bantuan."""
    fake = FakeTelegram(limits=RateLimits.disabled())
    ids = [800000 + i for i in range(people_count)]
    people = [fake.user(user_id, f"Staf {user_id}") for user_id in ids]
    with tempfile.TemporaryDirectory(prefix="ppid-bench-") as folder:
        settings = load_settings({"ADMIN_IDS": ",".join(map(str, ids))}, base_dir=Path(folder))
        settings = dataclasses.replace(settings, bot_token=fake.token)
        app = build_application(settings, request=fake.request(), rate_limiter=False)
        async with app:
            return await _drive("PPID bot", fake, app, people, rounds)
