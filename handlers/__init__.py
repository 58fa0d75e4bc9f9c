"""Telegram glue: one module per flow. `register_handlers` wires them all into an Application.

Order matters: the access gate runs first (group -1) and stops every update from someone who is
not registered; within the default group only the first matching handler runs, so the flows come
before the general commands and the fallback is registered last, answering only what no flow
understood.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    access,
    compliance,
    confirm_step,
    coordination,
    cycle_admin,
    daily_digest,
    drafts,
    errors,
    fallback,
    help,
    history,
    invites,
    language,
    membership,
    onboarding,
    publication,
    register_form,
    register_list,
    reminders,
    reports,
    review,
    schedule,
    search,
    sop,
    staff,
    tasks,
    units,
    withdrawal,
)


def register_handlers(application: Application) -> None:
    """Add every handler of the bot to `application`."""
    access.register(application)
    search.register(application)  # open to everyone; before the flows, so /cari works mid-conversation too
    onboarding.register(application)
    units.register(application)
    invites.register(application)
    staff.register(application)
    language.register(application)
    register_form.register(application)  # the conversation before the list and its stale catch-all
    register_list.register(application)
    tasks.register(application)
    coordination.register(application)
    drafts.register(application)
    review.register(application)
    publication.register(application)
    confirm_step.register(application)  # an office's own steps (kind "confirm")
    withdrawal.register(application)
    cycle_admin.register(application)  # an admin cancels a cycle or hands its step over
    history.register(application)
    schedule.register(application)
    membership.register(application)
    reminders.register(application)
    daily_digest.register(application)
    reports.register(application)
    compliance.register(application)
    sop.register(application)
    help.register(application)
    fallback.register(application)
    errors.register(application)
