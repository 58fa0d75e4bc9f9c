"""Compliance and yearly figures: aggregates over the register and its cycles, grouped in SQL.

The rules (what is due when, on time, late, overdue) are stated in :mod:`bot.compliance`; this
module only counts. Every read is one statement whose size follows the months and units asked for,
never one query per item: the register may hold 100,000 items.

Months are given as ranges of stored timestamps (``[start, end)``, UTC text): the caller turns the
office's local months into UTC boundaries, so a month here is the office's month whatever the
time zone (and SQLite needs no time-zone arithmetic).

Reads only (see :mod:`storage`): every method goes through the :class:`Database`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.timestamps import format_utc, parse_utc, parse_utc_or_none

__all__ = [
    "ComplianceQueries",
    "DueCount",
    "MonthSpan",
    "PublishedCount",
    "SertaMertaRow",
]


@dataclass(frozen=True)
class MonthSpan:
    """One month of the report: its key (e.g. the month number) and its moments [start, end)."""

    key: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class DueCount:
    """What fell due for one unit in one month, by outcome."""

    unit_id: int
    month: int
    on_time: int
    late: int
    overdue: int
    pending: int

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending


@dataclass(frozen=True)
class PublishedCount:
    """Publications of one category in a time range, and how many distinct items they were."""

    category: str
    publications: int
    items: int


@dataclass(frozen=True)
class SertaMertaRow:
    """One serta merta cycle: when it was opened and, if it was, announced."""

    cycle_id: int
    item_id: int
    summary: str
    unit_id: int
    unit_name: str
    state: str
    opened_at: datetime
    published_at: datetime | None


def _unit_filter(column: str, unit_ids: Collection[int] | None, params: list[Any]) -> str:
    """`AND column IN (...)` for the given units ('' for every unit)."""
    if unit_ids is None:
        return ""
    ids = sorted(set(unit_ids))
    params.extend(ids)
    return f" AND {column} IN ({','.join('?' * len(ids))})"


class ComplianceQueries:
    """The aggregates behind `/kepatuhan` and `/laporan_tahunan`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def due_counts(
        self, months: Sequence[MonthSpan], now: datetime, unit_ids: Collection[int] | None = None
    ) -> list[DueCount]:
        """Berkala dues per unit and month, by outcome at `now`; only units with something due.

        A due is (1) a berkala cycle, not cancelled, whose due_at falls in the month (an unpublished
        one only while its item is active), or (2) an active berkala item whose next_due_at falls
        in the month and that has no such cycle for that date yet. Outcome: published on or
        before the due date: on time; after it: late; not published and the due date passed at
        `now`: overdue; else pending.
        """
        if not months or (unit_ids is not None and not unit_ids):
            return []
        now_text = format_utc(now)
        params: list[Any] = []
        values = ", ".join("(?, ?, ?)" for _ in months)
        for span in months:
            params += [span.key, format_utc(span.start), format_utc(span.end)]
        params += [now_text]
        cycle_units = _unit_filter("i.unit_id", unit_ids, params)
        params += [now_text, format_utc(months[0].start), format_utc(months[-1].end)]
        item_units = _unit_filter("i.unit_id", unit_ids, params)
        sql = f"""
            WITH months (month, start_at, end_at) AS (VALUES {values}),
            dues (unit_id, month, outcome) AS (
                SELECT i.unit_id, m.month,
                    CASE
                        WHEN p.published_at IS NULL THEN CASE WHEN c.due_at < ? THEN 'overdue' ELSE 'pending' END
                        WHEN p.published_at <= c.due_at THEN 'on_time'
                        ELSE 'late'
                    END
                FROM months AS m
                JOIN update_cycles AS c ON c.due_at >= m.start_at AND c.due_at < m.end_at
                JOIN info_items AS i ON i.id = c.item_id
                LEFT JOIN publications AS p ON p.cycle_id = c.id
                WHERE c.state <> 'cancelled' AND (c.state = 'published' OR i.status = 'active'){cycle_units}
                UNION ALL
                SELECT i.unit_id,
                    (SELECT m.month FROM months AS m WHERE i.next_due_at >= m.start_at AND i.next_due_at < m.end_at),
                    CASE WHEN i.next_due_at < ? THEN 'overdue' ELSE 'pending' END
                FROM info_items AS i
                WHERE i.status = 'active' AND i.category = 'berkala'
                    AND i.next_due_at >= ? AND i.next_due_at < ?{item_units}
                    AND NOT EXISTS (
                        SELECT 1 FROM update_cycles AS c
                        WHERE c.item_id = i.id AND c.due_at = i.next_due_at AND c.state <> 'cancelled'
                    )
            )
            SELECT unit_id, month,
                SUM(outcome = 'on_time') AS on_time, SUM(outcome = 'late') AS late,
                SUM(outcome = 'overdue') AS overdue, SUM(outcome = 'pending') AS pending
            FROM dues GROUP BY unit_id, month ORDER BY unit_id, month
        """
        rows = await self._db.fetch_all(sql, params)
        return [
            DueCount(
                int(row["unit_id"]), int(row["month"]), int(row["on_time"]), int(row["late"]),
                int(row["overdue"]), int(row["pending"]),
            )
            for row in rows
        ]

    async def unit_names(self, unit_ids: Collection[int]) -> dict[int, str]:
        """The names of the given units, in one read."""
        ids = sorted(set(unit_ids))
        if not ids:
            return {}
        rows = await self._db.fetch_all(
            f"SELECT id, name FROM units WHERE id IN ({','.join('?' * len(ids))})", ids
        )
        return {int(row["id"]): row["name"] for row in rows}

    async def published_by_category(
        self, start: datetime, end: datetime, unit_ids: Collection[int] | None = None
    ) -> list[PublishedCount]:
        """Publications in [start, end) by the item's category, with the distinct items published."""
        if unit_ids is not None and not unit_ids:
            return []
        params: list[Any] = [format_utc(start), format_utc(end)]
        units = _unit_filter("i.unit_id", unit_ids, params)
        rows = await self._db.fetch_all(
            "SELECT i.category, COUNT(*) AS publications, COUNT(DISTINCT p.item_id) AS items"
            " FROM publications AS p JOIN info_items AS i ON i.id = p.item_id"
            f" WHERE p.published_at >= ? AND p.published_at < ?{units}"
            " GROUP BY i.category ORDER BY i.category",
            params,
        )
        return [PublishedCount(row["category"], int(row["publications"]), int(row["items"])) for row in rows]

    async def registered_by_category(self, before: datetime, unit_ids: Collection[int] | None = None) -> dict[str, int]:
        """Active items of the register registered before `before`, by category."""
        if unit_ids is not None and not unit_ids:
            return {}
        params: list[Any] = [format_utc(before)]
        units = _unit_filter("unit_id", unit_ids, params)
        rows = await self._db.fetch_all(
            "SELECT category, COUNT(*) AS items FROM info_items"
            f" WHERE status = 'active' AND created_at < ?{units} GROUP BY category",
            params,
        )
        return {row["category"]: int(row["items"]) for row in rows}

    async def serta_merta_cycles(
        self, start: datetime, end: datetime, unit_ids: Collection[int] | None = None
    ) -> list[SertaMertaRow]:
        """Serta merta cycles opened in [start, end), oldest first, with their publication time."""
        if unit_ids is not None and not unit_ids:
            return []
        params: list[Any] = [format_utc(start), format_utc(end)]
        units = _unit_filter("i.unit_id", unit_ids, params)
        rows = await self._db.fetch_all(
            "SELECT c.id, c.item_id, i.summary, i.unit_id, u.name AS unit_name, c.state, c.opened_at,"
            " p.published_at"
            " FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id JOIN units AS u ON u.id = i.unit_id"
            " LEFT JOIN publications AS p ON p.cycle_id = c.id"
            f" WHERE c.kind = 'serta_merta' AND c.opened_at >= ? AND c.opened_at < ?{units}"
            " ORDER BY c.opened_at, c.id",
            params,
        )
        return [
            SertaMertaRow(
                cycle_id=int(row["id"]),
                item_id=int(row["item_id"]),
                summary=row["summary"],
                unit_id=int(row["unit_id"]),
                unit_name=row["unit_name"],
                state=row["state"],
                opened_at=parse_utc(row["opened_at"]),
                published_at=parse_utc_or_none(row["published_at"]),
            )
            for row in rows
        ]
