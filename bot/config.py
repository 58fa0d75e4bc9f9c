"""Settings of the bot, read from the environment and an optional `.env` file.

Every key is documented in `.env.example`. `load_settings` validates each value and raises
`ConfigError` naming the key (the problem in Indonesian), so a malformed value stops the bot with one clear line instead of a
traceback. Values already in the process environment win over the `.env` file.
"""

from __future__ import annotations

import os
import re
from string import Formatter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"
# The public Bot API lets a bot download files of at most 20 MB; a self-hosted server lifts it.
PUBLIC_API_DOWNLOAD_LIMIT_MB = 20
SELF_HOSTED_DOWNLOAD_LIMIT_MB = 2000
LANGUAGES = ("id", "en")
AUDIT_KEY_NAME = "audit.key"
# Numeric settings whose meaning needs a number above zero (an interval, a lifetime, a count of
# days), by field, with the key that sets it. Every int field of `Settings` is either here or
# in ZERO_ALLOWED (tests/unit/test_config_positive.py holds new fields to that).
POSITIVE_SETTINGS: dict[str, str] = {
    "max_download_mb": "MAX_DOWNLOAD_MB",
    "invite_ttl_hours": "INVITE_TTL_HOURS",
    "auto_open_lead_days": "AUTO_OPEN_LEAD_DAYS",
    "escalate_after_days": "ESCALATE_AFTER_DAYS",
    "sweep_interval_seconds": "SWEEP_INTERVAL_SECONDS",
    "max_draft_files": "MAX_DRAFT_FILES",
    "chat_backlog_limit": "CHAT_BACKLOG_LIMIT",
    "public_requests_per_minute": "PUBLIC_REQUESTS_PER_MINUTE",
    "telegram_connect_attempts": "TELEGRAM_CONNECT_ATTEMPTS",
    "web_banner_days": "WEB_BANNER_DAYS",
    "pdf_conversion_seconds": "PDF_CONVERSION_SECONDS",
}
ZERO_ALLOWED: frozenset[str] = frozenset()
REMIND_DAYS_RANGE = (1, 30)
DEFAULT_WEB_ADDRESS = ("127.0.0.1", 8080)
# The letter number (LETTER_NUMBER_FORMAT): Python's format with these placeholders.
DEFAULT_LETTER_NUMBER_FORMAT = "{nomor:03d}/PPID/{tahun}"
DEFAULT_DECISION_NUMBER_FORMAT = "{nomor:03d}/KEP-PPID/{tahun}"
LETTER_NUMBER_FIELDS = ("nomor", "tahun", "bulan", "bulan_romawi")
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class ConfigError(ValueError):
    """A configuration value that cannot be used; `key` names the offending setting."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class Settings:
    """Validated configuration. Build it with `load_settings`, or directly in tests."""

    bot_token: str | None = None
    base_url: str = TELEGRAM_API_URL
    base_file_url: str = TELEGRAM_FILE_URL
    local_mode: bool = False
    max_download_mb: int = PUBLIC_API_DOWNLOAD_LIMIT_MB
    max_draft_files: int = 20
    database_path: Path = Path("data/ppid.sqlite3")
    files_dir: Path = Path("data/files")
    admin_ids: tuple[int, ...] = ()
    public_channel: int | str | None = None
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Pontianak"))
    work_start: time = time(8, 0)
    work_end: time = time(16, 0)
    extra_holidays: frozenset[date] = frozenset()
    cuti_bersama: bool = True  # the government's collective leave days are days off (CUTI_BERSAMA)
    default_language: str = "id"
    sop_file: Path | None = None
    invite_ttl_hours: int = 72
    auto_open_lead_days: int = 14
    remind_days_before: tuple[int, ...] = (3, 1)
    escalate_after_days: int = 2
    sweep_interval_seconds: int = 300
    log_level: str = "INFO"
    # Who gets in (issue 12): the backlog a chat may have waiting, and the requests per minute of
    # people who are not staff.
    chat_backlog_limit: int = 50
    public_requests_per_minute: int = 10
    # -- the audit log's key and the admins' daily digest (issue 12: points 10, 11) --
    config_dir: Path | None = None  # where `.env` is read (load_settings' base_dir)
    audit_key_path: Path | None = None  # None: `audit.key` beside the configuration (see audit_key_file)
    digest_time: time = time(7, 0)
    # -- reaching Telegram from an office network --
    telegram_proxy: str | None = None  # TELEGRAM_PROXY, else HTTPS_PROXY / ALL_PROXY (also from .env)
    telegram_connect_attempts: int = 6  # tries at start before giving up (waits 1, 2, 4, 8, 16 s between)
    # -- the public web site (issue 16) --
    web_address: tuple[str, int] | None = None  # WEB_ADDRESS (load_settings: 127.0.0.1:8080; "" turns it off)
    web_public_url: str | None = None  # WEB_PUBLIC_URL: where the public reaches it; links are given only then
    web_banner_days: int = 7  # WEB_BANNER_DAYS: how long a serta merta announcement stays on top of Beranda
    # -- documents the office signs (issue 17): templates, signatory, letter numbers, PDF --
    template_coordination_letter: Path | None = None  # TEMPLATE_COORDINATION_LETTER; None: the shipped one
    template_yearly_report: Path | None = None  # TEMPLATE_YEARLY_REPORT; None: the shipped one
    template_exemption_decision: Path | None = None  # TEMPLATE_EXEMPTION_DECISION; None: the shipped one
    signatory_name: str | None = None  # SIGNATORY_NAME; None: the sender's name
    signatory_title: str | None = None  # SIGNATORY_TITLE; None: the sender's role
    signatory_nip: str | None = None  # SIGNATORY_NIP
    letter_number_format: str = DEFAULT_LETTER_NUMBER_FORMAT  # LETTER_NUMBER_FORMAT
    # DECISION_NUMBER_FORMAT: the exemption decisions' own series (a counter of their own, so the
    # letters' format would print "001/PPID/2026" on a letter and on a decision alike).
    decision_number_format: str = DEFAULT_DECISION_NUMBER_FORMAT
    soffice_path: Path | None = None  # SOFFICE_PATH; None: `soffice` on the PATH
    make_pdf: bool = True  # False: SOFFICE_PATH=off, the office wants no PDF copies (letters go as DOCX)
    pdf_conversion_seconds: int = 60  # PDF_CONVERSION_SECONDS

    @property
    def audit_key_file(self) -> Path:
        """The audit key's file: AUDIT_KEY_PATH, else `audit.key` beside the configuration (the
        folder of `.env`), out of the data folder that an office copies whole: whoever holds a copy
        of the key can recompute the audit chain. An install whose key was made where the bot
        kept it before, in the database's folder, goes on using it there (moving it is the
        office's choice: move the file, or set AUDIT_KEY_PATH)."""
        if self.audit_key_path is not None:
            return self.audit_key_path
        earlier = self.database_path.parent / AUDIT_KEY_NAME
        if self.config_dir is None:
            return earlier
        beside_configuration = self.config_dir / AUDIT_KEY_NAME
        if not beside_configuration.exists() and earlier.exists():
            return earlier
        return beside_configuration

    def __post_init__(self) -> None:
        """Refuse a setting whose meaning needs a positive number, however Settings was built."""
        for name, key in POSITIVE_SETTINGS.items():
            _require_positive(key, getattr(self, name))
        low, high = REMIND_DAYS_RANGE
        for day in self.remind_days_before:
            if isinstance(day, bool) or not isinstance(day, int) or not low <= day <= high:
                raise ConfigError(
                    "REMIND_DAYS_BEFORE", f"harus daftar jumlah hari kerja {low} sampai {high} dipisah koma, bukan {day!r}"
                )

    @property
    def secrets(self) -> tuple[str, ...]:
        """What no log or error line may show: the token, and the proxy's password if it has one."""
        password = urlsplit(self.telegram_proxy).password if self.telegram_proxy else None
        return tuple(secret for secret in (self.bot_token, password) if secret)

    @property
    def max_download_bytes(self) -> int:
        return self.max_download_mb * 1024 * 1024

    @property
    def uses_self_hosted_api(self) -> bool:
        return self.local_mode or self.base_url != TELEGRAM_API_URL


def _text(env: Mapping[str, str], key: str) -> str | None:
    value = env.get(key)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _bool(env: Mapping[str, str], key: str, default: bool) -> bool:
    value = _text(env, key)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "ya", "on"):
        return True
    if lowered in ("0", "false", "no", "tidak", "off"):
        return False
    raise ConfigError(key, f"harus true atau false, bukan {value!r}")


def _require_positive(key: str, number: object) -> None:
    """The one check of a positive setting (used by `_positive_int` and `Settings.__post_init__`)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ConfigError(key, f"harus bilangan bulat, bukan {number!r}")
    if number <= 0:
        raise ConfigError(key, f"harus lebih dari nol, bukan {number}")


def _positive_int(env: Mapping[str, str], key: str, default: int) -> int:
    value = _text(env, key)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(key, f"harus bilangan bulat, bukan {value!r}") from None
    _require_positive(key, number)
    return number


def _day_list(env: Mapping[str, str], key: str, default: tuple[int, ...]) -> tuple[int, ...]:
    value = _text(env, key)
    if value is None:
        return default
    days: list[int] = []
    for part in re.split(r"[,\s]+", value):
        if not part:
            continue
        if not re.fullmatch(r"-?[0-9]{1,9}", part):
            low, high = REMIND_DAYS_RANGE
            raise ConfigError(key, f"harus daftar jumlah hari kerja {low} sampai {high} dipisah koma, bukan {part!r}")
        days.append(int(part))  # the range is checked by Settings.__post_init__
    return tuple(sorted(set(days), reverse=True))


def _url(env: Mapping[str, str], key: str, default: str) -> str:
    value = _text(env, key)
    if value is None:
        return default
    if not re.match(r"^https?://[^/\s]+", value):
        raise ConfigError(key, f"harus URL http:// atau https://, bukan {value!r}")
    return value


def _admin_ids(env: Mapping[str, str], key: str) -> tuple[int, ...]:
    value = _text(env, key)
    if value is None:
        return ()
    ids: list[int] = []
    for part in re.split(r"[,\s]+", value):
        if not part:
            continue
        if not re.fullmatch(r"\d{1,15}", part):
            raise ConfigError(key, f"harus id pengguna Telegram dipisah koma, bukan {part!r}")
        ids.append(int(part))
    return tuple(dict.fromkeys(ids))


def _channel(env: Mapping[str, str], key: str) -> int | str | None:
    value = _text(env, key)
    if value is None:
        return None
    if re.fullmatch(r"-100\d{5,15}|-\d{5,15}", value):
        return int(value)
    if re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{3,31}", value):
        return value
    raise ConfigError(key, f"harus id kanal seperti -1001234567890 atau @namakanal, bukan {value!r}")


def _timezone(env: Mapping[str, str], key: str) -> ZoneInfo:
    value = _text(env, key) or "Asia/Pontianak"
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(key, f"zona waktu tidak dikenal {value!r}") from None


def _working_hours(env: Mapping[str, str], key: str) -> tuple[time, time]:
    value = _text(env, key) or "08:00-16:00"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", value)
    if not match:
        raise ConfigError(key, f"harus berformat JJ:MM-JJ:MM, bukan {value!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ConfigError(key, f"bukan jam yang sah: {value!r}")
    start, end = time(h1, m1), time(h2, m2)
    if start >= end:
        raise ConfigError(key, f"jam mulai harus sebelum jam selesai: {value!r}")
    return start, end


# The standard proxy variables, in the order curl and httpx prefer them for an https:// URL.
STANDARD_PROXY_KEYS = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


def _proxy(env: Mapping[str, str]) -> str | None:
    """TELEGRAM_PROXY, else the first standard proxy variable set (from the environment or .env)."""
    key = next((k for k in ("TELEGRAM_PROXY", *STANDARD_PROXY_KEYS) if _text(env, k)), None)
    if key is None:
        return None
    value = _text(env, key)
    assert value is not None
    if not re.match(r"^https?://[^/\s]+", value):
        raise ConfigError(
            key, f"harus URL proxy http:// atau https:// (mis. http://proxy.kantor:3128), bukan {_masked(value)!r}"
        )
    return value


def _masked(url: str) -> str:
    """`url` with the password of any `user:password@` in it hidden: an error line is logged."""
    return re.sub(r"([^\s/@'\"]+):[^\s/@]*@", r"\1:***@", url)


def _clock_time(env: Mapping[str, str], key: str, default: time) -> time:
    value = _text(env, key)
    if value is None:
        return default
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ConfigError(key, f"harus jam berformat JJ:MM (mis. 07:00), bukan {value!r}")
    return time(int(match[1]), int(match[2]))


def _dates(env: Mapping[str, str], key: str) -> frozenset[date]:
    value = _text(env, key)
    if value is None:
        return frozenset()
    days: set[date] = set()
    for part in re.split(r"[,\s]+", value):
        if not part:
            continue
        problem = f"harus tanggal berformat YYYY-MM-DD dipisah koma (mis. 2026-12-31), bukan {part!r}"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            raise ConfigError(key, problem)
        try:
            days.add(date.fromisoformat(part))
        except ValueError:
            raise ConfigError(key, problem) from None
    return frozenset(days)


def _choice(env: Mapping[str, str], key: str, choices: tuple[str, ...], default: str) -> str:
    value = (_text(env, key) or default).lower()
    if value not in choices:
        raise ConfigError(key, f"harus salah satu dari {', '.join(choices)}, bukan {value!r}")
    return value


def _token(env: Mapping[str, str], key: str) -> str | None:
    value = _text(env, key)
    if value is None:
        return None
    if not re.fullmatch(r"\d{3,20}:[A-Za-z0-9_-]{20,}", value):
        raise ConfigError(key, "tidak tampak seperti token dari @BotFather (angka:huruf)")
    return value


def _path(env: Mapping[str, str], key: str, default: Path | None, base: Path) -> Path | None:
    value = _text(env, key)
    if value is None:
        return default if default is None or default.is_absolute() else base / default
    path = Path(value).expanduser()
    return path if path.is_absolute() or value == ":memory:" else base / path


def read_environment(env_file: Path | None) -> dict[str, str]:
    """The `.env` file's values overlaid with the process environment (which wins)."""
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ)
    return merged


def _web_address(env: Mapping[str, str], key: str) -> tuple[str, int] | None:
    """``host:port`` (``[::1]:8080`` for IPv6); unset: the default; empty: no web site."""
    if key not in env:
        return DEFAULT_WEB_ADDRESS
    value = env[key].strip()
    if not value:
        return None
    host, colon, port = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not colon or not host or not port.isdigit() or not 1 <= int(port) <= 65535 or any(c.isspace() for c in host):
        raise ConfigError(key, f"harus alamat:port, misalnya 127.0.0.1:8080 (kosongkan untuk mematikan situs web), bukan {value!r}")
    return host, int(port)


def _public_url(env: Mapping[str, str], key: str) -> str | None:
    """The site's public address (``https://ppid.example.go.id`` or with a folder), without a trailing slash."""
    value = _text(env, key)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in value:
        raise ConfigError(key, f"harus URL http:// atau https:// tanpa ? atau #, bukan {value!r}")
    return value.rstrip("/")


def _pdf_off(env: Mapping[str, str], key: str) -> bool:
    return (_text(env, key) or "").lower() in ("off", "tidak")


def format_letter_number(pattern: str, number: int, year: int, month: int) -> str:
    """A letter's number as printed: `pattern` (LETTER_NUMBER_FORMAT) filled in."""
    return pattern.format(nomor=number, tahun=year, bulan=month, bulan_romawi=_ROMAN_MONTHS[month - 1])


def _letter_number_format(env: Mapping[str, str], key: str, default: str = DEFAULT_LETTER_NUMBER_FORMAT) -> str:
    pattern = _text(env, key) or default
    try:
        fields = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        raise ConfigError(key, f"susunan {{...}} tidak sah ({error}): {pattern!r}") from None
    unknown = sorted(name for name in fields if name not in LETTER_NUMBER_FIELDS)
    if unknown:
        raise ConfigError(
            key, f"tempat isian tidak dikenal {{{unknown[0]}}}; yang dikenal: {', '.join('{' + f + '}' for f in LETTER_NUMBER_FIELDS)}"
        )
    if "nomor" not in fields:
        raise ConfigError(key, f"harus memuat {{nomor}} (nomor urut surat), bukan {pattern!r}")
    try:
        format_letter_number(pattern, 1, 2026, 12)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise ConfigError(key, f"tidak dapat diisi ({error}): {pattern!r}") from None
    return pattern


def load_settings(env: Mapping[str, str] | None = None, *, base_dir: Path | None = None) -> Settings:
    """Validate `env` (by default `.env` plus the process environment) into `Settings`.

    Relative paths are taken from `base_dir` (by default the current directory).
    """
    base = base_dir or Path.cwd()
    if env is None:
        env = read_environment(base / ".env")
    local_mode = _bool(env, "TELEGRAM_LOCAL_MODE", False)
    base_url = _url(env, "TELEGRAM_BASE_URL", TELEGRAM_API_URL)
    self_hosted = local_mode or base_url != TELEGRAM_API_URL
    default_limit = SELF_HOSTED_DOWNLOAD_LIMIT_MB if self_hosted else PUBLIC_API_DOWNLOAD_LIMIT_MB
    max_download_mb = _positive_int(env, "MAX_DOWNLOAD_MB", default_limit)
    if not self_hosted and max_download_mb > PUBLIC_API_DOWNLOAD_LIMIT_MB:
        raise ConfigError(
            "MAX_DOWNLOAD_MB",
            f"server Bot API Telegram hanya mengizinkan unduhan maksimal {PUBLIC_API_DOWNLOAD_LIMIT_MB} MB; "
            "isi TELEGRAM_BASE_URL dengan server Bot API sendiri untuk batas lebih besar",
        )
    work_start, work_end = _working_hours(env, "WORKING_HOURS")
    database_path = _path(env, "DATABASE_PATH", Path("data/ppid.sqlite3"), base)
    files_dir = _path(env, "FILES_DIR", Path("data/files"), base)
    assert database_path is not None and files_dir is not None
    return Settings(
        bot_token=_token(env, "TELEGRAM_BOT_TOKEN"),
        base_url=base_url,
        base_file_url=_url(env, "TELEGRAM_BASE_FILE_URL", TELEGRAM_FILE_URL),
        local_mode=local_mode,
        max_download_mb=max_download_mb,
        max_draft_files=_positive_int(env, "MAX_DRAFT_FILES", 20),
        database_path=database_path,
        files_dir=files_dir,
        admin_ids=_admin_ids(env, "ADMIN_IDS"),
        public_channel=_channel(env, "PUBLIC_CHANNEL"),
        timezone=_timezone(env, "TIMEZONE"),
        work_start=work_start,
        work_end=work_end,
        extra_holidays=_dates(env, "EXTRA_HOLIDAYS"),
        cuti_bersama=_bool(env, "CUTI_BERSAMA", True),
        default_language=_choice(env, "DEFAULT_LANGUAGE", LANGUAGES, "id"),
        sop_file=_path(env, "SOP_FILE", None, base),
        invite_ttl_hours=_positive_int(env, "INVITE_TTL_HOURS", 72),
        auto_open_lead_days=_positive_int(env, "AUTO_OPEN_LEAD_DAYS", 14),
        remind_days_before=_day_list(env, "REMIND_DAYS_BEFORE", (3, 1)),
        escalate_after_days=_positive_int(env, "ESCALATE_AFTER_DAYS", 2),
        sweep_interval_seconds=_positive_int(env, "SWEEP_INTERVAL_SECONDS", 300),
        log_level=_choice(env, "LOG_LEVEL", ("debug", "info", "warning", "error"), "info").upper(),
        chat_backlog_limit=_positive_int(env, "CHAT_BACKLOG_LIMIT", 50),
        public_requests_per_minute=_positive_int(env, "PUBLIC_REQUESTS_PER_MINUTE", 10),
        # -- the audit log's key and the admins' daily digest (issue 12: points 10, 11) --
        config_dir=base,
        audit_key_path=_path(env, "AUDIT_KEY_PATH", None, base),
        digest_time=_clock_time(env, "DIGEST_TIME", time(7, 0)),
        telegram_proxy=_proxy(env),
        telegram_connect_attempts=_positive_int(env, "TELEGRAM_CONNECT_ATTEMPTS", 6),
        web_address=_web_address(env, "WEB_ADDRESS"),
        web_public_url=_public_url(env, "WEB_PUBLIC_URL"),
        web_banner_days=_positive_int(env, "WEB_BANNER_DAYS", 7),
        template_coordination_letter=_path(env, "TEMPLATE_COORDINATION_LETTER", None, base),
        template_yearly_report=_path(env, "TEMPLATE_YEARLY_REPORT", None, base),
        template_exemption_decision=_path(env, "TEMPLATE_EXEMPTION_DECISION", None, base),
        signatory_name=_text(env, "SIGNATORY_NAME"),
        signatory_title=_text(env, "SIGNATORY_TITLE"),
        signatory_nip=_text(env, "SIGNATORY_NIP"),
        letter_number_format=_letter_number_format(env, "LETTER_NUMBER_FORMAT"),
        decision_number_format=_letter_number_format(env, "DECISION_NUMBER_FORMAT", DEFAULT_DECISION_NUMBER_FORMAT),
        soffice_path=None if _pdf_off(env, "SOFFICE_PATH") else _path(env, "SOFFICE_PATH", None, base),
        make_pdf=not _pdf_off(env, "SOFFICE_PATH"),
        pdf_conversion_seconds=_positive_int(env, "PDF_CONVERSION_SECONDS", 60),
    )
