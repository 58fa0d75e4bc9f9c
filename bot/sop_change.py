"""An SOP file edited while cycles are open: which open cycles the new file would strand.

A cycle waits at a step NUMBER (`update_cycles.current_step`); what that step is comes from the
SOP file. When an office edits the file and restarts, a cycle may wait at a step the new file no
longer has (a cycle at step 8 of a file that now has 7), at a number that is now another kind of
step (a `confirm` step inserted before it moves the verification to 5, so step 4 is now the
draft). Such a cycle cannot go on: its buttons would be refused and
its card would describe another step. A careful office wants to be told before anyone is served,
so the start-up check (`bot.startup_check.sop_change_finding`) refuses to start, naming the
cycles and what to do: run the previous file until they are done. An actor changed at the step a
cycle waits at is fine (the new actor holds it), and so are steps added or removed after it.

The kinds the last start ran are recorded in the database at every start (`record_sop`, read by
`storage.sop_record`); a database from before this record is checked for the step numbers alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.sop import Sop, SopStep
from storage.sop_record import SOP_NAMESPACE, STEPS_KEY, SopStanding

MAX_NAMED_CYCLES = 10


@dataclass(frozen=True)
class StrandedCycle:
    """An open cycle the SOP file cannot carry on: where it waits, what that step was, what it is now."""

    cycle_id: int
    summary: str
    step_no: int
    was: tuple[str, str] | None  # (kind, activity) the last start ran at that number, if recorded
    now: SopStep | None  # the file's step of that number, None when the file has none


def steps_record(sop: Sop) -> dict[str, list[str]]:
    """What a start records of the SOP it runs: step number -> [kind, activity]."""
    return {str(step.no): [step.kind, step.activity] for step in sop.steps}


def stranded_cycles(sop: Sop, standing: SopStanding) -> list[StrandedCycle]:
    """The open cycles `sop` cannot carry on, oldest first."""
    stranded: list[StrandedCycle] = []
    for cycle in standing.open_cycles:
        was = None if standing.recorded is None else standing.recorded.get(cycle.step_no)
        now = sop.step(cycle.step_no) if 1 <= cycle.step_no <= sop.step_count else None
        if now is None or (was is not None and was[0] != now.kind):
            stranded.append(StrandedCycle(cycle.cycle_id, cycle.summary, cycle.step_no, was, now))
    return stranded


def _why(cycle: StrandedCycle, sop: Sop) -> tuple[str, str]:
    where_id = f"siklus #{cycle.cycle_id} \"{cycle.summary}\" di langkah {cycle.step_no}"
    where_en = f"#{cycle.cycle_id} at step {cycle.step_no}"
    if cycle.was is not None:
        where_id += f" ({cycle.was[1]}, jenis {cycle.was[0]})"
    if cycle.now is None:
        return f"{where_id}: langkah itu tidak ada lagi, SOP kini {sop.step_count} langkah", f"{where_en} (gone)"
    assert cycle.was is not None  # stranded_cycles: gone, or recorded as another kind
    return (
        f"{where_id}: kini langkah {cycle.step_no} adalah {cycle.now.activity} (jenis {cycle.now.kind})",
        f"{where_en} ({cycle.was[0]} -> {cycle.now.kind})",
    )


def stranded_message(stranded: list[StrandedCycle], sop: Sop) -> tuple[str, str]:
    """The start-up check's line about `stranded` (not empty): Indonesian, then English."""
    reasons = [_why(cycle, sop) for cycle in stranded[:MAX_NAMED_CYCLES]]
    more = len(stranded) - len(reasons)
    named_id = "; ".join(reason[0] for reason in reasons) + (f"; dan {more} siklus lain" if more else "")
    named_en = ", ".join(reason[1] for reason in reasons) + (f" and {more} more" if more else "")
    indonesian = (
        f"berkas SOP tidak cocok dengan {len(stranded)} siklus yang sedang berjalan: {named_id}. "
        "Siklus itu tidak dapat dilanjutkan dengan berkas SOP ini. Pasang kembali berkas SOP sebelumnya "
        "(SOP_FILE) dan jalankan bot sampai siklus itu selesai, baru ganti SOP-nya; mengganti aktor atau "
        "langkah sesudah langkah yang sedang berjalan tidak apa-apa"
    )
    english = (
        f"the SOP file no longer fits {len(stranded)} open cycle(s): {named_en}; "
        "put the previous SOP file back until they are done"
    )
    return indonesian, english


async def record_sop(services: Services) -> None:
    """Record the steps of the SOP this start runs (the next start compares its file with them)."""
    record = steps_record(services.sop)
    if await services.kv.get(SOP_NAMESPACE, STEPS_KEY) == record:
        return
    async with services.db.transaction() as conn:
        await services.kv.set(conn, SOP_NAMESPACE, STEPS_KEY, record)
