"""Formatted text as the Bot API parses it: HTML into plain text plus MessageEntity dicts.

Only `parse_mode="HTML"` is parsed (the tags listed under "HTML style" in the Bot API docs);
Markdown modes are passed through unchanged. Entity offsets and lengths are in UTF-16 code
units, as Telegram counts them. Malformed HTML raises `EntityParseError` with a detail worded
like the Bot API server's ("Unsupported start tag "x" at byte offset N", "Can't find end tag
corresponding to start tag "b"", ...).
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from typing import Any

from bot.sandbox.state import json_copy
from bot.telegram_limits import telegram_length

__all__ = ["EntityParseError", "parse_formatted"]

# tag -> entity type (see https://core.telegram.org/bots/api#html-style)
_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


class EntityParseError(ValueError):
    """The text could not be parsed; `str(error)` is the detail after "can't parse entities: "."""


class _TelegramHTML(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.parts: list[str] = []
        self._out_len = 0  # UTF-16 units emitted so far
        self.entities: list[dict[str, Any]] = []
        self._stack: list[tuple[str, dict[str, Any] | None]] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        char_index = self._line_starts[line - 1] + column
        return len(self._source[:char_index].encode("utf-8"))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self._out_len += telegram_length(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = _TAGS.get(tag)
        if kind is None:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
            )
        attributes = {name: value or "" for name, value in attrs}
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        entity: dict[str, Any] | None = {"type": kind, "offset": self._out_len}
        if tag == "a":
            href = attributes.get("href")
            entity = {"type": "text_link", "offset": self._out_len, "url": href} if href else None
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id", "")
        elif tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif tag == "code" and self._stack and self._stack[-1][0] == "pre":
            # <pre><code class="language-x">: the language goes on the pre entity.
            language = attributes.get("class", "")
            pre_entity = self._stack[-1][1]
            if language.startswith("language-") and pre_entity is not None:
                pre_entity["language"] = language.removeprefix("language-")
            entity = None
        self._stack.append((tag, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise EntityParseError(
            f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
        )

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte_offset()}")
        open_tag, entity = self._stack.pop()
        if open_tag != tag:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset()}, "
                f'expected "</{open_tag}>", found "</{tag}>"'
            )
        if entity is not None:
            length = self._out_len - entity["offset"]
            if length > 0:
                entity["length"] = length
                self.entities.append(entity)

    def handle_comment(self, data: str) -> None:
        raise EntityParseError(f'Unsupported start tag "!--" at byte offset {self._byte_offset()}')

    def handle_decl(self, decl: str) -> None:
        raise EntityParseError(f'Unsupported start tag "!" at byte offset {self._byte_offset()}')

    def finish(self) -> None:
        self.close()
        if self._stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self._stack[-1][0]}"'
            )


def parse_formatted(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities for `text` sent with `parse_mode` (or explicit `entities`).

    Raises `EntityParseError` for malformed HTML and `ValueError` for an unknown parse mode.
    """
    if not parse_mode:
        return text, [dict(entity) for entity in entities or []]
    mode = parse_mode.lower()
    if mode in ("markdown", "markdownv2"):
        return text, []
    if mode != "html":
        raise ValueError(parse_mode)
    plain, found = _parse_html(text)
    return plain, json_copy(found)


def _check_brackets(text: str) -> None:
    """Refuse a "<" that starts no tag, as the Bot API does (Python's parser would keep it as text).

    Every "<" must open a tag that ends with ">": a tag cut off at the end of the text is
    "Unclosed start tag", a "<" followed by no tag name (``a < b``) an unsupported tag "".
    """
    start = text.find("<")
    while start != -1:
        offset = len(text[:start].encode("utf-8"))
        end = text.find(">", start)
        if end == -1:
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        inner = text[start + 1 : end]
        if not inner.lstrip("/")[:1].isalpha() and not inner.startswith(("!", "?")):
            name = inner.split()[0] if inner.split() else ""
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
        start = text.find("<", end)


@functools.lru_cache(maxsize=256)
def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    # Cached: a bot tells several people the same thing (a task card to every holder of a step).
    # Callers get copies (see parse_formatted); what is cached is never handed out.
    _check_brackets(text)
    parser = _TelegramHTML(text)
    parser.feed(text)
    parser.finish()
    found = sorted(parser.entities, key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(parser.parts), found
