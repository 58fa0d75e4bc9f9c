"""Adding an item to the register and editing one: the `register_add` conversation (admin).

Adding and editing run in ONE persistent conversation, `register_add`, so that they exclude each
other (starting one abandons the other). Adding asks one question per message; which question
comes next, which fields a category has and what choosing a category clears are
`bot.register`'s rules (`next_question`, `fields_of`, `with_category`), asked here. The draft
lives in `user_data` under `flow_key("register_add", "draft")` as JSON values, and the next
question is derived from what the draft already holds, so a restart continues where it was. Only
"Simpan" writes. Editing changes one field of an item (a new category asks for the field only it
has: the period, or the consequence test) and writes at once. The consequence test of an exempt
item (the legal basis field: its ground) is asked part by part by
`handlers.exemption_questions`, at registration, at a change of category to dikecualikan and when
an exempt item's legal basis is edited (a re-test); its answers join the draft or the edit when
complete.

The buttons are `handlers.register_buttons`; the card shown after a save is
`handlers.register_card`. "➕ Tambah informasi" and "✏️ Ubah" are for admins (`requires_role`);
an admin whose role is revoked mid-way is refused at the next answer and the flow ends, and
`bot.register` checks the role in the database again when it writes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.exemption import legal_basis_of
from bot.register import (
    DRAFT_FIELDS,
    TEXT_FIELDS,
    ItemMissing,
    NotAllowed,
    RegisterError,
    ValidationError,
    add_item,
    category_label,
    draft_card,
    edit_item,
    field_label,
    field_of_category,
    fields_of,
    form_label,
    next_question,
    period_label,
    require_field,
    validate_text_field,
    validate_unit,
    with_category,
)
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import CallbackData, popup
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.exemption_decision import offer_decision
from handlers.exemption_questions import ExemptionQuestions
from handlers.notify import languages_for, send_to
from handlers.register_buttons import (
    AddItem,
    ChooseCategory,
    ChooseForm,
    ChoosePeriod,
    ChooseUnit,
    DropDraft,
    EditField,
    EditItem,
    LeaveEdit,
    SaveDraft,
    pressed_dip,
    pressed_or_stale,
)
from handlers.register_card import LIST_SUMMARY_MAX, admin_only, card, edit_message, rows_of, short, unit_name
from storage.cycles import Cycle
from storage.items import CATEGORIES, FORMS, PERIODS, InfoItem

FLOW = "register_add"
DRAFT_KEY = flow_key(FLOW, "draft")
EDIT_KEY = flow_key(FLOW, "edit")

MAX_UNIT_BUTTONS = 98

# Conversation states (strings: they are stored as JSON).
ADD_SUMMARY = "add_summary"
ADD_UNIT = "add_unit"
ADD_RESPONSIBLE = "add_responsible"
ADD_MADE_TIME_PLACE = "add_made_time_place"
ADD_CATEGORY = "add_category"
ADD_PERIOD = "add_period"
ADD_FORM = "add_form"
ADD_RETENTION = "add_retention"
ADD_CONFIRM = "add_confirm"
EDIT_FIELD = "edit_field"
EDIT_TEXT = "edit_text"
EDIT_UNIT = "edit_unit"
EDIT_CATEGORY = "edit_category"
EDIT_PERIOD = "edit_period"
EDIT_FORM = "edit_form"

ADD_STATES: dict[str, str] = {
    "summary": ADD_SUMMARY,
    "unit_id": ADD_UNIT,
    "responsible": ADD_RESPONSIBLE,
    "made_time_place": ADD_MADE_TIME_PLACE,
    "category": ADD_CATEGORY,
    "period": ADD_PERIOD,
    "form": ADD_FORM,
    "retention": ADD_RETENTION,
}
# The states of an edit answered with a button, by field.
EDIT_CHOICE_STATES: dict[str, str] = {
    "unit_id": EDIT_UNIT,
    "category": EDIT_CATEGORY,
    "period": EDIT_PERIOD,
    "form": EDIT_FORM,
}
# The state asking for the field a new category brings (`bot.register.field_of_category`; the
# legal basis is the consequence test, asked by `EXEMPTION`).
EDIT_CATEGORY_FIELD_STATES: dict[str, str] = {"period": EDIT_PERIOD}


# --- questions shared by adding and editing ---------------------------------------------------


async def _choices(context: PpidContext, field: str, language: str) -> InlineKeyboardMarkup | None:
    """The buttons answering a choice question (None for a typed answer, or no unit to choose)."""
    if field == "unit_id":
        units = (await context.services.units.list())[:MAX_UNIT_BUTTONS]
        if not units:
            return None
        return InlineKeyboardMarkup(rows_of([ChooseUnit(unit.id).button(short(unit.name, 40)) for unit in units], 2))
    if field == "category":
        buttons = [ChooseCategory(c).button(category_label(c, language)) for c in CATEGORIES]
        return InlineKeyboardMarkup(rows_of(buttons, 2))
    if field == "period":
        buttons = [ChoosePeriod(p).button(period_label(p, language)) for p in PERIODS]
        return InlineKeyboardMarkup(rows_of(buttons, 2))
    if field == "form":
        return InlineKeyboardMarkup(rows_of([ChooseForm(f).button(form_label(f, language)) for f in FORMS], 1))
    return None


async def _send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send `text` to the chat the update came from."""
    message = update.effective_message
    assert message is not None
    return await message.reply_text(text, reply_markup=markup)


async def _show_choice(query: CallbackQuery, field: str, answer: str, language: str) -> None:
    """Turn an answered question into "✔️ Field: answer" (its buttons go away)."""
    await edit_message(query, t("dip_chosen", language, field=field_label(field, language), answer=answer))


async def _end_refused(update: Update, context: PpidContext, error: RegisterError | None = None) -> int:
    """Refuse (not an admin any more, or the item is gone), forget the flow and end it."""
    language = person_of(context).language
    text = (error or NotAllowed()).text(language)
    forget_flow(context, FLOW)
    if update.callback_query is not None:
        await popup(update.callback_query, text, alert=True)
    else:
        await _send(update, text)
    return ConversationHandler.END


async def _refused_if_not_admin(update: Update, context: PpidContext) -> int | None:
    """END after refusing someone whose admin role was revoked in the middle of the flow, or None
    for an admin. Unlike the role gate at the entry points, which keeps a step, this forgets the
    draft or edit: nobody may finish it any more."""
    return None if person_of(context).has("admin") else await _end_refused(update, context)


async def _end_no_units(update: Update, context: PpidContext) -> int:
    """No active unit to choose from: say how to add one, forget the flow and end."""
    forget_flow(context, FLOW)
    await _send(update, t("dip_no_units", person_of(context).language))
    return ConversationHandler.END


async def _end_lost(update: Update, context: PpidContext) -> int:
    """The scratch data of the flow is missing: say so and end."""
    forget_flow(context, FLOW)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await _send(update, t("dip_flow_lost", person_of(context).language))
    return ConversationHandler.END


# --- adding -----------------------------------------------------------------------------------


def _draft(context: PpidContext) -> dict[str, Any] | None:
    """The draft being added, or None."""
    data = context.user_data.get(DRAFT_KEY) if context.user_data is not None else None
    return data if isinstance(data, dict) else None


async def _ask_add(update: Update, context: PpidContext, draft: dict[str, Any], prefix: str | None = None) -> str | int:
    """Send the next question of the draft (or its summary card to confirm); return the state."""
    language = person_of(context).language
    field = next_question(draft)
    if field is None:
        unit = await unit_name(context, int(draft["unit_id"]))
        text = draft_card(draft, unit, context.services.calendar, language) + "\n\n" + t("dip_confirm_hint", language)
        token = draft["token"]
        markup: InlineKeyboardMarkup | None = InlineKeyboardMarkup(
            [[
                SaveDraft(token).button(t("dip_btn_save", language)),
                DropDraft(token).button(t("dip_btn_cancel", language)),
            ]]
        )
        state = ADD_CONFIRM
    elif field == "legal_basis":
        return await EXEMPTION.start(update, context, prefix)
    else:
        text = t(f"dip_q_{field}", language)
        markup = await _choices(context, field, language)
        state = ADD_STATES[field]
        if field == "unit_id" and markup is None:
            return await _end_no_units(update, context)
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, markup)
    return state


@admin_only
async def start_add(update: Update, context: PpidContext) -> str | int | None:
    """"➕ Tambah informasi": start a fresh draft and ask for the summary."""
    query = update.callback_query
    assert query is not None
    if await pressed_or_stale(update, context, AddItem) is None:
        return None
    await query.answer()
    forget_flow(context, FLOW)
    if not await context.services.units.list():
        return await _end_no_units(update, context)
    draft: dict[str, Any] = {"token": secrets.token_hex(4)}
    context.user_data[DRAFT_KEY] = draft
    return await _ask_add(update, context, draft, prefix=t("dip_add_start", person_of(context).language))


async def _draft_context(update: Update, context: PpidContext) -> dict[str, Any] | int:
    """The draft being added, or END after saying why not (no longer an admin, the draft lost)."""
    refused = await _refused_if_not_admin(update, context)
    if refused is not None:
        return refused
    draft = _draft(context)
    return draft if draft is not None else await _end_lost(update, context)


async def _take_text(update: Update, context: PpidContext, field: str) -> str | int:
    """Check a typed answer for `field`; store it and ask the next question, or ask again."""
    draft = await _draft_context(update, context)
    if isinstance(draft, int):
        return draft
    message = update.effective_message
    assert message is not None
    try:
        draft[field] = validate_text_field(field, message.text)
    except ValidationError as error:
        language = person_of(context).language
        await _send(update, error.text(language) + "\n\n" + t(f"dip_q_{field}", language))
        return ADD_STATES[field]
    context.user_data[DRAFT_KEY] = draft
    return await _ask_add(update, context, draft)


async def receive_summary(update: Update, context: PpidContext) -> str | int:
    """The summary of content, typed (5-500 characters)."""
    return await _take_text(update, context, "summary")


async def receive_responsible(update: Update, context: PpidContext) -> str | int:
    """The person responsible, typed."""
    return await _take_text(update, context, "responsible")


async def receive_made_time_place(update: Update, context: PpidContext) -> str | int:
    """When and where the information was made, typed."""
    return await _take_text(update, context, "made_time_place")


async def receive_retention(update: Update, context: PpidContext) -> str | int:
    """The retention period, typed."""
    return await _take_text(update, context, "retention")


async def _take_choice(update: Update, context: PpidContext, field: str, value: str | int, label: str) -> str | int:
    """Store a chosen answer for `field`, show it on the question, and ask the next question."""
    query = update.callback_query
    assert query is not None
    draft = await _draft_context(update, context)
    if isinstance(draft, int):
        return draft
    await query.answer()
    draft = with_category(draft, str(value)) if field == "category" else {**draft, field: value}
    context.user_data[DRAFT_KEY] = draft
    await _show_choice(query, field, label, person_of(context).language)
    return await _ask_add(update, context, draft)


async def choose_unit(update: Update, context: PpidContext) -> str | int | None:
    """The holding unit, chosen from the active units."""
    chosen = await pressed_or_stale(update, context, ChooseUnit)
    if chosen is None:
        return None
    try:
        unit = await validate_unit(context.services, chosen.unit_id)
    except ValidationError as error:
        query = update.callback_query
        assert query is not None
        await popup(query, error.text(person_of(context).language), alert=True)
        return ADD_UNIT
    return await _take_choice(update, context, "unit_id", unit.id, unit.name)


async def _choose(
    update: Update, context: PpidContext, kind: type[CallbackData], field: str, label: Callable[[str, str], str]
) -> str | int | None:
    """A chosen answer for `field` (the button's field of that name), labelled with `label`."""
    chosen = await pressed_or_stale(update, context, kind)
    if chosen is None:
        return None
    value = getattr(chosen, field)
    return await _take_choice(update, context, field, value, label(value, person_of(context).language))


async def choose_category(update: Update, context: PpidContext) -> str | int | None:
    """The category: berkala asks for a period next, dikecualikan for a legal basis."""
    return await _choose(update, context, ChooseCategory, "category", category_label)


async def choose_period(update: Update, context: PpidContext) -> str | int | None:
    """The update period of a berkala item."""
    return await _choose(update, context, ChoosePeriod, "period", period_label)


async def choose_form(update: Update, context: PpidContext) -> str | int | None:
    """The form available: soft copy, hard copy, or both."""
    return await _choose(update, context, ChooseForm, "form", form_label)


async def _draft_pressed(
    update: Update, context: PpidContext, kind: type[SaveDraft | DropDraft]
) -> dict[str, Any] | None:
    """The draft a "Simpan"/"Batal" press is for, or None after answering it as stale: malformed,
    of another draft (its token), or "Simpan" of a draft not complete."""
    query = update.callback_query
    pressed = pressed_dip(query, kind)
    draft = _draft(context)
    if pressed is None or draft is None or pressed.token != draft.get("token") or (
        kind is SaveDraft and next_question(draft) is not None
    ):
        await popup(query, t("stale_button", person_of(context).language), alert=True)
        return None
    return draft


async def save_draft(update: Update, context: PpidContext) -> str | int:
    """"Simpan": write the item (one transaction, one audit entry) and show its card."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    draft = await _draft_pressed(update, context, SaveDraft)
    if draft is None:
        return ADD_CONFIRM if _draft(context) is not None else ConversationHandler.END
    values = {field: draft.get(field) for field in DRAFT_FIELDS}
    values["exemption"] = draft.get("exemption")
    try:
        item = await add_item(context.services, person.telegram_id, values)
    except NotAllowed as error:
        return await _end_refused(update, context, error)
    except ValidationError as error:
        await query.answer()
        if error.key == "dip_err_unit":
            # The unit was deactivated meanwhile: choose it again, keep the rest.
            draft.pop("unit_id", None)
            context.user_data[DRAFT_KEY] = draft
        elif error.key.startswith("ex_err"):
            # The consequence test no longer holds (its period has begun meanwhile): test again.
            draft.pop("legal_basis", None)
            draft.pop("exemption", None)
            context.user_data[DRAFT_KEY] = draft
        return await _ask_add(update, context, draft, prefix=error.text(person.language))
    forget_flow(context, FLOW)
    await popup(query, t("dip_saved", person.language, id=item.id))
    text, markup = await card(context, person, item)
    await edit_message(query, t("dip_saved", person.language, id=item.id) + "\n\n" + text, markup)
    await offer_decision(context, person, item)  # after the commit: a product of the recorded decision
    return ConversationHandler.END


async def drop_draft(update: Update, context: PpidContext) -> str | int:
    """"Batal" on the summary card: forget the draft, write nothing."""
    query = update.callback_query
    assert query is not None
    if await _draft_pressed(update, context, DropDraft) is None:
        return ADD_CONFIRM if _draft(context) is not None else ConversationHandler.END
    forget_flow(context, FLOW)
    await query.answer()
    await edit_message(query, t("dip_add_dropped", person_of(context).language))
    return ConversationHandler.END


# --- editing ----------------------------------------------------------------------------------


def _edit_state(context: PpidContext) -> dict[str, Any] | None:
    """The edit in progress (`item_id`, then `field`, and a pending `category`), or None."""
    data = context.user_data.get(EDIT_KEY) if context.user_data is not None else None
    return data if isinstance(data, dict) and isinstance(data.get("item_id"), int) else None


async def _ask_field(update: Update, context: PpidContext, item: InfoItem, prefix: str | None = None) -> str:
    """Send the choice of field to edit (the fields of the item's category); return its state."""
    language = person_of(context).language
    buttons = [EditField(field).button(field_label(field, language)) for field in fields_of(item.category)]
    rows = rows_of(buttons, 2) + [[LeaveEdit().button(t("dip_btn_cancel", language))]]
    text = t("dip_edit_choose", language, id=item.id, summary=short(item.summary, LIST_SUMMARY_MAX))
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, InlineKeyboardMarkup(rows))
    return EDIT_FIELD


async def _ask_edit_value(
    update: Update, context: PpidContext, item: InfoItem, edit: dict[str, Any], prefix: str | None = None
) -> str | int:
    """Send the question for the value being edited; return its state."""
    language = person_of(context).language
    field = str(edit.get("field"))
    brought = field_of_category(edit.get("category")) if field == "category" else None
    if brought == "legal_basis" or field == "legal_basis":
        # Dikecualikan, or an exempt item's legal basis edited: the consequence test, part by part.
        return await EXEMPTION.start(update, context, prefix)
    if brought is not None:
        # The new category has a field of its own: ask it before the category is written.
        text, markup = t(f"dip_q_{brought}", language), await _choices(context, brought, language)
        state = EDIT_CATEGORY_FIELD_STATES[brought]
    elif field in TEXT_FIELDS:
        current = getattr(item, field) or "-"
        text = t("dip_edit_type", language, field=field_label(field, language), current=short(str(current), 300))
        markup, state = None, EDIT_TEXT
    else:
        text, markup = t(f"dip_q_{field}", language), await _choices(context, field, language)
        state = EDIT_CHOICE_STATES[field]
        if field == "unit_id" and markup is None:
            return await _end_no_units(update, context)
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, markup)
    return state


async def _edit_context(update: Update, context: PpidContext) -> tuple[dict[str, Any], InfoItem] | int:
    """The edit in progress and its item as it is now, or END after saying why not."""
    refused = await _refused_if_not_admin(update, context)
    if refused is not None:
        return refused
    edit = _edit_state(context)
    if edit is None:
        return await _end_lost(update, context)
    item = await context.services.items.get(edit["item_id"])
    if item is None:
        return await _end_refused(update, context, ItemMissing(edit["item_id"]))
    return edit, item


@admin_only
async def start_edit(update: Update, context: PpidContext) -> str | int | None:
    """"✏️ Ubah" on a card: choose the field to change."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    pressed = await pressed_or_stale(update, context, EditItem)
    if pressed is None:
        return None  # refused: the person's current step (if any) stays as it was
    item = await context.services.items.get(pressed.item_id)
    if item is None:
        await popup(query, t("dip_err_not_found", person.language, id=pressed.item_id), alert=True)
        return None
    await query.answer()
    forget_flow(context, FLOW)
    context.user_data[EDIT_KEY] = {"item_id": item.id}
    return await _ask_field(update, context, item)


async def _edit_press(
    update: Update, context: PpidContext, kind: type[CallbackData]
) -> tuple[Any, dict[str, Any], InfoItem, CallbackQuery] | int | None:
    """A button of `kind` pressed while editing: its data, the edit and the item as it is now
    (None: a stale press, answered; END: the edit is over, said why)."""
    chosen = await pressed_or_stale(update, context, kind)
    if chosen is None:
        return None
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    query = update.callback_query
    assert query is not None
    return chosen, *found, query


async def choose_field(update: Update, context: PpidContext) -> str | int | None:
    """The field to change: ask for its new value."""
    pressed = await _edit_press(update, context, EditField)
    if pressed is None or isinstance(pressed, int):
        return pressed
    chosen, _, item, query = pressed
    language = person_of(context).language
    try:
        require_field(item.category, chosen.field)
    except ValidationError as error:
        await popup(query, error.text(language), alert=True)
        return EDIT_FIELD
    await query.answer()
    edit = {"item_id": item.id, "field": chosen.field}
    context.user_data[EDIT_KEY] = edit
    field_name = field_label(chosen.field, language)
    await edit_message(query, t("dip_chosen", language, field=t("dip_edit_field_label", language), answer=field_name))
    return await _ask_edit_value(update, context, item, edit)


async def _apply_edit(
    update: Update,
    context: PpidContext,
    edit: dict[str, Any],
    item: InfoItem,
    value: object,
    *,
    period: object = None,
    exemption: object = None,
) -> str | int:
    """Write the edit of `edit["field"]` (one transaction, one audit entry) and show the card.

    An invalid value asks the question again; a refusal (no longer admin, item gone) ends.
    """
    person = person_of(context)
    query = update.callback_query
    field = str(edit.get("field"))
    try:
        change = await edit_item(
            context.services, person.telegram_id, item.id, field, value, period=period, exemption=exemption
        )
    except ValidationError as error:
        if query is not None:
            await query.answer()
        return await _ask_edit_value(update, context, item, edit, prefix=error.text(person.language))
    except RegisterError as error:
        return await _end_refused(update, context, error)
    forget_flow(context, FLOW)
    if query is not None:
        await query.answer()
    notice = (
        t("dip_edit_saved", person.language, field=field_label(field, person.language))
        if change.changed
        else t("dip_no_change", person.language)
    )
    ended = change.ended_cycle
    if ended is not None:
        notice += "\n" + t("cycle_ended_exempt_admin", person.language, step=ended.current_step)
    text, markup = await card(context, person, change.item)
    await _send(update, notice + "\n\n" + text, markup)
    if ended is not None:
        await _tell_cycle_ended(context, ended, change.item)
    if change.changed and field in ("category", "legal_basis"):
        await offer_decision(context, person, change.item)  # a new consequence test: its decision
    return ConversationHandler.END


async def _tell_cycle_ended(context: PpidContext, cycle: Cycle, item: InfoItem) -> None:
    """Tell everyone who held the ended cycle's step that it will not be published."""
    services = context.services
    holders = await services.workflow.holders_of_step(cycle.current_step, item)
    for user_id, language in (await languages_for(services, holders)).items():
        await send_to(context, user_id, t("cycle_ended_exempt", language, summary=item.summary, step=cycle.current_step))


async def receive_edit_text(update: Update, context: PpidContext) -> str | int:
    """The new value of a typed field, checked by `bot.register.edit_item`."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    edit, item = found
    message = update.effective_message
    assert message is not None
    return await _apply_edit(update, context, edit, item, message.text)


async def _edit_choice(
    update: Update, context: PpidContext, kind: type[CallbackData], field: str, label: Callable[[str, str], str]
) -> tuple[dict[str, Any], InfoItem, str, CallbackQuery] | int | None:
    """A button chosen while editing: the edit, its item and the chosen value, shown as chosen
    (None: a stale press, answered; END: the edit is over, said why)."""
    pressed = await _edit_press(update, context, kind)
    if pressed is None or isinstance(pressed, int):
        return pressed
    chosen, edit, item, query = pressed
    value = str(getattr(chosen, field))
    language = person_of(context).language
    await _show_choice(query, field, label(value, language), language)
    return edit, item, value, query


async def choose_edit_unit(update: Update, context: PpidContext) -> str | int | None:
    """The new holding unit."""
    pressed = await _edit_press(update, context, ChooseUnit)
    if pressed is None or isinstance(pressed, int):
        return pressed
    chosen, edit, item, query = pressed
    language = person_of(context).language
    await _show_choice(query, "unit_id", await unit_name(context, chosen.unit_id), language)
    return await _apply_edit(update, context, edit, item, chosen.unit_id)


async def choose_edit_category(update: Update, context: PpidContext) -> str | int | None:
    """The new category: one with a field of its own (berkala: period, dikecualikan: legal
    basis) asks for it first."""
    chosen = await _edit_choice(update, context, ChooseCategory, "category", category_label)
    if chosen is None or isinstance(chosen, int):
        return chosen
    edit, item, value, query = chosen
    if field_of_category(value) is not None:
        await query.answer()
        edit = {"item_id": item.id, "field": "category", "category": value}
        context.user_data[EDIT_KEY] = edit
        return await _ask_edit_value(update, context, item, edit)
    return await _apply_edit(update, context, edit, item, value)


async def choose_edit_period(update: Update, context: PpidContext) -> str | int | None:
    """The period: of a berkala item, or of the item becoming berkala."""
    chosen = await _edit_choice(update, context, ChoosePeriod, "period", period_label)
    if chosen is None or isinstance(chosen, int):
        return chosen
    edit, item, value, _ = chosen
    if edit.get("field") == "category":
        return await _apply_edit(update, context, edit, item, edit.get("category"), period=value)
    return await _apply_edit(update, context, edit, item, value)


async def choose_edit_form(update: Update, context: PpidContext) -> str | int | None:
    """The new form."""
    chosen = await _edit_choice(update, context, ChooseForm, "form", form_label)
    if chosen is None or isinstance(chosen, int):
        return chosen
    edit, item, value, _ = chosen
    return await _apply_edit(update, context, edit, item, value)


async def leave_edit(update: Update, context: PpidContext) -> int | None:
    """"Batal" on the field choice: leave the edit, nothing changes."""
    query = update.callback_query
    assert query is not None
    if await pressed_or_stale(update, context, LeaveEdit) is None:
        return None
    forget_flow(context, FLOW)
    await query.answer()
    await edit_message(query, t("dip_edit_cancelled", person_of(context).language))
    return ConversationHandler.END


# --- wrong kind of answer ---------------------------------------------------------------------


async def repeat_choice(update: Update, context: PpidContext) -> str | int | None:
    """Text or a file where a button is expected: point at the buttons and ask again."""
    return await _ask_again(update, context, "dip_use_buttons", field_choice=True)


async def expect_text(update: Update, context: PpidContext) -> str | int | None:
    """A file, photo or sticker where typed text is expected: ask for text, keep the step."""
    return await _ask_again(update, context, "dip_type_text", field_choice=False)


async def _ask_again(update: Update, context: PpidContext, hint: str, *, field_choice: bool) -> str | int | None:
    """The wrong kind of answer: the `hint`, then the step's question again (for an edit whose
    field is not chosen yet and `field_choice`, the choice of field)."""
    prefix = t(hint, person_of(context).language)
    edit = _edit_state(context)
    if edit is not None:
        found = await _edit_context(update, context)
        if isinstance(found, int):
            return found
        edit, item = found
        if field_choice and "field" not in edit:
            return await _ask_field(update, context, item, prefix=prefix)
        return await _ask_edit_value(update, context, item, edit, prefix=prefix)
    draft = _draft(context)
    if draft is None:
        return await _end_lost(update, context)
    return await _ask_add(update, context, draft, prefix=prefix)


# --- the consequence test of an exempt item ------------------------------------------------


async def _exemption_guard(update: Update, context: PpidContext) -> int | None:
    """Before each part: still an admin, and the draft or the edit still there (else END)."""
    refused = await _refused_if_not_admin(update, context)
    if refused is not None:
        return refused
    if _edit_state(context) is None and _draft(context) is None:
        return await _end_lost(update, context)
    return None


async def _exemption_complete(update: Update, context: PpidContext, answers: dict[str, Any]) -> str | int:
    """Every part answered: into the edit (written at once, checked by `bot.register.edit_item`)
    or into the draft (the next question, then "Simpan")."""
    parts = ExemptionQuestions.parts(answers)
    EXEMPTION.forget(context)
    edit = _edit_state(context)
    if edit is not None:
        found = await _edit_context(update, context)
        if isinstance(found, int):
            return found
        edit, item = found
        value = edit.get("category") if edit.get("field") == "category" else None
        return await _apply_edit(update, context, edit, item, value, exemption=parts)
    draft = await _draft_context(update, context)
    if isinstance(draft, int):
        return draft
    if update.callback_query is not None:
        await update.callback_query.answer()
    draft = {**draft, "exemption": parts, "legal_basis": legal_basis_of(parts["grounds"])}
    context.user_data[DRAFT_KEY] = draft
    return await _ask_add(update, context, draft)


EXEMPTION = ExemptionQuestions(FLOW, finish=_exemption_complete, guard=_exemption_guard)


# --- wiring -----------------------------------------------------------------------------------


def _typed(callback: Any) -> list[Any]:
    """Handlers of a step answered by typing."""
    return [
        MessageHandler(filters.TEXT & ~filters.COMMAND, callback),
        MessageHandler(~filters.TEXT & ~filters.COMMAND, expect_text),
    ]


def _chosen(kind: type[CallbackData], callback: Any) -> list[Any]:
    """Handlers of a step answered with a button of `kind`."""
    return [CallbackQueryHandler(callback, pattern=kind.pattern()), MessageHandler(~filters.COMMAND, repeat_choice)]


def build_conversation() -> ConversationHandler[Any]:
    """The `register_add` conversation: adding an item, and editing one."""
    return persistent_conversation(
        name=FLOW,
        entry_points=[
            CallbackQueryHandler(start_add, pattern=AddItem.pattern()),
            CallbackQueryHandler(start_edit, pattern=EditItem.pattern()),
        ],
        states={
            ADD_SUMMARY: _typed(receive_summary),
            ADD_UNIT: _chosen(ChooseUnit, choose_unit),
            ADD_RESPONSIBLE: _typed(receive_responsible),
            ADD_MADE_TIME_PLACE: _typed(receive_made_time_place),
            ADD_CATEGORY: _chosen(ChooseCategory, choose_category),
            ADD_PERIOD: _chosen(ChoosePeriod, choose_period),
            ADD_FORM: _chosen(ChooseForm, choose_form),
            ADD_RETENTION: _typed(receive_retention),
            ADD_CONFIRM: [
                CallbackQueryHandler(save_draft, pattern=SaveDraft.pattern()),
                CallbackQueryHandler(drop_draft, pattern=DropDraft.pattern()),
                MessageHandler(~filters.COMMAND, repeat_choice),
            ],
            EDIT_FIELD: [
                CallbackQueryHandler(choose_field, pattern=EditField.pattern()),
                CallbackQueryHandler(leave_edit, pattern=LeaveEdit.pattern()),
                MessageHandler(~filters.COMMAND, repeat_choice),
            ],
            EDIT_TEXT: _typed(receive_edit_text),
            EDIT_UNIT: _chosen(ChooseUnit, choose_edit_unit),
            EDIT_CATEGORY: _chosen(ChooseCategory, choose_edit_category),
            EDIT_PERIOD: _chosen(ChoosePeriod, choose_edit_period),
            EDIT_FORM: _chosen(ChooseForm, choose_edit_form),
            **EXEMPTION.states(),
        },
    )


def register(application: Application) -> None:
    """Add the conversation (before the list's handlers and the stale `dip:` catch-all)."""
    application.add_handler(build_conversation())
