"""Working days, office hours and deadlines: the one place where the bot computes due times.

A working day is Monday to Friday and none of these days off:
- an Indonesian public holiday (hari libur nasional: the `holidays` library's `public` category
  for Indonesia);
- a cuti bersama day (the collective leave the government decrees each year: the library's
  `government` category), unless the office turns them off (`CUTI_BERSAMA=false`);
- one of the office's own days off (local holidays, from the `EXTRA_HOLIDAYS` setting).
Office hours are `work_start`-`work_end` in the office time zone (Asia/Pontianak, WIB, by default).
What the bot does by itself for berkala work (reminders, the cycles the sweep opens) waits for
office hours on a working day (`within_working_hours`): the first sweep of the next working morning.

The SOP's Waktu becomes a deadline here:
- "N hari kerja": the end of office hours of the N-th working day after the day the step started
  (a start on a weekend or holiday counts the same way: working days after that date);
- "N jam": N hours later, around the clock (serta merta information does not wait for Monday);
- "sesuai periode" and "-": no deadline here (`next_due` gives an item's next period date).

Every moment taken or returned is an aware datetime; results are in UTC. Naive datetimes are
refused with `ValueError`, since their zone would be a guess.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import holidays

from bot.clock import as_utc
from bot.sop import Duration

if TYPE_CHECKING:
    from bot.config import Settings

PERIOD_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "semester": 6, "yearly": 12}

_MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Indonesia's three zones by their usual abbreviations, whatever the tz database calls them.
_ZONE_ABBREVIATIONS: dict[int, str] = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}
_INDONESIAN_ZONES = frozenset(
    {
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Ujung_Pandang",
        "Asia/Jayapura",
    }
)


class WorkCalendar:
    """Working days and office hours of one office."""

    def __init__(
        self,
        timezone: ZoneInfo,
        work_start: time,
        work_end: time,
        extra_holidays: frozenset[date] = frozenset(),
        *,
        cuti_bersama: bool = True,
    ) -> None:
        if work_start >= work_end:
            raise ValueError(f"work_start {work_start} must be before work_end {work_end}")
        self.timezone = timezone
        self.work_start = work_start
        self.work_end = work_end
        self.extra_holidays = frozenset(extra_holidays)
        self.cuti_bersama = cuti_bersama
        self._categories = ("public", "government") if cuti_bersama else ("public",)
        self._holidays_by_year: dict[int, frozenset[date]] = {}

    def __repr__(self) -> str:
        return (
            f"WorkCalendar({self.timezone.key!r}, {self.work_start:%H:%M}-{self.work_end:%H:%M}, "
            f"cuti bersama {'on' if self.cuti_bersama else 'off'}, {len(self.extra_holidays)} extra holiday(s))"
        )

    # -- days ------------------------------------------------------------------------------------

    def national_days_off(self, year: int) -> frozenset[date]:
        """Indonesia's days off in `year` from the `holidays` library (cached per year): the public
        holidays, and the cuti bersama days unless they are turned off."""
        cached = self._holidays_by_year.get(year)
        if cached is None:
            cached = frozenset(holidays.country_holidays("ID", years=year, categories=self._categories).keys())
            self._holidays_by_year[year] = cached
        return cached

    def is_holiday(self, day: date) -> bool:
        """A national day off (public holiday, cuti bersama) or one of the office's own (weekends aside)."""
        return day in self.extra_holidays or day in self.national_days_off(day.year)

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday, and neither a national day off nor one of the office's own."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`count` ≥ 1)."""
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    # -- moments ---------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """`moment` (aware) in the office time zone."""
        return as_utc(moment).astimezone(self.timezone)

    def at_local(self, day: date, clock_time: time) -> datetime:
        """The moment `clock_time` on local `day`, in UTC."""
        return datetime.combine(day, clock_time, tzinfo=self.timezone).astimezone(UTC)

    def deadline(self, start: datetime, duration: Duration) -> datetime | None:
        """When a step begun at `start` with Waktu `duration` is due (UTC), or None without one.

        working_days n: `work_end` on the n-th working day after the start's local date.
        hours n: `start` + n hours, around the clock. period / none: None.
        """
        start_utc = as_utc(start)
        if duration.unit == "working_days":
            if duration.amount < 1:
                raise ValueError(f"a deadline in working days needs at least 1 day, got {duration.amount}")
            due_day = self.add_working_days(self.local(start_utc).date(), duration.amount)
            return self.at_local(due_day, self.work_end)
        if duration.unit == "hours":
            if duration.amount < 0:
                raise ValueError(f"a deadline in hours cannot be negative, got {duration.amount}")
            return start_utc + timedelta(hours=duration.amount)
        return None

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days after `start`'s local date up to and including `end`'s; 0 if `end` ≤ `start`.

        With `start` a deadline and `end` now, this is how many working days a step is overdue.
        """
        start_utc, end_utc = as_utc(start), as_utc(end)
        if end_utc <= start_utc:
            return 0
        day = self.local(start_utc).date()
        last = self.local(end_utc).date()
        count = 0
        while day < last:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def within_working_hours(self, moment: datetime) -> bool:
        """On a working day, from `work_start` (included) to `work_end` (excluded), local time."""
        local = self.local(moment)
        return self.is_working_day(local.date()) and self.work_start <= local.time() < self.work_end

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself within office hours, else the next start of office hours (UTC)."""
        moment_utc = as_utc(moment)
        if self.within_working_hours(moment_utc):
            return moment_utc
        local = self.local(moment_utc)
        today = local.date()
        if self.is_working_day(today) and local.time() < self.work_start:
            return self.at_local(today, self.work_start)
        return self.at_local(self.next_working_day(today), self.work_start)

    def next_due(self, after: datetime, period: str) -> datetime:
        """The next due moment of a berkala item published at `after`, for its `period`.

        `period` is one of monthly, quarterly, semester, yearly: that many months later, on the same
        local day of the month (clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb), at
        `work_end` local time; in UTC.
        """
        months = PERIOD_MONTHS.get(period)
        if months is None:
            raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIOD_MONTHS)}")
        local_day = self.local(after).date()
        return self.at_local(add_months(local_day, months), self.work_end)

    # -- display ---------------------------------------------------------------------------------

    def zone_abbreviation(self, moment: datetime) -> str:
        """WIB, WITA or WIT for Indonesian zones; else the zone's own abbreviation or UTC±H."""
        local = self.local(moment)
        offset = local.utcoffset() or timedelta(0)
        if self.timezone.key in _INDONESIAN_ZONES and int(offset.total_seconds()) in _ZONE_ABBREVIATIONS:
            return _ZONE_ABBREVIATIONS[int(offset.total_seconds())]
        name = local.tzname() or ""
        if name and name[0] not in "+-":
            return name
        return _utc_offset_label(offset)

    def format_local(self, moment: datetime, language: str = "id") -> str:
        """`moment` in office time for people: "30 Nov 2026 16.00 WIB" (English "16:00")."""
        local = self.local(moment)
        months = _MONTHS_EN if language == "en" else _MONTHS_ID
        separator = ":" if language == "en" else "."
        clock_text = f"{local.hour:02d}{separator}{local.minute:02d}"
        return f"{local.day} {months[local.month - 1]} {local.year} {clock_text} {self.zone_abbreviation(local)}"

    def format_date(self, day: date, language: str = "id") -> str:
        """A day for people: "30 Nov 2026"."""
        months = _MONTHS_EN if language == "en" else _MONTHS_ID
        return f"{day.day} {months[day.month - 1]} {day.year}"


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, the day of the month clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _utc_offset_label(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes = rest // 60
    return f"UTC{sign}{hours}" if minutes == 0 else f"UTC{sign}{hours}:{minutes:02d}"


def work_calendar(settings: Settings) -> WorkCalendar:
    """The office's calendar from the configuration (TIMEZONE, WORKING_HOURS, EXTRA_HOLIDAYS, CUTI_BERSAMA)."""
    return WorkCalendar(
        settings.timezone, settings.work_start, settings.work_end, settings.extra_holidays,
        cuti_bersama=settings.cuti_bersama,
    )
