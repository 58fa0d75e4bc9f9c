"""The daily digest job: once a day at DIGEST_TIME (office time), every active admin gets the
audit log's head (see `bot.daily_digest`). PTB's JobQueue (APScheduler) holds the one job; a
person who blocked the bot is marked, as for reminders (`bot.delivery.send`)."""

from __future__ import annotations

import logging

from telegram.ext import Application

from bot.application import PpidApplication
from bot.daily_digest import check_and_publish_head, digest_text
from bot.delivery import send
from handlers.errors import background_job
from handlers.notify import languages_for

LOG = logging.getLogger(__name__)

DIGEST_JOB = "daily_digest"


async def send_daily_digest(application: PpidApplication) -> int:
    """Check and publish the head, then tell every active admin; returns the admins reached."""
    services = application.services
    digest = await check_and_publish_head(services)
    admins = list(dict.fromkeys(grant.telegram_id for grant in await services.users.role_holders("admin")))
    languages = await languages_for(services, admins)
    reached = 0
    for admin_id in admins:
        if await send(application.bot, services, admin_id, digest_text(services, digest, languages[admin_id])):
            reached += 1
    return reached


daily_digest_job = background_job(send_daily_digest, "daily digest")


def register(application: Application) -> None:
    assert isinstance(application, PpidApplication) and application.settings is not None
    if application.job_queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot[job-queue] is needed for the daily digest")
    settings = application.settings
    application.job_queue.run_daily(
        daily_digest_job, time=settings.digest_time.replace(tzinfo=settings.timezone), name=DIGEST_JOB
    )
