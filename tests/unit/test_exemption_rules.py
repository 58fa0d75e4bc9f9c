"""The consequence test's rules (`bot.exemption`): the order of its parts, the ground's letters,
the period typed as years or a date, what an incomplete test is refused with, when a period has
ended, and the fields the decision document is filled with."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.exemption import (
    PARTS,
    ExemptionError,
    decision_fields,
    exemption_from,
    has_ended,
    legal_basis_of,
    missing_parts,
    next_part,
    parse_until,
    toggle_ground,
)
from bot.workdays import WorkCalendar
from storage.items import Exemption, InfoItem

CALENDAR = WorkCalendar(ZoneInfo("Asia/Pontianak"), time(8), time(16))
TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 2, tzinfo=UTC)  # 09:00 WIB
ANSWERS = {
    "part": "Nama pelapor", "grounds": ["h", "a"], "consequence": "c" * 30, "public_interest": "p" * 30,
    "until": "2031-11-30", "decider_name": "Umar", "decider_position": "PPID Utama",
}


def test_the_parts_are_asked_in_the_order_of_the_law() -> None:
    assert PARTS == ("part", "grounds", "consequence", "public_interest", "until", "decider_name", "decider_position")
    answers: dict[str, object] = {"token": "abcd1234"}
    asked = []
    while (part := next_part(answers)) is not None:
        asked.append(part)
        answers[part] = ANSWERS[part]
    assert asked == list(PARTS)


def test_letters_toggle_and_only_pasal_17_letters_exist() -> None:
    answers = toggle_ground({}, "h")
    answers = toggle_ground(answers, "a")
    assert answers["picked"] == ["a", "h"]
    assert toggle_ground(answers, "h")["picked"] == ["a"]
    with pytest.raises(ExemptionError):
        toggle_ground(answers, "k")
    assert legal_basis_of(["h", "a"]) == "UU 14/2008 Pasal 17 huruf a, h"


@pytest.mark.parametrize(
    ("typed", "until"),
    [
        ("5", date(2031, 11, 29)), ("5 tahun", date(2031, 11, 29)), ("1 Tahun", date(2027, 11, 29)),
        ("30 tahun", date(2056, 11, 29)), ("31-12-2030", date(2030, 12, 31)), ("31/12/2030", date(2030, 12, 31)),
        ("2030-12-31", date(2030, 12, 31)), ("1.12.2026", date(2026, 12, 1)),
        ("29-11-2056", date(2056, 11, 29)),  # the last day of thirty years
    ],
)
def test_the_period_is_a_number_of_years_or_a_date(typed: str, until: date) -> None:
    assert parse_until(typed, TODAY) == until


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("0", "ex_err_years"), ("31 tahun", "ex_err_years"), ("30-11-2026", "ex_err_until_past"),
        ("29-11-2026", "ex_err_until_past"), ("31-02-2030", "ex_err_until"), ("selamanya", "ex_err_until"),
        ("", "ex_err_until"), ("01-01-2057", "ex_err_years"), ("30-11-2056", "ex_err_years"),
    ],
)
def test_a_period_that_is_not_fixed_and_future_is_refused(typed: str, key: str) -> None:
    with pytest.raises(ExemptionError) as refused:
        parse_until(typed, TODAY)
    assert refused.value.key == key


def test_an_incomplete_test_is_refused_naming_what_is_missing() -> None:
    assert missing_parts(None) == list(PARTS)
    for part in PARTS:
        answers = {**ANSWERS, part: ""}
        with pytest.raises(ExemptionError) as refused:
            exemption_from(answers, NOW, CALENDAR)
        assert refused.value.key == "ex_err_incomplete"
        assert missing_parts(answers) == [part]
    with pytest.raises(ExemptionError) as refused:
        exemption_from({**ANSWERS, "consequence": "singkat"}, NOW, CALENDAR)
    assert refused.value.key == "ex_err_too_short"
    with pytest.raises(ExemptionError) as refused:
        exemption_from({**ANSWERS, "grounds": ["z"]}, NOW, CALENDAR)
    assert refused.value.key == "ex_err_ground"
    with pytest.raises(ExemptionError) as refused:  # checked again at the moment it is written
        exemption_from({**ANSWERS, "until": "2026-11-30"}, NOW, CALENDAR)
    assert refused.value.key == "ex_err_until_past"
    with pytest.raises(ExemptionError):
        exemption_from("UU 14/2008 Pasal 17 huruf h", NOW, CALENDAR)  # a legal basis alone
    test = exemption_from(ANSWERS, NOW, CALENDAR)
    assert (test.grounds, test.until, test.decided_at) == (("a", "h"), date(2031, 11, 30), NOW)
    assert exemption_from(test, NOW, CALENDAR) == test  # an Exemption is checked the same way


def test_a_period_holds_through_its_last_day_in_office_time() -> None:
    # "sampai dengan 15 Januari 2027", as the decision says: still exempt all of 15 January.
    test = exemption_from({**ANSWERS, "until": "2027-01-15"}, NOW, CALENDAR)
    assert not has_ended(test, datetime(2027, 1, 15, 16, 59, tzinfo=UTC), CALENDAR)  # 15 Jan 23:59 WIB
    assert has_ended(test, datetime(2027, 1, 15, 17, 0, tzinfo=UTC), CALENDAR)  # 16 Jan 00:00 WIB


def test_the_decision_document_gets_every_part_of_the_test() -> None:
    test = exemption_from(ANSWERS, NOW, CALENDAR)
    item = InfoItem(
        id=7, summary="Data pelapor", unit_id=1, responsible="Kabid", made_time_place="2026", form="soft",
        retention="5 tahun", category="dikecualikan", period=None, legal_basis=legal_basis_of(test.grounds),
        status="active", last_published_at=None, next_due_at=None, reminders_paused=False, created_at=NOW,
        updated_at=NOW, exemption=test,
    )
    fields = decision_fields(item, "Dinas Sosial", CALENDAR)
    assert fields["legal_basis"] == "UU 14/2008 Pasal 17 huruf a, h"
    assert [g["letter"] for g in fields["grounds"]] == ["a", "h"]
    assert fields["grounds"][1]["description"] == "dapat mengungkap rahasia pribadi"
    assert (fields["until"], fields["decider_name"], fields["unit"]) == ("30 Nov 2031", "Umar", "Dinas Sosial")
    assert fields["decided_at"] == "30 Nov 2026 09.00 WIB"
    old = InfoItem(**{**item.__dict__, "exemption": None})
    with pytest.raises(ExemptionError):
        decision_fields(old, "Dinas Sosial", CALENDAR)
    assert isinstance(test, Exemption)
