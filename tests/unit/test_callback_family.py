"""The codec's catch-all route of a family of buttons (`family_pattern`): every press of the
family and nothing else, and only for a family that exists."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from handlers.callbacks import CallbackData, family_pattern


@dataclass(frozen=True)
class _Member(CallbackData, prefix="tstfam:one"):
    item_id: int


def test_routes_every_press_of_the_family() -> None:
    pattern = family_pattern("tstfam")
    for data in ("tstfam:one:1", "tstfam:one:junk", "tstfam:zz", "tstfam:", "tstfam:one:1:\n"):
        assert pattern.match(data), data


def test_routes_nothing_of_another_family() -> None:
    pattern = family_pattern("tstfam")
    for data in ("tstfam", "tstfamily:one:1", "xtstfam:one:1", " tstfam:one:1", "TSTFAM:one:1", ""):
        assert not pattern.match(data), data


def test_a_family_no_kind_belongs_to_is_refused() -> None:
    with pytest.raises(ValueError, match="family"):
        family_pattern("tstnone")
    with pytest.raises(ValueError, match="family"):
        family_pattern("tstfam:one")  # a kind's prefix is no family
