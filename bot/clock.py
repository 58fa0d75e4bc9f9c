"""Where the bot learns the current time, so deadlines and reminders can be tested without waiting.

Every clock answers `now()` with an aware datetime in UTC. The bot runs on `SystemClock`; tests use
`ManualClock`, which stands still until it is `set` or `advance`d. Local (office) time is derived
from these UTC moments by `bot.workdays.WorkCalendar`, never read from the machine's zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """A source of the current moment."""

    def now(self) -> datetime:
        """The current moment, aware, in UTC."""
        ...


def as_utc(moment: datetime) -> datetime:
    """`moment` converted to UTC; a naive datetime is refused, since its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time zone is required, got the naive datetime {moment.isoformat()}")
    return moment.astimezone(timezone.utc)


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that moves only when told to: for tests and the offline demo."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (aware; backwards is allowed)."""
        self._now = as_utc(moment)

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, with a negative `delta`) by `delta`."""
        self._now = self._now + delta
