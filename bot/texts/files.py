"""Texts about uploaded files: accepted types and the reasons a file is refused (see `bot.texts`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
