"""The JSON state stores behind the PTB persistence."""

from __future__ import annotations

import pytest

from storage.database import Database
from storage.kv import ConversationStore, KeyValueStore


async def test_key_value_round_trip(db: Database) -> None:
    kv = KeyValueStore(db)
    value = {"draft": {"files": ["ab" * 32], "step": 3}, "lang": "id", "ok": True, "n": 1.5, "none": None}
    async with db.transaction() as conn:
        await kv.set(conn, "user_data", "42", value)
        await kv.set(conn, "user_data", "43", [1, 2, 3])
        await kv.set(conn, "bot_data", "bot", {})
    assert await kv.get("user_data", "42") == value
    assert await kv.get_all("user_data") == {"42": value, "43": [1, 2, 3]}
    assert await kv.get("user_data", "44") is None
    assert await kv.get("user_data", "44", default={}) == {}

    async with db.transaction() as conn:
        await kv.set(conn, "user_data", "42", "replaced")
        assert await kv.delete(conn, "user_data", "43")
        assert not await kv.delete(conn, "user_data", "43")
    assert await kv.get_all("user_data") == {"42": "replaced"}
    async with db.transaction() as conn:
        assert await kv.delete_namespace(conn, "user_data") == 1
    assert await kv.get_all("user_data") == {}
    assert await kv.get("bot_data", "bot") == {}


async def test_stored_null_differs_from_missing(db: Database) -> None:
    kv = KeyValueStore(db)
    async with db.transaction() as conn:
        await kv.set(conn, "ns", "k", None)
    assert await kv.get("ns", "k", default="missing") is None
    assert await kv.get("ns", "other", default="missing") == "missing"


async def test_values_that_are_not_json_are_refused_and_roll_back(db: Database) -> None:
    kv = KeyValueStore(db)
    with pytest.raises(TypeError):
        async with db.transaction() as conn:
            await kv.set(conn, "ns", "a", 1)
            await kv.set(conn, "ns", "b", object())
    with pytest.raises(ValueError):
        async with db.transaction() as conn:
            await kv.set(conn, "ns", "c", float("nan"))
    assert await kv.get_all("ns") == {}


async def test_conversation_states(db: Database) -> None:
    conversations = ConversationStore(db)
    async with db.transaction() as conn:
        await conversations.set(conn, "upload_draft", "[42,42]", 2)
        await conversations.set(conn, "upload_draft", "[7,7]", "WAITING_FILE")
        await conversations.set(conn, "review", "[1,1]", 0)
    assert await conversations.get("upload_draft", "[42,42]") == 2
    assert await conversations.get_all("upload_draft") == {"[42,42]": 2, "[7,7]": "WAITING_FILE"}
    async with db.transaction() as conn:
        await conversations.set(conn, "upload_draft", "[42,42]", None)  # conversation ended
        assert await conversations.delete(conn, "upload_draft", "[7,7]")
    assert await conversations.get_all("upload_draft") == {}
    assert await conversations.get("upload_draft", "[42,42]") is None
    assert await conversations.get("review", "[1,1]") == 0
