"""Where the open cycles stand against the SOP file: what the start-up check reads, without writing.

The database does not say what kind of step a cycle's `current_step` was when the cycle got there:
only the SOP file does, and an office may edit that file between two starts. So each start
records the steps of the SOP it runs (kv_state, namespace `sop`, key `steps`: step number ->
[kind, activity]); the next start reads that record and the open cycles here, before anything is
migrated or opened for writing, and `bot.sop_change` says which cycles the new file would strand.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SOP_NAMESPACE = "sop"
STEPS_KEY = "steps"


@dataclass(frozen=True)
class OpenCycleAt:
    """An open cycle and the step number it waits at."""

    cycle_id: int
    summary: str
    step_no: int


@dataclass(frozen=True)
class SopStanding:
    """The steps the last start ran (None: never recorded) and the open cycles, oldest first."""

    recorded: dict[int, tuple[str, str]] | None
    open_cycles: list[OpenCycleAt]


def _recorded(value: object) -> dict[int, tuple[str, str]] | None:
    """The stored record, or None when it is absent or not a mapping at all. A damaged entry is
    left out and the others are kept: one bad entry must not turn off the kind check of every
    step (a cycle at a step whose entry is gone is still checked by its number)."""
    if not isinstance(value, dict):
        return None
    steps: dict[int, tuple[str, str]] = {}
    for number, entry in value.items():
        if not (isinstance(number, str) and number.isascii() and number.isdecimal()):
            continue
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry)):
            continue
        steps[int(number)] = (entry[0], entry[1])
    return steps


def sop_standing_in_file(path: Path) -> SopStanding | None:
    """Read the record and the open cycles of the database file at `path` (read-only); None for a
    file that does not exist or holds no cycles table yet."""
    if not path.is_file():
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"update_cycles", "info_items", "kv_state"} <= tables:
            return None
        row = conn.execute(
            "SELECT value FROM kv_state WHERE namespace = ? AND key = ?", (SOP_NAMESPACE, STEPS_KEY)
        ).fetchone()
        recorded = _recorded(json.loads(row[0])) if row is not None else None
        cycles = [
            OpenCycleAt(int(cycle_id), str(summary), int(step_no))
            for cycle_id, summary, step_no in conn.execute(
                "SELECT c.id, i.summary, c.current_step FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id"
                " WHERE c.state = 'open' ORDER BY c.id"
            )
        ]
        return SopStanding(recorded, cycles)
    finally:
        conn.close()
