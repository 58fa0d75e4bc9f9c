"""The command line: `ppid-bot COMMAND` (or `python -m bot COMMAND`); `run` when none is given.

| command | what |
|---|---|
| `run` | the bot on Telegram after its start-up checks (`bot.running`); without TELEGRAM_BOT_TOKEN, the demo |
| `demo` | the built-in demo in the offline sandbox, printed as a transcript, then its public web site (`bot.demo`) |
| `check` | the start-up checks alone, one line each (`bot.startup_check`) |
| `migrate` | brings the database's schema up to date (a copy is kept first, see `storage.migrations`) |
| `verify-audit` | checks the audit log under its key, and against the head the admins were shown |
| `backup DIR [--keep N]` | a backup in a new folder of DIR while the bot runs; keeps the newest N |
| `restore DIR [--force]` | brings back a checked backup; the bot must be stopped |
| `web-export DIR` | the public web site as plain files in DIR, while the bot runs (`web.export`, through `bot.app`) |

Every problem ends the program with one line, never a traceback. Exit codes: 2 for what the
office must fix (configuration, SOP file, a folder that cannot be written, another bot on the
database, a database newer than the code, a damaged database at `run`); 1 for a failed check or
Telegram out of reach; 0 done.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import NoReturn

from bot.config import ConfigError, Settings, load_settings
from bot.instance_lock import InstanceRunning
from bot.logging_setup import configure_logging
from bot.maintenance import EXIT_CONFIG, EXIT_FAILED, damaged_line, key_refused
from bot.sop import SopError, load_sop
from bot.texts import raw
from storage.audit import AuditKeyError
from storage.sqlite_errors import DatabaseDamaged, damage_in, is_cannot_open_error
from storage.migrations import DatabaseNewerThanCode, DatabaseOlderThanCode

COMMANDS = {
    "run": "menjalankan bot di Telegram setelah pemeriksaan awal (tanpa token: demo)",
    "demo": "demo di sandbox offline, dicetak sebagai transkrip percakapan, lalu situs web publiknya",
    "check": "memeriksa token, kanal publik dan hak mengirim, admin, SOP, folder data, zona waktu",
    "migrate": "memutakhirkan skema basis data (salinan lama disimpan dulu)",
    "verify-audit": "memeriksa rantai log audit dengan kuncinya",
    "backup": "membuat cadangan di folder baru di DIR (boleh saat bot berjalan); --keep N menyisakan N terbaru",
    "restore": "memulihkan cadangan dari DIR setelah diperiksa (bot harus berhenti); --force bila log audit rusak",
    "web-export": "menulis situs web publik sebagai berkas biasa di DIR (boleh saat bot berjalan)",
}
DIR_COMMANDS = ("backup", "restore", "web-export")
QUIET_COMMANDS = ("demo", "backup", "restore", "check", "web-export")


class IndonesianParser(argparse.ArgumentParser):
    """argparse, whose own complaints come out as one Indonesian line (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_CONFIG, f"Perintah tidak valid: {message}. Lihat `ppid-bot --help`. (Invalid command line.)\n")


def build_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<13} {text}" for name, text in COMMANDS.items())
    parser = IndonesianParser(
        prog="ppid-bot",
        description="Bot SOP Pengumuman Informasi Publik (PPID).",
        epilog=f"perintah:\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    parser.add_argument("command", nargs="?", default="run", choices=tuple(COMMANDS), metavar="PERINTAH",
                        help="salah satu perintah di bawah (bawaan: run)")
    parser.add_argument("directory", nargs="?", default=None, metavar="DIR", help="folder cadangan (backup, restore) atau folder situs (web-export)")
    parser.add_argument("--force", action="store_true", help="restore: pulihkan walau log audit cadangan rusak (kerusakannya disebutkan)")
    parser.add_argument("--keep", type=int, default=None, metavar="N", help="backup: sisakan N cadangan terbaru di DIR, hapus yang lebih lama")
    return parser


def _refuse(line: str) -> int:
    print(line, file=sys.stderr)
    return EXIT_CONFIG


def _damaged_exit(command: str) -> int:
    """A damaged database stops `run` with exit code 2, as `check` reports it: starting again
    cannot mend it (the systemd unit would restart the bot every 10 s for ever); the commands
    that only look after the data say 1, a failed check."""
    return EXIT_CONFIG if command == "run" else EXIT_FAILED


def _arguments_problem(args: argparse.Namespace) -> str | None:
    if args.force and args.command != "restore":
        return f"--force hanya untuk restore (--force is only for restore), bukan {args.command}"
    if args.keep is not None and args.command != "backup":
        return f"--keep hanya untuk backup (--keep is only for backup), bukan {args.command}"
    if args.keep is not None and args.keep < 1:
        return f"--keep harus 1 atau lebih (the newest backup is always kept), bukan {args.keep}"
    if args.command in DIR_COMMANDS and args.directory is None:
        return (
            f"Perintah {args.command} memerlukan folder: python -m bot {args.command} DIR "
            f"(the {args.command} command needs a folder)"
        )
    if args.command not in DIR_COMMANDS and args.directory is not None:
        return f"Perintah {args.command} tidak menerima folder: {args.directory} (the {args.command} command takes no folder)"
    return None


def _both(key: str, **values: object) -> str:
    """A console line: the text `key` in Indonesian, then in English in brackets."""
    return f"{raw(key, 'id').format(**values)} ({raw(key, 'en').format(**values)})"


async def web_export(settings: Settings, directory: Path) -> int:
    """`ppid-bot web-export DIR`: 0 written (with a note on links left out), 1 a page failed,
    2 what the office must fix (no database, an old schema, a folder that is not the export's or
    cannot be written)."""
    from bot.app import ExportFailed, ExportRefused, export_static_site
    from bot.maintenance import no_database

    refused = no_database(settings, "web-export")
    if refused is not None:
        return refused
    try:
        report = await export_static_site(settings, directory)
    except (DatabaseOlderThanCode, ExportRefused) as error:
        english = error.english if isinstance(error, ExportRefused) else str(error)
        return _refuse(f"{raw('web_export_refused', 'id').format(reason=error.indonesian)} "
                       f"({raw('web_export_refused', 'en').format(reason=english)})")
    except ExportFailed as error:
        print(_both("web_export_failed", path=error.path, status=error.status_code, directory=directory), file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        return _refuse(_both("web_export_not_written", directory=directory, reason=error.strerror or error))
    print(_both("web_export_done", pages=report.pages, files=report.files, directory=report.directory))
    for key, paths in (("web_export_missing", report.missing), ("web_export_unsafe", report.refused)):
        if paths:
            print(_both(key, count=len(paths), example=paths[0]), file=sys.stderr)
    return 0


def _dispatch(command: str, args: argparse.Namespace, settings: Settings) -> int:
    from bot import maintenance, running

    if command == "run":
        return running.run_bot(settings)
    if command == "check":
        return running.check(settings)
    if command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(settings))
    if command == "verify-audit":
        return asyncio.run(maintenance.verify_audit(settings))
    if command == "backup":
        return asyncio.run(maintenance.make_backup(settings, Path(args.directory), keep=args.keep))
    if command == "restore":
        return asyncio.run(maintenance.restore_backup(settings, Path(args.directory), force=args.force))
    if command == "web-export":
        return asyncio.run(web_export(settings, Path(args.directory)))
    return asyncio.run(maintenance.migrate(settings))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = _arguments_problem(args)
    if problem is not None:
        return _refuse(problem)
    try:
        settings = load_settings()
        load_sop(settings.sop_file)
    except ConfigError as error:
        return _refuse(f"Konfigurasi tidak valid (invalid configuration): {error}")
    except SopError as error:
        return _refuse(f"SOP tidak valid (invalid SOP file): {error}")

    command = args.command
    if command == "run" and settings.bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN belum diisi: menjalankan demo di sandbox offline.\n"
            "(No TELEGRAM_BOT_TOKEN: running the offline sandbox demo.)\n"
        )
        command = "demo"
    configure_logging(settings, quiet=command in QUIET_COMMANDS)
    try:
        return _dispatch(command, args, settings)
    except DatabaseDamaged as error:
        print(damaged_line(error), file=sys.stderr)
        return _damaged_exit(command)
    except AuditKeyError as error:  # the bot's start (or a command) found the audit key unusable
        return key_refused(error)
    except InstanceRunning as error:
        return _refuse(f"{error.indonesian} (Another bot runs on this database.)")
    except DatabaseNewerThanCode as error:
        return _refuse(f"Bot tidak dijalankan: {error.indonesian}. (The database is newer than this code.)")
    except Exception as error:
        damaged = damage_in(error, settings.database_path)
        if damaged is not None:
            print(damaged_line(damaged), file=sys.stderr)
            return _damaged_exit(command)
        if isinstance(error, OSError) or is_cannot_open_error(error):
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            return _refuse(
                f"Basis data atau folder data tidak dapat dibuat atau dibuka ({reason}): "
                f"periksa DATABASE_PATH ({settings.database_path}) dan FILES_DIR ({settings.files_dir}). "
                "(The database or data folder cannot be created or opened.)"
            )
        raise
