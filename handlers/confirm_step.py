"""An office's own step (kind `confirm`): its actor, from the SOP file, says it is done.

The step card carries "Selesai" (done, at once) and "Selesai, dengan catatan" (a note is typed
next, then the step is done with it). Both go through `Workflow.confirm_step`, which checks the
step's actor and that the cycle is still at that step inside its transaction; then the next
step's holders get their card.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.staff import Person
from bot.texts import t
from bot.workflow import Transition, WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.notify import notify_new_task
from handlers.step_keyboards import StepDone, StepDoneWithNote

FLOW = "confirm_step"
TYPING_NOTE = "typing_note"


async def _done(context: PpidContext, person: Person, step_no: int, transition: Transition) -> None:
    """After the commit: tell the person, then the holders of the next step."""
    await context.bot.send_message(
        person.telegram_id, t("step_done", person.language, step=step_no, summary=transition.item.summary)
    )
    await notify_new_task(context, context.services, transition)


@cycle_button(StepDone)
async def done(update: Update, context: PpidContext, person: Person, data: StepDone) -> None:
    """ "Selesai": the confirm step is done, without a note."""
    cycle_id, step_no = data.cycle_id, data.step_no
    transition = await context.services.workflow.confirm_step(person, cycle_id, step_no)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    await _done(context, person, step_no, transition)


@cycle_button(StepDoneWithNote)
async def ask_note(update: Update, context: PpidContext, person: Person, data: StepDoneWithNote) -> str:
    """ "Selesai, dengan catatan": ask for the note (the step is still the person's, checked now)."""
    cycle_id, step_no = data.cycle_id, data.step_no
    _, item, _ = await context.services.workflow.require_actor(person, cycle_id, "confirm", step_no)
    await update.callback_query.answer()  # type: ignore[union-attr]
    forget_flow(context, FLOW)
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "step")] = [cycle_id, step_no]
    await context.bot.send_message(
        person.telegram_id, t("step_done_note_prompt", person.language, step=step_no, summary=item.summary)
    )
    return TYPING_NOTE


async def done_with_note(update: Update, context: PpidContext) -> str | int:
    """The note was typed: the step is done with it."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = person_of(context)
    remembered = context.user_data.get(flow_key(FLOW, "step"))
    if not (isinstance(remembered, list) and len(remembered) == 2):
        return ConversationHandler.END
    cycle_id, step_no = remembered
    try:
        transition = await context.services.workflow.confirm_step(person, cycle_id, step_no, message.text)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return TYPING_NOTE if error.key == "reason_too_long" else ConversationHandler.END
    forget_flow(context, FLOW)
    await _done(context, person, step_no, transition)
    return ConversationHandler.END


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(done, pattern=StepDone.pattern()))
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(ask_note, pattern=StepDoneWithNote.pattern())],
            states={TYPING_NOTE: [MessageHandler(filters.TEXT & ~filters.COMMAND, done_with_note)]},
        )
    )
