"""The app factory: one place that builds the PTB `Application` from settings.

Used by `python -m bot` (real Telegram, polling), `python -m bot demo` (the sandbox), the tests and
the benchmarks. A transport (`telegram.request.BaseRequest`) can be injected so that the same app
talks to the offline sandbox instead of Telegram.

The application opens its services (database, file store) in `initialize()` and closes them in
`shutdown()`, so `async with application:` and `run_polling()` both bring everything up and down.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    ContextTypes,
    Defaults,
    ExtBot,
)
from telegram.request import BaseRequest

from bot.clock import Clock
from bot.config import Settings
from bot.instance_lock import InstanceLock
from bot.startup_check import local_findings, refuse_unless_fine, say_on_stderr, telegram_report
from bot.persistence import SqlitePersistence
from bot.services import Services
from bot.sop import Sop, load_sop
from bot.staff import ensure_config_admins
from bot.texts import COMMANDS, LANGUAGES, PUBLIC_COMMANDS, t
from bot.update_processor import PerChatUpdateProcessor

LOG = logging.getLogger(__name__)

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
        PRAGMAs nor the migrations write into a damaged file (a new database has nothing to check).
        """
        if self._services is None:
            assert self.settings is not None and self.sop is not None
            from storage.backup import DatabaseDamaged, check_database_file, damage_in

            path = self.settings.database_path
            if self._instance_lock is None:
                self._instance_lock = InstanceLock(path)
            self._instance_lock.acquire()  # InstanceRunning: another bot runs on this database
            try:
                if self.check_at_start:
                    refuse_unless_fine(local_findings(self.settings))
                problems = await check_database_file(path)
                if problems:
                    raise DatabaseDamaged(path, problems)
                self._services = await Services.open(self.settings, self.sop, self.clock)
            except Exception as error:
                self._instance_lock.release()
                damaged = damage_in(error, path)
                if damaged is not None and not isinstance(error, DatabaseDamaged):
                    raise damaged from error
                raise
            granted = await ensure_config_admins(self._services)
            if granted:
                LOG.info("admin pertama dari ADMIN_IDS didaftarkan: %s (first admins registered)", granted)
            if self.check_at_start:
                report = await telegram_report(self.bot, self.settings, say_on_stderr)
                refuse_unless_fine(report.findings, unreachable=report.unreachable)
                LOG.info("berjalan sebagai @%s (running as @%s)", report.bot_username, report.bot_username)
        await super().initialize()

    async def shutdown(self) -> None:
        await super().shutdown()
        if self._services is not None:
            await self._services.close()
            self._services = None
        if self._instance_lock is not None:
            self._instance_lock.release()
            self._instance_lock = None


class PpidContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context of this bot: `context.services` reaches the application's services."""

    @property
    def services(self) -> Services:
        application = self.application
        assert isinstance(application, PpidApplication)
        return application.services


async def set_command_menus(application: Application) -> None:
    """The menu of people who are not staff: /start and the public search /cari (staff get their own, see
    `handlers.access`)."""
    for language in LANGUAGES:
        await application.bot.set_my_commands(
            [BotCommand(c.name, c.description(language)) for c in COMMANDS if c.name in PUBLIC_COMMANDS],
            scope=BotCommandScopeAllPrivateChats(),
            language_code=None if language == "id" else language,
        )


def set_aside_start_up_objects() -> None:
    """Collect once, then leave what lives as long as the bot (modules, the SOP, PTB's handlers,
    the stemmer's dictionary) out of every later full garbage collection (`gc.freeze`).

    A bot makes many short-lived objects per update; without this, each full collection walks
    every long-lived object again, a pause of tens of milliseconds for some unlucky update.
    """
    gc.collect()
    gc.freeze()


async def after_start_up(application: Application) -> None:
    """PTB's `post_init`: the public command menu, then the objects of start-up set aside."""
    await set_command_menus(application)
    set_aside_start_up_objects()


async def tell_backlog_full(application: PpidApplication, update: Update) -> None:
    """A private chat sent more updates at once than it may have waiting: say once that some were
    dropped (see `bot.update_processor`). Groups and channels are not answered."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    settings = application.settings
    language = settings.default_language if settings is not None else "id"
    await application.bot.send_message(chat.id, t("onb_backlog_full", language))


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    sop: Sop | None = None,
    rate_limiter: bool = True,
    clock: Clock | None = None,
) -> PpidApplication:
    """Build the bot's Application.

    Without `request` the app talks to the Bot API at `settings.base_url` (Telegram, or a
    self-hosted server). With `request` (the sandbox's), every call goes through it instead.
    `clock` replaces the system clock (tests and the demo move time by hand).
    """
    if settings.bot_token is None:
        raise ValueError("a bot token is needed (the sandbox's own token when running offline)")
    persistence = SqlitePersistence(lambda: application.services)
    builder = (
        ApplicationBuilder()
        .persistence(persistence)
        .application_class(PpidApplication)
        .context_types(ContextTypes(context=PpidContext))
        .token(settings.bot_token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .post_init(after_start_up)
        .concurrent_updates(
            PerChatUpdateProcessor(
                max_pending_per_chat=settings.chat_backlog_limit,
                on_overflow=lambda update: tell_backlog_full(application, update),
            )
        )
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    else:
        builder = builder.base_url(settings.base_url).base_file_url(settings.base_file_url)
        builder = builder.local_mode(settings.local_mode)
        if settings.telegram_proxy is not None:
            builder = builder.proxy(settings.telegram_proxy).get_updates_proxy(settings.telegram_proxy)
    if rate_limiter:
        # Waits out Telegram's flood limits (30 messages/s overall, 20/min per group) and retries
        # once after a 429 instead of losing the message.
        # 29 rather than 30: the limiter counts a message when it leaves, Telegram when it arrives,
        # and at exactly 30/s the two drift into an occasional 429.
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=29, max_retries=2))
    application: PpidApplication = builder.build()
    application.settings = settings
    application.sop = sop or load_sop(settings.sop_file)
    application.clock = clock

    # The composition root is the one place where bot/ reaches into handlers/.
    from handlers import register_handlers

    register_handlers(application)
    return application
