"""`/unit`: an admin sees the units (OPD and bidang) and adds or renames one, a short
conversation whose step is typing the name.

Thin glue over `bot.onboarding`. The buttons (pages are 0-based on the wire):

    unit:ls:<page>                       a page of the unit list
    unit:add / unit:kind:<opd|bidang>    add a unit: its kind, then its name is typed
    unit:ren:<unit>                      rename that unit: its new name is typed
    unit:req:<unit>                      import the checklist of required information for that unit
                                         (`handlers.required_info`)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.onboarding import OnboardingError, add_unit, rename_unit
from bot.staff import Person
from bot.texts import raw, t
from handlers.access import person_of
from handlers.callbacks import CallbackData, family_pattern, popup
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.onboarding_buttons import Callback, admin_only, on_press, unknown_button
from handlers.required_info import UnitImportRequired, import_for_unit
from handlers.staff_views import UnitId, WirePage, label, list_page, page_arrows, page_line
from storage.units import Unit

UNIT_FLOW = "unit"
# Conversation states of /unit (strings: they are persisted as JSON).
ASK_KIND = "unit_kind"
ASK_NAME = "unit_name"
ASK_RENAME = "unit_rename"
# A refused name that may be typed again; any other refusal ends the flow.
RETYPABLE = ("duplicate_unit", "bad_unit_name")


def _kind_label(kind: str, language: str) -> str:
    return raw(f"onb_kind_{kind}", language)


def _units_view(units: Sequence[Unit], wire_page: int, language: str) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the unit list with a button to add one and, per unit, one to rename it and one to
    import the checklist of required information for it."""
    page = list_page(len(units), wire_page)
    shown = page.slice(units)
    lines = [t("onb_units_heading", language, count=len(units)) + page_line(page, language)]
    if units:
        lines += [f"• {escape(unit.name)} ({escape(_kind_label(unit.kind, language))})" for unit in shown]
        lines.append("\n" + t("onb_units_hint", language))
    else:
        lines.append(raw("onb_units_empty", language))
    rows = [[UnitAdd().button(t("onb_btn_add_unit", language))]]
    rows += [
        [
            UnitRename(unit.id).button(label(language, "onb_btn_rename_unit", name=unit.name)),
            UnitImportRequired(unit.id).button(t("req_btn_import", language)),
        ]
        for unit in shown
    ]
    rows += page_arrows(page, language, UnitList)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _kind_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[UnitKind(kind).button(_kind_label(kind, language))] for kind in ("opd", "bidang")])


@admin_only
async def unit_command(update: Update, context: PpidContext) -> object:
    """`/unit`: the list of units with buttons to add and rename (admins only). Resets the flow."""
    forget_flow(context, UNIT_FLOW)
    message = update.effective_message
    assert message is not None
    text, markup = _units_view(await context.services.units.list(), 0, person_of(context).language)
    await message.reply_text(text, reply_markup=markup)
    return ConversationHandler.END


@dataclass(frozen=True)
class UnitList(CallbackData, prefix="unit:ls"):
    page: WirePage


@admin_only
@on_press(UnitList)
async def unit_list(query: CallbackQuery, context: PpidContext, person: Person, data: UnitList) -> None:
    """Another page of the unit list."""
    await query.answer()
    text, markup = _units_view(await context.services.units.list(), data.page, person.language)
    await query.edit_message_text(text, reply_markup=markup)


@dataclass(frozen=True)
class UnitAdd(CallbackData, prefix="unit:add"):
    pass


@admin_only
@on_press(UnitAdd)
async def start_add_unit(query: CallbackQuery, context: PpidContext, person: Person, data: UnitAdd) -> object:
    """"Add unit" pressed: ask whether it is an OPD or a bidang."""
    forget_flow(context, UNIT_FLOW)
    await query.answer()
    language = person.language
    await query.edit_message_text(t("onb_unit_choose_kind", language), reply_markup=_kind_keyboard(language))
    return ASK_KIND


@dataclass(frozen=True)
class UnitKind(CallbackData, prefix="unit:kind"):
    kind: Literal["opd", "bidang"]


@admin_only
@on_press(UnitKind)
async def choose_unit_kind(query: CallbackQuery, context: PpidContext, person: Person, data: UnitKind) -> object:
    """The kind was chosen: ask for the name."""
    assert context.user_data is not None
    context.user_data[flow_key(UNIT_FLOW, "kind")] = data.kind
    await query.answer()
    await query.edit_message_text(t("onb_unit_ask_name", person.language, kind=_kind_label(data.kind, person.language)))
    return ASK_NAME


@dataclass(frozen=True)
class UnitRename(CallbackData, prefix="unit:ren"):
    unit_id: UnitId


@admin_only
@on_press(UnitRename)
async def start_rename_unit(query: CallbackQuery, context: PpidContext, person: Person, data: UnitRename) -> object:
    """A unit was tapped: ask for its new name."""
    assert context.user_data is not None
    unit = await context.services.units.get(data.unit_id)
    if unit is None or not unit.active:
        await popup(query, t("onb_err_unknown_unit", person.language), alert=True)
        return None  # refused: the person's current step (if any) stays as it was
    forget_flow(context, UNIT_FLOW)
    context.user_data[flow_key(UNIT_FLOW, "unit_id")] = unit.id
    await query.answer()
    await query.edit_message_text(t("onb_unit_ask_rename", person.language, name=unit.name))
    return ASK_RENAME


SaveName = Callable[[PpidContext, Person, str], Awaitable[str]]


async def _save_new_unit(context: PpidContext, person: Person, name: str) -> str:
    """Add the unit of the kind chosen before; what to tell the admin."""
    assert context.user_data is not None
    kind = str(context.user_data.get(flow_key(UNIT_FLOW, "kind"), "opd"))
    unit = await add_unit(context.services, person.telegram_id, name, kind)
    return t("onb_unit_added", person.language, name=unit.name, kind=_kind_label(unit.kind, person.language))


async def _save_new_name(context: PpidContext, person: Person, name: str) -> str:
    """Rename the unit tapped before; what to tell the admin."""
    assert context.user_data is not None
    unit_id = int(context.user_data.get(flow_key(UNIT_FLOW, "unit_id"), 0))
    old = await context.services.units.get(unit_id)
    unit = await rename_unit(context.services, person.telegram_id, unit_id, name)
    if old is None or old.name == unit.name:
        return t("onb_unit_unchanged", person.language)
    return t("onb_unit_renamed", person.language, old=old.name, new=unit.name)


def _name_typed(save: SaveName, state: str) -> Callback:
    """The step of typing a unit's name (`state`): `save` it, or say why not and ask again when
    the name was taken or empty (any other refusal ends the flow)."""

    @admin_only
    async def receive(update: Update, context: PpidContext) -> object:
        """The unit's name was typed."""
        person = person_of(context)
        message = update.effective_message
        assert message is not None and message.text is not None
        try:
            done = await save(context, person, message.text)
        except OnboardingError as error:
            await message.reply_text(t(f"onb_err_{error.reason}", person.language))
            if error.reason in RETYPABLE:
                return state
        else:
            await message.reply_text(done)
        forget_flow(context, UNIT_FLOW)
        return ConversationHandler.END

    return receive


receive_unit_name = _name_typed(_save_new_unit, ASK_NAME)
receive_unit_rename = _name_typed(_save_new_name, ASK_RENAME)


async def unit_name_needed(update: Update, context: PpidContext) -> None:
    """Something other than text where a unit name is expected: say so, keep the step."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(t("onb_unit_need_text", person_of(context).language))


def unit_conversation() -> ConversationHandler[Any]:
    """`/unit` with its add and rename flows, persistent and re-enterable."""
    name_text = filters.TEXT & ~filters.COMMAND
    not_text = ~filters.TEXT & ~filters.COMMAND
    return persistent_conversation(
        UNIT_FLOW,
        entry_points=[
            CommandHandler("unit", unit_command),
            CallbackQueryHandler(start_add_unit, pattern=UnitAdd.pattern()),
            CallbackQueryHandler(start_rename_unit, pattern=UnitRename.pattern()),
        ],
        states={
            ASK_KIND: [CallbackQueryHandler(choose_unit_kind, pattern=UnitKind.pattern())],
            ASK_NAME: [MessageHandler(name_text, receive_unit_name), MessageHandler(not_text, unit_name_needed)],
            ASK_RENAME: [MessageHandler(name_text, receive_unit_rename), MessageHandler(not_text, unit_name_needed)],
        },
    )


KINDS: tuple[type[CallbackData], ...] = (UnitList, UnitAdd, UnitKind, UnitRename, UnitImportRequired)


def register(application: Application) -> None:
    """Add /unit, its conversation and its buttons (before the fallback, which answers unknown
    buttons; the conversation before the family's catch-all)."""
    application.add_handler(unit_conversation())
    application.add_handler(CallbackQueryHandler(unit_list, pattern=UnitList.pattern()))
    application.add_handler(CallbackQueryHandler(import_for_unit, pattern=UnitImportRequired.pattern()))
    application.add_handler(CallbackQueryHandler(unknown_button, pattern=family_pattern("unit")))
