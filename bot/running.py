"""`ppid-bot run` and `ppid-bot check`: the bot on Telegram, after its start-up checks.

`run` sets `PpidApplication.check_at_start`, so that the application's `initialize()` makes the
checks of `bot.startup_check` in this order: the instance lock, what needs no network (admins,
SOP, writable folders), the database's integrity, then Telegram (retried while out of reach, one
line per try) and the public channel. Exit codes, for the service manager:
- 2: something the office must fix (a refused token, at start or revoked while running, a
  missing channel or no right to post there, no admin, a folder that cannot be written, another
  bot already on this database, or another poller with this token answered by Telegram with
  409): not restarted in a loop;
- 1: Telegram never answered at start, or stopped answering: started again later;
- 0: stopped on purpose (Ctrl+C, `systemctl stop`).

`check` makes the same checks, prints one line per check and exits 2 on a fatal problem, 1 when
Telegram could not be reached, else 0. It writes nothing but a test file in each data folder
(creating the folders when they are missing, as the first start would).
"""

from __future__ import annotations

import asyncio

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.application import PpidApplication
from bot.config import Settings
from bot.startup_check import CheckReport, StartupRefused, check_all, redacted, say_on_stderr

EXIT_OK = 0
EXIT_UNREACHABLE = 1
EXIT_FIX_CONFIGURATION = 2


async def _checked(bot: Bot | None, settings: Settings) -> CheckReport:
    try:
        return await check_all(bot, settings, say_on_stderr)
    finally:
        if bot is not None:
            await bot.shutdown()


def check(settings: Settings) -> int:
    """`ppid-bot check`: every check, one line each."""
    from bot.app import build_application

    bot = build_application(settings).bot if settings.bot_token is not None else None
    report = asyncio.run(_checked(bot, settings))
    for finding in report.findings:
        print(finding.line)
    if report.unreachable:
        print("MASALAH  Telegram tidak dapat dihubungi: token dan kanal belum diperiksa (Telegram unreachable)")
    if report.fatal:
        return EXIT_FIX_CONFIGURATION
    return EXIT_UNREACHABLE if report.unreachable else EXIT_OK


def run_bot(settings: Settings) -> int:
    """`ppid-bot run`: the checks, then long polling until stopped."""
    from bot.app import build_application

    application = build_application(settings)
    application.check_at_start = True
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return _run_polling(application, settings, loop)
    finally:
        loop.close()


def _finish(application: PpidApplication, loop: asyncio.AbstractEventLoop) -> None:
    """Stop and shut down what PTB left running: when its Updater's stop re-raises the polling
    task's error (a rejected token), run_polling skips the application's stop and shutdown, and
    the database's thread, never closed, kept the process from ending."""
    if application.running:
        loop.run_until_complete(application.stop())
    loop.run_until_complete(application.shutdown())


def _run_polling(application: PpidApplication, settings: Settings, loop: asyncio.AbstractEventLoop) -> int:
    try:
        application.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    except StartupRefused as refused:
        for problem in refused.problems:
            say_on_stderr(problem.line)
        if refused.fatal:
            say_on_stderr("Bot tidak dijalankan: perbaiki hal di atas lalu jalankan lagi. (The bot was not started.)")
            return EXIT_FIX_CONFIGURATION
        say_on_stderr(
            "Bot tidak dijalankan: Telegram tidak dapat dihubungi. (The bot was not started: Telegram unreachable.)"
        )
        return EXIT_UNREACHABLE
    except TelegramError as error:
        _finish(application, loop)
        if application.stopped_because is not None:
            say_on_stderr(application.stopped_because)
            return EXIT_FIX_CONFIGURATION
        reason = redacted(error.message, settings)
        say_on_stderr(f"Bot berhenti: Telegram menjawab {reason}. (The bot stopped: {reason}.)")
        return EXIT_UNREACHABLE
    if application.stopped_because is not None:
        say_on_stderr(application.stopped_because)
        return EXIT_FIX_CONFIGURATION
    return EXIT_OK
