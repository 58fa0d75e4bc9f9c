"""The public copy of a draft file: what step 7 posts, and the web site serves, in its place
(issue 17, Deliver 5).

A draft file that is an office document (DOCX, DOC, ODT, XLSX, XLS, ODS, PPTX, PPT, ODP) is not
given to the public as it is: a PDF made from it is; nor is an iPhone photo (HEIC), which few
browsers show: a JPEG made from it is, with none of its metadata (no place where it was taken:
`bot.heif_images.public_jpeg`). `make_copies` makes the PDF with LibreOffice
(`bot.pdf_conversion`, whose result passes the upload content check), and the JPEG with Pillow,
when the operator asks for step 7's preview; the copy is recorded
as a document of kind 'published' of the draft's version, linked to its draft file
(`documents.source_document_id`, migration 0020), so it is made once and the post, the record of
the publication and the web site (`Workflow.public_files`) all use that same copy. The draft file
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

from bot.filetypes import DOC, DOCX, FILE_TYPES_BY_KEY, HEIC, JPG, ODP, ODS, ODT, PDF, PPT, PPTX, XLS, XLSX, FileType
from bot.heif_images import public_jpeg
from bot.pdf_conversion import ConversionFailed
from bot.services import Services
from bot.staff import Person
from bot.workflow import Upload, WorkflowError
from storage.documents import Document

LOG = logging.getLogger(__name__)

# The detected types given to the public as another type: office documents as PDF, photos as JPEG.
COPY_TYPES: dict[str, FileType] = {
    **{file_type.key: PDF for file_type in (DOCX, DOC, ODT, XLSX, XLS, ODS, PPTX, PPT, ODP)},
    HEIC.key: JPG,
}

NoCopyReason = Literal["no_libreoffice", "failed"]


@dataclass(frozen=True)
class Missing:
    """A draft file that would go out as it is: no PDF of it could be made (`reason`)."""

    document: Document
    reason: NoCopyReason


def needs_copy(document: Document) -> bool:
    """Whether `document` (a draft file) goes to the public as a PDF made from it."""
    return document.kind == "draft" and document.detected_type in COPY_TYPES


def copy_type(source: Document) -> FileType:
    """The type of the public copy of draft file `source` (`needs_copy`): PDF, or JPEG for a photo."""
    return COPY_TYPES[source.detected_type or ""]


def copy_name(source: Document, file_type: FileType | None = None) -> str:
    """The public copy's name: the draft file's, with the extension of `file_type` (by default its
    copy's type): "Laporan 2026.docx" -> "Laporan 2026.pdf", "IMG_0012.HEIC" -> "IMG_0012.jpg"."""
    stem = PurePath(source.original_name).stem.strip() or "dokumen"
    return stem + (file_type or copy_type(source)).extension


async def _submitted_files(services: Services, cycle_id: int) -> list[Document]:
    return await services.workflow.draft_files(cycle_id, await services.workflow.submitted_version(cycle_id))


async def make_copies(services: Services, actor_id: int, cycle_id: int) -> list[Missing]:
    """Make the public copy of each office document and photo of the cycle's submitted draft that
    has none yet (step 7's preview; one conversion at a time, `PdfConverter`); the files left
    without one."""
    files = await _submitted_files(services, cycle_id)
    copies = await services.documents.public_copies([document.id for document in files])
    missing: list[Missing] = []
    for source in files:
        if not needs_copy(source) or source.id in copies:
            continue
        data = await asyncio.to_thread(services.files.path_for(source.sha256).read_bytes)
        file_type = FILE_TYPES_BY_KEY[source.detected_type or ""]
        if copy_type(source) == JPG:
            try:
                jpeg = await asyncio.to_thread(public_jpeg, data)
            except ValueError as error:
                LOG.warning("public copy of document %s (cycle %s): no JPEG: %s", source.id, cycle_id, error)
                missing.append(Missing(source, "failed"))
                continue
            await _record(services, actor_id, source, jpeg, None, how="pillow")
            continue
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
    *, how: Literal["libreoffice", "pillow", "upload"], cycle_id: int | None = None, source_id: int | None = None,
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
        made = PDF if how == "upload" else copy_type(target)  # the operator's upload is always a PDF
        existing = (await services.documents.public_copies([source_id])).get(source_id)
        if existing is not None and how != "upload":
            return existing  # another preview made it meanwhile: the first one stays
        try:
            document = await services.documents.add(
                conn, cycle_id=cycle_id, kind="published", version=target.version, sha256=stored.sha256,
                size=size, detected_type=made.key, original_name=copy_name(target, made), stored_path=stored.relative_path,
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
