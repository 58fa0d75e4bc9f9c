"""Update cycles and what happens in them: step events, coordination, reviews, publications.

The cycle is the aggregate: one run of the SOP for one information item. Its history
(`step_events`) read in order is the filled-in SOP table. Moving a cycle is a compare-and-set on
its current step, so two people acting at once can never both move it.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from storage.database import (
    Database,
    execute_each,
    execute_later,
    fetch_first,
    fetch_first_of_each,
    write_statement,
)
from storage.items import InfoItem, item_from_row
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none, utc_now

__all__ = [
    "Coordination",
    "Cycle",
    "CycleKind",
    "CycleRepository",
    "CycleState",
    "Publication",
    "Review",
    "StepEvent",
]

CycleKind = Literal["berkala", "serta_merta"]
CycleState = Literal["open", "published", "cancelled"]
Decision = Literal["approved", "returned", "recategorised"]


@dataclass(frozen=True)
class Cycle:
    """One run of the SOP for one item."""

    id: int
    item_id: int
    kind: CycleKind
    current_step: int
    state: CycleState
    opened_by: int | None
    opened_at: datetime
    step_started_at: datetime
    step_deadline_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None = None  # the due date a berkala cycle serves (None: serta merta, or unknown)
    # the one person an admin handed the current step to (None: every holder of its role holds it)
    assignee_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class StepEvent:
    """Something that happened at a step: who, when, with which Kelengkapan and Output."""

    id: int
    cycle_id: int
    step_no: int
    action: str
    actor_id: int | None
    at: datetime
    kelengkapan: str | None
    output: str | None
    note: str | None
    on_time: bool | None


@dataclass(frozen=True)
class Coordination:
    """A coordination letter sent to one PPID Pelaksana, and when they acknowledged it."""

    id: int
    cycle_id: int
    letter_document_id: int | None
    asked_user_id: int
    asked_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class Review:
    """A decision of PPID Utama on one draft version."""

    id: int
    cycle_id: int
    draft_version: int
    reviewer_id: int
    decision: Decision
    category: str | None
    legal_basis: str | None
    reason: str | None
    decided_at: datetime


@dataclass(frozen=True)
class Publication:
    """The post of a cycle's document in the public channel."""

    id: int
    cycle_id: int
    item_id: int
    channel_chat_id: int
    channel_message_id: int
    published_by: int
    published_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: int | None = None
    withdrawal_reason: str | None = None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def _cycle(row: aiosqlite.Row) -> Cycle:
    return Cycle(
        id=int(row["id"]),
        item_id=int(row["item_id"]),
        kind=row["kind"],
        current_step=int(row["current_step"]),
        state=row["state"],
        opened_by=row["opened_by"],
        opened_at=parse_utc(row["opened_at"]),
        step_started_at=parse_utc(row["step_started_at"]),
        step_deadline_at=parse_utc_or_none(row["step_deadline_at"]),
        closed_at=parse_utc_or_none(row["closed_at"]),
        due_at=parse_utc_or_none(row["due_at"]),
        assignee_id=row["assignee_id"],
    )


def _event(row: aiosqlite.Row) -> StepEvent:
    return StepEvent(
        id=int(row["id"]),
        cycle_id=int(row["cycle_id"]),
        step_no=int(row["step_no"]),
        action=row["action"],
        actor_id=row["actor_id"],
        at=parse_utc(row["at"]),
        kelengkapan=row["kelengkapan"],
        output=row["output"],
        note=row["note"],
        on_time=None if row["on_time"] is None else bool(row["on_time"]),
    )


def _coordination(row: aiosqlite.Row) -> Coordination:
    return Coordination(
        id=int(row["id"]),
        cycle_id=int(row["cycle_id"]),
        letter_document_id=row["letter_document_id"],
        asked_user_id=int(row["asked_user_id"]),
        asked_at=parse_utc(row["asked_at"]),
        acknowledged_at=parse_utc_or_none(row["acknowledged_at"]),
    )


def _review(row: aiosqlite.Row) -> Review:
    return Review(
        id=int(row["id"]),
        cycle_id=int(row["cycle_id"]),
        draft_version=int(row["draft_version"]),
        reviewer_id=int(row["reviewer_id"]),
        decision=row["decision"],
        category=row["category"],
        legal_basis=row["legal_basis"],
        reason=row["reason"],
        decided_at=parse_utc(row["decided_at"]),
    )


def _publication(row: aiosqlite.Row) -> Publication:
    return Publication(
        id=int(row["id"]),
        cycle_id=int(row["cycle_id"]),
        item_id=int(row["item_id"]),
        channel_chat_id=int(row["channel_chat_id"]),
        channel_message_id=int(row["channel_message_id"]),
        published_by=int(row["published_by"]),
        published_at=parse_utc(row["published_at"]),
        withdrawn_at=parse_utc_or_none(row["withdrawn_at"]),
        withdrawn_by=row["withdrawn_by"],
        withdrawal_reason=row["withdrawal_reason"],
    )


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else format_utc(moment)


class CycleRepository:
    """Access to ``update_cycles`` and the tables that record what happens in a cycle."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now

    # -- the cycle -------------------------------------------------------------------------

    async def open(
        self,
        conn: aiosqlite.Connection,
        *,
        item_id: int,
        kind: CycleKind,
        opened_by: int | None,
        at: datetime,
        step: int,
        step_deadline_at: datetime | None,
        due_at: datetime | None = None,
    ) -> Cycle:
        """Open a cycle at `step`; ``sqlite3.IntegrityError`` if the item already has an open one.

        `due_at`: the due date the cycle serves (a berkala item's next_due_at when it opens).
        """
        row = await fetch_first(
            conn,
            "INSERT INTO update_cycles (item_id, kind, current_step, opened_by, opened_at, step_started_at,"
            " step_deadline_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (item_id, kind, step, opened_by, format_utc(at), format_utc(at), _text(step_deadline_at), _text(due_at)),
        )
        assert row is not None
        return _cycle(row)

    async def move(
        self,
        conn: aiosqlite.Connection,
        cycle_id: int,
        *,
        from_step: int,
        to_step: int,
        at: datetime,
        step_deadline_at: datetime | None,
    ) -> Cycle | None:
        """Move an open cycle from `from_step` to `to_step`: the cycle as it is now, or None if it
        is not at `from_step` any more. A hand-over of the step ends here (no assignee)."""
        row = await fetch_first(
            conn,
            "UPDATE update_cycles SET current_step = ?, step_started_at = ?, step_deadline_at = ?, assignee_id = NULL"
            " WHERE id = ? AND current_step = ? AND state = 'open' RETURNING *",
            (to_step, format_utc(at), _text(step_deadline_at), cycle_id, from_step),
        )
        return None if row is None else _cycle(row)

    async def close(
        self, conn: aiosqlite.Connection, cycle_id: int, *, from_step: int, state: CycleState, at: datetime
    ) -> Cycle | None:
        """Close an open cycle that is at `from_step`: the closed cycle, or None if it is not at
        that step any more."""
        row = await fetch_first(
            conn,
            "UPDATE update_cycles SET state = ?, closed_at = ?, step_deadline_at = NULL, assignee_id = NULL"
            " WHERE id = ? AND current_step = ? AND state = 'open' RETURNING *",
            (state, format_utc(at), cycle_id, from_step),
        )
        return None if row is None else _cycle(row)

    async def assign(
        self, conn: aiosqlite.Connection, cycle_id: int, *, at_step: int, assignee_id: int | None
    ) -> Cycle | None:
        """Hand the current step of an open cycle that is at `at_step` to `assignee_id` (None: back
        to every holder of its role): the cycle as it is now, or None if it is not at that step."""
        row = await fetch_first(
            conn,
            "UPDATE update_cycles SET assignee_id = ? WHERE id = ? AND current_step = ? AND state = 'open' RETURNING *",
            (assignee_id, cycle_id, at_step),
        )
        return None if row is None else _cycle(row)

    async def open_assigned_to(self, telegram_id: int) -> list[Cycle]:
        """The open cycles whose current step was handed to this person."""
        rows = await self._db.fetch_all(
            "SELECT * FROM update_cycles WHERE state = 'open' AND assignee_id = ? ORDER BY id", (telegram_id,)
        )
        return [_cycle(row) for row in rows]

    async def get(self, cycle_id: int) -> Cycle | None:
        row = await self._db.fetch_one("SELECT * FROM update_cycles WHERE id = ?", (cycle_id,))
        return None if row is None else _cycle(row)

    async def get_with_item(self, cycle_id: int) -> tuple[Cycle, InfoItem] | None:
        """The cycle and its item, read together (one trip); None when there is no such cycle."""
        cycle_row, item_row = await self._db.fetch_first_of_each(
            ("SELECT * FROM update_cycles WHERE id = ?", (cycle_id,)),
            ("SELECT * FROM info_items WHERE id = (SELECT item_id FROM update_cycles WHERE id = ?)", (cycle_id,)),
        )
        if cycle_row is None or item_row is None:
            return None
        return _cycle(cycle_row), item_from_row(item_row)

    async def open_for_item(self, item_id: int) -> Cycle | None:
        row = await self._db.fetch_one(
            "SELECT * FROM update_cycles WHERE item_id = ? AND state = 'open'", (item_id,)
        )
        return None if row is None else _cycle(row)

    async def for_item(self, item_id: int) -> list[Cycle]:
        """Every cycle of an item, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM update_cycles WHERE item_id = ? ORDER BY opened_at, id", (item_id,)
        )
        return [_cycle(row) for row in rows]

    async def item_ids_with_cycles(self, limit: int) -> list[int]:
        """Items that have had a cycle, the most recently opened first."""
        rows = await self._db.fetch_all(
            "SELECT item_id FROM update_cycles GROUP BY item_id ORDER BY MAX(opened_at) DESC, item_id LIMIT ?",
            (limit,),
        )
        return [int(row["item_id"]) for row in rows]

    async def open_at_steps(self, steps: list[int], *, unit_ids: list[int] | None = None) -> list[Cycle]:
        """Open cycles whose current step is one of `steps` (of items of `unit_ids`, if given)."""
        if not steps:
            return []
        sql = (
            "SELECT c.* FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id"
            f" WHERE c.state = 'open' AND c.current_step IN ({','.join('?' * len(steps))})"
        )
        params: list[Any] = list(steps)
        if unit_ids is not None:
            if not unit_ids:
                return []
            sql += f" AND i.unit_id IN ({','.join('?' * len(unit_ids))})"
            params += unit_ids
        rows = await self._db.fetch_all(sql + " ORDER BY c.step_deadline_at IS NULL, c.step_deadline_at, c.id", params)
        return [_cycle(row) for row in rows]

    # -- history ---------------------------------------------------------------------------

    async def add_event(
        self,
        conn: aiosqlite.Connection,
        *,
        cycle_id: int,
        step_no: int,
        action: str,
        actor_id: int | None,
        at: datetime,
        kelengkapan: str | None = None,
        output: str | None = None,
        note: str | None = None,
        on_time: bool | None = None,
    ) -> None:
        """Record what happened at a step (written with the transaction's next statement)."""
        await execute_later(
            conn,
            write_statement,
            "INSERT INTO step_events (cycle_id, step_no, action, actor_id, at, kelengkapan, output, note, on_time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cycle_id,
                step_no,
                action,
                actor_id,
                format_utc(at),
                kelengkapan,
                output,
                note,
                None if on_time is None else int(on_time),
            ),
        )

    async def events(self, cycle_id: int) -> list[StepEvent]:
        rows = await self._db.fetch_all("SELECT * FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle_id,))
        return [_event(row) for row in rows]

    async def draft_progress(self, cycle_id: int) -> tuple[Cycle, int, int] | None:
        """The cycle, the number of draft versions submitted so far, and the number of files the
        version being prepared holds, in one trip (inside a transaction: the check before a file
        is added). None when there is no such cycle."""
        cycle_row, counts = await self._db.fetch_first_of_each(
            ("SELECT * FROM update_cycles WHERE id = ?", (cycle_id,)),
            (
                "SELECT s.submitted, (SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'"
                " AND version = s.submitted + 1) AS files FROM (SELECT COUNT(*) AS submitted FROM step_events"
                " WHERE cycle_id = ? AND action = 'draft_submitted') AS s",
                (cycle_id, cycle_id),
            ),
        )
        if cycle_row is None or counts is None:
            return None
        return _cycle(cycle_row), int(counts["submitted"]), int(counts["files"])

    async def actors_of_action(self, cycle_ids: list[int], action: str) -> dict[int, int]:
        """For each of `cycle_ids` with an event of `action`: who did the first such event."""
        if not cycle_ids:
            return {}
        rows = await self._db.fetch_all(
            "SELECT e.cycle_id, e.actor_id FROM step_events AS e"
            f" WHERE e.action = ? AND e.actor_id IS NOT NULL AND e.cycle_id IN ({','.join('?' * len(cycle_ids))})"
            " ORDER BY e.id DESC",
            (action, *cycle_ids),
        )
        return {int(row[0]): int(row[1]) for row in rows}  # the first event last: it wins

    async def count_events(self, cycle_id: int, action: str) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM step_events WHERE cycle_id = ? AND action = ?", (cycle_id, action)
        )
        return int(value or 0)

    # -- coordination (step 2) -------------------------------------------------------------

    async def ask(
        self,
        conn: aiosqlite.Connection,
        *,
        cycle_id: int,
        letter_document_id: int | None,
        asked_user_ids: Sequence[int],
        at: datetime,
    ) -> list[Coordination]:
        """Record that each of these people was asked (one trip); their entries, in that order."""
        sql = "INSERT INTO coordination (cycle_id, letter_document_id, asked_user_id, asked_at) VALUES (?, ?, ?, ?) RETURNING *"
        moment = format_utc(at)
        rows = await fetch_first_of_each(
            conn, [(sql, (cycle_id, letter_document_id, user_id, moment)) for user_id in asked_user_ids]
        )
        return [_coordination(row) for row in rows]

    async def acknowledge(
        self, conn: aiosqlite.Connection, coordination_id: int, *, user_id: int, at: datetime
    ) -> Coordination | None:
        """Record the acknowledgement by the person asked; the updated entry, or None if already
        done or not theirs."""
        row = await fetch_first(
            conn,
            "UPDATE coordination SET acknowledged_at = ?"
            " WHERE id = ? AND asked_user_id = ? AND acknowledged_at IS NULL RETURNING *",
            (format_utc(at), coordination_id, user_id),
        )
        return None if row is None else _coordination(row)

    async def coordination(self, cycle_id: int) -> list[Coordination]:
        rows = await self._db.fetch_all("SELECT * FROM coordination WHERE cycle_id = ? ORDER BY id", (cycle_id,))
        return [_coordination(row) for row in rows]

    async def coordination_entry(self, coordination_id: int) -> Coordination | None:
        row = await self._db.fetch_one("SELECT * FROM coordination WHERE id = ?", (coordination_id,))
        return None if row is None else _coordination(row)

    async def unacknowledged_for(self, user_id: int) -> list[Coordination]:
        rows = await self._db.fetch_all(
            "SELECT k.* FROM coordination AS k JOIN update_cycles AS c ON c.id = k.cycle_id"
            " WHERE k.asked_user_id = ? AND k.acknowledged_at IS NULL AND c.state = 'open' ORDER BY k.id",
            (user_id,),
        )
        return [_coordination(row) for row in rows]

    # -- reviews (step 4) ------------------------------------------------------------------

    async def add_review(
        self,
        conn: aiosqlite.Connection,
        *,
        cycle_id: int,
        draft_version: int,
        reviewer_id: int,
        decision: Decision,
        at: datetime,
        category: str | None = None,
        legal_basis: str | None = None,
        reason: str | None = None,
    ) -> Review:
        """Record a decision; a second final decision on a version raises ``sqlite3.IntegrityError``."""
        row = await fetch_first(
            conn,
            "INSERT INTO reviews (cycle_id, draft_version, reviewer_id, decision, category, legal_basis, reason,"
            " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (cycle_id, draft_version, reviewer_id, decision, category, legal_basis, reason, format_utc(at)),
        )
        assert row is not None
        return _review(row)

    async def reviews(self, cycle_id: int) -> list[Review]:
        rows = await self._db.fetch_all("SELECT * FROM reviews WHERE cycle_id = ? ORDER BY id", (cycle_id,))
        return [_review(row) for row in rows]

    async def final_review(self, cycle_id: int, draft_version: int) -> Review | None:
        row = await self._db.fetch_one(
            "SELECT * FROM reviews WHERE cycle_id = ? AND draft_version = ? AND decision IN ('approved', 'returned')",
            (cycle_id, draft_version),
        )
        return None if row is None else _review(row)

    # -- publication (step 7) --------------------------------------------------------------

    async def add_publication(
        self,
        conn: aiosqlite.Connection,
        *,
        cycle_id: int,
        item_id: int,
        channel_chat_id: int,
        channel_message_id: int,
        published_by: int,
        at: datetime,
    ) -> Publication:
        row = await fetch_first(
            conn,
            "INSERT INTO publications (cycle_id, item_id, channel_chat_id, channel_message_id, published_by,"
            " published_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            (cycle_id, item_id, channel_chat_id, channel_message_id, published_by, format_utc(at)),
        )
        assert row is not None
        return _publication(row)

    async def publication(self, cycle_id: int) -> Publication | None:
        row = await self._db.fetch_one("SELECT * FROM publications WHERE cycle_id = ?", (cycle_id,))
        return None if row is None else _publication(row)

    # -- withdrawal of a publication ("Tarik publikasi") --------------------------------------

    async def add_channel_messages(
        self, conn: aiosqlite.Connection, *, cycle_id: int, chat_id: int, message_ids: Sequence[int], at: datetime
    ) -> None:
        """Record messages a cycle's publication posted to the channel (each once)."""
        await execute_each(
            conn,
            "INSERT OR IGNORE INTO channel_messages (cycle_id, chat_id, message_id, posted_at) VALUES (?, ?, ?, ?)",
            [(cycle_id, chat_id, message_id, format_utc(at)) for message_id in message_ids if message_id > 0],
        )

    async def channel_messages(self, cycle_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of every channel message of the cycle's publication, in order."""
        rows = await self._db.fetch_all(
            "SELECT chat_id, message_id FROM channel_messages WHERE cycle_id = ? ORDER BY message_id", (cycle_id,)
        )
        return [(int(row["chat_id"]), int(row["message_id"])) for row in rows]

    async def withdraw_publication(
        self, conn: aiosqlite.Connection, cycle_id: int, *, withdrawn_by: int, reason: str, at: datetime
    ) -> Publication | None:
        """Mark the cycle's publication withdrawn; None when it has none or it is withdrawn already."""
        row = await fetch_first(
            conn,
            "UPDATE publications SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?"
            " WHERE cycle_id = ? AND withdrawn_at IS NULL RETURNING *",
            (format_utc(at), withdrawn_by, reason, cycle_id),
        )
        return None if row is None else _publication(row)

    async def publication_on(self, conn: aiosqlite.Connection, cycle_id: int) -> Publication | None:
        """The cycle's publication as the transaction on ``conn`` sees it."""
        row = await fetch_first(conn, "SELECT * FROM publications WHERE cycle_id = ?", (cycle_id,))
        return None if row is None else _publication(row)

    async def latest_live_publication_at(self, conn: aiosqlite.Connection, item_id: int) -> datetime | None:
        """When the item's latest publication not withdrawn was made (on ``conn``), or None."""
        row = await fetch_first(
            conn,
            "SELECT MAX(published_at) AS at FROM publications WHERE item_id = ? AND withdrawn_at IS NULL",
            (item_id,),
        )
        return None if row is None or row["at"] is None else parse_utc(row["at"])

    async def live_publications_of(self, item_id: int) -> list[Publication]:
        """The item's publications not withdrawn, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM publications WHERE item_id = ? AND withdrawn_at IS NULL ORDER BY published_at, id",
            (item_id,),
        )
        return [_publication(row) for row in rows]
