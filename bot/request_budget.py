"""How often someone who is not staff may ask the bot something: a token bucket per person.

Each person has a bucket of `per_minute` tokens that refills continuously (`per_minute` tokens a
minute); a request takes one. Past that, the request is refused, and the person is told so at most
once per minute (`Verdict.TELL`, then `Verdict.QUIET`), so a flood of commands never becomes a
flood of answers. Staff are never put through it (see `handlers.access`).

Free of Telegram and of the database: the buckets live in memory (a restart forgets them, which
only gives a flooder one more minute's worth), and the time is passed in, so tests move it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

WINDOW = timedelta(minutes=1)
# Buckets kept before the full ones (people quiet for a minute or more) are forgotten.
_PRUNE_ABOVE = 10_000


class Verdict(Enum):
    """What to do with a request."""

    ALLOW = "allow"  # within the budget: handle it
    TELL = "tell"  # over the budget: refuse, and say so (once per window)
    QUIET = "quiet"  # over the budget, already told in this window: refuse without a word


@dataclass
class _Bucket:
    tokens: float
    at: datetime
    told_at: datetime | None = None


class RequestBudget:
    """Token buckets of `per_minute` requests a minute, one per person."""

    def __init__(self, per_minute: int) -> None:
        if per_minute < 1:
            raise ValueError("the budget must allow at least one request a minute")
        self.per_minute = per_minute
        self._buckets: dict[int, _Bucket] = {}

    def take(self, person_id: int, now: datetime) -> Verdict:
        """Spend one request of `person_id` at `now`, or say how to refuse it."""
        bucket = self._buckets.get(person_id)
        if bucket is None:
            if len(self._buckets) >= _PRUNE_ABOVE:
                self._prune(now)
            bucket = self._buckets[person_id] = _Bucket(float(self.per_minute), now)
        self._refill(bucket, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        if bucket.told_at is not None and now - bucket.told_at < WINDOW:
            return Verdict.QUIET
        bucket.told_at = now
        return Verdict.TELL

    def _refill(self, bucket: _Bucket, now: datetime) -> None:
        elapsed = max((now - bucket.at).total_seconds(), 0.0)  # a clock set back refills nothing
        bucket.tokens = min(float(self.per_minute), bucket.tokens + elapsed * self.per_minute / WINDOW.total_seconds())
        bucket.at = max(bucket.at, now)

    def _prune(self, now: datetime) -> None:
        """Forget the buckets that are full again: their owners have been quiet long enough."""
        for person_id, bucket in list(self._buckets.items()):
            self._refill(bucket, now)
            if bucket.tokens >= self.per_minute:
                del self._buckets[person_id]
