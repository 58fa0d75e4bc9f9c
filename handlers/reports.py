"""`/dip` and `/laporan_koordinasi`: reports sent as files.

`/dip` sends the register of public information (DIP) as two documents, XLSX then CSV (see
`bot.dip_export`); a file too large for Telegram is replaced by a message saying so.

`/laporan_koordinasi <nomor siklus>` sends that cycle's coordination report (XLSX, see
`bot.coordination_report`); without a number it lists the most recent cycles the person may see,
one button each. Callback data (`ReportOfCycle`, see `handlers.callbacks`):
    rpt:k:<cycle id>   send that cycle's report
A press is checked again against the database (the cycle exists, the person may see it); forged
or stale data is answered as a stale button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.coordination_report import (
    CoordinationReport,
    coordination_report,
    reportable_cycles,
)
from bot.dip_export import DipExport, DipPlan, ExportFile, export_dip, plan_dip
from bot.services import Services
from bot.staff import Person
from bot.task_view import shorten
from bot.telegram_limits import BOT_UPLOAD_MAX_BYTES
from bot.texts import raw, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData
from handlers.cycle_buttons import answer_refusal, cycle_button

PROGRESS_NOTE_FROM = 5000  # from this many items, say that the files are being prepared
UPLOAD_WRITE_TIMEOUT = 300  # seconds to upload a file of up to 50 MB
SUMMARY_IN_BUTTON = 40
SUMMARY_IN_CAPTION = 300
SCOPE_IN_TEXT = 300
_CYCLE_NUMBER = re.compile(r"#?([0-9]{1,12})")


@dataclass(frozen=True)
class ReportOfCycle(CallbackData, prefix="rpt:k"):
    """Send the coordination report of the cycle picked from the list."""

    cycle_id: int


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


async def _send_file(context: PpidContext, person: Person, file: ExportFile, caption: str) -> None:
    """Send one generated file, or say why it cannot be sent (larger than Telegram takes)."""
    if file.too_large:
        await context.bot.send_message(
            person.telegram_id,
            t(
                "rpt_too_large",
                person.language,
                name=file.name,
                size=_megabytes(file.size),
                limit=BOT_UPLOAD_MAX_BYTES // (1024 * 1024),
            ),
        )
        return
    await context.bot.send_document(
        person.telegram_id,
        InputFile(file.data, filename=file.name),
        caption=caption,
        write_timeout=UPLOAD_WRITE_TIMEOUT,
    )


def _count(count: int, language: str) -> str:
    """12.345 in Indonesian, 12,345 in English."""
    text = f"{count:,}"
    return text if language == "en" else text.replace(",", ".")


def _scope(plan: DipPlan, language: str) -> str:
    """"semua unit", or the units of a PPID Pelaksana's export (plain text, shortened)."""
    if plan.unit_ids is None:
        return raw("rpt_scope_all", language)
    return shorten(raw("rpt_scope_units", language).format(units=", ".join(plan.unit_names)), SCOPE_IN_TEXT)


async def dip(update: Update, context: PpidContext) -> None:
    """`/dip`: the register as XLSX and CSV (a PPID Pelaksana: their own unit's items)."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    services = context.services
    plan = await plan_dip(services, person)
    if plan.count == 0:
        await message.reply_text(t("rpt_dip_empty", person.language, scope=_scope(plan, person.language)))
        return
    await context.bot.send_chat_action(person.telegram_id, ChatAction.UPLOAD_DOCUMENT)
    if plan.count >= PROGRESS_NOTE_FROM:
        await message.reply_text(t("rpt_dip_preparing", person.language, count=_count(plan.count, person.language)))
    export = await export_dip(services, person, plan)
    await _send_file(context, person, export.xlsx, _dip_caption(services, export, person.language))
    await _send_file(context, person, export.csv, raw("rpt_dip_caption_csv", person.language))


def _dip_caption(services: Services, export: DipExport, language: str) -> str:
    return t(
        "rpt_dip_caption_xlsx",
        language,
        count=_count(export.plan.count, language),
        scope=_scope(export.plan, language),
        time=services.calendar.format_local(export.made_at, language),
    )


async def _send_report(context: PpidContext, person: Person, report: CoordinationReport) -> None:
    caption = t(
        "rpt_coord_caption",
        person.language,
        id=report.cycle.id,
        summary=shorten(report.cycle.item_summary, SUMMARY_IN_CAPTION),
        asked=len(report.asked),
        acknowledged=report.acknowledged,
        documents=len(report.documents),
    )
    await _send_file(context, person, ExportFile(report.name, report.data), caption)


async def coordination(update: Update, context: PpidContext) -> None:
    """`/laporan_koordinasi [nomor siklus]`: that cycle's report, or a choice of recent cycles."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    services = context.services
    if context.args:
        match = _CYCLE_NUMBER.fullmatch(context.args[0]) if len(context.args) == 1 else None
        if match is None:
            await message.reply_text(raw("rpt_bad_number", person.language))
            return
        try:
            report = await coordination_report(services, person, int(match.group(1)))
        except WorkflowError as error:
            await answer_refusal(update, error, person.language)
            return
        await context.bot.send_chat_action(person.telegram_id, ChatAction.UPLOAD_DOCUMENT)
        await _send_report(context, person, report)
        return
    cycles = await reportable_cycles(services, person)
    if not cycles:
        await message.reply_text(raw("rpt_coord_none", person.language))
        return
    rows = [
        [
            ReportOfCycle(cycle.id).button(
                raw("rpt_coord_button", person.language).format(
                    id=cycle.id,
                    summary=shorten(cycle.item_summary, SUMMARY_IN_BUTTON),
                    date=services.calendar.format_date(services.calendar.local(cycle.opened_at).date(), person.language),
                )
            )
        ]
        for cycle in cycles
    ]
    await message.reply_text(
        t("rpt_coord_pick", person.language, count=len(cycles), example=cycles[0].id),
        reply_markup=InlineKeyboardMarkup(rows),
    )


@cycle_button(ReportOfCycle)
async def coordination_pressed(update: Update, context: PpidContext, person: Person, data: ReportOfCycle) -> None:
    """A cycle was chosen from the list: send its report."""
    report = await coordination_report(context.services, person, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await _send_report(context, person, report)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("dip", dip))
    application.add_handler(CommandHandler("laporan_koordinasi", coordination))
    application.add_handler(CallbackQueryHandler(coordination_pressed, pattern=ReportOfCycle.pattern()))
