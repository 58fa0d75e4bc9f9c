"""Command line: `python -m bot [run|demo|verify-audit|migrate|backup DIR|restore DIR [--force]]`.

- `run` (the default): the bot on Telegram by long polling; with no TELEGRAM_BOT_TOKEN it runs the
  demo instead, so a fresh clone shows what the bot does without any set-up.
- `demo`: the built-in demo in the offline sandbox, printed as a transcript.
- `verify-audit`: checks the audit log's keyed hash chain under the audit key, and that it still
  holds the head last published to the admins (the daily digest); names the first broken entry.
- `migrate`: brings the database schema up to date and exits.
- `backup DIR`: a consistent copy of the database and the file store in a new folder of DIR, made
  while the bot may keep running (see `storage.backup`).
- `restore DIR`: brings back the backup in DIR (or the newest backup in DIR) after checking it (its
  signature under the audit key, its schema, its audit chain); the current data is moved aside,
  never deleted. The bot must be stopped. A backup whose audit chain is broken is refused unless
  `--force` is given, and then the break is named.

A configuration or SOP problem, or a missing DIR, ends the program with one clear line and exit
code 2; a failed check (a damaged database, a refused restore, a broken audit log) with exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_settings
from bot.sop import SopError, load_sop
from storage.audit import AuditKeyError
from storage.backup import DatabaseDamaged, damage_in

if TYPE_CHECKING:
    from storage.audit import AuditLog

EXIT_FAILED = 1
EXIT_CONFIG = 2
COMMANDS = ("run", "demo", "verify-audit", "migrate", "backup", "restore")
DIR_COMMANDS = ("backup", "restore")


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


def _key_refused(error: AuditKeyError) -> int:
    print(f"Kunci audit: {error.indonesian}. (Audit key: {error.english}.)", file=sys.stderr)
    return EXIT_FAILED


async def _verify_audit(settings: Settings) -> int:
    from storage.audit import describe_break, open_audit_log, published_head_path, read_published_head
    from storage.database import open_database

    db = await open_database(settings.database_path)
    try:
        audit = await open_audit_log(db, settings.audit_key_file, create=False)
        published = read_published_head(published_head_path(settings.audit_key_file))
        check = await audit.verify(db, published=published)
    except AuditKeyError as error:
        return _key_refused(error)
    finally:
        await db.close()
    indonesian, english = describe_break(check)
    if check.ok:
        keyed = "" if audit.keyed else " (belum berkunci: jalankan bot sekali untuk membuat kunci audit)"
        seen = f"; kepala terakhir yang diumumkan (#{published.entries}) ada" if published else ""
        print(
            f"Log audit utuh: {check.checked} entri diperiksa, kepala #{check.head.entries} {check.head.short}"
            f"{seen}{keyed}. (Audit log intact: {check.checked} entries.)"
        )
        return 0
    print(f"{indonesian[0].upper()}{indonesian[1:]}. ({english}.)")
    return 1


async def _audit_log_of(settings: Settings) -> AuditLog:
    """The bot's audit log under its key (created and the old chain sealed, as at the bot's start)."""
    from storage.audit import open_audit_log
    from storage.database import open_database

    db = await open_database(settings.database_path)
    try:
        return await open_audit_log(db, settings.audit_key_file)
    finally:
        await db.close()


async def _migrate(settings: Settings) -> int:
    from storage.database import open_database

    db = await open_database(settings.database_path)
    await db.close()
    print(f"Skema basis data mutakhir: {settings.database_path}")
    return 0


async def _backup(settings: Settings, directory: Path) -> int:
    from storage.backup import BackupError, backup

    if not settings.database_path.is_file():
        print(f"Cadangan gagal: basis data tidak ditemukan: {settings.database_path}. (Backup failed: no database.)",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        audit_log = await _audit_log_of(settings)
    except AuditKeyError as error:
        return _key_refused(error)
    try:
        report = await backup(settings.database_path, settings.files_dir, directory, audit_log=audit_log)
    except BackupError as error:
        print(f"Cadangan gagal: {error.indonesian}. (Backup failed: {error.english}.)", file=sys.stderr)
        return EXIT_FAILED
    summary = (
        f"{report.documents} dokumen, {report.files} berkas, {report.audit_entries} entri audit "
        f"(kepala {report.audit_head}), skema versi {report.schema_version}"
    )
    if report.ok:
        print(f"Cadangan dibuat: {report.path} ({summary}). (Backup made: {report.path}.)")
        return 0
    problems: list[str] = []
    problems_en: list[str] = []
    if not report.audit_ok:
        problems.append(f"log audit rusak pada entri #{report.audit_first_broken_id}")
        problems_en.append(f"the audit log is broken at entry #{report.audit_first_broken_id}")
    lost = sorted(set(report.missing_files) | set(report.damaged_files))
    if lost:
        problems.append(f"{len(lost)} berkas hilang atau rusak di penyimpanan, mis. {lost[0]}")
        problems_en.append(f"{len(lost)} stored files are missing or damaged")
    print(
        f"Cadangan dibuat dengan masalah: {report.path} ({summary}); {'; '.join(problems)}. "
        f"(Backup made with problems: {'; '.join(problems_en)}.)",
        file=sys.stderr,
    )
    return EXIT_FAILED


async def _restore(settings: Settings, directory: Path, *, force: bool) -> int:
    from storage.audit import AuditLog, describe_break, published_head_path, read_key, write_published_head
    from storage.backup import (
        BackupError,
        BackupInvalid,
        BackupNotFound,
        DatabaseInUse,
        find_backup,
        restore,
    )

    try:
        find_backup(directory)  # a wrong folder is named first, before the key is asked for
        key = read_key(settings.audit_key_file)
    except BackupNotFound as error:
        print(f"Pemulihan ditolak: {error.indonesian}. (Restore refused: {error.english}.)", file=sys.stderr)
        return EXIT_CONFIG
    except AuditKeyError as error:
        return _key_refused(error)
    if key is None:
        print(
            f"Pemulihan ditolak: berkas kunci audit {settings.audit_key_file} tidak ada; tanpa kunci itu tanda tangan "
            f"cadangan dan log audit tidak dapat diperiksa. Pulihkan berkas kunci dahulu. "
            f"(Restore refused: the audit key file is missing.)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        report = await restore(
            directory, settings.database_path, settings.files_dir, audit_log=AuditLog(key=key), force=force
        )
    except BackupNotFound as error:
        print(f"Pemulihan ditolak: {error.indonesian}. (Restore refused: {error.english}.)", file=sys.stderr)
        return EXIT_CONFIG
    except (BackupInvalid, DatabaseInUse) as error:
        print(f"Pemulihan ditolak: {error.indonesian}. (Restore refused: {error.english}.)", file=sys.stderr)
        return EXIT_FAILED
    except BackupError as error:
        print(f"Pemulihan gagal: {error.indonesian}. (Restore failed: {error.english}.)", file=sys.stderr)
        return EXIT_FAILED
    aside = ", ".join(str(path) for path in report.moved_aside) or "tidak ada"
    # The restored chain is the one the next digest publishes: a deliberate step back in time.
    write_published_head(published_head_path(settings.audit_key_file), report.audit.head, datetime.now(timezone.utc))
    if not report.audit.ok:
        indonesian, english = describe_break(report.audit)
        print(
            f"Dipulihkan dari {report.source} (cadangan {report.created_at}) dengan --force: {report.files} berkas "
            f"cocok dengan manifest, tetapi {indonesian}; data sebelumnya dipindahkan ke: {aside}. "
            f"(Restored with --force; {english}.)"
        )
        return EXIT_FAILED
    print(
        f"Dipulihkan dari {report.source} (cadangan {report.created_at}): {report.files} berkas dan "
        f"{report.audit_entries} entri audit diperiksa utuh (kepala #{report.audit.head.entries} "
        f"{report.audit.head.short}); data sebelumnya dipindahkan ke: {aside}. "
        f"(Restored and verified; the previous data was moved aside, not deleted.)"
    )
    return 0


def _damaged_line(error: DatabaseDamaged) -> str:
    problem = error.problems[0] if len(error.problems[0]) <= 160 else error.problems[0][:157] + "..."
    return (
        f"Basis data rusak ({error.path}: {problem}); bot tidak dijalankan. Pulihkan dari cadangan dengan "
        f"`python -m bot restore DIR`. (The database is damaged; restore it from a backup.)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Bot SOP Pengumuman Informasi Publik (PPID)")
    parser.add_argument("command", nargs="?", default="run", choices=COMMANDS)
    parser.add_argument("directory", nargs="?", default=None, help="folder cadangan (backup/restore)")
    parser.add_argument(
        "--force", action="store_true", help="restore: pulihkan walau log audit cadangan rusak (kerusakannya disebutkan)"
    )
    args = parser.parse_args(argv)
    if args.force and args.command != "restore":
        print(f"--force hanya untuk restore (--force is only for restore), bukan {args.command}", file=sys.stderr)
        return EXIT_CONFIG
    if args.command in DIR_COMMANDS and args.directory is None:
        print(
            f"Perintah {args.command} memerlukan folder: python -m bot {args.command} DIR "
            f"(the {args.command} command needs a folder)",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    if args.command not in DIR_COMMANDS and args.directory is not None:
        print(
            f"Perintah {args.command} tidak menerima folder: {args.directory} "
            f"(the {args.command} command takes no folder)",
            file=sys.stderr,
        )
        return EXIT_CONFIG
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
    _configure_logging(settings, quiet=command in ("demo", "backup", "restore"))
    try:
        if command == "run":
            return _run_bot(settings)
        if command == "demo":
            from bot.demo import run_demo

            return asyncio.run(run_demo(settings))
        if command == "verify-audit":
            return asyncio.run(_verify_audit(settings))
        if command == "backup":
            return asyncio.run(_backup(settings, Path(args.directory)))
        if command == "restore":
            return asyncio.run(_restore(settings, Path(args.directory), force=args.force))
        return asyncio.run(_migrate(settings))
    except DatabaseDamaged as error:
        print(_damaged_line(error), file=sys.stderr)
        return EXIT_FAILED
    except AuditKeyError as error:  # the bot's start (or a command) found the audit key unusable
        return _key_refused(error)
    except Exception as error:
        damaged = damage_in(error, settings.database_path)
        if damaged is None:
            raise
        print(_damaged_line(damaged), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
