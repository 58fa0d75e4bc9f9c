"""`FakeTelegram`: an in-memory Telegram Bot API server, independent of any transport.

It holds the bot's identity, simulated users and channels, every chat's messages (per-chat
message ids, Unix-second dates), stored files, the update queue, command menus and a record of
every API call. `handle(method, params, files)` answers like Telegram: `(200, {"ok": true,
"result": ...})` or an error status with `{"ok": false, "error_code": ..., "description": ...}`,
enforcing Telegram's limits and flood control. The transports (`SandboxRequest` in process,
`SandboxHTTPServer` over 127.0.0.1) only translate requests into `handle` calls.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.sandbox import errors
from bot.sandbox.actors import SimChannel, SimGroup, SimUser
from bot.sandbox.errors import ApiError, SandboxError
from bot.sandbox.files import FileStore
from bot.sandbox.keyboards import inline_buttons
from bot.sandbox.methods import BotApiMethods
from bot.sandbox.params import Params, UploadedFile
from bot.sandbox.ratelimit import FloodControl, RateLimits
from bot.sandbox.state import ApiCall, CallbackQueryState, ChatState, json_copy
from bot.sandbox.updates import UpdateQueue
from bot.telegram_limits import BOT_DOWNLOAD_MAX_BYTES, BOT_UPLOAD_MAX_BYTES

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder, ExtBot

    from bot.sandbox.request import SandboxRequest

__all__ = ["DEFAULT_TOKEN", "ApiCall", "ChatState", "FakeTelegram"]

DEFAULT_TOKEN = "7000000001:AAFakeSandboxTokenForOfflineTests01"
MB = 1024 * 1024

# Parameters that carry JSON objects; over HTTP they arrive as JSON strings.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "link_preview_options",
        "commands",
        "scope",
        "menu_button",
        "allowed_updates",
        "media",
    }
)


class FakeTelegram(BotApiMethods):
    """An offline Telegram Bot API for one bot. See `bot.sandbox` for a usage example.

    Args:
        token: the bot token; its number before ":" is the bot's user id.
        bot_username / bot_first_name: what getMe answers.
        limits: flood-control rates and bursts (`RateLimits.disabled()` for none).
        max_download_size: getFile refuses bigger files ("file is too big"); 20 MB like the
            cloud Bot API. Raise it to model a self-hosted Bot API server.
        max_upload_size: bigger uploads answer 413; 50 MB like the cloud Bot API.
        local_files_dir: if set, getFile answers absolute paths under this directory (a
            self-hosted server in `--local` mode) and the download limit is lifted.
        callback_query_max_age: seconds after which a callback query can't be answered.
        clock: monotonic seconds, for flood control and callback-query age (injectable).
        wall_clock: Unix seconds, for message dates.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "ppid_sandbox_bot",
        bot_first_name: str = "PPID Sandbox",
        limits: RateLimits | None = None,
        max_download_size: int = BOT_DOWNLOAD_MAX_BYTES,
        max_upload_size: int = BOT_UPLOAD_MAX_BYTES,
        local_files_dir: str | Path | None = None,
        callback_query_max_age: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("a bot token looks like '123456:ABC...'")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.max_download_size = max_download_size
        self.max_upload_size = max_upload_size
        self.callback_query_max_age = callback_query_max_age
        self.clock = clock
        self.wall_clock = wall_clock
        self.flood = FloodControl(limits or RateLimits(), clock)
        self.files = FileStore(local_files_dir)
        self.updates = UpdateQueue()
        self.calls: list[ApiCall] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.webhook_url = ""
        self.profile: dict[tuple[str, str], str] = {}  # (field, language_code) -> text
        self._chats: dict[int, ChatState] = {}
        self._usernames: dict[str, int] = {}
        self._users: dict[int, SimUser] = {}
        self._channels: dict[int, SimChannel] = {}
        self._groups: dict[int, SimGroup] = {}
        self._queries: dict[str, CallbackQueryState] = {}
        self._query_ids = itertools.count(1)
        self._lock = threading.RLock()
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._polls_started = 0
        self._methods: dict[str, Callable[[Params], Any]] = self.method_table()

    # ======================================================================================
    # Simulated people and chats
    # ======================================================================================
    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
        started: bool = True,
    ) -> SimUser:
        """The simulated user `user_id`, registered on first call (private chat id == user id).

        `started=False` models someone who never opened the bot: sending to them answers
        403 "bot can't initiate conversation with a user" until they send something.
        """
        with self._lock:
            existing = self._users.get(user_id)
            if existing is not None:
                return existing
            person = SimUser(
                self,
                user_id,
                first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
                started=started,
            )
            self._users[user_id] = person
            # No @username lookup for users: Telegram resolves "@name" only for public chats.
            self._chats[user_id] = ChatState(chat=person.chat_dict)
            return person

    def channel(
        self, chat_id: int, title: str, *, username: str | None = None, bot_admin: bool = True
    ) -> SimChannel:
        """The simulated channel `chat_id` (negative), registered on first call; `bot_admin=False`:
        the bot is not an administrator there (getChatMember says "left", posts get a 403)."""
        with self._lock:
            existing = self._channels.get(chat_id)
            if existing is not None:
                return existing
            channel = SimChannel(self, chat_id, title, username, bot_admin=bot_admin)
            self._channels[chat_id] = channel
            self._chats[chat_id] = ChatState(chat=channel.chat_dict)
            if username:
                self._usernames[username.lower()] = chat_id
            return channel

    def group(self, chat_id: int, title: str, *, supergroup: bool = False) -> SimGroup:
        """The simulated group (or supergroup) `chat_id` (negative), registered on first call."""
        with self._lock:
            existing = self._groups.get(chat_id)
            if existing is not None:
                return existing
            group = SimGroup(self, chat_id, title, supergroup=supergroup)
            self._groups[chat_id] = group
            self._chats[chat_id] = ChatState(chat=group.chat_dict)
            return group

    # ======================================================================================
    # Reading state (for tests)
    # ======================================================================================
    def messages(self, chat_id: int, *, from_bot_only: bool = True) -> list[dict[str, Any]]:
        """Messages of a chat in their current state, oldest first (copies)."""
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None:
                return []
            return [
                json_copy(message)
                for message_id, message in chat.messages.items()
                if not from_bot_only or message_id in chat.bot_message_ids
            ]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """One message in its current state, or None."""
        with self._lock:
            chat = self._chats.get(chat_id)
            found = chat.messages.get(message_id) if chat else None
            return json_copy(found) if found else None

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a stored file (a user's upload or the bot's)."""
        stored = self.files.get(file_id)
        if stored is None:
            raise SandboxError(f"no file with file_id {file_id!r}")
        return stored.content()

    def download(self, file_path: str, token: str | None = None) -> bytes | None:
        """Bytes served at `{base_file_url}{token}/{file_path}`, or None (404)."""
        if token is not None and token != self.token:
            return None
        stored = self.files.by_path(file_path)
        return stored.content() if stored else None

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        wanted = method.lower()
        return [call for call in list(self.calls) if call.method.lower() == wanted]

    def bot_calls(self) -> list[ApiCall]:
        """Recorded calls other than getUpdates (the polling noise)."""
        return [call for call in list(self.calls) if call.method.lower() != "getupdates"]

    def _last_other_markup(self, chat_id: int) -> dict[str, Any] | None:
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None or not chat.other_markups:
                return None
            return json_copy(chat.other_markups[max(chat.other_markups)])

    # ======================================================================================
    # Building PTB objects on this fake
    # ======================================================================================
    def request(self) -> SandboxRequest:
        """A new in-process `BaseRequest` routed to this fake."""
        from bot.sandbox.request import SandboxRequest

        return SandboxRequest(self)

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """`ApplicationBuilder` with this fake's token and in-process requests set."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .request(self.request())
            .get_updates_request(self.request())
        )

    def make_bot(self, **kwargs: Any) -> ExtBot[None]:
        """An `ExtBot` on this fake (kwargs go to `ExtBot`, e.g. `rate_limiter=`)."""
        from telegram.ext import ExtBot

        return ExtBot(
            self.token, request=self.request(), get_updates_request=self.request(), **kwargs
        )

    # ======================================================================================
    # Driving the bot (for tests)
    # ======================================================================================
    async def deliver(self, application: Application[Any, Any, Any, Any, Any, Any]) -> int:
        """Process every queued update with `application` (mode i); returns how many."""
        from bot.sandbox.driving import deliver

        return len(await deliver(application, self))

    async def wait_for(
        self, condition: Callable[[], bool], timeout: float = 5.0, interval: float = 0.01
    ) -> None:
        """Poll `condition` until true; TimeoutError after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            if loop.time() >= deadline:
                raise TimeoutError(f"condition still false after {timeout}s")
            await asyncio.sleep(interval)

    def is_idle(
        self,
        quiet: float = 0.1,
        application: Application[Any, Any, Any, Any, Any, Any] | None = None,
    ) -> bool:
        """Every update fetched, no call in flight, and nothing happened for `quiet` seconds."""
        if not self.updates.all_fetched or self._in_flight:
            return False
        if time.monotonic() - self._last_activity < quiet:
            return False
        if application is not None and (
            not application.update_queue.empty()
            or application.update_processor.current_concurrent_updates
        ):
            return False
        return True

    async def wait_until_idle(
        self,
        timeout: float = 5.0,
        *,
        quiet: float = 0.1,
        application: Application[Any, Any, Any, Any, Any, Any] | None = None,
    ) -> None:
        """Polling mode (ii): wait until the bot fetched every update and went quiet.

        "Quiet" means no API call other than getUpdates for `quiet` seconds. Pass the
        `application` to also wait until its update queue is empty and no update is being
        processed. Raises TimeoutError after `timeout` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.is_idle(quiet, application):
            if loop.time() >= deadline:
                raise TimeoutError(
                    f"sandbox not idle after {timeout}s: "
                    f"{len(self.updates.pending)} update(s) unconfirmed, "
                    f"all fetched={self.updates.all_fetched}, {self._in_flight} call(s) in flight"
                )
            await asyncio.sleep(min(0.01, quiet / 2) if quiet > 0 else 0.005)

    # ======================================================================================
    # The API entry point
    # ======================================================================================
    async def handle(
        self,
        method: str,
        values: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
        *,
        token: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: `(http_status, json_body)`. Every call is recorded."""
        params = {
            name: _decode_json_param(name, value)
            for name, value in values.items()
            if value is not None
        }
        upload = dict(files or {})
        call = ApiCall(
            method=method,
            params=params,
            files={name: (f.file_name, len(f.data)) for name, f in upload.items()},
            started=time.monotonic(),
        )
        polling = method.lower() == "getupdates"
        if not polling:
            self._in_flight += 1
        try:
            call.status, call.response = await self._answer(method, params, upload, token)
        finally:
            if not polling:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
            if call.status:  # a cancelled call (e.g. a long poll cut at shutdown) got no answer
                self.calls.append(call)
        return call.status, call.response

    async def _answer(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, UploadedFile],
        token: str | None,
    ) -> tuple[int, dict[str, Any]]:
        if token is not None and token != self.token:
            return 401, ApiError(401, errors.UNAUTHORIZED).to_json()
        handler = self._methods.get(method.lower())
        if handler is None:
            return 404, ApiError(404, errors.NOT_FOUND).to_json()
        if any(len(f.data) > self.max_upload_size for f in files.values()):
            return 413, ApiError(413, errors.REQUEST_ENTITY_TOO_LARGE).to_json()
        try:
            if inspect.iscoroutinefunction(handler):
                result = await handler(Params(params, files))
            else:
                with self._lock:
                    result = handler(Params(params, files))
                if inspect.isawaitable(result):  # pragma: no cover - defensive
                    result = await result
        except ApiError as error:
            return error.code, error.to_json()
        return 200, {"ok": True, "result": result}
    # ======================================================================================
    # Simulated users' actions (called by SimUser)
    # ======================================================================================
    def _user_message(self, person: SimUser, content: dict[str, Any]) -> dict[str, Any]:
        if person.blocked:
            raise SandboxError(f"{person} has blocked the bot; call unblock() first")
        with self._lock:
            person.started = True
            chat = self._chats[person.id]
            message = {
                "message_id": chat.next_message_id(),
                "from": person.user_dict,
                "chat": person.chat_dict,
                "date": self._now(),
                **content,
            }
            chat.messages[message["message_id"]] = message
            return self.updates.push({"message": json_copy(message)})

    def _chat_message(
        self, chat_id: int, person: SimUser | None, content: dict[str, Any], *, kind: str = "message"
    ) -> dict[str, Any]:
        """A message in a group (from `person`) or a channel (`person` None: the channel posts)."""
        with self._lock:
            chat = self._chats[chat_id]
            message: dict[str, Any] = {"message_id": chat.next_message_id()}
            if person is not None:
                message["from"] = person.user_dict
            else:
                message["sender_chat"] = dict(chat.chat)
            message.update({"chat": dict(chat.chat), "date": self._now(), **content})
            chat.messages[message["message_id"]] = message
            return self.updates.push({kind: json_copy(message)})

    def _press_in(self, chat_id: int, person: SimUser, message_id: int, callback_data: str) -> dict[str, Any]:
        """A press on any message of a group (a forwarded keyboard, or data a client forged)."""
        with self._lock:
            message = self._chats[chat_id].messages.get(message_id)
            if message is None:
                raise SandboxError(f"there is no message {message_id} in chat {chat_id}")
            return self._push_press(person, message, callback_data)

    def _push_press(self, person: SimUser, message: dict[str, Any], callback_data: str) -> dict[str, Any]:
        query_id = f"{next(self._query_ids)}{secrets.randbelow(10**12):012d}"
        self._queries[query_id] = CallbackQueryState(query_id, person.id, self.clock())
        return self.updates.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": person.user_dict,
                    "message": json_copy(message),
                    "chat_instance": str(abs(hash((self.bot_id, message["chat"]["id"])))),
                    "data": callback_data,
                }
            }
        )

    def _press(
        self, person: SimUser, message_id: int, callback_data: str, require_button: bool
    ) -> dict[str, Any]:
        if person.blocked:
            raise SandboxError(f"{person} has blocked the bot; call unblock() first")
        with self._lock:
            chat = self._chats[person.id]
            message = chat.messages.get(message_id)
            if message is None or message_id not in chat.bot_message_ids:
                raise SandboxError(f"the bot sent no message {message_id} to {person}")
            data = [b.get("callback_data") for b in inline_buttons(message.get("reply_markup"))]
            if require_button and callback_data not in data:
                raise SandboxError(
                    f"message {message_id} has no button with callback_data "
                    f"{callback_data!r} (has {data!r})"
                )
            return self._push_press(person, message, callback_data)

    def _member_status_changed(self, person: SimUser, old: str, new: str) -> dict[str, Any]:
        with self._lock:
            bot_member: dict[str, Any] = {"user": self.bot_user, "status": old}
            new_member: dict[str, Any] = {"user": self.bot_user, "status": new}
            for member in (bot_member, new_member):
                if member["status"] == "kicked":
                    member["until_date"] = 0  # Telegram sends it with every "kicked" member
            return self.updates.push(
                {
                    "my_chat_member": {
                        "chat": person.chat_dict,
                        "from": person.user_dict,
                        "date": self._now(),
                        "old_chat_member": bot_member,
                        "new_chat_member": new_member,
                    }
                }
            )


def _decode_json_param(name: str, value: Any) -> Any:
    """JSON-object parameters arrive as strings over HTTP; decode them when they parse."""
    if name in JSON_PARAMS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
