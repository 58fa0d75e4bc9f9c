"""The callback-data codec: what it builds is what it parses, and nothing else parses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import pytest

from handlers.callbacks import CallbackData, Digits, Text, family_pattern


@dataclass(frozen=True)
class _Pair(CallbackData, prefix="tst:pair"):
    cycle_id: int
    version: int


@dataclass(frozen=True)
class _Choice(CallbackData, prefix="tst:ch"):
    item_id: int
    category: Literal["berkala", "dikecualikan"]
    confirmed: bool


@dataclass(frozen=True)
class _Listing(CallbackData, prefix="tst:ls"):
    offset: int
    words: Text | None = None


@dataclass(frozen=True)
class _Bare(CallbackData, prefix="tst:bare"):
    pass


def test_packs_prefix_and_fields_joined_by_colons() -> None:
    assert _Pair(7, 2).pack() == "tst:pair:7:2"
    assert _Choice(3, "dikecualikan", True).pack() == "tst:ch:3:dikecualikan:1"
    assert _Listing(10).pack() == "tst:ls:10"
    assert _Listing(10, "pajak: 2026").pack() == "tst:ls:10:pajak: 2026"
    assert _Bare().pack() == "tst:bare"


def test_round_trip() -> None:
    for data in (_Pair(7, 2), _Choice(3, "berkala", False), _Listing(0), _Listing(20, "a:b c"), _Bare()):
        assert type(data).unpack(data.pack()) == data


@pytest.mark.parametrize(
    "raw",
    [
        "tst:pair:7",  # too few
        "tst:pair:7:2:1",  # too many
        "tst:pair:7:x",  # not a number
        "tst:pair:-7:2",
        "tst:pair:07:2",  # not the one spelling of 7
        "tst:pair:1234567890123:2",  # past 12 digits
        "tst:pair:7:2 ",
        "tst:pairs:7:2",  # another prefix that starts the same
        "tst:pair",
        "tst:ch:3:setiap_saat:1",  # not one of the choices
        "tst:ch:3:berkala:2",  # not a bool
        "tst:ls:10:line\nbreak",
        "tst:ls:",
        "tst:bare:1",
        "",
    ],
)
def test_refuses_anything_not_exactly_one_button(raw: str) -> None:
    kinds: list[type[CallbackData]] = [_Pair, _Choice, _Listing, _Bare]
    assert all(kind.unpack(raw) is None for kind in kinds)


def test_refuses_what_is_not_a_string() -> None:
    assert _Pair.unpack(None) is None
    assert _Pair.unpack(b"tst:pair:7:2") is None


def test_the_64_byte_limit_is_checked_when_building() -> None:
    with pytest.raises(ValueError, match="too long"):
        _Listing(1, "é" * 40).pack()
    assert _Listing.unpack("tst:ls:1:" + "é" * 40) is None


def test_a_field_that_cannot_travel_is_refused_when_building() -> None:
    with pytest.raises(ValueError):
        _Choice(3, "setiap_saat", True).pack()  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _Pair("7", 2).pack()  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _Pair(True, 2).pack()


def test_a_prefix_is_declared_once() -> None:
    with pytest.raises(ValueError, match="already used"):

        @dataclass(frozen=True)
        class _Again(CallbackData, prefix="tst:pair"):
            cycle_id: int


def test_the_route_pattern_matches_the_prefix_only() -> None:
    assert _Pair.pattern().match("tst:pair:7:2")
    assert _Pair.pattern().match("tst:pair:junk")  # routed, then refused by unpack as stale
    assert not _Pair.pattern().match("tst:pairs:7:2")
    assert _Bare.pattern().match("tst:bare")


@dataclass(frozen=True)
class _Person(CallbackData, prefix="tst:who"):
    telegram_id: Annotated[int, Digits(15)]
    page: Annotated[int, Digits(4)] | None = None


def test_an_int_field_may_carry_another_number_of_digits() -> None:
    assert _Person(10**15 - 1, 9999).pack() == "tst:who:999999999999999:9999"
    assert _Person.unpack("tst:who:999999999999999:9999") == _Person(10**15 - 1, 9999)
    assert _Person.unpack("tst:who:7") == _Person(7)
    for raw in ("tst:who:" + "9" * 16, "tst:who:1:10000", "tst:who:01", "tst:who:1:"):
        assert _Person.unpack(raw) is None, raw
    with pytest.raises(ValueError):
        _Person(10**15).pack()
    with pytest.raises(ValueError):
        _Person(1, 10000).pack()


def test_a_family_pattern_routes_every_data_of_the_family_only() -> None:
    pattern = family_pattern("tst")
    assert pattern.match("tst:pair:junk") and pattern.match("tst:") and pattern.match("tst:zzz")
    assert not pattern.match("tst") and not pattern.match("tsts:pair:7:2") and not pattern.match("xtst:pair")
    with pytest.raises(ValueError, match="no kind"):
        family_pattern("nope")
