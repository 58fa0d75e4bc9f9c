"""Reminders (table `reminders`) and the reads the reminder sweep needs.

A reminder is claimed (inserted, unique per recipient, cycle, item, step, kind and slot) before it
is sent and marked sent after; a claimed reminder that was never sent (a crash, Telegram down) is
`pending` and is sent by the next sweep. The sweep's reads use the partial indexes of the schema,
so their cost follows the number of due things, not the size of the register.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database, execute_each
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none

__all__ = ["OpenStep", "ReminderKey", "ReminderRepository", "StaleItem", "StoredReminder"]


@dataclass(frozen=True)
class ReminderKey:
    """What makes a reminder unique: who, about what, which kind, for which slot."""

    recipient_id: int
    kind: str
    due_key: str
    cycle_id: int | None = None
    item_id: int | None = None
    step_no: int | None = None


@dataclass(frozen=True)
class StoredReminder:
    """A claimed reminder."""

    id: int
    key: ReminderKey
    claimed_at: datetime
    sent_at: datetime | None
    dropped: str | None


@dataclass(frozen=True)
class OpenStep:
    """An open cycle's current step, with what reminders need of its item."""

    cycle_id: int
    item_id: int
    unit_id: int
    summary: str
    kind: str
    step_no: int
    step_started_at: datetime
    deadline: datetime | None
    paused: bool
    assignee_id: int | None = None  # the one person the step was handed to, if any
    author_id: int | None = None  # a returned /sertamerta's author, who alone holds its draft step (bot.reminders)


@dataclass(frozen=True)
class StaleItem:
    """A berkala item not published for too long."""

    item_id: int
    summary: str
    last_published_at: datetime | None


def _stored(row: aiosqlite.Row) -> StoredReminder:
    return StoredReminder(
        id=int(row["id"]),
        key=ReminderKey(
            recipient_id=int(row["recipient_id"]),
            kind=row["kind"],
            due_key=row["due_key"],
            cycle_id=row["cycle_id"],
            item_id=row["item_id"],
            step_no=row["step_no"],
        ),
        claimed_at=parse_utc(row["claimed_at"]),
        sent_at=parse_utc_or_none(row["sent_at"]),
        dropped=row["dropped"],
    )


class ReminderRepository:
    """Access to ``reminders`` and the sweep's reads of cycles and items."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- claiming and marking --------------------------------------------------------------

    async def claim(self, conn: aiosqlite.Connection, key: ReminderKey, *, at: datetime) -> bool:
        """Claim a reminder; False when it was claimed before (it is never sent twice)."""
        return (await self.claim_many(conn, [key], at=at)) == [True]

    async def claim_many(self, conn: aiosqlite.Connection, keys: Iterable[ReminderKey], *, at: datetime) -> list[bool]:
        """Claim each reminder, in order, in one trip to the database; True for each newly claimed.

        The sweep re-plans every reminder due for the work in progress at each run, so most are
        already claimed: one trip for all of them instead of two per reminder.
        """
        claimed_at = format_utc(at)
        counts = await execute_each(
            conn,
            "INSERT INTO reminders (cycle_id, item_id, step_no, recipient_id, kind, due_key, claimed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(k.cycle_id, k.item_id, k.step_no, k.recipient_id, k.kind, k.due_key, claimed_at) for k in keys],
        )
        return [count == 1 for count in counts]

    async def mark_sent(self, conn: aiosqlite.Connection, reminder_ids: Iterable[int], *, at: datetime) -> None:
        await conn.executemany(
            "UPDATE reminders SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            [(format_utc(at), reminder_id) for reminder_id in reminder_ids],
        )

    async def mark_dropped(self, conn: aiosqlite.Connection, reminder_ids: Iterable[int], reason: str) -> None:
        await conn.executemany(
            "UPDATE reminders SET dropped = ? WHERE id = ? AND sent_at IS NULL",
            [(reason, reminder_id) for reminder_id in reminder_ids],
        )

    async def pending(self) -> list[StoredReminder]:
        """Claimed reminders neither sent nor dropped, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM reminders WHERE sent_at IS NULL AND dropped IS NULL ORDER BY id"
        )
        return [_stored(row) for row in rows]

    async def all(self) -> list[StoredReminder]:
        rows = await self._db.fetch_all("SELECT * FROM reminders ORDER BY id")
        return [_stored(row) for row in rows]

    # -- what the sweep reads --------------------------------------------------------------

    async def open_steps(self) -> list[OpenStep]:
        """Every open cycle's current step with its deadline and item."""
        rows = await self._db.fetch_all(
            "SELECT c.id AS cycle_id, c.item_id, c.kind, c.current_step, c.step_started_at, c.step_deadline_at,"
            " c.assignee_id, i.unit_id, i.summary, i.reminders_paused"
            " FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id WHERE c.state = 'open'"
            " ORDER BY c.id"
        )
        return [
            OpenStep(
                cycle_id=int(row["cycle_id"]),
                item_id=int(row["item_id"]),
                unit_id=int(row["unit_id"]),
                summary=row["summary"],
                kind=row["kind"],
                step_no=int(row["current_step"]),
                step_started_at=parse_utc(row["step_started_at"]),
                deadline=parse_utc_or_none(row["step_deadline_at"]),
                paused=bool(row["reminders_paused"]),
                assignee_id=row["assignee_id"],
            )
            for row in rows
        ]

    async def items_to_open(self, due_before: datetime, limit: int = 500) -> list[int]:
        """Active, unpaused berkala items due by `due_before` that have no open cycle."""
        rows = await self._db.fetch_all(
            "SELECT i.id FROM info_items AS i"
            " WHERE i.status = 'active' AND i.next_due_at IS NOT NULL AND i.next_due_at <= ?"
            " AND i.category = 'berkala' AND i.reminders_paused = 0"
            " AND NOT EXISTS (SELECT 1 FROM update_cycles AS c WHERE c.item_id = i.id AND c.state = 'open')"
            " ORDER BY i.next_due_at, i.id LIMIT ?",
            (format_utc(due_before), limit),
        )
        return [int(row["id"]) for row in rows]

    async def stale_items(self, published_before: datetime, limit: int = 200) -> list[StaleItem]:
        """Active, unpaused berkala items last published (or, never published, registered) before the date."""
        rows = await self._db.fetch_all(
            "SELECT id, summary, last_published_at FROM info_items"
            " WHERE status = 'active' AND category = 'berkala' AND reminders_paused = 0"
            " AND IFNULL(last_published_at, created_at) < ? ORDER BY IFNULL(last_published_at, created_at), id LIMIT ?",
            (format_utc(published_before), limit),
        )
        return [
            StaleItem(int(row["id"]), row["summary"], parse_utc_or_none(row["last_published_at"])) for row in rows
        ]
