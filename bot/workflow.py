"""The workflow engine: who may do what at which step of an update cycle, and what it changes.

A cycle walks the steps of the SOP file in their order. Each action here is the transition of a
step KIND (`bot.step_kinds`): the step's actor, read from the file, is the one role it checks
(`require_actor` before, `require_holder` inside its transaction: the one gate), and the step it
leads to is the next one in the file (`Sop.next_step`). Each is checked against the database at
the moment of the action and written as ONE transaction with ONE audit entry plus the step events
that make the cycle's history read like the filled-in SOP table. Telegram is never awaited inside
a transaction; the handlers talk to people after the commit, using what these functions return.

Refusals are `WorkflowError`s carrying a text key (see `bot.texts.workflow`) and its values, so
the person is told in their language what went wrong and nothing is changed.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.public_search import may_be_public, refresh_item
from bot.exemption import ExemptionError, exemption_from, legal_basis_of
from bot.register import exemption_details
from bot.services import Services
from bot.sop import SopStep
from bot.step_kinds import STEP_KINDS
from bot.staff import Person
from bot.texts import role_name
from bot.typed_text import clean_typed
from storage.cycles import Coordination, Cycle, Review, StepEvent
from storage.documents import Document, TelegramFileKind
from storage.files import StoredFile
from storage.items import Exemption, InfoItem

CYCLE_KINDS = ("berkala", "serta_merta")
PUBLICATION_CLAIMS = "publication_claims"  # kv namespace: posts started and not yet recorded
REVIEW_CARDS = "review_cards"  # kv namespace: "<cycle>:<version>" -> [[chat id, message id], ...]
UNKNOWN_MESSAGE_ID = 0
# A /sertamerta cycle (`bot.serta_merta`): the event of its step 1, and the roles that may start one.
FAST_PATH_STARTED = "serta_merta_started"
FAST_PATH_STARTERS: tuple[str, ...] = ("operator", "utama", "admin")
MIN_REASON_LENGTH = 5
MAX_REASON_LENGTH = 1000  # quoted back to two people: well within one Telegram message
ANNOUNCEMENT_ELEMENTS = (
    "danger",
    "affected",
    "evacuation",
    "avoidance",
    "help",
    "announcer",
    "emergency_channel",
    "authority_action",
)


def required_reason(typed: str, *, too_short: str = "reason_too_short") -> str:
    """A reason someone typed (a return, a withdrawal), cleaned; refused when too short to say
    anything (`too_short` names the text that asks again) or too long to quote back."""
    reason = clean_typed(typed)
    if len(reason) < MIN_REASON_LENGTH:
        raise WorkflowError(too_short, minimum=MIN_REASON_LENGTH)
    if len(reason) > MAX_REASON_LENGTH:
        raise WorkflowError("reason_too_long", maximum=MAX_REASON_LENGTH)
    return reason


def step_holders(role_holders: list[int], assignee_id: int | None, author_id: int | None = None) -> list[int]:
    """Who holds a cycle's current step, of the people holding its role (for PPID Pelaksana: of
    the item's unit): the one an admin handed it to while they still hold that role, else all of
    them (a hand-over ends when its person loses the role: `bot.cycle_admin`). `author_id`: the
    author of a returned /sertamerta announcement at its draft step (`Workflow.fast_path_author`),
    who alone holds it: the unit's PPID Pelaksana never saw it."""
    if assignee_id is not None and assignee_id in role_holders:
        return [assignee_id]
    return [author_id] if author_id is not None else role_holders


class WorkflowError(Exception):
    """A refusal to tell the person: `key` names the text, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Task:
    """A step waiting for someone: the cycle, its item and the SOP step."""

    cycle: Cycle
    item: InfoItem
    step: SopStep
    coordination: Coordination | None = None
    fix: bool = False  # a returned /sertamerta announcement its author corrects ("✏️ Perbaiki pengumuman")


@dataclass(frozen=True)
class Transition:
    """What an action changed: the cycle after it, and who must now act."""

    cycle: Cycle
    item: InfoItem
    notify: list[int] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Upload:
    """A file that passed the content checks and is in the file store."""

    stored: StoredFile
    detected_type: str
    telegram_file_id: str | None
    telegram_file_kind: TelegramFileKind = "document"


class Workflow:
    """The SOP engine over the database. One per process, on `Services.workflow`."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._publishing: dict[int, asyncio.Lock] = {}

    # -- helpers -----------------------------------------------------------------------------

    @property
    def sop(self):  # type: ignore[no-untyped-def]
        return self.services.sop

    def now(self) -> datetime:
        return self.services.clock.now()

    def step_of_kind(self, kind: str) -> SopStep:
        """The step of a kind the loader allows once (every kind but `confirm`)."""
        return self.sop.step_of_kind(kind)

    def next_step(self, step: SopStep) -> SopStep:
        """The step after `step` in the file. Only `publish` (the last step, by the loader's rules)
        closes a cycle, so every other step has one."""
        following = self.sop.next_step(step.no)
        assert following is not None, f"step {step.no} ({step.kind}) is the last one"
        return following

    def _step(self, kind: str, step_no: int | None) -> SopStep:
        """The step of `kind` an action means: the kind's one step, or for a kind that may appear
        more than once, step `step_no` (the button says which), refused unless it is of that kind."""
        if not STEP_KINDS[kind].repeatable:
            return self.step_of_kind(kind)
        assert step_no is not None, f"a {kind} step is named by its number"
        try:
            step = self.sop.step(step_no)
        except KeyError:
            raise WorkflowError("step_not_current", step=step_no) from None
        if step.kind != kind:
            raise WorkflowError("step_not_current", step=step_no)
        return step

    def deadline(self, step_no: int, kind: str, start: datetime) -> datetime | None:
        return self.services.calendar.deadline(start, self.sop.step(step_no).waktu(kind))

    async def item(self, item_id: int) -> InfoItem:
        item = await self.services.items.get(item_id)
        if item is None:
            raise WorkflowError("item_not_found")
        return item

    async def cycle(self, cycle_id: int) -> Cycle:
        cycle = await self.services.cycles.get(cycle_id)
        if cycle is None:
            raise WorkflowError("cycle_not_found")
        return cycle

    async def _require_role(self, person: Person, role: str) -> None:
        if not person.has(role):
            raise await self.role_refusal(person, role)

    async def role_refusal(self, person: Person, role: str) -> WorkflowError:
        """The refusal of someone without `role` for its step, saying what is true: the role was
        taken from them (`role_revoked`: a button from before), or it is someone else's step."""
        if await self.services.users.had_role(person.telegram_id, role):
            return WorkflowError("role_revoked", role=role_name(role))
        return WorkflowError("not_allowed", role=role_name(role))

    def not_current(self, cycle: Cycle, step: SopStep) -> WorkflowError:
        """The refusal of a press for `step` when the cycle is elsewhere: the cycle was stopped, the
        step is not reached yet (the steps run in the order of their numbers), or it is done."""
        if cycle.state == "cancelled":
            return WorkflowError("cycle_stopped", step=step.no)
        if cycle.is_open and cycle.current_step < step.no:
            return WorkflowError("step_not_reached", step=step.no, current=cycle.current_step)
        return WorkflowError("step_passed", step=step.no)

    async def cycle_with_item(self, cycle_id: int) -> tuple[Cycle, InfoItem]:
        """The cycle and its item, read together."""
        found = await self.services.cycles.get_with_item(cycle_id)
        if found is None:
            raise WorkflowError("cycle_not_found")
        return found

    async def require_holder(self, person: Person, step: SopStep, item: InfoItem) -> None:
        """The one gate of every transition: `person` holds `step` of a cycle of `item`, i.e. its
        actor's role as the SOP file gives it (for PPID Pelaksana: of the item's unit), and the
        database says so now. Called inside the transition's transaction, it sees a role taken
        away a moment ago."""
        await self._require_role(person, step.actor)
        self.require_unit(person, step, item)
        holders = await self.holders_of_step(step.no, item)
        if person.telegram_id not in holders:
            cycle = await self.services.cycles.open_for_item(item.id)
            if cycle is not None and cycle.current_step == step.no and holders == [await self.fast_path_author(cycle)]:
                raise WorkflowError("sm_draft_with_author")  # a returned /sertamerta: its author fixes it
            unit_id = item.unit_id if step.actor == "pelaksana" else None
            if person.telegram_id in await self.holders(step.actor, unit_id):
                raise WorkflowError("step_handed_to_other")  # an admin handed the step to a colleague
            raise await self.role_refusal(person, step.actor)  # taken away meanwhile

    @staticmethod
    def require_unit(person: Person, step: SopStep, item: InfoItem) -> None:
        """A `pelaksana` step is held by the item's unit's PPID Pelaksana only."""
        if step.actor == "pelaksana" and item.unit_id not in person.unit_ids:
            raise WorkflowError("not_your_unit")

    async def require_actor(
        self, person: Person, cycle_id: int, kind: str, step_no: int | None = None
    ) -> tuple[Cycle, InfoItem, SopStep]:
        """The cycle, item and step when `person` may act on the step of `kind` now (`step_no`: which
        one, for a kind that may appear more than once); else WorkflowError. What the handlers ask
        before showing a step's buttons or preview, and each transition before its transaction."""
        step = self._step(kind, step_no)
        await self._require_role(person, step.actor)
        cycle, item = await self.cycle_with_item(cycle_id)
        # The unit before the step: a PPID Pelaksana of another unit learns nothing of where a
        # cycle of that unit stands by pressing forged buttons of each step.
        self.require_unit(person, step, item)
        if not cycle.is_open or cycle.current_step != step.no:
            raise self.not_current(cycle, step)
        await self.require_holder(person, step, item)
        return cycle, item, step

    async def _move(self, conn: Any, cycle: Cycle, step: SopStep, target: SopStep, at: datetime) -> Cycle | None:
        """Inside the caller's transaction: the cycle from `step` to `target`, with the target's
        deadline; None when it is not at `step` any more."""
        return await self.services.cycles.move(
            conn, cycle.id, from_step=step.no, to_step=target.no, at=at,
            step_deadline_at=self.deadline(target.no, cycle.kind, at),
        )

    def _on_time(self, cycle: Cycle, at: datetime) -> bool | None:
        return None if cycle.step_deadline_at is None else at <= cycle.step_deadline_at

    async def holders(self, role: str, unit_id: int | None = None) -> list[int]:
        grants = await self.services.users.role_holders(role, unit_id)  # type: ignore[arg-type]
        return list(dict.fromkeys(grant.telegram_id for grant in grants))

    async def holders_of_step(self, step_no: int, item: InfoItem) -> list[int]:
        """Who holds step `step_no` of a cycle of `item` (its unit's PPID Pelaksana, or the role);
        when it is the current step of the item's open cycle and an admin handed it to one of them,
        only that person (`step_holders`). The one answer the gate, the tasks and the notices use."""
        role = self.sop.step(step_no).actor
        holders = await self.holders(role, item.unit_id if role == "pelaksana" else None)
        cycle = await self.services.cycles.open_for_item(item.id)
        if cycle is not None and cycle.current_step == step_no:
            return step_holders(holders, cycle.assignee_id, await self.fast_path_author(cycle))
        return holders

    async def fast_path_authors(self, cycles: list[Cycle]) -> dict[int, int]:
        """Of `cycles`, those started with /sertamerta and waiting at the draft step (returned by
        the verifier: the form itself leaves it at once), each with who started it."""
        draft = self.step_of_kind("prepare_draft").no
        waiting = [c.id for c in cycles if c.kind == "serta_merta" and c.is_open and c.current_step == draft]
        return await self.services.cycles.actors_of_action(waiting, FAST_PATH_STARTED)

    async def fast_path_author(self, cycle: Cycle) -> int | None:
        """Who holds the draft step of a returned /sertamerta cycle: its author while they still
        hold a starter role (else nobody in particular: the step's role holders, as ever)."""
        author = (await self.fast_path_authors([cycle])).get(cycle.id)
        if author is None:
            return None
        for role in FAST_PATH_STARTERS:
            if await self.services.users.has_role(author, role):  # type: ignore[arg-type]
                return author
        return None

    async def actors_of_step(self, cycle: Cycle, item: InfoItem) -> list[int]:
        """Who holds the cycle's current step (the people to notify)."""
        if not cycle.is_open:
            return []
        return await self.holders_of_step(cycle.current_step, item)

    async def require_public(self, item_id: int) -> None:
        """Refuse unless the item may reach the public now. The transitions that post call it inside
        their transaction; a preview calls it too, so nobody is shown a post that would be refused."""
        if not await may_be_public(self.services, item_id):
            raise WorkflowError("item_not_public")

    async def require_approved(self, cycle: Cycle) -> None:
        """Refuse unless the last draft version sent for verification was approved. What goes to the
        public is what the verify step approved, whatever the steps before publishing became (an
        SOP file edited under a cycle waiting for its verification: `bot.sop_change`). Read it
        inside the transaction it guards."""
        version = await self.submitted_version(cycle.id)
        final = await self.services.cycles.final_review(cycle.id, version) if version else None
        if final is None or final.decision != "approved":
            raise WorkflowError("draft_not_approved")

    async def publication_under_way(self, item_id: int) -> bool:
        """Whether the item's open cycle holds a publication claim: its post is going out now (or
        was interrupted, and the operator has yet to say whether it is in the channel). Read it
        inside the transaction it guards."""
        cycle = await self.services.cycles.open_for_item(item_id)
        return cycle is not None and await self.services.kv.get(PUBLICATION_CLAIMS, str(cycle.id)) is not None

    async def end_open_cycle(self, conn: Any, item_id: int, *, actor_id: int, reason: str) -> Cycle | None:
        """Inside the caller's transaction: end the item's open cycle because the item may no
        longer be announced (`reason`: ``item_exempt``). Records the step event and the cycle's
        audit entry; returns the cycle as it was (its step tells who held it), None if none was open."""
        cycle = await self.services.cycles.open_for_item(item_id)
        if cycle is None:
            return None
        at = self.now()
        closed = await self.services.cycles.close(conn, cycle.id, from_step=cycle.current_step, state="cancelled", at=at)
        assert closed is not None  # read open at this step inside this very transaction
        await self.services.cycles.add_event(
            conn, cycle_id=cycle.id, step_no=cycle.current_step, action="cycle_cancelled", actor_id=actor_id, at=at,
            note=json.dumps({"reason": reason}),
        )
        await self._audit(conn, actor_id, "cycle.cancel", cycle.id, item_id=item_id, step=cycle.current_step, reason=reason)
        return cycle

    async def _audit(self, conn: Any, actor_id: int | None, action: str, cycle_id: int, **details: Any) -> None:
        await self.services.audit.append(
            conn, actor_id=actor_id, action=action, entity_type="cycle", entity_id=cycle_id, details=details
        )

    async def _transition(self, cycle: Cycle, item: InfoItem, **detail: Any) -> Transition:
        """What a committed step leads to: `cycle` as the step's transaction left it."""
        notify = await self.actors_of_step(cycle, item)
        if cycle.is_open and self.sop.step(cycle.current_step).kind == "verify":
            # Whoever prepared the draft may not verify it: no review card for them.
            preparers = await self.preparers(cycle.id)
            notify = [user_id for user_id in notify if user_id not in preparers]
        return Transition(cycle, item, notify, detail)

    # -- step 1: open a cycle ----------------------------------------------------------------

    async def open_cycle(self, person: Person | None, item_id: int) -> Transition:
        """Step 1 (`open_cycle`): open an update cycle for an item; it goes straight to the next step.

        `person` is the admin who opens it by hand, or None when the reminder sweep opens it
        because the item falls due (the history then shows the system as the actor).
        """
        step1 = self.step_of_kind("open_cycle")
        if person is not None:
            await self._require_role(person, step1.actor)
        actor_id = person.telegram_id if person is not None else None
        item = await self.item(item_id)
        if item.status != "active":
            raise WorkflowError("item_inactive")
        if item.category not in CYCLE_KINDS:
            raise WorkflowError("item_not_announceable")
        if await self.services.cycles.open_for_item(item_id) is not None:
            raise WorkflowError("cycle_already_open")
        step2 = self.next_step(step1)
        at = self.now()
        try:
            async with self.services.db.transaction() as conn:
                if person is not None:
                    await self.require_holder(person, step1, item)
                cycle = await self.services.cycles.open(
                    conn, item_id=item_id, kind=item.category, opened_by=actor_id, at=at,  # type: ignore[arg-type]
                    step=step1.no, step_deadline_at=self.deadline(step1.no, item.category, at),
                    # the due date this cycle serves (the compliance report measures against it)
                    due_at=item.next_due_at if item.category == "berkala" else None,
                )
                await self.services.cycles.add_event(
                    conn, cycle_id=cycle.id, step_no=step1.no,
                    action="cycle_opened" if person is not None else "cycle_opened_automatically",
                    actor_id=actor_id, at=at, kelengkapan=step1.kelengkapan, output=step1.output, on_time=True,
                )
                moved = await self._move(conn, cycle, step1, step2, at)
                assert moved is not None  # opened in this very transaction
                await self._audit(conn, actor_id, "cycle.open", cycle.id, item_id=item_id, kind=item.category)
        except sqlite3.IntegrityError:
            raise WorkflowError("cycle_already_open") from None
        return await self._transition(moved, item)

    # -- step 2: coordination ----------------------------------------------------------------

    async def send_coordination(
        self, person: Person, cycle_id: int, letter: Upload, letter_name: str, *, recipients: list[int] | None = None,
        companions: Sequence[tuple[Upload, str]] = (), letter_number_id: int | None = None,
    ) -> Transition:
        """Step `coordinate` (its actor): send the coordination letter to the unit's PPID Pelaksana
        (who hold the `prepare_draft` step).

        `companions`: further files of the same letter (the DOCX beside its PDF), recorded as the
        same version. `letter_number_id`: the number (`storage/letter_numbers.py`) a letter made from
        the template carries; it must be one the cycle holds unsent, and is marked sent here.
        `recipients`: the people a preview showed the operator; when the unit's PPID Pelaksana are
        other people by the time it is sent (read inside the transaction), it is refused
        (`letter_preview_outdated`) so the letter never reaches anyone the operator did not see."""
        cycle, item, step = await self.require_actor(person, cycle_id, "coordinate")
        next_step = self.next_step(step)
        at = self.now()
        async with self.services.db.transaction() as conn:
            await self.require_holder(person, step, item)
            pelaksana = await self.holders_of_step(self.step_of_kind("prepare_draft").no, item)
            if not pelaksana:
                raise WorkflowError("no_pelaksana_for_unit")
            if recipients is not None and sorted(recipients) != sorted(pelaksana):
                raise WorkflowError("letter_preview_outdated")
            document = await self.services.documents.add(
                conn, cycle_id=cycle.id, kind="coordination_letter",
                version=await self.services.documents.latest_version(cycle.id, "coordination_letter") + 1,
                sha256=letter.stored.sha256, size=letter.stored.size, detected_type=letter.detected_type,
                original_name=letter_name, stored_path=letter.stored.relative_path,
                telegram_file_id=letter.telegram_file_id, uploaded_by=person.telegram_id, at=at,
                telegram_file_kind=letter.telegram_file_kind,
            )
            companion_documents: list[Document] = []
            for companion, companion_name in companions:
                companion_documents.append(await self.services.documents.add(
                    conn, cycle_id=cycle.id, kind="coordination_letter", version=document.version,
                    sha256=companion.stored.sha256, size=companion.stored.size, detected_type=companion.detected_type,
                    original_name=companion_name, stored_path=companion.stored.relative_path,
                    telegram_file_id=companion.telegram_file_id, uploaded_by=person.telegram_id, at=at,
                    telegram_file_kind=companion.telegram_file_kind,
                ))
            if letter_number_id is not None and not await self.services.letter_numbers.mark_sent(
                conn, letter_number_id, cycle_id=cycle.id, document_id=document.id, at=at
            ):
                raise WorkflowError("letter_preview_outdated")  # the number went out already
            asked = await self.services.cycles.ask(
                conn, cycle_id=cycle.id, letter_document_id=document.id, asked_user_ids=pelaksana, at=at
            )
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="coordination_sent", actor_id=person.telegram_id,
                at=at, kelengkapan=f"{step.kelengkapan}: {letter_name}", output=step.output,
                note=json.dumps({"asked": pelaksana, "document_id": document.id}), on_time=self._on_time(cycle, at),
            )
            moved = await self._move(conn, cycle, step, next_step, at)
            if moved is None:  # moved on meanwhile (a second press, another holder)
                raise WorkflowError("step_passed", step=step.no)
            await self._audit(
                conn, person.telegram_id, "coordination.send", cycle.id, document_id=document.id, asked=pelaksana,
                **({} if letter_number_id is None else {"letter_number_id": letter_number_id}),
            )
        return await self._transition(moved, item, document=document, asked=asked, companions=companion_documents)

    async def acknowledge(self, person: Person, coordination_id: int) -> Coordination:
        """Step 2 (PPID Pelaksana): acknowledge the coordination letter addressed to them."""
        entry = await self.services.cycles.coordination_entry(coordination_id)
        if entry is None or entry.asked_user_id != person.telegram_id:
            raise WorkflowError("not_your_letter")
        if entry.acknowledged_at is not None:
            raise WorkflowError("already_acknowledged")
        step = self.step_of_kind("coordinate")
        at = self.now()
        async with self.services.db.transaction() as conn:
            updated = await self.services.cycles.acknowledge(conn, coordination_id, user_id=person.telegram_id, at=at)
            if updated is None:
                raise WorkflowError("already_acknowledged")
            await self.services.cycles.add_event(
                conn, cycle_id=entry.cycle_id, step_no=step.no, action="coordination_acknowledged",
                actor_id=person.telegram_id, at=at, output=step.output,
            )
            await self._audit(
                conn, person.telegram_id, "coordination.acknowledge", entry.cycle_id, coordination_id=coordination_id
            )
        return updated

    # -- step 3: the draft -------------------------------------------------------------------

    async def working_version(self, cycle_id: int) -> int:
        """The draft version being prepared: one more than the versions submitted so far."""
        return await self.services.cycles.count_events(cycle_id, "draft_submitted") + 1

    async def add_draft_file(self, person: Person, cycle_id: int, upload: Upload, name: str) -> Document:
        """Step 3 (PPID Pelaksana): add one accepted file to the draft being prepared.

        Checked inside the transaction that records the file: the cycle is still at step 3, the
        file goes into the version not yet submitted (a colleague's "Selesai" pressed meanwhile
        means it is refused, never slipped into the version under review), and that version holds
        fewer than MAX_DRAFT_FILES files.
        """
        cycle, item, step = await self.require_actor(person, cycle_id, "prepare_draft")
        maximum = self.services.settings.max_draft_files
        at = self.now()
        try:
            async with self.services.db.transaction() as conn:
                progress = await self.services.cycles.draft_progress(cycle.id)
                if progress is None or not progress[0].is_open or progress[0].current_step != step.no:
                    raise WorkflowError("draft_closed_meanwhile", verifier=role_name(self.sop.actor_of("verify")))
                await self.require_holder(person, step, item)
                _, submitted, files = progress
                if files >= maximum:
                    raise WorkflowError("draft_too_many_files", maximum=maximum)
                version = submitted + 1
                document = await self.services.documents.add(
                    conn, cycle_id=cycle.id, kind="draft", version=version, sha256=upload.stored.sha256,
                    size=upload.stored.size, detected_type=upload.detected_type, original_name=name,
                    stored_path=upload.stored.relative_path, telegram_file_id=upload.telegram_file_id,
                    uploaded_by=person.telegram_id, at=at, telegram_file_kind=upload.telegram_file_kind,
                )
                await self._audit(
                    conn, person.telegram_id, "draft.upload", cycle.id,
                    document_id=document.id, version=version, sha256=upload.stored.sha256, name=name,
                )
        except sqlite3.IntegrityError:
            raise WorkflowError("file_refused_duplicate") from None
        return document

    async def draft_files(self, cycle_id: int, version: int | None = None) -> list[Document]:
        """The files of a draft version (default: the one being prepared); of a submitted version,
        exactly the files its submission recorded."""
        if version is None:
            version = await self.working_version(cycle_id)
        return await self.services.documents.of_draft_version(cycle_id, version)

    async def data_file_to_publish(self, cycle: Cycle) -> Document | None:
        """The data file step 7 posts with the document: the latest attached to a berkala cycle."""
        if cycle.kind != "berkala":
            return None
        return await self.services.documents.latest_of_kind(cycle.id, "data_file")

    async def public_files(self, cycle_id: int) -> list[Document]:
        """The files step 7 posts of the submitted draft version, in its order: each draft file's
        public copy where it has one (a PDF of a DOCX, ODT or XLSX: `bot.public_copy`), else the
        draft file itself. Nothing is made here: what the preview made is what goes out."""
        files = await self.draft_files(cycle_id, await self.submitted_version(cycle_id))
        copies = await self.services.documents.public_copies([document.id for document in files])
        return [copies.get(document.id, document) for document in files]

    async def published_documents(self, cycle: Cycle) -> list[Document]:
        """Every file step 7 posts for `cycle`: the submitted draft version's (their public
        copies where made), then its data file. The web site serves these (`public_files`)."""
        files = await self.public_files(cycle.id)
        data = await self.data_file_to_publish(cycle)
        return files if data is None else [*files, data]

    async def submitted_version(self, cycle_id: int) -> int:
        return await self.services.cycles.count_events(cycle_id, "draft_submitted")

    async def submit_draft(
        self, person: Person, cycle_id: int, announcement: dict[str, str] | None = None
    ) -> Transition:
        """Step `prepare_draft` (the unit's PPID Pelaksana): submit the draft version; the cycle goes
        to the next step, `verify` (right after it, by the loader's rules)."""
        cycle, item, step = await self.require_actor(person, cycle_id, "prepare_draft")
        elements: dict[str, str] | None = None
        if cycle.kind == "serta_merta":
            missing = [key for key in ANNOUNCEMENT_ELEMENTS if not (announcement or {}).get(key, "").strip()]
            if missing:
                raise WorkflowError("announcement_incomplete")
            elements = {key: announcement[key].strip() for key in ANNOUNCEMENT_ELEMENTS}  # type: ignore[index]
        next_step = self.next_step(step)
        at = self.now()
        async with self.services.db.transaction() as conn:
            await self.require_holder(person, step, item)
            # The version and its files are fixed here, inside the transaction that submits them:
            # a file added by a colleague at the same moment is either in this list or refused.
            version = await self.working_version(cycle.id)
            files = await self.draft_files(cycle.id, version)
            if not files:
                raise WorkflowError("draft_empty")
            note: dict[str, Any] = {"version": version, "files": [f.id for f in files]}
            if elements is not None:
                note["announcement"] = elements
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="draft_submitted", actor_id=person.telegram_id,
                at=at, kelengkapan=f"{step.kelengkapan} (versi {version}, {len(files)} berkas)", output=step.output,
                note=json.dumps(note, ensure_ascii=False), on_time=self._on_time(cycle, at),
            )
            moved = await self._move(conn, cycle, step, next_step, at)
            if moved is None:  # moved on meanwhile (a second press, another holder)
                raise WorkflowError("step_passed", step=step.no)
            await self._audit(conn, person.telegram_id, "draft.submit", cycle.id, version=version, files=len(files))
        return await self._transition(moved, item, version=version, files=files)

    async def announcement(self, cycle_id: int) -> dict[str, str] | None:
        """The 8 elements of a serta merta announcement, from the last submitted draft."""
        for event in reversed(await self.services.cycles.events(cycle_id)):
            if event.action == "draft_submitted" and event.note:
                value = json.loads(event.note).get("announcement")
                return dict(value) if isinstance(value, dict) else None
        return None

    # -- step 4: verification ----------------------------------------------------------------

    async def require_reviewable(self, person: Person, cycle_id: int, version: int) -> tuple[Cycle, InfoItem, SopStep]:
        """The cycle, item and step when `person` may decide on draft `version` now; else WorkflowError."""
        step = self.step_of_kind("verify")
        await self._require_role(person, step.actor)
        cycle, item = await self.cycle_with_item(cycle_id)
        final = await self.services.cycles.final_review(cycle_id, version)
        if final is not None:
            raise await self._already_decided(final)
        if not cycle.is_open or cycle.current_step != step.no or version != await self.submitted_version(cycle_id):
            raise WorkflowError("draft_outdated")
        await self.refuse_preparer(person, cycle_id, version)
        await self.require_holder(person, step, item)
        return cycle, item, step

    async def preparers(self, cycle_id: int) -> set[int]:
        """Who prepared the draft version under review: who uploaded a file of it and who sent it
        ("Selesai"). None of them verifies it (four eyes), whatever roles they hold."""
        return (await self.services.documents.preparers_of_submitted([cycle_id])).get(cycle_id, set())

    async def refuse_preparer(self, person: Person, cycle_id: int, version: int) -> None:
        """Refuse `person` when they prepared draft `version` (the one under review): uploaded a
        file of it or sent it. One exception, the law's: a serta merta announcement may not wait,
        so its sender (who uploaded none of its files) verifies it when nobody else holding the
        step could (`bot.serta_merta` sends them the card then)."""
        preparers = await self.preparers(cycle_id)
        if person.telegram_id not in preparers or await self.sole_sender_verifies(cycle_id, person.telegram_id, preparers):
            return
        uploaded = any(document.uploaded_by == person.telegram_id for document in await self.draft_files(cycle_id, version))
        verifier = role_name(self.sop.actor_of("verify"))
        raise WorkflowError("no_self_approval" if uploaded else "no_self_approval_sender", verifier=verifier)

    async def sole_sender_verifies(self, cycle_id: int, user_id: int, preparers: set[int]) -> bool:
        """The law's exception to four eyes (`refuse_preparer`): `user_id`, one of the `preparers`
        of the serta merta draft under review, only sent it (uploaded none of its files) and nobody
        but its preparers holds the verify step. Their review is then theirs: the card, the task
        in /tugas and the reminders, like any verifier's."""
        cycle, item = await self.cycle_with_item(cycle_id)
        if cycle.kind != "serta_merta" or user_id not in preparers:
            return False
        version = await self.submitted_version(cycle_id)
        if any(document.uploaded_by == user_id for document in await self.draft_files(cycle_id, version)):
            return False
        return all(holder in preparers for holder in await self.actors_of_step(cycle, item))

    async def remember_review_cards(self, cycle_id: int, version: int, cards: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Record where the review cards (chat id, message id) of a draft version were sent, so the
        decision can take their buttons off. Returns the cards whose buttons must go now, because
        the version was decided while they were being sent (none otherwise)."""
        if not cards:
            return []
        async with self.services.db.transaction() as conn:
            if await self.services.cycles.final_review(cycle_id, version) is not None:
                return cards
            await self.services.kv.set(conn, REVIEW_CARDS, f"{cycle_id}:{version}", [list(card) for card in cards])
        return []

    async def _take_review_cards(self, conn: Any, cycle_id: int, version: int) -> list[tuple[int, int]]:
        """Inside the decision's transaction: the recorded review cards of the version, forgotten."""
        key = f"{cycle_id}:{version}"
        value = await self.services.kv.get(REVIEW_CARDS, key)
        if not isinstance(value, list):
            return []
        await self.services.kv.delete(conn, REVIEW_CARDS, key)
        return [(int(card[0]), int(card[1])) for card in value if isinstance(card, list) and len(card) == 2]

    @asynccontextmanager
    async def _review_transaction(self, cycle_id: int, version: int) -> AsyncIterator[Any]:
        """The transaction of a decision on draft `version` (approve, return, recategorise).
        Exactly one final decision counts (unique in the schema): losing the race against a
        colleague's is told as that decision, never as a database error."""
        try:
            async with self.services.db.transaction() as conn:
                yield conn
        except sqlite3.IntegrityError:
            final = await self.services.cycles.final_review(cycle_id, version)
            if final is None:
                raise
            raise await self._already_decided(final) from None

    async def _already_decided(self, final: Review) -> WorkflowError:
        reviewer = await self.services.users.get(final.reviewer_id)
        return WorkflowError(
            "already_decided",
            name=reviewer.full_name if reviewer else str(final.reviewer_id),
            decision=final.decision,
        )

    async def approve(self, person: Person, cycle_id: int, version: int) -> Transition:
        """Step `verify` (its actor): approve the draft version; the cycle goes to the next step, or
        ends when the item is dikecualikan by now."""
        return await self._decide(person, cycle_id, version, "approved")

    async def return_draft(self, person: Person, cycle_id: int, version: int, reason: str) -> Transition:
        """Step `verify` (its actor): return the draft with a reason; the cycle goes back to the
        `prepare_draft` step."""
        return await self._decide(person, cycle_id, version, "returned", required_reason(reason))

    async def _decide(
        self, person: Person, cycle_id: int, version: int, decision: Literal["approved", "returned"],
        reason: str | None = None,
    ) -> Transition:
        """The final decision on draft `version`: its review, step event, move and audit entry."""
        cycle, item, step = await self.require_reviewable(person, cycle_id, version)
        at = self.now()
        async with self._review_transaction(cycle_id, version) as conn:
            await self.require_holder(person, step, item)
            await self.services.cycles.add_review(
                conn, cycle_id=cycle.id, draft_version=version, reviewer_id=person.telegram_id,
                decision=decision, reason=reason, at=at,
            )
            if decision == "approved":
                # The category as it is now, read inside this transaction: a recategorisation (or a
                # register edit) committed a moment ago decides whether the cycle goes on or ends.
                item = await self.item(item.id)
                details: dict[str, Any] = {"version": version, "exempt": item.category == "dikecualikan"}
                action, audit_action, output = "draft_approved", "review.approve", step.output
                note = json.dumps({"version": version, "category": item.category})
                target = None if details["exempt"] else self.next_step(step)
            else:
                details = {"version": version, "reason": reason}
                action, audit_action, output, note = "draft_returned", "review.return", None, reason
                target = self.step_of_kind("prepare_draft")
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action=action, actor_id=person.telegram_id,
                at=at, kelengkapan=f"{step.kelengkapan} (versi {version})", output=output, note=note,
                on_time=self._on_time(cycle, at),
            )
            if target is None:
                moved = await self.services.cycles.close(conn, cycle.id, from_step=step.no, state="cancelled", at=at)
            else:
                moved = await self._move(conn, cycle, step, target, at)
            if moved is None:
                raise WorkflowError("draft_outdated")
            cards = await self._take_review_cards(conn, cycle.id, version)
            await self._audit(conn, person.telegram_id, audit_action, cycle.id, **details)
        return await self._transition(moved, item, **details, cards=cards)

    async def recategorise(
        self, person: Person, cycle_id: int, version: int, category: str, *, period: str | None = None,
        exemption: object = None,
    ) -> InfoItem:
        """Step 4 (PPID Utama): change the item's category before deciding. Dikecualikan needs its
        complete consequence test `exemption` (``bot.exemption``: the chat's answers or an
        ``Exemption``), whose ground letters become the legal basis.

        Checked again inside its transaction (the cycle still waits at step 4, the test complete at
        that moment); losing the race against a colleague's final decision is told as that
        decision, never a database error.
        """
        cycle, item, step = await self.require_reviewable(person, cycle_id, version)
        if category == "berkala" and period is None:
            period = item.period or "semester"
        at = self.now()
        async with self._review_transaction(cycle_id, version) as conn:
            await self.require_holder(person, step, item)
            test = self._exemption(exemption, at) if category == "dikecualikan" else None
            legal_basis = legal_basis_of(test.grounds) if test is not None else None
            found = await self.services.cycles.get_with_item(cycle.id)
            if found is None or not found[0].is_open or found[0].current_step != step.no:
                raise WorkflowError("draft_outdated")
            item = found[1]
            await self.services.cycles.add_review(
                conn, cycle_id=cycle.id, draft_version=version, reviewer_id=person.telegram_id,
                decision="recategorised", category=category, legal_basis=legal_basis, at=at,
            )
            await self.services.items.set_category(
                conn, item.id, category, period=period if category == "berkala" else None,
                legal_basis=legal_basis, exemption=test,
            )
            await refresh_item(conn, self.services, item.id)  # dikecualikan leaves the public search
            recorded = exemption_details(test)
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="recategorised", actor_id=person.telegram_id,
                at=at, note=json.dumps(
                    {"from": item.category, "to": category, "legal_basis": legal_basis, "exemption": recorded}
                ),
            )
            await self._audit(
                conn, person.telegram_id, "review.recategorise", cycle.id,
                version=version, before=item.category, after=category, legal_basis=legal_basis, exemption=recorded,
            )
        return await self.item(item.id)

    def _exemption(self, answers: object, at: datetime) -> Exemption:
        """The complete consequence test of a classification as dikecualikan, or the refusal
        naming what is missing (the register's own rule, ``bot.exemption``)."""
        try:
            return exemption_from(answers, at, self.services.calendar)
        except ExemptionError as error:
            raise WorkflowError(error.key, **error.values) from None

    # -- steps 5 to 7: publication -----------------------------------------------------------

    async def coordinate_publication(self, person: Person, cycle_id: int) -> Transition:
        """Step `coordinate_publication` (its actor), with the `refresh_data` step right after it when
        the file has one (the data refresh scheduled, recorded here): the cycle goes to the step
        after them."""
        cycle, item, step = await self.require_actor(person, cycle_id, "coordinate_publication")
        target = self.next_step(step)
        refresh = None
        if target.kind == "refresh_data":  # nobody acts at it (bot.step_kinds): recorded here
            refresh, target = target, self.next_step(target)
        at = self.now()
        next_due = (
            self.services.calendar.next_due(at, item.period)
            if cycle.kind == "berkala" and item.period else None
        )
        async with self.services.db.transaction() as conn:
            await self.require_holder(person, step, item)
            await self.require_public(item.id)
            await self.require_approved(cycle)
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="publication_coordinated",
                actor_id=person.telegram_id, at=at, kelengkapan=step.kelengkapan, output=step.output,
                on_time=self._on_time(cycle, at),
            )
            if refresh is not None:
                await self.services.cycles.add_event(
                    conn, cycle_id=cycle.id, step_no=refresh.no,
                    action="data_refresh_scheduled" if next_due else "data_refresh_not_applicable",
                    actor_id=None, at=at, kelengkapan=refresh.kelengkapan if next_due else None,
                    output=refresh.output if next_due else None,
                    note=json.dumps({"next_due_at": next_due.isoformat()}) if next_due else None,
                )
            moved = await self._move(conn, cycle, step, target, at)
            if moved is None:  # moved on meanwhile (a second press, another holder)
                raise WorkflowError("step_passed", step=step.no)
            await self._audit(
                conn, person.telegram_id, "publication.coordinate", cycle.id,
                next_due_at=next_due.isoformat() if next_due else None,
            )
        return await self._transition(
            moved, item, next_due_at=next_due if refresh else None, refresh_step=refresh.no if refresh else None
        )

    async def publish(
        self,
        person: Person,
        cycle_id: int,
        post: Callable[[InfoItem, Cycle], Awaitable[tuple[int, int]]],
        *,
        repost: bool = False,
        seen: Callable[[InfoItem, Cycle], Awaitable[bool]] | None = None,
    ) -> Transition:
        """Step `publish` (its actor; the last step): post the verified document to the public
        channel, once.

        `post` sends it and returns (channel chat id, message id), raising WorkflowError when
        Telegram refused it. The intent to post (the claim) is committed first, by a
        compare-and-set in the transaction that also checks the cycle is at step 7 and the item
        may be public (active, not dikecualikan); if the bot dies between the post and its record,
        the next press finds that claim and asks the operator to look at the channel
        (`publish_uncertain`) instead of posting a second time; `repost=True` is the operator's
        answer that it is not there. A per-cycle lock makes a double press in this process wait
        and then find the cycle published; the claim alone keeps a second process from posting.
        `seen` (the operator's preview) is asked in that same transaction whether the post, as it
        would go out now, is the one the person was shown; if not: `publish_preview_outdated`.
        """
        step = self.step_of_kind("publish")
        await self._require_role(person, step.actor)
        claim_key = str(cycle_id)
        lock = self._publishing.setdefault(cycle_id, asyncio.Lock())
        async with lock:
            async with self.services.db.transaction() as conn:
                # Compare-and-set of the claim, with every check that guards the post, in the
                # transaction that writes it: safe even for two bot processes on one database.
                cycle, item = await self.cycle_with_item(cycle_id)
                await self.require_holder(person, step, item)
                if not cycle.is_open or cycle.current_step != step.no:
                    raise self.not_current(cycle, step)
                await self.require_public(item.id)
                await self.require_approved(cycle)
                claimed = await self.services.kv.get(PUBLICATION_CLAIMS, claim_key) is not None
                if claimed and not repost:
                    raise WorkflowError("publish_uncertain")
                if repost and not claimed:
                    # "Post it again" answers an interrupted publication only; without one (a
                    # forged or stale button) it would post with no preview seen.
                    raise WorkflowError("publish_preview_outdated")
                if seen is not None and not await seen(item, cycle):
                    raise WorkflowError("publish_preview_outdated")
                await self.services.kv.set(
                    conn, PUBLICATION_CLAIMS, claim_key, {"by": person.telegram_id, "at": self.now().isoformat()}
                )
            try:
                chat_id, message_id = await post(item, cycle)
            except WorkflowError:
                async with self.services.db.transaction() as conn:  # known not posted: no claim
                    await self.services.kv.delete(conn, PUBLICATION_CLAIMS, claim_key)
                raise
            transition = await self._record_publication(person, cycle, item, step, chat_id, message_id)
        self._publishing.pop(cycle_id, None)
        return transition

    async def confirm_published(self, person: Person, cycle_id: int) -> Transition:
        """After an interrupted publication: the operator found the post in the channel; record it.

        The message id is not known then (recorded as 0).
        """
        cycle, item, step = await self.require_actor(person, cycle_id, "publish")
        if await self.services.kv.get(PUBLICATION_CLAIMS, str(cycle.id)) is None:
            raise WorkflowError("step_not_current", step=step.no)
        channel = self.services.settings.public_channel
        return await self._record_publication(
            person, cycle, item, step, channel if isinstance(channel, int) else 0, UNKNOWN_MESSAGE_ID, gate=True
        )

    async def _record_publication(
        self, person: Person, cycle: Cycle, item: InfoItem, step: SopStep, chat_id: int, message_id: int,
        *, gate: bool = False,
    ) -> Transition:
        """Record a post that is in the channel. `gate`: check the actor in this transaction (when
        the operator says a post is there); a post just sent was checked in its claim's."""
        at = self.now()
        next_due = (
            self.services.calendar.next_due(at, item.period) if cycle.kind == "berkala" and item.period else None
        )
        documents = await self.published_documents(cycle)
        async with self.services.db.transaction() as conn:
            if gate:
                await self.require_holder(person, step, item)
            publication = await self.services.cycles.add_publication(
                conn, cycle_id=cycle.id, item_id=item.id, channel_chat_id=chat_id,
                channel_message_id=message_id, published_by=person.telegram_id, at=at,
            )
            # The web site's copy, in the same transaction of record as the channel's.
            await self.services.public_site.add_files(conn, publication.id, [document.id for document in documents])
            published = await self.services.items.mark_published(conn, item.id, published_at=at, next_due_at=next_due)
            await refresh_item(conn, self.services, item.id)  # now found by the public search (/cari)
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="published", actor_id=person.telegram_id,
                at=at, kelengkapan=step.kelengkapan, output=step.output,
                note=json.dumps({"channel_chat_id": chat_id, "message_id": message_id}),
                on_time=self._on_time(cycle, at),
            )
            closed = await self.services.cycles.close(conn, cycle.id, from_step=step.no, state="published", at=at)
            await self.services.kv.delete(conn, PUBLICATION_CLAIMS, str(cycle.id))
            await self._audit(
                conn, person.telegram_id, "publication.publish", cycle.id,
                channel_chat_id=chat_id, message_id=message_id,
                next_due_at=next_due.isoformat() if next_due else None,
            )
        # The post is in the channel already: it is recorded even if the cycle was closed meanwhile.
        return await self._transition(
            closed or await self.cycle(cycle.id), published or await self.item(item.id), next_due_at=next_due
        )

    # -- an office's own step: confirm --------------------------------------------------------

    async def confirm_step(self, person: Person, cycle_id: int, step_no: int, note: str | None = None) -> Transition:
        """A `confirm` step (its actor, from the file): say it is done, with an optional note typed
        (cleaned, at most MAX_REASON_LENGTH); the cycle goes to the next step."""
        cleaned = clean_typed(note) if note else ""
        if len(cleaned) > MAX_REASON_LENGTH:
            raise WorkflowError("reason_too_long", maximum=MAX_REASON_LENGTH)
        cycle, item, step = await self.require_actor(person, cycle_id, "confirm", step_no)
        target = self.next_step(step)
        at = self.now()
        async with self.services.db.transaction() as conn:
            await self.require_holder(person, step, item)
            await self.services.cycles.add_event(
                conn, cycle_id=cycle.id, step_no=step.no, action="step_confirmed", actor_id=person.telegram_id,
                at=at, kelengkapan=step.kelengkapan, output=step.output, note=cleaned or None,
                on_time=self._on_time(cycle, at),
            )
            moved = await self._move(conn, cycle, step, target, at)
            if moved is None:  # moved on meanwhile (a second press, another holder)
                raise WorkflowError("step_passed", step=step.no)
            await self._audit(conn, person.telegram_id, "step.confirm", cycle.id, step=step.no, note=cleaned or None)
        return await self._transition(moved, item, note=cleaned or None)

    # -- reading -----------------------------------------------------------------------------

    async def tasks_for(self, person: Person) -> list[Task]:
        """The steps waiting for this person, soonest deadline first."""
        steps_by_role: dict[str, list[int]] = {}
        for step in self.sop.steps:
            steps_by_role.setdefault(step.actor, []).append(step.no)
        at_steps: dict[int, Cycle] = {}
        for role in sorted(person.roles):
            unit_ids = sorted(person.unit_ids) if role == "pelaksana" else None
            for cycle in await self.services.cycles.open_at_steps(steps_by_role.get(role, []), unit_ids=unit_ids):
                at_steps.setdefault(cycle.id, cycle)
        draft_step = self.step_of_kind("prepare_draft")
        waiting = {cycle.id: cycle for cycle in await self.services.cycles.open_at_steps([draft_step.no])}
        for cycle_id, author in (await self.fast_path_authors(list(waiting.values()))).items():
            if author == person.telegram_id:  # checked below against the one holders rule
                at_steps.setdefault(cycle_id, waiting[cycle_id])
        verify_step = self.step_of_kind("verify")
        if person.has(verify_step.actor):
            # A draft this person prepared (uploaded or sent) is not theirs to verify, whatever
            # other roles they hold: no review task for it, as pressing it would be refused.
            verify = verify_step.no
            reviewing = [cycle.id for cycle in at_steps.values() if cycle.current_step == verify]
            for cycle_id, preparers in (await self.services.documents.preparers_of_submitted(reviewing)).items():
                if person.telegram_id in preparers and not await self.sole_sender_verifies(
                    cycle_id, person.telegram_id, preparers
                ):
                    del at_steps[cycle_id]
        entries = await self.services.cycles.unacknowledged_for(person.telegram_id) if person.has("pelaksana") else []
        asked = [(entry, at_steps.get(entry.cycle_id) or await self.cycle(entry.cycle_id)) for entry in entries]
        # One read for every item behind the tasks: an admin may see dozens of open cycles.
        items = await self.services.items.get_many(
            {cycle.item_id for cycle in at_steps.values()} | {cycle.item_id for _, cycle in asked}
        )
        authors = await self.fast_path_authors(list(at_steps.values()))
        for cycle in [c for c in at_steps.values() if c.assignee_id not in (None, person.telegram_id) or c.id in authors]:
            if person.telegram_id not in await self.holders_of_step(cycle.current_step, items[cycle.item_id]):
                del at_steps[cycle.id]  # handed to a colleague, or a returned /sertamerta its author fixes
        # Theirs through "✏️ Perbaiki pengumuman" while they hold it as its author (not as the
        # unit's PPID Pelaksana after losing every starter role).
        fixing = {
            cycle.id for cycle in at_steps.values()
            if authors.get(cycle.id) == person.telegram_id and await self.fast_path_author(cycle) == person.telegram_id
        }
        tasks = [
            Task(cycle, items[cycle.item_id], self.sop.step(cycle.current_step), fix=cycle.id in fixing)
            for cycle in at_steps.values()
        ]
        step2 = self.step_of_kind("coordinate")
        tasks += [Task(cycle, items[cycle.item_id], step2, entry) for entry, cycle in asked]
        return tasks

    async def history(self, item_id: int) -> list[tuple[Cycle, list[StepEvent]]]:
        """Every cycle of an item with its events, oldest first."""
        return [(cycle, await self.services.cycles.events(cycle.id)) for cycle in await self.services.cycles.for_item(item_id)]
