"""The yearly report to the Information Commission (Perki 1/2021), filled from the DOCX template.

`/laporan_tahunan` (`handlers/yearly_report.py`) sends the year's XLSX figures and this document:
the template `bot.office_templates.YEARLY_REPORT` (the office's own, TEMPLATE_YEARLY_REPORT, or the
shipped one) filled with the figures the bot holds, and, where LibreOffice is installed, its PDF.

Every figure comes from `bot.compliance.yearly_figures` (the same object the XLSX and the chat text
are made from: published items by category, the berkala on-time rate per unit, each serta merta
announcement with its times) and `bot.exemption.exempt_register` (the exempt list with its grounds
and periods, as it stands when the report is made); this module only turns them into the
template's fields (`report_fields`). What the bot does not hold (budget, facilities and staff,
requests and objections, obstacles) is left to the PPID: the shipped template marks each place
"[diisi oleh PPID: ...]".
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from bot.compliance import Tally, YearlyFigures, yearly_figures
from bot.compliance_text import format_percent
from bot.exemption import ExemptEntry, exempt_register
from bot.office_templates import YEARLY_REPORT, TemplateError, check_template, fill, template_bytes
from bot.pdf_conversion import ConversionFailed
from bot.register import category_label
from bot.services import Services
from bot.staff import Person
from bot.texts import raw, role_name
from bot.workdays import WorkCalendar

__all__ = ["NoPdf", "YearlyReport", "YearlyReportError", "make_yearly_report", "report_fields"]

LOG = logging.getLogger(__name__)

NoPdf = Literal["off", "no_libreoffice", "failed"]  # as `bot.letters.NoPdf`
NO_VALUE = "–"


class YearlyReportError(Exception):
    """The office's template cannot be used; the message names the field and its place."""


@dataclass(frozen=True)
class YearlyReport:
    """One yearly report made: its figures, the DOCX, and the PDF (None: `no_pdf` says why)."""

    figures: YearlyFigures
    exempt: list[ExemptEntry]
    docx: bytes
    pdf: bytes | None
    no_pdf: NoPdf | None


def _number(value: float | None) -> str:
    """ "33" or "4,5" (Indonesian decimal comma); "–" for no value."""
    if value is None:
        return NO_VALUE
    return f"{value:.1f}".removesuffix(".0").replace(".", ",")


def _tally_row(unit: str, tally: Tally) -> dict[str, str]:
    return {
        "unit": unit, "jatuh_tempo": str(tally.due), "tepat_waktu": str(tally.on_time), "terlambat": str(tally.late),
        "lewat": str(tally.overdue), "belum": str(tally.pending), "persen": format_percent(tally, "id"),
    }


def _period(entry: ExemptEntry, calendar: WorkCalendar) -> str:
    if entry.until is None:
        return raw("yrd_exempt_untested", "id")
    until = calendar.format_date(entry.until, "id")
    return raw("yrd_exempt_ended" if entry.ended else "yrd_exempt_until", "id").format(until=until)


def report_fields(
    figures: YearlyFigures, exempt: list[ExemptEntry], *, calendar: WorkCalendar, organisation: str,
    made_at: datetime, signatory: tuple[str, str, str],
) -> dict[str, Any]:
    """The template's fields (`YEARLY_REPORT.fields`, every one) from the year's figures and the
    exempt list, in Indonesian (the document goes to the Commission)."""
    report = figures.compliance
    name, title, nip = signatory
    return {
        "tahun": str(figures.year),
        "organisasi": organisation,
        "tanggal_laporan": calendar.format_date(calendar.local(made_at).date(), "id"),
        "dibuat_pada": calendar.format_local(figures.now, "id"),
        "jumlah_pengumuman": str(figures.publications),
        "jumlah_informasi": str(figures.items_published),
        "kategori": [
            {"nama": category_label(figure.category, "id"), "terdaftar": str(figure.registered),
             "informasi": str(figure.items_published), "pengumuman": str(figure.publications)}
            for figure in figures.categories
        ],
        "kepatuhan_unit": [_tally_row(total.unit_name, total.tally) for total in report.totals],
        "kepatuhan_total": [_tally_row(raw("cmp_all_units", "id"), report.overall)],
        "serta_merta": [
            {
                "no": str(number), "informasi": figure.summary, "unit": figure.unit_name,
                "status": raw(f"yr_state_{figure.state}", "id"),
                "dibuka": calendar.format_local(figure.opened_at, "id"),
                "diumumkan": NO_VALUE if figure.published_at is None else calendar.format_local(figure.published_at, "id"),
                "jam": _number(figure.hours),
                "hari_kerja": NO_VALUE if figure.working_days is None else str(figure.working_days),
            }
            for number, figure in enumerate(figures.serta_merta, start=1)
        ],
        "serta_merta_jumlah": str(len(figures.serta_merta)),
        "serta_merta_diumumkan": str(len(figures.serta_merta_hours)),
        "serta_merta_median": _number(figures.serta_merta_median),
        "serta_merta_terlama": _number(figures.serta_merta_longest),
        "serta_merta_standar_jam": str(figures.policy_hours),
        "serta_merta_dalam_standar": str(figures.serta_merta_within_policy),
        "dikecualikan": [
            {"no": str(number), "informasi": entry.summary, "unit": entry.unit_name,
             "dasar": entry.legal_basis or NO_VALUE, "jangka_waktu": _period(entry, calendar)}
            for number, entry in enumerate(exempt, start=1)
        ],
        "penanda_tangan_nama": name,
        "penanda_tangan_jabatan": title,
        "penanda_tangan_nip": nip,
    }


async def make_yearly_report(services: Services, person: Person, year: int) -> YearlyReport:
    """The yearly report of `year` for the whole office, made by `person` (an admin): the figures,
    the DOCX and its PDF where LibreOffice can make it, with one audit entry (`report.yearly`).
    YearlyReportError when the office's template cannot be used (nothing is recorded then)."""
    settings = services.settings
    try:
        template, source = template_bytes(YEARLY_REPORT, settings)
        await asyncio.to_thread(check_template, YEARLY_REPORT, template, source)
    except TemplateError as error:
        raise YearlyReportError(str(error)) from None
    figures = await yearly_figures(services, year)
    exempt = await exempt_register(services, figures.now)
    values = report_fields(
        figures, exempt, calendar=services.calendar, organisation=services.sop.header.organisation,
        made_at=figures.now,
        signatory=(
            settings.signatory_name or person.full_name,
            settings.signatory_title or role_name("admin"),
            settings.signatory_nip or "",
        ),
    )
    docx = await asyncio.to_thread(fill, YEARLY_REPORT, template, values)
    pdf: bytes | None = None
    no_pdf: NoPdf | None = None
    try:
        pdf = await services.pdf_converter.to_pdf(docx, f"laporan_tahunan_{year}.docx")
        if pdf is None:
            no_pdf = "no_libreoffice" if settings.make_pdf else "off"
    except ConversionFailed as error:
        LOG.warning("yearly report %s: no PDF: %s", year, error)
        no_pdf = "failed"
    overall = figures.compliance.overall
    await services.record_report(
        person.telegram_id, "report.yearly", "report", year,
        dict(
            year=year, publications=figures.publications, items_published=figures.items_published,
            due=overall.due, on_time=overall.on_time, serta_merta=len(figures.serta_merta), exempt=len(exempt),
            template=source, pdf=pdf is not None,
        ),
    )
    return YearlyReport(figures=figures, exempt=exempt, docx=docx, pdf=pdf, no_pdf=no_pdf)
