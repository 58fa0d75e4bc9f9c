"""The one role gate of commands and buttons: `requires_role("admin", refusal="...")`.

It wraps a PTB callback (a command, a button, a conversation's entry point or step). Someone who
holds none of the roles gets the refusal text (a pop-up for a button, a reply for a message) and
nothing else happens: the callback returns None, so a conversation the person is in stays where
it was and none is started. The roles are those the access gate read from the database for this
update (`handlers.access.person_of`).

This gate is for the person in front of the phone; it is not what keeps the data right. Every
change the bot makes checks the role again inside its own transaction (`bot.workflow`,
`bot.onboarding`, `bot.register`), so a press that slips past here (a role revoked a moment ago)
is still refused there.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update

from bot.application import PpidContext
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import popup

Callback = TypeVar("Callback", bound=Callable[..., Awaitable[Any]])


async def refuse(update: Update, text: str) -> None:
    """Tell the person their action did nothing: a pop-up for a button, else a reply."""
    if update.callback_query is not None:
        await popup(update.callback_query, text, alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


def requires_role(*roles: str, refusal: str) -> Callable[[Callback], Callback]:
    """Let through only people holding one of `roles`; refuse the others with text `refusal`.

    The roles are fixed ones (admin commands, the reports). Who may act at a step of the SOP is
    not fixed: it comes from the SOP file and is checked by `bot.workflow` (`require_actor`)."""
    if not roles:
        raise ValueError("requires_role needs at least one role")
    allowed = frozenset(roles)

    def decorate(callback: Callback) -> Callback:
        @functools.wraps(callback)
        async def gated(update: Update, context: PpidContext, *args: Any, **kwargs: Any) -> Any:
            person = person_of(context)
            if not person.roles & allowed:
                await refuse(update, t(refusal, person.language))
                return None
            return await callback(update, context, *args, **kwargs)

        gated.required_roles = allowed  # type: ignore[attr-defined]
        return gated  # type: ignore[return-value]

    return decorate
