"""The application class of the bot and its callback context, apart from the composition root.

`PpidApplication` is PTB's `Application` carrying the bot's `Services`: it opens them (after the
instance lock and the database's integrity check, and for `ppid-bot run` the start-up checks) in
`initialize()` and closes them in `shutdown()`, so `async with application:` and `run_polling()`
both bring everything up and down. `PpidContext` is the context every handler receives, with
`context.services`. Handlers import these from here; the app factory that wires the handlers in
is `bot.app`, which nothing below it imports.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from telegram.error import InvalidToken
from telegram.ext import Application, CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.instance_lock import InstanceLock
from bot.services import Services
from bot.sop import Sop
from bot.sop_change import record_sop
from bot.staff import ensure_config_admins
from bot.startup_check import (
    local_findings,
    refuse_unless_fine,
    say_on_stderr,
    sop_change_finding,
    telegram_report,
)
from bot.texts import t

LOG = logging.getLogger(__name__)
# The name PTB's Updater gives the task that long-polls (tests/bot/test_startup.py notices a change).
POLLING_TASK_NAME = "Updater:start_polling:polling_task"


class PpidApplication(Application):  # type: ignore[misc]
    """A PTB Application that carries the bot's `Services` and opens them with itself."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings: Settings | None = None
        self.sop: Sop | None = None
        self.clock: Clock | None = None
        self._services: Services | None = None
        self._instance_lock: InstanceLock | None = None
        self.stopped_because: str | None = None  # the one line `run` ends with (see stop_for)
        # `ppid-bot run` sets it: initialize() then makes the start-up checks (bot.startup_check)
        # and raises StartupRefused instead of starting with a problem the office must fix.
        self.check_at_start = False
        self.site: Any = None  # the public web site while it runs (bot.app.start_site)

    def stop_for(self, reason: str) -> None:
        """Stop polling because the bot must not go on (`reason`: one line for the operator)."""
        if self.stopped_because is None:
            self.stopped_because = reason
            LOG.error("%s", reason)
        self.stop_running()

    @property
    def instance_lock(self) -> InstanceLock | None:
        """The lock on the database while the application is initialized."""
        return self._instance_lock

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the application is not initialized yet")
        return self._services

    async def initialize(self) -> None:
        """Open the services, refusing a damaged database (`DatabaseDamaged`) and a database another
        bot already runs on (`InstanceRunning`), then PTB's own start.

        `PRAGMA quick_check` runs on the file before the services open it, so that neither the
        PRAGMAs nor the migrations write into a damaged file (a new database has nothing to check),
        unless the last bot on it stopped cleanly and left it unchanged (`InstanceLock.after_clean_stop`).
        """
        if self._services is None:
            assert self.settings is not None and self.sop is not None
            from storage.integrity import check_database_file
            from storage.sqlite_errors import DatabaseDamaged, damage_in

            path = self.settings.database_path
            if self._instance_lock is None:
                self._instance_lock = InstanceLock(path)
            self._instance_lock.acquire()  # InstanceRunning: another bot runs on this database
            try:
                if self.check_at_start:
                    refuse_unless_fine(local_findings(self.settings))
                # The full check reads the whole file: only when the last bot did not stop cleanly
                # (bot.instance_lock); a clean restart reads the schema alone, whatever the size.
                if not self._instance_lock.after_clean_stop:
                    if Path(path).exists():
                        LOG.info(
                            "memeriksa keutuhan basis data (bot sebelumnya tidak berhenti dengan wajar)"
                            " (checking the database: the last bot did not stop cleanly)"
                        )
                    problems = await check_database_file(path)
                    if problems:
                        raise DatabaseDamaged(path, problems)
                # Always, not only for `run`: a cycle stranded by an edited SOP file is data at
                # risk, like a damaged file (bot.sop_change).
                fits = sop_change_finding(self.sop, path)
                refuse_unless_fine([fits] if fits is not None else [])
                self._services = await Services.open(self.settings, self.sop, self.clock)
            except Exception as error:
                self._instance_lock.release()
                damaged = damage_in(error, path)
                if damaged is not None and not isinstance(error, DatabaseDamaged):
                    raise damaged from error
                raise
            await record_sop(self._services)  # what the next start compares its SOP file with
            swept = await asyncio.to_thread(self._services.files.sweep_staging)
            if swept:
                LOG.info("%s berkas sementara yang tertinggal dihapus (%s leftover staging files removed)", swept, swept)
            granted = await ensure_config_admins(self._services)
            if granted:
                LOG.info("admin pertama dari ADMIN_IDS didaftarkan: %s (first admins registered)", granted)
            if self.check_at_start:
                report = await telegram_report(self.bot, self.settings, say_on_stderr)
                refuse_unless_fine(report.findings, unreachable=report.unreachable)
                LOG.info("berjalan sebagai @%s (running as @%s)", report.bot_username, report.bot_username)
        await super().initialize()

    async def start(self) -> None:
        """PTB's start, then a watch on the polling task: PTB ends it for good when Telegram rejects
        the token (revoked at @BotFather while the bot runs) and goes on without updates, a
        service that looks alive and receives nothing; the bot stops instead, with one line."""
        await super().start()
        for task in asyncio.all_tasks():
            if task.get_name() == POLLING_TASK_NAME and not task.done():
                task.add_done_callback(self._polling_ended)

    def _polling_ended(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and isinstance(task.exception(), InvalidToken):
            self.stop_for(t("error_token_revoked", "id") + " " + t("error_token_revoked", "en"))

    async def shutdown(self) -> None:
        await super().shutdown()
        closed = False
        try:
            if self._services is not None:
                await self._services.close()
                self._services = None
            closed = True
        finally:
            if self._instance_lock is not None:
                # A clean stop once the database closed without an error: the next start may skip
                # the full integrity check.
                self._instance_lock.release(clean=closed)
                self._instance_lock = None


class PpidContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of this bot: `context.services` reaches the application's services."""

    @property
    def services(self) -> Services:
        application = self.application
        assert isinstance(application, PpidApplication)
        return application.services
