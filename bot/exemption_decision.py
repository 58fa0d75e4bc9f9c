"""The exemption decision document (Keputusan PPID tentang Penetapan Informasi yang Dikecualikan)
and its signed scan, kept with the item.

`decision_document` makes, once per recorded consequence test, the decision from the office's DOCX
template (`bot/office_templates.py`'s EXEMPTION_DECISION, fields from `bot.exemption.decision_fields`)
and, where LibreOffice works, its PDF (`bot/pdf_conversion.py`). It is a product of the recorded
classification, not part of its transaction: the register and the review commit the test first, and
the handler asks for the document afterwards. Its number comes from the per-year counters of
`storage/letter_numbers.py` (kind `keputusan_pengecualian`, format DECISION_NUMBER_FORMAT) in a
transaction of its own with its audit entry, written with the decision's row before the files are
made, so a second request (or two at once) gives the same document and number, never a new one. A
new classification (a new test) is a new decision with a new number.

`record_signed` keeps the scan of the signed decision (PDF, JPG or PNG, already judged by
`bot/filetypes.py` in `handlers/uploads.py`) with the item: a version each time, who and when, one
audit entry. Only an Admin PPID or PPID Utama may do either, checked inside the transaction. None of
it is public: the web site reads nothing of `exemption_documents`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.config import format_letter_number
from bot.exemption import ExemptionError, decision_fields
from bot.letters import NoPdf, letter_date
from bot.office_templates import EXEMPTION_DECISION, TemplateError, check_template, fill, template_bytes
from bot.pdf_conversion import ConversionFailed
from bot.services import Services
from bot.staff import Person
from bot.texts import t
from bot.workflow import Upload, WorkflowError
from storage.exemption_documents import ExemptionDocument
from storage.items import InfoItem
from storage.letter_numbers import LetterNumber

LOG = logging.getLogger(__name__)

ROLES = ("admin", "utama")  # who may get the decision and upload its signed scan
SIGNED_TYPES = frozenset({"pdf", "jpg", "png", "heic"})  # a phone's photo of the signed paper too


@dataclass(frozen=True)
class Decision:
    """A decision document as stored: its row, its number and its files' names (no PDF: `no_pdf`)."""

    document: ExemptionDocument
    number: LetterNumber
    docx_name: str
    pdf_name: str | None
    no_pdf: NoPdf | None


async def _require_role(services: Services, telegram_id: int) -> None:
    for role in ROLES:
        if await services.users.has_role(telegram_id, role):
            return
    raise WorkflowError("exd_err_role")


async def _exempt_item(services: Services, item_id: int) -> InfoItem:
    item = await services.items.get(item_id)
    if item is None or not item.active or item.category != "dikecualikan" or item.exemption is None:
        raise WorkflowError("exd_err_not_exempt")
    return item


def _names(item: InfoItem, number: LetterNumber) -> tuple[str, str]:
    base = f"keputusan_pengecualian_{item.id}_{number.year}_{number.number}"
    return base + ".docx", base + ".pdf"


async def _reserve(services: Services, person: Person, item_id: int) -> tuple[InfoItem, ExemptionDocument]:
    """The decision row of the item's current test, written with its number if there is none yet:
    one transaction with its audit entry, role and item checked inside it."""
    at = services.clock.now()
    local = services.calendar.local(at)
    pattern = services.settings.decision_number_format
    async with services.db.transaction() as conn:
        await _require_role(services, person.telegram_id)
        item = await _exempt_item(services, item_id)
        assert item.exemption is not None
        existing = await services.exemption_documents.decision(item.id, item.exemption.decided_at, conn)
        if existing is not None:
            return item, existing
        number = await services.letter_numbers.take_for_item(
            conn, year=local.year, kind=EXEMPTION_DECISION.key, item_id=item.id, taken_by=person.telegram_id, at=at,
            text_of=lambda value: format_letter_number(pattern, value, local.year, local.month),
        )
        document = await services.exemption_documents.reserve_decision(
            conn, item_id=item.id, decided_at=item.exemption.decided_at, number_id=number.id, by=person.telegram_id, at=at
        )
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="exemption.decision", entity_type="item", entity_id=item.id,
            details={"number": number.text, "year": number.year, "counter": number.number, "version": document.version},
        )
    return item, document


async def decision_document(services: Services, person: Person, item_id: int) -> Decision:
    """The decision of the item's current consequence test, made the first time and the same ever
    after. WorkflowError: not Admin PPID / PPID Utama (`exd_err_role`), the item not exempt with a
    recorded test (`exd_err_not_exempt`), the office's template unusable (`exd_template_broken`)."""
    await _require_role(services, person.telegram_id)
    item = await _exempt_item(services, item_id)
    assert item.exemption is not None
    existing = await services.exemption_documents.decision(item.id, item.exemption.decided_at)
    if existing is None or existing.sha256 is None:
        try:
            template, source = template_bytes(EXEMPTION_DECISION, services.settings)
            await asyncio.to_thread(check_template, EXEMPTION_DECISION, template, source)
        except TemplateError as error:
            raise WorkflowError("exd_template_broken", problem=str(error)) from None
        item, reserved = await _reserve(services, person, item_id)
        if reserved.sha256 is None:
            return await _make_files(services, item, reserved, template)
        existing = reserved
    return await _stored(services, item, existing)


async def _stored(services: Services, item: InfoItem, document: ExemptionDocument) -> Decision:
    number = await services.letter_numbers.get(document.number_id)
    assert number is not None
    docx_name, pdf_name = _names(item, number)
    return Decision(document, number, docx_name, pdf_name if document.pdf_sha256 else None, None if document.pdf_sha256 else "off")


async def _make_files(services: Services, item: InfoItem, reserved: ExemptionDocument, template: bytes) -> Decision:
    number = await services.letter_numbers.get(reserved.number_id)
    assert number is not None
    unit = await services.units.get(item.unit_id)
    try:
        fields = decision_fields(item, unit.name if unit is not None else f"#{item.unit_id}", services.calendar, "id")
    except ExemptionError:
        raise WorkflowError("exd_err_not_exempt") from None
    day = services.calendar.local(number.taken_at).date()
    fields["grounds"] = [
        {"letter": ground["letter"], "description": ground["description"]} for ground in fields["grounds"]
    ]
    values = {
        "nomor_keputusan": number.text,
        "tanggal_keputusan": letter_date(day),
        "organisasi": services.sop.header.organisation,
        **fields,
    }
    docx = await asyncio.to_thread(fill, EXEMPTION_DECISION, template, values)
    docx_name, pdf_name = _names(item, number)
    stored_docx = await services.files.put(docx, docx_name)
    pdf: bytes | None = None
    no_pdf: NoPdf | None = None
    try:
        pdf = await services.pdf_converter.to_pdf(docx, docx_name)
        if pdf is None:
            no_pdf = "no_libreoffice" if services.settings.make_pdf else "off"
    except ConversionFailed as error:
        LOG.warning("exemption decision of item %s: no PDF: %s", item.id, error)
        no_pdf = "failed"
    stored_pdf = None if pdf is None else await services.files.put(pdf, pdf_name)
    async with services.db.transaction() as conn:
        written = await services.exemption_documents.set_decision_files(
            conn, reserved.id, sha256=stored_docx.sha256, pdf_sha256=None if stored_pdf is None else stored_pdf.sha256,
            file_name=docx_name,
        )
    if not written:  # another request made the files meanwhile: theirs stand
        assert item.exemption is not None
        current = await services.exemption_documents.decision(item.id, item.exemption.decided_at)
        assert current is not None
        return await _stored(services, item, current)
    document = await services.exemption_documents.decision(item.id, reserved.decided_at)
    assert document is not None
    return Decision(document, number, docx_name, None if stored_pdf is None else pdf_name, no_pdf)


async def record_signed(
    services: Services, person: Person, item_id: int, upload: Upload, number_id: int | None = None
) -> ExemptionDocument:
    """Keep `upload` as the signed scan of the item's current decision: its next version, one
    transaction with one audit entry. WorkflowError: role, item, a wrong type, no decision yet, or
    (`exd_err_replaced`) a current decision other than the one numbered `number_id` the person was
    asked to sign (the item re-tested since its button was sent)."""
    if upload.detected_type not in SIGNED_TYPES:
        raise WorkflowError("exd_err_type")
    at = services.clock.now()
    async with services.db.transaction() as conn:
        await _require_role(services, person.telegram_id)
        item = await _exempt_item(services, item_id)
        assert item.exemption is not None
        decision = await services.exemption_documents.decision(item.id, item.exemption.decided_at, conn)
        if number_id is not None and (decision is None or decision.number_id != number_id):
            raise WorkflowError("exd_err_replaced")
        if decision is None or decision.sha256 is None:
            raise WorkflowError("exd_err_no_decision")
        signed = await services.exemption_documents.add_signed(
            conn, item_id=item.id, decided_at=item.exemption.decided_at, number_id=decision.number_id,
            sha256=upload.stored.sha256, file_name=upload.stored.display_name,
            file_type=upload.detected_type, by=person.telegram_id, at=at,
        )
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="exemption.signed", entity_type="item", entity_id=item.id,
            details={"version": signed.version, "sha256": signed.sha256, "type": signed.file_type, "decision": decision.id},
        )
    return signed


async def signed_status_line(services: Services, item: InfoItem, language: str) -> str | None:
    """The card's line on the signed decision of an exempt item's current test (HTML), or None for
    an item that is not exempt with a recorded test."""
    if item.category != "dikecualikan" or item.exemption is None:
        return None
    signed = await services.exemption_documents.latest_signed(item.id, item.exemption.decided_at)
    if signed is None:
        return t("exd_card_unsigned", language)
    return t("exd_card_signed", language, version=signed.version, time=services.calendar.format_local(signed.created_at, language))
