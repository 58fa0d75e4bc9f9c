"""What the bot checks before it serves anyone: `ppid-bot check`, and every `ppid-bot run`.

Each check gives one `Finding`: one line in Indonesian (English after it) saying what is fine or
what is wrong and what to do. The checks, in order:

- the token is set; Telegram accepts it (getMe: "berjalan sebagai @name");
- the public channel is set, exists (getChat), is a channel, and the bot is an administrator
  allowed to post there (getChatMember);
- at least one admin: `ADMIN_IDS`, or an active admin already in the database (nobody could
  ever get in otherwise);
- the SOP file loads, and fits the cycles that are open (`sop_change_finding`: a cycle waiting at a
  step the edited file no longer has, or that is now another kind of step, stops the start);
- the database's folder and the files' folder can be written (a test file is made and removed);
- each document template (`bot/office_templates.py`) is a DOCX using only the fields the bot fills
  (else the field and its place, fatal); LibreOffice is there for PDF copies (if not: said, not fatal);
- the office time zone (always valid once the configuration loaded; shown for the record).

Rules:
- a problem the office must fix (a refused token, a missing channel, no admins, a folder that
  cannot be written) is `fatal`: `run` stops with exit code 2, which the systemd unit does not
  restart (`RestartPreventExitStatus=2`), so a wrong setting is not retried in a loop;
- Telegram out of reach (no network yet, DNS, a proxy needed, a timeout) is tried again
  `TELEGRAM_CONNECT_ATTEMPTS` times, waiting 1, 2, 4, 8, ... seconds, one line each time; if it
  never answers, the result is `unreachable` (exit code 1: the service manager tries later);
- no line ever holds the token (Telegram's own error texts are passed through the redaction).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from telegram import Bot, ChatMemberAdministrator, ChatMemberOwner
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.office_templates import KINDS, TemplateError, check_template, template_bytes
from bot.pdf_conversion import INSTALL_HINT, find_soffice
from bot.sop import Sop, SopError, load_sop
from bot.sop_change import stranded_cycles, stranded_message
from storage.sop_record import sop_standing_in_file
from storage.users import active_admins_in_file

MAX_RETRY_WAIT_SECONDS = 60


@dataclass(frozen=True)
class Finding:
    """One checked thing: fine (`ok`) or a problem; `fatal` problems stop the bot."""

    ok: bool
    indonesian: str
    english: str
    fatal: bool = True

    @property
    def line(self) -> str:
        return f"{'OK     ' if self.ok else 'MASALAH'}  {self.indonesian} ({self.english})"


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    unreachable: bool = False  # Telegram never answered: the Telegram checks could not be made
    bot_username: str | None = None

    @property
    def fatal(self) -> bool:
        return any(not finding.ok and finding.fatal for finding in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.ok]


def _ok(indonesian: str, english: str) -> Finding:
    return Finding(True, indonesian, english)


def _problem(indonesian: str, english: str, *, fatal: bool = True) -> Finding:
    return Finding(False, indonesian, english, fatal)


def redacted(text: str, settings: Settings) -> str:
    """`text` (an error from Telegram or the network) with the bot token (and the proxy's
    password) taken out."""
    for secret in settings.secrets:
        text = text.replace(secret, "<token>" if secret == settings.bot_token else "***")
    return text


# -- local checks ------------------------------------------------------------------------------


def _writable_folder(folder: Path, what: str, setting: str) -> Finding:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-"):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        return _problem(
            f"{what} tidak dapat ditulis: {folder} ({reason}); periksa {setting} dan hak akses folder itu",
            f"{setting}: {folder} cannot be written",
        )
    return _ok(f"{what} dapat ditulis: {folder}", f"{setting} writable")


def _database_file_problem(database: Path) -> Finding | None:
    """A problem when the database (or a file SQLite keeps beside it, or the bot's lock) exists but
    is not a file this user may read and write: a folder at DATABASE_PATH, or files left owned by
    root after a command was run as root (`ppid-bot restore` or `migrate` without `sudo -u`)."""
    if str(database) == ":memory:":
        return None
    if database.exists() and not database.is_file():
        return _problem(
            f"DATABASE_PATH {database} bukan berkas basis data (sebuah folder?): isi DATABASE_PATH dengan nama berkas, "
            "mis. data/ppid.sqlite3",
            f"DATABASE_PATH {database} is not a file",
        )
    for path in (database, *(database.with_name(database.name + extra) for extra in ("-wal", "-shm", ".lock"))):
        if path.is_file() and not os.access(path, os.R_OK | os.W_OK):
            return _problem(
                f"{path} tidak dapat dibaca dan ditulis oleh pengguna yang menjalankan bot: perbaiki pemiliknya "
                "(mis. chown -R ppid-bot:ppid-bot /var/lib/ppid-bot) dan jalankan perintah bot sebagai pengguna itu",
                f"{path} cannot be read and written by this user",
            )
    return None


def local_findings(settings: Settings) -> list[Finding]:
    """The checks that need no network: admins, SOP, folders, the database file, time zone."""
    findings: list[Finding] = []
    database_problem = _database_file_problem(settings.database_path)
    if database_problem is not None:
        findings.append(database_problem)
    try:
        known_admins = 0 if database_problem is not None else active_admins_in_file(settings.database_path)
    except Exception as error:  # noqa: BLE001 - a damaged or foreign file: said, not raised
        known_admins = 0
        findings.append(_problem(
            f"basis data {settings.database_path} tidak dapat dibaca ({error})", "the database cannot be read"
        ))
    if settings.admin_ids or known_admins:
        count = len(set(settings.admin_ids)) or known_admins
        findings.append(_ok(f"admin: {count} orang", f"{count} admin(s)"))
    else:
        findings.append(_problem(
            "belum ada admin: isi ADMIN_IDS dengan id Telegram admin pertama (tanya @userinfobot), "
            "tanpa itu tidak seorang pun dapat masuk",
            "no admin: set ADMIN_IDS",
        ))
    try:
        sop = load_sop(settings.sop_file)
        findings.append(_ok(f"SOP: {sop.header.title}, {len(sop.steps)} langkah", f"SOP loaded, {len(sop.steps)} steps"))
        fits = None if database_problem is not None else sop_change_finding(sop, settings.database_path)
        if fits is not None:
            findings.append(fits)
    except SopError as error:
        findings.append(_problem(f"SOP tidak valid: {error}", "invalid SOP file"))
    findings.append(_writable_folder(settings.database_path.parent, "Folder basis data", "DATABASE_PATH"))
    findings.append(_writable_folder(settings.files_dir, "Folder berkas", "FILES_DIR"))
    findings.append(_web_site_finding(settings))
    findings.extend(document_findings(settings))
    now = datetime.now(settings.timezone)
    findings.append(_ok(
        f"zona waktu {settings.timezone.key}: sekarang {now:%Y-%m-%d %H:%M} (UTC{now:%z})",
        f"time zone {settings.timezone.key}",
    ))
    return findings


def document_findings(settings: Settings) -> list[Finding]:
    """Each document template (checked: a DOCX using only the fields the bot fills, else the field
    and its place in one line), and whether PDF copies can be made (no LibreOffice is not fatal:
    the letters go as DOCX)."""
    findings: list[Finding] = []
    for kind in KINDS.values():
        try:
            data, source = template_bytes(kind, settings)
            check_template(kind, data, source)
        except TemplateError as error:
            findings.append(_problem(f"templat {kind.title} tidak dapat dipakai: {error}", f"template {kind.setting} refused"))
        else:
            findings.append(_ok(f"templat {kind.title}: {source}", f"template {kind.setting} fine"))
    soffice = find_soffice(settings.soffice_path) if settings.make_pdf else None
    if not settings.make_pdf:
        findings.append(_ok("salinan PDF dimatikan (SOFFICE_PATH=off): surat dikirim sebagai DOCX", "PDF copies off"))
    elif soffice is not None:
        findings.append(_ok(f"salinan PDF oleh LibreOffice: {soffice}", "LibreOffice found"))
    else:
        where = f"SOFFICE_PATH={settings.soffice_path} tidak ada atau tidak dapat dijalankan" if settings.soffice_path else (
            "LibreOffice (soffice) tidak ditemukan"
        )
        findings.append(_problem(
            f"{where}: surat dikirim sebagai DOCX saja; untuk PDF pasang paket {INSTALL_HINT} "
            f"(sudo apt-get install {INSTALL_HINT})",
            "no LibreOffice: letters go as DOCX only", fatal=False,
        ))
    return findings


def _web_site_finding(settings: Settings) -> Finding:
    """Where the public web site will listen and where the public reaches it (said, not probed:
    the running bot holds its address while `check` runs)."""
    if settings.web_address is None:
        return _ok("situs web publik mati (WEB_ADDRESS kosong)", "public web site off (WEB_ADDRESS empty)")
    host, port = settings.web_address
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if settings.web_public_url is None:
        return _ok(
            f"situs web publik di {address}; tautan web tidak diberikan di chat karena WEB_PUBLIC_URL kosong",
            f"public web site at {address}; no web links in chat (WEB_PUBLIC_URL empty)",
        )
    return _ok(
        f"situs web publik di {address}, dibuka publik di {settings.web_public_url}",
        f"public web site at {address}, public at {settings.web_public_url}",
    )


def sop_change_finding(sop: Sop, database: Path) -> Finding | None:
    """Whether `sop` fits the cycles open in the database (`bot.sop_change`); None when there is
    no database yet, nothing is open, or the file cannot be read (said by the other checks)."""
    if str(database) == ":memory:":
        return None
    try:
        standing = sop_standing_in_file(database)
    except (sqlite3.Error, ValueError):
        return None
    if standing is None or not standing.open_cycles:
        return None
    stranded = stranded_cycles(sop, standing)
    if stranded:
        return _problem(*stranded_message(stranded, sop))
    count = len(standing.open_cycles)
    return _ok(f"SOP cocok dengan {count} siklus yang sedang berjalan", f"the SOP fits the {count} open cycle(s)")


# -- Telegram ----------------------------------------------------------------------------------


async def connect(
    bot: Bot,
    settings: Settings,
    say: Callable[[str], None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Finding | None:
    """getMe, tried again while Telegram cannot be reached; a Finding about the token, or None
    when Telegram never answered (each failed try was said in one line)."""
    attempts = settings.telegram_connect_attempts
    wait = 1.0
    for attempt in range(1, attempts + 1):
        try:
            await bot.initialize()  # getMe
        except InvalidToken:
            return _problem(
                "token ditolak Telegram: periksa TELEGRAM_BOT_TOKEN (salin lagi dari @BotFather)",
                "Telegram rejected the token",
            )
        except NetworkError as error:  # includes TimedOut
            reason = redacted(error.message, settings)
            later = f"mencoba lagi dalam {wait:.0f} detik" if attempt < attempts else "berhenti"
            say(
                f"Telegram tidak dapat dihubungi ({reason}); periksa jaringan, DNS dan proxy "
                f"(TELEGRAM_PROXY / HTTPS_PROXY); percobaan {attempt} dari {attempts}, {later}. "
                f"(Telegram unreachable, attempt {attempt} of {attempts}.)"
            )
            if attempt < attempts:
                await sleep(wait)
                wait = min(wait * 2, MAX_RETRY_WAIT_SECONDS)
            continue
        except TelegramError as error:
            return _problem(
                f"Telegram menolak getMe: {redacted(error.message, settings)}", "Telegram refused getMe"
            )
        return _ok(f"token diterima: berjalan sebagai @{bot.username}", f"running as @{bot.username}")
    return None


async def channel_finding(bot: Bot, settings: Settings) -> Finding:
    """The public channel exists, is a channel, and the bot may post there."""
    channel = settings.public_channel
    if channel is None:
        return _problem(
            "PUBLIC_CHANNEL belum diisi: isi dengan @namakanal atau -100..., tanpa itu tidak ada yang dapat "
            "dipublikasikan",
            "PUBLIC_CHANNEL is not set",
        )
    try:
        chat = await bot.get_chat(channel)
        member = await bot.get_chat_member(chat.id, bot.id)
    except (BadRequest, Forbidden) as error:
        return _problem(
            f"kanal publik {channel} tidak ditemukan atau tidak terjangkau bot ({redacted(error.message, settings)}); "
            "periksa PUBLIC_CHANNEL dan tambahkan bot sebagai admin kanal",
            f"public channel {channel} not found",
        )
    name = f"{chat.title} (@{chat.username})" if chat.username else f"{chat.title} ({chat.id})"
    if chat.type != ChatType.CHANNEL:
        return _problem(
            f"PUBLIC_CHANNEL {channel} adalah {chat.type}, bukan kanal: isi dengan kanal pengumuman",
            f"{channel} is not a channel",
        )
    may_post = isinstance(member, ChatMemberOwner) or (
        isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)
    )
    if not may_post:
        return _problem(
            f"bot belum menjadi admin kanal {name} dengan hak mengirim pesan: tambahkan bot sebagai "
            "administrator kanal dengan izin \"Post messages\"",
            f"the bot may not post in {name}",
        )
    return _ok(f"kanal publik {name}: bot boleh mengirim", f"may post in {name}")


async def telegram_report(
    bot: Bot | None,
    settings: Settings,
    say: Callable[[str], None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> CheckReport:
    """The token, then (once it is accepted) the public channel."""
    report = CheckReport()
    if settings.bot_token is None or bot is None:
        report.findings.append(_problem(
            "TELEGRAM_BOT_TOKEN belum diisi: minta token dari @BotFather dan isi di .env",
            "TELEGRAM_BOT_TOKEN is not set",
        ))
        return report
    token = await connect(bot, settings, say, sleep)
    if token is None:
        report.unreachable = True
        return report
    report.findings.append(token)
    if token.ok:
        report.bot_username = bot.username
        report.findings.append(await channel_finding(bot, settings))
    return report


async def database_finding(settings: Settings) -> Finding | None:
    """The database file passes SQLite's quick_check (a new database has nothing to check yet)."""
    from storage.integrity import check_database_file

    path = settings.database_path
    if not path.exists():
        return _ok(f"basis data belum ada; dibuat saat bot pertama berjalan: {path}", "no database yet")
    if _database_file_problem(path) is not None:
        return None  # said once, by local_findings
    try:
        problems = await check_database_file(path)
    except sqlite3.Error as error:
        return _problem(f"basis data {path} tidak dapat dibuka ({error})", "the database cannot be opened")
    if problems:
        return _problem(
            f"basis data rusak ({path}: {problems[0][:160]}): pulihkan dari cadangan dengan `ppid-bot restore DIR`",
            "the database is damaged",
        )
    return _ok(f"basis data utuh (quick_check): {path}", "database intact")


async def check_all(
    bot: Bot | None,
    settings: Settings,
    say: Callable[[str], None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> CheckReport:
    """`ppid-bot check`: Telegram, then everything local, the database's integrity included."""
    report = await telegram_report(bot, settings, say, sleep)
    report.findings.extend(local_findings(settings))
    database = await database_finding(settings)
    if database is not None:
        report.findings.append(database)
    return report


class StartupRefused(Exception):
    """`run` found what the office must fix (`fatal`), or could not reach Telegram."""

    def __init__(self, problems: list[Finding], *, unreachable: bool) -> None:
        super().__init__("; ".join(problem.english for problem in problems) or "Telegram unreachable")
        self.problems = problems
        self.unreachable = unreachable

    @property
    def fatal(self) -> bool:
        return any(problem.fatal for problem in self.problems)


def refuse_unless_fine(findings: list[Finding], *, unreachable: bool = False) -> None:
    """Raise StartupRefused when a finding is a fatal problem or Telegram was out of reach."""
    problems = [finding for finding in findings if not finding.ok]
    if unreachable or any(problem.fatal for problem in problems):
        raise StartupRefused(problems, unreachable=unreachable)


def say_on_stderr(line: str) -> None:
    """Where `run` says each failed try to reach Telegram (the service manager's log)."""
    print(line, file=sys.stderr, flush=True)
