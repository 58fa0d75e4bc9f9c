"""Texts of /jadwal: coming due dates, pausing and resuming reminders (see `bot.texts`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
