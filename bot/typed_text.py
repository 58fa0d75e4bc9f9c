"""Text typed by people, cleaned the one same way everywhere before it is checked or stored.

Control and invisible formatting characters (NUL, right-to-left overrides, zero-width spaces) are
dropped, and runs of whitespace, newlines included, become one space. What is left is what the
person meant to write, so length checks agree with what SQLite and Telegram will count.
"""

from __future__ import annotations

import unicodedata

_DROPPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn")


def clean_typed(value: object) -> str:
    """`value` as text without control or format characters, whitespace collapsed, stripped."""
    if value is None:
        return ""
    text = str(value)
    kept = "".join(
        " " if char in "\t\n\r\v\f" else char
        for char in text
        if char in "\t\n\r\v\f" or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return " ".join(kept.split())
