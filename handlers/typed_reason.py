"""A reason typed after a button (withdrawing a publication, cancelling a cycle): the one way its
conversation state takes the text for the cycle it kept and hands it to the action.

The button's handler keeps the cycle (`keep_cycle`) and returns `TYPING_REASON`; the state's
handler calls `take_typed_reason`, which gives the text to the action, says a refusal, and asks
again when retyping can help (a reason too short or too long)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import Message, Update
from telegram.ext import ConversationHandler

from bot.application import PpidContext
from bot.staff import Person
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow
from handlers.cycle_buttons import answer_refusal

Result = TypeVar("Result")

TYPING_REASON = "typing_reason"


@dataclass(frozen=True)
class Typed(Generic[Result]):
    """A reason the action accepted: the message it came in, its author, what the action returned."""

    message: Message
    person: Person
    result: Result


def keep_cycle(context: PpidContext, flow: str, cycle_id: int) -> str:
    """Start over in `flow` keeping the cycle the reason will be about; the state to return."""
    forget_flow(context, flow)
    assert context.user_data is not None
    context.user_data[flow_key(flow, "cycle")] = cycle_id
    return TYPING_REASON


async def take_typed_reason(
    update: Update,
    context: PpidContext,
    flow: str,
    retry: Collection[str],
    act: Callable[[Person, int, str], Awaitable[Result]],
) -> Typed[Result] | str | int:
    """Give the text typed to `act(person, cycle id, text)`; on a refusal, say it and stay for
    another try when its key is in `retry`, else end. The state to return, or what was done."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = person_of(context)
    cycle_id = context.user_data.get(flow_key(flow, "cycle"))
    if not isinstance(cycle_id, int):
        return ConversationHandler.END
    try:
        result = await act(person, cycle_id, message.text)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return TYPING_REASON if error.key in retry else ConversationHandler.END
    forget_flow(context, flow)
    return Typed(message, person, result)
