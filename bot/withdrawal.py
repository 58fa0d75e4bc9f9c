"""Withdrawing a publication ("Tarik publikasi"): the operator or PPID Utama takes a published post
back, with a required reason.

The withdrawal is ONE transaction with ONE audit entry: the publication is marked withdrawn (it
stays in the table, so the history keeps it), the item's last publication date falls back to its
latest publication not withdrawn (and a berkala item is due again: on the date the withdrawn cycle
served, or now), the public search forgets the item unless another publication still stands, and the
cycle's history gets a step 7 event with the reason. Every check guarding it is made inside the
transaction: the person still holds the role, and the publication exists and is not withdrawn yet
(a compare-and-set).

Telegram is never awaited inside the transaction: the handler deletes the channel messages after
the commit (`Withdrawal.messages`: every message the publication posted, recorded as they were
posted by `record_channel_messages`). Telegram refuses to delete messages older than 48 hours;
the withdrawal stands then and the person is told to delete them by hand. A corrected version is
published through a new cycle, opened as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.public_search import refresh_item
from bot.services import Services
from bot.staff import Person
from bot.workflow import WorkflowError, required_reason
from storage.cycles import Cycle, Publication
from storage.items import InfoItem

WITHDRAWER_ROLES = frozenset({"operator", "utama"})


@dataclass(frozen=True)
class Withdrawal:
    """A committed withdrawal: what was withdrawn, and the channel messages to delete now."""

    cycle: Cycle
    item: InfoItem
    publication: Publication
    reason: str
    messages: list[tuple[int, int]]  # (chat id, message id)
    notify: list[int]  # the other operators and PPID Utama, to be told


def may_withdraw(person: Person) -> bool:
    return bool(person.roles & WITHDRAWER_ROLES)


def _require_withdrawer(person: Person) -> None:
    if not may_withdraw(person):
        raise WorkflowError("withdraw_not_allowed")


async def record_channel_messages(services: Services, cycle_id: int, chat_id: int, message_ids: list[int]) -> None:
    """Remember the messages a publication posted (committed at once: the post is already out)."""
    async with services.db.transaction() as conn:
        await services.cycles.add_channel_messages(
            conn, cycle_id=cycle_id, chat_id=chat_id, message_ids=message_ids, at=services.clock.now()
        )


async def withdrawable(services: Services, person: Person, cycle_id: int) -> tuple[Cycle, InfoItem, Publication]:
    """The cycle, item and publication `person` may withdraw now; else WorkflowError."""
    _require_withdrawer(person)
    cycle, item = await services.workflow.cycle_with_item(cycle_id)
    publication = await services.cycles.publication(cycle.id)
    if publication is None:
        raise WorkflowError("not_published")
    if publication.is_withdrawn:
        raise WorkflowError("already_withdrawn")
    return cycle, item, publication


async def withdrawable_cycles(services: Services, person: Person, item_id: int) -> list[int]:
    """The ids of the item's cycles whose publication `person` may withdraw now."""
    if not may_withdraw(person):
        return []
    return [publication.cycle_id for publication in await services.cycles.live_publications_of(item_id)]


async def withdraw(services: Services, person: Person, cycle_id: int, reason: str) -> Withdrawal:
    """Withdraw the cycle's publication with `reason` (required); see the module's docstring."""
    reason = required_reason(reason, too_short="withdraw_reason_too_short")
    _require_withdrawer(person)
    cycle, item = await services.workflow.cycle_with_item(cycle_id)
    step = services.sop.step_of_kind("publish")
    at = services.clock.now()
    async with services.db.transaction() as conn:
        if not await services.users.holds_any_role_on(conn, person.telegram_id, WITHDRAWER_ROLES):
            raise WorkflowError("withdraw_not_allowed")  # the role was taken away meanwhile
        publication = await services.cycles.withdraw_publication(
            conn, cycle.id, withdrawn_by=person.telegram_id, reason=reason, at=at
        )
        if publication is None:
            existing = await services.cycles.publication_on(conn, cycle.id)
            raise WorkflowError("not_published" if existing is None else "already_withdrawn")
        latest = await services.cycles.latest_live_publication_at(conn, item.id)
        next_due = item.next_due_at
        if cycle.kind == "berkala" and (latest is None or latest < publication.published_at):
            # The period this cycle served is not announced after all: due again (now, when the
            # cycle served no due date).
            next_due = cycle.due_at or at
        await services.items.set_publication_dates(conn, item.id, last_published_at=latest, next_due_at=next_due, at=at)
        await refresh_item(conn, services, item.id)  # the public search forgets it, unless another stands
        await services.cycles.add_event(
            conn, cycle_id=cycle.id, step_no=step.no, action="publication_withdrawn", actor_id=person.telegram_id,
            at=at, note=reason,
        )
        await services.audit.append(
            conn, actor_id=person.telegram_id, action="publication.withdraw", entity_type="cycle",
            entity_id=cycle.id, details={"reason": reason, "item_id": item.id, "publication_id": publication.id},
        )
    messages = await services.cycles.channel_messages(cycle.id)
    if not messages and publication.channel_message_id > 0:
        messages = [(publication.channel_chat_id, publication.channel_message_id)]
    holders = [
        *await services.workflow.holders("operator"),
        *await services.workflow.holders("utama"),
    ]
    notify = [user_id for user_id in dict.fromkeys(holders) if user_id != person.telegram_id]
    return Withdrawal(cycle, await services.workflow.item(item.id), publication, reason, messages, notify)
