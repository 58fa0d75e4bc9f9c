"""The files of the compliance reports: the XLSX tables of `/kepatuhan` and `/laporan_tahunan`, and
the `/kepatuhan` chart (PNG).

Each report is a list of `bot.spreadsheets.Table`s (that module makes the bytes) or one call of
`bot.charts.stacked_bar_chart`; the figures come from `bot.compliance`, the words from
`bot.texts` and `bot.compliance_text`.
"""

from __future__ import annotations

from bot.charts import GREEN, ORANGE, RED, Series, stacked_bar_chart
from bot.charts import MAX_BARS as CHART_MAX_BARS
from bot.compliance import ComplianceReport, Tally, YearlyFigures
from bot.compliance_text import period_label
from bot.register import category_label
from bot.services import Services
from bot.spreadsheets import Cell, Table, xlsx_bytes
from bot.texts import raw

__all__ = ["compliance_chart", "compliance_tables", "compliance_xlsx", "yearly_tables", "yearly_xlsx"]


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
