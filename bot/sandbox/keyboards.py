"""Checks a `reply_markup` against Telegram's keyboard limits.

Inline keyboards: at most 100 buttons, at most 8 per row, each with exactly one action and a
`callback_data` of 1-64 bytes (UTF-8). Reply keyboards, ReplyKeyboardRemove and ForceReply are
accepted as they are.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import errors
from bot.telegram_limits import (
    CALLBACK_DATA_MAX_BYTES,
    KEYBOARD_BUTTONS_MAX,
    KEYBOARD_ROW_MAX,
)

__all__ = [
    "MAX_BUTTONS",
    "MAX_BUTTONS_PER_ROW",
    "MAX_CALLBACK_DATA_BYTES",
    "inline_buttons",
    "validate_reply_markup",
]

MAX_BUTTONS = KEYBOARD_BUTTONS_MAX
MAX_BUTTONS_PER_ROW = KEYBOARD_ROW_MAX
MAX_CALLBACK_DATA_BYTES = CALLBACK_DATA_MAX_BYTES

# Fields of InlineKeyboardButton that give it an action (one is required).
_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def validate_reply_markup(markup: Any) -> None:
    """Raise `ApiError` (400) if `markup` breaks a Telegram limit."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise errors.bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise errors.bad_request(errors.INLINE_KEYBOARD_NOT_ARRAYS)
    total = sum(len(row) for row in rows)
    if total > MAX_BUTTONS or any(len(row) > MAX_BUTTONS_PER_ROW for row in rows):
        raise errors.bad_request(errors.REPLY_MARKUP_TOO_LONG)
    for row in rows:
        for button in row:
            _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise errors.bad_request(
            "can't parse inline keyboard button: Field \"text\" must be of type String"
        )
    if not any(key in button for key in _ACTIONS):
        raise errors.bad_request(errors.INLINE_BUTTON_WITHOUT_ACTION)
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise errors.bad_request(errors.BUTTON_DATA_INVALID)


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """All inline buttons of `markup`, row by row (empty for other markups)."""
    if not markup:
        return []
    return [button for row in markup.get("inline_keyboard", []) for button in row]
