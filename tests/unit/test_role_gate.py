"""The role gate: who holds none of the roles gets the refusal, and the callback does not run."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.staff import Person
from handlers.role_gate import requires_role


class _Query:
    def __init__(self) -> None:
        self.answers: list[tuple[str, bool]] = []

    async def answer(self, text: str, show_alert: bool = False) -> None:
        self.answers.append((text, show_alert))


def _press_by(roles: set[str]) -> tuple[Any, Any, _Query]:
    query = _Query()
    update = SimpleNamespace(callback_query=query, effective_message=None)
    person = Person(1, "Putri", "id", frozenset(roles), frozenset())
    context = SimpleNamespace(person=person)
    return update, context, query


async def test_someone_without_the_role_is_refused_and_the_callback_never_runs() -> None:
    ran: list[object] = []

    @requires_role("admin", "utama", refusal="jdw_not_admin")
    async def pause(update: Any, context: Any, *rest: object) -> str:
        ran.append(rest)
        return "paused"

    update, context, query = _press_by({"operator", "pelaksana"})
    assert await pause(update, context, "data") is None
    assert query.answers == [("Maaf, hanya Admin PPID yang dapat menjeda atau melanjutkan pengingat.", True)]
    assert ran == []
    for roles in ({"admin"}, {"utama", "pelaksana"}):
        update, context, query = _press_by(roles)
        assert await pause(update, context, "data") == "paused"
        assert query.answers == []
    assert ran == [("data",), ("data",)]


async def test_a_message_gets_the_refusal_as_a_reply() -> None:
    @requires_role("admin", refusal="jdw_not_admin")
    async def pause(update: Any, context: Any) -> str:
        return "paused"

    replies: list[str] = []

    async def reply_text(text: str) -> None:
        replies.append(text)

    person = Person(1, "Putri", "id", frozenset({"operator"}), frozenset())
    update = SimpleNamespace(callback_query=None, effective_message=SimpleNamespace(reply_text=reply_text))
    assert await pause(update, SimpleNamespace(person=person)) is None
    assert replies == ["Maaf, hanya Admin PPID yang dapat menjeda atau melanjutkan pengingat."]
