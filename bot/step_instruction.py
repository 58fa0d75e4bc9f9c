"""The one plain sentence that opens every step card: what to do now, and by when.

"Unggah draf Laporan Realisasi Anggaran paling lambat Kamis, 3 Des 2026 pukul 16.00 WIB." One
sentence per step kind (`bot.step_kinds`), Indonesian and English; the deadline in office time
with its weekday, through the office's calendar (`services.calendar`); a step without a deadline
says so plainly, a late one says it is late. The SOP's Kelengkapan and Output follow it on the
card (`bot.task_view.step_card`) for reference.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.services import Services
from bot.sop import SopStep
from bot.telegram_limits import shorten
from bot.texts import raw, t
from bot.workdays import WorkCalendar
from storage.cycles import Cycle
from storage.items import InfoItem

SUMMARY_IN_SENTENCE = 120  # the whole summary is on the card's "Informasi" line

_WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def when_text(calendar: WorkCalendar, moment: datetime, language: str) -> str:
    """A deadline for people, with its weekday: "Kamis, 3 Des 2026 pukul 16.00 WIB"."""
    local = calendar.local(moment)
    separator = ":" if language == "en" else "."
    return raw("when_at", language).format(
        weekday=_WEEKDAYS.get(language, _WEEKDAYS["id"])[local.weekday()],
        date=calendar.format_date(local.date(), language),
        time=f"{local.hour:02d}{separator}{local.minute:02d} {calendar.zone_abbreviation(local)}",
    )


async def submitter_name(services: Services, cycle_id: int) -> str:
    """Who submitted the draft version under verification (the last submission's actor)."""
    for event in reversed(await services.cycles.events(cycle_id)):
        if event.action == "draft_submitted" and event.actor_id is not None:
            user = await services.users.get(event.actor_id)
            return user.full_name if user else str(event.actor_id)
    return "-"


async def step_instruction(
    services: Services, cycle: Cycle, item: InfoItem, step: SopStep, language: str, *, unit: str, version: int = 0
) -> str:
    """The card's first line (HTML, bold): the action of `step` for `item` and its deadline.

    `unit`: the item's unit by name; `version`: the draft version a verify step is about.
    """
    values: dict[str, object] = {"summary": shorten(item.summary, SUMMARY_IN_SENTENCE)}
    if step.kind == "coordinate":
        values.update(pelaksana=services.sop.actors["pelaksana"], unit=unit)
    elif step.kind == "verify":
        values.update(version=version, sender=await submitter_name(services, cycle.id))
    elif step.kind == "confirm":
        values.update(activity=step.activity_en if language == "en" and step.activity_en else step.activity)
    action = t(f"do_{step.kind}", language, **values)
    deadline = cycle.step_deadline_at
    if deadline is None:
        sentence = raw("do_no_deadline", language).format(action=action)
    else:
        late = services.clock.now() > deadline
        sentence = raw("do_by_late" if late else "do_by", language).format(
            action=action, when=escape(when_text(services.calendar, deadline, language))
        )
    return f"<b>{sentence}</b>"
