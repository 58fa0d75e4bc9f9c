"""A file sent without pressing "Unggah draf" first: taken into the draft it can only be meant for.

Staff send a draft's file straight into the chat, as they would to a colleague. When the person
holds exactly one open step 3 (the SOP's `prepare_draft` step), the file goes into that draft
through the one upload path (`handlers.drafts.add_to_draft`); when they hold several, they are
asked which draft it belongs to, one button per draft (the file waits in `user_data` until they
choose); when they hold none, they are told plainly that nothing was kept and why: an admin handed
the draft to a colleague (to whom: `bot.cycle_admin.handed_away_from`), their returned /sertamerta
is corrected through "✏️ Perbaiki pengumuman" (the button given again), or where files go.
A file sent inside a flow that awaits one never reaches this module: that flow takes it first.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.cycle_admin import handed_away_from
from bot.serta_merta import returned_to
from bot.staff import Person
from bot.task_view import shorten
from bot.texts import raw, t
from bot.workflow import Task, WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup
from handlers.cycle_buttons import cycle_button, remove_buttons
from handlers.drafts import add_to_draft
from handlers.serta_merta_buttons import SmFix
from handlers.uploads import Incoming

WAITING_FILE = "stray:file"  # the user_data key of the file waiting for its draft
CHOICE_SUMMARY = 40


@dataclass(frozen=True)
class DraftFor(CallbackData, prefix="dr:for"):
    """The draft a file sent without "Unggah draf" belongs to (when the person holds several)."""

    cycle_id: int


async def open_drafts(context: PpidContext, person: Person) -> list[Task]:
    """The open step 3 tasks the person holds now, soonest deadline first."""
    return [
        task for task in await context.services.workflow.tasks_for(person)
        if task.step.kind == "prepare_draft" and task.coordination is None and not task.fix
    ]


async def _not_kept(context: PpidContext, person: Person) -> tuple[str, InlineKeyboardMarkup | None]:
    """Why a file was not kept, in the person's own terms: the draft it was meant for was handed to
    a colleague (to whom), their returned /sertamerta is corrected through its own button (given
    again), or there is no draft of theirs at all."""
    services, language = context.services, person.language
    handed = await handed_away_from(services, person, "prepare_draft")
    if handed:
        away = handed[0]
        summary = shorten(away.item.summary, CHOICE_SUMMARY)
        return t("stray_file_handed_away", language, step=away.step.no, summary=summary, name=away.to), None
    returned = await returned_to(services, person)
    if returned:
        cycle, item = returned[0]
        keyboard = InlineKeyboardMarkup([[SmFix(cycle.id).button(raw("btn_sm_fix", language))]])
        return t("stray_file_sm_fix", language, summary=shorten(item.summary, CHOICE_SUMMARY)), keyboard
    return t("file_without_task", language), None


async def stray_file(update: Update, context: PpidContext) -> None:
    """A document or photo that no flow was waiting for."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    person = person_of(context)
    incoming = Incoming.of(message)
    if incoming is None:
        return
    drafts = await open_drafts(context, person)
    if not drafts:
        text, keyboard = await _not_kept(context, person)
        await message.reply_text(text, reply_markup=keyboard)
        return
    if len(drafts) == 1:
        task = drafts[0]
        await message.reply_text(t("stray_file_taken", person.language, summary=task.item.summary))
        try:
            await add_to_draft(context, person, task.cycle.id, incoming, message.reply_text)
        except WorkflowError as error:  # the step moved on between the two reads
            await message.reply_text(t(error.key, person.language, **error.values))
        return
    earlier, _ = _waiting(context.user_data.get(WAITING_FILE))
    if earlier is not None:  # its question's buttons now answer nothing: say so, it is not kept
        await message.reply_text(t("stray_file_replaced", person.language, name=earlier.name))
    rows = [[DraftFor(task.cycle.id).button(shorten(task.item.summary, CHOICE_SUMMARY))] for task in drafts]
    question = await message.reply_text(
        t("stray_file_which", person.language, name=incoming.name), reply_markup=InlineKeyboardMarkup(rows)
    )
    context.user_data[WAITING_FILE] = {"file": incoming.as_dict(), "question": question.message_id}


def _waiting(value: object) -> tuple[Incoming | None, int | None]:
    """The file waiting for its draft and the message that asks which (None: any, as an older
    version kept the file alone)."""
    if isinstance(value, dict) and "file" in value:
        question = value.get("question")
        return Incoming.from_dict(value["file"]), question if isinstance(question, int) else None
    return Incoming.from_dict(value), None


@cycle_button(DraftFor)
async def draft_chosen(update: Update, context: PpidContext, person: Person, data: DraftFor) -> None:
    """The person said which draft the waiting file belongs to."""
    assert context.user_data is not None and update.callback_query is not None
    incoming, question = _waiting(context.user_data.get(WAITING_FILE))
    pressed_on = update.callback_query.message.message_id if update.callback_query.message else None
    if incoming is None or (question is not None and pressed_on != question):
        # No file waits, or the question was about an earlier file another one has replaced: the
        # press must not put the newer file into the draft chosen for the earlier one.
        await popup(update.callback_query, raw("stray_file_gone", person.language), alert=True)
        await remove_buttons(update)
        return
    await context.services.workflow.require_actor(person, data.cycle_id, "prepare_draft")
    await update.callback_query.answer()
    await remove_buttons(update)
    del context.user_data[WAITING_FILE]

    async def say(text: str) -> object:
        return await context.bot.send_message(person.telegram_id, text)

    await add_to_draft(context, person, data.cycle_id, incoming, say)


def register(application: Application) -> None:
    # After every flow: a flow waiting for a file (a draft, a letter) takes it first.
    application.add_handler(MessageHandler(filters.Document.ALL | filters.PHOTO, stray_file))
    application.add_handler(CallbackQueryHandler(draft_chosen, pattern=DraftFor.pattern()))
