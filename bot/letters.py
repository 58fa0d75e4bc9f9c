"""The coordination letter (Surat Koordinasi) of step 2, filled from the office's DOCX template.

`prepare_coordination_letter` makes the letter an operator previews: the number it will carry
(taken from the per-year counter, `storage/letter_numbers.py`), the DOCX filled from the template
(`bot/office_templates.py`) and, where LibreOffice is installed, its PDF (`bot/pdf_conversion.py`).
Both files are stored before the preview is shown, so the very bytes previewed are the ones sent.

Why the number is taken at the preview, not at the send: the preview must show exactly the letter
that goes out, and the number is printed in it; converting to PDF takes seconds, too long to hold
the database's write lock in the transaction that sends. So the preview takes the number in its own
transaction (with its audit entry) and holds it for the cycle: "Batal" keeps it, the next preview of
the same cycle (same year) shows the same number again, and the send records the letter with it
(`Workflow.send_coordination`, which refuses a number the cycle does not hold unsent). A cancelled
preview burns nothing; a number is never given twice; the only gap is a cycle cancelled between its
preview and its letter, and that number stays on the record, unsent.

`render_pdf` draws a plain PDF by hand (one font, lines of text): the demo's sample documents.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.config import format_letter_number
from bot.office_templates import COORDINATION_LETTER, TemplateError, check_template, fill, template_bytes
from bot.pdf_conversion import ConversionFailed
from bot.register import category_label
from bot.services import Services
from bot.staff import Person
from bot.task_view import deadline_text, unit_name
from bot.texts import role_name
from bot.workflow import WorkflowError
from storage.files import StoredFile
from storage.letter_numbers import LetterNumber

LOG = logging.getLogger(__name__)

LINES_PER_PAGE = 60
FONT_SIZE = 11
LEADING = 13
LEFT, TOP = 56, 800
_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
    "Desember",
)
NoPdf = Literal["off", "no_libreoffice", "failed"]  # off: SOFFICE_PATH=off, the office's choice


def letter_date(day: date) -> str:
    """A date as a letter prints it: "2 Desember 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class PreparedLetter:
    """A coordination letter ready to preview and send: its number and its stored files (the
    PDF None when it could not be made: `no_pdf` says why)."""

    number: LetterNumber
    docx: StoredFile
    docx_name: str
    pdf: StoredFile | None
    pdf_name: str | None
    no_pdf: NoPdf | None


async def take_letter_number(services: Services, person: Person, cycle_id: int) -> LetterNumber:
    """The number of the coordination letter of `cycle_id`: the one the cycle holds unsent this
    year, else the next of the year's counter. One transaction with its audit entry; the step and
    the person's hold on it checked inside."""
    workflow = services.workflow
    cycle, item, step = await workflow.require_actor(person, cycle_id, "coordinate")
    at = services.clock.now()
    local = services.calendar.local(at)
    pattern = services.settings.letter_number_format
    async with services.db.transaction() as conn:
        current = await services.cycles.get(cycle.id)
        if current is None or not current.is_open or current.current_step != step.no:
            raise WorkflowError("step_passed", step=step.no)
        await workflow.require_holder(person, step, item)
        held = await services.letter_numbers.held(conn, cycle_id=cycle.id, kind=COORDINATION_LETTER.key, year=local.year)
        if held is not None:
            return held
        number = await services.letter_numbers.take(
            conn, year=local.year, kind=COORDINATION_LETTER.key, cycle_id=cycle.id, taken_by=person.telegram_id, at=at,
            text_of=lambda value: format_letter_number(pattern, value, local.year, local.month),
        )
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="letter_number.take", entity_type="cycle", entity_id=cycle.id,
            details={"kind": number.kind, "year": number.year, "number": number.number, "text": number.text},
        )
    return number


async def prepare_coordination_letter(
    services: Services, person: Person, cycle_id: int, recipient_names: list[str]
) -> PreparedLetter:
    """The coordination letter of `cycle_id` from `person` to `recipient_names`, stored (DOCX, and
    PDF where LibreOffice can make it). WorkflowError("letter_template_broken") when the office's
    template cannot be used."""
    cycle, item, _ = await services.workflow.require_actor(person, cycle_id, "coordinate")
    try:
        template, source = template_bytes(COORDINATION_LETTER, services.settings)
        await asyncio.to_thread(check_template, COORDINATION_LETTER, template, source)
    except TemplateError as error:
        raise WorkflowError("letter_template_broken", problem=str(error)) from None
    number = await take_letter_number(services, person, cycle.id)
    now = services.clock.now()
    next_deadline = services.workflow.deadline(services.sop.step_of_kind("prepare_draft").no, cycle.kind, now)
    today = services.calendar.local(now).date()
    settings = services.settings
    values = {
        "nomor_surat": number.text,
        "tanggal_surat": letter_date(today),
        "organisasi": services.sop.header.organisation,
        "unit": await unit_name(services, item.unit_id),
        "penerima": ", ".join(recipient_names),
        "informasi": item.summary,
        "kategori": category_label(item.category, "id"),
        "batas_waktu": deadline_text(services, next_deadline, "id"),
        "pengirim": person.full_name,
        "penanda_tangan_nama": settings.signatory_name or person.full_name,
        "penanda_tangan_jabatan": settings.signatory_title or role_name(services.sop.actor_of("coordinate")),
        "penanda_tangan_nip": settings.signatory_nip or "",
    }
    docx = await asyncio.to_thread(fill, COORDINATION_LETTER, template, values)
    base = f"surat_koordinasi_{cycle.id}"
    docx_name = base + ".docx"
    stored_docx = await services.files.put(docx, docx_name)
    pdf: bytes | None = None
    no_pdf: NoPdf | None = None
    try:
        pdf = await services.pdf_converter.to_pdf(docx, docx_name)
        if pdf is None:
            no_pdf = "no_libreoffice" if settings.make_pdf else "off"
    except ConversionFailed as error:
        LOG.warning("coordination letter of cycle %s: no PDF: %s", cycle.id, error)
        no_pdf = "failed"
    stored_pdf = None if pdf is None else await services.files.put(pdf, base + ".pdf")
    return PreparedLetter(
        number=number, docx=stored_docx, docx_name=docx_name, pdf=stored_pdf,
        pdf_name=None if pdf is None else base + ".pdf", no_pdf=no_pdf,
    )


def _pdf_text(line: str) -> bytes:
    encoded = line.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def render_pdf(lines: list[str]) -> bytes:
    """A minimal PDF 1.4 document showing `lines` in Helvetica on A4 pages (Latin-1 text only)."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(len(lines), 1), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    font_id = 3
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page_id, page_lines in zip(page_ids, pages):
        stream = b"BT /F1 %d Tf %d TL %d %d Td\n" % (FONT_SIZE, LEADING, LEFT, TOP)
        stream += b"".join(b"(" + _pdf_text(line) + b") Tj T*\n" for line in page_lines) + b"ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (font_id, page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
