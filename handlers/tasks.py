"""`/tugas` (my tasks), a task's step card, and opening a cycle (step 1) from an item's card.

Every press is checked against the database at that moment: the person must hold the role of the
cycle's current step (and, for PPID Pelaksana, the item's unit).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.register import visible_unit_ids
from bot.staff import Person
from bot.task_view import review_messages, task_label
from bot.texts import raw, role_name, t
from bot.workflow import Task, WorkflowError
from handlers.access import person_of
from handlers.cycle_buttons import cycle_button
from handlers.notify import notify_new_task, task_message
from handlers.serta_merta_buttons import SmFix
from handlers.step_keyboards import Acknowledge, OpenCycle, ShowTask

def _task_button(task: Task, language: str) -> list:
    summary = task_label(task.item.id, task.item.summary)
    # A button's label is plain text: filled in unescaped ("A & B", not "A &amp; B").
    if task.coordination is not None:
        return [Acknowledge(task.coordination.id).button(raw("ack_button_task", language).format(summary=summary))]
    if task.fix:  # a returned /sertamerta: its author corrects the announcement itself
        return [SmFix(task.cycle.id).button(raw("task_button_sm_fix", language).format(summary=summary))]
    return [ShowTask(task.cycle.id).button(raw("task_button", language).format(step=task.step.no, summary=summary))]


async def my_tasks(update: Update, context: PpidContext) -> None:
    """List the steps waiting for the person, one button each."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    tasks = await context.services.workflow.tasks_for(person)
    if not tasks:
        await message.reply_text(raw("tasks_none_admin" if person.has("admin") else "tasks_none", person.language))
        return
    keyboard = InlineKeyboardMarkup([_task_button(task, person.language) for task in tasks[:50]])
    await message.reply_text(t("tasks_heading", person.language, count=len(tasks)), reply_markup=keyboard)


def may_act(person: Person, task: Task) -> bool:
    """Whether the person holds the role (and unit) of the task's step right now."""
    if not person.has(task.step.actor):
        return False
    return task.step.actor != "pelaksana" or task.item.unit_id in person.unit_ids


@cycle_button(ShowTask)
async def show_task(update: Update, context: PpidContext, person: Person, data: ShowTask) -> None:
    """Show a cycle's current step card with its buttons, if the step is the person's."""
    services = context.services
    cycle, item = await services.workflow.cycle_with_item(data.cycle_id)
    scope = visible_unit_ids(person.roles, person.unit_ids)
    if scope is not None and item.unit_id not in scope:
        raise WorkflowError("not_your_unit")  # nothing of another unit's cycle: not even its step
    if not cycle.is_open:
        raise services.workflow.not_current(cycle, services.sop.step(cycle.current_step))
    task = Task(cycle, item, services.sop.step(cycle.current_step))
    if not may_act(person, task):
        raise await services.workflow.role_refusal(person, task.step.actor)
    await services.workflow.require_holder(person, task.step, item)  # e.g. handed to a colleague
    if task.step.kind == "verify":
        # A draft this person prepared is not theirs to verify: no card whose buttons only refuse
        # (the reminders' "Lihat tugas" reaches every PPID Utama, the preparers too).
        await services.workflow.refuse_preparer(person, cycle.id, await services.workflow.submitted_version(cycle.id))
    await update.callback_query.answer()  # type: ignore[union-attr]
    text, keyboard = await task_message(services, task, person.language)
    # A step 4 card of serta merta carries the whole announcement (before it, when too long).
    *before, text = await review_messages(services, cycle, item, text, person.language) if task.step.kind == "verify" else [text]
    for earlier in before:
        await context.bot.send_message(person.telegram_id, earlier)
    await context.bot.send_message(person.telegram_id, text, reply_markup=keyboard)


@cycle_button(OpenCycle)
async def open_cycle(update: Update, context: PpidContext, person: Person, data: OpenCycle) -> None:
    """Step 1 (admin): open an update cycle for the item on the card."""
    services = context.services
    transition = await services.workflow.open_cycle(person, data.item_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await context.bot.send_message(
        person.telegram_id, t(
            "cycle_opened", person.language, summary=transition.item.summary,
            actor=role_name(services.sop.actor_of(transition.cycle.current_step), person.language),
        )
    )
    await notify_new_task(context, services, transition)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("tugas", my_tasks))
    application.add_handler(CallbackQueryHandler(show_task, pattern=ShowTask.pattern()))
    application.add_handler(CallbackQueryHandler(open_cycle, pattern=OpenCycle.pattern()))
