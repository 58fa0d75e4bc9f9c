"""What every button of the cycle does first: parse its data, and answer refusals as a pop-up.

`cycle_button(Kind)` turns `async def step(update, context, person, data)` into a PTB callback,
`data` being the pressed button's `Kind` (a `handlers.callbacks.CallbackData` class): malformed
data is answered as a stale button, a `WorkflowError` as its Indonesian (or English) text (through
the one refusal, `handlers.role_gate.refuse`), and in both cases nothing changes: a conversation
the person is in stays where it was (PTB keeps the state when a callback returns None).

A button that needs a role puts the role gate under it (``@cycle_button(Kind)`` then
``@requires_role(...)``): forged data is answered as stale before anyone's role is looked at.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.error import TelegramError

from bot.application import PpidContext
from bot.staff import Person
from bot.texts import raw, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup, pressed
from handlers.role_gate import refuse

Data = TypeVar("Data", bound=CallbackData)
Step = Callable[[Update, PpidContext, Person, Data], Awaitable[Any]]


async def answer_refusal(update: Update, error: WorkflowError, language: str) -> None:
    """Tell the person why their action did nothing (`refuse` with the error's text)."""
    await refuse(update, t(error.key, language, **error.values))


async def remove_buttons(update: Update) -> None:
    """Take the buttons off the pressed message (a second tap then finds nothing to press)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError:
        pass


async def answer_stale(update: Update, language: str) -> None:
    """A button whose data makes no sense (old, forged or broken)."""
    assert update.callback_query is not None
    await popup(update.callback_query, raw("stale_button", language), alert=True)


def cycle_button(kind: type[Data]) -> Callable[[Step[Data]], Callable[[Update, PpidContext], Awaitable[Any]]]:
    """Decorate a step taking the pressed button's data, a `kind`."""

    def decorate(step: Step[Data]) -> Callable[[Update, PpidContext], Awaitable[Any]]:
        @functools.wraps(step)
        async def callback(update: Update, context: PpidContext) -> Any:
            person = person_of(context)
            data = pressed(update.callback_query, kind)
            if data is None:
                await answer_stale(update, person.language)
                return None  # a refused press changes nothing, not even the step the person is in
            try:
                return await step(update, context, person, data)
            except WorkflowError as error:
                await answer_refusal(update, error, person.language)
                return None

        return callback

    return decorate
