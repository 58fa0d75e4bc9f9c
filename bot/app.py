"""The app factory and composition root: one place that builds the PTB `Application` from
settings and wires the handlers in (the only module of `bot/` that imports `handlers/`).

Used by `python -m bot` (real Telegram, polling), `python -m bot demo` (the sandbox), the tests and
the benchmarks. A transport (`telegram.request.BaseRequest`) can be injected so that the same app
talks to the offline sandbox instead of Telegram.

The application class and the handlers' context live in `bot.application` (see there how the
services open and close with the application).
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.application import PpidApplication, PpidContext
from bot.clock import Clock
from bot.config import Settings
from bot.persistence import SqlitePersistence
from bot.services import Services
from bot.sop import Sop, load_sop
from bot.texts import COMMANDS, LANGUAGES, PUBLIC_COMMANDS, t
from bot.update_processor import PerChatUpdateProcessor
from bot.startup_check import Finding, StartupRefused
from handlers import register_handlers  # composition root: the one module of bot/ importing handlers/
from web.export import ExportFailed, ExportRefused, ExportReport, export_site
from web.server import SiteServer, StartFailed  # the other front door, the public web site

__all__ = [
    "ExportFailed",
    "ExportRefused",
    "ExportReport",
    "PpidApplication",
    "SiteServer",
    "StartFailed",
    "PpidContext",
    "after_start_up",
    "build_application",
    "export_static_site",
    "serve_site",
    "set_command_menus",
    "start_site",
    "stop_site",
]

LOG = logging.getLogger(__name__)

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


async def start_site(application: PpidApplication) -> SiteServer | None:
    """Serve the public web site at WEB_ADDRESS in this event loop (None when it is turned off).

    An address that cannot be bound stops the start with one line (exit 2: the office must fix it)."""
    settings = application.settings
    if settings is None or settings.web_address is None:
        return None
    host, port = settings.web_address
    server = SiteServer(application.services, host, port)
    try:
        await server.start()
    except StartFailed as error:
        raise StartupRefused(
            [Finding(False, f"situs web tidak dapat dijalankan di WEB_ADDRESS {error.indonesian}",
                     f"the web site cannot listen at WEB_ADDRESS {error.english}")],
            unreachable=False,
        ) from error
    application.site = server
    return server


async def serve_site(services: Services, host: str, port: int, *, any_port_if_taken: bool = False) -> SiteServer:
    """The public site of `services` on `host:port`, started in this event loop (the demo's way:
    the bot's own is `start_site`). `any_port_if_taken`: a port that cannot be bound gives way to a
    free one of the same host (compare `.port`). StartFailed when even that fails."""
    server = SiteServer(services, host, port)
    try:
        await server.start()
    except StartFailed:
        if not any_port_if_taken or port == 0:
            raise
        server = SiteServer(services, host, 0)
        await server.start()
    return server


async def stop_site(application: Application) -> None:
    """PTB's `post_stop`: the web site stops with the bot."""
    site = getattr(application, "site", None)
    if isinstance(site, SiteServer):
        await site.stop()
        application.site = None


async def export_static_site(settings: Settings, directory: Path, *, sop: Sop | None = None) -> ExportReport:
    """`ppid-bot web-export DIR`: the public site as plain files in `directory` (`web.export`).

    The database is opened read-only (`Services.open(read_only=True)`: no instance lock, no
    migration, no audit key made), so the export runs while the bot runs on the same database."""
    services = await Services.open(settings, sop or load_sop(settings.sop_file), read_only=True)
    try:
        return await export_site(services, directory)
    finally:
        await services.close()


async def after_start_up(application: Application) -> None:
    """PTB's `post_init`: the public command menu, the web site, then the objects of start-up set aside."""
    await set_command_menus(application)
    if isinstance(application, PpidApplication):
        await start_site(application)
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
        .post_stop(stop_site)
        .concurrent_updates(
            PerChatUpdateProcessor(
                max_pending_per_chat=settings.chat_backlog_limit,
                on_overflow=lambda update: tell_backlog_full(application, update),
            )
        )
    )
    # Local mode is the server's, whatever carries the requests (the sandbox has one too).
    builder = builder.local_mode(settings.local_mode)
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    else:
        builder = builder.base_url(settings.base_url).base_file_url(settings.base_file_url)
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

    register_handlers(application)
    return application
