"""The PPID bot on the in-process sandbox, over a generated office database (see `bench.dataset`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench.dataset import ADMIN_IDS, CHANNEL_ID, NOW, staff_names
from bot.app import PpidApplication, build_application
from bot.clock import ManualClock
from bot.config import SELF_HOSTED_DOWNLOAD_LIMIT_MB, Settings, load_settings
from bot.sandbox import FakeTelegram, RateLimits


def bench_settings(db_path: Path, files_dir: Path, fake: FakeTelegram) -> Settings:
    """Settings for the bot on `db_path`, talking to `fake`."""
    base = load_settings(
        {
            "ADMIN_IDS": ",".join(map(str, ADMIN_IDS)),
            "PUBLIC_CHANNEL": str(CHANNEL_ID),
            "LOG_LEVEL": "WARNING",
            # The letters go as DOCX: a PDF by LibreOffice takes seconds each, one at a time, and
            # would measure LibreOffice rather than the bot.
            "SOFFICE_PATH": "off",
        },
        base_dir=db_path.parent,
    )
    # The public site, where the bot starts it (post_init), on a free port: WEB_ADDRESS's default,
    # 127.0.0.1:8080, is often taken on a machine running other tests or a bot.
    return dataclasses.replace(
        base, bot_token=fake.token, database_path=db_path, files_dir=files_dir, web_address=("127.0.0.1", 0)
    )


def make_fake(
    limits: RateLimits | None = None, *, staff: bool = True, local_files_dir: Path | None = None
) -> FakeTelegram:
    """A fake Telegram with the office's public channel and its 200 people (who have all started
    the bot); flood control off unless `limits`; a self-hosted server in local mode with
    `local_files_dir`."""
    fake = FakeTelegram(limits=limits or RateLimits.disabled(), local_files_dir=local_files_dir)
    fake.channel(CHANNEL_ID, "Informasi Publik", username="ppid_bench")
    if staff:
        for telegram_id, name in staff_names().items():
            fake.user(telegram_id, name)
    return fake


def build_bot(
    db_path: Path, files_dir: Path, fake: FakeTelegram, *, rate_limiter: bool = False, clock: ManualClock | None = None,
    local_mode: bool = False,
) -> PpidApplication:
    """The real application on the office database (not yet initialized), clock at `NOW`; with
    `local_mode`, as on a self-hosted Bot API server in local mode (files up to 2,000 MB)."""
    settings = bench_settings(db_path, files_dir, fake)
    if local_mode:
        settings = dataclasses.replace(settings, local_mode=True, max_download_mb=SELF_HOSTED_DOWNLOAD_LIMIT_MB)
    return build_application(
        settings, request=fake.request(), rate_limiter=rate_limiter, clock=clock or ManualClock(NOW)
    )
