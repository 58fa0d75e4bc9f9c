"""The office's real calendar, pinned: every weekday off in 2026 and 2027, listed by hand.

The days are written out literally from the decrees as the `holidays` library carries them (SKB 3
Menteri on hari libur nasional and cuti bersama 2026 and 2027; the library marks Eid al-Fitr and
Eid al-Adha 2027 as estimated), not computed by the code under test. A new release of `holidays`
that moves a day fails here on purpose: someone looks at the decree before the deadlines move.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, load_settings
from bot.workdays import WorkCalendar, work_calendar

WIB = ZoneInfo("Asia/Pontianak")

PUBLIC_HOLIDAYS_ON_WEEKDAYS = {
    2026: {
        date(2026, 1, 1),  # Tahun Baru Masehi
        date(2026, 1, 16),  # Isra Mikraj
        date(2026, 2, 17),  # Tahun Baru Imlek
        date(2026, 3, 19),  # Nyepi
        date(2026, 4, 3),  # Wafat Yesus Kristus
        date(2026, 5, 1),  # Hari Buruh
        date(2026, 5, 14),  # Kenaikan Yesus Kristus
        date(2026, 5, 27),  # Iduladha
        date(2026, 6, 1),  # Hari Lahir Pancasila
        date(2026, 6, 16),  # Tahun Baru Islam
        date(2026, 8, 17),  # Hari Kemerdekaan
        date(2026, 8, 25),  # Maulid Nabi
        date(2026, 12, 25),  # Natal
    },
    2027: {
        date(2027, 1, 1),  # Tahun Baru Masehi
        date(2027, 1, 5),  # Isra Mikraj
        date(2027, 3, 8),  # Nyepi
        date(2027, 3, 10),  # Idulfitri (estimated)
        date(2027, 3, 11),  # Idulfitri, second day (estimated)
        date(2027, 3, 26),  # Wafat Yesus Kristus
        date(2027, 5, 6),  # Kenaikan Yesus Kristus
        date(2027, 5, 17),  # Iduladha (estimated)
        date(2027, 5, 20),  # Waisak
        date(2027, 6, 1),  # Hari Lahir Pancasila
        date(2027, 8, 17),  # Hari Kemerdekaan
    },
}
CUTI_BERSAMA = {
    2026: {
        date(2026, 2, 16),  # Imlek
        date(2026, 3, 18),  # Nyepi
        date(2026, 3, 20),  # Idulfitri
        date(2026, 3, 23),  # Idulfitri
        date(2026, 3, 24),  # Idulfitri
        date(2026, 5, 15),  # Kenaikan Yesus Kristus
        date(2026, 5, 28),  # Iduladha
        date(2026, 12, 24),  # Natal
    },
    2027: {
        date(2027, 2, 5),  # Imlek
        date(2027, 3, 9),  # Idulfitri
        date(2027, 3, 12),  # Idulfitri
        date(2027, 3, 15),  # Idulfitri
        date(2027, 3, 25),  # Wafat Yesus Kristus
        date(2027, 5, 18),  # Iduladha
        date(2027, 5, 19),  # Waisak
        date(2027, 12, 24),  # Natal
    },
}


def weekdays_off(calendar: WorkCalendar, year: int) -> set[date]:
    day, last = date(year, 1, 1), date(year, 12, 31)
    off: set[date] = set()
    while day <= last:
        if day.weekday() < 5 and not calendar.is_working_day(day):
            off.add(day)
        day += timedelta(days=1)
    return off


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_weekdays_off_are_the_public_holidays_and_the_cuti_bersama(year: int) -> None:
    office = work_calendar(load_settings({}))
    assert office.cuti_bersama is True  # the default
    assert weekdays_off(office, year) == PUBLIC_HOLIDAYS_ON_WEEKDAYS[year] | CUTI_BERSAMA[year]


@pytest.mark.parametrize("year", [2026, 2027])
def test_with_cuti_bersama_off_only_the_public_holidays_are_off(year: int) -> None:
    office = work_calendar(load_settings({"CUTI_BERSAMA": "false"}))
    assert office.cuti_bersama is False
    assert weekdays_off(office, year) == PUBLIC_HOLIDAYS_ON_WEEKDAYS[year]
    assert all(office.is_working_day(day) for day in CUTI_BERSAMA[year])


def test_the_office_own_days_come_on_top_of_the_national_ones() -> None:
    office = work_calendar(load_settings({"EXTRA_HOLIDAYS": "2026-10-23,2026-12-31"}))
    assert weekdays_off(office, 2026) == (
        PUBLIC_HOLIDAYS_ON_WEEKDAYS[2026] | CUTI_BERSAMA[2026] | {date(2026, 10, 23), date(2026, 12, 31)}
    )
    without = work_calendar(load_settings({"EXTRA_HOLIDAYS": "2026-10-23", "CUTI_BERSAMA": "false"}))
    assert weekdays_off(without, 2026) == PUBLIC_HOLIDAYS_ON_WEEKDAYS[2026] | {date(2026, 10, 23)}


def test_a_calendar_built_directly_observes_cuti_bersama_unless_told() -> None:
    assert not WorkCalendar(WIB, time(8), time(16)).is_working_day(date(2026, 12, 24))
    assert WorkCalendar(WIB, time(8), time(16), cuti_bersama=False).is_working_day(date(2026, 12, 24))


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("ya", True), ("false", False), ("tidak", False), ("0", False)]
)
def test_the_cuti_bersama_setting(value: str, expected: bool) -> None:
    assert load_settings({"CUTI_BERSAMA": value}).cuti_bersama is expected


def test_a_wrong_cuti_bersama_value_names_the_key() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"CUTI_BERSAMA": "kadang"})
    assert raised.value.key == "CUTI_BERSAMA"
