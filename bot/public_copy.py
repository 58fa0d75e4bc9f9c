"""The public copy of a draft file: what step 7 posts, and the web site serves, in its place
(issue 17, Deliver 5).

A draft file that is an office document (DOCX, ODT, XLSX) is not given to the public as it is: a
PDF made from it is. `make_copies` makes it with LibreOffice (`bot.pdf_conversion`, whose result
passes the upload content check) when the operator asks for step 7's preview; the PDF is recorded
as a document of kind 'published' of the draft's version, linked to its draft file
(`documents.source_document_id`, migration 0020), so it is made once and the post, the record of
the publication and the web site (`Workflow.public_files`) all use that same PDF. The draft file
stays in the record and is never posted once it has a copy.

Where no PDF can be made (LibreOffice not installed, `SOFFICE_PATH=off`, a conversion that fails
or runs out of time) the preview says so and the draft file goes out as it is unless the operator
uploads its PDF first (`attach_upload`: checked like any upload, and it must be a PDF). PDFs,
images and CSV files are posted as they are.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from bot.filetypes import DOCX, FILE_TYPES_BY_KEY, ODT, PDF, XLSX
from bot.pdf_conversion import ConversionFailed
from bot.services import Services
from bot.staff import Person
from bot.workflow import Upload, WorkflowError
from storage.documents import Document

LOG = logging.getLogger(__name__)

CONVERTED_TYPES = frozenset({DOCX.key, ODT.key, XLSX.key})  # detected types given to the public as PDF

NoCopyReason = Literal["no_libreoffice", "failed"]


@dataclass(frozen=True)
class Missing:
    """A draft file that would go out as it is: no PDF of it could be made (`reason`)."""

    document: Document
    reason: NoCopyReason


def needs_copy(document: Document) -> bool:
    """Whether `document` (a draft file) goes to the public as a PDF made from it."""
    return document.kind == "draft" and document.detected_type in CONVERTED_TYPES


def copy_name(source: Document) -> str:
    """The public copy's name: the draft file's, with .pdf ("Laporan 2026.docx" -> "Laporan 2026.pdf")."""
    stem = PurePath(source.original_name).stem.strip() or "dokumen"
    return stem + PDF.extension


async def _submitted_files(services: Services, cycle_id: int) -> list[Document]:
    return await services.workflow.draft_files(cycle_id, await services.workflow.submitted_version(cycle_id))


async def make_copies(services: Services, actor_id: int, cycle_id: int) -> list[Missing]:
    """Make the PDF copy of each office document of the cycle's submitted draft that has none yet
    (step 7's preview; one conversion at a time, `PdfConverter`); the files left without one."""
    files = await _submitted_files(services, cycle_id)
    copies = await services.documents.public_copies([document.id for document in files])
    missing: list[Missing] = []
    for source in files:
        if not needs_copy(source) or source.id in copies:
            continue
        data = await asyncio.to_thread(services.files.path_for(source.sha256).read_bytes)
        file_type = FILE_TYPES_BY_KEY[source.detected_type or ""]
        try:
            # The name tells LibreOffice the format: the type read from the content, not the name's.
            pdf = await services.pdf_converter.to_pdf(data, "dokumen" + file_type.extension)
        except ConversionFailed as error:
            LOG.warning("public copy of document %s (cycle %s): no PDF: %s", source.id, cycle_id, error)
            missing.append(Missing(source, "failed"))
            continue
        if pdf is None:
            missing.append(Missing(source, "no_libreoffice"))
            continue
        await _record(services, actor_id, source, pdf, None, how="libreoffice")
    return missing


async def attach_upload(services: Services, person: Person, cycle_id: int, source_id: int, upload: Upload) -> Document:
    """The operator's own PDF of draft file `source_id`, uploaded at step 7 where none could be
    made; it replaces an earlier copy (a preview shown before it no longer matches its post)."""
    await services.workflow.require_actor(person, cycle_id, "publish")
    if upload.detected_type != PDF.key:
        raise WorkflowError("public_pdf_refused_type", detected=FILE_TYPES_BY_KEY[upload.detected_type].display(person.language))
    # Sent on as the bot's own upload (no Telegram file id): under the copy's name, not the uploader's.
    return await _record(
        services, person.telegram_id, None, upload, None, how="upload", cycle_id=cycle_id, source_id=source_id, person=person
    )


async def _record(
    services: Services, actor_id: int, source: Document | None, content: bytes | Upload, telegram_file_id: str | None,
    *, how: Literal["libreoffice", "upload"], cycle_id: int | None = None, source_id: int | None = None,
    person: Person | None = None,
) -> Document:
    """Store and record one public copy, with its audit entry, in one transaction that checks the
    copy still stands for a file of the submitted draft (and, for an upload, that the cycle is
    still at the publish step and the uploader may act there)."""
    if source is not None:
        cycle_id, source_id = source.cycle_id, source.id
    assert cycle_id is not None and source_id is not None
    if isinstance(content, Upload):
        stored, size = content.stored, content.stored.size
    else:
        stored = await services.files.put(content, None)
        size = stored.size
    step = services.workflow.step_of_kind("publish")
    async with services.db.transaction() as conn:
        cycle, item = await services.workflow.cycle_with_item(cycle_id)
        if person is not None:
            if not cycle.is_open or cycle.current_step != step.no:
                raise services.workflow.not_current(cycle, step)
            await services.workflow.require_holder(person, step, item)
        files = {document.id: document for document in await _submitted_files(services, cycle_id)}
        target = files.get(source_id)
        if target is None or not needs_copy(target):
            raise WorkflowError("public_pdf_not_needed")
        existing = (await services.documents.public_copies([source_id])).get(source_id)
        if existing is not None and how == "libreoffice":
            return existing  # another preview made it meanwhile: the first one stays
        try:
            document = await services.documents.add(
                conn, cycle_id=cycle_id, kind="published", version=target.version, sha256=stored.sha256,
                size=size, detected_type=PDF.key, original_name=copy_name(target), stored_path=stored.relative_path,
                telegram_file_id=telegram_file_id, uploaded_by=actor_id, at=services.clock.now(),
                source_document_id=source_id,
            )
        except sqlite3.IntegrityError:
            raise WorkflowError("file_refused_duplicate") from None
        await services.audit.append(
            conn, actor_id=actor_id, action="publication.public_copy", entity_type="cycle", entity_id=cycle_id,
            details={"document_id": document.id, "source_document_id": source_id, "sha256": stored.sha256, "made_by": how},
        )
    return document
