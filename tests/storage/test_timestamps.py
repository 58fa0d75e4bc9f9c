"""The stored timestamp form."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now_text


def test_format_converts_to_utc_and_drops_fractions() -> None:
    pontianak = datetime(2026, 11, 28, 20, 6, 24, 999_999, tzinfo=ZoneInfo("Asia/Pontianak"))
    assert format_utc(pontianak) == "2026-11-28T13:06:24Z"


def test_round_trip_and_ordering() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert parse_utc(format_utc(moment)) == moment
    later = moment + timedelta(days=300, seconds=1)
    assert format_utc(moment) < format_utc(later)
    assert parse_utc_or_none(None) is None


def test_now_has_the_stored_form() -> None:
    text = utc_now_text()
    assert parse_utc(text).tzinfo == timezone.utc and len(text) == 20


def test_naive_datetimes_and_other_forms_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_utc(datetime(2026, 1, 1))
    for bad in ("2026-11-28 13:06:24", "2026-11-28T13:06:24+00:00", "2026-11-28T13:06:24.5Z", "", "2026-13-01T00:00:00Z"):
        with pytest.raises(ValueError):
            parse_utc(bad)
