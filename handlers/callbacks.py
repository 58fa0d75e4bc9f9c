"""Callback data of the buttons: building it (at most 64 bytes) and parsing it strictly; and the
pop-up that answers a press (`popup`, the one place pop-up texts are made).

Buttons carry only a prefix and ids or fixed words (`<prefix>:<id>[:<id>]`); what a press may do is
decided from the database at the moment of the press, never from the button. Anything malformed is
treated like a stale button. Every flow builds its data with `callback_data`/`button` and parses it
with `parse_ids` or, for richer formats, `parse_callback` and its own patterns.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, InlineKeyboardButton

from bot.messages import popup_text
from bot.telegram_limits import CALLBACK_DATA_MAX_BYTES

_ID = re.compile(r"[0-9]{1,12}")
_WORD = re.compile(r"[a-z_]{1,20}")


def callback_data(*parts: str | int | None) -> str:
    """The parts joined with ":" (None parts left out), checked against Telegram's 64 bytes."""
    data = ":".join(str(part) for part in parts if part is not None)
    if len(data.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def button(text: str, *parts: str | int | None) -> InlineKeyboardButton:
    """An inline button whose callback data is `parts` joined with ":"."""
    return InlineKeyboardButton(text, callback_data=callback_data(*parts))


def parse_callback(data: str | None, patterns: dict[str, re.Pattern[str]]) -> tuple[str, tuple[str | None, ...]] | None:
    """The action and its fields when `data` matches one of `patterns` exactly, else None."""
    for action, pattern in patterns.items():
        match = pattern.fullmatch(data or "")
        if match is not None:
            return action, match.groups()
    return None


def parse_ids(data: str | None, prefix: str, count: int) -> list[int] | None:
    """The `count` ids after `prefix:`, or None when `data` is not exactly that shape."""
    if data is None or not data.startswith(prefix + ":"):
        return None
    parts = data[len(prefix) + 1 :].split(":")
    if len(parts) != count or not all(_ID.fullmatch(part) for part in parts):
        return None
    return [int(part) for part in parts]


def parse_ids_and_word(data: str | None, prefix: str, count: int) -> tuple[list[int], str] | None:
    """`count` ids then one lowercase word after `prefix:` (e.g. a category), or None."""
    if data is None or not data.startswith(prefix + ":"):
        return None
    parts = data[len(prefix) + 1 :].split(":")
    if len(parts) != count + 1 or not _WORD.fullmatch(parts[-1]):
        return None
    ids = parse_ids(":".join([prefix, *parts[:-1]]), prefix, count)
    return None if ids is None else (ids, parts[-1])


async def popup(query: CallbackQuery | None, text: str, *, alert: bool = False) -> None:
    """Answer a button press with a pop-up (``alert``: one the person must dismiss).

    ``text`` is a catalogue text as `t()`/`raw()` give it (HTML). Telegram shows pop-ups as plain
    text of at most 200 characters, so it goes out as `bot.messages.popup_text` makes it: tags
    dropped, entities decoded (``A &amp; B`` reads "A & B"), cut with an ellipsis. Every pop-up
    of the bot goes through here (tests/unit/test_popups.py holds the handlers to it).
    """
    assert query is not None
    await query.answer(popup_text(text), show_alert=alert)
