"""No dead ends: an admin cancels an open cycle, or hands its current step to a colleague; a person
who loses a role mid-cycle is replaced by the others holding it.

- **Cancel** (`cancel_cycle`): the cycle ends as ``cancelled`` with a required reason (the rules of
  a return's reason, `bot.workflow.required_reason`); whoever held its current step is told.
- **Hand over** (`hand_over`): the current step gets an assignee (``update_cycles.assignee_id``),
  one of the people holding its role (for PPID Pelaksana: of the item's unit); from then on only
  they hold it (`bot.workflow.step_holders`, the one rule the gate, the tasks, the reminders and
  the notices follow). The assignment ends when the step moves on (`storage.cycles`).
- **A removed holder** (`drop_assignments_of`, inside the revocation's transaction;
  `steps_held_by` before it and `after_removal` after it): an assignment whose person lost the
  role is dropped, so the others holding the role hold the step again and are given its card;
  when nobody is left, the admins are told.

Each change is ONE transaction with ONE audit entry (a dropped assignment is part of the
revocation's own entry), every check made inside it; the history keeps each as a step event.
Telegram is the handlers' business (`handlers.cycle_admin`), after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.contacts import contacts_of
from bot.services import Services
from bot.sop import SopStep
from bot.staff import Person, find_person
from bot.step_kinds import STEP_KINDS
from bot.workflow import WorkflowError, required_reason
from storage.cycles import Cycle
from storage.items import InfoItem

ADMIN_ROLE = "admin"
CANCEL_ACTION = "cycle_cancelled_by_admin"
HANDOVER_ACTION = "step_handed_over"
DROPPED_ACTION = "assignment_dropped"


@dataclass(frozen=True)
class Cancellation:
    """A committed cancellation: the cycle as closed, the step it stood at, who held that step."""

    cycle: Cycle
    item: InfoItem
    step: SopStep
    reason: str
    notify: list[int]


@dataclass(frozen=True)
class Handover:
    """A committed hand-over: the cycle, its step, the new holder and those who held it before."""

    cycle: Cycle
    item: InfoItem
    step: SopStep
    to_id: int
    previous: list[int]  # who held the step before, the new holder left out


@dataclass(frozen=True)
class HeldStep:
    """A cycle's current step someone held, with everyone who held it then."""

    cycle: Cycle
    item: InfoItem
    step: SopStep
    holders: list[int]


@dataclass(frozen=True)
class AfterRemoval:
    """A step a removed person held: who holds it now, and who of them got it just now."""

    held: HeldStep
    holders: list[int]
    new_holders: list[int]


def _require_admin(person: Person) -> None:
    if not person.has(ADMIN_ROLE):
        raise WorkflowError("cycle_admin_not_admin")


async def _still_open(
    services: Services, conn: aiosqlite.Connection, person: Person, cycle_id: int
) -> tuple[Cycle, InfoItem]:
    """Inside the transaction of a change: the person still holds the admin role and the cycle is
    still open; the cycle and its item as they are now."""
    if not await services.users.holds_any_role_on(conn, person.telegram_id, (ADMIN_ROLE,)):
        raise WorkflowError("cycle_admin_not_admin")
    found = await services.cycles.get_with_item(cycle_id)
    if found is None or not found[0].is_open:
        raise WorkflowError("cycle_not_open")
    return found


async def _record(
    services: Services, conn: aiosqlite.Connection, person: Person, cycle: Cycle, step: SopStep, at: datetime,
    event: tuple[str, str], audit: tuple[str, dict[str, object]],
) -> None:
    """Inside the change's transaction: its step event (action, note) and its one audit entry."""
    await services.cycles.add_event(
        conn, cycle_id=cycle.id, step_no=step.no, action=event[0], actor_id=person.telegram_id, at=at, note=event[1]
    )
    await services.audit.append(
        conn, actor_id=person.telegram_id, action=audit[0], entity_type="cycle", entity_id=cycle.id, details=audit[1]
    )


def _unit_of(step: SopStep, item: InfoItem) -> int | None:
    return item.unit_id if step.actor == "pelaksana" else None


async def open_cycle_of(services: Services, person: Person, cycle_id: int) -> tuple[Cycle, InfoItem, SopStep]:
    """The open cycle an admin may cancel or whose step they may hand over; else WorkflowError."""
    _require_admin(person)
    cycle, item = await services.workflow.cycle_with_item(cycle_id)
    if not cycle.is_open:
        raise WorkflowError("cycle_not_open")
    return cycle, item, services.sop.step(cycle.current_step)


# -- cancel --------------------------------------------------------------------------------------


async def cancel_cycle(services: Services, person: Person, cycle_id: int, reason: str) -> Cancellation:
    """End the open cycle as cancelled with `reason` (required). Refused for a cycle no longer open
    and while its publication is going out (its post may be in the channel already)."""
    reason = required_reason(reason, too_short="cancel_reason_too_short")
    await open_cycle_of(services, person, cycle_id)
    workflow = services.workflow
    at = services.clock.now()
    async with services.db.transaction() as conn:
        cycle, item = await _still_open(services, conn, person, cycle_id)
        if await workflow.publication_under_way(item.id):
            raise WorkflowError("cancel_publication_under_way")
        step = services.sop.step(cycle.current_step)
        holders = await workflow.holders_of_step(step.no, item)
        closed = await services.cycles.close(conn, cycle.id, from_step=step.no, state="cancelled", at=at)
        assert closed is not None  # read open at this step inside this very transaction
        await _record(
            services, conn, person, cycle, step, at, (CANCEL_ACTION, reason),
            ("cycle.cancel", {"item_id": item.id, "step": step.no, "reason": reason}),
        )
    notify = [user_id for user_id in holders if user_id != person.telegram_id]
    return Cancellation(closed, item, step, reason, notify)


# -- hand over -----------------------------------------------------------------------------------


async def _not_to_hand_to(services: Services, cycle: Cycle, step: SopStep) -> set[int]:
    """Who may not be given the step although they hold its role: at a `verify` step, whoever
    prepared the draft under review (uploaded a file of it or sent it, as `Workflow.preparers`
    says: the one rule the verification itself refuses by). Handing it to them would leave the
    step with a holder who may not act at it: a dead end."""
    if step.kind != "verify":
        return set()
    return await services.workflow.preparers(cycle.id)


async def _unreachable(services: Services, user_ids: list[int]) -> set[int]:
    """Who of these people blocked the bot: a step handed to them alone would never reach them
    (their card, their reminders), and nobody else would hold it."""
    users = await services.users.get_many(user_ids)
    return {user_id for user_id, user in users.items() if user.blocked_at is not None}


async def _uploaded(services: Services, cycle: Cycle, user_id: int) -> bool:
    """Whether `user_id` uploaded a file of the draft under review (else they only sent it)."""
    version = await services.workflow.submitted_version(cycle.id)
    return any(document.uploaded_by == user_id for document in await services.workflow.draft_files(cycle.id, version))


async def handover_candidates(services: Services, person: Person, cycle_id: int) -> tuple[Cycle, InfoItem, SopStep, list[int]]:
    """The open cycle, its current step and the people the admin may hand that step to now: those
    holding its role (of the item's unit, for PPID Pelaksana), but the one holding it alone."""
    cycle, item, step = await open_cycle_of(services, person, cycle_id)
    if not STEP_KINDS[step.kind].acted:
        raise WorkflowError("handover_nobody_acts")
    role_holders = await services.workflow.holders(step.actor, _unit_of(step, item))
    current = await services.workflow.holders_of_step(step.no, item)
    excluded = await _not_to_hand_to(services, cycle, step) | await _unreachable(services, role_holders)
    candidates = [
        user_id for user_id in role_holders if user_id not in excluded and current != [user_id]
    ]
    return cycle, item, step, candidates


async def hand_over(services: Services, person: Person, cycle_id: int, step_no: int, to_id: int) -> Handover:
    """Hand step `step_no` of the open cycle to `to_id`, who must hold its role now; only they hold
    it until it moves on. Refused when the cycle is not at that step any more."""
    await open_cycle_of(services, person, cycle_id)
    workflow = services.workflow
    at = services.clock.now()
    async with services.db.transaction() as conn:
        cycle, item = await _still_open(services, conn, person, cycle_id)
        if cycle.current_step != step_no:
            raise WorkflowError("step_not_current", step=step_no)
        step = services.sop.step(step_no)
        role_holders = await workflow.holders(step.actor, _unit_of(step, item))
        target = await services.users.get(to_id)
        name = target.full_name if target is not None else str(to_id)
        if to_id not in role_holders:
            raise WorkflowError("handover_not_holder", name=name, role=services.sop.actors[step.actor])
        if target is not None and target.blocked_at is not None:
            raise WorkflowError("handover_blocked", name=name)
        if to_id in await _not_to_hand_to(services, cycle, step):
            own = "handover_own_draft" if await _uploaded(services, cycle, to_id) else "handover_own_draft_sender"
            raise WorkflowError(own, name=name)
        previous = await workflow.holders_of_step(step.no, item)  # a returned /sertamerta: its author
        if previous == [to_id]:
            raise WorkflowError("handover_already", name=name)
        assigned = await services.cycles.assign(conn, cycle.id, at_step=step.no, assignee_id=to_id)
        assert assigned is not None  # read open at this step inside this very transaction
        await _record(
            services, conn, person, cycle, step, at, (HANDOVER_ACTION, name),
            ("cycle.hand_over", {"step": step.no, "from": cycle.assignee_id, "to": to_id}),
        )
    return Handover(assigned, item, step, to_id, [user_id for user_id in previous if user_id != to_id])


@dataclass(frozen=True)
class HandedAway:
    """An open cycle's current step the person holds the role of but an admin handed to `to`."""

    cycle: Cycle
    item: InfoItem
    step: SopStep
    to: str  # the new holder's contact name (`bot.contacts`)


async def handed_away_from(services: Services, person: Person, kind: str) -> list[HandedAway]:
    """The open cycles at the step of `kind` the person would hold by their role (of their units,
    for PPID Pelaksana) but that an admin handed to a colleague: what to tell them when they act
    on it anyway (a file sent for a draft that is not theirs any more)."""
    workflow = services.workflow
    step = workflow.step_of_kind(kind)
    if not person.has(step.actor):
        return []
    unit_ids = sorted(person.unit_ids) if step.actor == "pelaksana" else None
    handed: list[HandedAway] = []
    for cycle in await services.cycles.open_at_steps([step.no], unit_ids=unit_ids):
        if cycle.assignee_id is None or cycle.assignee_id == person.telegram_id:
            continue
        item = await workflow.item(cycle.item_id)
        if person.telegram_id in await workflow.holders_of_step(step.no, item):
            continue  # the hand-over ended (its person lost the role)
        names = await contacts_of(services, [cycle.assignee_id])
        handed.append(HandedAway(cycle, item, step, names[cycle.assignee_id]))
    return handed


# -- a removed holder ----------------------------------------------------------------------------


async def steps_held_by(services: Services, telegram_id: int) -> list[HeldStep]:
    """The current steps of open cycles this person holds now, each with all who hold it (read
    before a role is taken away, to tell the others after: `after_removal`)."""
    person = await find_person(services, telegram_id)
    if person is None:
        return []
    held: dict[int, HeldStep] = {}
    for task in await services.workflow.tasks_for(person):
        if task.coordination is not None or task.cycle.id in held:
            continue
        holders = await services.workflow.holders_of_step(task.step.no, task.item)
        if telegram_id in holders:
            held[task.cycle.id] = HeldStep(task.cycle, task.item, task.step, holders)
    return list(held.values())


async def drop_assignments_of(
    services: Services, conn: aiosqlite.Connection, telegram_id: int, actor_id: int
) -> list[int]:
    """Inside the transaction that took a role away: drop each hand-over to this person whose
    step's role they no longer hold, so the others holding it hold the step again (a step event
    each; the revocation's audit entry lists them). The ids of those cycles."""
    dropped: list[int] = []
    for cycle in await services.cycles.open_assigned_to(telegram_id):
        item = await services.workflow.item(cycle.item_id)
        step = services.sop.step(cycle.current_step)
        if telegram_id in await services.workflow.holders(step.actor, _unit_of(step, item)):
            continue  # still holds the role the step needs (another unit's grant was revoked)
        if await services.cycles.assign(conn, cycle.id, at_step=step.no, assignee_id=None) is None:
            continue
        person = await services.users.get(telegram_id)
        await services.cycles.add_event(
            conn, cycle_id=cycle.id, step_no=step.no, action=DROPPED_ACTION, actor_id=actor_id,
            at=services.clock.now(), note=person.full_name if person is not None else str(telegram_id),
        )
        dropped.append(cycle.id)
    return dropped


async def after_removal(services: Services, held: list[HeldStep]) -> list[AfterRemoval]:
    """After a role was taken away: for each step the person held (`steps_held_by`) and that is
    still current, who holds it now and who of them holds it only now (to be given its card).
    Holders empty: nobody is left, the admins must be told."""
    result: list[AfterRemoval] = []
    for entry in held:
        cycle = await services.cycles.get(entry.cycle.id)
        if cycle is None or not cycle.is_open or cycle.current_step != entry.step.no:
            continue
        holders = await services.workflow.holders_of_step(entry.step.no, entry.item)
        if set(holders) == set(entry.holders):
            continue  # the person still holds it (another of their grants)
        new_holders = [user_id for user_id in holders if user_id not in entry.holders]
        result.append(AfterRemoval(HeldStep(cycle, entry.item, entry.step, entry.holders), holders, new_holders))
    return result
