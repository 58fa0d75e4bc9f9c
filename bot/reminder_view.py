"""A person's reminder digest as one HTML message: one line per reminder, soonest first (an
escalation names who holds the late step and how to reach them)."""

from __future__ import annotations

from bot.reminders import Reminder
from bot.services import Services
from bot.task_view import shorten
from bot.telegram_limits import MESSAGE_TEXT_MAX
from bot.texts import raw, t

SUMMARY_MAX = 120
MAX_LINES = 12  # at most 12 reminders listed; fewer when their lines would not fit one message
MORE_RESERVE = 200  # room kept for the "… and N more" line
HOLDERS_NAMED = 3  # an escalation names at most this many holders, then "and N more"


def text_key(kind: str) -> str:
    """The text of a reminder kind ("before_3" shares "reminder_before")."""
    return "reminder_before" if kind.startswith("before_") else f"reminder_{kind}"


def holders_text(holders: tuple[str, ...], language: str) -> str:
    """Who holds an escalated step: a few names, the rest counted; said plainly when nobody does."""
    if not holders:
        return raw("reminder_nobody_holds", language)
    named = ", ".join(holders[:HOLDERS_NAMED])
    if len(holders) > HOLDERS_NAMED:
        named += raw("reminder_holders_more", language).format(count=len(holders) - HOLDERS_NAMED)
    return named


def _line(services: Services, reminder: Reminder, language: str) -> str:
    if reminder.deadline is not None:
        deadline = services.calendar.format_local(reminder.deadline, language)
    else:
        deadline = raw("reminder_never", language)
    return t(
        text_key(reminder.key.kind),
        language,
        step=reminder.step_no or "",
        summary=shorten(reminder.summary, SUMMARY_MAX),
        deadline=deadline,
        days=reminder.days,
        holders=holders_text(reminder.holders, language),
    )


def digest_text(services: Services, reminders: list[Reminder], language: str) -> str:
    """The digest's text, within one Telegram message (its length counted before the HTML is
    parsed, which only ever overstates it)."""
    lines = [t("reminder_heading", language, count=len(reminders))]
    size = len(lines[0])
    for reminder in reminders[:MAX_LINES]:
        line = _line(services, reminder, language)
        if size + 2 + len(line) > MESSAGE_TEXT_MAX - MORE_RESERVE:
            break
        lines.append(line)
        size += 2 + len(line)
    listed = len(lines) - 1
    if len(reminders) > listed:
        lines.append(t("reminder_more", language, count=len(reminders) - listed))
    return "\n\n".join(lines)
