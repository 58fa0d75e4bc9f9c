"""How the buttons of /undang, /staf, /unit and /bahasa are answered, one way for all four.

`on_press(Kind)` turns `async def action(query, context, person, data)` into a PTB callback: data
that is not exactly one button of `Kind` (old, forged or broken) gets the stale pop-up, and an
`OnboardingError` (the domain's refusal, made inside its transaction) its own pop-up; in both
cases nothing changes and the callback returns None, so a conversation stays where it was.
`unknown_button` answers the data of a family (`inv:`, `stf:`, `unit:`) that none of its kinds
took. `admin_only` is the role gate of the admin screens.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import CallbackQuery, Update

from bot.application import PpidContext
from bot.onboarding import OnboardingError
from bot.staff import Person
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup, pressed
from handlers.role_gate import requires_role

Data = TypeVar("Data", bound=CallbackData)
Action = Callable[[CallbackQuery, PpidContext, Person, Data], Awaitable[Any]]
Callback = Callable[[Update, PpidContext], Awaitable[Any]]

admin_only = requires_role("admin", refusal="onb_err_not_admin")
"""The gate of every command and button of /undang, /staf and /unit."""


async def answer_error(query: CallbackQuery, error: OnboardingError, language: str) -> None:
    """Say why the domain refused the press."""
    await popup(query, t(f"onb_err_{error.reason}", language), alert=True)


async def unknown_button(update: Update, context: PpidContext) -> None:
    """Data of these screens that is no button of theirs: say so, change nothing."""
    await popup(update.callback_query, t("onb_bad_button", person_of(context).language), alert=True)


def on_press(kind: type[Data]) -> Callable[[Action[Data]], Callback]:
    """Decorate the action of a `kind` button (see the module docstring)."""

    def decorate(action: Action[Data]) -> Callback:
        @functools.wraps(action)
        async def callback(update: Update, context: PpidContext) -> Any:
            query = update.callback_query
            data = pressed(query, kind)
            if query is None or data is None:
                await unknown_button(update, context)
                return None
            person = person_of(context)
            try:
                return await action(query, context, person, data)
            except OnboardingError as error:
                await answer_error(query, error, person.language)
                return None

        return callback

    return decorate
