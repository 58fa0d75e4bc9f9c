"""A person's reminder digest as one HTML message: one line per reminder, soonest first (an
escalation names who holds the late step and how to reach them)."""

from __future__ import annotations

from bot.reminders import Reminder
from bot.services import Services
from bot.task_view import shorten
from bot.texts import raw, t

SUMMARY_MAX = 120
MAX_LINES = 12  # 12 lines of at most ~300 characters stay well within one message


def text_key(kind: str) -> str:
    """The text of a reminder kind ("before_3" shares "reminder_before")."""
    return "reminder_before" if kind.startswith("before_") else f"reminder_{kind}"


def digest_text(services: Services, reminders: list[Reminder], language: str) -> str:
    """The digest's text, within one Telegram message."""
    lines = [t("reminder_heading", language, count=len(reminders))]
    for reminder in reminders[:MAX_LINES]:
        if reminder.deadline is not None:
            deadline = services.calendar.format_local(reminder.deadline, language)
        else:
            deadline = raw("reminder_never", language)
        lines.append(
            t(
                text_key(reminder.key.kind),
                language,
                step=reminder.step_no or "",
                summary=shorten(reminder.summary, SUMMARY_MAX),
                deadline=deadline,
                days=reminder.days,
                holders=", ".join(reminder.holders) or raw("reminder_nobody_holds", language),
            )
        )
    if len(reminders) > MAX_LINES:
        lines.append(t("reminder_more", language, count=len(reminders) - MAX_LINES))
    return "\n\n".join(lines)
