"""Step 6 of the SOP made real: the File Informasi Data (the data behind a berkala document).

The SOP's step 6 ("Memperbaharui informasi publik secara berkala", actor PPID Pelaksana,
Kelengkapan "File Informasi Data") has no moment of its own in the engine: `refresh_data` is
recorded by the step before it (`bot.step_kinds`: nobody acts at it). Here the unit's PPID
Pelaksana may attach that file, an XLSX or CSV judged by `bot.filetypes`, during step 6's window:
from the moment PPID Utama approved the draft (the cycle at the `coordinate_publication` step)
until it is published (the `publish` step, before its post is claimed). A second file replaces the
first (a newer version); the latest is the one published.

Step 7 posts it after the document(s) (`handlers.publication`). Issue 12's rule is that only files
PPID Utama saw are posted; the data file is the exception the SOP itself makes: it is step 6's own
Kelengkapan, added after verification by the unit that holds the data. It passes the same content
checks as every upload (macros, formula cells), the operator's preview names it, and a data file
attached after that preview makes "Ya, kirim" refuse (the preview's fingerprint holds it).

Without one, step 6 stays recorded as scheduled by `coordinate_publication`, as before.
Each attachment is one transaction with one audit entry and its step event (the history lists it
as step 6's Kelengkapan); every check guarding it is made inside that transaction.
"""

from __future__ import annotations

import json

from bot.services import Services
from bot.sop import SopStep
from bot.staff import Person
from bot.workflow import Upload, WorkflowError
from storage.cycles import Cycle
from storage.documents import Document
from storage.items import InfoItem

DATA_FILE_TYPES = frozenset({"xlsx", "csv"})  # `bot.filetypes` keys a File Informasi Data may be
ATTACHED = "data_file_attached"  # the step event


def refresh_step(services: Services) -> SopStep | None:
    """The SOP file's `refresh_data` step (step 6 of the shipped file), None when it has none."""
    return next((step for step in services.sop.steps if step.kind == "refresh_data"), None)


def _window(services: Services) -> tuple[int, int]:
    """The steps during which the data file may be attached: from `coordinate_publication` (the
    draft is approved) to `publish`, both included."""
    sop = services.sop
    return sop.step_of_kind("coordinate_publication").no, sop.step_of_kind("publish").no


async def _check(services: Services, person: Person, cycle: Cycle, item: InfoItem) -> SopStep:
    """Refuse unless `person` may attach the data file of `cycle` now; its step when they may."""
    step = refresh_step(services)
    if step is None:
        raise WorkflowError("data_file_no_step")
    if cycle.kind != "berkala" or item.category != "berkala":
        raise WorkflowError("data_file_not_berkala")
    if cycle.state == "published":
        raise WorkflowError("data_file_published")
    if not cycle.is_open:
        raise WorkflowError("data_file_closed")
    first, last = _window(services)
    if not first <= cycle.current_step <= last:
        raise WorkflowError("data_file_not_yet", step=first)
    await services.workflow.require_holder(person, step, item)  # the item's unit's PPID Pelaksana
    if await services.workflow.publication_under_way(item.id):
        raise WorkflowError("data_file_publishing")
    return step


async def require_attacher(services: Services, person: Person, cycle_id: int) -> tuple[Cycle, InfoItem]:
    """The cycle and item when `person` may attach their data file now; else WorkflowError. What
    the handler asks before prompting for the file; `attach` asks it again inside its transaction."""
    cycle, item = await services.workflow.cycle_with_item(cycle_id)
    await _check(services, person, cycle, item)
    return cycle, item


async def attach(services: Services, person: Person, cycle_id: int, upload: Upload, name: str) -> Document:
    """Record `upload` (already judged and stored) as the cycle's File Informasi Data.

    Refused unless the upload is XLSX or CSV, the cycle is a berkala one in step 6's window and
    `person` holds step 6 for the item's unit; checked again inside the transaction that records
    it, so a publication or a role taken away a moment ago wins."""
    if upload.detected_type not in DATA_FILE_TYPES:
        raise WorkflowError("data_file_wrong_type")
    at = services.clock.now()
    async with services.db.transaction() as conn:
        cycle, item = await services.workflow.cycle_with_item(cycle_id)
        step = await _check(services, person, cycle, item)
        version = await services.documents.latest_version(cycle.id, "data_file") + 1
        document = await services.documents.add(
            conn, cycle_id=cycle.id, kind="data_file", version=version, sha256=upload.stored.sha256,
            size=upload.stored.size, detected_type=upload.detected_type, original_name=name,
            stored_path=upload.stored.relative_path, telegram_file_id=upload.telegram_file_id,
            uploaded_by=person.telegram_id, at=at, telegram_file_kind=upload.telegram_file_kind,
        )
        await services.cycles.add_event(
            conn, cycle_id=cycle.id, step_no=step.no, action=ATTACHED, actor_id=person.telegram_id, at=at,
            kelengkapan=f"{step.kelengkapan}: {name}", output=step.output,
            note=json.dumps({"document_id": document.id, "version": version}),
        )
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="data_file.attach", entity_type="cycle", entity_id=cycle.id,
            details={"document_id": document.id, "version": version, "sha256": upload.stored.sha256, "name": name},
        )
    return document


async def to_publish(services: Services, cycle: Cycle) -> Document | None:
    """The data file step 7 posts with the document (the rule is `Workflow.data_file_to_publish`)."""
    return await services.workflow.data_file_to_publish(cycle)


async def record_post(services: Services, document: Document, message_id: int) -> None:
    """Remember the channel message the data file went out as (committed at once: the post is
    already out), for the links of /cari and the DIP export."""
    async with services.db.transaction() as conn:
        await services.documents.set_channel_message(conn, document.id, message_id)


async def offer_to(services: Services, cycle: Cycle, item: InfoItem) -> list[int]:
    """Who is offered to attach the data file when a berkala cycle enters step 6's window: the
    holders of step 6 (the item's unit's PPID Pelaksana); nobody for any other cycle."""
    step = refresh_step(services)
    if step is None or cycle.kind != "berkala" or item.category != "berkala" or not cycle.is_open:
        return []
    first, last = _window(services)
    if not first <= cycle.current_step <= last:
        return []
    return await services.workflow.holders_of_step(step.no, item)
