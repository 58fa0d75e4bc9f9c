"""`/jadwal`: the coming due dates, and pausing or resuming an item's reminders (admins).

An admin sees every active berkala item by its next due date (overdue ones marked ⚠️, paused ones
"⏸ dijeda") with a pause / resume button each, and every open cycle with its current step and step
deadline. Anyone else sees their own step deadlines (each with a button opening the task) and, as
PPID Pelaksana, the due dates of their units' berkala items. At most `LIST_LIMIT` lines per list.

Callback data (`PauseReminders`, `ResumeReminders`, see `handlers.callbacks`):
    jdw:p:<item id>   pause the item's reminders
    jdw:r:<item id>   resume them
A press passes the role gate (`handlers.role_gate`, admins only), is checked again in the
database inside the transaction (`bot.schedule.set_reminders_paused`) and answered with the new
state.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.schedule import (
    is_overdue,
    my_deadlines,
    open_cycles,
    set_reminders_paused,
    upcoming_items,
)
from bot.services import Services
from bot.staff import Person
from bot.task_view import deadline_text, shorten, task_label
from bot.texts import raw, role_name, t
from bot.workflow import Task
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup
from handlers.cycle_buttons import cycle_button
from handlers.role_gate import requires_role
from handlers.step_keyboards import ShowTask
from storage.cycles import Cycle
from storage.items import InfoItem

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class PauseReminders(CallbackData, prefix="jdw:p"):
    """Pause the reminders of an item listed by /jadwal."""

    item_id: int


@dataclass(frozen=True)
class ResumeReminders(CallbackData, prefix="jdw:r"):
    """Resume the reminders of an item listed by /jadwal."""

    item_id: int


SUMMARY_IN_LINE = 50
UNIT_IN_LINE = 30
SUMMARY_IN_BUTTON = 30
SUMMARY_IN_ANSWER = 80


def _plain(key: str, language: str, **values: object) -> str:
    """A text for a button: plain text, so values are filled in unescaped (pop-ups take HTML, see `popup`)."""
    return raw(key, language).format(**values)


def _more(shown: int, total: int, language: str) -> list[str]:
    """The "…dan N lainnya." line when a list was cut."""
    return [t("jdw_more", language, count=total - shown)] if total > shown else []


def _step_label(services: Services, step_no: int, language: str) -> str:
    """ "Langkah N dari 7"."""
    return raw("jdw_step", language).format(step=step_no, total=services.sop.step_count)


async def _unit_names(services: Services, unit_ids: Collection[int]) -> dict[int, str]:
    """The names of the given units (the id itself for a unit that vanished)."""
    units = await services.units.get_many(unit_ids)
    return {unit_id: units[unit_id].name if unit_id in units else str(unit_id) for unit_id in unit_ids}


# -- rendering ---------------------------------------------------------------------------------


async def item_lines(services: Services, items: list[InfoItem], language: str) -> list[str]:
    """One numbered HTML line per item: ⚠️ when overdue, its due date, "⏸ dijeda" when paused."""
    now = services.clock.now()
    units = await _unit_names(services, [item.unit_id for item in items])
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        overdue = is_overdue(item, now)
        if item.next_due_at is None:
            due = raw("jdw_not_scheduled", language)
        else:
            due = services.calendar.format_local(item.next_due_at, language)
            if overdue:
                due += ", " + raw("jdw_overdue", language)
        line = t(
            "jdw_item_line",
            language,
            no=number,
            mark="⚠️ " if overdue else "",
            summary=shorten(item.summary, SUMMARY_IN_LINE),
            unit=shorten(units[item.unit_id], UNIT_IN_LINE),
            due=due,
        )
        if item.reminders_paused:
            line += " " + raw("jdw_paused", language)
        lines.append(line)
    return lines


def pause_keyboard(items: list[InfoItem], language: str) -> InlineKeyboardMarkup | None:
    """One button per listed item: pause its reminders, or resume them when they are paused."""
    rows: list[list[InlineKeyboardButton]] = []
    for number, item in enumerate(items, start=1):
        key, kind = (
            ("jdw_btn_resume", ResumeReminders) if item.reminders_paused else ("jdw_btn_pause", PauseReminders)
        )
        text = _plain(key, language, no=number, summary=shorten(item.summary, SUMMARY_IN_BUTTON))
        rows.append([kind(item.id).button(text)])
    return InlineKeyboardMarkup(rows) if rows else None


async def admin_items_message(services: Services, language: str) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """Every active berkala item by due date, with its pause/resume buttons; None when there is none."""
    items, total = await upcoming_items(services)
    if not items:
        return None
    lines = [t("jdw_items_heading", language, count=total)]
    lines += await item_lines(services, items, language)
    lines += _more(len(items), total, language)
    lines += ["", raw("jdw_pause_hint", language)]
    return "\n".join(lines), pause_keyboard(items, language)


def _cycle_line(services: Services, number: int, cycle: Cycle, item: InfoItem | None, language: str) -> str:
    """ "N. Summary: Langkah 3 dari 7 (PPID Pelaksana), batas <deadline>"."""
    step = services.sop.step(cycle.current_step)
    return t(
        "jdw_cycle_line",
        language,
        no=number,
        summary=shorten(item.summary if item else str(cycle.item_id), SUMMARY_IN_LINE),
        step=_step_label(services, cycle.current_step, language),
        actor=role_name(step.actor, language),
        deadline=deadline_text(services, cycle.step_deadline_at, language),
    )


async def admin_cycles_message(services: Services, language: str) -> str | None:
    """Every open cycle with its current step and step deadline; None when there is none."""
    cycles, total = await open_cycles(services)
    if not cycles:
        return None
    lines = [t("jdw_cycles_heading", language, count=total)]
    items = await services.items.get_many([cycle.item_id for cycle in cycles])
    lines += [
        _cycle_line(services, number, cycle, items.get(cycle.item_id), language)
        for number, cycle in enumerate(cycles, start=1)
    ]
    lines += _more(len(cycles), total, language)
    return "\n".join(lines)


def _task_line(services: Services, number: int, task: Task, language: str) -> str:
    """ "N. Summary: Langkah 3 dari 7, batas <deadline>"."""
    return t(
        "jdw_my_line",
        language,
        no=number,
        summary=shorten(task.item.summary, SUMMARY_IN_LINE),
        step=_step_label(services, task.cycle.current_step, language),
        deadline=deadline_text(services, task.cycle.step_deadline_at, language),
    )


async def deadlines_message(services: Services, person: Person) -> tuple[str, InlineKeyboardMarkup] | None:
    """The person's own step deadlines, each with a button opening the task; None when none."""
    language = person.language
    tasks, total = await my_deadlines(services, person)
    if not tasks:
        return None
    lines = [t("jdw_my_heading", language, count=total)]
    lines += [_task_line(services, number, task, language) for number, task in enumerate(tasks, start=1)]
    lines += _more(len(tasks), total, language)
    rows = [
        [
            ShowTask(task.cycle.id).button(
                _plain("task_button", language, step=task.cycle.current_step, summary=task_label(task.item.id, task.item.summary))
            )
        ]
        for task in tasks
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def unit_items_message(services: Services, person: Person) -> str | None:
    """For a PPID Pelaksana: the due dates of their units' berkala items; None when none."""
    if not person.has("pelaksana"):
        return None
    language = person.language
    items, total = await upcoming_items(services, unit_ids=person.unit_ids)
    if not items:
        return None
    lines = [t("jdw_unit_items_heading", language, count=total)]
    lines += await item_lines(services, items, language)
    lines += _more(len(items), total, language)
    return "\n".join(lines)


# -- /jadwal -----------------------------------------------------------------------------------


async def _admin_schedule(message: Message, services: Services, person: Person) -> None:
    """Send an admin the items (with pause/resume buttons) and the open cycles."""
    language = person.language
    items = await admin_items_message(services, language)
    cycles = await admin_cycles_message(services, language)
    if items is None and cycles is None:
        await message.reply_text(raw("jdw_nothing_admin", language))
        return
    if items is not None:
        await message.reply_text(items[0], reply_markup=items[1])
    if cycles is not None:
        await message.reply_text(cycles)


async def _personal_schedule(message: Message, services: Services, person: Person) -> None:
    """Send anyone else their own step deadlines and, as PPID Pelaksana, their units' due dates."""
    deadlines = await deadlines_message(services, person)
    items = await unit_items_message(services, person)
    if deadlines is None and items is None:
        await message.reply_text(raw("jdw_nothing", person.language))
        return
    if deadlines is not None:
        await message.reply_text(deadlines[0], reply_markup=deadlines[1])
    if items is not None:
        await message.reply_text(items)


async def show_schedule(update: Update, context: PpidContext) -> None:
    """`/jadwal`: everything due for an admin, one's own deadlines for everyone else."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    if person.has("admin"):
        await _admin_schedule(message, context.services, person)
    else:
        await _personal_schedule(message, context.services, person)


# -- pause / resume ----------------------------------------------------------------------------


def _is_schedule_message(message: object) -> bool:
    """Whether the pressed message carries the /jadwal pause/resume buttons (so it may be redrawn)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(
        kind.unpack(key.callback_data) is not None
        for row in message.reply_markup.inline_keyboard
        for key in row
        for kind in (PauseReminders, ResumeReminders)
    )


async def _redraw(update: Update, services: Services, language: str) -> None:
    """Show the new state on the pressed /jadwal message; "not modified" is a normal event."""
    query = update.callback_query
    if query is None or not _is_schedule_message(query.message):
        return
    rendered = await admin_items_message(services, language)
    text, keyboard = rendered if rendered is not None else (raw("jdw_items_none", language), None)
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            LOG.warning("could not redraw /jadwal: %s", error)
    except TelegramError as error:
        LOG.warning("could not redraw /jadwal: %s", error)


async def _set_paused(update: Update, context: PpidContext, person: Person, item_id: int, paused: bool) -> None:
    """Pause or resume an item's reminders and answer with the state it is in now."""
    services = context.services
    changed = await set_reminders_paused(services, person.telegram_id, item_id, paused)
    item = await services.workflow.item(item_id)
    if changed:
        key = "jdw_paused_now" if paused else "jdw_resumed_now"
    else:
        key = "jdw_already_paused" if paused else "jdw_already_active"
    text = t(key, person.language, summary=shorten(item.summary, SUMMARY_IN_ANSWER))
    await popup(update.callback_query, text, alert=not changed)
    await _redraw(update, services, person.language)


@cycle_button(PauseReminders)
@requires_role("admin", refusal="jdw_not_admin")
async def pause_reminders(update: Update, context: PpidContext, person: Person, data: PauseReminders) -> None:
    """`jdw:p:<item id>`: pause the item's reminders."""
    await _set_paused(update, context, person, data.item_id, True)


@cycle_button(ResumeReminders)
@requires_role("admin", refusal="jdw_not_admin")
async def resume_reminders(update: Update, context: PpidContext, person: Person, data: ResumeReminders) -> None:
    """`jdw:r:<item id>`: resume the item's reminders."""
    await _set_paused(update, context, person, data.item_id, False)


def register(application: Application) -> None:
    """Add /jadwal and its pause/resume buttons."""
    application.add_handler(CommandHandler("jadwal", show_schedule))
    application.add_handler(CallbackQueryHandler(pause_reminders, pattern=PauseReminders.pattern()))
    application.add_handler(CallbackQueryHandler(resume_reminders, pattern=ResumeReminders.pattern()))

