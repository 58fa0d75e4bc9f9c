"""The exemption decision in chat: after an item is classified dikecualikan (register or review), the
person who classified it and the PPID Utama get the decision document (DOCX, and PDF where
LibreOffice works) with the button "📤 Unggah hasil pindaian bertanda tangan"; the scan of the
signed decision comes back through the upload path (`handlers/uploads.py`) and is kept with the
item (`bot/exemption_decision.py`). Admin PPID and PPID Utama only."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.exemption_decision import ROLES, SIGNED_TYPES, Decision, decision_document, record_signed
from bot.filetypes import DOCX, PDF, FileType
from bot.pdf_conversion import INSTALL_HINT
from bot.staff import Person
from bot.texts import raw, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import cycle_button
from handlers.notify import languages_for
from handlers.role_gate import requires_role
from handlers.uploads import file_expected, receive_file
from storage.items import InfoItem

FLOW = "exemption_scan"
WAITING_SCAN = "waiting_scan"

gate = requires_role(*ROLES, refusal="exd_err_role")


@dataclass(frozen=True)
class DecisionGet(CallbackData, prefix="exd:get"):
    """Send the item's decision document (the same one each time)."""

    item_id: int


@dataclass(frozen=True)
class SignedUpload(CallbackData, prefix="exd:up"):
    """Wait for the scan of the item's signed decision, the one numbered `number_id` (a button
    sent before the item was re-tested is refused; a button without it, sent before it was
    carried, stands for the current decision)."""

    item_id: int
    number_id: int | None = None


def decision_keyboard(item_id: int, number_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [SignedUpload(item_id, number_id).button(raw("exd_btn_upload", language))],
        [DecisionGet(item_id).button(raw("exd_btn_get", language))],
    ])


def _input_file(data: bytes, name: str, file_type: FileType) -> InputFile:
    upload = InputFile(data, filename=name)
    upload.mimetype = file_type.mime_type
    return upload


async def _send_decision(context: PpidContext, chat_id: int, language: str, item: InfoItem, decision: Decision) -> None:
    services = context.services
    document = decision.document
    assert document.sha256 is not None and item.exemption is not None
    caption = t("exd_sent", language, number=decision.number.text, summary=item.summary, decider=item.exemption.decider_name)
    keyboard = decision_keyboard(item.id, decision.number.id, language)
    docx = _input_file(await services.files.read(document.sha256), decision.docx_name, DOCX)
    if document.pdf_sha256 is None or decision.pdf_name is None:
        if decision.no_pdf == "no_libreoffice":
            await context.bot.send_message(chat_id, t("exd_no_pdf", language, package=INSTALL_HINT))
        await context.bot.send_document(chat_id, docx, caption=caption, reply_markup=keyboard)
        return
    await context.bot.send_document(chat_id, docx)
    pdf = _input_file(await services.files.read(document.pdf_sha256), decision.pdf_name, PDF)
    await context.bot.send_document(chat_id, pdf, caption=caption, reply_markup=keyboard)


async def offer_decision(context: PpidContext, person: Person, item: InfoItem) -> None:
    """After a classification as dikecualikan was committed: the decision to `person` and to the
    PPID Utama. A refusal (the template broken) is told to `person`; nothing is undone."""
    if item.category != "dikecualikan" or item.exemption is None:
        return
    services = context.services
    try:
        decision = await decision_document(services, person, item.id)
    except WorkflowError as error:
        await context.bot.send_message(person.telegram_id, t(error.key, person.language, **error.values))
        return
    receivers = [person.telegram_id, *(uid for uid in await services.workflow.holders("utama") if uid != person.telegram_id)]
    for user_id, language in (await languages_for(services, receivers)).items():
        try:
            await _send_decision(context, user_id, language, item, decision)
        except TelegramError:
            if user_id == person.telegram_id:
                raise


async def _decision(update: Update, context: PpidContext, person: Person, item_id: int) -> Decision | None:
    """The item's decision for a pressed button; None when the template cannot be used, which is
    told in a message (its line names the file and the field: longer than a pop-up holds)."""
    try:
        return await decision_document(context.services, person, item_id)
    except WorkflowError as error:
        if error.key != "exd_template_broken":
            raise
        assert update.callback_query is not None
        await update.callback_query.answer()
        await context.bot.send_message(person.telegram_id, t(error.key, person.language, **error.values))
        return None


@cycle_button(DecisionGet)
@gate
async def get_decision(update: Update, context: PpidContext, person: Person, data: DecisionGet) -> None:
    """"📜 Dokumen keputusan": the item's decision again (same number, same files)."""
    services = context.services
    decision = await _decision(update, context, person, data.item_id)
    if decision is None:
        return
    item = await services.items.get(data.item_id)
    assert item is not None and update.callback_query is not None
    await update.callback_query.answer()
    await _send_decision(context, person.telegram_id, person.language, item, decision)


@cycle_button(SignedUpload)
@gate
async def ask_for_scan(update: Update, context: PpidContext, person: Person, data: SignedUpload) -> str | None:
    """"📤 Unggah hasil pindaian bertanda tangan": wait for the scan (the decision must exist)."""
    decision = await _decision(update, context, person, data.item_id)  # refuses a stranger's or a non-exempt item's
    if decision is None:
        return None
    if data.number_id is not None and decision.number.id != data.number_id:
        raise WorkflowError("exd_err_replaced")
    assert update.callback_query is not None and context.user_data is not None
    await update.callback_query.answer()
    forget_flow(context, FLOW)
    context.user_data[flow_key(FLOW, "item")] = data.item_id
    context.user_data[flow_key(FLOW, "number")] = decision.number.id
    await context.bot.send_message(person.telegram_id, raw("exd_upload_prompt", person.language))
    return WAITING_SCAN


async def receive_scan(update: Update, context: PpidContext) -> str | int:
    """The scan arrived: judge it as any upload, keep it with the item."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    person = person_of(context)
    item_id = context.user_data.get(flow_key(FLOW, "item"))
    number_id = context.user_data.get(flow_key(FLOW, "number"))
    if not isinstance(item_id, int):
        forget_flow(context, FLOW)
        return ConversationHandler.END
    received = await receive_file(
        message, context.services, person.language, allowed_types=SIGNED_TYPES, type_refusal="exd_upload_type"
    )
    if received is None:
        return WAITING_SCAN
    try:
        signed = await record_signed(
            context.services, person, item_id, received.upload, number_id if isinstance(number_id, int) else None
        )
    except WorkflowError as error:
        forget_flow(context, FLOW)
        await message.reply_text(t(error.key, person.language, **error.values))
        return ConversationHandler.END
    forget_flow(context, FLOW)
    item = await context.services.items.get(item_id)
    number = await context.services.letter_numbers.get(signed.number_id)
    assert item is not None and number is not None
    await message.reply_text(
        t("exd_signed_saved", person.language, number=number.text, summary=item.summary, version=signed.version)
    )
    return ConversationHandler.END


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(ask_for_scan, pattern=SignedUpload.pattern())],
            states={
                WAITING_SCAN: [
                    MessageHandler(filters.Document.ALL | filters.PHOTO, receive_scan),
                    file_expected("exd_upload_prompt"),
                ]
            },
        )
    )
    application.add_handler(CallbackQueryHandler(get_decision, pattern=DecisionGet.pattern()))
