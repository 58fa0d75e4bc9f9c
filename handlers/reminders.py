"""The reminder job: PTB's JobQueue (APScheduler) runs one sweep job, whatever the number of items.

The job is scheduled at start (its first run is the catch-up after any downtime) and then every
SWEEP_INTERVAL_SECONDS; everything it needs is in the database, so nothing is lost on restart.
Each person gets one digest with a button per task; delivery goes through the rate limiter, and a
person who blocked the bot is marked and their reminders dropped instead of retried forever.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.ext import Application

from bot.application import PpidApplication
from bot.delivery import send
from bot.reminder_view import digest_text
from bot.reminders import Reminder
from bot.task_view import task_label
from bot.texts import raw
from handlers.errors import background_job
from handlers.notify import languages_for
from handlers.step_keyboards import ShowTask

LOG = logging.getLogger(__name__)

SWEEP_JOB = "reminder_sweep"
ACTOR_KINDS = ("cycle_opened", "due", "overdue", "hourly")
MAX_BUTTONS = 10


def digest_keyboard(reminders: list[Reminder], language: str) -> InlineKeyboardMarkup | None:
    """A button to open each task the person holds (escalations are for following up)."""
    rows = []
    seen: set[int] = set()
    for reminder in reminders:
        cycle_id = reminder.key.cycle_id
        if cycle_id is None or cycle_id in seen:
            continue
        if reminder.key.kind not in ACTOR_KINDS and not reminder.key.kind.startswith("before_"):
            continue
        seen.add(cycle_id)
        summary = task_label(reminder.item_id, reminder.summary)
        label = raw("reminder_open_task", language).format(step=reminder.step_no, summary=summary)  # plain text
        rows.append([ShowTask(cycle_id).button(label)])
    return InlineKeyboardMarkup(rows[:MAX_BUTTONS]) if rows else None


async def run_sweep(application: PpidApplication) -> int:
    """One sweep: claim what is due, send each person one digest; returns the digests sent."""
    services = application.services
    async with services.reminders.running:
        return await _sweep_and_send(application)


async def _sweep_and_send(application: PpidApplication) -> int:
    services = application.services
    result = await services.reminders.sweep()
    sent = 0
    languages = await languages_for(services, list(result.digests))
    for recipient, reminders in result.digests.items():
        language = languages[recipient]
        text = digest_text(services, reminders, language)
        message = await send(
            application.bot, services, recipient, text, reply_markup=digest_keyboard(reminders, language)
        )
        if message is not None:
            await services.reminders.mark_sent(reminders)
            sent += 1
            continue
        user = await services.users.get(recipient)
        if user is None or user.blocked_at is not None:
            await services.reminders.mark_dropped(reminders, "blocked")
        # Otherwise Telegram failed for now: the reminders stay pending for the next sweep.
    return sent


sweep_job = background_job(run_sweep, "reminder sweep")


def register(application: Application) -> None:
    assert isinstance(application, PpidApplication) and application.settings is not None
    if application.job_queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot[job-queue] is needed for reminders")
    application.job_queue.run_repeating(
        sweep_job, interval=application.settings.sweep_interval_seconds, first=1, name=SWEEP_JOB
    )
