"""Command line: `python -m bot [run|demo|verify-audit|migrate]`.

- `run` (the default): the bot on Telegram by long polling; with no TELEGRAM_BOT_TOKEN it runs the
  demo instead, so a fresh clone shows what the bot does without any set-up.
- `demo`: the built-in demo in the offline sandbox, printed as a transcript.
- `verify-audit`: checks the audit log's hash chain and names the first broken entry.
- `migrate`: brings the database schema up to date and exits.

A configuration or SOP problem ends the program with one clear line and exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.sop import SopError, load_sop

EXIT_CONFIG = 2


def _configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    logging.basicConfig(
        level=logging.WARNING if quiet else getattr(logging, settings.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request at INFO, which would print the token in the URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _run_bot(settings: Settings) -> int:
    from telegram import Update

    from bot.app import build_application

    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


async def _verify_audit(settings: Settings) -> int:
    from storage.audit import AuditLog
    from storage.database import open_database

    db = await open_database(settings.database_path)
    try:
        check = await AuditLog().verify(db)
    finally:
        await db.close()
    if check.ok:
        print(f"Log audit utuh: {check.checked} entri diperiksa. (Audit log intact: {check.checked} entries.)")
        return 0
    print(
        f"Log audit RUSAK pada entri #{check.first_broken_id} ({check.reason}); "
        f"{check.checked} entri sebelumnya utuh. "
        f"(Audit log BROKEN at entry #{check.first_broken_id}.)"
    )
    return 1


async def _migrate(settings: Settings) -> int:
    from storage.database import open_database

    db = await open_database(settings.database_path)
    await db.close()
    print(f"Skema basis data mutakhir: {settings.database_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Bot SOP Pengumuman Informasi Publik (PPID)")
    parser.add_argument("command", nargs="?", default="run", choices=("run", "demo", "verify-audit", "migrate"))
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        load_sop(settings.sop_file)
    except ConfigError as error:
        print(f"Konfigurasi tidak valid (invalid configuration): {error}", file=sys.stderr)
        return EXIT_CONFIG
    except SopError as error:
        print(f"SOP tidak valid (invalid SOP file): {error}", file=sys.stderr)
        return EXIT_CONFIG

    command = args.command
    if command == "run" and settings.bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN belum diisi: menjalankan demo di sandbox offline.\n"
            "(No TELEGRAM_BOT_TOKEN: running the offline sandbox demo.)\n"
        )
        command = "demo"
    _configure_logging(settings, quiet=command == "demo")
    if command == "run":
        return _run_bot(settings)
    if command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(settings))
    if command == "verify-audit":
        return asyncio.run(_verify_audit(settings))
    return asyncio.run(_migrate(settings))


if __name__ == "__main__":
    sys.exit(main())
