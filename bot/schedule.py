"""The schedule behind /jadwal: coming due dates of berkala items, open cycles and their step
deadlines, and pausing or resuming an item's reminders.

Pure domain logic, no Telegram (``handlers/schedule.py`` renders it). Reads go through the
repositories; the one change, :func:`set_reminders_paused`, is ONE transaction with ONE audit
entry and checks the admin role again in the database inside that transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from bot.services import Services
from bot.staff import Person
from bot.workflow import Task, WorkflowError
from storage.cycles import Cycle
from storage.items import InfoItem

__all__ = [
    "ADMIN_ROLE",
    "LIST_LIMIT",
    "PAUSE_ACTION",
    "RESUME_ACTION",
    "is_overdue",
    "my_deadlines",
    "open_cycles",
    "set_reminders_paused",
    "upcoming_items",
]

ADMIN_ROLE = "admin"
LIST_LIMIT = 15  # lines of each list in /jadwal
PAUSE_ACTION = "item.reminders_pause"
RESUME_ACTION = "item.reminders_resume"


def is_overdue(item: InfoItem, now: datetime) -> bool:
    """Whether the item's next due date has passed (an item never scheduled is not overdue)."""
    return item.next_due_at is not None and now > item.next_due_at


async def upcoming_items(
    services: Services, *, unit_ids: Collection[int] | None = None, limit: int = LIST_LIMIT
) -> tuple[list[InfoItem], int]:
    """The active berkala items by next due date (soonest first), at most `limit`, and how many
    there are in all. `unit_ids` keeps those units' items only (None: every unit)."""
    items = await services.items.due_items(limit, unit_ids)
    return items, await services.items.count_due_items(unit_ids)


def _by_deadline(cycle: Cycle) -> tuple[bool, datetime | None, int]:
    """Sort key: soonest step deadline first, cycles without a deadline last."""
    return (cycle.step_deadline_at is None, cycle.step_deadline_at, cycle.id)


async def open_cycles(services: Services, *, limit: int = LIST_LIMIT) -> tuple[list[Cycle], int]:
    """Every open cycle by step deadline (soonest first), at most `limit`, and how many in all."""
    steps = [step.no for step in services.sop.steps]
    cycles = sorted(await services.cycles.open_at_steps(steps), key=_by_deadline)
    return cycles[: max(0, limit)], len(cycles)


async def my_deadlines(services: Services, person: Person, *, limit: int = LIST_LIMIT) -> tuple[list[Task], int]:
    """The open cycles whose current step is the person's (role, and unit for PPID Pelaksana), by
    step deadline, at most `limit`, and how many in all. A coordination letter still to be
    acknowledged is not a step of its own: its cycle is listed at the step it is at."""
    seen: set[int] = set()
    tasks: list[Task] = []
    for task in await services.workflow.tasks_for(person):
        if task.coordination is not None or task.cycle.id in seen:
            continue
        seen.add(task.cycle.id)
        tasks.append(task)
    tasks.sort(key=lambda task: _by_deadline(task.cycle))
    return tasks[: max(0, limit)], len(tasks)


async def set_reminders_paused(services: Services, actor_id: int, item_id: int, paused: bool) -> bool:
    """Pause (or resume) the reminders of an item; True when it changed, False when the item was
    already in that state (then nothing is written). One audit entry, ``item.reminders_pause`` or
    ``item.reminders_resume``. Refusals: ``WorkflowError("jdw_not_admin")`` unless the actor holds
    the admin role now, ``WorkflowError("item_not_found")`` for an unknown item."""
    async with services.db.transaction() as conn:
        if not await services.users.has_role(actor_id, ADMIN_ROLE):
            raise WorkflowError("jdw_not_admin")
        item = await services.items.get(item_id)
        if item is None:
            raise WorkflowError("item_not_found")
        if item.reminders_paused == paused:
            return False
        await services.items.update(conn, item_id, reminders_paused=paused, at=services.clock.now())
        await services.audit.append(
            conn,
            actor_id=actor_id,
            action=PAUSE_ACTION if paused else RESUME_ACTION,
            entity_type="item",
            entity_id=item_id,
            details={"old": item.reminders_paused, "new": paused},
        )
    return True
