"""Texts of the onboarding flow (see `bot.texts`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
