"""Serta merta without delay: `/sertamerta` registers the information and walks the SOP in one go.

The law forbids delaying serta merta information, so someone holding one of `STARTER_ROLES` fills
one short form (title, unit, the 8 elements of the announcement, an optional letter and files) and
`start` writes, in ONE transaction with ONE audit entry: the register entry (category serta merta,
by the register's own rules), the cycle, and an event for every SOP step up to the draft (step 1
opened, step 2 coordinated by letter or by phone, any office step confirmed, step 3 the draft
submitted with its announcement), leaving the cycle at the verification step. Nothing is skipped:
`/riwayat` shows each step with its time. From there the ordinary transitions run (PPID Utama's
`approve` / `return_draft`; `coordinate_publication` and `publish`, which record steps 5 to 7);
after a return, the person who started it may fix the announcement with `resubmit`.

The starter's roles are read from the database inside each transaction, like every gate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.register import validate_draft
from bot.services import Services
from bot.sop import SopStep
from bot.staff import Person
from bot.task_view import ELEMENT_MAX
from bot.telegram_limits import telegram_length
from bot.typed_text import clean_typed
from bot.workflow import (
    ANNOUNCEMENT_ELEMENTS, FAST_PATH_STARTED, FAST_PATH_STARTERS, Transition, Upload, WorkflowError,
)
from storage.cycles import Cycle
from storage.documents import Document
from storage.files import StoredFile
from storage.items import InfoItem

STARTER_ROLES = FAST_PATH_STARTERS
STARTED = FAST_PATH_STARTED  # the step-1 event of a cycle started with /sertamerta
BY_PHONE = "coordination_by_phone"  # the step-2 event when no letter was sent
MIN_ELEMENT = 3  # characters of each element, as step 3 asks them
KIND = "serta_merta"
# The register's columns the short form does not ask (an admin may edit them in /informasi).
RETENTION = "Sesuai Jadwal Retensi Arsip"
FORM = "soft"


@dataclass(frozen=True)
class Attachment:
    """A file that passed the content checks and is in the file store, not yet recorded."""

    upload: Upload
    name: str

    def packed(self) -> dict[str, Any]:
        """As plain values, to be kept in a conversation's (persistent) data."""
        stored = self.upload.stored
        return {
            "sha256": stored.sha256, "size": stored.size, "path": stored.relative_path, "name": self.name,
            "type": self.upload.detected_type, "file_id": self.upload.telegram_file_id,
            "file_kind": self.upload.telegram_file_kind,
        }

    @classmethod
    def unpacked(cls, value: object) -> Attachment | None:
        """What `packed` gave back; None for anything else."""
        if not isinstance(value, dict):
            return None
        try:
            stored = StoredFile(str(value["sha256"]), int(value["size"]), str(value["path"]), str(value["name"]), False)
            kind = "photo" if value.get("file_kind") == "photo" else "document"
            file_id = value.get("file_id")
            upload = Upload(stored, str(value["type"]), str(file_id) if file_id else None, kind)
        except (KeyError, TypeError, ValueError):
            return None
        return cls(upload, str(value["name"]))


def clean_element(typed: str) -> str:
    """One element of the announcement as typed, cleaned; refused when too short to say anything,
    or longer than the announcement shows of it (`ELEMENT_MAX`: the post must stay one message, so
    a longer answer would be cut in the public channel, mid-sentence)."""
    text = clean_typed(typed)
    if len(text) < MIN_ELEMENT:
        raise WorkflowError("announce_too_short")
    if telegram_length(text) > ELEMENT_MAX:
        raise WorkflowError("announce_too_long", maximum=ELEMENT_MAX, length=telegram_length(text))
    return text


def complete_elements(elements: dict[str, str]) -> dict[str, str]:
    """The 8 elements, each checked; `announcement_incomplete` when one is missing."""
    try:
        return {key: clean_element(elements.get(key, "")) for key in ANNOUNCEMENT_ELEMENTS}
    except WorkflowError:
        raise WorkflowError("announcement_incomplete") from None


async def require_starter(services: Services, person: Person) -> None:
    """`person` holds one of `STARTER_ROLES` now (read from the database: call it inside the
    transaction it guards)."""
    for role in STARTER_ROLES:
        if await services.users.has_role(person.telegram_id, role):  # type: ignore[arg-type]
            return
    raise WorkflowError("sm_not_allowed")


async def starter_of(services: Services, cycle_id: int) -> int | None:
    """Who started the cycle with /sertamerta; None for a cycle opened another way."""
    events = await services.cycles.events(cycle_id)
    return events[0].actor_id if events and events[0].action == STARTED else None


def _steps_before_draft(services: Services) -> list[SopStep]:
    """The SOP's steps the form stands for: from the first up to the draft (`prepare_draft`)."""
    last = services.sop.step_of_kind("prepare_draft").no
    return [step for step in services.sop.steps if step.no <= last]


async def _record_files(
    services: Services, conn: Any, cycle_id: int, kind: str, version: int, files: list[Attachment], by: int, at: Any,
) -> list[Document]:
    documents = []
    for attachment in files:
        upload = attachment.upload
        documents.append(
            await services.documents.add(
                conn, cycle_id=cycle_id, kind=kind, version=version, sha256=upload.stored.sha256,  # type: ignore[arg-type]
                size=upload.stored.size, detected_type=upload.detected_type, original_name=attachment.name,
                stored_path=upload.stored.relative_path, telegram_file_id=upload.telegram_file_id,
                uploaded_by=by, at=at, telegram_file_kind=upload.telegram_file_kind,
            )
        )
    return documents


async def start(
    services: Services,
    person: Person,
    *,
    summary: str,
    unit_id: int,
    elements: dict[str, str],
    letter: Attachment | None = None,
    files: tuple[Attachment, ...] = (),
) -> Transition:
    """Register the serta merta information and record steps 1 to 3 of its cycle; the cycle waits
    at the verification step. `letter`: the coordination letter, or None when coordination was by
    phone (recorded as such: by whom, when). `files`: what is posted with the announcement (none:
    the post is text only). One transaction, one audit entry (`serta_merta.start`)."""
    workflow = services.workflow
    announcement = complete_elements(elements)
    draft_step = workflow.step_of_kind("prepare_draft")
    verify = workflow.next_step(draft_step)
    maximum = services.settings.max_draft_files
    if len(files) > maximum:
        raise WorkflowError("draft_too_many_files", maximum=maximum)
    at = workflow.now()
    async with services.db.transaction() as conn:
        await require_starter(services, person)
        unit = await services.units.get(unit_id)
        values = await validate_draft(services, {
            "summary": summary, "unit_id": unit_id, "category": KIND, "form": FORM, "retention": RETENTION,
            "responsible": unit.name if unit else "-",
            "made_time_place": f"{unit.name if unit else '-'}, {services.calendar.format_date(services.calendar.local(at).date())}",
        })
        item = await services.items.add(conn, **values)
        steps = _steps_before_draft(services)
        cycle = await services.cycles.open(
            conn, item_id=item.id, kind=KIND, opened_by=person.telegram_id, at=at, step=steps[0].no,
            step_deadline_at=workflow.deadline(steps[0].no, KIND, at),
        )
        letter_document = None
        if letter is not None:
            (letter_document,) = await _record_files(
                services, conn, cycle.id, "coordination_letter", 1, [letter], person.telegram_id, at
            )
        for step in steps[:-1]:
            await _record_step(services, conn, cycle, step, person, at, letter_document)
        drafts = await _record_files(services, conn, cycle.id, "draft", 1, list(files), person.telegram_id, at)
        await _record_draft(services, conn, cycle, draft_step, person, at, 1, drafts, announcement)
        moved = await services.cycles.move(
            conn, cycle.id, from_step=steps[0].no, to_step=verify.no, at=at,
            step_deadline_at=workflow.deadline(verify.no, KIND, at),
        )
        assert moved is not None  # opened in this very transaction
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="serta_merta.start", entity_type="cycle", entity_id=cycle.id,
            details={
                "item_id": item.id, "summary": item.summary, "unit_id": item.unit_id,
                "coordination": "letter" if letter_document else "phone",
                "letter_document_id": letter_document.id if letter_document else None,
                "version": 1, "files": [document.id for document in drafts],
            },
        )
    return await _for_review(services, moved, item, person, 1, drafts)


async def _record_step(
    services: Services, conn: Any, cycle: Cycle, step: SopStep, person: Person, at: Any, letter: Document | None
) -> None:
    """The event of one step before the draft, as the form did it."""
    note: dict[str, Any] = {"as_role": role_at(person, step)}
    if step.kind == "open_cycle":
        action, kelengkapan = STARTED, step.kelengkapan
    elif step.kind == "coordinate" and letter is not None:
        action, kelengkapan = "coordination_sent", f"{step.kelengkapan}: {letter.original_name}"
        note |= {"asked": [], "document_id": letter.id}
    elif step.kind == "coordinate":
        action, kelengkapan = BY_PHONE, None
        note |= {"means": "phone", "by": person.telegram_id, "at": at.isoformat()}
    else:  # an office's own step: done with the form
        action, kelengkapan = "step_confirmed", step.kelengkapan
    await services.cycles.add_event(
        conn, cycle_id=cycle.id, step_no=step.no, action=action, actor_id=person.telegram_id, at=at,
        kelengkapan=kelengkapan, output=step.output, note=json.dumps(note), on_time=True,
    )


def role_at(person: Person, step: SopStep) -> str:
    """The role `person` acts in at `step` through the form: the step's actor if they hold it,
    else the first starter role they hold (the history names it)."""
    if person.has(step.actor):
        return step.actor
    return next((role for role in STARTER_ROLES if person.has(role)), step.actor)


async def _record_draft(
    services: Services, conn: Any, cycle: Cycle, step: SopStep, person: Person, at: Any, version: int,
    files: list[Document], announcement: dict[str, str],
) -> None:
    note = {
        "version": version, "files": [document.id for document in files], "announcement": announcement,
        "as_role": role_at(person, step),
    }
    await services.cycles.add_event(
        conn, cycle_id=cycle.id, step_no=step.no, action="draft_submitted", actor_id=person.telegram_id, at=at,
        kelengkapan=f"{step.kelengkapan} (versi {version}, {f'{len(files)} berkas' if files else 'teks saja'})",
        output=step.output,
        note=json.dumps(note, ensure_ascii=False), on_time=True if cycle.step_deadline_at is None else at <= cycle.step_deadline_at,
    )


async def returned_to(services: Services, person: Person) -> list[tuple[Cycle, InfoItem]]:
    """The /sertamerta announcements this person started that PPID Utama returned and that wait
    for their correction ("✏️ Perbaiki pengumuman"), each with its item."""
    draft_step = services.workflow.step_of_kind("prepare_draft")
    waiting: list[tuple[Cycle, InfoItem]] = []
    for cycle in await services.cycles.open_at_steps([draft_step.no]):
        if cycle.kind == "serta_merta" and await starter_of(services, cycle.id) == person.telegram_id:
            waiting.append((cycle, await services.workflow.item(cycle.item_id)))
    return waiting


async def require_author(services: Services, person: Person, cycle_id: int) -> tuple[Cycle, InfoItem]:
    """The cycle and item when `person` may fix its returned announcement now: they started it
    with /sertamerta, still hold a starter role, and the cycle waits at the draft step again, still
    theirs (`Workflow.holders_of_step`: not handed by an admin to a colleague)."""
    cycle, item = await services.workflow.cycle_with_item(cycle_id)
    draft_step = services.workflow.step_of_kind("prepare_draft")
    if not cycle.is_open or cycle.current_step != draft_step.no:
        raise WorkflowError("step_not_current", step=draft_step.no)
    if await starter_of(services, cycle_id) != person.telegram_id:
        raise WorkflowError("sm_not_author")
    if cycle.assignee_id is not None and person.telegram_id not in await services.workflow.holders_of_step(draft_step.no, item):
        raise WorkflowError("step_handed_to_other")  # an admin handed the correction to a colleague
    return cycle, item


async def resubmit(
    services: Services, person: Person, cycle_id: int, elements: dict[str, str], files: tuple[Attachment, ...] = ()
) -> Transition:
    """After a return: the starter sends the fixed announcement as the next draft version. New
    `files` join the version; when it holds none, the files of the version before go again (a fix
    of the text keeps its photo). One transaction, one audit entry (`draft.submit`)."""
    workflow = services.workflow
    announcement = complete_elements(elements)
    cycle, item = await require_author(services, person, cycle_id)
    draft_step = workflow.step_of_kind("prepare_draft")
    verify = workflow.next_step(draft_step)
    at = workflow.now()
    async with services.db.transaction() as conn:
        await require_starter(services, person)
        cycle, item = await require_author(services, person, cycle_id)
        version = await workflow.working_version(cycle.id)
        await _record_files(services, conn, cycle.id, "draft", version, list(files), person.telegram_id, at)
        documents = await workflow.draft_files(cycle.id, version)  # with a colleague's, if any
        if not documents:
            for before in await workflow.draft_files(cycle.id, version - 1):
                documents += await _record_files(
                    services, conn, cycle.id, "draft", version, [_again(before)], before.uploaded_by, at
                )
        await _record_draft(services, conn, cycle, draft_step, person, at, version, documents, announcement)
        moved = await services.cycles.move(
            conn, cycle.id, from_step=draft_step.no, to_step=verify.no, at=at,
            step_deadline_at=workflow.deadline(verify.no, cycle.kind, at),
        )
        if moved is None:
            raise WorkflowError("step_not_current", step=draft_step.no)
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="draft.submit", entity_type="cycle", entity_id=cycle.id,
            details={"version": version, "files": len(documents), "serta_merta": True},
        )
    return await _for_review(services, moved, item, person, version, documents)


def _again(document: Document) -> Attachment:
    """A file of an earlier version, to be recorded in the next one as it is."""
    stored = StoredFile(document.sha256, document.size, document.stored_path, document.original_name, False)
    upload = Upload(stored, document.detected_type or "", document.telegram_file_id, document.telegram_file_kind)
    return Attachment(upload, document.original_name)


async def _for_review(
    services: Services, cycle: Cycle, item: InfoItem, author: Person, version: int, files: list[Document]
) -> Transition:
    """The committed draft goes to the verifiers: everyone holding the step but who wrote or
    uploaded it (unless nobody else holds it: the law allows no wait)."""
    holders = await services.workflow.actors_of_step(cycle, item)
    uploaders = {document.uploaded_by for document in files}  # never theirs to verify (bot.workflow)
    others = [user_id for user_id in holders if user_id not in uploaders | {author.telegram_id}]
    notify = others or [user_id for user_id in holders if user_id not in uploaders]
    return Transition(cycle, item, notify, {"version": version, "files": files})
