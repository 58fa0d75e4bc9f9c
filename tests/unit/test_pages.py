"""Pagination: page counts, clamping, offsets."""

from __future__ import annotations

from bot.pages import page_of


def test_an_empty_list_has_one_empty_page() -> None:
    page = page_of(0, 1, 8)
    assert (page.number, page.count, page.offset, page.first, page.last) == (1, 1, 0, 1, 0)
    assert not page.has_previous and not page.has_next


def test_pages_of_a_list() -> None:
    page = page_of(17, 2, 8)
    assert (page.number, page.count, page.offset, page.first, page.last) == (2, 3, 8, 9, 16)
    assert page.has_previous and page.has_next
    assert list(page.slice(list(range(17)))) == list(range(8, 16))
    last = page_of(17, 3, 8)
    assert (last.first, last.last, last.has_next) == (17, 17, False)
    assert list(last.slice(list(range(17)))) == [16]


def test_requests_outside_the_list_are_clamped() -> None:
    assert page_of(17, 9, 8).number == 3
    assert page_of(17, 0, 8).number == 1
    assert page_of(17, -4, 8).number == 1


def test_a_limit_caps_the_pages() -> None:
    page = page_of(1000, 500, 5, limit=20)
    assert (page.number, page.count) == (20, 20)
