"""The Bot API methods of the fake and the checks they share (a mixin of `FakeTelegram`).

Every method takes the call's `Params` and returns the `result` or raises `ApiError`. Messages
the bot sends go through one path (`_post`): target chat (403 for blocked users), content
limits, reply target, flood control, then storage. Edits go through `_editable` and
`_commit_edit`; files through `_input_file`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.sandbox import errors
from bot.sandbox.entities import EntityParseError, parse_formatted
from bot.sandbox.errors import ApiError, bad_request, forbidden
from bot.sandbox.files import FileStore, StoredFile
from bot.sandbox.keyboards import validate_reply_markup
from bot.sandbox.params import Params, UploadedFile
from bot.sandbox.ratelimit import FloodControl
from bot.sandbox.state import CallbackQueryState, ChatState, json_copy
from bot.sandbox.updates import UpdateQueue
from bot.telegram_limits import (
    CALLBACK_ANSWER_MAX,
    CAPTION_MAX,
    MESSAGE_TEXT_MAX,
    telegram_length,
)

if TYPE_CHECKING:
    from bot.sandbox.actors import SimChannel, SimUser

__all__ = ["MAX_CALLBACK_ANSWER", "MAX_CAPTION", "MAX_TEXT", "BotApiMethods"]

MAX_TEXT = MESSAGE_TEXT_MAX
MAX_CAPTION = CAPTION_MAX
MAX_CALLBACK_ANSWER = CALLBACK_ANSWER_MAX
DELETE_WINDOW_SECONDS = 48 * 3600  # Telegram deletes only messages sent less than 48 hours ago
_CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", "document", "photo")


class BotApiMethods:
    """Implementations of the Bot API methods; the state is created by `FakeTelegram`."""

    # State provided by FakeTelegram.__init__.
    bot_id: int
    bot_username: str
    bot_first_name: str
    max_download_size: int
    callback_query_max_age: float
    clock: Callable[[], float]
    wall_clock: Callable[[], float]
    flood: FloodControl
    files: FileStore
    updates: UpdateQueue
    commands: dict[tuple[str, str], list[dict[str, Any]]]
    menu_buttons: dict[int | None, dict[str, Any]]
    webhook_url: str
    profile: dict[tuple[str, str], str]
    _chats: dict[int, ChatState]
    _usernames: dict[str, int]
    _users: dict[int, SimUser]
    _channels: dict[int, SimChannel]
    _polls_started: int  # getUpdates calls so far: a newer one ends the long poll of an older one
    _queries: dict[str, CallbackQueryState]
    _last_activity: float

    def method_table(self) -> dict[str, Callable[[Params], Any]]:
        """Lower-cased method name -> implementation (Telegram ignores the case)."""
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setchatmenubutton": self._set_chat_menu_button,
            "getchatmenubutton": self._get_chat_menu_button,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
            "copymessage": self._copy_message,
            "forwardmessage": self._forward_message,
            "getfile": self._get_file,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "setmyname": self._set_profile("name"),
            "getmyname": self._get_profile("name"),
            "setmydescription": self._set_profile("description"),
            "getmydescription": self._get_profile("description"),
            "setmyshortdescription": self._set_profile("short_description"),
            "getmyshortdescription": self._get_profile("short_description"),
            "close": self._accept,
            "logout": self._accept,
        }

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a Telegram `User` (as it appears in `from`)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _now(self) -> int:
        return int(self.wall_clock())

    def _resolve(self, chat_id: int | str) -> ChatState:
        if isinstance(chat_id, str):
            resolved = self._usernames.get(chat_id.lstrip("@").lower())
            chat = self._chats.get(resolved) if resolved is not None else None
        else:
            chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def _target_chat(self, params: Params) -> ChatState:
        """The chat the bot wants to send to; 403 for users who blocked or never started it."""
        chat = self._resolve(params.chat_id())
        person = self._users.get(chat.id) if chat.type == "private" else None
        if person is not None:
            if person.blocked:
                raise forbidden(errors.BOT_BLOCKED)
            if not person.started:
                raise forbidden(errors.CANT_INITIATE)
        if not self._bot_is_channel_admin(chat):
            raise forbidden(errors.NOT_CHANNEL_MEMBER)
        return chat

    def _bot_is_channel_admin(self, chat: ChatState) -> bool:
        """True for any chat but a channel the bot is not an administrator of."""
        channel = self._channels.get(chat.id) if chat.type == "channel" else None
        return channel is None or channel.bot_admin

    def _flood_check(self, chat: ChatState) -> None:
        retry_after = self.flood.retry_after(chat.id)
        if retry_after:
            raise ApiError(
                429,
                errors.TOO_MANY_REQUESTS.format(seconds=retry_after),
                {"retry_after": retry_after},
            )

    def _formatted(
        self,
        params: Params,
        name: str,
        entities_name: str,
        *,
        limit: int,
        too_long: str,
        required: bool,
    ) -> tuple[str | None, list[dict[str, Any]]]:
        """Parse text/caption with parse_mode; check emptiness and length after parsing."""
        raw = params.get_str(name)
        if raw is None or raw == "":
            if required:
                raise bad_request(errors.MESSAGE_TEXT_EMPTY)
            return None, []
        try:
            plain, entities = parse_formatted(
                raw, params.get_str("parse_mode"), params.get_json(entities_name)
            )
        except EntityParseError as error:
            raise bad_request(errors.CANT_PARSE_ENTITIES.format(detail=error)) from None
        except ValueError:
            raise bad_request(errors.UNSUPPORTED_PARSE_MODE) from None
        if not plain.strip():
            if required:
                raise bad_request(errors.MESSAGE_TEXT_EMPTY)
            return None, []
        # Telegram counts characters after entity parsing (tdlib/telegram-bot-api#374).
        if telegram_length(plain) > limit:
            raise bad_request(too_long)
        return plain, entities

    def _markup(self, params: Params) -> dict[str, Any] | None:
        markup = params.get_json("reply_markup")
        validate_reply_markup(markup)
        return markup

    def _reply_to(self, chat: ChatState, params: Params) -> dict[str, Any] | None:
        reply = params.get_json("reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = bool(reply.get("allow_sending_without_reply"))
            other_chat = reply.get("chat_id")
            if other_chat is not None and other_chat != chat.id:
                chat = self._resolve(other_chat)
        else:
            message_id = params.get_int("reply_to_message_id")
            allow = params.get_bool("allow_sending_without_reply")
        if not message_id:
            return None
        original = chat.messages.get(int(message_id))
        if original is None:
            if allow:
                return None
            raise bad_request(errors.MESSAGE_TO_REPLY_NOT_FOUND)
        quoted = json_copy(original)
        quoted.pop("reply_to_message", None)
        return quoted

    def _post(
        self,
        chat: ChatState,
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        params: Params,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Flood-check, then store a bot message in `chat`; returns the Telegram `Message`."""
        reply = self._reply_to(chat, params)
        self._flood_check(chat)
        message_id = chat.next_message_id()
        message: dict[str, Any] = {"message_id": message_id}
        if chat.type == "channel":
            message["sender_chat"] = dict(chat.chat)
        else:
            message["from"] = self.bot_user
        message["chat"] = dict(chat.chat)
        message["date"] = self._now()
        if reply is not None:
            message["reply_to_message"] = reply
        message.update(extra or {})
        message.update(content)
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup:
            chat.other_markups[message_id] = markup
        chat.messages[message_id] = message
        chat.bot_message_ids.add(message_id)
        return json_copy(message)

    def _editable(self, params: Params) -> tuple[ChatState, dict[str, Any]]:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message_id = params.get_int("message_id")
        message = chat.messages.get(message_id) if message_id else None
        if message is None:
            raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
        if message_id not in chat.bot_message_ids:
            raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
        return chat, message

    def _commit_edit(
        self, chat: ChatState, message: dict[str, Any], changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Apply `changes` (a None value removes the field) after a flood check."""
        self._flood_check(chat)
        for key, value in changes.items():
            if value is None or value == []:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = self._now()
        return json_copy(message)

    def _input_file(self, params: Params, name: str, kind: str) -> list[StoredFile]:
        """The file for `document`/`photo`: an upload, attach://, file://, or a known file_id.

        Returns one file for documents, the list of sizes for photos.
        """
        upload = params.files.get(name)
        value = params.get_str(name)
        if upload is None and value and value.startswith("attach://"):
            upload = params.files.get(value.removeprefix("attach://"))
        if upload is None and value and value.startswith("file://"):
            path = Path(value.removeprefix("file://"))
            if not path.is_file():
                raise bad_request(errors.WRONG_FILE_ID)
            upload = UploadedFile(name, path.name, "application/octet-stream", path.read_bytes())
        if upload is not None:
            if kind == "photo":
                width, height = _image_size(upload.data)
                return self.files.add_photo(upload.data, width=width, height=height)
            return [
                self.files.add(
                    upload.data,
                    "document",
                    file_name=upload.file_name,
                    mime_type=upload.mime_type or None,
                )
            ]
        if not value:
            raise bad_request(f"there is no {name} in the request")
        if value.startswith(("http://", "https://")):
            # The sandbox is offline: it can't fetch URLs.
            raise bad_request(errors.URL_CONTENT)
        stored = self.files.get(value)
        if stored is None:
            raise bad_request(errors.WRONG_FILE_ID)
        if stored.kind != kind:
            raise bad_request(
                f"can't use file of type {stored.kind.title()} as {kind.title()}"
            )
        if kind == "photo":
            return self.files.photo_sizes(value) or [stored]
        return [stored]

    # ======================================================================================
    # Bot API methods
    # ======================================================================================
    def _accept(self, params: Params) -> bool:
        return True

    def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(
                409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
            )
        self._polls_started += 1
        poll = self._polls_started
        self.updates.wake_all()  # a poll still waiting learns that it was overtaken (409)
        offset = params.get_int("offset")
        limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
        timeout = max(params.get_float("timeout", 0.0) or 0.0, 0.0)
        allowed = params.get_json("allowed_updates")
        self.updates.confirm(offset)
        self.updates.set_allowed(allowed if isinstance(allowed, list) else None)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if poll != self._polls_started:
                # Another poller with this token asked meanwhile: Telegram ends this poll with 409.
                raise ApiError(409, errors.POLLING_CONFLICT)
            batch = self.updates.take_batch(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                break
            await self.updates.wait(remaining)
        if batch:
            self._last_activity = time.monotonic()
        return batch

    def _delete_webhook(self, params: Params) -> bool:
        self.webhook_url = ""
        if params.get_bool("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    def _set_webhook(self, params: Params) -> bool:
        self.webhook_url = params.get_str("url", "") or ""
        if params.get_bool("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates.pending),
        }

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get_json("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get_str("language_code", "") or ""

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = str(command.get("command", "")).removeprefix("/")
            if not (1 <= len(name) <= 32) or not all(
                c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in name
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = [
            {"command": str(c["command"]).removeprefix("/"), "description": c["description"]}
            for c in commands
        ]
        return True

    def _get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        return json_copy(self.commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.get_int("chat_id")
        if chat_id is not None:
            self._resolve(chat_id)
        self.menu_buttons[chat_id] = params.get_json("menu_button") or {"type": "default"}
        return True

    def _get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        chat_id = params.get_int("chat_id")
        button = self.menu_buttons.get(chat_id) or self.menu_buttons.get(None)
        return json_copy(button) if button else {"type": "commands"}

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        text, entities = self._formatted(
            params, "text", "entities", limit=MAX_TEXT, too_long=errors.MESSAGE_TOO_LONG,
            required=True,
        )
        markup = self._markup(params)
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(chat, content, markup, params)

    def _caption(self, params: Params) -> dict[str, Any]:
        caption, entities = self._formatted(
            params, "caption", "caption_entities", limit=MAX_CAPTION,
            too_long=errors.CAPTION_TOO_LONG, required=False,
        )
        content: dict[str, Any] = {}
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return content

    def _send_document(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption = self._caption(params)
        markup = self._markup(params)
        stored = self._input_file(params, "document", "document")[0]
        return self._post(chat, {"document": stored.document_dict(), **caption}, markup, params)

    def _send_photo(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption = self._caption(params)
        markup = self._markup(params)
        sizes = self._input_file(params, "photo", "photo")
        content = {"photo": [size.photo_size_dict() for size in sizes], **caption}
        return self._post(chat, content, markup, params)

    def _send_chat_action(self, params: Params) -> bool:
        self._target_chat(params)
        if not params.get_str("action"):
            raise bad_request("action is empty")
        return True

    def _edit_message_text(self, params: Params) -> dict[str, Any]:
        chat, message = self._editable(params)
        text, entities = self._formatted(
            params, "text", "entities", limit=MAX_TEXT, too_long=errors.MESSAGE_TOO_LONG,
            required=True,
        )
        markup = self._markup(params)
        if "text" not in message:
            raise bad_request(errors.NO_TEXT_TO_EDIT)
        inline = markup if markup and "inline_keyboard" in markup else None
        if (
            text == message["text"]
            and entities == message.get("entities", [])
            and inline == message.get("reply_markup")
        ):
            raise bad_request(errors.MESSAGE_NOT_MODIFIED)
        # Without reply_markup an edit removes the inline keyboard, as on Telegram.
        return self._commit_edit(
            chat, message, {"text": text, "entities": entities, "reply_markup": inline}
        )

    def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        chat, message = self._editable(params)
        markup = self._markup(params)
        inline = markup if markup and "inline_keyboard" in markup else None
        if inline == message.get("reply_markup"):
            raise bad_request(errors.MESSAGE_NOT_MODIFIED)
        return self._commit_edit(chat, message, {"reply_markup": inline})

    def _edit_message_caption(self, params: Params) -> dict[str, Any]:
        chat, message = self._editable(params)
        caption = self._caption(params)
        markup = self._markup(params)
        if not any(key in message for key in ("document", "photo")):
            raise bad_request(errors.NO_CAPTION_TO_EDIT)
        inline = markup if markup and "inline_keyboard" in markup else None
        new_caption = caption.get("caption")
        new_entities = caption.get("caption_entities", [])
        if (
            new_caption == message.get("caption")
            and new_entities == message.get("caption_entities", [])
            and inline == message.get("reply_markup")
        ):
            raise bad_request(errors.MESSAGE_NOT_MODIFIED)
        return self._commit_edit(
            chat,
            message,
            {"caption": new_caption, "caption_entities": new_entities, "reply_markup": inline},
        )

    def _delete_message(self, params: Params) -> bool:
        chat = self._resolve(params.chat_id())
        message_id = params.get_int("message_id")
        message = chat.messages.get(message_id) if message_id else None
        if message is None:
            raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        if self._now() - int(message.get("date", 0)) >= DELETE_WINDOW_SECONDS:
            raise bad_request(errors.MESSAGE_CANT_BE_DELETED)
        del chat.messages[message_id]  # type: ignore[arg-type]
        chat.bot_message_ids.discard(message_id)  # type: ignore[arg-type]
        chat.other_markups.pop(message_id, None)  # type: ignore[arg-type]
        chat.deleted.append(message)
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        text = params.get_str("text")
        if text is not None and telegram_length(text) > MAX_CALLBACK_ANSWER:
            raise bad_request(errors.CALLBACK_ANSWER_TOO_LONG)
        query = self._queries.get(params.get_str("callback_query_id") or "")
        if (
            query is None
            or query.answered
            or self.clock() - query.created > self.callback_query_max_age
        ):
            raise bad_request(errors.QUERY_TOO_OLD)
        query.answered = True
        person = self._users.get(query.user_id)
        if person is not None:
            person.callback_answers.append(
                {
                    "callback_query_id": query.query_id,
                    "text": text,
                    "show_alert": params.get_bool("show_alert"),
                    "url": params.get_str("url"),
                    "cache_time": params.get_int("cache_time", 0),
                }
            )
        return True

    def _source_message(self, params: Params, what: str) -> dict[str, Any]:
        source_chat = self._resolve(params.chat_id("from_chat_id"))
        message_id = params.get_int("message_id")
        message = source_chat.messages.get(message_id) if message_id else None
        if message is None:
            raise bad_request(f"message to {what} not found")
        return message

    def _copy_message(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        source = self._source_message(params, "copy")
        content = {key: json_copy(source[key]) for key in _CONTENT_KEYS if key in source}
        if "caption" in params:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption(params))
        markup = self._markup(params)
        return {"message_id": self._post(chat, content, markup, params)["message_id"]}

    def _forward_message(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        source = self._source_message(params, "forward")
        content = {key: json_copy(source[key]) for key in _CONTENT_KEYS if key in source}
        origin: dict[str, Any]
        if "sender_chat" in source and source["chat"]["type"] == "channel":
            origin = {
            "type": "channel",
            "chat": source["sender_chat"],
            "message_id": source["message_id"],
            "date": source["date"],
            }
        else:
            origin = {"type": "user", "sender_user": source.get("from"), "date": source["date"]}
        return self._post(chat, content, None, params, extra={"forward_origin": origin})

    def _get_file(self, params: Params) -> dict[str, Any]:
        stored = self.files.get(params.get_str("file_id") or "")
        if stored is None:
            raise bad_request(errors.INVALID_FILE_ID)
        result: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
        }
        if self.files.local_dir is not None:
            # A self-hosted server in --local mode hands out absolute paths, no size limit.
            result["file_path"] = str(self.files.local_path(stored))
            return result
        if stored.file_size > self.max_download_size:
            raise bad_request(errors.FILE_TOO_BIG)
        result["file_path"] = stored.file_path
        return result

    def _set_profile(self, name: str) -> Callable[[Params], bool]:
        """setMyName / setMyDescription / setMyShortDescription."""

        def handler(params: Params) -> bool:
            key = (name, params.get_str("language_code", "") or "")
            value = params.get_str(name)
            if value:
                self.profile[key] = value
            else:
                self.profile.pop(key, None)
            return True

        return handler

    def _get_profile(self, name: str) -> Callable[[Params], dict[str, str]]:
        """getMyName / getMyDescription / getMyShortDescription."""

        def handler(params: Params) -> dict[str, str]:
            language = params.get_str("language_code", "") or ""
            return {name: self.profile.get((name, language), self.profile.get((name, ""), ""))}

        return handler

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._resolve(params.chat_id())
        user_id = params.get_int("user_id")
        if user_id == self.bot_id:
            if chat.type == "private":
                return {"user": self.bot_user, "status": "member"}
            if not self._bot_is_channel_admin(chat):
                return {"user": self.bot_user, "status": "left"}
            # Otherwise the bot is an administrator of the channel, with every right.
            rights = (
            "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
            "can_change_info can_invite_users can_post_stories can_edit_stories "
            "can_delete_stories can_post_messages can_edit_messages"
            ).split()
            return {
            "user": self.bot_user,
            "status": "administrator",
            "can_be_edited": False,
            "is_anonymous": False,
            "can_promote_members": False,
                **dict.fromkeys(rights, True),
            }
        person = self._users.get(user_id) if user_id is not None else None
        if person is None or (chat.type == "private" and chat.id != person.id):
            raise bad_request("user not found")
        if chat.type == "private":
            return {"user": person.user_dict, "status": "kicked" if person.blocked else "member",
                    **({"until_date": 0} if person.blocked else {})}
        return {"user": person.user_dict, "status": "left"}

    def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._resolve(params.chat_id())
        return {
            **chat.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
            },
        }


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (read from its header); 1280x960 for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 1280, 960
