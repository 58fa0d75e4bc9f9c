"""Step 2: the operator sends the coordination letter (generated or uploaded) to the unit's PPID
Pelaksana, who acknowledge it with a button; the coordination report shows who was asked and when.

A letter generated from the office's template (`bot/letters.py`) is first shown to the operator:
the very files that will go out (the DOCX, and its PDF where LibreOffice made one), its number, and
the names of the PPID Pelaksana who will receive it, with "Ya, kirim" / "Batal"; only "Ya, kirim"
sends it. Without LibreOffice the letter goes as DOCX only, and the operator is told once how to
get PDFs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from telegram import InputFile, Message, Update
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
from bot.filetypes import DOCX, PDF, FileType
from bot.letters import PreparedLetter, prepare_coordination_letter
from bot.pdf_conversion import INSTALL_HINT
from bot.services import Services
from bot.staff import Person
from bot.task_view import coordination_report, shorten, unit_name
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
NO_PDF_TOLD = "letter_no_pdf_told"  # user_data: this operator was told how to get PDF letters
WAITING_LETTER = "waiting_letter"


async def _deliver_letter(
    context: PpidContext, services: Services, transition: Transition, sender: str, data: bytes | None,
    file_id: str | None = None, companion_data: list[bytes] | None = None, companion_ids: list[str | None] | None = None,
) -> list[str]:
    """Send the letter (`data`: its bytes, when at hand) to everyone asked, with the acknowledge
    button, its companion files (the DOCX beside the PDF: `companion_data`) just before it; their
    names. `file_id`, `companion_ids`: the ids Telegram gave the very same files sent as the preview."""
    # Without `file_id` the first recipient gets the bytes (an uploaded letter's own file id may be
    # a photo's, which Telegram refuses as a document); everyone after gets the file id of that send.
    document = replace(transition.detail["document"], telegram_file_id=file_id)
    known_ids, held_bytes = list(companion_ids or []), list(companion_data or [])
    companions = [
        replace(companion, telegram_file_id=known_ids[index] if index < len(known_ids) else None)
        for index, companion in enumerate(transition.detail.get("companions", []))
    ]
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
            for index, companion in enumerate(companions):
                sent = await send_stored_document(
                    context, services, entry.asked_user_id, companion,
                    data=held_bytes[index] if index < len(held_bytes) else None,
                )
                if sent.document is not None and companion.telegram_file_id is None:
                    companions[index] = replace(companion, telegram_file_id=sent.document.file_id)
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
    file_id: str | None = None, recipients: list[int] | None = None, companions: Sequence[tuple[Upload, str, bytes]] = (),
    companion_ids: list[str | None] | None = None, letter_number: tuple[int, str] | None = None,
) -> None:
    """Record the letter with the workflow, deliver it, confirm to the operator, notify step 3
    (`recipients`: the people its preview named, the only ones it may go to; `letter_number`: the
    id and text of the number a generated letter carries)."""
    person = person_of(context)
    services = context.services
    try:
        transition = await services.workflow.send_coordination(
            person, cycle_id, upload, name, recipients=recipients,
            companions=[(companion, companion_name) for companion, companion_name, _ in companions],
            letter_number_id=None if letter_number is None else letter_number[0],
        )
    except WorkflowError as error:
        if update.callback_query is not None:  # answered already (the preview's "Ya, kirim")
            await context.bot.send_message(person.telegram_id, t(error.key, person.language, **error.values))
        else:
            await answer_refusal(update, error, person.language)
        return
    names = await _deliver_letter(
        context, services, transition, person.full_name, data, file_id,
        companion_data=[companion_bytes for _, _, companion_bytes in companions], companion_ids=companion_ids,
    )
    sent = t("letter_sent", person.language, names=", ".join(names))
    if letter_number is not None:
        sent += "\n" + t("letter_sent_number", person.language, number=letter_number[1])
    await context.bot.send_message(
        person.telegram_id, sent, reply_markup=coordination_report_keyboard(cycle_id, person.language),
    )
    await notify_new_task(context, services, transition)


@cycle_button(LetterGenerate)
async def preview_letter(update: Update, context: PpidContext, person: Person, data: LetterGenerate) -> None:
    """Button "Buat surat dari templat": make the letter from the office's template and show it to
    the operator first (the DOCX, and its PDF where LibreOffice made one: exactly the files that will
    be sent; its number; who will receive it) with "Ya, kirim" / "Batal". Nothing goes to anyone else yet."""
    services = context.services
    _, item, _ = await services.workflow.require_actor(person, data.cycle_id, "coordinate")
    recipients = await services.workflow.holders("pelaksana", item.unit_id)
    if not recipients:
        raise WorkflowError("no_pelaksana_for_unit")
    await update.callback_query.answer()  # type: ignore[union-attr]
    people = await services.users.get_many(recipients)
    recipient_names = [people[user_id].full_name if user_id in people else str(user_id) for user_id in recipients]
    try:
        letter = await prepare_coordination_letter(services, person, data.cycle_id, recipient_names)
    except WorkflowError as error:  # the press is answered already; a template's problem is long
        await context.bot.send_message(person.telegram_id, t(error.key, person.language, **error.values))
        return
    assert context.user_data is not None
    if letter.no_pdf == "no_libreoffice" and not context.user_data.get(NO_PDF_TOLD):
        await context.bot.send_message(person.telegram_id, t("letter_no_pdf_install", person.language, package=INSTALL_HINT))
        context.user_data[NO_PDF_TOLD] = True
    elif letter.no_pdf == "failed":
        await context.bot.send_message(person.telegram_id, raw("letter_pdf_failed", person.language))
    unit = await unit_name(services, item.unit_id)
    caption = shorten(
        t(
            "letter_preview" if letter.pdf is not None else "letter_preview_docx_only", person.language,
            summary=item.summary, unit=unit, names=", ".join(recipient_names), number=letter.number.text,
        ),
        CAPTION_MAX,
    )
    keyboard = confirm_keyboard(person.language, LetterConfirm(data.cycle_id), LetterCancel(data.cycle_id))
    docx_bytes = await services.files.read(letter.docx.sha256)
    if letter.pdf is None:
        shown_docx = await context.bot.send_document(
            person.telegram_id, _input_file(docx_bytes, letter.docx_name, DOCX), caption=caption, reply_markup=keyboard,
        )
        shown_pdf = None
    else:
        assert letter.pdf_name is not None
        shown_docx = await context.bot.send_document(person.telegram_id, _input_file(docx_bytes, letter.docx_name, DOCX))
        shown_pdf = await context.bot.send_document(
            person.telegram_id, _input_file(await services.files.read(letter.pdf.sha256), letter.pdf_name, PDF),
            caption=caption, reply_markup=keyboard,
        )
    context.user_data[_pending_key(data.cycle_id)] = _pending(letter, recipients, shown_docx, shown_pdf)


def _input_file(data: bytes, name: str, file_type: FileType) -> InputFile:
    upload = InputFile(data, filename=name)
    upload.mimetype = file_type.mime_type
    return upload


def _pending(letter: PreparedLetter, recipients: list[int], shown_docx: Message, shown_pdf: Message | None) -> dict[str, object]:
    """What "Ya, kirim" sends (in `user_data`, JSON): the stored files previewed, the file ids
    Telegram gave them, the recipients named and the number printed."""
    files = [{"sha256": letter.docx.sha256, "name": letter.docx_name, "type": "docx", "file_id": _file_id(shown_docx)}]
    if letter.pdf is not None and shown_pdf is not None:
        files.insert(0, {"sha256": letter.pdf.sha256, "name": letter.pdf_name, "type": "pdf", "file_id": _file_id(shown_pdf)})
    return {"files": files, "recipients": recipients, "number_id": letter.number.id, "number": letter.number.text}


def _file_id(message: Message) -> str | None:
    return message.document.file_id if message.document else None


def _pending_key(cycle_id: int) -> str:
    """The `user_data` key of the letter previewed for a cycle (until it is sent or cancelled)."""
    return flow_key(PREVIEW_FLOW, str(cycle_id))


def _pending_files(pending: object) -> tuple[list[dict[str, str | None]], list[int], int, str]:
    """The previewed letter kept in `user_data`, checked; WorkflowError when it is not one this
    version of the bot wrote (a preview from before an upgrade, or damaged)."""
    if not isinstance(pending, dict):
        raise WorkflowError("letter_preview_outdated")
    files, recipients = pending.get("files"), pending.get("recipients")
    number_id, number = pending.get("number_id"), pending.get("number")
    if (
        not isinstance(files, list) or not files
        or not all(
            isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and isinstance(entry.get("name"), str)
            and entry.get("type") in ("pdf", "docx") for entry in files
        )
        or not isinstance(recipients, list) or not all(isinstance(user_id, int) for user_id in recipients)
        or not isinstance(number_id, int) or not isinstance(number, str)
    ):
        raise WorkflowError("letter_preview_outdated")
    return files, recipients, number_id, number


@cycle_button(LetterConfirm)
async def send_previewed_letter(update: Update, context: PpidContext, person: Person, data: LetterConfirm) -> None:
    """"Ya, kirim" under the letter's preview: send that letter, its files as they were shown (step 2)."""
    services = context.services
    _, item, _ = await services.workflow.require_actor(person, data.cycle_id, "coordinate")
    assert context.user_data is not None
    files, recipients, number_id, number = _pending_files(context.user_data.get(_pending_key(data.cycle_id)))
    if sorted(recipients) != sorted(await services.workflow.holders("pelaksana", item.unit_id)):
        # The unit's PPID Pelaksana changed since the preview (checked again as the letter is sent).
        raise WorkflowError("letter_preview_outdated")
    uploads: list[tuple[Upload, str, bytes, str | None]] = []
    for entry in files:
        try:
            content = await services.files.read(str(entry["sha256"]))
        except (OSError, ValueError):
            raise WorkflowError("letter_preview_outdated") from None
        stored = await services.files.put(content, str(entry["name"]))
        file_id = entry.get("file_id")
        uploads.append((Upload(stored, str(entry["type"]), None), str(entry["name"]), content, file_id if isinstance(file_id, str) else None))
    query = update.callback_query
    assert query is not None
    context.user_data.pop(_pending_key(data.cycle_id), None)
    await query.answer()
    await remove_buttons(update)
    (main, main_name, main_bytes, main_id), *rest = uploads
    await _send(
        update, context, data.cycle_id, main, main_name, data=main_bytes, file_id=main_id, recipients=recipients,
        companions=[(upload, name, content) for upload, name, content, _ in rest],
        companion_ids=[file_id for *_, file_id in rest], letter_number=(number_id, number),
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
