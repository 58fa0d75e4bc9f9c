"""Errors raised inside the fake Bot API, and the exact descriptions Telegram uses.

`ApiError` is what a fake method raises to answer `{"ok": false, ...}`; `SandboxError` is
raised to the *test* when it misuses the sandbox (pressing a button that does not exist, a
blocked user sending a message, ...).

Where a description comes from is noted beside it. "Bot API server" means tdlib's
telegram-bot-api (the program behind api.telegram.org), whose replies are quoted in the
listed issue threads. PTB turns "Bad Request: xyz" into `BadRequest("Xyz")`
(`str.capitalize`, see telegram/error.py), so tests match e.g. "Message is too long".
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "SandboxError",
    "bad_request",
    "forbidden",
]


class SandboxError(RuntimeError):
    """A test used the sandbox in a way Telegram would not allow a real user to."""


class ApiError(Exception):
    """A Bot API error answer: HTTP status, `error_code`, `description`, `parameters`."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code} {description}")
        self.code: int = code
        self.description: str = description
        self.parameters: dict[str, Any] | None = parameters

    def to_json(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    """A 400 answer; `description` is given without the "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {description}")


def forbidden(description: str) -> ApiError:
    """A 403 answer; `description` is given without the "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {description}")


# --- Descriptions (without the "Bad Request: " / "Forbidden: " prefix) ----------------------
# "message is too long": text over 4096 characters after entity parsing.
#   tdlib/telegram-bot-api#374 ("can be received only if message text is longer than 4096
#   characters after entities parsing"), j-hc/revanced-magisk-module#262 (raw JSON answer).
MESSAGE_TOO_LONG = "message is too long"
# Empty text (or only whitespace). Bot API server, Client.cpp `get_input_message_text`.
MESSAGE_TEXT_EMPTY = "message text is empty"
# Caption over 1024 characters. Bot API server; MTProto MEDIA_CAPTION_TOO_LONG.
CAPTION_TOO_LONG = "message caption is too long"
# callback_data empty or over 64 bytes: MTProto BUTTON_DATA_INVALID passed through.
#   TelegramBots/Telegram.Bot#470, telegraf/telegraf#79.
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
# Keyboard too big: eternnoir/pyTelegramBotAPI#511 (raw JSON answer for a 50+ button keyboard),
# python-telegram-bot#5104 ("telegram.error.BadRequest: Reply markup is too long").
# Over 8 buttons in a row: Telegram documents the limit (tginfo/Telegram-Limits#228) but no
# distinct description is known; the fake refuses with the same description so the bot is
# forced to respect the documented limit.
REPLY_MARKUP_TOO_LONG = "reply markup is too long"
# inline_keyboard not an array of arrays: botgram/botgram#12.
INLINE_KEYBOARD_NOT_ARRAYS = (
    'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
)
# An inline button without any action field.
INLINE_BUTTON_WITHOUT_ACTION = (
    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
# answerCallbackQuery text over 200 characters: eternnoir/pyTelegramBotAPI#500.
CALLBACK_ANSWER_TOO_LONG = "MESSAGE_TOO_LONG"
# Answering twice, too late, or an unknown id. Bot API server (widely quoted answer).
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
# Identical edit: eternnoir/pyTelegramBotAPI#763 (full text quoted).
MESSAGE_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
# deleteMessage on a message sent 48 hours ago or more (Bot API: "A message can only be deleted if
# it was sent less than 48 hours ago"); the server answers with this text.
MESSAGE_CANT_BE_DELETED = "message can't be deleted"
MESSAGE_CANT_BE_EDITED = "message can't be edited"
NO_TEXT_TO_EDIT = "there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "there is no caption in the message to edit"
MESSAGE_TO_REPLY_NOT_FOUND = "message to be replied not found"
CHAT_NOT_FOUND = "chat not found"
# A bot that is not (or no longer) an administrator of a channel gets this 403 when it posts there.
NOT_CHANNEL_MEMBER = "bot is not a member of the channel chat"
# A second long poll with the same token ends the one already waiting (Bot API server).
POLLING_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
CHAT_ID_EMPTY = "chat_id is empty"
# 403s. "bot was blocked by the user" is the classic Bot API answer; "bot can't initiate
# conversation with a user" is sent for users who never started the bot.
BOT_BLOCKED = "bot was blocked by the user"
CANT_INITIATE = "bot can't initiate conversation with a user"
# getFile on files over 20 MB (cloud Bot API limit). Bot API server, Client.cpp.
FILE_TOO_BIG = "file is too big"
INVALID_FILE_ID = "invalid file_id"
WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"
URL_CONTENT = "failed to get HTTP URL content"
UNSUPPORTED_PARSE_MODE = "unsupported parse_mode"
# Malformed HTML: "can't parse entities: <detail>"; details as the Bot API server words them
# (kozalosev/DickGrowerBot#92 "Unsupported start tag", rossnomann/telefeed#1).
CANT_PARSE_ENTITIES = "can't parse entities: {detail}"
# Uploads over 50 MB: the front web server answers 413 before the Bot API sees the request.
REQUEST_ENTITY_TOO_LARGE = "Request Entity Too Large"
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
# 429 body: "Too Many Requests: retry after N" with parameters.retry_after (Bot API docs,
# "ResponseParameters"; quoted in many client test suites).
TOO_MANY_REQUESTS = "Too Many Requests: retry after {seconds}"
