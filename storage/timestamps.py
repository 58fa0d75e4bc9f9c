"""Timestamps as the database stores them: ISO-8601 UTC text with a ``Z``.

Every timestamp column holds text like ``2026-11-28T13:06:24Z`` (UTC, whole
seconds). That form sorts lexically in time order, so sweeps can compare
columns with ``<=`` directly; the schema refuses any other shape with a CHECK.
Code outside storage works with aware ``datetime`` objects and converts at the
boundary with :func:`format_utc` and :func:`parse_utc`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["TIMESTAMP_FORMAT", "format_utc", "parse_utc", "parse_utc_or_none", "utc_now", "utc_now_text"]

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime truncated to whole seconds."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def format_utc(moment: datetime) -> str:
    """Format an aware datetime as stored text (converted to UTC, seconds truncated).

    Naive datetimes are refused: a naive value would silently be read as local
    time somewhere else, and the office works in Asia/Pontianak, not UTC.
    """
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"naive datetime {moment!r} cannot be stored; attach a time zone")
    return moment.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def parse_utc(text: str) -> datetime:
    """Parse stored text (``YYYY-MM-DDTHH:MM:SSZ``) into an aware UTC datetime."""
    if not isinstance(text, str) or not _TIMESTAMP_RE.fullmatch(text):
        raise ValueError(f"not a stored UTC timestamp: {text!r}")
    # The shape is checked above, so fromisoformat (C code, which reads the Z as UTC since Python
    # 3.11) gives what strptime(TIMESTAMP_FORMAT) gives, including the ValueError for a 30 February,
    # in a fraction of the time: every row the bot reads goes through here.
    return datetime.fromisoformat(text)


def parse_utc_or_none(text: str | None) -> datetime | None:
    """Like :func:`parse_utc` but passes ``None`` (a NULL column) through."""
    return None if text is None else parse_utc(text)


def utc_now_text() -> str:
    """Return the current time as stored text, e.g. ``2026-11-28T13:06:24Z``."""
    return format_utc(utc_now())
