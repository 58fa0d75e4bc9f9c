"""The one way to build a conversation: persistent, re-enterable, `/batal` everywhere.

Every ConversationHandler of the bot comes from `persistent_conversation`, so they all:
- survive a restart (state in SQLite through `bot.persistence`), keyed per person in their chat;
- can be entered again from their entry points (`allow_reentry`), e.g. a button in /tugas;
- end cleanly with `/batal`, forgetting the flow's scratch data in `user_data`;
- answer text or a file where a button was expected with a clear pointer, without losing the step;
- end the person's other conversations when they enter one, so one person is in at most one flow
  and text typed for the new flow never lands in an abandoned one.
Other commands (/sop, /tugas...) still work in the middle of a conversation.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.application import PpidContext
from bot.texts import t
from handlers.access import person_of

CANCEL_COMMAND = "batal"
# user_data keys of one flow start with "<flow name>:"; /batal drops them.
FLOW_KEY_SEPARATOR = ":"


def flow_key(flow: str, name: str) -> str:
    """The `user_data` key of `name` in conversation `flow`."""
    return f"{flow}{FLOW_KEY_SEPARATOR}{name}"


def forget_flow(context: PpidContext, flow: str) -> None:
    """Drop the scratch data of `flow` from `user_data`."""
    if context.user_data is None:
        return
    for key in [k for k in context.user_data if str(k).startswith(flow + FLOW_KEY_SEPARATOR)]:
        del context.user_data[key]


def _cancel_for(flow: str) -> Any:
    async def cancel(update: Update, context: PpidContext) -> int:
        """Leave the conversation and forget its scratch data."""
        forget_flow(context, flow)
        message = update.effective_message
        if message is not None:
            await message.reply_text(t("cancelled", person_of(context).language))
        return ConversationHandler.END

    return cancel


async def expected_something_else(update: Update, context: PpidContext) -> None:
    """Text or a file where the current step expects something else: say so, keep the step."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(t("use_buttons", person_of(context).language))


def _end_other_flows(application: Application, keep: str, update: Update) -> None:
    """End the person's conversations in every conversation handler but `keep`."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    key = (chat.id, user.id)
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, ConversationHandler) and handler.name != keep:
                # PTB offers no public way to end someone's conversation in another handler; its
                # state dict tracks deletions, so the persistence forgets the state too.
                conversations = handler._conversations  # noqa: SLF001
                if key in conversations:
                    del conversations[key]


def _entering(flow: str, callback: Any) -> Any:
    async def enter(update: Update, context: PpidContext) -> object:
        state = await callback(update, context)
        if state is not None and state != ConversationHandler.END:
            # Entered for real (a refused press returns None): leave any other flow.
            _end_other_flows(context.application, flow, update)
        return state

    enter.__doc__ = callback.__doc__
    return enter


def persistent_conversation(
    name: str,
    entry_points: Sequence[BaseHandler[Update, Any, Any]],
    states: dict[object, list[BaseHandler[Update, Any, Any]]],
    *,
    fallbacks: Sequence[BaseHandler[Update, Any, Any]] = (),
) -> ConversationHandler[Any]:
    """A persistent ConversationHandler named `name` with the bot's common fallbacks."""
    for handler in entry_points:
        handler.callback = _entering(name, handler.callback)
    with warnings.catch_warnings():
        # Buttons inside a conversation are fine here: one conversation per person and chat.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        return ConversationHandler(
            entry_points=list(entry_points),
            states=states,
            fallbacks=[
                CommandHandler(CANCEL_COMMAND, _cancel_for(name)),
                *fallbacks,
                MessageHandler(~filters.COMMAND, expected_something_else),
            ],
            name=name,
            persistent=True,
            allow_reentry=True,
        )
