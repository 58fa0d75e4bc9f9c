"""Packing long texts into as few Telegram messages as fit its length limit.

Texts are built from blocks (paragraphs, table rows) of HTML that are each well-formed on their
own, so a message is only ever cut between blocks; a block too long for one message is cut between
its lines, and a line too long is cut hard (only plain lines are ever that long).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.telegram_limits import MESSAGE_TEXT_MAX, telegram_length

BLOCK_SEPARATOR = "\n\n"


def _cut_hard(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in line:
        if telegram_length(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _fit_block(block: str, limit: int) -> list[str]:
    """A block as one or more pieces, each at most `limit` long."""
    if telegram_length(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        for part in _cut_hard(line, limit) if telegram_length(line) > limit else [line]:
            candidate = f"{current}\n{part}" if current else part
            if telegram_length(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def pack_messages(blocks: Iterable[str], limit: int = MESSAGE_TEXT_MAX) -> list[str]:
    """Join `blocks` with blank lines into messages of at most `limit` characters each.

    The raw HTML is measured, which is never shorter than the text Telegram counts after parsing
    entities, so every message fits.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit_block(block.strip("\n"), limit):
            candidate = f"{current}{BLOCK_SEPARATOR}{piece}" if current else piece
            if telegram_length(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages
