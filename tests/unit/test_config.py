"""Configuration: defaults, every key parsed, and one clear error naming a malformed key."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, read_environment

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghij"


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, base_dir=tmp_path)
    assert settings.bot_token is None
    assert settings.database_path == tmp_path / "data/ppid.sqlite3"
    assert settings.files_dir == tmp_path / "data/files"
    assert str(settings.timezone) == "Asia/Pontianak"
    assert (settings.work_start, settings.work_end) == (time(8), time(16))
    assert settings.default_language == "id"
    assert settings.max_download_bytes == 20 * 1024 * 1024
    assert settings.invite_ttl_hours == 72
    assert settings.auto_open_lead_days == 14
    assert settings.remind_days_before == (3, 1)
    assert settings.escalate_after_days == 2
    assert settings.sweep_interval_seconds == 300
    assert settings.sop_file is None
    assert settings.extra_holidays == frozenset()
    assert settings.web_address == ("127.0.0.1", 8080)  # the site is on, for the reverse proxy only
    assert settings.web_public_url is None and settings.web_banner_days == 7


def test_every_key_is_read(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_BASE_FILE_URL": "http://127.0.0.1:8081/file/bot",
            "TELEGRAM_LOCAL_MODE": "true",
            "DATABASE_PATH": "/var/lib/ppid/db.sqlite3",
            "FILES_DIR": "berkas",
            "ADMIN_IDS": "111, 222,111",
            "PUBLIC_CHANNEL": "@ppid_pontianak",
            "TIMEZONE": "Asia/Jakarta",
            "WORKING_HOURS": "07:30-15:30",
            "EXTRA_HOLIDAYS": "2026-12-24, 2026-12-26,2026-12-24",
            "DEFAULT_LANGUAGE": "en",
            "SOP_FILE": "sop/kantor.toml",
            "INVITE_TTL_HOURS": "24",
            "REMIND_DAYS_BEFORE": "1, 5,2",
            "ESCALATE_AFTER_DAYS": "3",
            "LOG_LEVEL": "debug",
            "CHAT_BACKLOG_LIMIT": "20",
            "PUBLIC_REQUESTS_PER_MINUTE": "4",
            "WEB_ADDRESS": "[::1]:8090",
            "WEB_PUBLIC_URL": "https://example.go.id/ppid/",
            "WEB_BANNER_DAYS": "3",
        },
        base_dir=tmp_path,
    )
    assert settings.bot_token == TOKEN
    assert settings.local_mode and settings.uses_self_hosted_api
    assert settings.max_download_mb == 2000
    assert settings.database_path == Path("/var/lib/ppid/db.sqlite3")
    assert settings.files_dir == tmp_path / "berkas"
    assert settings.admin_ids == (111, 222)
    assert settings.public_channel == "@ppid_pontianak"
    assert str(settings.timezone) == "Asia/Jakarta"
    assert (settings.work_start, settings.work_end) == (time(7, 30), time(15, 30))
    assert settings.extra_holidays == frozenset({date(2026, 12, 24), date(2026, 12, 26)})
    assert settings.default_language == "en"
    assert settings.sop_file == tmp_path / "sop/kantor.toml"
    assert settings.invite_ttl_hours == 24
    assert settings.remind_days_before == (5, 2, 1)
    assert settings.escalate_after_days == 3
    assert settings.log_level == "DEBUG"
    assert (settings.chat_backlog_limit, settings.public_requests_per_minute) == (20, 4)
    assert settings.web_address == ("::1", 8090)
    assert (settings.web_public_url, settings.web_banner_days) == ("https://example.go.id/ppid", 3)


def test_an_empty_web_address_turns_the_site_off() -> None:
    assert load_settings({"WEB_ADDRESS": ""}).web_address is None


def test_numeric_channel_id() -> None:
    assert load_settings({"PUBLIC_CHANNEL": "-1001234567890"}).public_channel == -1001234567890


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_BASE_URL", "ftp://example"),
        ("TELEGRAM_LOCAL_MODE", "maybe"),
        ("MAX_DOWNLOAD_MB", "50"),
        ("MAX_DOWNLOAD_MB", "-1"),
        ("ADMIN_IDS", "123,abc"),
        ("PUBLIC_CHANNEL", "kanal ppid"),
        ("TIMEZONE", "Mars/Olympus"),
        ("WORKING_HOURS", "16:00-08:00"),
        ("WORKING_HOURS", "jam kerja"),
        ("DEFAULT_LANGUAGE", "jv"),
        ("INVITE_TTL_HOURS", "tiga"),
        ("REMIND_DAYS_BEFORE", "3,satu"),
        ("REMIND_DAYS_BEFORE", "0"),
        ("ESCALATE_AFTER_DAYS", "-2"),
        ("SWEEP_INTERVAL_SECONDS", "lima"),
        ("EXTRA_HOLIDAYS", "2026-12-24,24/12/2026"),
        ("EXTRA_HOLIDAYS", "2026-02-30"),
        ("CHAT_BACKLOG_LIMIT", "0"),
        ("PUBLIC_REQUESTS_PER_MINUTE", "0"),
        ("PUBLIC_REQUESTS_PER_MINUTE", "banyak"),
        ("WEB_ADDRESS", "8080"),
        ("WEB_ADDRESS", "127.0.0.1:99999"),
        ("WEB_ADDRESS", "localhost:http"),
        ("WEB_PUBLIC_URL", "ppid.example.go.id"),
        ("WEB_PUBLIC_URL", "https://example.go.id/?a=1"),
        ("WEB_BANNER_DAYS", "0"),
    ],
)
def test_malformed_value_names_its_key(key: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({key: value})
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{key}: ")
    assert "\n" not in str(caught.value)


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("ADMIN_IDS=5\nTIMEZONE=Asia/Jakarta\n", encoding="utf-8")
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    settings = load_settings(read_environment(tmp_path / ".env"), base_dir=tmp_path)
    assert settings.admin_ids == (5,)
    assert str(settings.timezone) == "Asia/Makassar"


@pytest.mark.parametrize(
    "value",
    ["proxy.kantor:3128 user:Rahasia-99@", "socks5://pegawai:Rahasia-99@proxy.kantor:1080", '"http://pegawai:Rahasia-99@proxy:3128"'],
)
def test_a_refused_proxy_url_never_shows_its_password(tmp_path: Path, value: str) -> None:
    """The error line goes to the journal (and `check`'s output): a proxy's password written in a
    URL the bot cannot use (a missing scheme, SOCKS, the quotes docker's --env-file keeps) is masked."""
    with pytest.raises(ConfigError) as refused:
        load_settings({"TELEGRAM_PROXY": value}, base_dir=tmp_path)
    assert refused.value.key == "TELEGRAM_PROXY"
    assert "Rahasia-99" not in str(refused.value)
