"""Placeholder: filled in by the membership flow (issue 4)."""

from __future__ import annotations

from telegram.ext import Application


def register(application: Application) -> None:
    """Add this flow's handlers."""
