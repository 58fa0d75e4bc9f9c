"""How the bot logs: one `logging.config.dictConfig` for every command.

Rules:
- one line per record on standard error (systemd's journal or the container's log keeps it),
  its time in the office's time zone with the offset (`2026-12-01 09:00:00+0700`), so a line
  reads the same on a server kept in UTC;
- the bot token never appears: every line, exception text and traceback included, is written
  with the token replaced by `<token>` (PTB names a refused token in its error, and the Bot API's
  URLs carry it);
- libraries say only what needs attention: httpx (a line per request, with the token in the URL)
  and APScheduler (two lines per sweep, about 576 a day) at WARNING; PTB's own loggers at
  WARNING unless `LOG_LEVEL=debug`;
- `LOG_LEVEL=debug` adds one line per update handled (`bot.updates`), nothing else does.
"""

from __future__ import annotations

import logging
import logging.config
import sys
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from telegram.error import InvalidToken

from bot.config import Settings

REDACTED = "<token>"
QUIET_LIBRARIES = ("httpx", "httpcore", "apscheduler", "telegram", "aiosqlite", "asyncio")
UPDATE_LOG = "bot.updates"


class OfficeTimeFormatter(logging.Formatter):
    """`%(asctime)s` in the office's time zone with its offset, and the secrets taken out."""

    def __init__(self, fmt: str, zone: ZoneInfo, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self.zone = zone
        self.secrets = tuple(secret for secret in secrets if secret)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        moment = datetime.fromtimestamp(record.created, self.zone)
        return moment.strftime(datefmt or "%Y-%m-%d %H:%M:%S%z")

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


class NoTracebackForKnownFailures(logging.Filter):
    """A rejected token is said by the bot in its own line (`bot.running`); PTB's record of it keeps
    its one line but loses the traceback, which only repeats it in English."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], InvalidToken):
            record.exc_info = None
            record.exc_text = None
        return True


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes each record to whatever `sys.stderr` is at that moment (a test harness or an
    embedding program may replace it after logging was configured)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current standard error."""


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    """Set up logging for a command; `quiet` (the demo, backups): warnings and errors only."""
    level = "WARNING" if quiet else settings.log_level
    debugging = level == "DEBUG"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "office": {
                    "()": OfficeTimeFormatter,
                    "fmt": "%(asctime)s %(levelname)s %(name)s: %(message)s",
                    "zone": settings.timezone,
                    "secrets": settings.secrets,
                }
            },
            "filters": {"known": {"()": NoTracebackForKnownFailures}},
            "handlers": {"stderr": {"()": CurrentStderrHandler, "formatter": "office", "filters": ["known"]}},
            "root": {"level": level, "handlers": ["stderr"]},
            "loggers": {
                **{name: {"level": "DEBUG" if debugging and name == "telegram" else "WARNING"} for name in QUIET_LIBRARIES},
                UPDATE_LOG: {"level": "DEBUG" if debugging else "WARNING"},
            },
        }
    )
