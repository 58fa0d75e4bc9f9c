"""Settings whose meaning needs a positive number refuse 0 and negatives, naming the key in one
Indonesian line, whether they come from the environment or are built directly (issue 12, point 16)."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from bot.config import POSITIVE_SETTINGS, ZERO_ALLOWED, ConfigError, Settings, load_settings

# Self-hosted, so that MAX_DOWNLOAD_MB may go above Telegram's 20 MB: only positivity is tested.
SELF_HOSTED = {"TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot"}


@pytest.mark.parametrize("value", ["0", "-1", "-300", "00"])
@pytest.mark.parametrize("key", sorted(POSITIVE_SETTINGS.values()))
def test_zero_and_negative_are_refused_from_the_environment(key: str, value: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({**SELF_HOSTED, key: value})
    assert refused.value.key == key
    assert str(refused.value) == f"{key}: harus lebih dari nol, bukan {int(value)}"


@pytest.mark.parametrize("key", sorted(POSITIVE_SETTINGS.values()))
def test_one_is_accepted(key: str) -> None:
    field = next(name for name, env_key in POSITIVE_SETTINGS.items() if env_key == key)
    assert getattr(load_settings({**SELF_HOSTED, key: "1"}), field) == 1


@pytest.mark.parametrize("value", [0, -1])
@pytest.mark.parametrize("field", sorted(POSITIVE_SETTINGS))
def test_zero_and_negative_are_refused_when_settings_are_built_directly(field: str, value: int) -> None:
    with pytest.raises(ConfigError) as refused:
        dataclasses.replace(Settings(), **{field: value})
    assert refused.value.key == POSITIVE_SETTINGS[field]


def test_every_numeric_setting_is_checked() -> None:
    """A new int setting must say whether 0 means something (ZERO_ALLOWED) or not (POSITIVE_SETTINGS)."""
    numeric = {field.name for field in dataclasses.fields(Settings) if field.type in ("int", int)}
    assert numeric == set(POSITIVE_SETTINGS) | ZERO_ALLOWED


@pytest.mark.parametrize("value", ["0", "-1", "3,0", "31", "2,-5"])
def test_reminder_days_must_be_one_to_thirty(value: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"REMIND_DAYS_BEFORE": value})
    assert refused.value.key == "REMIND_DAYS_BEFORE"
    assert "harus daftar jumlah hari kerja 1 sampai 30" in refused.value.problem
    with pytest.raises(ConfigError):
        dataclasses.replace(Settings(), remind_days_before=(3, 0))


@pytest.mark.parametrize("value", ["7", "24:00", "07:60", "jam tujuh", "-1:00"])
def test_the_digest_time_must_be_a_time_of_day(value: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"DIGEST_TIME": value})
    assert str(refused.value) == f"DIGEST_TIME: harus jam berformat JJ:MM (mis. 07:00), bukan {value!r}"


def test_the_audit_key_path_and_digest_time_are_read(tmp_path: object) -> None:
    settings = load_settings({"AUDIT_KEY_PATH": "rahasia/audit.key", "DIGEST_TIME": "6:45"}, base_dir=tmp_path)  # type: ignore[arg-type]
    assert settings.audit_key_file == tmp_path / "rahasia/audit.key"  # type: ignore[operator]
    assert settings.digest_time == time(6, 45)
    default = load_settings({"DATABASE_PATH": "/srv/ppid/db.sqlite3"}, base_dir=tmp_path)  # type: ignore[arg-type]
    assert default.audit_key_file == tmp_path / "audit.key"  # type: ignore[operator]  # beside .env
