""""Tarik publikasi": the operator or PPID Utama withdraws a published post, with a typed reason.

The button is on the operator's "published" confirmation and under `/riwayat` (for each
publication still standing). The reason is typed next (required, like a return's reason); then
the withdrawal is committed (`bot.withdrawal.withdraw`), the channel messages are deleted, and
the other operators and PPID Utama are told. A message Telegram refuses to delete (older than 48
hours) is named with its link, to be deleted by hand.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.public_links import channel_post_link
from bot.staff import Person
from bot.texts import raw, t
from bot.withdrawal import Withdrawal, withdraw, withdrawable
from bot.workflow import MIN_REASON_LENGTH
from handlers.conversation import persistent_conversation
from handlers.cycle_buttons import cycle_button
from handlers.notify import languages_for, send_to
from handlers.step_keyboards import Withdraw
from handlers.typed_reason import TYPING_REASON, Typed, keep_cycle, take_typed_reason

LOG = logging.getLogger(__name__)

FLOW = "withdraw"


@cycle_button(Withdraw)
async def ask_reason(update: Update, context: PpidContext, person: Person, data: Withdraw) -> str:
    """Button "Tarik publikasi": ask for the (required) reason."""
    _, item, _ = await withdrawable(context.services, person, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    state = keep_cycle(context, FLOW, data.cycle_id)
    await context.bot.send_message(
        person.telegram_id, t("withdraw_reason_prompt", person.language, summary=item.summary, minimum=MIN_REASON_LENGTH)
    )
    return state


async def withdraw_with_reason(update: Update, context: PpidContext) -> str | int:
    """The reason was typed: record the withdrawal, delete the channel messages, tell people."""
    services = context.services
    typed = await take_typed_reason(
        update, context, FLOW, ("withdraw_reason_too_short", "reason_too_long"),
        lambda person, cycle_id, text: withdraw(services, person, cycle_id, text),
    )
    if not isinstance(typed, Typed):
        return typed
    done, person, message = typed.result, typed.person, typed.message
    left = await _delete_from_channel(context, done)
    deleted = len(done.messages) - len(left)
    await message.reply_text(
        t("withdrawn", person.language, summary=done.item.summary, count=deleted, reason=done.reason)
    )
    if not done.messages:
        await message.reply_text(raw("withdrawn_messages_unknown", person.language))
    if left:
        channel = services.settings.public_channel
        links = [channel_post_link(channel, chat_id, message_id) or f"#{message_id}" for chat_id, message_id in left]
        await message.reply_text(
            t("withdrawn_delete_by_hand", person.language, count=len(left), links=" ".join(links)),
            disable_web_page_preview=True,
        )
    for user_id, language in (await languages_for(services, done.notify)).items():
        await send_to(
            context, user_id,
            t("withdrawn_notice", language, summary=done.item.summary, name=person.full_name, reason=done.reason),
        )
    return ConversationHandler.END


async def _delete_from_channel(context: PpidContext, done: Withdrawal) -> list[tuple[int, int]]:
    """Delete every message of the withdrawn publication; those Telegram refused to delete."""
    left: list[tuple[int, int]] = []
    for chat_id, message_id in done.messages:
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramError as error:
            LOG.warning("could not delete channel message %s/%s: %s", chat_id, message_id, error)
            left.append((chat_id, message_id))
    return left


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(ask_reason, pattern=Withdraw.pattern())],
            states={TYPING_REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, withdraw_with_reason)]},
        )
    )
