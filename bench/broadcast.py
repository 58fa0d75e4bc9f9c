"""Broadcast: 1,000 reminders to 1,000 people through the sandbox at Telegram's real flood limits.

1,000 units each have one PPID Pelaksana and one berkala item whose cycle waits at step 3 with its
deadline at the end of today, so one sweep (`handlers.reminders.run_sweep`, the bot's own job)
finds one "due today" reminder per person: 1,000 digests. The bot is built as in production, with
PTB's `AIORateLimiter`; the fake enforces 30 messages/s overall (burst 30) and 1/s per chat and
answers 429 with `retry_after` when a limit is broken. The rate is the digests delivered divided by
the whole sweep's time (planning and claiming included); 30 at once then 30/s is at best 30.9/s.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from bench.dataset import NOW, _migrate, _ts
from bench.office import build_bot, make_fake
from bot.sandbox import RateLimits
from handlers.reminders import run_sweep

BASE_ID = 950000


@dataclasses.dataclass(frozen=True)
class BroadcastResult:
    people: int
    seconds: float
    digests: int
    delivered: int
    too_many_requests: int
    reminders_sent: int
    limit: float

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds if self.seconds else 0.0

    @property
    def ideal_seconds(self) -> float:
        return max(0.0, (self.people - RateLimits().overall_burst) / self.limit)


def build_broadcast_db(db_path: Path, people: int) -> None:
    """`people` units, each with one PPID Pelaksana and one cycle at step 3 due today."""
    asyncio.run(_migrate(db_path))
    start = _ts(NOW - timedelta(days=300))
    started = _ts(NOW - timedelta(days=2))
    deadline = _ts(NOW.replace(hour=9))  # 16:00 WIB today
    published = _ts(NOW - timedelta(days=30))
    due = _ts(NOW + timedelta(days=150))
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        numbers = range(1, people + 1)
        conn.executemany(
            "INSERT INTO units (id, name, kind, created_at) VALUES (?, ?, 'bidang', ?)",
            [(n, f"Bidang {n:04d}", start) for n in numbers],
        )
        conn.executemany(
            "INSERT INTO users (telegram_id, full_name, created_at) VALUES (?, ?, ?)",
            [(BASE_ID + n, f"Pelaksana {n:04d}", start) for n in numbers],
        )
        conn.executemany(
            "INSERT INTO user_roles (telegram_id, role, unit_id, granted_at) VALUES (?, 'pelaksana', ?, ?)",
            [(BASE_ID + n, n, start) for n in numbers],
        )
        conn.executemany(
            "INSERT INTO info_items (id, summary, unit_id, category, period, last_published_at, next_due_at,"
            " created_at, updated_at) VALUES (?, ?, ?, 'berkala', 'semester', ?, ?, ?, ?)",
            [(n, f"Data Bidang {n:04d}", n, published, due, start, start) for n in numbers],
        )
        conn.executemany(
            "INSERT INTO update_cycles (id, item_id, kind, current_step, opened_at, step_started_at, step_deadline_at)"
            " VALUES (?, ?, 'berkala', 3, ?, ?, ?)",
            [(n, n, started, started, deadline) for n in numbers],
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def measure_broadcast(db_path: Path, files_dir: Path, people: int) -> BroadcastResult:
    limits = RateLimits()  # Telegram's: 30/s overall, 1/s per chat
    fake = make_fake(limits, staff=False)
    for n in range(1, people + 1):
        fake.user(BASE_ID + n, f"Pelaksana {n:04d}")
    app = build_bot(db_path, files_dir, fake, rate_limiter=True)
    async with app:
        fake.calls.clear()
        started = time.perf_counter()
        digests = await run_sweep(app)
        seconds = time.perf_counter() - started
        sends = fake.calls_to("sendMessage")
        sent = int(await app.services.db.fetch_value("SELECT COUNT(*) FROM reminders WHERE sent_at IS NOT NULL"))
    return BroadcastResult(
        people=people,
        seconds=seconds,
        digests=digests,
        delivered=sum(1 for call in sends if call.status == 200),
        too_many_requests=sum(1 for call in fake.calls if call.status == 429),
        reminders_sent=sent,
        limit=limits.overall_rate,
    )


def run_broadcast(folder: Path, people: int) -> BroadcastResult:
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "ppid.sqlite3"
    build_broadcast_db(db_path, people)
    return asyncio.run(measure_broadcast(db_path, folder / "files", people))
