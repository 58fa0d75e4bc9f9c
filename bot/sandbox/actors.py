"""Simulated Telegram users and channels: what a test does on the other side of the chat.

A `SimUser` sends text, commands, documents and photos and presses inline buttons; every
action queues one update (returned as a dict) for the bot. Its read side shows the messages
the bot sent to the user's private chat, in their current state (after edits and deletions),
and the callback-query answers the user got. A `SimChannel` shows the bot's posts, and can carry
posts of the channel's other admins (`channel_post` updates). A `SimGroup` is a group or a
supergroup with the bot in it: people write and press buttons there, as they do in private.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import SandboxError
from bot.sandbox.keyboards import inline_buttons
from bot.sandbox.state import json_copy
from bot.telegram_limits import telegram_length

if TYPE_CHECKING:
    from bot.sandbox.core import FakeTelegram
    from bot.sandbox.files import StoredFile

__all__ = ["SimChannel", "SimGroup", "SimUser"]


def _message_text(message: dict[str, Any]) -> str | None:
    text = message.get("text", message.get("caption"))
    return text if isinstance(text, str) else None


def _command_content(command: str, *args: str) -> dict[str, Any]:
    """A message's content for `/command arg ...`, with its bot_command entity."""
    name = command if command.startswith("/") else f"/{command}"
    text = " ".join([name, *args])
    entity = {"type": "bot_command", "offset": 0, "length": telegram_length(name)}
    return {"text": text, "entities": [entity]}


def _text_content(text: str) -> dict[str, Any]:
    """A message's content for `text`: a command when it starts with "/"."""
    if text.startswith("/"):
        command, *args = text.split(" ")
        return _command_content(command, *args)
    return {"text": text}


class SimUser:
    """A person in a private chat with the bot (user id == chat id)."""

    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
        started: bool = True,
    ) -> None:
        if user_id <= 0:
            raise SandboxError("user ids are positive")
        self.fake = fake
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.started = started
        self.blocked = False
        self.callback_answers: list[dict[str, Any]] = []

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.first_name!r})"

    # --- Telegram objects ------------------------------------------------------------------
    @property
    def user_dict(self) -> dict[str, Any]:
        """This person as a Telegram `User`."""
        result: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            result["last_name"] = self.last_name
        if self.username:
            result["username"] = self.username
        if self.language_code:
            result["language_code"] = self.language_code
        return result

    @property
    def chat_dict(self) -> dict[str, Any]:
        """The private chat with the bot as a Telegram `Chat`."""
        result: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            result["last_name"] = self.last_name
        if self.username:
            result["username"] = self.username
        return result

    # --- acting ----------------------------------------------------------------------------
    def send_text(self, text: str) -> dict[str, Any]:
        """Send a plain text message; returns the queued update."""
        if not text:
            raise SandboxError("Telegram clients do not send empty messages")
        return self.fake._user_message(self, {"text": text})

    def send_command(self, command: str, *args: str) -> dict[str, Any]:
        """Send `/command arg ...` with a bot_command entity (`send_command("/start", token)`)."""
        return self.fake._user_message(self, _command_content(command, *args))

    def send_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """Send a file as a document; its bytes become downloadable through getFile."""
        stored = self.fake.files.add(data, "document", file_name=file_name, mime_type=_mime_type(file_name, mime_type))
        return self._send_stored_document(stored, caption)

    def send_document_file(
        self, path: str | Path, file_name: str, mime_type: str | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """Send the file at `path` as a document, held on disk and never read by the fake (a big
        file for a self-hosted server in local mode, which hands the bot its path)."""
        stored = self.fake.files.add_on_disk(path, file_name=file_name, mime_type=_mime_type(file_name, mime_type))
        return self._send_stored_document(stored, caption)

    def _send_stored_document(self, stored: StoredFile, caption: str | None) -> dict[str, Any]:
        content: dict[str, Any] = {"document": stored.document_dict()}
        if caption:
            content["caption"] = caption
        return self.fake._user_message(self, content)

    def send_photo(
        self, data: bytes, caption: str | None = None, *, width: int = 1280, height: int = 960
    ) -> dict[str, Any]:
        """Send a photo; the message carries a list of sizes, smallest first."""
        sizes = self.fake.files.add_photo(data, width=width, height=height)
        content: dict[str, Any] = {"photo": [size.photo_size_dict() for size in sizes]}
        if caption:
            content["caption"] = caption
        return self.fake._user_message(self, content)

    def press(
        self,
        message: dict[str, Any] | int,
        callback_data: str,
        *,
        require_button: bool = False,
    ) -> dict[str, Any]:
        """Press an inline button with `callback_data` on a message the bot sent here.

        Any data is accepted, as a stale keyboard or a modified client can send it; pass
        `require_button=True` to insist that the message's current keyboard has that button.
        """
        message_id = message if isinstance(message, int) else int(message["message_id"])
        return self.fake._press(self, message_id, callback_data, require_button)

    def press_button(
        self, text: str, message: dict[str, Any] | int | None = None
    ) -> dict[str, Any]:
        """Press the callback button labelled `text` (on `message`, else the newest with it)."""
        if message is not None:
            candidates = [self._bot_message(message)]
        else:
            candidates = list(reversed(self.messages()))
        for candidate in candidates:
            for button in inline_buttons(candidate.get("reply_markup")):
                if button.get("text") == text and "callback_data" in button:
                    return self.press(candidate, button["callback_data"], require_button=True)
        raise SandboxError(f"no callback button labelled {text!r} in {self}'s chat")

    def block(self) -> dict[str, Any]:
        """Block the bot: from now on sending to this user answers 403. Queues my_chat_member."""
        self.blocked = True
        return self.fake._member_status_changed(self, "member", "kicked")

    def unblock(self) -> dict[str, Any]:
        """Unblock the bot (Telegram's "Restart"). Queues my_chat_member."""
        self.blocked = False
        self.started = True
        return self.fake._member_status_changed(self, "kicked", "member")

    # --- reading ---------------------------------------------------------------------------
    def _bot_message(self, message: dict[str, Any] | int) -> dict[str, Any]:
        message_id = message if isinstance(message, int) else int(message["message_id"])
        for candidate in self.messages():
            if candidate["message_id"] == message_id:
                return candidate
        raise SandboxError(f"the bot sent no message {message_id} to {self}")

    def messages(self) -> list[dict[str, Any]]:
        """Messages the bot sent to this chat, oldest first, as they are now."""
        return self.fake.messages(self.id)

    def history(self) -> list[dict[str, Any]]:
        """Every message in the chat, both sides, oldest first."""
        return self.fake.messages(self.id, from_bot_only=False)

    def last_message(self) -> dict[str, Any] | None:
        """The newest message the bot sent here, or None."""
        messages = self.messages()
        return messages[-1] if messages else None

    def texts(self) -> list[str]:
        """Text (or caption) of each bot message here, oldest first."""
        return [text for m in self.messages() if (text := _message_text(m)) is not None]

    def last_text(self) -> str | None:
        """Text (or caption) of the newest bot message here, or None."""
        message = self.last_message()
        return _message_text(message) if message else None

    def buttons(self, message: dict[str, Any] | int | None = None) -> list[dict[str, Any]]:
        """Inline buttons of `message` (default: the newest bot message), row by row."""
        target = self._bot_message(message) if message is not None else self.last_message()
        return inline_buttons(target.get("reply_markup")) if target else []

    def reply_keyboard(self) -> dict[str, Any] | None:
        """The newest non-inline reply markup the bot sent (ReplyKeyboardMarkup/Remove/...)."""
        return self.fake._last_other_markup(self.id)

    def documents(self) -> list[dict[str, Any]]:
        """Document objects the bot sent here (use `fake.file_bytes(doc["file_id"])`)."""
        return [m["document"] for m in self.messages() if "document" in m]

    def last_callback_answer(self) -> dict[str, Any] | None:
        """The newest answerCallbackQuery this user got, or None."""
        return json_copy(self.callback_answers[-1]) if self.callback_answers else None

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages here; returns them."""
        try:
            await self.fake.wait_for(lambda: len(self.messages()) >= count, timeout=timeout)
        except TimeoutError:
            raise TimeoutError(
                f"{self} has {len(self.messages())} bot messages after {timeout}s, "
                f"expected {count}: {self.texts()!r}"
            ) from None
        return self.messages()


class SimChannel:
    """A channel the bot posts to (negative id, optional @username)."""

    def __init__(
        self, fake: FakeTelegram, chat_id: int, title: str, username: str | None, *, bot_admin: bool = True
    ) -> None:
        if chat_id >= 0:
            raise SandboxError("channel ids are negative (e.g. -1001234567890)")
        self.fake = fake
        self.id = chat_id
        self.title = title
        self.username = username
        # Whether the bot is an administrator allowed to post (as an office sets it up); False: the
        # bot was never added, or was removed, and Telegram refuses its posts.
        self.bot_admin = bot_admin

    def __repr__(self) -> str:
        return f"SimChannel({self.id}, {self.title!r})"

    @property
    def chat_dict(self) -> dict[str, Any]:
        """The channel as a Telegram `Chat`."""
        result: dict[str, Any] = {"id": self.id, "type": "channel", "title": self.title}
        if self.username:
            result["username"] = self.username
        return result

    def post(self, text: str) -> dict[str, Any]:
        """Another admin of the channel posts `text` (a command too, e.g. "/undang"); queues a
        `channel_post` update (no `from`: the channel itself is the sender)."""
        if not text:
            raise SandboxError("Telegram clients do not send empty messages")
        return self.fake._chat_message(self.id, None, _text_content(text), kind="channel_post")

    def press(self, person: SimUser, message: dict[str, Any] | int, callback_data: str) -> dict[str, Any]:
        """`person`, a reader, presses a button with `callback_data` on a message of the channel."""
        message_id = message if isinstance(message, int) else int(message["message_id"])
        return self.fake._press_in(self.id, person, message_id, callback_data)

    def posts(self) -> list[dict[str, Any]]:
        """The bot's posts, oldest first, as they are now."""
        return self.fake.messages(self.id)

    def last_post(self) -> dict[str, Any] | None:
        """The newest post, or None."""
        posts = self.posts()
        return posts[-1] if posts else None

    def texts(self) -> list[str]:
        """Text (or caption) of each post, oldest first."""
        return [text for m in self.posts() if (text := _message_text(m)) is not None]

    async def wait_for_posts(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the channel has at least `count` posts; returns them."""
        await self.fake.wait_for(lambda: len(self.posts()) >= count, timeout=timeout)
        return self.posts()



class SimGroup:
    """A group (`supergroup=False`) or supergroup with the bot as a member (negative id)."""

    def __init__(self, fake: FakeTelegram, chat_id: int, title: str, *, supergroup: bool) -> None:
        if chat_id >= 0:
            raise SandboxError("group ids are negative (e.g. -4001234567 or -1001234567890)")
        self.fake = fake
        self.id = chat_id
        self.title = title
        self.supergroup = supergroup

    def __repr__(self) -> str:
        return f"SimGroup({self.id}, {self.title!r})"

    @property
    def chat_dict(self) -> dict[str, Any]:
        """The group as a Telegram `Chat`."""
        return {"id": self.id, "type": "supergroup" if self.supergroup else "group", "title": self.title}

    def send_text(self, person: SimUser, text: str) -> dict[str, Any]:
        """`person` writes `text` in the group (a command when it starts with "/")."""
        if not text:
            raise SandboxError("Telegram clients do not send empty messages")
        return self.fake._chat_message(self.id, person, _text_content(text))

    def send_command(self, person: SimUser, command: str, *args: str) -> dict[str, Any]:
        """`person` sends `/command arg ...` in the group."""
        return self.fake._chat_message(self.id, person, _command_content(command, *args))

    def forward(self, person: SimUser, message: dict[str, Any]) -> dict[str, Any]:
        """`person` forwards a message the bot sent them (with its keyboard) into the group;
        returns the group's copy (its `message_id` can be pressed with `press`)."""
        content = {key: json_copy(value) for key, value in message.items() if key in ("text", "reply_markup")}
        content["forward_origin"] = {"type": "user", "date": message.get("date", 0), "sender_user": self.fake.bot_user}
        update = self.fake._chat_message(self.id, person, content)
        return dict(update["message"])

    def press(self, person: SimUser, message: dict[str, Any] | int, callback_data: str) -> dict[str, Any]:
        """`person` presses a button with `callback_data` on a message of the group."""
        message_id = message if isinstance(message, int) else int(message["message_id"])
        return self.fake._press_in(self.id, person, message_id, callback_data)

    def messages(self) -> list[dict[str, Any]]:
        """Messages the bot sent to the group, oldest first."""
        return self.fake.messages(self.id)

    def texts(self) -> list[str]:
        """Text of each bot message in the group, oldest first."""
        return [text for m in self.messages() if (text := _message_text(m)) is not None]


def _mime_type(file_name: str, given: str | None) -> str:
    """The MIME type a client sends a document with: the one given, else guessed from the name."""
    return given or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
