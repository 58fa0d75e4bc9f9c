"""`/sertamerta`: serta merta information announced without delay, in one short form.

Title (typed), unit (a button), coordination (a letter sent, or "📞 Lewat telepon"), the 8
elements of the announcement (typed, one per message, as step 3 asks them), then the whole
announcement exactly as it will be posted: files sent now are attached (none: a text-only post),
"✏️ Ubah unsur" corrects one element, "✅ Kirim ke PPID Utama" registers it and records the SOP's
steps 1 to 3 (`bot.serta_merta.start`), and PPID Utama gets the review card with the whole
announcement. After a return, "✏️ Perbaiki pengumuman" opens the same preview with the elements of
the version before (`bot.serta_merta.resubmit`). A persistent conversation like the others.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.register import RegisterError, validate_summary
from bot.serta_merta import STARTER_ROLES, Attachment, clean_element, require_author, resubmit, start
from bot.staff import Person
from bot.task_view import ANNOUNCEMENT_SUMMARY_MAX, announcement_of
from bot.telegram_limits import telegram_length
from bot.texts import raw, t
from bot.workflow import ANNOUNCEMENT_ELEMENTS, Transition, WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.drafts import send_review_request
from handlers.register_card import rows_of, short
from handlers.role_gate import refuse, requires_role
from handlers.serta_merta_buttons import SmByPhone, SmEdit, SmElement, SmFix, SmSend, SmUnit
from handlers.step_keyboards import element_keyboard
from handlers.uploads import LETTER_TYPES, receive_file

FLOW = "serta_merta"
TITLE, UNIT, COORDINATION, ELEMENTS, PREVIEW, CORRECTING = (
    "sm_title", "sm_unit", "sm_coordination", "sm_elements", "sm_preview", "sm_correcting",
)
MAX_UNIT_BUTTONS = 98  # as the register's form offers them


def _get(context: PpidContext, name: str) -> object:
    assert context.user_data is not None
    return context.user_data.get(flow_key(FLOW, name))


def _set(context: PpidContext, **values: object) -> None:
    assert context.user_data is not None
    for name, value in values.items():
        context.user_data[flow_key(FLOW, name)] = value


def _number(context: PpidContext, name: str) -> int | None:
    value = _get(context, name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _answers(context: PpidContext) -> dict[str, str]:
    value = _get(context, "answers")
    return {str(key): str(text) for key, text in value.items()} if isinstance(value, dict) else {}


def _files(context: PpidContext) -> list[Attachment]:
    value = _get(context, "files")
    found = [Attachment.unpacked(packed) for packed in value] if isinstance(value, list) else []
    return [attachment for attachment in found if attachment is not None]


def _form(context: PpidContext, form: int) -> None:
    """Refuse a button of a form the person no longer has open."""
    if _get(context, "form") != form:
        raise WorkflowError("sm_preview_outdated")


def _new_form(context: PpidContext, **values: object) -> int:
    forget_flow(context, FLOW)
    form = int(context.services.clock.now().timestamp() * 1000) % 10**12
    _set(context, form=form, answers={}, files=[], **values)
    return form


@requires_role(*STARTER_ROLES, refusal="sm_not_allowed")
async def begin(update: Update, context: PpidContext) -> str:
    """`/sertamerta`: ask the title."""
    message = update.effective_message
    assert message is not None
    _new_form(context)
    await message.reply_text(raw("sm_intro", person_of(context).language))
    return TITLE


async def take_title(update: Update, context: PpidContext) -> str | int:
    """The title, by the register's rule for a summary; then the units to choose from."""
    message = update.effective_message
    assert message is not None and message.text is not None
    language = person_of(context).language
    try:
        summary = validate_summary(message.text)
    except RegisterError as error:
        await message.reply_text(error.text(language))
        return TITLE
    if telegram_length(summary) > ANNOUNCEMENT_SUMMARY_MAX:  # the post would cut it mid-sentence
        await message.reply_text(
            t("sm_title_too_long", language, length=telegram_length(summary), maximum=ANNOUNCEMENT_SUMMARY_MAX)
        )
        return TITLE
    units = (await context.services.units.list())[:MAX_UNIT_BUTTONS]
    if not units:
        forget_flow(context, FLOW)
        await message.reply_text(t("dip_no_units", language))
        return ConversationHandler.END
    form = _number(context, "form") or 0
    _set(context, summary=summary)
    buttons = [SmUnit(form, unit.id).button(short(unit.name, 40)) for unit in units]
    await message.reply_text(raw("sm_ask_unit", language), reply_markup=InlineKeyboardMarkup(rows_of(buttons, 2)))
    return UNIT


@cycle_button(SmUnit)
async def take_unit(update: Update, context: PpidContext, person: Person, data: SmUnit) -> str:
    """The unit; then how step 2 was done."""
    _form(context, data.form)
    unit = await context.services.units.get(data.unit_id)
    if unit is None or not unit.active:
        raise WorkflowError("sm_preview_outdated")
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    _set(context, unit_id=unit.id)
    await context.bot.send_message(person.telegram_id, t("sm_unit_chosen", person.language, unit=unit.name))
    await context.bot.send_message(
        person.telegram_id, raw("sm_ask_coordination", person.language),
        reply_markup=InlineKeyboardMarkup([[SmByPhone(data.form).button(raw("btn_sm_by_phone", person.language))]]),
    )
    return COORDINATION


async def take_letter(update: Update, context: PpidContext) -> str:
    """The coordination letter arrived (checked and stored; recorded when the form is sent)."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    received = await receive_file(message, context.services, person.language, allowed_types=LETTER_TYPES)
    if received is None:
        return COORDINATION
    _set(context, letter=Attachment(received.upload, received.name).packed())
    await message.reply_text(t("sm_letter_saved", person.language, name=received.name))
    return await _ask_first_element(context, person)


@cycle_button(SmByPhone)
async def by_phone(update: Update, context: PpidContext, person: Person, data: SmByPhone) -> str:
    """"Lewat telepon": no letter; recorded as coordination by phone, by this person, now."""
    _form(context, data.form)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    _set(context, letter=None)
    calendar = context.services.calendar
    await context.bot.send_message(
        person.telegram_id,
        t("sm_by_phone_noted", person.language, name=person.full_name,
          time=calendar.format_local(context.services.clock.now(), person.language)),
    )
    return await _ask_first_element(context, person)


async def _ask_first_element(context: PpidContext, person: Person) -> str:
    await context.bot.send_message(person.telegram_id, raw("announce_intro", person.language))
    await context.bot.send_message(person.telegram_id, raw(f"announce_q_{ANNOUNCEMENT_ELEMENTS[0]}", person.language))
    return ELEMENTS


async def take_element(update: Update, context: PpidContext) -> str:
    """One of the 8 elements (a new one, or the one being corrected); then the next, or the preview."""
    message = update.effective_message
    assert message is not None and message.text is not None
    person = person_of(context)
    try:
        text = clean_element(message.text)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return CORRECTING if _get(context, "editing") else ELEMENTS
    answers = _answers(context)
    editing = _get(context, "editing")
    key = editing if editing in ANNOUNCEMENT_ELEMENTS else next(k for k in ANNOUNCEMENT_ELEMENTS if k not in answers)
    answers[str(key)] = text
    _set(context, answers=answers, editing=None)
    pending = [k for k in ANNOUNCEMENT_ELEMENTS if k not in answers]
    if pending:
        await message.reply_text(raw(f"announce_q_{pending[0]}", person.language))
        return ELEMENTS
    return await _preview(context, person)


async def _preview(context: PpidContext, person: Person) -> str:
    """The whole announcement as it will be posted, with "Kirim ke PPID Utama" / "Ubah unsur"."""
    services, language = context.services, person.language
    form = _number(context, "form") or 0
    intro = raw("sm_preview_intro", language)
    cycle_id = _number(context, "cycle")
    if cycle_id is not None and not _files(context):
        before = await services.workflow.draft_files(cycle_id, await services.workflow.submitted_version(cycle_id))
        if before:
            intro += "\n" + t("sm_files_kept", language, count=len(before))
    await context.bot.send_message(person.telegram_id, intro)
    date_text = services.calendar.format_local(services.clock.now(), "id")
    await context.bot.send_message(
        person.telegram_id, announcement_of(str(_get(context, "summary")), _answers(context), date_text),
        reply_markup=_preview_keyboard(form, language),
    )
    return PREVIEW


def _preview_keyboard(form: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[SmSend(form).button(raw("btn_sm_send", language)), SmEdit(form).button(raw("btn_edit_element", language))]]
    )


async def take_attachment(update: Update, context: PpidContext) -> str:
    """A photo or file sent at the preview: posted with the announcement."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    files = _files(context)
    maximum = context.services.settings.max_draft_files
    if len(files) >= maximum:
        await answer_refusal(update, WorkflowError("draft_too_many_files", maximum=maximum), person.language)
        return PREVIEW
    existing = frozenset(attachment.upload.stored.sha256 for attachment in files)
    received = await receive_file(message, context.services, person.language, existing_sha256s=existing)
    if received is None:
        return PREVIEW
    files.append(Attachment(received.upload, received.name))
    _set(context, files=[attachment.packed() for attachment in files])
    await message.reply_text(
        t("sm_file_saved", person.language, name=received.name, count=len(files)),
        reply_markup=_preview_keyboard(_number(context, "form") or 0, person.language),
    )
    return PREVIEW


@cycle_button(SmEdit)
async def choose_element(update: Update, context: PpidContext, person: Person, data: SmEdit) -> str:
    """"Ubah unsur": the 8 elements, one button each."""
    _form(context, data.form)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await context.bot.send_message(
        person.telegram_id, raw("announce_choose_element", person.language),
        reply_markup=element_keyboard(lambda number: SmElement(data.form, number), person.language),
    )
    return PREVIEW


@cycle_button(SmElement)
async def ask_element(update: Update, context: PpidContext, person: Person, data: SmElement) -> str:
    """An element was chosen: what it says now; the new text is typed next."""
    _form(context, data.form)
    key = ANNOUNCEMENT_ELEMENTS[data.element - 1] if 1 <= data.element <= len(ANNOUNCEMENT_ELEMENTS) else None
    if key is None:
        raise WorkflowError("sm_preview_outdated")
    _set(context, editing=key)
    await update.callback_query.answer()  # type: ignore[union-attr]
    question = raw(f"announce_q_{key}", person.language)
    current = t("announce_current", person.language, value=_answers(context).get(key, ""))
    await context.bot.send_message(person.telegram_id, f"{question}\n{current}")
    return CORRECTING


@cycle_button(SmSend)
async def send(update: Update, context: PpidContext, person: Person, data: SmSend) -> int:
    """"Kirim ke PPID Utama": register and record steps 1 to 3 (or the fixed version after a
    return), then the review card to PPID Utama."""
    _form(context, data.form)
    services = context.services
    answers, files = _answers(context), tuple(_files(context))
    cycle_id = _number(context, "cycle")
    try:
        if cycle_id is not None:
            transition = await resubmit(services, person, cycle_id, answers, files)
        else:
            letter = Attachment.unpacked(_get(context, "letter"))
            transition = await start(
                services, person, summary=str(_get(context, "summary")), unit_id=_number(context, "unit_id") or 0,
                elements=answers, letter=letter, files=files,
            )
    except RegisterError as error:  # the unit was deactivated meanwhile: start again
        await refuse(update, error.text(person.language))
        forget_flow(context, FLOW)
        return ConversationHandler.END
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    forget_flow(context, FLOW)
    await _tell_sent(context, person, transition, resent=cycle_id is not None)
    await send_review_request(context, services, transition)
    return ConversationHandler.END


async def _tell_sent(context: PpidContext, person: Person, transition: Transition, *, resent: bool) -> None:
    version, count, language = transition.detail["version"], len(transition.detail["files"]), person.language
    files = t("sm_files", language, count=count) if count else raw("sm_text_only", language)
    key = "sm_resent" if resent else "sm_sent"
    await context.bot.send_message(
        person.telegram_id, t(key, language, summary=transition.item.summary, version=version, files=files)
    )


@cycle_button(SmFix)
async def fix(update: Update, context: PpidContext, person: Person, data: SmFix) -> str:
    """"Perbaiki pengumuman" after a return: the preview with the elements of the version before."""
    services = context.services
    _, item = await require_author(services, person, data.cycle_id)
    previous = await services.workflow.announcement(data.cycle_id) or {}
    await update.callback_query.answer()  # type: ignore[union-attr]
    _new_form(context, cycle=data.cycle_id, summary=item.summary)
    _set(context, answers={key: previous[key] for key in ANNOUNCEMENT_ELEMENTS if previous.get(key)})
    if any(key not in previous for key in ANNOUNCEMENT_ELEMENTS):
        return await _ask_first_element(context, person)
    await context.bot.send_message(person.telegram_id, raw("announce_previous", person.language))
    return await _preview(context, person)


def register(application: Application) -> None:
    typed = filters.TEXT & ~filters.COMMAND
    files = filters.Document.ALL | filters.PHOTO
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[
                CommandHandler("sertamerta", begin),
                CallbackQueryHandler(fix, pattern=SmFix.pattern()),
            ],
            states={
                TITLE: [MessageHandler(typed, take_title)],
                UNIT: [CallbackQueryHandler(take_unit, pattern=SmUnit.pattern())],
                COORDINATION: [
                    MessageHandler(files, take_letter),
                    CallbackQueryHandler(by_phone, pattern=SmByPhone.pattern()),
                ],
                ELEMENTS: [MessageHandler(typed, take_element)],
                PREVIEW: [
                    MessageHandler(files, take_attachment),
                    CallbackQueryHandler(send, pattern=SmSend.pattern()),
                    CallbackQueryHandler(choose_element, pattern=SmEdit.pattern()),
                    CallbackQueryHandler(ask_element, pattern=SmElement.pattern()),
                ],
                CORRECTING: [MessageHandler(typed, take_element)],
            },
        )
    )
