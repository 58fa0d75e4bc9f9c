"""An item of the register as it shows in chat: its card with the admin's buttons (and, for an
item the public sees, its page on the web site when WEB_PUBLIC_URL is set); and what the
list (`handlers.register_list`) and the form (`handlers.register_form`) share with it: the
register's role gate for admins and small message helpers."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.application import PpidContext
from bot.exemption_decision import signed_status_line
from bot.register import item_card
from bot.staff import Person
from bot.texts import t
from bot.web_links import public_item_url
from handlers.cycle_admin import cycle_admin_row
from handlers.register_buttons import Deactivate, EditItem, Reactivate
from handlers.role_gate import requires_role
from handlers.step_keyboards import OpenCycle
from storage.items import InfoItem

LIST_SUMMARY_MAX = 90

admin_only = requires_role("admin", refusal="dip_err_not_admin")
"""The gate of the register's admin buttons (adding, editing, (de)activating, inactive items)."""


def short(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rows_of(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `per_row` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


async def edit_message(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text (and keyboard) of the pressed message; "not modified" is fine."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def unit_name(context: PpidContext, unit_id: int) -> str:
    """The unit's name (its number if it is gone)."""
    unit = await context.services.units.get(unit_id)
    return unit.name if unit is not None else f"#{unit_id}"


def card_keyboard(item: InfoItem, person: Person) -> InlineKeyboardMarkup | None:
    """The admin's buttons on a card (none for everyone else)."""
    if not person.has("admin"):
        return None
    language = person.language
    status_button = (
        Deactivate(item.id).button(t("dip_btn_deactivate", language))
        if item.active
        else Reactivate(item.id).button(t("dip_btn_reactivate", language))
    )
    rows = [[EditItem(item.id).button(t("dip_btn_edit", language)), status_button]]
    if item.active:
        # The cycle flow's button (`cyc:open:<id>`, handled by handlers.tasks).
        rows.append([OpenCycle(item.id).button(t("dip_btn_open_cycle", language))])
    return InlineKeyboardMarkup(rows)


async def card(context: PpidContext, person: Person, item: InfoItem) -> tuple[str, InlineKeyboardMarkup | None]:
    """An item's card and its buttons for `person`."""
    services = context.services
    text = item_card(
        item, await unit_name(context, item.unit_id), services.calendar, person.language,
        now=services.clock.now(), admin=person.has("admin"),
    )
    signed = await signed_status_line(services, item, person.language)  # None unless exempt with a test
    if signed is not None:
        text += "\n" + signed
    web = await public_item_url(context.services, item.id, person.language)  # None unless the public sees it
    if web:
        text += "\n" + t("dip_card_web_link", person.language, link=web)
    keyboard = card_keyboard(item, person)
    cycle = await context.services.cycles.open_for_item(item.id) if keyboard is not None else None
    if keyboard is not None and cycle is not None:  # the admin's way out of a stuck cycle
        keyboard = InlineKeyboardMarkup([*keyboard.inline_keyboard, cycle_admin_row(cycle, person.language)])
    return text, keyboard
