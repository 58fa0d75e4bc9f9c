"""PTB persistence on the bot's own SQLite database, as JSON (never pickle).

Keeps what PTB needs to resume after a restart: the state of every persistent ConversationHandler
and each person's `user_data` (e.g. which task a conversation is about). The workflow's own state
never lives here: it is in the workflow tables, committed before the bot answers, so losing a
conversation (a crash between two persistence flushes) only means re-entering it from /tugas.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.services import Services

# The shapes BasePersistence's methods take (PTB spells them in a private module; these are the
# same types, as its documentation gives them).
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

USER_DATA = "user_data"


def _key_text(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _key_tuple(text: str) -> ConversationKey:
    return tuple(json.loads(text))


class SqlitePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """User data and conversation states in `kv_state` / `conversation_state`, as JSON."""

    def __init__(self, services: Callable[[], Services], update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self._services = services

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        stored = await self._services().kv.get_all(USER_DATA)
        return {int(user_id): dict(value) for user_id, value in stored.items() if isinstance(value, dict)}

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await self._services().conversations.get_all(name)
        return {_key_tuple(key): state for key, state in stored.items()}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        services = self._services()
        async with services.db.transaction() as conn:
            await services.conversations.set(conn, name, _key_text(key), new_state)

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        services = self._services()
        async with services.db.transaction() as conn:
            if data:
                await services.kv.set(conn, USER_DATA, str(user_id), data)
            else:
                await services.kv.delete(conn, USER_DATA, str(user_id))

    async def drop_user_data(self, user_id: int) -> None:
        services = self._services()
        async with services.db.transaction() as conn:
            await services.kv.delete(conn, USER_DATA, str(user_id))

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None
