"""Pagination, the one way every paged list of the bot counts its pages (pure).

Rules:
* pages are numbered from 1; a list with no entries still has one (empty) page;
* a requested page outside 1..last is clamped to the nearest page that exists, so an old "next"
  button of a list that shrank shows its last page instead of an empty one;
* `limit` (optional) caps the number of pages (the public search shows at most that many).

Lists read from the database ask `page_of(total, requested, size)` for the `offset` and `size` to
read; lists held in memory take `page.slice(entries)`. The buttons that turn pages are
`handlers.paging.navigation_row`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

Entry = TypeVar("Entry")


@dataclass(frozen=True)
class Page:
    """Page `number` (1-based) of `count` pages of `size` entries over `total` entries."""

    number: int
    count: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        """How many entries come before this page."""
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The 1-based position of the page's first entry."""
        return self.offset + 1

    @property
    def last(self) -> int:
        """The 1-based position of the page's last entry (first - 1 on an empty page)."""
        return min(self.offset + self.size, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def slice(self, entries: Sequence[Entry]) -> Sequence[Entry]:
        """This page's entries of a list held in memory."""
        return entries[self.offset : self.offset + self.size]


def page_of(total: int, requested: int, size: int, *, limit: int | None = None) -> Page:
    """Page `requested` (1-based, clamped) of `total` entries, `size` to a page."""
    if size < 1:
        raise ValueError("a page holds at least one entry")
    count = max(1, -(-max(total, 0) // size))
    if limit is not None:
        count = min(count, limit)
    return Page(min(max(requested, 1), count), count, size, max(total, 0))
