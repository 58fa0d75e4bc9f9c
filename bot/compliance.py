"""Compliance per unit and month, and the yearly figures for the Information Commission.

Definitions (the README's "Compliance and yearly figures" says the same):

- A berkala item is **due in month M** (a month of the office's time zone, `TIMEZONE`) once for
  each berkala update cycle whose due date falls in M (a cycle records, when it opens, the item's
  next due date: the date it serves), plus once for each active berkala item whose next due date
  falls in M and that has no cycle for that date yet. Cancelled cycles are not counted, nor an
  unpublished cycle of an item that has been deactivated. Cycles published before migration 0005
  recorded no due date and are not counted either.
- **On time**: published (the publication of step 7) on or before the due date. **Late**: published
  after it. **Overdue**: not published, and the due date has passed now (the bot's clock).
  **Not yet due** (pending): not published, due date still ahead.
- **On-time rate** = on time / (on time + late + overdue); pending dues are left out (nothing is
  decided about them yet); no rate when that is 0.
- The units that **lag most** come first: lowest on-time rate, then most late and overdue, then name.
- **Serta merta** information is announced without delay (UU 14/2008); the yearly figures list
  each serta merta cycle opened in the year with its opening and publication times and the time
  between them, in hours and in working days (`bot.workdays`: working days after the opening day
  up to the publication day, so a same-day announcement is 0), and count those within the SOP's
  own serta merta standard (the sum of the hour Waktu of its steps).
- **Published by category**: the publications in the year (office time) by the item's category
  now; "items" counts each item once however often it was published.

Who may ask: admins, operators and PPID Utama see every unit; a PPID Pelaksana (with no other role)
sees their own unit(s) (`bot.compliance_request.report_unit_ids`). Every report generated is
recorded with one audit entry (`Services.record_report`).

The counting is SQL (`storage.compliance`): a handful of grouped queries per report, whatever the
size of the register. This module turns them into figures and nothing else: who may ask and which
year is `bot.compliance_request`, the messages `bot.compliance_text`, the XLSX tables and the
chart `bot.compliance_files`.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bot.services import Services
from bot.workdays import WorkCalendar
from storage.compliance import ComplianceQueries, DueCount, MonthSpan
from storage.items import CATEGORIES

__all__ = [
    "LAGGING_IN_TEXT",
    "CategoryFigure",
    "ComplianceReport",
    "SertaMertaFigure",
    "Tally",
    "UnitMonth",
    "UnitTotal",
    "YearlyFigures",
    "compliance",
    "month_spans",
    "serta_merta_policy_hours",
    "yearly_figures",
]

LAGGING_IN_TEXT = 5


@dataclass(frozen=True)
class Tally:
    """Dues by outcome."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.on_time + other.on_time, self.late + other.late,
            self.overdue + other.overdue, self.pending + other.pending,
        )

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending

    @property
    def decided(self) -> int:
        """Dues whose outcome is known: on time, late or overdue."""
        return self.on_time + self.late + self.overdue

    @property
    def lagging(self) -> int:
        return self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """On time / decided, from 0 to 1; None when nothing is decided."""
        return self.on_time / self.decided if self.decided else None

    @property
    def percent(self) -> float | None:
        """The rate as a percentage with one decimal (as the tables show it)."""
        return None if self.rate is None else round(100 * self.rate, 1)


def _tally(count: DueCount) -> Tally:
    return Tally(count.on_time, count.late, count.overdue, count.pending)


@dataclass(frozen=True)
class UnitMonth:
    """One row of the table: a unit in a month."""

    unit_id: int
    unit_name: str
    month: int
    tally: Tally


@dataclass(frozen=True)
class UnitTotal:
    """A unit over the whole period."""

    unit_id: int
    unit_name: str
    tally: Tally


def _lag_key(total: UnitTotal) -> tuple[Any, ...]:
    rate = total.tally.rate
    return (rate is None, rate if rate is not None else 0.0, -total.tally.lagging, -total.tally.overdue,
            total.unit_name.casefold(), total.unit_id)


@dataclass(frozen=True)
class ComplianceReport:
    """Compliance of `year`, months `month_from` to `month_to`, at `now`, for the units in scope."""

    year: int
    month_from: int
    month_to: int
    now: datetime
    unit_ids: frozenset[int] | None  # the scope: None = every unit
    rows: list[UnitMonth]  # by unit name, then month
    totals: list[UnitTotal]  # by unit name
    by_month: dict[int, Tally] = field(default_factory=dict)  # every unit together, each month
    scope_names: dict[int, str] = field(default_factory=dict)  # the name of each unit in `unit_ids`

    @property
    def overall(self) -> Tally:
        result = Tally()
        for total in self.totals:
            result = result + total.tally
        return result

    def by_lag(self) -> list[UnitTotal]:
        """Every unit, the one lagging most first (see the module docstring)."""
        return sorted(self.totals, key=_lag_key)

    def lagging(self, count: int = LAGGING_IN_TEXT) -> list[UnitTotal]:
        """The `count` units lagging most, among those with anything late or overdue."""
        return [total for total in self.by_lag() if total.tally.lagging > 0][:count]


def month_spans(calendar: WorkCalendar, year: int, month_from: int, month_to: int) -> list[MonthSpan]:
    """The office's months `month_from`..`month_to` of `year` as UTC moments [start, end)."""
    if not 1 <= month_from <= month_to <= 12:
        raise ValueError(f"months must be 1 <= from <= to <= 12, got {month_from}..{month_to}")
    spans: list[MonthSpan] = []
    for month in range(month_from, month_to + 1):
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        spans.append(
            MonthSpan(month, calendar.at_local(date(year, month, 1), time(0)), calendar.at_local(following, time(0)))
        )
    return spans


async def compliance(
    services: Services,
    year: int,
    month_from: int = 1,
    month_to: int = 12,
    unit_ids: Collection[int] | None = None,
) -> ComplianceReport:
    """Dues per unit per month of the period, by outcome now, with the totals per unit.

    `unit_ids` None: every unit; else only those (a PPID Pelaksana's own). Units with nothing due
    in the period have no rows.
    """
    queries = ComplianceQueries(services.db)
    now = services.clock.now()
    scope = None if unit_ids is None else frozenset(unit_ids)
    counts = await queries.due_counts(month_spans(services.calendar, year, month_from, month_to), now, scope)
    names = await queries.unit_names({count.unit_id for count in counts})
    rows = [
        UnitMonth(count.unit_id, names.get(count.unit_id, str(count.unit_id)), count.month, _tally(count))
        for count in counts
    ]
    rows.sort(key=lambda row: (row.unit_name.casefold(), row.unit_id, row.month))
    per_unit: dict[int, UnitTotal] = {}
    by_month: dict[int, Tally] = {}
    for row in rows:
        before = per_unit.get(row.unit_id)
        per_unit[row.unit_id] = UnitTotal(row.unit_id, row.unit_name, (before.tally if before else Tally()) + row.tally)
        by_month[row.month] = by_month.get(row.month, Tally()) + row.tally
    return ComplianceReport(
        year=year, month_from=month_from, month_to=month_to, now=now, unit_ids=scope, rows=rows,
        totals=list(per_unit.values()), by_month=dict(sorted(by_month.items())),
        scope_names={} if scope is None else await queries.unit_names(scope),
    )


@dataclass(frozen=True)
class SertaMertaFigure:
    """One serta merta announcement (cycle) and how long it took."""

    cycle_id: int
    item_id: int
    summary: str
    unit_name: str
    state: str
    opened_at: datetime
    published_at: datetime | None
    hours: float | None  # opening to publication, one decimal
    working_days: int | None


@dataclass(frozen=True)
class CategoryFigure:
    """One category: items in the register, items announced in the year, announcements."""

    category: str
    registered: int
    items_published: int
    publications: int


@dataclass(frozen=True)
class YearlyFigures:
    """The figures of one year for the annual report to the Information Commission."""

    year: int
    now: datetime
    unit_ids: frozenset[int] | None
    categories: list[CategoryFigure]
    compliance: ComplianceReport
    serta_merta: list[SertaMertaFigure]
    policy_hours: int  # the SOP's serta merta standard, opening to publication

    @property
    def publications(self) -> int:
        return sum(figure.publications for figure in self.categories)

    @property
    def items_published(self) -> int:
        return sum(figure.items_published for figure in self.categories)

    @property
    def serta_merta_hours(self) -> list[float]:
        return [figure.hours for figure in self.serta_merta if figure.hours is not None]

    @property
    def serta_merta_median(self) -> float | None:
        hours = self.serta_merta_hours
        return round(statistics.median(hours), 1) if hours else None

    @property
    def serta_merta_longest(self) -> float | None:
        hours = self.serta_merta_hours
        return max(hours) if hours else None

    @property
    def serta_merta_within_policy(self) -> int:
        return sum(1 for hours in self.serta_merta_hours if hours <= self.policy_hours)


def serta_merta_policy_hours(services: Services) -> int:
    """The SOP's serta merta standard from opening to publication: its steps' hours added up."""
    return sum(
        step.waktu("serta_merta").amount for step in services.sop.steps if step.waktu("serta_merta").unit == "hours"
    )


async def yearly_figures(services: Services, year: int, unit_ids: Collection[int] | None = None) -> YearlyFigures:
    """Published items by category, the on-time rate and the serta merta announcements of `year`."""
    queries = ComplianceQueries(services.db)
    calendar = services.calendar
    start, end = calendar.at_local(date(year, 1, 1), time(0)), calendar.at_local(date(year + 1, 1, 1), time(0))
    scope = None if unit_ids is None else frozenset(unit_ids)
    published = {row.category: row for row in await queries.published_by_category(start, end, scope)}
    registered = await queries.registered_by_category(end, scope)
    categories = [
        CategoryFigure(
            category,
            registered.get(category, 0),
            published[category].items if category in published else 0,
            published[category].publications if category in published else 0,
        )
        for category in CATEGORIES
    ]
    serta_merta: list[SertaMertaFigure] = []
    for row in await queries.serta_merta_cycles(start, end, scope):
        hours = days = None
        if row.published_at is not None:
            hours = round((row.published_at - row.opened_at).total_seconds() / 3600, 1)
            days = calendar.working_days_between(row.opened_at, row.published_at)
        serta_merta.append(
            SertaMertaFigure(
                row.cycle_id, row.item_id, row.summary, row.unit_name, row.state, row.opened_at, row.published_at,
                hours, days,
            )
        )
    return YearlyFigures(
        year=year,
        now=services.clock.now(),
        unit_ids=scope,
        categories=categories,
        compliance=await compliance(services, year, 1, 12, scope),
        serta_merta=serta_merta,
        policy_hours=serta_merta_policy_hours(services),
    )

