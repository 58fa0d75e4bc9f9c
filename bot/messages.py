"""Packing long texts into as few Telegram messages as fit its length limit, and pop-up texts.

Texts are HTML built from blocks (paragraphs, table rows) that are each well-formed on their own,
so a message is cut between blocks first; a block too long for one message is cut between its
lines, and a line too long is cut between characters. A cut never falls inside a tag or an
entity (``&amp;``), and a tag open at a cut (``<b>`` ... ``</b>``) is closed at the end of the
piece and opened again at the start of the next one, so every message is valid HTML that Telegram
accepts, showing the same text.

Pop-ups (``answerCallbackQuery``) are plain text, not HTML: :func:`popup_text` turns a text of the
catalogue into what the person should read (tags dropped, entities decoded) within Telegram's 200
characters.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from html import unescape

from bot.telegram_limits import CALLBACK_ANSWER_MAX, MESSAGE_TEXT_MAX, telegram_length

BLOCK_SEPARATOR = "\n\n"
ELLIPSIS = "…"

# One token of HTML as Telegram reads it: a tag, an entity, or a single character.
_TOKEN = re.compile(r"<[^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});|.", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


def _tag(token: str) -> tuple[bool, str] | None:
    """(closing?, name) for a tag token, None for text and entities."""
    if not token.startswith("<"):
        return None
    match = _TAG_NAME.match(token)
    return None if match is None else (bool(match[1]), match[2].lower())


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _split_html(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` (raw HTML, UTF-16), preferring line ends.

    The open tags at a cut are closed at the end of the piece and reopened (with their
    attributes) at the start of the next.
    """
    pending = deque(_TOKEN.findall(text))
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    stack: list[tuple[str, str]] = []  # (name, opening tag) of the tags open at the end of `current`
    reopened = 0  # tokens at the start of `current` that only reopen tags
    newline_cut: tuple[int, list[tuple[str, str]]] | None = None  # (tokens, open tags) just after a "\n"
    while pending:
        token = pending.popleft()
        tag = _tag(token)
        after = list(stack)
        if tag is not None:
            closing, name = tag
            if closing:
                if after and after[-1][0] == name:
                    after.pop()
            else:
                after.append((name, token))
        size = telegram_length(token)
        if length + size + telegram_length(_closers(after)) > limit and len(current) > reopened:
            # The last line end if there is one (its closers fitted then, and the piece is shorter).
            cut_tokens, cut_stack = newline_cut if newline_cut is not None else (len(current), stack)
            piece = "".join(current[:cut_tokens])
            piece = piece[:-1] if piece.endswith("\n") else piece
            pieces.append(piece + _closers(cut_stack))
            pending.appendleft(token)
            pending.extendleft(reversed(current[cut_tokens:]))
            current = [opening for _, opening in cut_stack]
            reopened = len(current)
            length = sum(telegram_length(opening) for opening in current)
            stack = list(cut_stack)
            newline_cut = None
            continue
        current.append(token)
        length += size
        stack = after
        if token == "\n":
            newline_cut = (len(current), list(stack))
    if len(current) > reopened:
        pieces.append("".join(current) + _closers(stack))
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
    return _split_html(block, limit)


def pack_messages(blocks: Iterable[str], limit: int = MESSAGE_TEXT_MAX) -> list[str]:
    """Join `blocks` with blank lines into messages of at most `limit` characters each.

    The raw HTML is measured, which is never shorter than the text Telegram counts after parsing
    entities, so every message fits.
    """
    pieces = (piece for block in blocks for piece in _fit_block(block.strip("\n"), limit))
    return _pack(pieces, BLOCK_SEPARATOR, limit)


def plain_text(html: str) -> str:
    """What Telegram shows for ``html``: the tags dropped, the entities decoded."""
    return "".join(unescape(token) if _tag(token) is None else "" for token in _TOKEN.findall(html))


def popup_text(html: str, limit: int = CALLBACK_ANSWER_MAX) -> str:
    """A catalogue text (HTML) as a pop-up: plain text of at most ``limit`` characters (UTF-16)."""
    text = plain_text(html)
    if telegram_length(text) <= limit:
        return text
    cut = ""
    for char in text:
        if telegram_length(cut + char + ELLIPSIS) > limit:
            break
        cut += char
    return cut.rstrip() + ELLIPSIS
