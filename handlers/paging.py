"""The ◀ ▶ buttons under every paged list (the counting itself is `bot.pages`)."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton

from bot.pages import Page
from handlers.callbacks import CallbackData


def navigation_row(
    page: Page, data_for: Callable[[int], CallbackData], previous_label: str, next_label: str
) -> list[InlineKeyboardButton]:
    """Previous/next buttons of `page` (none on a list of one page); `data_for(n)` is the button
    data that shows page `n` (1-based)."""
    row: list[InlineKeyboardButton] = []
    if page.has_previous:
        row.append(data_for(page.number - 1).button(previous_label))
    if page.has_next:
        row.append(data_for(page.number + 1).button(next_label))
    return row
