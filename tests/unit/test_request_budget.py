"""The request budget of people who are not staff: a token bucket per person, told once a window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.request_budget import RequestBudget, Verdict

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


def test_a_burst_beyond_the_budget_is_refused_and_told_once_a_window() -> None:
    budget = RequestBudget(per_minute=3)
    verdicts = [budget.take(1, T0) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.TELL] + [Verdict.QUIET] * 2
    assert budget.take(2, T0) is Verdict.ALLOW  # someone else has their own bucket
    # One token comes back every 20 s (3 a minute); the notice again only after a minute.
    assert budget.take(1, T0 + timedelta(seconds=19)) is Verdict.QUIET
    assert budget.take(1, T0 + timedelta(seconds=20)) is Verdict.ALLOW
    assert budget.take(1, T0 + timedelta(seconds=21)) is Verdict.QUIET
    assert budget.take(1, T0 + timedelta(seconds=39)) is Verdict.QUIET
    assert budget.take(1, T0 + timedelta(seconds=40)) is Verdict.ALLOW
    assert budget.take(1, T0 + timedelta(seconds=60)) is Verdict.ALLOW
    assert budget.take(1, T0 + timedelta(seconds=61)) is Verdict.TELL


def test_a_quiet_minute_refills_the_bucket_but_never_beyond_it() -> None:
    budget = RequestBudget(per_minute=2)
    assert budget.take(1, T0) is Verdict.ALLOW
    later = T0 + timedelta(hours=5)
    assert [budget.take(1, later) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.TELL]
    # A clock set back gives nothing back.
    assert budget.take(1, T0) is Verdict.QUIET


def test_a_budget_allows_at_least_one_request() -> None:
    with pytest.raises(ValueError):
        RequestBudget(per_minute=0)
