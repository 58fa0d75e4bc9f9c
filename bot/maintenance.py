"""The commands that look after the bot's data: `verify-audit`, `migrate`, `backup`, `restore`.

Each returns the process's exit code and says what happened in one line (Indonesian first), on
standard output when it went well and on standard error when it did not. A database that does
not exist is refused by `verify-audit` and `backup` (nothing is created by a command that only
reads: run from the wrong folder, it says so instead of checking an empty new database).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from storage.audit import AuditKeyError
from storage.sqlite_errors import DatabaseDamaged

if TYPE_CHECKING:
    from storage.audit import AuditLog

EXIT_FAILED = 1
EXIT_CONFIG = 2


def no_database(settings: Settings, command: str) -> int | None:
    """Exit code 2 with one line when the configured database does not exist; else None."""
    if settings.database_path.is_file():
        return None
    print(
        f"Perintah {command} ditolak: basis data tidak ada: {settings.database_path}. Jalankan perintah dari folder "
        f"bot (tempat .env), atau periksa DATABASE_PATH. (No database at {settings.database_path}.)",
        file=sys.stderr,
    )
    return EXIT_CONFIG


def key_refused(error: AuditKeyError) -> int:
    print(f"Kunci audit: {error.indonesian}. (Audit key: {error.english}.)", file=sys.stderr)
    return EXIT_FAILED


async def verify_audit(settings: Settings) -> int:
    refused = no_database(settings, "verify-audit")
    if refused is not None:
        return refused
    from storage.audit import describe_break, open_audit_log, published_head_path, read_published_head
    from storage.database import open_database

    db = await open_database(settings.database_path)
    try:
        audit = await open_audit_log(db, settings.audit_key_file, create=False)
        published = read_published_head(published_head_path(settings.audit_key_file))
        check = await audit.verify(db, published=published)
    except AuditKeyError as error:
        return key_refused(error)
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


async def migrate(settings: Settings) -> int:
    from storage.database import open_database

    db = await open_database(settings.database_path)
    await db.close()
    print(f"Skema basis data mutakhir: {settings.database_path}")
    return 0


async def make_backup(settings: Settings, directory: Path, *, keep: int | None = None) -> int:
    from storage.backup import backup
    from storage.backup_folder import BackupError

    if not settings.database_path.is_file():
        print(f"Cadangan gagal: basis data tidak ditemukan: {settings.database_path}. (Backup failed: no database.)",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        audit_log = await _audit_log_of(settings)
    except AuditKeyError as error:
        return key_refused(error)
    try:
        report = await backup(settings.database_path, settings.files_dir, directory, audit_log=audit_log, keep=keep)
    except BackupError as error:
        print(f"Cadangan gagal: {error.indonesian}. (Backup failed: {error.english}.)", file=sys.stderr)
        return EXIT_FAILED
    pruned = f"; {len(report.pruned)} cadangan lama dihapus (--keep {keep})" if report.pruned else ""
    summary = (
        f"{report.documents} dokumen, {report.files} berkas ({report.linked_files} sama dengan cadangan "
        f"sebelumnya, tidak disalin ulang), {report.audit_entries} entri audit (kepala {report.audit_head}), "
        f"skema versi {report.schema_version}{pruned}"
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


async def restore_backup(settings: Settings, directory: Path, *, force: bool) -> int:
    from storage.audit import AuditLog, describe_break, published_head_path, read_key, write_published_head
    from storage.backup_folder import BackupError, BackupNotFound, find_backup
    from storage.restore import DatabaseInUse, restore
    from storage.restore_checks import BackupInvalid

    try:
        find_backup(directory)  # a wrong folder is named first, before the key is asked for
        key = read_key(settings.audit_key_file)
    except BackupNotFound as error:
        print(f"Pemulihan ditolak: {error.indonesian}. (Restore refused: {error.english}.)", file=sys.stderr)
        return EXIT_CONFIG
    except AuditKeyError as error:
        return key_refused(error)
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


def damaged_line(error: DatabaseDamaged) -> str:
    problem = error.problems[0] if len(error.problems[0]) <= 160 else error.problems[0][:157] + "..."
    return (
        f"Basis data rusak ({error.path}: {problem}); bot tidak dijalankan. Pulihkan dari cadangan dengan "
        f"`python -m bot restore DIR`. (The database is damaged; restore it from a backup.)"
    )
