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


def _pack(parts: Iterable[str], separator: str, limit: int) -> list[str]:
    """Join consecutive `parts` with `separator` as long as the result stays within `limit`."""
    packed: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                packed.append(current)
            current = part
    if current:
        packed.append(current)
    return packed


def _fit_block(block: str, limit: int) -> list[str]:
    """A block as one or more pieces, each at most `limit` long."""
    if telegram_length(block) <= limit:
        return [block]
    lines = [
        piece
        for line in block.split("\n")
        for piece in (_cut_hard(line, limit) if telegram_length(line) > limit else [line])
    ]
    return _pack(lines, "\n", limit)


def pack_messages(blocks: Iterable[str], limit: int = MESSAGE_TEXT_MAX) -> list[str]:
    """Join `blocks` with blank lines into messages of at most `limit` characters each.

    The raw HTML is measured, which is never shorter than the text Telegram counts after parsing
    entities, so every message fits.
    """
    pieces = (piece for block in blocks for piece in _fit_block(block.strip("\n"), limit))
    return _pack(pieces, BLOCK_SEPARATOR, limit)
