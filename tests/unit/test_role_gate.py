"""The role gate's refusal text: its placeholders filled from the context when the text has any
(the coordination report names the operator as the SOP file calls them)."""

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
    context = SimpleNamespace(person=person, role_name="Petugas <Informasi>")
    return update, context, query


async def test_a_refusal_is_filled_from_the_context_and_the_callback_never_runs() -> None:
    ran: list[object] = []

    @requires_role("operator", refusal="not_allowed", values=lambda context: {"role": context.role_name})
    async def report(update: Any, context: Any, *rest: object) -> str:
        ran.append(rest)
        return "shown"

    update, context, query = _press_by({"pelaksana"})
    assert await report(update, context, "data") is None
    assert query.answers == [("Maaf, langkah ini hanya untuk Petugas <Informasi>.", True)]
    assert ran == []
    update, context, query = _press_by({"operator"})
    assert await report(update, context, "data") == "shown"
    assert query.answers == [] and ran == [("data",)]


async def test_a_refusal_without_placeholders_needs_no_values() -> None:
    @requires_role("admin", refusal="jdw_not_admin")
    async def pause(update: Any, context: Any) -> str:
        return "paused"

    update, context, query = _press_by({"operator"})
    assert await pause(update, context) is None
    assert query.answers == [("Maaf, hanya admin yang dapat menjeda atau melanjutkan pengingat.", True)]
