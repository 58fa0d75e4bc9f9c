"""Who may ask for `/kepatuhan` and `/laporan_tahunan`, for which units, and which year they typed.

The handler (`handlers/compliance.py`) turns a :class:`ReportError` into the text its `key` names;
the figures themselves are `bot.compliance`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.register import visible_unit_ids
from bot.staff import Person

__all__ = ["FIRST_YEAR", "ReportError", "default_months", "parse_year", "report_unit_ids"]

FIRST_YEAR = 2000


class ReportError(Exception):
    """A refusal to tell the person: `key` names the text, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def report_unit_ids(person: Person) -> frozenset[int] | None:
    """The units a person's reports cover: None (every unit) for admins, operators and PPID Utama,
    their own unit(s) for a PPID Pelaksana; `ReportError` for anyone else."""
    if not person.roles & {"admin", "operator", "utama", "pelaksana"}:
        raise ReportError("cmp_not_allowed")
    return visible_unit_ids(person.roles, person.unit_ids)


def parse_year(argument: str | None, today: date, command: str) -> int | None:
    """The year typed after the command: None when none was typed; `ReportError` when it is not a
    number (ASCII digits) or not between `FIRST_YEAR` and next year."""
    if argument is None or not argument.strip():
        return None
    text = argument.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise ReportError("cmp_year_invalid", command=command)
    year = int(text)
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ReportError("cmp_year_out_of_range", year=year, first=FIRST_YEAR, last=today.year + 1)
    return year


def default_months(year: int, today: date) -> tuple[int, int]:
    """The months a compliance report of `year` covers: the current year up to this month, any
    other year whole."""
    return (1, today.month) if year == today.year else (1, 12)

