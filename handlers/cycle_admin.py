"""An admin's way out of a stuck cycle, from the item's card in /informasi (the card an admin opened
the cycle from): "Batalkan siklus" (the reason typed next, required) and "Serahkan langkah" (pick
the colleague holding the step's role); and what people are told when a role is taken away
mid-cycle (`tell_after_removal`, called by /staf). The rules are `bot.cycle_admin`.

Callback data (see `handlers.callbacks`):
    cad:cancel:<cycle>                 ask for the reason, then cancel the cycle
    cad:hand:<cycle>[:<page>]          the people the current step may be handed to
    cad:to:<cycle>:<step>:<user>       hand step <step> to <user> (refused once the step moved on)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.cycle_admin import (
    HeldStep,
    after_removal,
    cancel_cycle,
    hand_over,
    handover_candidates,
    open_cycle_of,
)
from bot.pages import page_of
from bot.services import Services
from bot.staff import Person
from bot.task_view import shorten
from bot.texts import LANGUAGES, raw, t
from bot.workflow import MIN_REASON_LENGTH, Task, Transition, WorkflowError
from handlers.callbacks import CallbackData, Digits
from handlers.conversation import persistent_conversation
from handlers.cycle_buttons import cycle_button, remove_buttons
from handlers.notify import languages_for, send_to, task_message
from handlers.paging import navigation_row
from handlers.role_gate import requires_role
from handlers.typed_reason import TYPING_REASON, Typed, keep_cycle, take_typed_reason
from storage.cycles import Cycle

FLOW = "cycle_cancel"
CANDIDATES_PER_PAGE = 8
SUMMARY_IN_TEXT = 80

admin_only = requires_role("admin", refusal="cycle_admin_not_admin")


@dataclass(frozen=True)
class CancelCycle(CallbackData, prefix="cad:cancel"):
    """"Batalkan siklus" on an item's card: ask for the reason, then cancel the open cycle."""

    cycle_id: int


@dataclass(frozen=True)
class HandoverPick(CallbackData, prefix="cad:hand"):
    """"Serahkan langkah" on an item's card: list who may take the cycle's current step."""

    cycle_id: int
    page: Annotated[int, Digits(4)] | None = None


@dataclass(frozen=True)
class HandoverTo(CallbackData, prefix="cad:to"):
    """A name in that list: hand step `step_no` of the cycle to this person."""

    cycle_id: int
    step_no: int
    user_id: Annotated[int, Digits(15)]


def cycle_admin_row(cycle: Cycle, language: str) -> list[InlineKeyboardButton]:
    """The admin's two buttons for an open cycle (on the item's card)."""
    return [
        CancelCycle(cycle.id).button(raw("btn_cancel_cycle", language)),
        HandoverPick(cycle.id).button(raw("btn_handover", language)),
    ]


async def _names(services: Services, user_ids: list[int]) -> dict[int, str]:
    users = await services.users.get_many(user_ids)
    return {user_id: users[user_id].full_name if user_id in users else str(user_id) for user_id in user_ids}


async def send_step_card(
    context: PpidContext, transition: Transition, heading: dict[str, str] | str
) -> None:
    """The cycle's current step card (with its buttons) to `transition.notify`, under `heading`
    (a text per language, or one text for all)."""
    services = context.services
    cycle, item = transition.cycle, transition.item
    task = Task(cycle, item, services.sop.step(cycle.current_step))
    for user_id, language in (await languages_for(services, transition.notify)).items():
        text, keyboard = await task_message(services, task, language)
        top = heading if isinstance(heading, str) else heading[language]
        await send_to(context, user_id, f"{top}\n\n{text}", reply_markup=keyboard)


# -- cancel --------------------------------------------------------------------------------------


@cycle_button(CancelCycle)
@admin_only
async def ask_cancel_reason(update: Update, context: PpidContext, person: Person, data: CancelCycle) -> str:
    """Button "Batalkan siklus": ask for the (required) reason."""
    cycle, item, step = await open_cycle_of(context.services, person, data.cycle_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    state = keep_cycle(context, FLOW, cycle.id)
    await context.bot.send_message(
        person.telegram_id,
        t(
            "cancel_reason_prompt", person.language, id=cycle.id, summary=shorten(item.summary, SUMMARY_IN_TEXT),
            step=step.no, minimum=MIN_REASON_LENGTH,
        ),
    )
    return state


async def cancel_with_reason(update: Update, context: PpidContext) -> str | int:
    """The reason was typed: cancel the cycle and tell whoever held its step."""
    services = context.services
    typed = await take_typed_reason(
        update, context, FLOW, ("cancel_reason_too_short", "reason_too_long"),
        lambda person, cycle_id, text: cancel_cycle(services, person, cycle_id, text),
    )
    if not isinstance(typed, Typed):
        return typed
    done, person = typed.result, typed.person
    summary = shorten(done.item.summary, SUMMARY_IN_TEXT)
    await typed.message.reply_text(
        t("cycle_cancelled_done", person.language, id=done.cycle.id, summary=summary, reason=done.reason, item_id=done.item.id)
    )
    item = done.item
    if item.category == "berkala" and item.next_due_at is not None and not item.reminders_paused:
        # The reminder sweep opens a due item's cycle by itself: say so, and how to stop it.
        due = services.calendar.format_local(item.next_due_at, person.language)
        await typed.message.reply_text(t("cycle_cancelled_still_due", person.language, due=due))
    for user_id, language in (await languages_for(services, done.notify)).items():
        await send_to(
            context, user_id,
            t("cycle_cancelled_notice", language, summary=summary, name=person.full_name, step=done.step.no, reason=done.reason),
        )
    return ConversationHandler.END


# -- hand over -----------------------------------------------------------------------------------


@cycle_button(HandoverPick)
@admin_only
async def pick_holder(update: Update, context: PpidContext, person: Person, data: HandoverPick) -> None:
    """Button "Serahkan langkah": the people holding the step's role, one button each (paged)."""
    services = context.services
    language = person.language
    cycle, item, step, candidates = await handover_candidates(services, person, data.cycle_id)
    role = services.sop.actors[step.actor]
    if not candidates:
        raise WorkflowError("handover_no_candidates", role=role, step=step.no)
    holders = await services.workflow.holders_of_step(step.no, item)
    names = await _names(services, [*candidates, *holders])
    page = page_of(len(candidates), data.page or 1, CANDIDATES_PER_PAGE)
    rows = [[HandoverTo(cycle.id, step.no, user_id).button(names[user_id])] for user_id in page.slice(candidates)]
    navigation = navigation_row(
        page, lambda number: HandoverPick(cycle.id, number), raw("onb_btn_prev", language), raw("onb_btn_next", language)
    )
    if navigation:
        rows.append(navigation)
    await update.callback_query.answer()  # type: ignore[union-attr]
    text = t(
        "handover_pick", language, step=step.no, role=role, summary=shorten(item.summary, SUMMARY_IN_TEXT),
        holders=", ".join(names[user_id] for user_id in holders) or "-",
    )
    await context.bot.send_message(person.telegram_id, text, reply_markup=InlineKeyboardMarkup(rows))


@cycle_button(HandoverTo)
@admin_only
async def hand_step_to(update: Update, context: PpidContext, person: Person, data: HandoverTo) -> None:
    """A name was picked: hand the step over; the new holder gets its card, the others are told."""
    services = context.services
    done = await hand_over(services, person, data.cycle_id, data.step_no, data.user_id)
    await update.callback_query.answer()  # type: ignore[union-attr]
    await remove_buttons(update)
    names = await _names(services, [done.to_id])
    summary = shorten(done.item.summary, SUMMARY_IN_TEXT)
    await context.bot.send_message(
        person.telegram_id, t("handover_done", person.language, step=done.step.no, summary=summary, name=names[done.to_id])
    )
    headings = {language: t("handover_to_you", language, admin=person.full_name) for language in LANGUAGES}
    await send_step_card(context, Transition(done.cycle, done.item, [done.to_id]), headings)
    for user_id, language in (await languages_for(services, done.previous)).items():
        await send_to(
            context, user_id,
            t("handover_away", language, step=done.step.no, summary=summary, admin=person.full_name, name=names[done.to_id]),
        )


# -- a removed holder ----------------------------------------------------------------------------


async def tell_after_removal(context: PpidContext, removed_id: int, held: list[HeldStep]) -> None:
    """After a role was taken away from `removed_id` (who held the steps `held`, read before): the
    ones who hold a step only now get its card; when nobody is left, the admins are told."""
    services = context.services
    if not held:
        return
    name = (await _names(services, [removed_id]))[removed_id]
    admins = await services.workflow.holders("admin")
    for entry in await after_removal(services, held):
        if entry.new_holders:
            headings = {language: t("removal_new_holder", language, name=name) for language in LANGUAGES}
            await send_step_card(context, Transition(entry.held.cycle, entry.held.item, entry.new_holders), headings)
        if entry.holders:
            continue
        step = entry.held.step
        for user_id, language in (await languages_for(services, admins)).items():
            await send_to(
                context, user_id,
                t(
                    "removal_nobody_left", language, step=step.no, role=services.sop.actors[step.actor],
                    summary=shorten(entry.held.item.summary, SUMMARY_IN_TEXT), name=name,
                ),
                reply_markup=InlineKeyboardMarkup([cycle_admin_row(entry.held.cycle, language)]),
            )


def register(application: Application) -> None:
    application.add_handler(
        persistent_conversation(
            FLOW,
            entry_points=[CallbackQueryHandler(ask_cancel_reason, pattern=CancelCycle.pattern())],
            states={TYPING_REASON: [MessageHandler(filters.TEXT & ~filters.COMMAND, cancel_with_reason)]},
        )
    )
    application.add_handler(CallbackQueryHandler(pick_holder, pattern=HandoverPick.pattern()))
    application.add_handler(CallbackQueryHandler(hand_step_to, pattern=HandoverTo.pattern()))
