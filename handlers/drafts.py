"""Step 3: PPID Pelaksana uploads the draft, file by file, and submits it with "Selesai".

Each accepted file is committed (file store + database) as soon as it arrives, so a restart in the
middle loses nothing; the conversation can be re-entered from /tugas or the "Unggah draf" button.
For serta merta information the 8 elements of the announcement are asked, one per message; then the
whole announcement is shown exactly as it will be posted, to be sent ("Ya, kirim") or corrected one
element at a time ("Ubah unsur"), before the draft goes to PPID Utama, who receives the files and
the card with the decision buttons (and the whole announcement).
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.filetypes import FILE_TYPES_BY_KEY
from bot.serta_merta import clean_element
from bot.services import Services
from bot.staff import Person
from bot.task_view import announcement_now, review_messages, step_card
from bot.texts import raw, role_name, t
from bot.workflow import ANNOUNCEMENT_ELEMENTS, Transition, WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_notices import tell_fixing
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.notify import languages_for, send_stored_document
from handlers.review import remove_review_buttons
from handlers.step_keyboards import (
    AnnounceEdit,
    AnnounceElement,
    AnnounceSend,
    DraftDone,
    DraftUpload,
    confirm_keyboard,
    draft_keyboard,
    element_keyboard,
    review_keyboard,
)
from handlers.uploads import Incoming, Say, file_expected, receive_incoming

FLOW = "draft"
UPLOADING = "uploading"
ANNOUNCING = "announcing"
CONFIRMING = "confirming"  # the whole announcement is shown: "Ya, kirim" or "Ubah unsur"
CORRECTING = "correcting"  # one element is being typed again


def _human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


@cycle_button(DraftUpload)
async def start_upload(update: Update, context: PpidContext, person: Person, data: DraftUpload) -> str:
    """Button "Unggah draf": wait for files for this cycle."""
    await context.services.workflow.require_actor(person, data.cycle_id, "prepare_draft")
    await update.callback_query.answer()  # type: ignore[union-attr]
    forget_flow(context, FLOW)
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "cycle")] = data.cycle_id
    await context.bot.send_message(
        person.telegram_id, raw("draft_upload_prompt", person.language),
        reply_markup=draft_keyboard(data.cycle_id, person.language, context.services.sop, with_upload=False),
    )
    await tell_fixing(context, context.services, person, data.cycle_id)
    return UPLOADING


async def receive_draft_file(update: Update, context: PpidContext) -> str | int:
    """A file of the draft arrived: check, store and record it as part of the working version."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    person = person_of(context)
    cycle_id = context.user_data.get(flow_key(FLOW, "cycle"))
    if not isinstance(cycle_id, int):
        return ConversationHandler.END
    incoming = Incoming.of(message)
    if incoming is None:
        return UPLOADING
    try:
        await add_to_draft(context, person, cycle_id, incoming, message.reply_text)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        forget_flow(context, FLOW)
        return ConversationHandler.END
    return UPLOADING


async def add_to_draft(context: PpidContext, person: Person, cycle_id: int, incoming: Incoming, say: Say) -> bool:
    """The one way a file enters a draft (after "Unggah draf" or sent without it): the person must
    hold step 3 of the cycle (else WorkflowError, before anything is downloaded); then the file is
    checked, stored and recorded, and the person told (`say`) what became of it. True when kept."""
    workflow = context.services.workflow
    await workflow.require_actor(person, cycle_id, "prepare_draft")
    existing = frozenset(document.sha256 for document in await workflow.draft_files(cycle_id))
    received = await receive_incoming(
        context.bot, incoming, say, context.services, person.language, existing_sha256s=existing
    )
    if received is None:
        return False
    try:
        document = await workflow.add_draft_file(person, cycle_id, received.upload, received.name)
    except WorkflowError as error:
        await say(t(error.key, person.language, **error.values))
        return False
    files = await workflow.draft_files(cycle_id, document.version)
    kind = FILE_TYPES_BY_KEY[received.upload.detected_type].display(person.language)
    await context.bot.send_message(
        person.telegram_id,
        t(
            "draft_file_saved", person.language, name=document.original_name, kind=kind,
            size=_human_size(document.size), version=document.version, count=len(files),
        ),
        reply_markup=draft_keyboard(cycle_id, person.language, context.services.sop, with_upload=False),
    )
    await tell_fixing(context, context.services, person, cycle_id)  # the first file, if no press came first
    return True


@cycle_button(DraftDone)
async def finish(update: Update, context: PpidContext, person: Person, data: DraftDone) -> str | int:
    """Button "Selesai": submit the draft (for serta merta, after the 8 elements are confirmed).

    A serta merta draft that was returned keeps the elements of the version before: they are shown
    at once, to be sent as they are or corrected one by one."""
    workflow = context.services.workflow
    cycle, _, _ = await workflow.require_actor(person, data.cycle_id, "prepare_draft")
    if not await workflow.draft_files(cycle.id):
        await answer_refusal(update, WorkflowError("draft_empty"), person.language)
        return UPLOADING
    await update.callback_query.answer()  # type: ignore[union-attr]
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "cycle")] = cycle.id
    if cycle.kind == "serta_merta":
        previous = await workflow.announcement(cycle.id) or {}
        if all(previous.get(key) for key in ANNOUNCEMENT_ELEMENTS):
            context.user_data[flow_key(FLOW, "answers")] = {key: previous[key] for key in ANNOUNCEMENT_ELEMENTS}
            await context.bot.send_message(person.telegram_id, raw("announce_previous", person.language))
            return await _show_announcement(context, person, cycle.id)
        context.user_data[flow_key(FLOW, "answers")] = {}
        await context.bot.send_message(person.telegram_id, raw("announce_intro", person.language))
        await context.bot.send_message(person.telegram_id, raw(f"announce_q_{ANNOUNCEMENT_ELEMENTS[0]}", person.language))
        return ANNOUNCING
    return await _submit(update, context, cycle.id, None)


def _answers(context: PpidContext) -> dict[str, str]:
    assert context.user_data is not None
    value = context.user_data.get(flow_key(FLOW, "answers"))
    return {str(key): str(text) for key, text in value.items()} if isinstance(value, dict) else {}


async def answer_element(update: Update, context: PpidContext) -> str | int:
    """One of the 8 elements of the serta merta announcement was typed."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = person_of(context)
    answers = _answers(context)
    cycle_id = context.user_data.get(flow_key(FLOW, "cycle"))
    if not isinstance(cycle_id, int):
        return ConversationHandler.END
    pending = [key for key in ANNOUNCEMENT_ELEMENTS if key not in answers]
    try:
        text = clean_element(message.text)
    except WorkflowError as error:
        await message.reply_text(t(error.key, person.language, **error.values))
        return ANNOUNCING
    answers[pending[0]] = text
    context.user_data[flow_key(FLOW, "answers")] = answers
    if len(pending) > 1:
        await message.reply_text(raw(f"announce_q_{pending[1]}", person.language))
        return ANNOUNCING
    return await _show_announcement(context, person, cycle_id)


async def _show_announcement(context: PpidContext, person: Person, cycle_id: int) -> str:
    """The whole announcement exactly as it will be posted, with "Ya, kirim" / "Ubah unsur"."""
    _, item = await context.services.workflow.cycle_with_item(cycle_id)
    await context.bot.send_message(person.telegram_id, raw("announce_preview_intro", person.language))
    await context.bot.send_message(
        person.telegram_id, announcement_now(context.services, item, _answers(context)),
        reply_markup=confirm_keyboard(
            person.language, AnnounceSend(cycle_id), AnnounceEdit(cycle_id), no_label="btn_edit_element"
        ),
    )
    return CONFIRMING


def _previewed(context: PpidContext, cycle_id: int) -> dict[str, str]:
    """The 8 answers previewed for `cycle_id`; WorkflowError when this is not the preview at hand."""
    assert context.user_data is not None
    answers = _answers(context)
    if context.user_data.get(flow_key(FLOW, "cycle")) != cycle_id or any(key not in answers for key in ANNOUNCEMENT_ELEMENTS):
        raise WorkflowError("announce_preview_outdated")
    return answers


@cycle_button(AnnounceSend)
async def send_announcement(update: Update, context: PpidContext, person: Person, data: AnnounceSend) -> int:
    """"Ya, kirim": the previewed announcement is right; submit the draft with it."""
    answers = _previewed(context, data.cycle_id)
    await context.services.workflow.require_actor(person, data.cycle_id, "prepare_draft")
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    return await _submit(update, context, data.cycle_id, answers)


@cycle_button(AnnounceEdit)
async def choose_element(update: Update, context: PpidContext, person: Person, data: AnnounceEdit) -> str:
    """"Ubah unsur": offer the 8 elements, one button each."""
    _previewed(context, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    keyboard = element_keyboard(lambda number: AnnounceElement(data.cycle_id, number), person.language)
    await context.bot.send_message(person.telegram_id, raw("announce_choose_element", person.language), reply_markup=keyboard)
    return CONFIRMING


@cycle_button(AnnounceElement)
async def ask_element(update: Update, context: PpidContext, person: Person, data: AnnounceElement) -> str | None:
    """An element was chosen: show what it says now and wait for the new text."""
    answers = _previewed(context, data.cycle_id)
    if not 1 <= data.element <= len(ANNOUNCEMENT_ELEMENTS):
        raise WorkflowError("announce_preview_outdated")
    key = ANNOUNCEMENT_ELEMENTS[data.element - 1]
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "editing")] = key
    await update.callback_query.answer()  # type: ignore[union-attr]
    await context.bot.send_message(
        person.telegram_id,
        f"{raw(f'announce_q_{key}', person.language)}\n{t('announce_current', person.language, value=answers[key])}",
    )
    return CORRECTING


async def correct_element(update: Update, context: PpidContext) -> str | int:
    """The corrected element was typed: keep it and show the whole announcement again."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = person_of(context)
    cycle_id = context.user_data.get(flow_key(FLOW, "cycle"))
    key = context.user_data.get(flow_key(FLOW, "editing"))
    if not isinstance(cycle_id, int) or key not in ANNOUNCEMENT_ELEMENTS:
        return ConversationHandler.END
    try:
        text = clean_element(message.text)
    except WorkflowError as error:
        await message.reply_text(t(error.key, person.language, **error.values))
        return CORRECTING
    answers = _answers(context)
    answers[key] = text
    context.user_data[flow_key(FLOW, "answers")] = answers
    context.user_data.pop(flow_key(FLOW, "editing"), None)
    return await _show_announcement(context, person, cycle_id)


async def _submit(update: Update, context: PpidContext, cycle_id: int, answers: dict[str, str] | None) -> int:
    person = person_of(context)
    services = context.services
    try:
        transition = await services.workflow.submit_draft(person, cycle_id, answers)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return ConversationHandler.END
    forget_flow(context, FLOW)
    version, files = transition.detail["version"], transition.detail["files"]
    await context.bot.send_message(
        person.telegram_id, t(
            "draft_submitted", person.language, version=version, count=len(files),
            verifier=role_name(services.sop.actor_of(transition.cycle.current_step), person.language),
        )
    )
    await send_review_request(context, services, transition)
    return ConversationHandler.END


async def send_review_request(context: PpidContext, services: Services, transition: Transition) -> None:
    """Give each PPID Utama the draft's files and the card with approve / return / category (for
    serta merta, with the whole announcement as it will be posted); the card's first sentence says
    which version, from whom, and by when."""
    version, files = transition.detail["version"], transition.detail["files"]
    step = services.sop.step(transition.cycle.current_step)
    cards: dict[str, list[str]] = {}
    sent: list[tuple[int, int]] = []  # where each card went: the decision takes its buttons off
    for user_id, language in (await languages_for(services, transition.notify)).items():
        if language not in cards:
            card = await step_card(services, transition.cycle, transition.item, step, language, version=version)
            cards[language] = await review_messages(services, transition.cycle, transition.item, card, language)
        *before, last = cards[language]
        try:
            for document in files:
                await send_stored_document(context, services, user_id, document)
            for text in before:
                await context.bot.send_message(user_id, text)
            message = await context.bot.send_message(
                user_id, last, reply_markup=review_keyboard(transition.cycle.id, version, language)
            )
        except TelegramError:
            continue
        sent.append((message.chat.id, message.message_id))
    decided_meanwhile = await services.workflow.remember_review_cards(transition.cycle.id, version, sent)
    await remove_review_buttons(context, decided_meanwhile)


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[
                CallbackQueryHandler(start_upload, pattern=DraftUpload.pattern()),
                CallbackQueryHandler(finish, pattern=DraftDone.pattern()),
            ],
            states={
                UPLOADING: [
                    MessageHandler(filters.Document.ALL | filters.PHOTO, receive_draft_file),
                    file_expected("draft_upload_prompt"),
                ],
                ANNOUNCING: [MessageHandler(filters.TEXT & ~filters.COMMAND, answer_element)],
                CONFIRMING: [
                    CallbackQueryHandler(send_announcement, pattern=AnnounceSend.pattern()),
                    CallbackQueryHandler(choose_element, pattern=AnnounceEdit.pattern()),
                    CallbackQueryHandler(ask_element, pattern=AnnounceElement.pattern()),
                ],
                CORRECTING: [MessageHandler(filters.TEXT & ~filters.COMMAND, correct_element)],
            },
        )
    )
