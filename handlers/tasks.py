"""`/tugas` (my tasks), a task's step card, and opening a cycle (step 1) from an item's card.

Every press is checked against the database at that moment: the person must hold the role of the
cycle's current step (and, for PPID Pelaksana, the item's unit).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.app import PpidContext
from bot.staff import Person
from bot.task_view import shorten
from bot.texts import raw, t
from bot.workflow import Task, WorkflowError
from handlers.access import person_of
from handlers.callbacks import button, parse_ids
from handlers.notify import notify_new_task, task_message
from handlers.step_keyboards import ACKNOWLEDGE, OPEN_CYCLE, SHOW_TASK

TASK_BUTTON_SUMMARY = 40


async def answer_refusal(update: Update, error: WorkflowError, language: str) -> None:
    """Tell the person why a button did nothing (as a pop-up) or reply to their message."""
    text = t(error.key, language, **error.values)
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def answer_stale(update: Update, language: str) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(raw("stale_button", language), show_alert=True)


def _task_button(task: Task, language: str) -> list:
    summary = shorten(task.item.summary, TASK_BUTTON_SUMMARY)
    if task.coordination is not None:
        return [button(t("ack_button_task", language, summary=summary), ACKNOWLEDGE, task.coordination.id)]
    return [button(t("task_button", language, step=task.step.no, summary=summary), SHOW_TASK, task.cycle.id)]


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


async def show_task(update: Update, context: PpidContext) -> None:
    """Show a cycle's current step card with its buttons, if the step is the person's."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    ids = parse_ids(query.data, SHOW_TASK, 1)
    services = context.services
    cycle = await services.cycles.get(ids[0]) if ids else None
    if cycle is None or not cycle.is_open:
        await answer_stale(update, person.language)
        return
    item = await services.workflow.item(cycle.item_id)
    task = Task(cycle, item, services.sop.step(cycle.current_step))
    if not may_act(person, task):
        await answer_refusal(update, WorkflowError("not_allowed", role=services.sop.actors[task.step.actor]), person.language)
        return
    await query.answer()
    text, keyboard = await task_message(services, task, person.language)
    await context.bot.send_message(person.telegram_id, text, reply_markup=keyboard)


async def open_cycle(update: Update, context: PpidContext) -> None:
    """Step 1 (admin): open an update cycle for the item on the card."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    ids = parse_ids(query.data, OPEN_CYCLE, 1)
    if ids is None:
        await answer_stale(update, person.language)
        return
    services = context.services
    try:
        transition = await services.workflow.open_cycle(person, ids[0])
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return
    await query.answer()
    await context.bot.send_message(
        person.telegram_id, t("cycle_opened", person.language, summary=transition.item.summary)
    )
    await notify_new_task(context, services, transition)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("tugas", my_tasks))
    application.add_handler(CallbackQueryHandler(show_task, pattern=rf"^{SHOW_TASK}:"))
    application.add_handler(CallbackQueryHandler(open_cycle, pattern=rf"^{OPEN_CYCLE}:"))
