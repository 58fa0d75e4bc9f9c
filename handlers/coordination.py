"""Step 2: the operator sends the coordination letter (generated or uploaded) to the unit's PPID
Pelaksana, who acknowledge it with a button; the coordination report shows who was asked and when.

A letter generated from the template is first shown to the operator (the PDF itself, and the names
of the PPID Pelaksana who will receive it) with "Ya, kirim" / "Batal"; only "Ya, kirim" sends it.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.coordination_report import require_report_reader
from bot.letters import LetterFields, coordination_letter_pdf
from bot.register import category_label
from bot.services import Services
from bot.staff import Person
from bot.task_view import coordination_report, deadline_text, shorten, unit_name
from bot.telegram_limits import CAPTION_MAX
from bot.texts import raw, t
from bot.workflow import Transition, Upload, WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.notify import languages_of, notify_new_task, send_stored_document
from handlers.step_keyboards import (
    Acknowledge,
    CoordinationReport,
    LetterCancel,
    LetterConfirm,
    LetterGenerate,
    LetterUpload,
    acknowledge_keyboard,
    confirm_keyboard,
    coordination_report_keyboard,
    letter_keyboard,
)
from handlers.uploads import LETTER_TYPES, file_expected, receive_file
from storage.cycles import Coordination

FLOW = "letter_upload"
PREVIEW_FLOW = "letter_preview"  # user_data: the generated letter shown, per cycle, until sent
WAITING_LETTER = "waiting_letter"


async def _deliver_letter(
    context: PpidContext, services: Services, transition: Transition, sender: str, data: bytes | None,
    file_id: str | None = None,
) -> list[str]:
    """Send the letter (`data`: its bytes, when at hand) to everyone asked, with the acknowledge
    button; their names. `file_id`: the id Telegram gave the very same PDF sent as the preview."""
    # Without `file_id` the first recipient gets the bytes (an uploaded letter's own file id may be
    # a photo's, which Telegram refuses as a document); everyone after gets the file id of that send.
    document = replace(transition.detail["document"], telegram_file_id=file_id)
    entries: list[Coordination] = transition.detail["asked"]
    names: list[str] = []
    asked_ids = [entry.asked_user_id for entry in entries]
    people = await services.users.get_many(asked_ids)
    languages = languages_of(services, people, asked_ids)
    for entry in entries:
        person = people.get(entry.asked_user_id)
        names.append(person.full_name if person else str(entry.asked_user_id))
        language = languages[entry.asked_user_id]
        try:
            sent = await send_stored_document(
                context, services, entry.asked_user_id, document, data=data,
                caption=t("letter_received", language, summary=transition.item.summary, sender=sender),
                reply_markup=acknowledge_keyboard(entry.id, language),
            )
        except TelegramError:
            continue
        if sent.document is not None and document.telegram_file_id is None:
            document = replace(document, telegram_file_id=sent.document.file_id)
    return names


async def _send(
    update: Update, context: PpidContext, cycle_id: int, upload: Upload, name: str, data: bytes | None = None,
    file_id: str | None = None, recipients: list[int] | None = None,
) -> None:
    """Record the letter with the workflow, deliver it, confirm to the operator, notify step 3
    (`recipients`: the people its preview named, the only ones it may go to)."""
    person = person_of(context)
    services = context.services
    try:
        transition = await services.workflow.send_coordination(person, cycle_id, upload, name, recipients=recipients)
    except WorkflowError as error:
        if update.callback_query is not None:  # answered already (the preview's "Ya, kirim")
            await context.bot.send_message(person.telegram_id, t(error.key, person.language, **error.values))
        else:
            await answer_refusal(update, error, person.language)
        return
    names = await _deliver_letter(context, services, transition, person.full_name, data, file_id)
    await context.bot.send_message(
        person.telegram_id, t("letter_sent", person.language, names=", ".join(names)),
        reply_markup=coordination_report_keyboard(cycle_id, person.language),
    )
    await notify_new_task(context, services, transition)


@cycle_button(LetterGenerate)
async def preview_letter(update: Update, context: PpidContext, person: Person, data: LetterGenerate) -> None:
    """Button "Buat surat dari templat": generate the letter and show it to the operator first (the
    PDF, and who will receive it) with "Ya, kirim" / "Batal". Nothing is sent to anyone else yet."""
    services = context.services
    cycle, item, _ = await services.workflow.require_actor(person, data.cycle_id, "coordinate")
    recipients = await services.workflow.holders("pelaksana", item.unit_id)
    if not recipients:
        raise WorkflowError("no_pelaksana_for_unit")
    await update.callback_query.answer()  # type: ignore[union-attr]
    now = services.clock.now()
    next_deadline = services.workflow.deadline(services.sop.step_of_kind("prepare_draft").no, cycle.kind, now)
    unit = await unit_name(services, item.unit_id)
    pdf = coordination_letter_pdf(
        LetterFields(
            organisation=services.sop.header.organisation,
            unit_name=unit,
            item_summary=item.summary,
            category_label=category_label(item.category, "id"),
            deadline_text=deadline_text(services, next_deadline, "id"),
            sender_name=person.full_name,
            date_text=services.calendar.format_date(services.calendar.local(now).date()),
            cycle_id=cycle.id,
        )
    )
    name = f"surat_koordinasi_{cycle.id}.pdf"
    stored = await services.files.put(pdf, name)  # the very bytes previewed are the ones sent
    people = await services.users.get_many(recipients)
    names = ", ".join(people[user_id].full_name if user_id in people else str(user_id) for user_id in recipients)
    shown = await context.bot.send_document(
        person.telegram_id, InputFile(pdf, filename=name),
        caption=shorten(t("letter_preview", person.language, summary=item.summary, unit=unit, names=names), CAPTION_MAX),
        reply_markup=confirm_keyboard(person.language, LetterConfirm(cycle.id), LetterCancel(cycle.id)),
    )
    assert context.user_data is not None
    context.user_data[_pending_key(cycle.id)] = {
        "sha256": stored.sha256, "name": name, "file_id": shown.document.file_id if shown.document else None,
        "recipients": recipients,
    }


def _pending_key(cycle_id: int) -> str:
    """The `user_data` key of the letter previewed for a cycle (until it is sent or cancelled)."""
    return flow_key(PREVIEW_FLOW, str(cycle_id))


@cycle_button(LetterConfirm)
async def send_previewed_letter(update: Update, context: PpidContext, person: Person, data: LetterConfirm) -> None:
    """"Ya, kirim" under the letter's preview: send that letter (step 2)."""
    services = context.services
    _, item, _ = await services.workflow.require_actor(person, data.cycle_id, "coordinate")
    assert context.user_data is not None
    pending = context.user_data.get(_pending_key(data.cycle_id))
    if not isinstance(pending, dict) or not isinstance(pending.get("sha256"), str):
        raise WorkflowError("letter_preview_outdated")
    recipients = pending.get("recipients")
    if not isinstance(recipients, list) or not all(isinstance(user_id, int) for user_id in recipients):
        raise WorkflowError("letter_preview_outdated")  # a preview from before recipients were kept
    if sorted(recipients) != sorted(await services.workflow.holders("pelaksana", item.unit_id)):
        # The unit's PPID Pelaksana changed since the preview (checked again as the letter is sent).
        raise WorkflowError("letter_preview_outdated")
    try:
        pdf = await services.files.read(pending["sha256"])
    except (OSError, ValueError):
        raise WorkflowError("letter_preview_outdated") from None
    query = update.callback_query
    assert query is not None
    stored = await services.files.put(pdf, pending["name"])
    context.user_data.pop(_pending_key(data.cycle_id), None)
    await query.answer()
    await remove_buttons(update)
    file_id = pending.get("file_id") if isinstance(pending.get("file_id"), str) else None
    await _send(
        update, context, data.cycle_id, Upload(stored, "pdf", None), pending["name"], data=pdf, file_id=file_id,
        recipients=recipients,
    )


@cycle_button(LetterCancel)
async def cancel_letter(update: Update, context: PpidContext, person: Person, data: LetterCancel) -> None:
    """"Batal" under the letter's preview: nothing is sent; the step's buttons are offered again."""
    await context.services.workflow.require_actor(person, data.cycle_id, "coordinate")
    assert context.user_data is not None
    context.user_data.pop(_pending_key(data.cycle_id), None)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    await context.bot.send_message(
        person.telegram_id, raw("letter_cancelled", person.language), reply_markup=letter_keyboard(data.cycle_id, person.language)
    )


@cycle_button(LetterUpload)
async def ask_for_letter(update: Update, context: PpidContext, person: Person, data: LetterUpload) -> str:
    """Button "Unggah surat sendiri": wait for the operator's letter file."""
    await context.services.workflow.require_actor(person, data.cycle_id, "coordinate")
    await update.callback_query.answer()  # type: ignore[union-attr]
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "cycle")] = data.cycle_id
    await context.bot.send_message(person.telegram_id, raw("letter_upload_prompt", person.language))
    return WAITING_LETTER


async def receive_letter(update: Update, context: PpidContext) -> str | int:
    """The letter file arrived: check it, store it, send it."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    person = person_of(context)
    cycle_id = context.user_data.get(flow_key(FLOW, "cycle"))
    if not isinstance(cycle_id, int):
        forget_flow(context, FLOW)
        return ConversationHandler.END
    received = await receive_file(message, context.services, person.language, allowed_types=LETTER_TYPES)
    if received is None:
        return WAITING_LETTER
    forget_flow(context, FLOW)
    await _send(update, context, cycle_id, received.upload, received.name)
    return ConversationHandler.END


@cycle_button(Acknowledge)
async def acknowledge(update: Update, context: PpidContext, person: Person, data: Acknowledge) -> None:
    """PPID Pelaksana: acknowledge the coordination letter."""
    services = context.services
    entry = await services.workflow.acknowledge(person, data.coordination_id)
    assert entry.acknowledged_at is not None
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    acknowledged_at = services.calendar.format_local(entry.acknowledged_at, person.language)
    await context.bot.send_message(person.telegram_id, t("acknowledged", person.language, time=acknowledged_at))


@cycle_button(CoordinationReport)
async def show_report(update: Update, context: PpidContext, person: Person, data: CoordinationReport) -> None:
    """The coordination report of a cycle (operator, admin, PPID Utama)."""
    services = context.services
    cycle = await services.workflow.cycle(data.cycle_id)
    require_report_reader(services.sop, person)  # who may read it follows the SOP file's actors
    await update.callback_query.answer()  # type: ignore[union-attr]
    entries = await services.cycles.coordination(cycle.id)
    await context.bot.send_message(person.telegram_id, await coordination_report(services, cycle, entries, person.language))


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(ask_for_letter, pattern=LetterUpload.pattern())],
            states={
                WAITING_LETTER: [
                    MessageHandler(filters.Document.ALL | filters.PHOTO, receive_letter),
                    file_expected("letter_upload_prompt"),
                ]
            },
        )
    )
    application.add_handler(CallbackQueryHandler(preview_letter, pattern=LetterGenerate.pattern()))
    application.add_handler(CallbackQueryHandler(send_previewed_letter, pattern=LetterConfirm.pattern()))
    application.add_handler(CallbackQueryHandler(cancel_letter, pattern=LetterCancel.pattern()))
    application.add_handler(CallbackQueryHandler(acknowledge, pattern=Acknowledge.pattern()))
    application.add_handler(CallbackQueryHandler(show_report, pattern=CoordinationReport.pattern()))
