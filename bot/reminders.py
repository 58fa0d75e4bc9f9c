"""The reminder sweep: open cycles that fall due, and decide who must be reminded of what, now.

Nobody at the office has to remember a due date. Every sweep, from the database alone:
- a berkala item whose due date is within the lead time (AUTO_OPEN_LEAD_DAYS) gets its cycle
  opened, and the operator is told, in working hours (`bot.workdays`);
- whoever holds a berkala step is reminded REMIND_DAYS_BEFORE working days before its deadline,
  on the day, and every working day while it is late; after ESCALATE_AFTER_DAYS working days late
  the reminder also goes to PPID Utama and the admins. These wait for working hours;
- a serta merta step is reminded every hour, and escalated every hour once late, day and night;
- a berkala item not published for 6 months (the legal maximum) is flagged to the admins monthly;
- an exempt item whose exemption period has ended is told to the admins once (it must be
  re-tested: the consequence test, `bot.exemption`), in working hours;
- in February and in March each admin is reminded once (per month) that the yearly report of the
  year before is due to the Information Commission by the end of March (Perki 1/2021;
  `/laporan_tahunan`), in working hours.

Each reminder has a unique key (who, cycle, item, step, kind, slot) and is claimed in the database
before it is sent, so none is sent twice, restart included; a claimed one that was not sent yet
(the bot stopped, Telegram was down) is sent by the next sweep. Everything due for one person goes
out as one digest. The Telegram side (the digest's text and buttons) is `handlers.reminders`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from bot.contacts import contact_names, contacts_of
from bot.services import Services
from bot.workdays import add_months
from bot.workflow import FAST_PATH_STARTERS, WorkflowError, step_holders
from storage.reminders import OpenStep, ReminderKey, ReminderRepository

LOG = logging.getLogger(__name__)

STALE_AFTER_MONTHS = 6  # UU 14/2008 and Perki 1/2021: berkala information at least every 6 months
ESCALATION_ROLES = ("utama", "admin")
ESCALATION_KINDS = ("escalation", "hourly_escalation")  # the reminders that name the step's holders
EXEMPTION_ENDED = "exemption_ended"  # an exempt item's period is over: the admins re-test it
YEARLY_REPORT_DUE = "yearly_report_due"  # the yearly report is due by the end of March
YEARLY_REPORT_MONTHS = (2, 3)  # the months the admins are reminded of it


@dataclass(frozen=True)
class Reminder:
    """One claimed reminder, with what its line in the digest says. `holders`: of an escalation,
    who holds the late step and how to reach them (`bot.contacts`)."""

    id: int
    key: ReminderKey
    summary: str
    step_no: int | None = None
    deadline: datetime | None = None
    days: int = 0
    item_id: int | None = None
    holders: tuple[str, ...] = ()


@dataclass
class SweepResult:
    """What one sweep found to send, per recipient, and the cycles it opened."""

    digests: dict[int, list[Reminder]] = field(default_factory=dict)
    opened_cycles: list[int] = field(default_factory=list)


class ReminderEngine:
    """Plans and claims reminders; one per process, on `Services.reminders`."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.repository = ReminderRepository(services.db)
        # One sweep at a time, from claiming to marking sent: a second sweep must not take the
        # first one's claimed-but-not-yet-sent reminders for leftovers and send them again.
        self.running = asyncio.Lock()

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        return self.services.settings

    async def sweep(self) -> SweepResult:
        """Open what falls due, then claim every reminder due now; returns the digests to send."""
        now = self.services.clock.now()
        result = SweepResult()
        result.opened_cycles = await self._open_due_cycles(now)
        holders = await self._holders()
        planned: list[tuple[ReminderKey, dict[str, object]]] = []
        steps = await self.repository.open_steps()
        # A draft is not its preparers' to verify (one who is PPID Utama too): no reminder of it,
        # unless the law's serta merta exception makes it theirs (`Workflow.sole_sender_verifies`).
        verify = self.services.sop.step_of_kind("verify").no
        preparers = await self.services.documents.preparers_of_submitted(
            [step.cycle_id for step in steps if step.step_no == verify]
        )
        authors = await self._fast_path_authors(steps, holders)
        steps = [replace(step, author_id=authors.get(step.cycle_id)) for step in steps]
        for step in steps:
            prepared = preparers.get(step.cycle_id, set()) if step.step_no == verify else set()
            not_theirs = {
                user_id for user_id in prepared
                if not await self.services.workflow.sole_sender_verifies(step.cycle_id, user_id, prepared)
            }
            planned += [
                (key, detail)
                for key, detail in self._plan_step(step, now, holders, step.cycle_id in result.opened_cycles)
                if key.recipient_id not in not_theirs
            ]
        planned += await self._plan_stale(now, holders)
        planned += await self._plan_exemption_ends(now, holders)
        planned += self._plan_yearly_report(now, holders)
        planned = await self._name_holders(planned)
        async with self.services.db.transaction() as conn:
            fresh_keys = await self.repository.claim_many(conn, [key for key, _ in planned], at=now)
        claimed = [
            Reminder(0, key, **detail)  # type: ignore[arg-type]
            for (key, detail), fresh in zip(planned, fresh_keys, strict=True)
            if fresh
        ]
        # Everything claimed and not yet sent, this sweep's and any left over, goes out now.
        fresh = {reminder.key: reminder for reminder in claimed}
        for stored in await self.repository.pending():
            reminder = fresh.get(stored.key) or await self._describe(stored.key, now)
            if reminder is None:
                async with self.services.db.transaction() as conn:
                    await self.repository.mark_dropped(conn, [stored.id], "obsolete")
                continue
            result.digests.setdefault(stored.key.recipient_id, []).append(replace(reminder, id=stored.id, key=stored.key))
        return result

    async def mark_sent(self, reminders: list[Reminder]) -> None:
        async with self.services.db.transaction() as conn:
            await self.repository.mark_sent(conn, [r.id for r in reminders], at=self.services.clock.now())

    async def mark_dropped(self, reminders: list[Reminder], reason: str) -> None:
        async with self.services.db.transaction() as conn:
            await self.repository.mark_dropped(conn, [r.id for r in reminders], reason)

    # -- opening cycles ----------------------------------------------------------------------

    async def _open_due_cycles(self, now: datetime) -> list[int]:
        """Open the cycles of berkala items due within the lead time, in office hours only.

        Like a reminder, an opening waits for a working day's office hours (a weekend, a holiday
        or a cuti bersama day, an evening): it happens at the first sweep of the next working
        morning, so the cycle's step starts, and its deadline is counted, from then, and the
        operator is told then."""
        if not self.services.calendar.within_working_hours(now):
            return []
        lead = timedelta(days=self.settings.auto_open_lead_days)
        opened: list[int] = []
        for item_id in await self.repository.items_to_open(now + lead):
            try:
                transition = await self.services.workflow.open_cycle(None, item_id)
            except WorkflowError as error:
                LOG.info("item %s not opened automatically: %s", item_id, error.key)
                continue
            opened.append(transition.cycle.id)
        return opened

    # -- who holds what ----------------------------------------------------------------------

    async def _holders(self) -> dict[tuple[str, int | None], list[int]]:
        """Reachable holders of each role (PPID Pelaksana per unit), read once per sweep."""
        holders: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        blocked = {
            int(row[0]) for row in await self.services.db.fetch_all("SELECT telegram_id FROM users WHERE blocked_at IS NOT NULL")
        }
        for role in ("admin", "operator", "pelaksana", "utama"):
            for grant in await self.services.users.role_holders(role):  # type: ignore[arg-type]
                if grant.telegram_id in blocked:
                    continue
                key = (role, grant.unit_id if role == "pelaksana" else None)
                if grant.telegram_id not in holders[key]:
                    holders[key].append(grant.telegram_id)
        return holders

    async def _fast_path_authors(
        self, steps: list[OpenStep], holders: dict[tuple[str, int | None], list[int]]
    ) -> dict[int, int]:
        """The returned /sertamerta cycles among `steps` whose author holds their draft step
        (`Workflow.fast_path_author`: they still hold a starter role, and are reachable)."""
        draft = self.services.sop.step_of_kind("prepare_draft").no
        cycles = [await self.services.workflow.cycle(step.cycle_id) for step in steps if step.step_no == draft]
        authors = await self.services.workflow.fast_path_authors(cycles)
        starters = {uid for role in FAST_PATH_STARTERS for uid in holders.get((role, None), [])}
        return {cycle_id: author for cycle_id, author in authors.items() if author in starters}

    def _actors(self, step: OpenStep, holders: dict[tuple[str, int | None], list[int]]) -> list[int]:
        role = self.services.sop.step(step.step_no).actor
        role_holders = holders.get((role, step.unit_id if role == "pelaksana" else None), [])
        return step_holders(role_holders, step.assignee_id, step.author_id)

    @staticmethod
    def _escalation(holders: dict[tuple[str, int | None], list[int]]) -> list[int]:
        return list(dict.fromkeys(uid for role in ESCALATION_ROLES for uid in holders.get((role, None), [])))

    # -- planning ----------------------------------------------------------------------------

    def _plan_step(
        self, step: OpenStep, now: datetime, holders: dict[tuple[str, int | None], list[int]], just_opened: bool
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        if step.paused:
            return []
        detail: dict[str, object] = {
            "summary": step.summary, "step_no": step.step_no, "deadline": step.deadline, "item_id": step.item_id
        }
        if just_opened:  # opened by this sweep: its step holders are told, nothing more yet
            slot = step.step_started_at.isoformat()
            return [(self._key(uid, "cycle_opened", step, slot), detail) for uid in self._actors(step, holders)]
        if step.deadline is None:
            return []
        if step.kind == "serta_merta":
            return self._plan_hourly(step, now, holders, detail)
        return self._plan_working_days(step, now, holders, detail)

    def _plan_working_days(
        self, step: OpenStep, now: datetime, holders: dict[tuple[str, int | None], list[int]], detail: dict[str, object]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        calendar = self.services.calendar
        assert step.deadline is not None
        if not calendar.is_working_day(calendar.local(now).date()) or not calendar.within_working_hours(now):
            return []  # berkala reminders wait for the next working morning
        deadline_key = step.deadline.isoformat()
        planned: list[tuple[ReminderKey, dict[str, object]]] = []
        if now <= step.deadline:
            if calendar.local(step.step_started_at).date() == calendar.local(now).date():
                return []  # told today when the step started; reminders begin tomorrow
            days_left = calendar.working_days_between(now, step.deadline)
            if days_left in self.settings.remind_days_before:
                kind, slot = f"before_{days_left}", deadline_key
            elif days_left == 0:
                kind, slot = "due", deadline_key
            else:
                return []
            return [
                (self._key(uid, kind, step, slot), {**detail, "days": days_left}) for uid in self._actors(step, holders)
            ]
        days_late = calendar.working_days_between(step.deadline, now)
        if days_late < 1:
            return []
        slot = f"{deadline_key}/{calendar.local(now).date().isoformat()}"
        late = {**detail, "days": days_late}
        planned += [(self._key(uid, "overdue", step, slot), late) for uid in self._actors(step, holders)]
        if days_late >= self.settings.escalate_after_days:
            late = {**late, "holders": tuple(self._actors(step, holders))}
            planned += [(self._key(uid, "escalation", step, slot), late) for uid in self._escalation(holders)]
        return planned

    def _plan_hourly(
        self, step: OpenStep, now: datetime, holders: dict[tuple[str, int | None], list[int]], detail: dict[str, object]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        assert step.deadline is not None
        hours = int((now - step.step_started_at) / timedelta(hours=1))
        if hours < 1:
            return []  # the step holders were just told
        slot = f"{step.step_started_at.isoformat()}#{hours}"
        planned = [(self._key(uid, "hourly", step, slot), detail) for uid in self._actors(step, holders)]
        if now > step.deadline:
            late_hours = {
                **detail, "days": int((now - step.deadline) / timedelta(hours=1)), "holders": tuple(self._actors(step, holders))
            }
            planned += [(self._key(uid, "hourly_escalation", step, slot), late_hours) for uid in self._escalation(holders)]
        return planned

    async def _plan_stale(
        self, now: datetime, holders: dict[tuple[str, int | None], list[int]]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        calendar = self.services.calendar
        if not calendar.within_working_hours(now) or not calendar.is_working_day(calendar.local(now).date()):
            return []
        local = calendar.local(now)
        limit = calendar.at_local(add_months(local.date(), -STALE_AFTER_MONTHS), local.time())
        month = local.strftime("%Y-%m")
        planned: list[tuple[ReminderKey, dict[str, object]]] = []
        for item in await self.repository.stale_items(limit):
            detail: dict[str, object] = {"summary": item.summary, "deadline": item.last_published_at}
            planned += [
                (ReminderKey(uid, "item_stale", month, None, item.item_id, None), detail)
                for uid in holders.get(("admin", None), [])
            ]
        return planned

    async def _plan_exemption_ends(
        self, now: datetime, holders: dict[tuple[str, int | None], list[int]]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        """Each admin, once per exempt item and period end (the key's slot is the end date)."""
        calendar = self.services.calendar
        if not calendar.within_working_hours(now) or not calendar.is_working_day(calendar.local(now).date()):
            return []
        planned: list[tuple[ReminderKey, dict[str, object]]] = []
        for item in await self.services.items.exemptions_ended(calendar.local(now).date()):
            assert item.exemption is not None
            until = item.exemption.until
            detail: dict[str, object] = {
                "summary": item.summary, "deadline": calendar.at_local(until, time(23, 59)), "item_id": item.id,
            }
            planned += [
                (ReminderKey(uid, EXEMPTION_ENDED, until.isoformat(), None, item.id, None), detail)
                for uid in holders.get(("admin", None), [])
            ]
        return planned

    def _yearly_report_due(self, month_key: str) -> dict[str, object]:
        """The digest line's details of the reminder of month `month_key` ("2027-02"): the report's
        year (as the summary) and its deadline, the end of March."""
        year = int(month_key[:4])
        return {"summary": str(year - 1), "deadline": self.services.calendar.at_local(date(year, 3, 31), time(23, 59))}

    def _plan_yearly_report(
        self, now: datetime, holders: dict[tuple[str, int | None], list[int]]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        """Each admin, once in February and once in March (the key's slot is the month)."""
        calendar = self.services.calendar
        local = calendar.local(now)
        if local.month not in YEARLY_REPORT_MONTHS:
            return []
        if not calendar.within_working_hours(now) or not calendar.is_working_day(local.date()):
            return []
        month = local.strftime("%Y-%m")
        detail = self._yearly_report_due(month)
        return [(ReminderKey(uid, YEARLY_REPORT_DUE, month), detail) for uid in holders.get(("admin", None), [])]

    async def _name_holders(
        self, planned: list[tuple[ReminderKey, dict[str, object]]]
    ) -> list[tuple[ReminderKey, dict[str, object]]]:
        """Each escalation's holders (ids when planned) by their Telegram names, read in one go."""
        wanted = [uid for _, detail in planned for uid in detail.get("holders", ())]  # type: ignore[attr-defined]
        if not wanted:
            return planned
        names = await contacts_of(self.services, wanted)
        named: list[tuple[ReminderKey, dict[str, object]]] = []
        for key, detail in planned:
            if "holders" in detail:
                detail = {**detail, "holders": tuple(names[uid] for uid in detail["holders"])}  # type: ignore[attr-defined]
            named.append((key, detail))
        return named

    @staticmethod
    def _key(recipient_id: int, kind: str, step: OpenStep, slot: str) -> ReminderKey:
        return ReminderKey(recipient_id, kind, slot, step.cycle_id, None, step.step_no)

    # -- describing a leftover ---------------------------------------------------------------

    async def _describe(self, key: ReminderKey, now: datetime) -> Reminder | None:
        """The digest line of a reminder claimed earlier; None when it no longer applies."""
        if key.cycle_id is not None:
            cycle = await self.services.cycles.get(key.cycle_id)
            if cycle is None or not cycle.is_open or cycle.current_step != key.step_no:
                return None
            item = await self.services.items.get(cycle.item_id)
            if item is None:
                return None
            if not key.kind.endswith("escalation") and key.recipient_id not in await self.services.workflow.holders_of_step(
                cycle.current_step, item
            ):
                return None  # the step was handed to a colleague (or the role taken away) meanwhile
            days = 0
            if cycle.step_deadline_at is not None and now > cycle.step_deadline_at:
                days = self.services.calendar.working_days_between(cycle.step_deadline_at, now)
            holders: tuple[str, ...] = ()
            if key.kind in ESCALATION_KINDS:
                holders = tuple(await contact_names(self.services, await self.services.workflow.actors_of_step(cycle, item)))
            return Reminder(0, key, item.summary, cycle.current_step, cycle.step_deadline_at, days, item.id, holders)
        if key.kind == EXEMPTION_ENDED and key.item_id is not None:
            item = await self.services.items.get(key.item_id)
            exemption = item.exemption if item is not None and item.category == "dikecualikan" else None
            if item is None or not item.active or exemption is None or exemption.until.isoformat() != key.due_key:
                return None  # re-tested or re-classified meanwhile
            deadline = self.services.calendar.at_local(exemption.until, time(0))
            return Reminder(0, key, item.summary, None, deadline, item_id=item.id)
        if key.item_id is not None:
            item = await self.services.items.get(key.item_id)
            return None if item is None else Reminder(0, key, item.summary, None, item.last_published_at, item_id=item.id)
        if key.kind == YEARLY_REPORT_DUE:
            if self.services.calendar.local(now).strftime("%Y-%m") != key.due_key:
                return None  # its month is over: the next month's reminder (or none) says it
            detail = self._yearly_report_due(key.due_key)
            return Reminder(0, key, str(detail["summary"]), deadline=detail["deadline"])  # type: ignore[arg-type]
        return None
