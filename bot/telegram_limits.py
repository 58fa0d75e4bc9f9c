"""Telegram's limits that the bot must respect, in one place (see the design's limits paragraph).

Lengths of texts are counted as Telegram counts them: in UTF-16 code units.
"""

from __future__ import annotations

MESSAGE_TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_DATA_MAX_BYTES = 64
KEYBOARD_BUTTONS_MAX = 100
KEYBOARD_ROW_MAX = 8
CALLBACK_ANSWER_MAX = 200
BOT_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024
BOT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
MESSAGES_PER_SECOND_OVERALL = 30
MESSAGES_PER_SECOND_PER_CHAT = 1
MESSAGES_PER_MINUTE_PER_GROUP = 20


def telegram_length(text: str) -> int:
    """Length of `text` as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters as Telegram counts them (UTF-16 units), with an ellipsis."""
    if telegram_length(text) <= limit:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit - 1:
            return text[:index].rstrip() + "…"
    return text
