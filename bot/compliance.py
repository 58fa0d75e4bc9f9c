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
sees their own unit(s) (`bot.register.visible_unit_ids`). Every report generated is recorded with one
audit entry (`Services.record_report`).

The counting is SQL (`storage.compliance`): a handful of grouped queries per report, whatever the
size of the register. This module turns them into rows, tables (XLSX through `bot.spreadsheets`)
and the chart (`bot.charts`).
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import escape
from typing import Any

from bot.charts import GREEN, ORANGE, RED, Series, stacked_bar_chart
from bot.charts import MAX_BARS as CHART_MAX_BARS
from bot.register import category_label, visible_unit_ids
from bot.services import Services
from bot.spreadsheets import Cell, Table, xlsx_bytes
from bot.staff import Person
from bot.task_view import shorten
from bot.texts import raw, t
from bot.workdays import WorkCalendar
from storage.compliance import ComplianceQueries, DueCount, MonthSpan
from storage.items import CATEGORIES

__all__ = [
    "FIRST_YEAR",
    "ComplianceReport",
    "ReportError",
    "SertaMertaFigure",
    "Tally",
    "UnitMonth",
    "UnitTotal",
    "YearlyFigures",
    "compliance",
    "compliance_chart",
    "compliance_tables",
    "compliance_xlsx",
    "default_months",
    "month_spans",
    "parse_year",
    "report_unit_ids",
    "yearly_figures",
    "yearly_tables",
    "yearly_xlsx",
]

FIRST_YEAR = 2000
LAGGING_IN_TEXT = 5
UNIT_IN_TEXT = 60  # characters of a unit name in a message


class ReportError(Exception):
    """A refusal to tell the person: `key` names the text, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


# -- the numbers -------------------------------------------------------------------------------------


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


# -- who, which year ------------------------------------------------------------------------------


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


# -- tables, files, chart -----------------------------------------------------------------------------


def month_name(month: int, language: str = "id", *, short: bool = False) -> str:
    return raw("cmp_months_short" if short else "cmp_months", language).split(",")[month - 1]


def period_label(year: int, month_from: int, month_to: int, language: str = "id") -> str:
    """ "Januari–November 2026", or "Maret 2026" for one month."""
    if month_from == month_to:
        return raw("cmp_period_one", language).format(first=month_name(month_from, language), year=year)
    return raw("cmp_period", language).format(
        first=month_name(month_from, language), last=month_name(month_to, language), year=year
    )


def _counts(tally: Tally) -> list[Cell]:
    return [tally.due, tally.on_time, tally.late, tally.overdue, tally.pending, tally.percent]


def _count_headers(language: str) -> list[str]:
    return [raw(f"cmp_col_{key}", language) for key in ("due", "on_time", "late", "overdue", "pending", "rate")]


def _preamble(services: Services, report: ComplianceReport, title: str, language: str) -> list[str]:
    calendar = services.calendar
    return [
        title,
        raw("cmp_preamble_period", language).format(
            period=period_label(report.year, report.month_from, report.month_to, language)
        ),
        raw("cmp_preamble_now", language).format(now=calendar.format_local(report.now, language)),
        raw("cmp_preamble_rules", language),
    ]


def _totals_table(report: ComplianceReport, title: str, preamble: list[str], language: str) -> Table:
    rows: list[list[Cell]] = [[total.unit_name, *_counts(total.tally)] for total in report.totals]
    rows.append([raw("cmp_all_units", language), *_counts(report.overall)])
    return Table(
        title, [raw("cmp_col_unit", language), *_count_headers(language)], rows, preamble,
        widths=[40, 12, 12, 12, 18, 18, 14],
    )


def compliance_tables(services: Services, report: ComplianceReport, language: str = "id") -> list[Table]:
    """Two sheets: per unit per month, and the totals per unit (with every unit together)."""
    preamble = _preamble(services, report, raw("cmp_title", language), language)
    months = Table(
        raw("cmp_sheet_months", language),
        [raw("cmp_col_unit", language), raw("cmp_col_month", language), *_count_headers(language)],
        [[row.unit_name, f"{report.year}-{row.month:02d}", *_counts(row.tally)] for row in report.rows],
        preamble,
        widths=[40, 10, 12, 12, 12, 18, 18, 14],
    )
    return [months, _totals_table(report, raw("cmp_sheet_totals", language), preamble, language)]


def compliance_xlsx(services: Services, report: ComplianceReport, language: str = "id") -> bytes:
    return xlsx_bytes(compliance_tables(services, report, language))


def compliance_chart(services: Services, report: ComplianceReport, language: str = "id") -> bytes:
    """The PNG chart: per unit, on time / late / overdue, the units lagging most first."""
    ordered = report.by_lag()
    shown = ordered[:CHART_MAX_BARS]
    footer = ""
    if len(ordered) > len(shown):
        footer = raw("cmp_chart_more", language).format(shown=len(shown), total=len(ordered))
    period = period_label(report.year, report.month_from, report.month_to, language)
    return stacked_bar_chart(
        f"{raw('cmp_title', language)}, {period}",
        [total.unit_name for total in shown],
        [
            Series(raw("cmp_col_on_time", language), GREEN, [total.tally.on_time for total in shown]),
            Series(raw("cmp_col_late", language), ORANGE, [total.tally.late for total in shown]),
            Series(raw("cmp_col_overdue", language), RED, [total.tally.overdue for total in shown]),
        ],
        subtitle=raw("cmp_chart_subtitle", language).format(now=services.calendar.format_local(report.now, language)),
        footer=footer,
        empty_text=raw("cmp_chart_empty", language),
    )


def yearly_tables(services: Services, figures: YearlyFigures, language: str = "id") -> list[Table]:
    """Summary, by category, compliance per unit and per month, and the serta merta list."""
    calendar = services.calendar
    report = figures.compliance
    overall = report.overall
    title = raw("yr_title", language).format(year=figures.year)
    now_line = raw("cmp_preamble_now", language).format(now=calendar.format_local(figures.now, language))
    median, longest = figures.serta_merta_median, figures.serta_merta_longest
    summary_rows: list[list[Cell]] = [
        [raw("yr_fig_publications", language), figures.publications],
        [raw("yr_fig_items_published", language), figures.items_published],
        [raw("yr_fig_due", language), overall.due],
        [raw("yr_fig_on_time", language), overall.on_time],
        [raw("yr_fig_late", language), overall.late],
        [raw("yr_fig_overdue", language), overall.overdue],
        [raw("yr_fig_pending", language), overall.pending],
        [raw("yr_fig_rate", language), overall.percent],
        [raw("yr_fig_sm_count", language), len(figures.serta_merta)],
        [raw("yr_fig_sm_published", language), len(figures.serta_merta_hours)],
        [raw("yr_fig_sm_median", language), median],
        [raw("yr_fig_sm_longest", language), longest],
        [raw("yr_fig_sm_within", language).format(policy=figures.policy_hours), figures.serta_merta_within_policy],
    ]
    summary = Table(
        raw("yr_sheet_summary", language), [raw("yr_col_figure", language), raw("yr_col_value", language)],
        summary_rows, [title, now_line, raw("cmp_preamble_rules", language)], widths=[48, 14],
    )
    category_rows: list[list[Cell]] = [
        [category_label(figure.category, language), figure.registered, figure.items_published, figure.publications]
        for figure in figures.categories
    ]
    category_rows.append([
        raw("yr_total", language),
        sum(figure.registered for figure in figures.categories),
        figures.items_published,
        figures.publications,
    ])
    categories = Table(
        raw("yr_sheet_categories", language),
        [raw(f"yr_col_{key}", language) for key in ("category", "registered", "items_published", "publications")],
        category_rows, [title, now_line, raw("yr_preamble_registered", language)], widths=[36, 24, 20, 20],
    )
    preamble = _preamble(services, report, title, language)
    units = _totals_table(report, raw("yr_sheet_units", language), preamble, language)
    months = Table(
        raw("yr_sheet_months", language),
        [raw("cmp_col_month", language), *_count_headers(language)],
        [[f"{figures.year}-{month:02d}", *_counts(tally)] for month, tally in report.by_month.items()]
        + [[raw("yr_total", language), *_counts(overall)]],
        preamble, widths=[12, 12, 12, 12, 18, 18, 14],
    )
    serta_merta = Table(
        raw("yr_sheet_serta_merta", language),
        [raw(f"yr_col_{key}", language) for key in (
            "no", "cycle", "item", "state", "opened", "published", "hours", "working_days"
        )],
        [
            [
                number, figure.cycle_id, f"{figure.summary} ({figure.unit_name})",
                raw(f"yr_state_{figure.state}", language),
                calendar.local(figure.opened_at),
                None if figure.published_at is None else calendar.local(figure.published_at),
                figure.hours, figure.working_days,
            ]
            for number, figure in enumerate(figures.serta_merta, start=1)
        ],
        [title, now_line],
        widths=[6, 10, 60, 14, 18, 18, 14, 18],
    )
    return [summary, categories, units, months, serta_merta]


def yearly_xlsx(services: Services, figures: YearlyFigures, language: str = "id") -> bytes:
    return xlsx_bytes(yearly_tables(services, figures, language))


# -- messages -------------------------------------------------------------------------------------------


def format_percent(tally: Tally, language: str = "id") -> str:
    """ "66,7%" (Indonesian decimal comma) or "66.7%"; "–" when there is no rate."""
    if tally.percent is None:
        return "–"
    text = f"{tally.percent:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if language == "id" else text) + "%"


def _hours(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language == "id" else text


async def _scope_text(services: Services, unit_ids: frozenset[int] | None, language: str) -> str:
    if unit_ids is None:
        return ""
    names = await ComplianceQueries(services.db).unit_names(unit_ids)
    units = ", ".join(shorten(names.get(unit_id, str(unit_id)), UNIT_IN_TEXT) for unit_id in sorted(unit_ids))
    return t("cmp_scope_units", language, units=units or "–")


async def compliance_text(services: Services, report: ComplianceReport, language: str = "id") -> list[str]:
    """The summary as HTML blocks: the period, the overall counts, the units lagging most."""
    overall = report.overall
    blocks = [
        raw("cmp_heading", language).format(
            period=escape(period_label(report.year, report.month_from, report.month_to, language)),
            scope=await _scope_text(services, report.unit_ids, language),
            now=escape(services.calendar.format_local(report.now, language)),
        )
    ]
    if overall.due == 0:
        blocks.append(raw("cmp_nothing_due", language))
        return blocks
    blocks.append(
        t("cmp_overall", language, due=overall.due, on_time=overall.on_time, late=overall.late,
          overdue=overall.overdue, pending=overall.pending, rate=format_percent(overall, language))
    )
    lagging = report.lagging()
    if not overall.decided:
        pass  # nothing has fallen due yet: nobody lags, and nobody is on time either
    elif lagging:
        lines = [raw("cmp_lagging_heading", language)]
        lines += [
            t("cmp_lagging_line", language, no=number, unit=shorten(total.unit_name, UNIT_IN_TEXT),
              rate=format_percent(total.tally, language), late=total.tally.late, overdue=total.tally.overdue)
            for number, total in enumerate(lagging, start=1)
        ]
        blocks.append("\n".join(lines))
    else:
        blocks.append(raw("cmp_none_lagging", language))
    blocks.append(raw("cmp_files_hint", language))
    return blocks


async def yearly_text(services: Services, figures: YearlyFigures, language: str = "id") -> list[str]:
    """The yearly figures as HTML blocks: by category, the on-time rate, serta merta."""
    blocks = [
        raw("yr_heading", language).format(
            year=figures.year,
            scope=await _scope_text(services, figures.unit_ids, language),
            now=escape(services.calendar.format_local(figures.now, language)),
        )
    ]
    published = [figure for figure in figures.categories if figure.publications]
    if published:
        lines = [raw("yr_published_heading", language)]
        lines += [
            t("yr_published_line", language, category=category_label(figure.category, language),
              items=figure.items_published, publications=figure.publications)
            for figure in published
        ]
        blocks.append("\n".join(lines))
    else:
        blocks.append(raw("yr_published_none", language))
    overall = figures.compliance.overall
    if overall.decided:
        blocks.append(
            t("yr_rate", language, rate=format_percent(overall, language), on_time=overall.on_time,
              decided=overall.decided)
        )
    else:
        blocks.append(raw("yr_rate_none", language))
    if not figures.serta_merta:
        blocks.append(raw("yr_serta_merta_none", language))
    elif not figures.serta_merta_hours:
        blocks.append(t("yr_serta_merta_unpublished", language, count=len(figures.serta_merta)))
    else:
        blocks.append(
            t("yr_serta_merta", language, count=len(figures.serta_merta), published=len(figures.serta_merta_hours),
              median=_hours(figures.serta_merta_median, language), longest=_hours(figures.serta_merta_longest, language),
              within=figures.serta_merta_within_policy, policy=figures.policy_hours)
        )
    blocks.append(raw("yr_files_hint", language))
    return blocks
