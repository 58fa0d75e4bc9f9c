"""Records the fake keeps: chats with their messages, callback queries, and API calls."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["ApiCall", "CallbackQueryState", "ChatState", "json_copy"]

T = TypeVar("T")


def json_copy(value: T) -> T:
    """A deep copy of JSON-like data (dicts, lists, scalars): what `copy.deepcopy` does for the
    fake's messages, several times faster (no memo; such data has no cycles)."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [json_copy(item) for item in value]  # type: ignore[return-value]
    return value


@dataclass
class ApiCall:
    """One Bot API call the bot made, with Telegram's answer."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, int]]
    started: float
    status: int = 0
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether Telegram answered ok."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The `result` of a successful call."""
        return self.response.get("result")

    @property
    def error_code(self) -> int | None:
        """The `error_code` of a failed call."""
        return self.response.get("error_code")

    @property
    def description(self) -> str | None:
        """The `description` of a failed call."""
        return self.response.get("description")


@dataclass
class ChatState:
    """One chat: its Telegram `Chat` object and its messages by id (current state)."""

    chat: dict[str, Any]
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    bot_message_ids: set[int] = field(default_factory=set)
    other_markups: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def id(self) -> int:
        """The chat id."""
        return int(self.chat["id"])

    @property
    def type(self) -> str:
        """"private", "group", "supergroup" or "channel"."""
        return str(self.chat["type"])

    def next_message_id(self) -> int:
        """A new message id in this chat."""
        return next(self._ids)


@dataclass
class CallbackQueryState:
    """A callback query a simulated user created, until the bot answers it."""

    query_id: str
    user_id: int
    created: float
    answered: bool = False
