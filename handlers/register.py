"""`/informasi`: the register of public information (DIP) in chat - list, search, card, add, edit.

* `/informasi` lists the active items, 10 per page, with ◀ ▶ buttons and one button per item that
  opens its card; `/informasi <kata>` searches the summary and the person responsible. Every
  registered person may look; a PPID Pelaksana with no other role sees only their unit's items.
* Admins also get "➕ Tambah informasi" on the list and, on a card, "✏️ Ubah",
  "⛔ Nonaktifkan" (confirmed) or "✅ Aktifkan lagi", and "🔄 Buka siklus pembaruan"
  (`cyc:open:<id>`, handled by the workflow flow, not here).
* Adding and editing run in ONE persistent conversation, `register_add`, so that they exclude
  each other (starting one abandons the other). Adding asks one question per message, in the
  order of `bot.register.DRAFT_FIELDS`; the draft lives in `user_data` under
  `flow_key("register_add", "draft")` as JSON values, and the next question is derived from what
  the draft already holds, so a restart continues where it was. Only "Simpan" writes.

Callback data (all ASCII, at most 64 bytes, parsed with anchored patterns):
    dip:pg:<offset>[:<query>]   list page, active items      dip:px:...   the same, inactive too (admin)
    dip:v:<id>                  open an item's card           dip:add      start adding (admin)
    dip:e:<id>                  start editing (admin)         dip:f:<field> field to edit
    dip:u:<unit id>             unit chosen                   dip:cat:<category>, dip:per:<period>, dip:form:<form>
    dip:save:<token>, dip:drop:<token>   save / drop the draft with that token
    dip:x                       leave the edit                dip:off:<id>, dip:offy:<id>, dip:offn:<id>  deactivate
    dip:on:<id>                 reactivate
Anything else starting with `dip:` (malformed, forged or stale) is answered as a stale button.
Roles come from `context.person` (read from the database by the gate on every update), and the
changes in `bot.register` check the admin role in the database again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.register import (
    DRAFT_FIELDS,
    TEXT_FIELDS,
    ItemMissing,
    NotAllowed,
    RegisterError,
    ValidationError,
    add_item,
    category_label,
    classification_label,
    clean_text,
    deactivate_item,
    draft_card,
    edit_item,
    field_label,
    form_label,
    item_card,
    period_label,
    reactivate_item,
    validate_text_field,
    validate_unit,
    visible_unit_ids,
)
from bot.staff import Person
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import callback_data, popup
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.notify import languages_for, send_to
from handlers.step_keyboards import OPEN_CYCLE
from storage.cycles import Cycle
from storage.items import CATEGORIES, FORMS, PERIODS, InfoItem

FLOW = "register_add"
DRAFT_KEY = flow_key(FLOW, "draft")
EDIT_KEY = flow_key(FLOW, "edit")

PAGE_SIZE = 10
SEARCH_MAX_BYTES = 40
LIST_SUMMARY_MAX = 90
BUTTON_SUMMARY_MAX = 34
MAX_UNIT_BUTTONS = 98

# Conversation states (strings: they are stored as JSON).
ADD_SUMMARY = "add_summary"
ADD_UNIT = "add_unit"
ADD_RESPONSIBLE = "add_responsible"
ADD_MADE_TIME_PLACE = "add_made_time_place"
ADD_CATEGORY = "add_category"
ADD_PERIOD = "add_period"
ADD_LEGAL_BASIS = "add_legal_basis"
ADD_FORM = "add_form"
ADD_RETENTION = "add_retention"
ADD_CONFIRM = "add_confirm"
EDIT_FIELD = "edit_field"
EDIT_TEXT = "edit_text"
EDIT_UNIT = "edit_unit"
EDIT_CATEGORY = "edit_category"
EDIT_PERIOD = "edit_period"
EDIT_LEGAL_BASIS = "edit_legal_basis"
EDIT_FORM = "edit_form"

ADD_STATES: dict[str, str] = {
    "summary": ADD_SUMMARY,
    "unit_id": ADD_UNIT,
    "responsible": ADD_RESPONSIBLE,
    "made_time_place": ADD_MADE_TIME_PLACE,
    "category": ADD_CATEGORY,
    "period": ADD_PERIOD,
    "legal_basis": ADD_LEGAL_BASIS,
    "form": ADD_FORM,
    "retention": ADD_RETENTION,
}
CONFIRM = "confirm"

# --- callback data ----------------------------------------------------------------------------
_ID = r"([1-9][0-9]{0,9})"
PAGE_RE = re.compile(r"dip:(pg|px):(0|[1-9][0-9]{0,5})(?::(.+))?\Z", re.DOTALL)
VIEW_RE = re.compile(rf"dip:v:{_ID}\Z")
ADD_RE = re.compile(r"dip:add\Z")
EDIT_RE = re.compile(rf"dip:e:{_ID}\Z")
FIELD_RE = re.compile(rf"dip:f:({'|'.join(DRAFT_FIELDS)})\Z")
UNIT_RE = re.compile(rf"dip:u:{_ID}\Z")
CATEGORY_RE = re.compile(rf"dip:cat:({'|'.join(CATEGORIES)})\Z")
PERIOD_RE = re.compile(rf"dip:per:({'|'.join(PERIODS)})\Z")
FORM_RE = re.compile(rf"dip:form:({'|'.join(FORMS)})\Z")
SAVE_RE = re.compile(r"dip:save:([0-9a-f]{8})\Z")
DROP_RE = re.compile(r"dip:drop:([0-9a-f]{8})\Z")
LEAVE_RE = re.compile(r"dip:x\Z")
DEACTIVATE_RE = re.compile(rf"dip:off:{_ID}\Z")
DEACTIVATE_YES_RE = re.compile(rf"dip:offy:{_ID}\Z")
DEACTIVATE_NO_RE = re.compile(rf"dip:offn:{_ID}\Z")
REACTIVATE_RE = re.compile(rf"dip:on:{_ID}\Z")
ANY_DIP_RE = re.compile(r"dip:")


def page_data(offset: int, query: str | None = None, *, include_inactive: bool = False) -> str:
    """Callback data of a list page."""
    data = f"dip:{'px' if include_inactive else 'pg'}:{offset}"
    return f"{data}:{query}" if query else data


def view_data(item_id: int) -> str:
    """Callback data opening an item's card."""
    return f"dip:v:{item_id}"


def open_cycle_data(item_id: int) -> str:
    """The card's "open a cycle" button; handled by the cycle flow (`handlers.tasks`)."""
    return callback_data(OPEN_CYCLE, item_id)


def _search_text_ok(query: str) -> bool:
    """A search text that fits in a page button's callback data and reads back the same."""
    return bool(query) and clean_text(query) == query and len(query.encode("utf-8")) <= SEARCH_MAX_BYTES


def _matched(update: Update, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The callback data parsed with `pattern` (anchored at both ends), or None."""
    query = update.callback_query
    data = query.data if query is not None else None
    return pattern.match(data) if isinstance(data, str) else None


def _short(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `per_row` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


async def _edit_message(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text (and keyboard) of the pressed message; "not modified" is fine."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def _unit_name(context: PpidContext, unit_id: int) -> str:
    """The unit's name (its number if it is gone)."""
    unit = await context.services.units.get(unit_id)
    return unit.name if unit is not None else f"#{unit_id}"


# --- the list ---------------------------------------------------------------------------------


async def _list_page(
    context: PpidContext, person: Person, offset: int, query: str | None, include_inactive: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and keyboard of one page of the register as `person` may see it."""
    services = context.services
    language = person.language
    scope = visible_unit_ids(person.roles, person.unit_ids)
    total = await services.items.count(query, unit_ids=scope, include_inactive=include_inactive)
    offset = min(offset, max(total - 1, 0)) // PAGE_SIZE * PAGE_SIZE
    found = await services.items.search(
        query, unit_ids=scope, include_inactive=include_inactive, limit=PAGE_SIZE, offset=offset
    )
    unit_names = {unit.id: unit.name for unit in await services.units.list(active_only=False)}
    meta = [t("dip_list_title", language)]
    if query:
        meta.append(t("dip_list_search", language, query=query))
    if scope is not None:
        meta.append(t("dip_list_scope_units", language))
    if include_inactive:
        meta.append(t("dip_list_with_inactive", language))
    if not found:
        meta.append(t("dip_list_no_match" if query else "dip_list_empty", language))
    else:
        meta.append(t("dip_list_range", language, first=offset + 1, last=offset + len(found), total=total))
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    for number, item in enumerate(found, start=offset + 1):
        detail = unit_names.get(item.unit_id, f"#{item.unit_id}") + " · "
        detail += classification_label(item.category, item.period, language)
        if not item.active:
            detail += f" · ⛔ {t('dip_list_inactive_mark', language)}"
        summary = _short(item.summary, LIST_SUMMARY_MAX)
        lines.append(t("dip_list_line", language, number=number, summary=summary, detail=detail))
        label = f"{number}. {_short(item.summary, BUTTON_SUMMARY_MAX)}"
        rows.append([InlineKeyboardButton(label, callback_data=view_data(item.id))])
    navigation = []
    if offset > 0:
        previous = page_data(max(offset - PAGE_SIZE, 0), query, include_inactive=include_inactive)
        navigation.append(InlineKeyboardButton("◀", callback_data=previous))
    if offset + PAGE_SIZE < total:
        following = page_data(offset + PAGE_SIZE, query, include_inactive=include_inactive)
        navigation.append(InlineKeyboardButton("▶", callback_data=following))
    if navigation:
        rows.append(navigation)
    if person.has("admin"):
        rows.append([InlineKeyboardButton(t("dip_btn_add", language), callback_data="dip:add")])
        toggle = "dip_btn_hide_inactive" if include_inactive else "dip_btn_show_inactive"
        toggled = page_data(0, query, include_inactive=not include_inactive)
        rows.append([InlineKeyboardButton(t(toggle, language), callback_data=toggled)])
    text = "\n".join(meta) + ("\n\n" + "\n\n".join(lines) if lines else "")
    return text, InlineKeyboardMarkup(rows) if rows else None


async def show_register(update: Update, context: PpidContext) -> None:
    """`/informasi [kata]`: the first page of the register, or of the items matching `kata`."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    query = clean_text(" ".join(context.args or [])) or None
    if query is not None and not _search_text_ok(query):
        await message.reply_text(t("dip_search_too_long", person.language, max=SEARCH_MAX_BYTES))
        return
    text, markup = await _list_page(context, person, 0, query, include_inactive=False)
    await message.reply_text(text, reply_markup=markup)


async def turn_page(update: Update, context: PpidContext) -> None:
    """◀ ▶ and the inactive toggle: show another page of the same list in the same message."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    match = _matched(update, PAGE_RE)
    search = match.group(3) if match else None
    if match is None or (search is not None and not _search_text_ok(search)):
        await popup(query, t("stale_button", person.language), alert=True)
        return
    include_inactive = match.group(1) == "px"
    if include_inactive and not person.has("admin"):
        await popup(query, t("dip_err_not_admin", person.language), alert=True)
        return
    await query.answer()
    text, markup = await _list_page(context, person, int(match.group(2)), search, include_inactive)
    await _edit_message(query, text, markup)


# --- the card ---------------------------------------------------------------------------------


def _card_keyboard(item: InfoItem, person: Person) -> InlineKeyboardMarkup | None:
    """The admin's buttons on a card (none for everyone else)."""
    if not person.has("admin"):
        return None
    language = person.language
    status_button = (
        InlineKeyboardButton(t("dip_btn_deactivate", language), callback_data=f"dip:off:{item.id}")
        if item.active
        else InlineKeyboardButton(t("dip_btn_reactivate", language), callback_data=f"dip:on:{item.id}")
    )
    rows = [[InlineKeyboardButton(t("dip_btn_edit", language), callback_data=f"dip:e:{item.id}"), status_button]]
    if item.active:
        rows.append([InlineKeyboardButton(t("dip_btn_open_cycle", language), callback_data=open_cycle_data(item.id))])
    return InlineKeyboardMarkup(rows)


async def _card(context: PpidContext, person: Person, item: InfoItem) -> tuple[str, InlineKeyboardMarkup | None]:
    """An item's card and its buttons for `person`."""
    text = item_card(item, await _unit_name(context, item.unit_id), context.services.calendar, person.language)
    return text, _card_keyboard(item, person)


async def _item_for(update: Update, context: PpidContext, pattern: re.Pattern[str], *, admin: bool) -> InfoItem | None:
    """The item a card button is about, or None after answering why not (forged, gone, not allowed)."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    match = _matched(update, pattern)
    if match is None:
        await popup(query, t("stale_button", person.language), alert=True)
        return None
    if admin and not person.has("admin"):
        await popup(query, t("dip_err_not_admin", person.language), alert=True)
        return None
    item = await context.services.items.get(int(match.group(1)))
    if item is None:
        await popup(query, t("dip_err_not_found", person.language, id=match.group(1)), alert=True)
        return None
    scope = visible_unit_ids(person.roles, person.unit_ids)
    if scope is not None and item.unit_id not in scope:
        await popup(query, t("dip_not_your_unit", person.language), alert=True)
        return None
    return item


async def view_item(update: Update, context: PpidContext) -> None:
    """An item button of the list: send the item's card."""
    item = await _item_for(update, context, VIEW_RE, admin=False)
    if item is None:
        return
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    text, markup = await _card(context, person_of(context), item)
    await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def ask_deactivate(update: Update, context: PpidContext) -> None:
    """"⛔ Nonaktifkan": ask for confirmation on the card itself."""
    item = await _item_for(update, context, DEACTIVATE_RE, admin=True)
    if item is None:
        return
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    text, markup = await _card(context, person, item)
    if not item.active:
        await popup(query, t("dip_no_change", person.language))
        await _edit_message(query, text, markup)
        return
    await query.answer()
    buttons = [
        InlineKeyboardButton(t("dip_btn_confirm_deactivate", person.language), callback_data=f"dip:offy:{item.id}"),
        InlineKeyboardButton(t("dip_btn_keep", person.language), callback_data=f"dip:offn:{item.id}"),
    ]
    question = t("dip_confirm_deactivate", person.language)
    await _edit_message(query, text + "\n\n" + question, InlineKeyboardMarkup([buttons]))


async def _change_status(update: Update, context: PpidContext, pattern: re.Pattern[str], *, deactivate: bool) -> None:
    """Deactivate or reactivate the item of the pressed card, then show the card as it is now."""
    item = await _item_for(update, context, pattern, admin=True)
    if item is None:
        return
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    change_of = deactivate_item if deactivate else reactivate_item
    try:
        change = await change_of(context.services, person.telegram_id, item.id)
    except RegisterError as error:
        await popup(query, error.text(person.language), alert=True)
        return
    if change.changed:
        await popup(query, t("dip_deactivated" if deactivate else "dip_reactivated", person.language, id=item.id))
    else:
        await popup(query, t("dip_no_change", person.language))
    text, markup = await _card(context, person, change.item)
    await _edit_message(query, text, markup)


async def confirm_deactivate(update: Update, context: PpidContext) -> None:
    """"Ya, nonaktifkan": take the item out of the register."""
    await _change_status(update, context, DEACTIVATE_YES_RE, deactivate=True)


async def reactivate(update: Update, context: PpidContext) -> None:
    """"✅ Aktifkan lagi": put the item back in the register."""
    await _change_status(update, context, REACTIVATE_RE, deactivate=False)


async def keep_item(update: Update, context: PpidContext) -> None:
    """"Tidak jadi": show the card again, unchanged."""
    item = await _item_for(update, context, DEACTIVATE_NO_RE, admin=False)
    if item is None:
        return
    query = update.callback_query
    assert query is not None
    await query.answer()
    text, markup = await _card(context, person_of(context), item)
    await _edit_message(query, text, markup)


async def stale_dip_button(update: Update, context: PpidContext) -> None:
    """Any other `dip:` button (malformed, forged, or from a conversation that is over)."""
    query = update.callback_query
    assert query is not None
    await popup(query, t("stale_button", person_of(context).language), alert=True)


# --- questions shared by adding and editing ---------------------------------------------------


async def _choices(context: PpidContext, field: str, language: str) -> InlineKeyboardMarkup | None:
    """The buttons answering a choice question (None for a typed answer, or no unit to choose)."""
    if field == "unit_id":
        units = (await context.services.units.list())[:MAX_UNIT_BUTTONS]
        if not units:
            return None
        buttons = [InlineKeyboardButton(_short(unit.name, 40), callback_data=f"dip:u:{unit.id}") for unit in units]
        return InlineKeyboardMarkup(_rows(buttons, 2))
    if field == "category":
        buttons = [InlineKeyboardButton(category_label(c, language), callback_data=f"dip:cat:{c}") for c in CATEGORIES]
        return InlineKeyboardMarkup(_rows(buttons, 2))
    if field == "period":
        buttons = [InlineKeyboardButton(period_label(p, language), callback_data=f"dip:per:{p}") for p in PERIODS]
        return InlineKeyboardMarkup(_rows(buttons, 2))
    if field == "form":
        buttons = [InlineKeyboardButton(form_label(f, language), callback_data=f"dip:form:{f}") for f in FORMS]
        return InlineKeyboardMarkup(_rows(buttons, 1))
    return None


async def _send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send `text` to the chat the update came from."""
    message = update.effective_message
    assert message is not None
    return await message.reply_text(text, reply_markup=markup)


async def _show_choice(query: CallbackQuery, field: str, answer: str, language: str) -> None:
    """Turn an answered question into "✔️ Field: answer" (its buttons go away)."""
    await _edit_message(query, t("dip_chosen", language, field=field_label(field, language), answer=answer))


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


def _next_field(draft: dict[str, Any]) -> str:
    """The first field of the draft still to be answered (`CONFIRM` when all are)."""
    for field in DRAFT_FIELDS:
        if field == "period" and draft.get("category") != "berkala":
            continue
        if field == "legal_basis" and draft.get("category") != "dikecualikan":
            continue
        if field not in draft:
            return field
    return CONFIRM


async def _ask_add(update: Update, context: PpidContext, draft: dict[str, Any], prefix: str | None = None) -> str:
    """Send the next question of the draft (or its summary card to confirm); return the state."""
    language = person_of(context).language
    field = _next_field(draft)
    if field == CONFIRM:
        unit_name = await _unit_name(context, int(draft["unit_id"]))
        text = draft_card(draft, unit_name, language) + "\n\n" + t("dip_confirm_hint", language)
        token = draft["token"]
        markup = InlineKeyboardMarkup(
            [[
                InlineKeyboardButton(t("dip_btn_save", language), callback_data=f"dip:save:{token}"),
                InlineKeyboardButton(t("dip_btn_cancel", language), callback_data=f"dip:drop:{token}"),
            ]]
        )
        state = ADD_CONFIRM
    else:
        text = t(f"dip_q_{field}", language)
        markup = await _choices(context, field, language)
        state = ADD_STATES[field]
        if field == "unit_id" and markup is None:
            return await _end_no_units(update, context)
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, markup)
    return state


async def start_add(update: Update, context: PpidContext) -> str | int:
    """"➕ Tambah informasi": start a fresh draft and ask for the summary."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    if not person.has("admin"):
        await popup(query, t("dip_err_not_admin", person.language), alert=True)
        return ConversationHandler.END
    await query.answer()
    forget_flow(context, FLOW)
    if not await context.services.units.list():
        return await _end_no_units(update, context)
    draft: dict[str, Any] = {"token": secrets.token_hex(4)}
    context.user_data[DRAFT_KEY] = draft
    return await _ask_add(update, context, draft, prefix=t("dip_add_start", person.language))


async def _take_text(update: Update, context: PpidContext, field: str) -> str | int:
    """Check a typed answer for `field`; store it and ask the next question, or ask again."""
    if not person_of(context).has("admin"):
        return await _end_refused(update, context)
    draft = _draft(context)
    if draft is None:
        return await _end_lost(update, context)
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


async def receive_legal_basis(update: Update, context: PpidContext) -> str | int:
    """The legal basis of an exempt item, typed (at least 10 characters)."""
    return await _take_text(update, context, "legal_basis")


async def receive_retention(update: Update, context: PpidContext) -> str | int:
    """The retention period, typed."""
    return await _take_text(update, context, "retention")


async def _take_choice(update: Update, context: PpidContext, field: str, value: str | int, label: str) -> str | int:
    """Store a chosen answer for `field`, show it on the question, and ask the next question."""
    query = update.callback_query
    assert query is not None
    if not person_of(context).has("admin"):
        return await _end_refused(update, context)
    draft = _draft(context)
    if draft is None:
        return await _end_lost(update, context)
    await query.answer()
    draft[field] = value
    if field == "category":
        # A new category invalidates what only the old one needed.
        draft.pop("period", None)
        draft.pop("legal_basis", None)
    context.user_data[DRAFT_KEY] = draft
    await _show_choice(query, field, label, person_of(context).language)
    return await _ask_add(update, context, draft)


async def choose_unit(update: Update, context: PpidContext) -> str | int:
    """The holding unit, chosen from the active units."""
    match = _matched(update, UNIT_RE)
    assert match is not None
    try:
        unit = await validate_unit(context.services, int(match.group(1)))
    except ValidationError as error:
        query = update.callback_query
        assert query is not None
        await popup(query, error.text(person_of(context).language), alert=True)
        return ADD_UNIT
    return await _take_choice(update, context, "unit_id", unit.id, unit.name)


async def choose_category(update: Update, context: PpidContext) -> str | int:
    """The category: berkala asks for a period next, dikecualikan for a legal basis."""
    match = _matched(update, CATEGORY_RE)
    assert match is not None
    category = match.group(1)
    label = category_label(category, person_of(context).language)
    return await _take_choice(update, context, "category", category, label)


async def choose_period(update: Update, context: PpidContext) -> str | int:
    """The update period of a berkala item."""
    match = _matched(update, PERIOD_RE)
    assert match is not None
    period = match.group(1)
    return await _take_choice(update, context, "period", period, period_label(period, person_of(context).language))


async def choose_form(update: Update, context: PpidContext) -> str | int:
    """The form available: soft copy, hard copy, or both."""
    match = _matched(update, FORM_RE)
    assert match is not None
    form = match.group(1)
    return await _take_choice(update, context, "form", form, form_label(form, person_of(context).language))


async def save_draft(update: Update, context: PpidContext) -> str | int:
    """"Simpan": write the item (one transaction, one audit entry) and show its card."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    draft = _draft(context)
    match = _matched(update, SAVE_RE)
    if draft is None or match is None or match.group(1) != draft.get("token") or _next_field(draft) != CONFIRM:
        await popup(query, t("stale_button", person.language), alert=True)
        return ADD_CONFIRM if draft is not None else ConversationHandler.END
    values = {field: draft.get(field) for field in DRAFT_FIELDS}
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
        return await _ask_add(update, context, draft, prefix=error.text(person.language))
    forget_flow(context, FLOW)
    await popup(query, t("dip_saved", person.language, id=item.id))
    text, markup = await _card(context, person, item)
    await _edit_message(query, t("dip_saved", person.language, id=item.id) + "\n\n" + text, markup)
    return ConversationHandler.END


async def drop_draft(update: Update, context: PpidContext) -> str | int:
    """"Batal" on the summary card: forget the draft, write nothing."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    draft = _draft(context)
    match = _matched(update, DROP_RE)
    if draft is None or match is None or match.group(1) != draft.get("token"):
        await popup(query, t("stale_button", person.language), alert=True)
        return ADD_CONFIRM if draft is not None else ConversationHandler.END
    forget_flow(context, FLOW)
    await query.answer()
    await _edit_message(query, t("dip_add_dropped", person.language))
    return ConversationHandler.END


# --- editing ----------------------------------------------------------------------------------


def _edit_state(context: PpidContext) -> dict[str, Any] | None:
    """The edit in progress (`item_id`, then `field`, and a pending `category`), or None."""
    data = context.user_data.get(EDIT_KEY) if context.user_data is not None else None
    return data if isinstance(data, dict) and isinstance(data.get("item_id"), int) else None


def _editable_fields(item: InfoItem) -> list[str]:
    """The fields an admin may pick for this item (period only if berkala, basis only if exempt)."""
    return [
        field
        for field in DRAFT_FIELDS
        if not (field == "period" and item.category != "berkala")
        and not (field == "legal_basis" and item.category != "dikecualikan")
    ]


async def _ask_field(update: Update, context: PpidContext, item: InfoItem, prefix: str | None = None) -> str:
    """Send the choice of field to edit; return its state."""
    language = person_of(context).language
    buttons = [
        InlineKeyboardButton(field_label(field, language), callback_data=f"dip:f:{field}")
        for field in _editable_fields(item)
    ]
    rows = _rows(buttons, 2) + [[InlineKeyboardButton(t("dip_btn_cancel", language), callback_data="dip:x")]]
    text = t("dip_edit_choose", language, id=item.id, summary=_short(item.summary, LIST_SUMMARY_MAX))
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, InlineKeyboardMarkup(rows))
    return EDIT_FIELD


async def _ask_edit_value(
    update: Update, context: PpidContext, item: InfoItem, edit: dict[str, Any], prefix: str | None = None
) -> str:
    """Send the question for the value being edited; return its state."""
    language = person_of(context).language
    field = str(edit.get("field"))
    pending = edit.get("category")
    if field == "category" and pending == "berkala":
        text, markup, state = t("dip_q_period", language), await _choices(context, "period", language), EDIT_PERIOD
    elif field == "category" and pending == "dikecualikan":
        text, markup, state = t("dip_q_legal_basis", language), None, EDIT_LEGAL_BASIS
    elif field in TEXT_FIELDS:
        current = getattr(item, field) or "-"
        text = t("dip_edit_type", language, field=field_label(field, language), current=_short(str(current), 300))
        markup, state = None, EDIT_TEXT
    else:
        states = {"unit_id": EDIT_UNIT, "category": EDIT_CATEGORY, "period": EDIT_PERIOD, "form": EDIT_FORM}
        text, markup, state = t(f"dip_q_{field}", language), await _choices(context, field, language), states[field]
        if field == "unit_id" and markup is None:
            return await _end_no_units(update, context)
    await _send(update, f"{prefix}\n\n{text}" if prefix else text, markup)
    return state


async def _edit_context(update: Update, context: PpidContext) -> tuple[dict[str, Any], InfoItem] | int:
    """The edit in progress and its item as it is now, or END after saying why not."""
    if not person_of(context).has("admin"):
        return await _end_refused(update, context)
    edit = _edit_state(context)
    if edit is None:
        return await _end_lost(update, context)
    item = await context.services.items.get(edit["item_id"])
    if item is None:
        return await _end_refused(update, context, ItemMissing(edit["item_id"]))
    return edit, item


async def start_edit(update: Update, context: PpidContext) -> str | int | None:
    """"✏️ Ubah" on a card: choose the field to change."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    match = _matched(update, EDIT_RE)
    assert match is not None
    if not person.has("admin"):
        await popup(query, t("dip_err_not_admin", person.language), alert=True)
        return None  # refused: the person's current step (if any) stays as it was
    item = await context.services.items.get(int(match.group(1)))
    if item is None:
        await popup(query, t("dip_err_not_found", person.language, id=match.group(1)), alert=True)
        return None
    await query.answer()
    forget_flow(context, FLOW)
    context.user_data[EDIT_KEY] = {"item_id": item.id}
    return await _ask_field(update, context, item)


async def choose_field(update: Update, context: PpidContext) -> str | int:
    """The field to change: ask for its new value."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    _, item = found
    query = update.callback_query
    assert query is not None
    match = _matched(update, FIELD_RE)
    assert match is not None
    field = match.group(1)
    language = person_of(context).language
    if field not in _editable_fields(item):
        key = "dip_err_period_only_berkala" if field == "period" else "dip_err_basis_only_exempt"
        await popup(query, t(key, language), alert=True)
        return EDIT_FIELD
    await query.answer()
    edit = {"item_id": item.id, "field": field}
    context.user_data[EDIT_KEY] = edit
    await _edit_message(
        query, t("dip_chosen", language, field=t("dip_edit_field_label", language), answer=field_label(field, language))
    )
    return await _ask_edit_value(update, context, item, edit)


async def _apply_edit(
    update: Update,
    context: PpidContext,
    edit: dict[str, Any],
    item: InfoItem,
    value: object,
    *,
    period: object = None,
    legal_basis: object = None,
) -> str | int:
    """Write the edit of `edit["field"]` (one transaction, one audit entry) and show the card.

    An invalid value asks the question again; a refusal (no longer admin, item gone) ends.
    """
    person = person_of(context)
    query = update.callback_query
    field = str(edit.get("field"))
    try:
        change = await edit_item(
            context.services, person.telegram_id, item.id, field, value, period=period, legal_basis=legal_basis
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
    text, markup = await _card(context, person, change.item)
    await _send(update, notice + "\n\n" + text, markup)
    if ended is not None:
        await _tell_cycle_ended(context, ended, change.item)
    return ConversationHandler.END


async def _tell_cycle_ended(context: PpidContext, cycle: Cycle, item: InfoItem) -> None:
    """Tell everyone who held the ended cycle's step that it will not be published."""
    services = context.services
    holders = await services.workflow.holders_of_step(cycle.current_step, item)
    for user_id, language in (await languages_for(services, holders)).items():
        await send_to(context, user_id, t("cycle_ended_exempt", language, summary=item.summary, step=cycle.current_step))


async def receive_edit_text(update: Update, context: PpidContext) -> str | int:
    """The new value of a typed field (checked by `bot.register.edit_item`)."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    edit, item = found
    message = update.effective_message
    assert message is not None
    return await _apply_edit(update, context, edit, item, message.text)


async def _edit_choice(
    update: Update, context: PpidContext, pattern: re.Pattern[str], field: str, label: Callable[[str, str], str]
) -> tuple[dict[str, Any], InfoItem, str, CallbackQuery] | int:
    """A button chosen while editing: the edit, its item and the chosen value, shown as chosen."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    edit, item = found
    match = _matched(update, pattern)
    query = update.callback_query
    assert match is not None and query is not None
    value = match.group(1)
    language = person_of(context).language
    await _show_choice(query, field, label(value, language), language)
    return edit, item, value, query


async def choose_edit_unit(update: Update, context: PpidContext) -> str | int:
    """The new holding unit."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    edit, item = found
    match = _matched(update, UNIT_RE)
    query = update.callback_query
    assert match is not None and query is not None
    unit_id = int(match.group(1))
    language = person_of(context).language
    await _show_choice(query, "unit_id", await _unit_name(context, unit_id), language)
    return await _apply_edit(update, context, edit, item, unit_id)


async def choose_edit_category(update: Update, context: PpidContext) -> str | int:
    """The new category: berkala asks for its period, dikecualikan for its legal basis."""
    chosen = await _edit_choice(update, context, CATEGORY_RE, "category", category_label)
    if isinstance(chosen, int):
        return chosen
    edit, item, value, query = chosen
    if value in ("berkala", "dikecualikan"):
        await query.answer()
        edit = {"item_id": item.id, "field": "category", "category": value}
        context.user_data[EDIT_KEY] = edit
        return await _ask_edit_value(update, context, item, edit)
    return await _apply_edit(update, context, edit, item, value)


async def choose_edit_period(update: Update, context: PpidContext) -> str | int:
    """The period: of a berkala item, or of the item becoming berkala."""
    chosen = await _edit_choice(update, context, PERIOD_RE, "period", period_label)
    if isinstance(chosen, int):
        return chosen
    edit, item, value, query = chosen
    if edit.get("field") == "category":
        return await _apply_edit(update, context, edit, item, "berkala", period=value)
    return await _apply_edit(update, context, edit, item, value)


async def receive_edit_legal_basis(update: Update, context: PpidContext) -> str | int:
    """The legal basis of the item becoming dikecualikan, typed (asked again if too short)."""
    found = await _edit_context(update, context)
    if isinstance(found, int):
        return found
    edit, item = found
    message = update.effective_message
    assert message is not None
    return await _apply_edit(update, context, edit, item, "dikecualikan", legal_basis=message.text)


async def choose_edit_form(update: Update, context: PpidContext) -> str | int:
    """The new form."""
    chosen = await _edit_choice(update, context, FORM_RE, "form", form_label)
    if isinstance(chosen, int):
        return chosen
    edit, item, value, query = chosen
    return await _apply_edit(update, context, edit, item, value)


async def leave_edit(update: Update, context: PpidContext) -> int:
    """"Batal" on the field choice: leave the edit, nothing changes."""
    query = update.callback_query
    assert query is not None
    forget_flow(context, FLOW)
    await query.answer()
    await _edit_message(query, t("dip_edit_cancelled", person_of(context).language))
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


# --- wiring -----------------------------------------------------------------------------------


def _typed(callback: Any) -> list[Any]:
    """Handlers of a step answered by typing."""
    return [
        MessageHandler(filters.TEXT & ~filters.COMMAND, callback),
        MessageHandler(~filters.TEXT & ~filters.COMMAND, expect_text),
    ]


def _chosen(pattern: re.Pattern[str], callback: Any) -> list[Any]:
    """Handlers of a step answered with a button."""
    return [CallbackQueryHandler(callback, pattern=pattern), MessageHandler(~filters.COMMAND, repeat_choice)]


def build_conversation() -> ConversationHandler[Any]:
    """The `register_add` conversation: adding an item, and editing one."""
    return persistent_conversation(
        name=FLOW,
        entry_points=[
            CallbackQueryHandler(start_add, pattern=ADD_RE),
            CallbackQueryHandler(start_edit, pattern=EDIT_RE),
        ],
        states={
            ADD_SUMMARY: _typed(receive_summary),
            ADD_UNIT: _chosen(UNIT_RE, choose_unit),
            ADD_RESPONSIBLE: _typed(receive_responsible),
            ADD_MADE_TIME_PLACE: _typed(receive_made_time_place),
            ADD_CATEGORY: _chosen(CATEGORY_RE, choose_category),
            ADD_PERIOD: _chosen(PERIOD_RE, choose_period),
            ADD_LEGAL_BASIS: _typed(receive_legal_basis),
            ADD_FORM: _chosen(FORM_RE, choose_form),
            ADD_RETENTION: _typed(receive_retention),
            ADD_CONFIRM: [
                CallbackQueryHandler(save_draft, pattern=SAVE_RE),
                CallbackQueryHandler(drop_draft, pattern=DROP_RE),
                MessageHandler(~filters.COMMAND, repeat_choice),
            ],
            EDIT_FIELD: [
                CallbackQueryHandler(choose_field, pattern=FIELD_RE),
                CallbackQueryHandler(leave_edit, pattern=LEAVE_RE),
                MessageHandler(~filters.COMMAND, repeat_choice),
            ],
            EDIT_TEXT: _typed(receive_edit_text),
            EDIT_UNIT: _chosen(UNIT_RE, choose_edit_unit),
            EDIT_CATEGORY: _chosen(CATEGORY_RE, choose_edit_category),
            EDIT_PERIOD: _chosen(PERIOD_RE, choose_edit_period),
            EDIT_LEGAL_BASIS: _typed(receive_edit_legal_basis),
            EDIT_FORM: _chosen(FORM_RE, choose_edit_form),
        },
    )


def register(application: Application) -> None:
    """Add this flow's handlers: the conversation first, then the list and card buttons."""
    application.add_handler(build_conversation())
    application.add_handler(CommandHandler("informasi", show_register))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=re.compile(r"dip:p[gx]:")))
    application.add_handler(CallbackQueryHandler(view_item, pattern=VIEW_RE))
    application.add_handler(CallbackQueryHandler(ask_deactivate, pattern=DEACTIVATE_RE))
    application.add_handler(CallbackQueryHandler(confirm_deactivate, pattern=DEACTIVATE_YES_RE))
    application.add_handler(CallbackQueryHandler(keep_item, pattern=DEACTIVATE_NO_RE))
    application.add_handler(CallbackQueryHandler(reactivate, pattern=REACTIVATE_RE))
    application.add_handler(CallbackQueryHandler(stale_dip_button, pattern=ANY_DIP_RE))
