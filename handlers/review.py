"""Step 4: PPID Utama verifies the draft with inline buttons: approve, return with a reason (typed
next, required), or change the category (dikecualikan needs its consequence test, asked next part
by part by `handlers.exemption_questions`).

These are top-level callbacks on ids stored in the database, not a conversation keyed on the
submitter: any PPID Utama may decide, exactly one decision counts, and the others are told who
decided. Only the typed reason and the consequence test are short conversations of the verifier.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.register import category_label
from bot.staff import Person
from bot.texts import raw, role_name, t
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.cycle_buttons import answer_refusal, cycle_button, remove_buttons
from handlers.data_file import offer_data_file
from handlers.exemption_decision import offer_decision
from handlers.exemption_questions import ExemptionQuestions
from handlers.notify import languages_for, notify_new_task, send_to
from handlers.serta_merta_notices import offer_publication, tell_author_of_return
from handlers.step_keyboards import (
    REVIEW_CATEGORIES,
    Approve,
    CategoryChoice,
    Recategorise,
    Return,
    draft_keyboard,
    review_keyboard,
)
from storage.items import InfoItem

Result = TypeVar("Result")

FLOW = "review"
TYPING_REASON = "typing_reason"


def _pressed_card(update: Update) -> tuple[int, int] | None:
    query = update.callback_query
    message = query.message if query is not None else None
    return None if message is None else (message.chat.id, message.message_id)


async def remove_review_buttons(
    context: PpidContext, cards: Iterable[tuple[int, int]], *, except_card: tuple[int, int] | None = None
) -> None:
    """Take the decision buttons off the review cards (chat id, message id) of a decided draft, as
    every PPID Utama got them: left there, they would only refuse."""
    for chat_id, message_id in cards:
        if (chat_id, message_id) == except_card:
            continue
        try:
            await context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError:
            continue


@cycle_button(Approve)
async def approve(update: Update, context: PpidContext, person: Person, data: Approve) -> None:
    """Button "Setujui"."""
    services = context.services
    transition = await services.workflow.approve(person, data.cycle_id, data.version)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    await remove_review_buttons(context, transition.detail["cards"], except_card=_pressed_card(update))
    key = "approved_exempt" if transition.detail.get("exempt") else "approved"
    told = role_name(services.sop.actor_of(transition.cycle.current_step), person.language) if transition.cycle.is_open else ""
    await context.bot.send_message(person.telegram_id, t(key, person.language, version=data.version, actor=told))
    if not await offer_publication(context, services, transition):  # a /sertamerta cycle: the post at once
        await notify_new_task(context, services, transition)
    await offer_data_file(context, services, transition)  # step 6, to the unit's PPID Pelaksana


@cycle_button(Return)
async def ask_reason(update: Update, context: PpidContext, person: Person, data: Return) -> str:
    """Button "Kembalikan": ask for the (required) reason."""
    await context.services.workflow.require_reviewable(person, data.cycle_id, data.version)
    await update.callback_query.answer()  # type: ignore[union-attr]
    forget_flow(context, FLOW)
    assert context.user_data is not None
    context.user_data[flow_key(FLOW, "draft")] = [data.cycle_id, data.version]
    card = _pressed_card(update)
    if card is not None:  # its buttons go once the draft is returned
        context.user_data[flow_key(FLOW, "card")] = list(card)
    await context.bot.send_message(person.telegram_id, raw("return_reason_prompt", person.language))
    return TYPING_REASON


def _typed_for_draft(context: PpidContext) -> list[int] | None:
    """The (cycle, version) the typed text is about, as the review flow kept it; None when lost."""
    assert context.user_data is not None
    draft = context.user_data.get(flow_key(FLOW, "draft"))
    return draft if isinstance(draft, list) and len(draft) == 2 else None


@dataclass(frozen=True)
class _Decided(Generic[Result]):
    """Typed text the workflow accepted: for which draft, and what the workflow returned."""

    message: Message
    person: Person
    cycle_id: int
    version: int
    result: Result


async def _decide_typed(
    update: Update,
    context: PpidContext,
    state: str,
    retry: tuple[str, ...],
    decide: Callable[[Person, int, int, str], Awaitable[Result]],
) -> _Decided[Result] | str | int:
    """Give the text typed for the kept draft to `decide(person, cycle id, version, text)`; a
    refusal is said, and the same question (`state`) asked again when retyping can help (`retry`).
    The state to return, or what was decided."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    person = person_of(context)
    draft = _typed_for_draft(context)
    if draft is None:
        return ConversationHandler.END
    try:
        result = await decide(person, draft[0], draft[1], message.text)
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return state if error.key in retry else ConversationHandler.END
    return _Decided(message, person, draft[0], draft[1], result)


async def return_with_reason(update: Update, context: PpidContext) -> str | int:
    """The reason was typed: return the draft to step 3 and tell the PPID Pelaksana."""
    services = context.services
    decided = await _decide_typed(
        update, context, TYPING_REASON, ("reason_too_short", "reason_too_long"), services.workflow.return_draft
    )
    if not isinstance(decided, _Decided):
        return decided
    assert context.user_data is not None
    transition, person, version = decided.result, decided.person, decided.version
    pressed = context.user_data.get(flow_key(FLOW, "card"))
    forget_flow(context, FLOW)
    cards = list(transition.detail["cards"])
    if isinstance(pressed, list) and len(pressed) == 2 and tuple(pressed) not in cards:
        cards.append((int(pressed[0]), int(pressed[1])))
    await remove_review_buttons(context, cards)
    reason = transition.detail["reason"]
    author = await tell_author_of_return(context, services, transition, version, reason)
    if author is not None:  # a /sertamerta: back to whoever wrote it, not to a unit that never saw it
        await decided.message.reply_text(
            t("sm_returned_to_author", person.language, version=version, reason=reason, name=author)
        )
        return ConversationHandler.END
    await decided.message.reply_text(t("returned", person.language, version=version, reason=reason))
    # Every PPID Pelaksana of the unit, once each; the first to start on it is shown to the others
    # (`handlers.cycle_notices.tell_fixing`, from the draft's upload).
    for user_id, language in (await languages_for(services, transition.notify)).items():
        await send_to(
            context, user_id,
            t(
                "returned_to_you", language, version=version, summary=transition.item.summary, reason=reason,
                verifier=role_name(services.sop.actor_of("verify"), language),
            ),
            reply_markup=draft_keyboard(transition.cycle.id, language, services.sop),
        )
    return ConversationHandler.END


@cycle_button(Recategorise)
async def choose_category(update: Update, context: PpidContext, person: Person, data: Recategorise) -> None:
    """Button "Ubah kategori": offer the four categories."""
    await context.services.workflow.require_reviewable(person, data.cycle_id, data.version)
    await update.callback_query.answer()  # type: ignore[union-attr]
    rows = [
        [CategoryChoice(data.cycle_id, data.version, category).button(category_label(category, person.language))]
        for category in REVIEW_CATEGORIES
    ]
    await context.bot.send_message(
        person.telegram_id, raw("choose_category", person.language), reply_markup=InlineKeyboardMarkup(rows)
    )


@cycle_button(CategoryChoice)
async def set_category(update: Update, context: PpidContext, person: Person, data: CategoryChoice) -> str | int:
    """A category was chosen: apply it, or ask for the legal basis first when dikecualikan."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    workflow = context.services.workflow
    if data.category == "dikecualikan":
        await workflow.require_reviewable(person, data.cycle_id, data.version)
        await query.answer()
        forget_flow(context, FLOW)
        context.user_data[flow_key(FLOW, "draft")] = [data.cycle_id, data.version]
        return await EXEMPTION.start(update, context)
    item = await workflow.recategorise(person, data.cycle_id, data.version, data.category)
    await query.answer()
    await context.bot.send_message(
        person.telegram_id,
        t("recategorised", person.language, category=category_label(item.category, person.language)),
        reply_markup=review_keyboard(data.cycle_id, data.version, person.language),
    )
    return ConversationHandler.END


async def set_exempt_with_test(update: Update, context: PpidContext, answers: dict[str, object]) -> int:
    """Every part of the consequence test was answered: classify the item as dikecualikan (the
    workflow checks the test again inside its transaction), then approve or return as before."""
    person = person_of(context)
    draft = _typed_for_draft(context)
    forget_flow(context, FLOW)
    if draft is None:
        return ConversationHandler.END
    try:
        item = await context.services.workflow.recategorise(
            person, draft[0], draft[1], "dikecualikan", exemption=ExemptionQuestions.parts(dict(answers))
        )
    except WorkflowError as error:
        await answer_refusal(update, error, person.language)
        return ConversationHandler.END
    if update.callback_query is not None:
        await update.callback_query.answer()
    message = update.effective_message
    assert message is not None
    # After the commit: the decision (a product of the recorded classification), then the review's
    # buttons again below it, where the reviewer continues.
    await offer_decision(context, person, item)
    await message.reply_text(
        t("recategorised", person.language, category=category_label(item.category, person.language)),
        reply_markup=review_keyboard(draft[0], draft[1], person.language),
    )
    return ConversationHandler.END


EXEMPTION = ExemptionQuestions(FLOW, finish=set_exempt_with_test)


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[
                CallbackQueryHandler(ask_reason, pattern=Return.pattern()),
                CallbackQueryHandler(set_category, pattern=CategoryChoice.pattern()),
            ],
            states={
                TYPING_REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, return_with_reason)],
                **EXEMPTION.states(),
            },
        )
    )
    application.add_handler(CallbackQueryHandler(approve, pattern=Approve.pattern()))
    application.add_handler(CallbackQueryHandler(choose_category, pattern=Recategorise.pattern()))
