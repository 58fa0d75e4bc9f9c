"""`/kepatuhan [tahun]`: compliance per unit (`/laporan_tahunan` is `handlers/yearly_report.py`).

`/kepatuhan` sends a short summary (the whole office's counts and the units lagging most), the
required information each unit still lacks (`bot.required_info`), the chart
(PNG, `send_photo`) and the full table (XLSX): per unit per month, and per unit over the period. With
no year: the current year up to the current month, in office time; a past or next year: the whole
year. A PPID Pelaksana (with no other role) gets their own unit(s) only. Each report
generated is one audit entry. The rules are in `bot.compliance`.
"""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.compliance import compliance
from bot.compliance_files import compliance_chart, compliance_xlsx
from bot.compliance_request import ReportError, default_months, parse_year, report_unit_ids
from bot.compliance_text import compliance_text, period_label
from bot.messages import pack_messages
from bot.required_info import RequiredInfoError, load_required_info, missing_by_unit, missing_text
from bot.staff import Person
from bot.telegram_limits import CAPTION_MAX
from bot.texts import raw, t
from handlers.access import person_of
from handlers.role_gate import requires_role

UPLOAD_WRITE_TIMEOUT = 120  # seconds; the files are small (a few hundred KB at most)


def _caption(text: str) -> str:
    return text[:CAPTION_MAX]


async def _request(update: Update, context: PpidContext, command: str) -> tuple[Person, int | None, frozenset[int] | None] | None:
    """The person, the year asked (None: default) and their units; None after telling them why not."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    today = context.services.calendar.local(context.services.clock.now()).date()
    try:
        unit_ids = report_unit_ids(person)
        argument = " ".join(context.args or []) or None
        year = parse_year(argument, today, command)
    except ReportError as error:
        await message.reply_text(t(error.key, person.language, **error.values))
        return None
    return person, year, unit_ids


# Everyone with a role of the office; `bot.compliance.report_unit_ids` says which units each sees.
reports_gate = requires_role("admin", "operator", "utama", "pelaksana", refusal="cmp_not_allowed")


@reports_gate
async def kepatuhan(update: Update, context: PpidContext) -> None:
    """`/kepatuhan [tahun]`: the summary, the chart (PNG) and the table (XLSX)."""
    request = await _request(update, context, "kepatuhan")
    if request is None:
        return
    person, year, unit_ids = request
    services = context.services
    language = person.language
    today = services.calendar.local(services.clock.now()).date()
    year = year or today.year
    month_from, month_to = default_months(year, today)
    await context.bot.send_chat_action(person.telegram_id, ChatAction.UPLOAD_PHOTO)
    report = await compliance(services, year, month_from, month_to, unit_ids)
    overall = report.overall
    await services.record_report(
        person.telegram_id, "report.compliance", "report", year,
        dict(
            year=year, month_from=month_from, month_to=month_to, units=None if unit_ids is None else sorted(unit_ids),
            due=overall.due, on_time=overall.on_time, late=overall.late, overdue=overall.overdue,
            pending=overall.pending,
        ),
    )
    blocks = await compliance_text(services, report, language) + await _missing_blocks(context, person, unit_ids)
    for text in pack_messages(blocks):
        await context.bot.send_message(person.telegram_id, text)
    if overall.due == 0:
        return
    period = period_label(year, month_from, month_to, language)
    await context.bot.send_photo(
        person.telegram_id,
        InputFile(compliance_chart(services, report, language), filename=raw("cmp_chart_name", language).format(year=year)),
        caption=_caption(t("cmp_chart_caption", language, period=period)),
        write_timeout=UPLOAD_WRITE_TIMEOUT,
    )
    await context.bot.send_document(
        person.telegram_id,
        InputFile(
            compliance_xlsx(services, report, language),
            filename=raw("cmp_file_name", language).format(year=year, first=month_from, last=month_to),
        ),
        caption=_caption(t("cmp_xlsx_caption", language, period=period)),
        write_timeout=UPLOAD_WRITE_TIMEOUT,
    )


async def _missing_blocks(context: PpidContext, person: Person, unit_ids: frozenset[int] | None) -> list[str]:
    """The required information each unit (of the person's scope) still lacks, as it is now."""
    try:
        entries = load_required_info()
    except RequiredInfoError as error:
        return [t("req_err_file", person.language, error=str(error))]
    return missing_text(await missing_by_unit(context.services, entries, unit_ids), len(entries), person.language)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("kepatuhan", kepatuhan))
