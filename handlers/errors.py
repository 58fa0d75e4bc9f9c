"""The one error handler: log the failure, tell the person in Indonesian, never crash the bot.

"Message is not modified" and "query is too old" are normal on Telegram (a double tap, a button
pressed long after) and are only logged at debug level.

Two limits of the database get their own answer, because the person can do something about them:
- storage full ("database or disk is full", "disk I/O error"): the transaction was rolled back
  (`storage.database`), so nothing half-written stays. The person is told their data was not saved
  and nothing was lost; the admins are told too, at most once an hour (the time of the last notice
  is kept in `bot_data`), also when the failure happened outside an update (persistence, the
  reminder sweep);
- database busy ("database is locked": another program held the write lock longer than the busy
  timeout): the transaction never started; the person is asked to try again shortly.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram import Update
from telegram.error import BadRequest, Conflict, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.application import PpidApplication, PpidContext
from bot.texts import language_of, t
from storage.sqlite_errors import is_busy_error, is_storage_full_error

LOG = logging.getLogger(__name__)

NORMAL_BAD_REQUESTS = ("message is not modified", "query is too old")
DISK_FULL_NOTICE = "disk_full_notified_at"  # bot_data key: when the admins were last told
DISK_FULL_NOTICE_INTERVAL = timedelta(hours=1)


async def on_error(update: object, context: PpidContext) -> None:
    """Handle an exception raised while processing `update`."""
    error = context.error
    if isinstance(error, Conflict):  # Telegram: another poller with this token (or a webhook)
        application = context.application
        assert isinstance(application, PpidApplication)
        application.stop_for(t("error_polling_conflict", "id") + " " + t("error_polling_conflict", "en"))
        return
    if isinstance(error, BadRequest) and any(text in error.message.lower() for text in NORMAL_BAD_REQUESTS):
        LOG.debug("ignored normal Telegram answer: %s", error.message)
        return
    if isinstance(error, Forbidden):
        LOG.info("a person blocked the bot: %s", error.message)
        return
    if error is not None and is_storage_full_error(error):
        LOG.error("storage full or failing; the change was rolled back", exc_info=error)
        await tell_admins_storage_full(context, error)
        await tell_person(update, context, "error_disk_full")
        return
    if error is not None and is_busy_error(error):
        LOG.warning("database busy (another program holds the lock); the change was not made: %s", error)
        await tell_person(update, context, "error_db_busy")
        return
    LOG.error("error while handling an update", exc_info=error)
    await tell_person(update, context, "error_generic")


async def tell_person(update: object, context: PpidContext, key: str) -> None:
    """Send the text `key` to the chat of `update` (nothing when the update has no chat)."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    person = getattr(context, "person", None)
    language = person.language if person is not None else language_of(None, context.services.settings.default_language)
    try:
        await context.bot.send_message(update.effective_chat.id, t(key, language))
    except Exception:  # noqa: BLE001 - telling the person is best effort; the error is logged
        LOG.warning("could not tell the person about the error", exc_info=True)


async def tell_admins_storage_full(context: PpidContext, error: BaseException) -> bool:
    """Tell the admins the storage is full, unless they were told less than an hour ago.

    Returns True when the notice went out now. The time is read from the services' clock.
    """
    services = context.services
    now = services.clock.now()
    last = context.bot_data.get(DISK_FULL_NOTICE)
    if isinstance(last, datetime) and now - last < DISK_FULL_NOTICE_INTERVAL:
        return False
    context.bot_data[DISK_FULL_NOTICE] = now
    for admin_id, language in await _admins(context):
        try:
            await context.bot.send_message(admin_id, t("admin_disk_full", language, error=str(error)))
        except TelegramError as send_error:
            LOG.warning("could not tell admin %s that the storage is full: %s", admin_id, send_error)
    return True


async def _admins(context: PpidContext) -> list[tuple[int, str]]:
    """The reachable admins with their language; the configured ones when the database cannot say."""
    services = context.services
    default = services.settings.default_language
    admins: dict[int, str] = {}
    try:
        for grant in await services.users.role_holders("admin"):
            user = await services.users.get(grant.telegram_id)
            if user is not None and user.blocked_at is None:
                admins[grant.telegram_id] = language_of(user.language, default)
    except sqlite3.Error:
        LOG.warning("could not read the admins from the database; using ADMIN_IDS", exc_info=True)
        return [(admin_id, language_of(None, default)) for admin_id in services.settings.admin_ids]
    return list(admins.items())


def background_job(
    run: Callable[[PpidApplication], Awaitable[object]], what: str
) -> Callable[[ContextTypes.DEFAULT_TYPE], Awaitable[None]]:
    """A JobQueue callback that runs `run` on the application. A failure is logged (and a full
    disk told to the admins), never raised: one failed run must not stop the next ones."""

    async def job(context: ContextTypes.DEFAULT_TYPE) -> None:
        application = context.application
        assert isinstance(application, PpidApplication)
        try:
            await run(application)
        except Exception as error:  # noqa: BLE001 - see above
            LOG.exception("%s failed", what)
            if is_storage_full_error(error):
                await tell_admins_storage_full(context, error)  # type: ignore[arg-type]

    job.__name__ = job.__qualname__ = f"{what.replace(' ', '_')}_job"
    return job


def register(application: Application) -> None:
    application.add_error_handler(on_error)
