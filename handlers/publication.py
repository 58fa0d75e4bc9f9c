"""Steps 5 and 7: the operator coordinates the publication of the verified document, then
publishes it to the public channel (step 6, the data refresh, is scheduled in between).

A berkala or other document goes to the channel with a caption of at most 1024 characters (title,
category, unit, date); a serta merta announcement is posted with its 8 elements, then its files.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.app import PpidContext
from bot.staff import Person
from bot.task_view import announcement_text, channel_caption
from bot.texts import raw, t
from bot.workflow import Transition, WorkflowError
from handlers.callbacks import button
from handlers.cycle_buttons import cycle_button
from handlers.notify import notify_new_task, send_stored_document
from handlers.step_keyboards import (
    CONFIRM_POSTED,
    COORDINATE_PUBLICATION,
    PUBLISH,
    REPOST,
)
from storage.cycles import Cycle
from storage.items import InfoItem


@cycle_button(COORDINATE_PUBLICATION, 1)
async def coordinate(update: Update, context: PpidContext, person: Person, ids: list[int]) -> None:
    """Step 5 (operator): coordinate the publication; step 6 is scheduled; step 7 is next."""
    services = context.services
    transition = await services.workflow.coordinate_publication(person, ids[0])
    await update.callback_query.answer()  # type: ignore[union-attr]
    due = transition.detail.get("next_due_at")
    refresh = t("refresh_scheduled", person.language, due=services.calendar.format_local(due, person.language)) if due else ""
    await context.bot.send_message(person.telegram_id, t("publication_coordinated", person.language, refresh=refresh).strip())
    await notify_new_task(context, services, transition)


@cycle_button(PUBLISH, 1)
async def publish(update: Update, context: PpidContext, person: Person, ids: list[int]) -> None:
    """Step 7 (operator): post to the public channel, record it, close the cycle."""
    await _publish(update, context, person, ids[0], repost=False)


@cycle_button(REPOST, 1)
async def repost(update: Update, context: PpidContext, person: Person, ids: list[int]) -> None:
    """After an interrupted publication the operator saw it is not in the channel: post it."""
    await _publish(update, context, person, ids[0], repost=True)


@cycle_button(CONFIRM_POSTED, 1)
async def confirm_posted(update: Update, context: PpidContext, person: Person, ids: list[int]) -> None:
    """After an interrupted publication the operator saw it in the channel: record it as published."""
    transition = await context.services.workflow.confirm_published(person, ids[0])
    await _published(update, context, person, transition)


async def _publish(update: Update, context: PpidContext, person: Person, cycle_id: int, *, repost: bool) -> None:
    services = context.services
    channel = services.settings.public_channel
    if channel is None:
        raise WorkflowError("no_channel")

    async def post(item: InfoItem, cycle: Cycle) -> tuple[int, int]:
        try:
            return await _post_to_channel(context, channel, item, cycle)
        except TelegramError as error:
            raise WorkflowError("publish_failed", reason=error.message) from error

    try:
        transition = await services.workflow.publish(person, cycle_id, post, repost=repost)
    except WorkflowError as error:
        if error.key != "publish_uncertain":
            raise
        await _ask_whether_posted(update, context, person, cycle_id)
        raise
    await _published(update, context, person, transition)


async def _ask_whether_posted(update: Update, context: PpidContext, person: Person, cycle_id: int) -> None:
    _, item = await context.services.workflow.cycle_with_item(cycle_id)
    keyboard = InlineKeyboardMarkup(
        [
            [button(raw("btn_already_posted", person.language), CONFIRM_POSTED, cycle_id)],
            [button(raw("btn_repost", person.language), REPOST, cycle_id)],
        ]
    )
    await context.bot.send_message(
        person.telegram_id, t("publish_uncertain_choose", person.language, summary=item.summary), reply_markup=keyboard
    )


async def _published(update: Update, context: PpidContext, person: Person, transition: Transition) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    await query.answer()
    await query.edit_message_reply_markup(None)
    due = transition.detail.get("next_due_at")
    next_text = t("next_due", person.language, due=services.calendar.format_local(due, person.language)) if due else ""
    await context.bot.send_message(person.telegram_id, t("published", person.language, next=next_text).strip())


async def _post_to_channel(context: PpidContext, channel: int | str, item: InfoItem, cycle: Cycle) -> tuple[int, int]:
    """Post the approved draft (a serta merta announcement first); (chat id, first message id)."""
    services = context.services
    version = await services.workflow.submitted_version(cycle.id)
    files = await services.workflow.draft_files(cycle.id, version)
    if cycle.kind == "serta_merta":
        elements = await services.workflow.announcement(cycle.id) or {}
        date_text = services.calendar.format_local(services.clock.now(), "id")
        first = await context.bot.send_message(channel, announcement_text(item, elements, date_text))
        for document in files:
            await send_stored_document(context, services, channel, document)
        return first.chat.id, first.message_id
    caption = await channel_caption(services, item, cycle)
    first = await send_stored_document(context, services, channel, files[0], caption=caption)
    for document in files[1:]:
        await send_stored_document(context, services, channel, document)
    return first.chat.id, first.message_id


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(coordinate, pattern=rf"^{COORDINATE_PUBLICATION}:"))
    application.add_handler(CallbackQueryHandler(publish, pattern=rf"^{PUBLISH}:"))
    application.add_handler(CallbackQueryHandler(repost, pattern=rf"^{REPOST}:"))
    application.add_handler(CallbackQueryHandler(confirm_posted, pattern=rf"^{CONFIRM_POSTED}:"))
