"""The sandbox: Telegram without Telegram.

An offline fake of the Telegram Bot API (`FakeTelegram`) with simulated users and channels,
reachable in process (`SandboxRequest`, a PTB `BaseRequest`) or over HTTP on 127.0.0.1
(`SandboxHTTPServer`). It answers like Telegram, enforces Telegram's limits with Telegram's
error descriptions, applies flood control (429 with retry_after) and records every call.

Mode (i), the test drives the bot itself (deterministic, no polling)::

    from telegram.ext import CommandHandler
    from bot.sandbox import FakeTelegram

    fake = FakeTelegram()                       # limits, clocks, file sizes are arguments
    app = fake.application_builder().build()    # = ApplicationBuilder().token(fake.token)
                                                #   .request(SandboxRequest(fake))
                                                #   .get_updates_request(SandboxRequest(fake))
    app.add_handler(CommandHandler("start", start))
    siti = fake.user(1001, "Siti", username="siti")
    async with app:                             # initialize(): getMe answered by the fake
        siti.send_command("/start", "invite-token")   # queues an update, returns it
        await fake.deliver(app)                 # process every queued update, in order
        assert siti.last_text() == "Selamat datang"
        siti.press_button("Setujui")            # callback_query on the bot's keyboard
        await fake.deliver(app)
    siti.messages(); siti.callback_answers      # what the user sees now (after edits)
    fake.calls_to("answerCallbackQuery")        # every call, with Telegram's answer

Mode (ii), the bot polls, in process or over HTTP::

    from telegram.ext import ApplicationBuilder
    from bot.sandbox import SandboxHTTPServer

    async with SandboxHTTPServer(fake) as server:          # 127.0.0.1, free port
        app = (ApplicationBuilder().token(fake.token)
               .base_url(server.base_url).base_file_url(server.base_file_url).build())
        ...                                                 # add handlers
        await app.initialize(); await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        siti.send_text("halo")
        await fake.wait_until_idle(timeout=5, application=app)  # or siti.wait_for_messages(n)
        ...                                                 # read siti.messages()
        await app.updater.stop(); await app.stop(); await app.shutdown()

`python -m bot.sandbox --port 8081` serves a fake on its own (see `bot.sandbox.server`).
"""

from bot.sandbox.actors import SimChannel, SimGroup, SimUser
from bot.sandbox.core import DEFAULT_TOKEN, ApiCall, FakeTelegram
from bot.sandbox.driving import deliver, deliver_at_once, fake_of
from bot.sandbox.errors import ApiError, SandboxError
from bot.sandbox.files import StoredFile
from bot.sandbox.ratelimit import RateLimits
from bot.sandbox.request import SandboxRequest
from bot.sandbox.server import SandboxHTTPServer

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "FakeTelegram",
    "RateLimits",
    "SandboxError",
    "SandboxHTTPServer",
    "SandboxRequest",
    "SimChannel",
    "SimGroup",
    "SimUser",
    "StoredFile",
    "deliver",
    "deliver_at_once",
    "fake_of",
]
