"""The bot's log lines: office time with its offset, never the token, quiet libraries, updates at debug."""

from __future__ import annotations

import dataclasses
import logging
import re

import pytest

from bot.config import load_settings
from bot.logging_setup import configure_logging

TOKEN = "123456789:AAFakeTokenForTheTestOnly_0123456789"


def settings(level: str = "info"):  # type: ignore[no-untyped-def]
    base = load_settings({"LOG_LEVEL": level, "TIMEZONE": "Asia/Pontianak"})
    return dataclasses.replace(base, bot_token=TOKEN)


def test_lines_carry_the_office_time_zone_and_never_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(settings())
    log = logging.getLogger("bot.something")
    log.info("asked https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
    except RuntimeError:
        log.exception("start failed")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert "asked https://api.telegram.org/bot<token>/getMe" in err
    assert "The token `<token>` was rejected" in err  # the traceback's text too
    first = err.splitlines()[0]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0700 INFO bot.something: ", first), first


def test_libraries_say_only_what_needs_attention(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(settings())
    logging.getLogger("apscheduler.executors.default").info('Running job "reminder_sweep"')
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot.../getUpdates")
    logging.getLogger("bot.updates").debug("update 1 of chat 2 handled in 3.0 ms")
    logging.getLogger("apscheduler.scheduler").warning("Run time of job was missed")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Run time of job was missed" in err


def test_debug_adds_one_line_per_update(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(settings("debug"))
    logging.getLogger("bot.updates").debug("update 1 of chat 2 handled in 3.0 ms")
    logging.getLogger("apscheduler.executors.default").info('Running job "reminder_sweep"')
    err = capsys.readouterr().err
    assert "update 1 of chat 2 handled" in err and "reminder_sweep" not in err


def test_the_proxy_password_is_never_written(capsys: pytest.CaptureFixture[str]) -> None:
    with_proxy = dataclasses.replace(settings(), telegram_proxy="http://pegawai:Rahasia-99@proxy.kantor:3128")
    configure_logging(with_proxy)
    logging.getLogger("bot.something").error("proxy http://pegawai:Rahasia-99@proxy.kantor:3128 refused")
    err = capsys.readouterr().err
    assert "Rahasia-99" not in err and "pegawai:" in err
