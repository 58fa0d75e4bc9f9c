"""Step 6: the unit's PPID Pelaksana attaches the File Informasi Data (XLSX or CSV) of a berkala item.

When PPID Utama approves a berkala draft, the unit's PPID Pelaksana are offered
"📊 Lampirkan File Informasi Data" (`offer_data_file`); the button asks for one file, judged by
its content (`handlers.uploads`: a wrong type is refused saying what it is), and records it
(`bot.data_file.attach`). It works until the item is published; a second file replaces the first.
Step 7 posts it with the document (`handlers.publication`).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler, filters

from bot import data_file
from bot.application import PpidContext
from bot.filetypes import FILE_TYPES_BY_KEY
from bot.services import Services
from bot.staff import Person
from bot.texts import raw, t
from bot.workflow import Transition, WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button
from handlers.notify import languages_for, send_to
from handlers.uploads import file_expected, receive_file

FLOW = "data_file"
WAITING = "waiting_for_data_file"


@dataclass(frozen=True)
class DataFileAttach(CallbackData, prefix="df:up"):
    """Step 6: "Lampirkan File Informasi Data", the file follows."""

    cycle_id: int


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def data_file_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[DataFileAttach(cycle_id).button(raw("btn_data_file_attach", language))]])


async def offer_data_file(context: ContextTypes.DEFAULT_TYPE, services: Services, transition: Transition) -> None:
    """After a berkala draft is approved: offer the unit's PPID Pelaksana to attach the data file."""
    recipients = await data_file.offer_to(services, transition.cycle, transition.item)
    step = data_file.refresh_step(services)
    if not recipients or step is None:
        return
    for user_id, language in (await languages_for(services, recipients)).items():
        await send_to(
            context, user_id, t("data_file_offer", language, summary=transition.item.summary, step=step.no),
            reply_markup=data_file_keyboard(transition.cycle.id, language),
        )


@cycle_button(DataFileAttach)
async def start(update: Update, context: PpidContext, person: Person, data: DataFileAttach) -> str:
    """The button: wait for the data file of this cycle."""
    await data_file.require_attacher(context.services, person, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    forget_flow(context, FLOW)
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "cycle")] = data.cycle_id
    await context.bot.send_message(person.telegram_id, raw("data_file_prompt", person.language))
    return WAITING


def _awaited_cycle(context: PpidContext) -> int | None:
    """The cycle whose data file this person's chat is waiting for (None: the flow lost it)."""
    cycle_id = (context.user_data or {}).get(flow_key(FLOW, "cycle"))
    return cycle_id if isinstance(cycle_id, int) else None


async def receive(update: Update, context: PpidContext) -> str | int:
    """The data file arrived: check its content and type, store and record it."""
    message, person, services = update.effective_message, person_of(context), context.services
    cycle_id = _awaited_cycle(context)
    if message is None or cycle_id is None:
        return ConversationHandler.END
    try:
        await data_file.require_attacher(services, person, cycle_id)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        forget_flow(context, FLOW)
        return ConversationHandler.END
    received = await receive_file(
        message, services, person.language, allowed_types=data_file.DATA_FILE_TYPES, type_refusal="data_file_refused_type"
    )
    if received is None:
        return WAITING
    try:
        document = await data_file.attach(services, person, cycle_id, received.upload, received.name)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        forget_flow(context, FLOW)
        return ConversationHandler.END
    _, item = await services.workflow.cycle_with_item(cycle_id)
    forget_flow(context, FLOW)
    await message.reply_text(
        t(
            "data_file_saved", person.language, name=document.original_name,
            kind=FILE_TYPES_BY_KEY[received.upload.detected_type].display(person.language),
            size=_size_text(document.size), summary=item.summary, step=services.sop.step_of_kind("publish").no,
        )
    )
    return ConversationHandler.END


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(start, pattern=DataFileAttach.pattern())],
            states={
                WAITING: [
                    MessageHandler(filters.Document.ALL | filters.PHOTO, receive),
                    file_expected("data_file_prompt"),
                ],
            },
        )
    )
