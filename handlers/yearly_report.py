"""`/laporan_tahunan [tahun]`: the yearly report to the Information Commission (admins).

With no year: the previous year (the report is due by the end of March for the year before); a
year typed after the command: that year; anything else gets an Indonesian message. Sends the short
text and the XLSX of the yearly figures (`bot.compliance_text`, `bot.compliance_files`), the report
document filled from the template (DOCX) and, where LibreOffice is installed, its PDF; all four
from the one `bot.yearly_report.YearlyReport`, recorded with one audit entry.
"""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.compliance_files import yearly_xlsx
from bot.compliance_request import ReportError, parse_year
from bot.compliance_text import yearly_text
from bot.messages import pack_messages
from bot.pdf_conversion import INSTALL_HINT
from bot.telegram_limits import CAPTION_MAX
from bot.texts import raw, t
from bot.yearly_report import YearlyReportError, make_yearly_report
from handlers.access import person_of
from handlers.role_gate import requires_role

UPLOAD_WRITE_TIMEOUT = 120  # seconds; the files are small (a few hundred KB at most)


@requires_role("admin", refusal="yrd_not_allowed")
async def laporan_tahunan(update: Update, context: PpidContext) -> None:
    """`/laporan_tahunan [tahun]`: text, XLSX, DOCX and PDF of the year's report."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    services = context.services
    language = person.language
    today = services.calendar.local(services.clock.now()).date()
    try:
        year = parse_year(" ".join(context.args or []) or None, today, "laporan_tahunan")
    except ReportError as error:
        await message.reply_text(t(error.key, language, **error.values))
        return
    year = year or today.year - 1
    chat = person.telegram_id
    await context.bot.send_chat_action(chat, ChatAction.UPLOAD_DOCUMENT)
    try:
        report = await make_yearly_report(services, person, year)
    except YearlyReportError as error:
        await message.reply_text(t("yrd_template_broken", language, problem=str(error)))
        return
    for text in pack_messages(await yearly_text(services, report.figures, language)):
        await context.bot.send_message(chat, text)
    await context.bot.send_document(
        chat,
        InputFile(yearly_xlsx(services, report.figures, language), filename=raw("yr_file_name", language).format(year=year)),
        caption=t("yr_xlsx_caption", language, year=year)[:CAPTION_MAX],
        write_timeout=UPLOAD_WRITE_TIMEOUT,
    )
    await context.bot.send_document(
        chat, InputFile(report.docx, filename=raw("yrd_docx_name", language).format(year=year)),
        caption=t("yrd_docx_caption", language, year=year)[:CAPTION_MAX], write_timeout=UPLOAD_WRITE_TIMEOUT,
    )
    if report.pdf is not None:
        await context.bot.send_document(
            chat, InputFile(report.pdf, filename=raw("yrd_pdf_name", language).format(year=year)),
            caption=t("yrd_pdf_caption", language, year=year)[:CAPTION_MAX], write_timeout=UPLOAD_WRITE_TIMEOUT,
        )
    elif report.no_pdf == "no_libreoffice":
        await context.bot.send_message(chat, t("yrd_no_pdf_install", language, package=INSTALL_HINT))
    elif report.no_pdf == "failed":
        await context.bot.send_message(chat, raw("yrd_pdf_failed", language))


def register(application: Application) -> None:
    application.add_handler(CommandHandler("laporan_tahunan", laporan_tahunan))
