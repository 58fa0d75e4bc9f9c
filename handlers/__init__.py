"""Telegram glue: one module per flow. `register_handlers` wires them all into an Application.

Order matters: the access gate runs first (group -1) and stops every update from someone who is
not registered; the fallback is registered last in the default group, so it answers only what no
flow understood.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import access, errors, fallback, help, onboarding, sop


def register_handlers(application: Application) -> None:
    """Add every handler of the bot to `application`."""
    access.register(application)
    onboarding.register(application)
    sop.register(application)
    help.register(application)
    fallback.register(application)
    errors.register(application)
