"""The words of the compliance reports: month names and periods, percentages, and the messages of
`/kepatuhan` and `/laporan_tahunan` (HTML blocks, in the person's language).

Rendering only: everything shown comes from the figures of `bot.compliance`. The XLSX tables and
the chart are `bot.compliance_files`.
"""

from __future__ import annotations

from html import escape

from bot.compliance import ComplianceReport, Tally, YearlyFigures
from bot.register import category_label
from bot.services import Services
from bot.task_view import shorten
from bot.texts import raw, t

__all__ = ["compliance_text", "format_percent", "month_name", "period_label", "yearly_text"]

UNIT_IN_TEXT = 60  # characters of a unit name in a message


def month_name(month: int, language: str = "id", *, short: bool = False) -> str:
    return raw("cmp_months_short" if short else "cmp_months", language).split(",")[month - 1]


def period_label(year: int, month_from: int, month_to: int, language: str = "id") -> str:
    """ "Januari–November 2026", or "Maret 2026" for one month."""
    if month_from == month_to:
        return raw("cmp_period_one", language).format(first=month_name(month_from, language), year=year)
    return raw("cmp_period", language).format(
        first=month_name(month_from, language), last=month_name(month_to, language), year=year
    )


def _decimal(value: float | None, language: str) -> str:
    """ "66,7" (Indonesian decimal comma) or "66.7", "12" for 12.0; "–" for no value."""
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language == "id" else text


def format_percent(tally: Tally, language: str = "id") -> str:
    """ "66,7%" (Indonesian decimal comma) or "66.7%"; "–" when there is no rate."""
    return "–" if tally.percent is None else _decimal(tally.percent, language) + "%"


def _scope_text(report: ComplianceReport, language: str) -> str:
    if report.unit_ids is None:
        return ""
    names = report.scope_names
    units = ", ".join(shorten(names.get(unit_id, str(unit_id)), UNIT_IN_TEXT) for unit_id in sorted(report.unit_ids))
    return t("cmp_scope_units", language, units=units or "–")


# The two messages stay coroutines, as the handler awaits them; they read nothing.


async def compliance_text(services: Services, report: ComplianceReport, language: str = "id") -> list[str]:
    """The summary as HTML blocks: the period, the overall counts, the units lagging most."""
    overall = report.overall
    blocks = [
        raw("cmp_heading", language).format(
            period=escape(period_label(report.year, report.month_from, report.month_to, language)),
            scope=_scope_text(report, language),
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
            scope=_scope_text(figures.compliance, language),
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
              median=_decimal(figures.serta_merta_median, language), longest=_decimal(figures.serta_merta_longest, language),
              within=figures.serta_merta_within_policy, policy=figures.policy_hours)
        )
    blocks.append(raw("yr_files_hint", language))
    return blocks
