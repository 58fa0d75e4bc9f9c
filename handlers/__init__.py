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
    data_file,
    drafts,
    errors,
    exempt_list,
    exemption_decision,
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
    reply_keyboard,
    reports,
    review,
    schedule,
    search,
    serta_merta,
    serta_merta_notices,
    sop,
    staff,
    stray_files,
    tasks,
    units,
    withdrawal,
    yearly_report,
)


def register_handlers(application: Application) -> None:
    """Add every handler of the bot to `application`."""
    access.register(application)
    search.register(application)  # open to everyone; before the flows, so /cari works mid-conversation too
    reply_keyboard.register(application)  # "📌 Tugas saya", "❓ Bantuan": mid-conversation too
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
    exemption_decision.register(application)  # the exemption decision and its signed scan
    serta_merta.register(application)  # /sertamerta: the form, and the fix after a return
    serta_merta_notices.register(application)  # its one-press post after approval
    publication.register(application)
    data_file.register(application)  # step 6: the File Informasi Data
    confirm_step.register(application)  # an office's own steps (kind "confirm")
    withdrawal.register(application)
    cycle_admin.register(application)  # an admin cancels a cycle or hands its step over
    history.register(application)
    exempt_list.register(application)  # /dikecualikan
    schedule.register(application)
    membership.register(application)
    reminders.register(application)
    daily_digest.register(application)
    reports.register(application)
    compliance.register(application)
    yearly_report.register(application)  # /laporan_tahunan
    sop.register(application)
    help.register(application)
    stray_files.register(application)  # a file no flow awaited: into the one draft it can be for
    fallback.register(application)
    errors.register(application)
