"""Fixtures of the stress tests: the same staffed office as the bot tests."""

from __future__ import annotations

from tests.bot.conftest import office

__all__ = ["office"]
