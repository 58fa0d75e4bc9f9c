"""What every button of the cycle does first: parse its ids, and answer refusals as a pop-up.

`cycle_button(prefix, count)` turns `async def step(update, context, person, ids)` into a PTB
callback: malformed data is answered as a stale button, a `WorkflowError` as its Indonesian (or
English) text, and in both cases nothing changes: a conversation the person is in stays where it
was (PTB keeps the state when a callback returns None).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import TelegramError

from bot.application import PpidContext
from bot.staff import Person
from bot.texts import raw, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import parse_ids, popup

Step = Callable[[Update, PpidContext, Person, list[int]], Awaitable[Any]]


async def answer_refusal(update: Update, error: WorkflowError, language: str) -> None:
    """Tell the person why their action did nothing: a pop-up for a button, else a reply."""
    text = t(error.key, language, **error.values)
    if update.callback_query is not None:
        await popup(update.callback_query, text, alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


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


def cycle_button(prefix: str, count: int) -> Callable[[Step], Callable[[Update, PpidContext], Awaitable[Any]]]:
    """Decorate a step taking the `count` ids of `prefix:<id>...` buttons."""

    def decorate(step: Step) -> Callable[[Update, PpidContext], Awaitable[Any]]:
        @functools.wraps(step)
        async def callback(update: Update, context: PpidContext) -> Any:
            person = person_of(context)
            query = update.callback_query
            ids = parse_ids(query.data if query else None, prefix, count)
            if ids is None:
                await answer_stale(update, person.language)
                return None  # a refused press changes nothing, not even the step the person is in
            try:
                return await step(update, context, person, ids)
            except WorkflowError as error:
                await answer_refusal(update, error, person.language)
                return None

        return callback

    return decorate
