"""Recognising SQLite's failures: damage, a full disk, a busy database, a file that cannot be opened
(a full disk also when the file store, not SQLite, hits it: `OSError` ENOSPC or EDQUOT).

Handlers and the start-up code ask these questions of any exception (`handlers/errors.py` answers
the person, `bot/cli.py` and `bot/application.py` refuse to start on a damaged database); each
looks through the exception's causes and contexts, at SQLite's result code first and its message
second. :class:`DatabaseDamaged` is what the bot refuses to start with; :func:`damage_in` turns a
damage error into one.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = [
    "DatabaseDamaged",
    "damage_in",
    "is_busy_error",
    "is_cannot_open_error",
    "is_damage_error",
    "is_storage_full_error",
    "unreadable_message",
]

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 5, 6, 10, 11, 13, 26
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN = 3, 8, 14
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class DatabaseDamaged(Exception):
    """The database failed ``PRAGMA quick_check`` (or SQLite called it malformed)."""

    def __init__(self, path: str | Path, problems: Sequence[str]) -> None:
        self.path = str(path)
        # One line each (SQLite's report starts with "*** in database main ***" and a newline).
        self.problems = tuple(" ".join(problem.split()) for problem in problems) or ("database disk image is malformed",)
        more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"the database {self.path} is damaged: {self.problems[0]}{more}")


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error, then its causes (``raise ... from``) and contexts, without looping."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def unreadable_message(error: UnicodeDecodeError) -> str | None:
    """SQLite's own message when Python could not decode it (damage quoting garbage bytes), else None.

    A damaged schema makes SQLite answer ``malformed database schema (...) - near "<bytes>"``;
    when the bytes are not UTF-8, :mod:`sqlite3` raises UnicodeDecodeError instead of the error.
    """
    data = error.object if isinstance(error.object, bytes) else b""
    text = data.decode("utf-8", "replace")
    return text if text.lower().startswith(("malformed", "database disk image")) else None


def _matches(error: BaseException, codes: set[int], phrases: tuple[str, ...]) -> bool:
    for link in _chain(error):
        if isinstance(link, UnicodeDecodeError):
            text = (unreadable_message(link) or "").lower()
        elif isinstance(link, sqlite3.Error):
            code = _primary_code(link)
            if code is not None and code in codes:
                return True
            text = str(link).lower()
        else:
            continue
        if any(phrase in text for phrase in phrases):
            return True
    return False


def is_damage_error(error: BaseException) -> bool:
    """True when SQLite says the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    return _matches(
        error,
        {_SQLITE_CORRUPT, _SQLITE_NOTADB},
        ("database disk image is malformed", "malformed database schema", "file is not a database"),
    )


def is_storage_full_error(error: BaseException) -> bool:
    """True for "database or disk is full" (SQLITE_FULL) and "disk I/O error" (SQLITE_IOERR), and for
    a file write that found the disk or the quota full (an upload being staged)."""
    if any(isinstance(link, OSError) and link.errno in _DISK_FULL_ERRNOS for link in _chain(error)):
        return True
    return _matches(error, {_SQLITE_FULL, _SQLITE_IOERR}, ("database or disk is full", "disk i/o error"))


def is_busy_error(error: BaseException) -> bool:
    """True for "database is locked": another connection held the lock longer than the busy timeout."""
    return _matches(error, {_SQLITE_BUSY, _SQLITE_LOCKED}, ("database is locked", "database table is locked"))


def is_cannot_open_error(error: BaseException) -> bool:
    """True when SQLite cannot open or write the file at all (SQLITE_CANTOPEN, SQLITE_READONLY,
    SQLITE_PERM): a folder where the database should be, or a file this user may not write."""
    return _matches(
        error,
        {_SQLITE_CANTOPEN, _SQLITE_READONLY, _SQLITE_PERM},
        ("unable to open database file", "attempt to write a readonly database"),
    )


def damage_in(error: BaseException, path: str | Path) -> DatabaseDamaged | None:
    """A :class:`DatabaseDamaged` for ``error`` when it (or its cause) is SQLite reporting damage."""
    if not is_damage_error(error):
        return None
    for link in _chain(error):
        if isinstance(link, UnicodeDecodeError) and unreadable_message(link):
            return DatabaseDamaged(path, [str(unreadable_message(link))])
        if isinstance(link, sqlite3.Error):
            return DatabaseDamaged(path, [str(link)])
    return DatabaseDamaged(path, [str(error)])  # pragma: no cover - is_damage_error found one

