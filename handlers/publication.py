"""Steps 5 and 7: the operator coordinates the publication of the verified document, then
publishes it to the public channel (step 6, the data refresh, is scheduled in between).

A berkala or other document goes to the channel with a caption of at most 1024 characters (title,
category, unit, date); a serta merta announcement is posted with its 8 elements, then its files.
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.app import PpidContext
from bot.task_view import announcement_text, channel_caption
from bot.texts import raw, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import parse_ids
from handlers.notify import notify_new_task, send_stored_document
from handlers.step_keyboards import COORDINATE_PUBLICATION, PUBLISH
from handlers.tasks import answer_refusal, answer_stale
from storage.cycles import Cycle
from storage.items import InfoItem


async def coordinate(update: Update, context: PpidContext) -> None:
    """Step 5 (operator): coordinate the publication; step 6 is scheduled; step 7 is next."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    ids = parse_ids(query.data, COORDINATE_PUBLICATION, 1)
    if ids is None:
        await answer_stale(update, person.language)
        return
    services = context.services
    try:
        transition = await services.workflow.coordinate_publication(person, ids[0])
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return
    await query.answer()
    due = transition.detail.get("next_due_at")
    refresh = t("refresh_scheduled", person.language, due=services.calendar.format_local(due, person.language)) if due else ""
    await context.bot.send_message(person.telegram_id, t("publication_coordinated", person.language, refresh=refresh).strip())
    await notify_new_task(context, services, transition)


async def publish(update: Update, context: PpidContext) -> None:
    """Step 7 (operator): post to the public channel, record it, close the cycle."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    ids = parse_ids(query.data, PUBLISH, 1)
    if ids is None:
        await answer_stale(update, person.language)
        return
    services = context.services
    channel = services.settings.public_channel
    if channel is None:
        await query.answer(raw("no_channel", person.language), show_alert=True)
        return

    async def post(item: InfoItem, cycle: Cycle) -> tuple[int, int]:
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

    async def post_or_refuse(item: InfoItem, cycle: Cycle) -> tuple[int, int]:
        try:
            return await post(item, cycle)
        except TelegramError as error:
            raise WorkflowError("publish_failed", reason=error.message) from error

    try:
        transition = await services.workflow.publish(person, ids[0], post_or_refuse)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    due = transition.detail.get("next_due_at")
    next_text = t("next_due", person.language, due=services.calendar.format_local(due, person.language)) if due else ""
    await context.bot.send_message(person.telegram_id, t("published", person.language, next=next_text).strip())


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(coordinate, pattern=rf"^{COORDINATE_PUBLICATION}:"))
    application.add_handler(CallbackQueryHandler(publish, pattern=rf"^{PUBLISH}:"))
