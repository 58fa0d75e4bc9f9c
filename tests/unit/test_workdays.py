"""Deadlines, working days and office hours on fixed dates in 2026 (Asia/Pontianak, 08:00-16:00)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import Clock, ManualClock, SystemClock
from bot.config import Settings, load_settings
from bot.sop import Duration
from bot.workdays import WorkCalendar, add_months, work_calendar

WIB = ZoneInfo("Asia/Pontianak")
DAY_1 = Duration("working_days", 1)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar(WIB, time(8), time(16))


# -- the holiday calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 1), date(2026, 8, 17), date(2026, 12, 25), date(2027, 1, 1)],
    ids=["new-year", "independence-day", "christmas", "new-year-2027"],
)
def test_indonesian_public_holidays_are_not_working_days(cal: WorkCalendar, day: date) -> None:
    assert day.weekday() < 5
    assert day in cal.national_days_off(day.year)
    assert not cal.is_working_day(day)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2026, 11, 13))  # Friday
    assert not cal.is_working_day(date(2026, 11, 14))  # Saturday
    assert not cal.is_working_day(date(2026, 11, 15))  # Sunday
    assert cal.is_working_day(date(2026, 11, 16))  # Monday


def test_extra_holidays_are_days_off(cal: WorkCalendar) -> None:
    office = WorkCalendar(WIB, time(8), time(16), frozenset({date(2026, 12, 31)}))
    assert cal.is_working_day(date(2026, 12, 31))
    assert not office.is_working_day(date(2026, 12, 31))


# -- deadlines in working days --------------------------------------------------------------------


def test_weekday_start_is_due_at_end_of_next_working_day(cal: WorkCalendar) -> None:
    due = cal.deadline(wib(2026, 11, 10, 10, 15), DAY_1)  # Tuesday morning
    assert due == wib(2026, 11, 11, 16)
    assert due is not None and due.tzinfo is UTC
    assert due == datetime(2026, 11, 11, 9, 0, tzinfo=UTC)


def test_start_after_office_hours_still_counts_from_that_date(cal: WorkCalendar) -> None:
    assert cal.deadline(wib(2026, 11, 10, 22, 0), DAY_1) == wib(2026, 11, 11, 16)


def test_local_date_decides_not_the_utc_date(cal: WorkCalendar) -> None:
    # 06:00 WIB on Tuesday is still Monday 23:00 in UTC: the count starts from Tuesday.
    start = datetime(2026, 11, 9, 23, 0, tzinfo=UTC)
    assert cal.local(start) == wib(2026, 11, 10, 6)
    assert cal.deadline(start, DAY_1) == wib(2026, 11, 11, 16)


def test_friday_start_is_due_on_monday(cal: WorkCalendar) -> None:
    assert cal.deadline(wib(2026, 11, 13, 9), DAY_1) == wib(2026, 11, 16, 16)
    assert cal.deadline(wib(2026, 11, 13, 9), Duration("working_days", 3)) == wib(2026, 11, 18, 16)


def test_saturday_start_counts_working_days_after_it(cal: WorkCalendar) -> None:
    assert cal.deadline(wib(2026, 11, 14, 11), DAY_1) == wib(2026, 11, 16, 16)
    assert cal.deadline(wib(2026, 11, 14, 11), Duration("working_days", 2)) == wib(2026, 11, 17, 16)


def test_independence_day_is_skipped(cal: WorkCalendar) -> None:
    # Friday 14 Aug 2026 + 1 working day: Monday 17 Aug is a holiday, so Tuesday 18 Aug.
    assert cal.deadline(wib(2026, 8, 14, 10), DAY_1) == wib(2026, 8, 18, 16)


def test_christmas_and_new_year_are_skipped(cal: WorkCalendar) -> None:
    assert cal.deadline(wib(2026, 12, 24, 10), DAY_1) == wib(2026, 12, 28, 16)  # Fri 25 Dec off
    assert cal.deadline(wib(2026, 12, 31, 10), DAY_1) == wib(2027, 1, 4, 16)  # Fri 1 Jan off


def test_extra_holiday_from_configuration_is_skipped() -> None:
    settings = load_settings({"EXTRA_HOLIDAYS": "2026-12-24,2026-12-28"})
    office = work_calendar(settings)
    # Wed 23 Dec + 1: Thu 24 (cuti bersama), Fri 25 (Christmas), weekend, Mon 28 (cuti) -> Tue 29.
    assert office.deadline(wib(2026, 12, 23, 10), DAY_1) == wib(2026, 12, 29, 16)
    assert office.deadline(wib(2026, 12, 23, 10), Duration("working_days", 2)) == wib(2026, 12, 30, 16)


def test_work_calendar_follows_the_settings() -> None:
    settings = dataclasses.replace(
        Settings(), timezone=ZoneInfo("Asia/Makassar"), work_start=time(7, 30), work_end=time(15, 30)
    )
    office = work_calendar(settings)
    start = datetime(2026, 11, 10, 10, tzinfo=ZoneInfo("Asia/Makassar"))
    assert office.deadline(start, DAY_1) == datetime(2026, 11, 11, 15, 30, tzinfo=ZoneInfo("Asia/Makassar"))


# -- deadlines in hours, periods ------------------------------------------------------------------


def test_hours_run_around_the_clock_across_midnight_and_weekend(cal: WorkCalendar) -> None:
    friday_night = wib(2026, 11, 13, 23, 30)
    due = cal.deadline(friday_night, Duration("hours", 2))
    assert due == wib(2026, 11, 14, 1, 30)  # Saturday night, no skipping
    assert due is not None and due.tzinfo is UTC
    assert cal.deadline(wib(2026, 8, 16, 22), Duration("hours", 1)) == wib(2026, 8, 16, 23)


@pytest.mark.parametrize("unit", ["period", "none"])
def test_period_and_none_have_no_deadline(cal: WorkCalendar, unit: str) -> None:
    assert cal.deadline(wib(2026, 11, 10, 10), Duration(unit)) is None  # type: ignore[arg-type]


def test_naive_datetimes_are_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.deadline(datetime(2026, 11, 10, 10), DAY_1)
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 11, 10, 10))


def test_zero_working_days_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.deadline(wib(2026, 11, 10, 10), Duration("working_days", 0))


# -- days overdue ---------------------------------------------------------------------------------


def test_working_days_between(cal: WorkCalendar) -> None:
    deadline = wib(2026, 11, 11, 16)  # Wednesday
    assert cal.working_days_between(deadline, wib(2026, 11, 11, 17)) == 0  # same day, later
    assert cal.working_days_between(deadline, wib(2026, 11, 12, 9)) == 1  # Thursday
    assert cal.working_days_between(deadline, wib(2026, 11, 16, 9)) == 3  # Thu, Fri, Mon
    assert cal.working_days_between(deadline, wib(2026, 11, 15, 9)) == 2  # Sunday: Thu, Fri
    assert cal.working_days_between(deadline, wib(2026, 11, 10, 9)) == 0  # end before start
    assert cal.working_days_between(deadline, deadline) == 0


def test_working_days_between_skips_holidays(cal: WorkCalendar) -> None:
    # Fri 14 Aug -> Wed 19 Aug: Mon 17 Aug is Independence Day, so only Tue and Wed count.
    assert cal.working_days_between(wib(2026, 8, 14, 16), wib(2026, 8, 19, 10)) == 2


# -- office hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (wib(2026, 11, 10, 7, 59), False),
        (wib(2026, 11, 10, 8, 0), True),
        (wib(2026, 11, 10, 15, 59), True),
        (wib(2026, 11, 10, 16, 0), False),
        (wib(2026, 11, 14, 10, 0), False),  # Saturday
        (wib(2026, 11, 15, 10, 0), False),  # Sunday
        (wib(2026, 8, 17, 10, 0), False),  # Independence Day
    ],
)
def test_within_working_hours(cal: WorkCalendar, moment: datetime, expected: bool) -> None:
    assert cal.within_working_hours(moment) is expected
    assert cal.within_working_hours(moment.astimezone(UTC)) is expected


def test_next_working_moment(cal: WorkCalendar) -> None:
    assert cal.next_working_moment(wib(2026, 11, 13, 17)) == wib(2026, 11, 16, 8)  # Friday evening
    assert cal.next_working_moment(wib(2026, 11, 10, 7)) == wib(2026, 11, 10, 8)  # early Tuesday
    assert cal.next_working_moment(wib(2026, 11, 14, 10)) == wib(2026, 11, 16, 8)  # Saturday
    assert cal.next_working_moment(wib(2026, 8, 14, 16)) == wib(2026, 8, 18, 8)  # before 17 Aug
    inside = wib(2026, 11, 10, 10, 30)
    moment = cal.next_working_moment(inside)
    assert moment == inside and moment.tzinfo is UTC


# -- next due date of a berkala item --------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "period", "due_day"),
    [
        (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
        (date(2028, 1, 31), "monthly", date(2028, 2, 29)),
        (date(2026, 3, 15), "monthly", date(2026, 4, 15)),
        (date(2026, 12, 10), "monthly", date(2027, 1, 10)),
        (date(2026, 11, 30), "quarterly", date(2027, 2, 28)),
        (date(2026, 5, 31), "quarterly", date(2026, 8, 31)),
        (date(2026, 8, 31), "semester", date(2027, 2, 28)),
        (date(2026, 3, 31), "semester", date(2026, 9, 30)),
        (date(2028, 2, 29), "yearly", date(2029, 2, 28)),
        (date(2026, 7, 1), "yearly", date(2027, 7, 1)),
    ],
)
def test_next_due(cal: WorkCalendar, after: date, period: str, due_day: date) -> None:
    due = cal.next_due(wib(after.year, after.month, after.day, 11), period)
    assert due == wib(due_day.year, due_day.month, due_day.day, 16)
    assert due.tzinfo is UTC


def test_next_due_uses_the_local_date(cal: WorkCalendar) -> None:
    # 31 Jan 20:00 UTC is already 1 Feb 03:00 WIB.
    assert cal.next_due(datetime(2026, 1, 31, 20, tzinfo=UTC), "monthly") == wib(2026, 3, 1, 16)


def test_next_due_refuses_an_unknown_period(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.next_due(wib(2026, 1, 1), "weekly")


def test_add_months_clamps_to_the_end_of_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 10, 31), 6) == date(2027, 4, 30)
    assert add_months(date(2026, 12, 31), 12) == date(2027, 12, 31)


# -- display --------------------------------------------------------------------------------------


def test_format_local_in_both_languages(cal: WorkCalendar) -> None:
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert cal.format_local(moment) == "30 Nov 2026 16.00 WIB"
    assert cal.format_local(moment, "en") == "30 Nov 2026 16:00 WIB"
    august = wib(2026, 8, 5, 8, 5)
    assert cal.format_local(august) == "5 Agu 2026 08.05 WIB"
    assert cal.format_local(august, "en") == "5 Aug 2026 08:05 WIB"
    assert cal.format_local(wib(2026, 12, 1, 9)) == "1 Des 2026 09.00 WIB"
    assert cal.format_local(wib(2026, 10, 1, 9)) == "1 Okt 2026 09.00 WIB"
    assert cal.format_local(wib(2026, 5, 1, 9)) == "1 Mei 2026 09.00 WIB"


@pytest.mark.parametrize(
    ("zone", "abbreviation", "clock_text"),
    [("Asia/Jakarta", "WIB", "16.00"), ("Asia/Makassar", "WITA", "17.00"), ("Asia/Jayapura", "WIT", "18.00")],
)
def test_format_local_names_the_indonesian_zone(zone: str, abbreviation: str, clock_text: str) -> None:
    office = WorkCalendar(ZoneInfo(zone), time(8), time(16))
    assert office.format_local(datetime(2026, 11, 30, 9, tzinfo=UTC)) == f"30 Nov 2026 {clock_text} {abbreviation}"


def test_format_local_outside_indonesia_uses_the_zone_or_offset() -> None:
    singapore = WorkCalendar(ZoneInfo("Asia/Singapore"), time(9), time(17))
    assert singapore.format_local(datetime(2026, 11, 30, 9, tzinfo=UTC), "en") == "30 Nov 2026 17:00 UTC+8"
    utc = WorkCalendar(ZoneInfo("UTC"), time(9), time(17))
    assert utc.format_local(datetime(2026, 11, 30, 9, tzinfo=UTC), "en") == "30 Nov 2026 09:00 UTC"


def test_office_hours_must_be_in_order() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(WIB, time(16), time(8))


# -- clocks ---------------------------------------------------------------------------------------


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(wib(2026, 11, 13, 17))
    assert isinstance(clock, Clock)
    assert clock.now() == datetime(2026, 11, 13, 10, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    clock.advance(timedelta(hours=63))
    assert clock.now() == wib(2026, 11, 16, 8)
    clock.set(wib(2026, 8, 17, 9))
    assert clock.now() == datetime(2026, 8, 17, 2, tzinfo=UTC)
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 8, 17, 9))


def test_system_clock_is_aware_utc() -> None:
    clock = SystemClock()
    assert isinstance(clock, Clock)
    now = clock.now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
