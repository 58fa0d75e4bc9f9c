"""Fairness: a staff member's `/tugas` while a stranger floods the bot with 300 `/cari` in a burst.

The PPID bot runs as in production: its update processor (`bot.update_processor`: one turn per
chat, then a slot), the public request budget and the chat backlog bound at their defaults, and
PTB's rate limiter (29 messages a second overall); the sandbox's own flood control is off, so
only the bot's limiter paces the answers. 
Quiet: an operator sends `/tugas`, waits for the answer, `rounds` times. Flooded: in each round a
new stranger (a person with no role) sends 300 `/cari` at once and the operator's `/tugas`
arrives right after the last of them (the updates are read as PTB's updater reads them, before the
clock starts; then each is handed to the update processor, in order, as PTB's loop creates a task
for each); its latency is the time until the bot has answered it. A
round ends when the flood has drained, then waits for the rate limiter's window to empty, so each
burst starts from the same state. Also counted: how many `/tugas` were answered while the flood
still had updates waiting or running, and what the strangers were sent.

Before the rounds, one `/cari` and one `/tugas` warm the bot up (the search index is built on
the first search).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path
from typing import Any

from telegram import Update

from bench.dataset import OPERATOR_IDS, item_summary
from bench.office import build_bot, make_fake
from bot.sandbox import FakeTelegram

FLOOD = 300
STRANGERS_FROM = 790_001
LIMITER_RATE = 29.0  # messages a second: the bot's AIORateLimiter (bot/app.py)


@dataclasses.dataclass
class Fairness:
    """The operator's `/tugas` latencies alone and under each flood, and what the floods did."""

    quiet_ms: list[float]
    flooded_ms: list[float]
    flood: int
    answered_during_flood: int = 0  # /tugas answered while the flood still had updates waiting or running
    stranger_messages: int = 0  # messages the strangers were sent, all floods together
    flood_drain_ms: list[float] = dataclasses.field(default_factory=list)

    @staticmethod
    def percentile(values: list[float], fraction: float) -> float:
        if not values:
            return 0.0
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def rounds(self) -> int:
        return len(self.flooded_ms)

    @property
    def p95_increase_ms(self) -> float:
        return self.percentile(self.flooded_ms, 0.95) - self.percentile(self.quiet_ms, 0.95)


def _fetched(app: Any, fake: FakeTelegram) -> list[Update]:
    """The queued updates as PTB's updater hands them over (read before the clock starts)."""
    return [Update.de_json(data, app.bot) for data in fake.updates.pop_all()]


async def _handled(app: Any, update: Update) -> float:
    """Hand one update to the update processor; returns when it was handled (perf_counter)."""
    await app.update_processor.process_update(update, app.process_update(update))
    return time.perf_counter()


async def _tugas(app: Any, fake: FakeTelegram, operator: Any) -> float:
    """The operator's `/tugas`, alone: its latency in ms."""
    operator.send_command("/tugas")
    (update,) = _fetched(app, fake)
    started = time.perf_counter()
    return (await _handled(app, update) - started) * 1000


async def _run(db_path: Path, files_dir: Path, rounds: int, flood: int) -> Fairness:
    fake = make_fake()
    app = build_bot(db_path, files_dir, fake, rate_limiter=True)
    operator = fake.user(OPERATOR_IDS[0], "Operator")
    words = item_summary(1).split()[0]  # a word of every item's summary: each search finds results
    result = Fairness([], [], flood)
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.update_processor.initialize()
        warm = fake.user(STRANGERS_FROM - 1, "Pemanas")
        warm.send_command("/cari", words)
        for update in _fetched(app, fake):
            await _handled(app, update)
        await _tugas(app, fake, operator)
        for _ in range(rounds):
            result.quiet_ms.append(await _tugas(app, fake, operator))
        for number in range(rounds):
            stranger = fake.user(STRANGERS_FROM + number, f"Orang {number}")
            before = len(fake.calls)
            for _ in range(flood):
                stranger.send_command("/cari", words)
            operator.send_command("/tugas")
            *burst, asked = _fetched(app, fake)
            started = time.perf_counter()
            floods = [asyncio.create_task(_handled(app, update)) for update in burst]
            answered = await _handled(app, asked)
            result.flooded_ms.append((answered - started) * 1000)
            result.answered_during_flood += not all(task.done() for task in floods)
            drained = max(await asyncio.gather(*floods))
            result.flood_drain_ms.append((drained - started) * 1000)
            sent = [call for call in fake.calls[before:] if call.params.get("chat_id") == stranger.id]
            result.stranger_messages += len(sent)
            # Let the rate limiter's window empty before the next burst (about 1/29 s a message).
            await asyncio.sleep((len(fake.calls) - before) / LIMITER_RATE)
        await app.update_processor.shutdown()
    return result


def run_fairness(db_path: Path, files_dir: Path, rounds: int, flood: int = FLOOD) -> Fairness:
    """`rounds` quiet `/tugas`, then `rounds` floods of `flood` `/cari` with a `/tugas` after each."""
    return asyncio.run(_run(db_path, files_dir, rounds, flood))
