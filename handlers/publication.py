"""Steps 5 and 7: the operator coordinates the publication of the verified document, then
publishes it to the public channel (step 6, the data refresh, is scheduled in between).

"Publikasikan sekarang" only shows a preview: the text exactly as it will be posted, the file
names and the channel, with "Ya, kirim" / "Batal"; only "Ya, kirim" posts.

A berkala or other document goes to the channel with a caption of at most 1024 characters (title,
category, unit, date); a serta merta announcement is posted with its 8 elements, then its files.

A DOCX, ODT or XLSX draft file goes out as a PDF made from it (`bot.public_copy`): made when the
preview is shown, shown in it, covered by its fingerprint and posted as shown. Where no PDF could be
made the preview says the file goes as it is and offers "📄 Unggah PDF" (the operator's own PDF,
checked like any upload) before "Ya, kirim".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot import public_copy
from bot.application import PpidContext
from bot.data_file import record_post, refresh_step, to_publish
from bot.filetypes import PDF
from bot.services import Services
from bot.staff import Person
from bot.task_view import publication_text, shorten, unit_name
from bot.texts import raw, t
from bot.withdrawal import record_channel_messages
from bot.workflow import Transition, WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.cycle_notices import tell_published
from handlers.notify import notify_new_task, outgoing_document_name, send_stored_document
from handlers.step_keyboards import (
    ConfirmPosted,
    CoordinatePublication,
    Publish,
    PublishCancel,
    PublishConfirm,
    Repost,
    confirm_keyboard,
    publish_keyboard,
    withdraw_keyboard,
)
from handlers.uploads import file_expected, receive_file
from storage.cycles import Cycle
from storage.documents import Document
from storage.items import InfoItem

FILE_NAME_SHOWN = 100  # characters of each file name in the preview (20 files stay in one message)
PREVIEWS = "publication_previews"  # kv namespace: "<cycle>:<operator>" -> what their preview showed
PDF_FLOW = "public_pdf"
WAITING_FOR_PDF = "waiting_for_public_pdf"
BUTTON_NAME_SHOWN = 30  # characters of a file name on "📄 Unggah PDF"


@dataclass(frozen=True)
class PublicPdfUpload(CallbackData, prefix="pub:pdf"):
    """Step 7's preview: "Unggah PDF" for draft file `document_id`, of which no PDF could be made."""

    cycle_id: int
    document_id: int


def _preview_key(cycle_id: int, telegram_id: int) -> str:
    return f"{cycle_id}:{telegram_id}"


async def _fingerprint(services: Services, item: InfoItem, cycle: Cycle) -> str:
    """What makes the post what it is (the text but for its date, the files and their names):
    equal fingerprints, equal posts."""
    version = await services.workflow.submitted_version(cycle.id)
    files = await services.workflow.public_files(cycle.id)  # a PDF copy in place of its draft file
    data = await to_publish(services, cycle)  # step 6's File Informasi Data
    content = {
        "version": version,
        "summary": item.summary,
        "category": item.category,
        "unit": await unit_name(services, item.unit_id),
        "announcement": await services.workflow.announcement(cycle.id) if cycle.kind == "serta_merta" else None,
        "files": [[document.id, document.sha256, outgoing_document_name(document)] for document in files],
    }
    if data is not None:  # only then: a preview made before this code still matches
        content["data_file"] = [data.id, data.sha256, outgoing_document_name(data)]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@cycle_button(CoordinatePublication)
async def coordinate(update: Update, context: PpidContext, person: Person, data: CoordinatePublication) -> None:
    """Step 5 (operator): coordinate the publication; step 6 is scheduled; step 7 is next."""
    services = context.services
    transition = await services.workflow.coordinate_publication(person, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    due, language = transition.detail.get("next_due_at"), person.language
    refresh = (
        t("refresh_scheduled", language, step=transition.detail["refresh_step"], due=services.calendar.format_local(due, language))
        if due else ""
    )
    following = services.sop.step(transition.cycle.current_step)  # the SOP file's next step
    await context.bot.send_message(
        person.telegram_id,
        t("publication_coordinated", language, refresh=refresh, step=following.no, next=raw(f"next_kind_{following.kind}", language)).strip(),
    )
    await notify_new_task(context, services, transition)


@cycle_button(Publish)
async def preview(update: Update, context: PpidContext, person: Person, data: Publish) -> None:
    """Step 7 (operator), "Publikasikan sekarang": first show exactly what will go to the channel
    (the announcement or caption as posted, the file names, the channel) with "Ya, kirim" / "Batal".
    Nothing is posted or recorded here."""
    services = context.services
    cycle, item, _ = await services.workflow.require_actor(person, data.cycle_id, "publish")
    await services.workflow.require_public(item.id)
    await services.workflow.require_approved(cycle)  # no preview of a post that would be refused
    if services.settings.public_channel is None:
        raise WorkflowError("no_channel")
    version = await services.workflow.submitted_version(cycle.id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await send_preview(context, person.telegram_id, person.language, item, cycle, PublishConfirm(cycle.id, version), PublishCancel(cycle.id))


async def send_preview(
    context: PpidContext, chat_id: int, language: str, item: InfoItem, cycle: Cycle, yes: CallbackData,
    no: CallbackData | None = None,
) -> None:
    """Show `chat_id` exactly what will go to the channel (the text as posted, then the file names
    and the channel) under buttons `yes` (which posts through `publish_previewed`) and `no`; what
    it showed is kept, so "Ya, kirim" posts only that. The PDF copies of its office documents are
    made first (`bot.public_copy`), so the preview shows, and its fingerprint covers, the PDF."""
    services = context.services
    channel = services.settings.public_channel
    if channel is None:
        raise WorkflowError("no_channel")
    missing = await public_copy.make_copies(services, chat_id, cycle.id)
    files = await services.workflow.public_files(cycle.id)
    version = await services.workflow.submitted_version(cycle.id)
    sources = {document.id: document for document in await services.workflow.draft_files(cycle.id, version)}
    text = await publication_text(services, item, cycle)
    async with services.db.transaction() as conn:  # "Ya, kirim" posts only what this preview shows
        await services.kv.set(conn, PREVIEWS, _preview_key(cycle.id, chat_id), await _fingerprint(services, item, cycle))
    names = "\n".join(f"• {_shown_name(document, sources, language)}" for document in files)
    data = await to_publish(services, cycle)
    if data is not None:  # step 6's File Informasi Data goes out after the document(s)
        refresh = refresh_step(services)
        names += "\n• " + t(
            "publish_preview_data_file", language, name=shorten(data.original_name, FILE_NAME_SHOWN),
            step=refresh.no if refresh else "",
        )
    what = "publish_preview_announcement" if cycle.kind == "serta_merta" else "publish_preview_caption"
    if not names:  # a serta merta announcement may have no file: not "then the files below"
        names, what = raw("publish_preview_text_only", language), "publish_preview_announcement_alone"
    if missing:
        # First, above the preview, why a file would go as it is, under its "Unggah PDF" button;
        # the preview says it again where its files are listed.
        await context.bot.send_message(
            chat_id, _missing_text(missing, language),
            reply_markup=InlineKeyboardMarkup([[PublicPdfUpload(cycle.id, gap.document.id).button(
                t("btn_public_pdf_upload", language, name=shorten(gap.document.original_name, BUTTON_NAME_SHOWN))
            )] for gap in missing]),
        )
        names += "\n\n" + t(
            "publish_preview_as_it_is", language,
            names=", ".join(shorten(gap.document.original_name, FILE_NAME_SHOWN) for gap in missing),
        )
    await context.bot.send_message(chat_id, text)
    keyboard = (
        confirm_keyboard(language, yes, no) if no is not None
        else InlineKeyboardMarkup([[yes.button(raw("btn_send_yes", language))]])
    )
    await context.bot.send_message(
        chat_id,
        t(
            "publish_preview", language, summary=shorten(item.summary, 200), channel=await _channel_name(context, channel),
            count=len(files) + (data is not None), files=names, what=raw(what, language),
        ),
        reply_markup=keyboard,
    )


def _shown_name(document: Document, sources: dict[int, Document], language: str) -> str:
    """A file as the preview lists it: a public copy as "x.pdf (PDF dari x.docx)", "x.jpg (JPG dari x.heic)"."""
    name = shorten(document.original_name, FILE_NAME_SHOWN)
    source = sources.get(document.source_document_id or 0)
    if source is None:
        return name
    copy = (document.detected_type or "pdf").upper()
    return t("publish_preview_pdf_copy", language, name=name, copy=copy, source=shorten(source.original_name, FILE_NAME_SHOWN))


def _missing_text(missing: list[public_copy.Missing], language: str) -> str:
    """What the preview says of the office documents that would go out as they are, and why."""
    parts: list[str] = []
    for reason in ("no_libreoffice", "failed"):
        of_reason = [gap.document for gap in missing if gap.reason == reason]
        if of_reason:
            parts.append(t(
                "public_copy_missing", language,
                names=", ".join(shorten(document.original_name, FILE_NAME_SHOWN) for document in of_reason),
                why=raw(f"public_copy_why_{reason}", language),
            ))
    return "\n".join(parts)


@cycle_button(PublishConfirm)
async def publish(update: Update, context: PpidContext, person: Person, data: PublishConfirm) -> None:
    """"Ya, kirim" under the preview: post to the public channel, record it, close the cycle."""
    await context.services.workflow.require_actor(person, data.cycle_id, "publish")
    await publish_previewed(update, context, person, data.cycle_id, data.version)


async def publish_previewed(update: Update, context: PpidContext, person: Person, cycle_id: int, version: int) -> None:
    """Post what `person`'s preview of draft `version` showed (`send_preview`), record it, close
    the cycle. A preview of another draft version than the one approved now is refused."""
    if version != await context.services.workflow.submitted_version(cycle_id):
        raise WorkflowError("publish_preview_outdated")
    services = context.services
    key = _preview_key(cycle_id, person.telegram_id)

    async def seen(item: InfoItem, cycle: Cycle) -> bool:
        """Inside the claim's transaction: the post as it would go out now is the one previewed."""
        shown = await services.kv.get(PREVIEWS, key)
        return isinstance(shown, str) and shown == await _fingerprint(services, item, cycle)

    await _publish(update, context, person, cycle_id, repost=False, seen=seen)


@cycle_button(PublishCancel)
async def cancel(update: Update, context: PpidContext, person: Person, data: PublishCancel) -> None:
    """"Batal" under the preview: nothing is sent; the publish button is offered again."""
    services = context.services
    await services.workflow.require_actor(person, data.cycle_id, "publish")
    async with services.db.transaction() as conn:  # the cancelled preview's "Ya, kirim" posts nothing
        await services.kv.delete(conn, PREVIEWS, _preview_key(data.cycle_id, person.telegram_id))
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    await context.bot.send_message(
        person.telegram_id, raw("publish_cancelled", person.language),
        reply_markup=publish_keyboard(data.cycle_id, person.language),
    )


async def _channel_name(context: PpidContext, channel: int | str) -> str:
    """The public channel as people know it: its title and @username when Telegram tells them."""
    try:
        chat = await context.bot.get_chat(channel)
    except TelegramError:
        return str(channel)
    title = chat.title or str(channel)
    return f"{title} (@{chat.username})" if chat.username else title


@cycle_button(Repost)
async def repost(update: Update, context: PpidContext, person: Person, data: Repost) -> None:
    """After an interrupted publication the operator saw it is not in the channel: post it."""
    await _publish(update, context, person, data.cycle_id, repost=True)


@cycle_button(ConfirmPosted)
async def confirm_posted(update: Update, context: PpidContext, person: Person, data: ConfirmPosted) -> None:
    """After an interrupted publication the operator saw it in the channel: record it as published."""
    transition = await context.services.workflow.confirm_published(person, data.cycle_id)
    await _published(update, context, person, transition)


async def _publish(
    update: Update, context: PpidContext, person: Person, cycle_id: int, *, repost: bool,
    seen: Callable[[InfoItem, Cycle], Awaitable[bool]] | None = None,
) -> None:
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
        transition = await services.workflow.publish(person, cycle_id, post, repost=repost, seen=seen)
    except PostUncertain:
        await update.callback_query.answer()  # type: ignore[union-attr]
        await _ask_whether_posted(update, context, person, cycle_id)
        return
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
            [ConfirmPosted(cycle_id).button(raw("btn_already_posted", person.language))],
            [Repost(cycle_id).button(raw("btn_repost", person.language))],
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
    await context.bot.send_message(
        person.telegram_id, t("published", person.language, next=next_text).strip(),
        reply_markup=withdraw_keyboard(transition.cycle.id, person.language),
    )
    await tell_published(context, services, transition, person.telegram_id)


async def _post_to_channel(context: PpidContext, channel: int | str, item: InfoItem, cycle: Cycle) -> tuple[int, int]:
    """Post the approved draft (a serta merta announcement first); (chat id, first message id).

    Every message posted is recorded as it goes (`bot.withdrawal.record_channel_messages`), so a
    withdrawal can delete them all.
    """
    services = context.services
    files = await services.workflow.public_files(cycle.id)  # what the preview made and showed
    text = await publication_text(services, item, cycle)
    data = await to_publish(services, cycle)  # step 6's File Informasi Data, after the document(s)
    posted: list[Message] = []
    try:
        if cycle.kind == "serta_merta":
            posted.append(await context.bot.send_message(channel, text))
            for document in files:
                posted.append(await send_stored_document(context, services, channel, document))
        else:
            posted.append(await send_stored_document(context, services, channel, files[0], caption=text))
            for document in files[1:]:
                posted.append(await send_stored_document(context, services, channel, document))
            if data is not None:
                posted.append(await send_stored_document(
                    context, services, channel, data, caption=t("data_file_caption", "id", summary=shorten(item.summary, 900))
                ))
    except TelegramError as error:
        if _answer_lost(error):
            # Telegram may have posted it although no answer came: not "known not posted". The
            # claim stays (`PostUncertain`): the operator is asked whether it is there.
            raise PostUncertain from error
        # Refused half-way: what went out is taken back, so "nothing changed" is true and a new
        # press posts the whole once. What cannot be taken back stays recorded, and the claim
        # stays (`PostUncertain`): the operator is asked whether it is there, as after a crash.
        posted = await _take_back(context, posted)
        if posted:
            raise PostUncertain from None
        raise
    finally:
        if posted:
            await record_channel_messages(
                services, cycle.id, posted[0].chat.id, [message.message_id for message in posted]
            )
    if data is not None:
        await record_post(services, data, posted[-1].message_id)
    return posted[0].chat.id, posted[0].message_id


class PostUncertain(Exception):
    """The post is neither known out nor known not out: Telegram's answer to a message was lost
    (a timeout), or it refused one after others were posted and these could not all be deleted.
    The claim stays; the operator looks at the channel and decides."""


def _answer_lost(error: TelegramError) -> bool:
    """Whether Telegram may have taken the message although no answer came (a timeout, a broken
    connection), unlike a refusal (BadRequest, Forbidden), which is known not posted."""
    return isinstance(error, TimedOut) or (isinstance(error, NetworkError) and not isinstance(error, BadRequest))


async def _take_back(context: PpidContext, posted: list[Message]) -> list[Message]:
    """Delete the messages of a post that failed half-way; those Telegram would not delete."""
    left: list[Message] = []
    for message in posted:
        try:
            await context.bot.delete_message(message.chat.id, message.message_id)
        except TelegramError:
            left.append(message)
    return left


@cycle_button(PublicPdfUpload)
async def ask_for_pdf(update: Update, context: PpidContext, person: Person, data: PublicPdfUpload) -> str:
    """"📄 Unggah PDF" under the preview: wait for the operator's PDF of that draft file."""
    services = context.services
    await services.workflow.require_actor(person, data.cycle_id, "publish")
    files = await services.workflow.draft_files(data.cycle_id, await services.workflow.submitted_version(data.cycle_id))
    source = next((document for document in files if document.id == data.document_id), None)
    if source is None or not public_copy.needs_copy(source):
        raise WorkflowError("public_pdf_not_needed")
    await update.callback_query.answer()  # type: ignore[union-attr]
    forget_flow(context, PDF_FLOW)
    assert context.user_data is not None
    context.user_data[flow_key(PDF_FLOW, "cycle")] = data.cycle_id
    context.user_data[flow_key(PDF_FLOW, "document")] = data.document_id
    await context.bot.send_message(
        person.telegram_id,
        t("public_pdf_ask", person.language, source=source.original_name, name=public_copy.copy_name(source, PDF)),
    )
    return WAITING_FOR_PDF


async def receive_pdf(update: Update, context: PpidContext) -> str | int:
    """The operator's PDF arrived: checked like any upload, it must be a PDF; recorded as the
    public copy of the draft file. The preview is then shown anew by "Publikasikan sekarang"."""
    message, person, services = update.effective_message, person_of(context), context.services
    waiting = context.user_data or {}
    cycle_id, document_id = waiting.get(flow_key(PDF_FLOW, "cycle")), waiting.get(flow_key(PDF_FLOW, "document"))
    if message is None or not isinstance(cycle_id, int) or not isinstance(document_id, int):
        return ConversationHandler.END
    try:
        await services.workflow.require_actor(person, cycle_id, "publish")
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        forget_flow(context, PDF_FLOW)
        return ConversationHandler.END
    received = await receive_file(
        message, services, person.language, allowed_types=frozenset({"pdf"}), type_refusal="public_pdf_refused_type"
    )
    if received is None:
        return WAITING_FOR_PDF
    try:
        document = await public_copy.attach_upload(services, person, cycle_id, document_id, received.upload)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        forget_flow(context, PDF_FLOW)
        return ConversationHandler.END
    forget_flow(context, PDF_FLOW)
    source = await services.documents.get(document_id)
    await message.reply_text(
        t("public_pdf_saved", person.language, name=document.original_name, source=source.original_name if source else ""),
        reply_markup=publish_keyboard(cycle_id, person.language),
    )
    return ConversationHandler.END


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            PDF_FLOW,
            entry_points=[CallbackQueryHandler(ask_for_pdf, pattern=PublicPdfUpload.pattern())],
            states={
                WAITING_FOR_PDF: [
                    MessageHandler(filters.Document.ALL | filters.PHOTO, receive_pdf),
                    file_expected("public_pdf_prompt"),
                ],
            },
        )
    )
    application.add_handler(CallbackQueryHandler(coordinate, pattern=CoordinatePublication.pattern()))
    application.add_handler(CallbackQueryHandler(preview, pattern=Publish.pattern()))
    application.add_handler(CallbackQueryHandler(publish, pattern=PublishConfirm.pattern()))
    application.add_handler(CallbackQueryHandler(cancel, pattern=PublishCancel.pattern()))
    application.add_handler(CallbackQueryHandler(repost, pattern=Repost.pattern()))
    application.add_handler(CallbackQueryHandler(confirm_posted, pattern=ConfirmPosted.pattern()))
