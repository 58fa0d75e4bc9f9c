"""Staff administration by chat: `/undang` (invites), `/staf` (roles), `/unit` (units), `/bahasa`.

Thin glue over `bot.onboarding`. Keyboards and their callback-data formats live here:

    inv:role:<role>                      /undang: the role of the invite
    inv:unit:<unit>                      /undang: the unit of a PPID Pelaksana invite
    inv:upg:<page>                       /undang: a page of the unit list
    inv:ls:<page>                        /undang: a page of the open invites
    inv:rv:<invite>                      /undang: revoke that open invite
    stf:ls:<page>                        /staf: a page of the staff list
    stf:p:<uid>                          /staf: one person's card
    stf:add:<uid>                        /staf: choose a role to add
    stf:gr:<uid>:<role>[:<unit>]         /staf: add the role (pelaksana without unit: choose one)
    stf:gu:<uid>:<page>                  /staf: a page of the units for a pelaksana grant
    stf:rev:<uid>:<role>[:<unit>]        /staf: ask to confirm revoking a role
    stf:revok:<uid>:<role>[:<unit>]      /staf: revoke it (confirmed)
    stf:off:<uid>                        /staf: ask to confirm deactivating a person
    stf:offok:<uid>                      /staf: deactivate (confirmed)
    unit:ls:<page>                       /unit: a page of the unit list
    unit:add / unit:kind:<opd|bidang>    /unit: add a unit (conversation)
    unit:ren:<unit>                      /unit: rename a unit (conversation)
    lang:<id|en>                         /bahasa: the language

Data is parsed strictly (whole-string patterns); anything else with these prefixes gets a clear
answer and changes nothing. A grant, revocation or deactivation refreshes that person's command
menu at once. Every command and button checks the role held in the database for this
update (`context.person`), and `bot.onboarding` checks it again inside its transaction.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from html import escape
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.application import PpidContext
from bot.onboarding import (
    OnboardingError,
    StaffMember,
    add_unit,
    create_invite,
    deactivate_person,
    grant_role,
    invite_link,
    list_staff,
    rename_unit,
    revoke_invite,
    revoke_role,
    set_language,
    staff_member,
)
from bot.services import Services
from bot.staff import Person
from bot.texts import LANGUAGES, raw, t
from handlers.access import person_of, refresh_menu
from handlers.callbacks import button, callback_data, parse_callback, popup
from handlers.conversation import flow_key, forget_flow, persistent_conversation
from handlers.onboarding import tell_admins_of_new_admin
from storage.units import Unit
from storage.users import ROLES

PAGE_SIZE = 8
UNIT_FLOW = "unit"
# Conversation states of /unit (strings: they are persisted as JSON).
ASK_KIND = "unit_kind"
ASK_NAME = "unit_name"
ASK_RENAME = "unit_rename"

_UID = r"(\d{1,15})"
_INVITE = r"(\d{1,12})"
_UNIT = r"(\d{1,9})"
_PAGE = r"(\d{1,4})"
_ROLE = "(" + "|".join(ROLES) + ")"
_GRANT = rf"{_UID}:{_ROLE}(?::{_UNIT})?"

INVITE_PATTERNS: dict[str, re.Pattern[str]] = {
    "role": re.compile(rf"inv:role:{_ROLE}"),
    "unit": re.compile(rf"inv:unit:{_UNIT}"),
    "page": re.compile(rf"inv:upg:{_PAGE}"),
    "open_page": re.compile(rf"inv:ls:{_PAGE}"),
    "revoke": re.compile(rf"inv:rv:{_INVITE}"),
}
STAFF_PATTERNS: dict[str, re.Pattern[str]] = {
    "list": re.compile(rf"stf:ls:{_PAGE}"),
    "card": re.compile(rf"stf:p:{_UID}"),
    "add": re.compile(rf"stf:add:{_UID}"),
    "grant": re.compile(rf"stf:gr:{_GRANT}"),
    "grant_units": re.compile(rf"stf:gu:{_UID}:{_PAGE}"),
    "ask_revoke": re.compile(rf"stf:rev:{_GRANT}"),
    "revoke": re.compile(rf"stf:revok:{_GRANT}"),
    "ask_deactivate": re.compile(rf"stf:off:{_UID}"),
    "deactivate": re.compile(rf"stf:offok:{_UID}"),
}
UNIT_PATTERNS: dict[str, re.Pattern[str]] = {"list": re.compile(rf"unit:ls:{_PAGE}")}
LANGUAGE_PATTERNS: dict[str, re.Pattern[str]] = {"set": re.compile("lang:(" + "|".join(LANGUAGES) + ")")}
UNIT_ADD_DATA = "unit:add"
UNIT_KIND_RE = re.compile(r"^unit:kind:(opd|bidang)\Z")
UNIT_RENAME_RE = re.compile(rf"^unit:ren:{_UNIT}\Z")

Action = Callable[..., Awaitable[None]]


# -- callback data ----------------------------------------------------------------------------------


def _optional_int(text: str | None) -> int | None:
    return None if text is None else int(text)


# -- small shared helpers ---------------------------------------------------------------------------


def role_label(role: str, unit_id: int | None, unit_names: dict[int, str], language: str) -> str:
    """A role as people read it, with the unit for a PPID Pelaksana."""
    label = raw(f"onb_role_{role}", language)
    if unit_id is None:
        return label
    return raw("onb_role_with_unit", language).format(role=label, unit=unit_names.get(unit_id, f"#{unit_id}"))


async def unit_names(services: Services) -> dict[int, str]:
    """Every unit's name by id (inactive ones too: old grants may point at them)."""
    return {unit.id: unit.name for unit in await services.units.list(active_only=False)}


def _page_slice(items: Sequence[Any], page: int) -> tuple[Sequence[Any], int, int]:
    """The items of `page` (clamped), the page shown and the number of pages."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, pages


def _nav_row(page: int, pages: int, language: str, *prefix: str | int) -> list[InlineKeyboardButton]:
    """Previous/next buttons for a paged list (empty when there is one page)."""
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(button(t("onb_btn_prev", language), *prefix, page - 1))
    if page < pages - 1:
        row.append(button(t("onb_btn_next", language), *prefix, page + 1))
    return row


def _page_line(page: int, pages: int, language: str) -> str:
    return "" if pages == 1 else "\n" + t("onb_page", language, page=page + 1, pages=pages)


def _label(language: str, key: str, **values: Any) -> str:
    """`t` for button labels: Telegram shows button text as is, so no HTML escaping there."""
    return raw(key, language).format(**values)


async def _answer_error(query: CallbackQuery, error: OnboardingError, language: str) -> None:
    await popup(query, t(f"onb_err_{error.reason}", language), alert=True)


async def _run_callback(
    update: Update,
    context: PpidContext,
    patterns: dict[str, re.Pattern[str]],
    actions: dict[str, Action],
    *,
    admin_only: bool,
) -> None:
    """Parse a button strictly, check the role held now, then run its action (which answers it)."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    parsed = parse_callback(query.data, patterns)
    if parsed is None:
        await popup(query, t("onb_bad_button", person.language), alert=True)
        return
    if admin_only and not person.has("admin"):
        await popup(query, t("onb_err_not_admin", person.language), alert=True)
        return
    action, fields = parsed
    try:
        await actions[action](query, context, person, *fields)
    except OnboardingError as error:
        await _answer_error(query, error, person.language)


async def _refuse_non_admin(update: Update, person: Person) -> bool:
    """Tell a non-admin that the command is for admins; True when refused."""
    if person.has("admin"):
        return False
    message = update.effective_message
    if message is not None:
        await message.reply_text(t("onb_err_not_admin", person.language))
    return True


# -- /undang ----------------------------------------------------------------------------------------


def invite_roles_keyboard(language: str) -> InlineKeyboardMarkup:
    """One button per role."""
    return InlineKeyboardMarkup([[button(_label(language, f"onb_role_{role}"), "inv", "role", role)] for role in ROLES])


def _units_keyboard(
    units: Sequence[Unit],
    page: int,
    language: str,
    pick: Callable[[Unit], str],
    nav: Sequence[str | int],
    back: str | None = None,
) -> tuple[InlineKeyboardMarkup, str]:
    """A page of unit buttons (data from `pick`) with navigation; returns it and the page line."""
    shown, page, pages = _page_slice(units, page)
    rows = [[InlineKeyboardButton(unit.name, callback_data=pick(unit))] for unit in shown]
    nav_row = _nav_row(page, pages, language, *nav)
    if nav_row:
        rows.append(nav_row)
    if back is not None:
        rows.append([InlineKeyboardButton(t("onb_btn_back", language), callback_data=back)])
    return InlineKeyboardMarkup(rows), _page_line(page, pages, language)


async def _invite_menu(services: Services, language: str, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """`/undang`: a button per role for a new invite, then a page of the open invites (role, unit,
    made when and by whom, valid until) with a button to revoke each."""
    rows = list(invite_roles_keyboard(language).inline_keyboard)
    text = t("onb_invite_choose_role", language)
    invites = await services.invites.list_open()
    if invites:
        shown, page, pages = _page_slice(invites, page)
        names = await unit_names(services)
        creators = await services.users.get_many({i.created_by for i in shown if i.created_by is not None})
        lines = [t("onb_open_invites_heading", language, count=len(invites)) + _page_line(page, pages, language)]
        for invite in shown:
            role = role_label(invite.role, invite.unit_id, names, language)
            creator = creators.get(invite.created_by) if invite.created_by is not None else None
            lines.append(
                t(
                    "onb_open_invite_line",
                    language,
                    id=invite.id,
                    role=role,
                    created=services.calendar.format_local(invite.created_at, language),
                    by=creator.full_name if creator is not None else "?",
                    expires=services.calendar.format_local(invite.expires_at, language),
                )
            )
            rows.append([button(_label(language, "onb_btn_revoke_invite", id=invite.id, role=role), "inv", "rv", invite.id)])
        nav_row = _nav_row(page, pages, language, "inv", "ls")
        if nav_row:
            rows.append(nav_row)
        text += "\n\n" + "\n".join(lines)
    return text, InlineKeyboardMarkup(rows)


async def invite_command(update: Update, context: PpidContext) -> None:
    """`/undang`: ask an admin which role the new member of staff gets; list the open invites."""
    person = person_of(context)
    if await _refuse_non_admin(update, person):
        return
    message = update.effective_message
    assert message is not None
    text, markup = await _invite_menu(context.services, person.language, 0)
    await message.reply_text(text, reply_markup=markup)


async def _send_invite(
    query: CallbackQuery, context: PpidContext, person: Person, role: str, unit_id: int | None
) -> None:
    """Create the invite and replace the keyboard with the link and its expiry."""
    services = context.services
    token, expires_at = await create_invite(services, person.telegram_id, role, unit_id)
    names = await unit_names(services) if unit_id is not None else {}
    text = t(
        "onb_invite_created",
        person.language,
        role=role_label(role, unit_id, names, person.language),
        link=invite_link(context.bot.username, token),
        expires=services.calendar.format_local(expires_at, person.language),
    )
    await popup(query, t("onb_invite_done", person.language))
    await query.edit_message_text(text, link_preview_options=LinkPreviewOptions(is_disabled=True))


async def _show_invite_units(query: CallbackQuery, context: PpidContext, person: Person, page: int) -> None:
    """Show a page of units for a PPID Pelaksana invite."""
    units = await context.services.units.list()
    await query.answer()
    if not units:
        await query.edit_message_text(t("onb_no_units", person.language))
        return
    keyboard, page_line = _units_keyboard(
        units, page, person.language, lambda unit: callback_data("inv", "unit", unit.id), ("inv", "upg")
    )
    await query.edit_message_text(t("onb_invite_choose_unit", person.language) + page_line, reply_markup=keyboard)


async def _invite_role(query: CallbackQuery, context: PpidContext, person: Person, role: str) -> None:
    """A role was chosen: a PPID Pelaksana still needs a unit, any other role gets its link."""
    if role == "pelaksana":
        await _show_invite_units(query, context, person, 0)
    else:
        await _send_invite(query, context, person, role, None)


async def _invite_unit(query: CallbackQuery, context: PpidContext, person: Person, unit: str) -> None:
    """A unit was chosen for a PPID Pelaksana invite."""
    await _send_invite(query, context, person, "pelaksana", int(unit))


async def _invite_page(query: CallbackQuery, context: PpidContext, person: Person, page: str) -> None:
    """Another page of units."""
    await _show_invite_units(query, context, person, int(page))


async def _invite_open_page(query: CallbackQuery, context: PpidContext, person: Person, page: str) -> None:
    """Another page of the open invites."""
    await query.answer()
    text, markup = await _invite_menu(context.services, person.language, int(page))
    await query.edit_message_text(text, reply_markup=markup)


async def _invite_revoke(query: CallbackQuery, context: PpidContext, person: Person, invite_id: str) -> None:
    """Revoke an open invite (an old or forged button for one no longer open is refused), then
    show the list as it is now."""
    if await revoke_invite(context.services, person.telegram_id, int(invite_id)):
        await popup(query, t("onb_invite_revoked_done", person.language))
    else:
        await popup(query, t("onb_invite_not_open", person.language), alert=True)
    text, markup = await _invite_menu(context.services, person.language, 0)
    await query.edit_message_text(text, reply_markup=markup)


INVITE_ACTIONS: dict[str, Action] = {
    "role": _invite_role,
    "unit": _invite_unit,
    "page": _invite_page,
    "open_page": _invite_open_page,
    "revoke": _invite_revoke,
}


async def invite_button(update: Update, context: PpidContext) -> None:
    """A button of `/undang` (admins only)."""
    await _run_callback(update, context, INVITE_PATTERNS, INVITE_ACTIONS, admin_only=True)


# -- /staf ------------------------------------------------------------------------------------------


def _staff_list_view(
    members: Sequence[StaffMember], names: dict[int, str], page: int, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the staff list: names with roles, one button per person, navigation."""
    shown, page, pages = _page_slice(members, page)
    lines = [t("onb_staff_heading", language, count=len(members)) + _page_line(page, pages, language)]
    for member in shown:
        roles = ", ".join(role_label(g.role, g.unit_id, names, language) for g in member.grants)
        lines.append(f"• <b>{escape(member.full_name)}</b>: {escape(roles)}")
    lines.append("\n" + t("onb_staff_hint", language))
    rows = [
        [button(_label(language, "onb_btn_person", name=m.full_name), "stf", "p", m.telegram_id)]
        for m in shown
    ]
    nav_row = _nav_row(page, pages, language, "stf", "ls")
    if nav_row:
        rows.append(nav_row)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _card_view(member: StaffMember, names: dict[int, str], language: str) -> tuple[str, InlineKeyboardMarkup]:
    """One person: their roles, a button to add one, one to revoke each, one to deactivate."""
    username = f" (@{member.username})" if member.username else ""
    lines = [t("onb_person_card", language, name=member.full_name, username=username)]
    lines += [f"• {escape(role_label(g.role, g.unit_id, names, language))}" for g in member.grants]
    uid = member.telegram_id
    rows = [[button(t("onb_btn_add_role", language), "stf", "add", uid)]]
    rows += [
        [
            button(
                _label(language, "onb_btn_revoke", role=role_label(g.role, g.unit_id, names, language)),
                "stf", "rev", uid, g.role, g.unit_id,
            )
        ]
        for g in member.grants
    ]
    rows.append([button(t("onb_btn_deactivate", language), "stf", "off", uid)])
    rows.append([button(t("onb_btn_staff_list", language), "stf", "ls", 0)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _confirm_keyboard(language: str, confirm_key: str, confirm_data: str, uid: int) -> InlineKeyboardMarkup:
    """A destructive action's confirmation: yes, or back to the person's card."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(confirm_key, language), callback_data=confirm_data)],
            [button(t("onb_btn_cancel", language), "stf", "p", uid)],
        ]
    )


async def _show_staff_list(
    query: CallbackQuery, context: PpidContext, person: Person, page: int, notice: str = ""
) -> None:
    """Replace the message with a page of the staff list."""
    services = context.services
    text, markup = _staff_list_view(await list_staff(services), await unit_names(services), page, person.language)
    await query.edit_message_text(f"{notice}\n\n{text}" if notice else text, reply_markup=markup)


async def _show_card_or_list(query: CallbackQuery, context: PpidContext, person: Person, uid: int) -> None:
    """Replace the message with the person's card, or the list when they are no longer staff."""
    services = context.services
    member = await staff_member(services, uid)
    if member is None:
        await _show_staff_list(query, context, person, 0)
        return
    text, markup = _card_view(member, await unit_names(services), person.language)
    await query.edit_message_text(text, reply_markup=markup)


async def _member_or_refuse(query: CallbackQuery, context: PpidContext, person: Person, uid: int) -> StaffMember | None:
    """The member of staff a button is about; a stale button is answered and shows the list."""
    member = await staff_member(context.services, uid)
    if member is None:
        await popup(query, t("onb_err_unknown_person", person.language), alert=True)
        await _show_staff_list(query, context, person, 0)
    return member


async def staff_command(update: Update, context: PpidContext) -> None:
    """`/staf`: the list of active staff with their roles (admins only)."""
    person = person_of(context)
    if await _refuse_non_admin(update, person):
        return
    message = update.effective_message
    assert message is not None
    services = context.services
    text, markup = _staff_list_view(await list_staff(services), await unit_names(services), 0, person.language)
    await message.reply_text(text, reply_markup=markup)


async def _staff_list(query: CallbackQuery, context: PpidContext, person: Person, page: str) -> None:
    """Another page of the staff list."""
    await query.answer()
    await _show_staff_list(query, context, person, int(page))


async def _staff_card(query: CallbackQuery, context: PpidContext, person: Person, uid: str) -> None:
    """One person's card."""
    if await _member_or_refuse(query, context, person, int(uid)) is None:
        return
    await query.answer()
    await _show_card_or_list(query, context, person, int(uid))


async def _staff_add(query: CallbackQuery, context: PpidContext, person: Person, uid: str) -> None:
    """Choose a role to add (a PPID Pelaksana may be added for several units)."""
    member = await _member_or_refuse(query, context, person, int(uid))
    if member is None:
        return
    language = person.language
    rows = [
        [button(_label(language, f"onb_role_{role}"), "stf", "gr", uid, role)]
        for role in ROLES
        if role == "pelaksana" or role not in member.roles
    ]
    rows.append([button(t("onb_btn_back", language), "stf", "p", uid)])
    await query.answer()
    await query.edit_message_text(
        t("onb_choose_grant_role", language, name=member.full_name), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _staff_grant_units(query: CallbackQuery, context: PpidContext, person: Person, uid: str, page: str) -> None:
    """A page of units for a PPID Pelaksana grant."""
    member = await _member_or_refuse(query, context, person, int(uid))
    if member is None:
        return
    units = await context.services.units.list()
    await query.answer()
    if not units:
        await query.edit_message_text(t("onb_no_units", person.language))
        return
    keyboard, page_line = _units_keyboard(
        units,
        int(page),
        person.language,
        lambda unit: callback_data("stf", "gr", uid, "pelaksana", unit.id),
        ("stf", "gu", uid),
        back=callback_data("stf", "add", uid),
    )
    text = t("onb_choose_grant_unit", person.language, name=member.full_name) + page_line
    await query.edit_message_text(text, reply_markup=keyboard)


async def _staff_grant(
    query: CallbackQuery, context: PpidContext, person: Person, uid: str, role: str, unit: str | None
) -> None:
    """Add the role (a PPID Pelaksana without a unit first chooses one)."""
    if role == "pelaksana" and unit is None:
        await _staff_grant_units(query, context, person, uid, "0")
        return
    created = await grant_role(context.services, person.telegram_id, int(uid), role, _optional_int(unit))
    await popup(query, t("onb_granted" if created else "onb_already_held", person.language))
    await _show_card_or_list(query, context, person, int(uid))
    if created:
        await refresh_menu(context, int(uid))
    if created and role == "admin":
        await tell_admins_of_new_admin(
            context, int(uid), person.telegram_id, by_invite=False, exclude=(person.telegram_id,)
        )


async def _staff_ask_revoke(
    query: CallbackQuery, context: PpidContext, person: Person, uid: str, role: str, unit: str | None
) -> None:
    """Ask to confirm revoking a role the person holds now."""
    member = await _member_or_refuse(query, context, person, int(uid))
    if member is None:
        return
    unit_id = _optional_int(unit)
    if not any(g.role == role and g.unit_id == unit_id for g in member.grants):
        await popup(query, t("onb_err_not_held", person.language), alert=True)
        await _show_card_or_list(query, context, person, int(uid))
        return
    label = role_label(role, unit_id, await unit_names(context.services), person.language)
    keyboard = _confirm_keyboard(
        person.language, "onb_btn_confirm_revoke", callback_data("stf", "revok", uid, role, unit), int(uid)
    )
    await query.answer()
    await query.edit_message_text(
        t("onb_confirm_revoke", person.language, role=label, name=member.full_name), reply_markup=keyboard
    )


async def _staff_revoke(
    query: CallbackQuery, context: PpidContext, person: Person, uid: str, role: str, unit: str | None
) -> None:
    """Revoke the role (confirmed), then show the person's card again."""
    try:
        await revoke_role(context.services, person.telegram_id, int(uid), role, _optional_int(unit))
    except OnboardingError as error:
        await _answer_error(query, error, person.language)
    else:
        await popup(query, t("onb_revoked", person.language))
        await refresh_menu(context, int(uid))
    await _show_card_or_list(query, context, person, int(uid))


async def _staff_ask_deactivate(query: CallbackQuery, context: PpidContext, person: Person, uid: str) -> None:
    """Ask to confirm deactivating a person."""
    member = await _member_or_refuse(query, context, person, int(uid))
    if member is None:
        return
    language = person.language
    keyboard = _confirm_keyboard(language, "onb_btn_confirm_deactivate", callback_data("stf", "offok", uid), int(uid))
    await query.answer()
    await query.edit_message_text(t("onb_confirm_deactivate", language, name=member.full_name), reply_markup=keyboard)


async def _staff_deactivate(query: CallbackQuery, context: PpidContext, person: Person, uid: str) -> None:
    """Deactivate the person (confirmed), then show the staff list."""
    member = await _member_or_refuse(query, context, person, int(uid))
    if member is None:
        return
    try:
        await deactivate_person(context.services, person.telegram_id, int(uid))
    except OnboardingError as error:
        await _answer_error(query, error, person.language)
        await _show_card_or_list(query, context, person, int(uid))
        return
    await popup(query, t("onb_deactivated_short", person.language))
    await refresh_menu(context, int(uid))
    notice = t("onb_deactivated", person.language, name=member.full_name)
    await _show_staff_list(query, context, person, 0, notice)


STAFF_ACTIONS: dict[str, Action] = {
    "list": _staff_list,
    "card": _staff_card,
    "add": _staff_add,
    "grant": _staff_grant,
    "grant_units": _staff_grant_units,
    "ask_revoke": _staff_ask_revoke,
    "revoke": _staff_revoke,
    "ask_deactivate": _staff_ask_deactivate,
    "deactivate": _staff_deactivate,
}


async def staff_button(update: Update, context: PpidContext) -> None:
    """A button of `/staf` (admins only)."""
    await _run_callback(update, context, STAFF_PATTERNS, STAFF_ACTIONS, admin_only=True)


# -- /unit ------------------------------------------------------------------------------------------


def _kind_label(kind: str, language: str) -> str:
    return raw(f"onb_kind_{kind}", language)


def _units_view(units: Sequence[Unit], page: int, language: str) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the unit list with a button to add one and one per unit to rename it."""
    shown, page, pages = _page_slice(units, page)
    lines = [t("onb_units_heading", language, count=len(units)) + _page_line(page, pages, language)]
    if units:
        lines += [f"• {escape(unit.name)} ({escape(_kind_label(unit.kind, language))})" for unit in shown]
        lines.append("\n" + t("onb_units_hint", language))
    else:
        lines.append(raw("onb_units_empty", language))
    rows = [[InlineKeyboardButton(t("onb_btn_add_unit", language), callback_data=UNIT_ADD_DATA)]]
    rows += [
        [button(_label(language, "onb_btn_rename_unit", name=unit.name), "unit", "ren", unit.id)]
        for unit in shown
    ]
    nav_row = _nav_row(page, pages, language, "unit", "ls")
    if nav_row:
        rows.append(nav_row)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _kind_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(_kind_label(kind, language), "unit", "kind", kind)] for kind in ("opd", "bidang")]
    )


async def _end_unit_flow_for_non_admin(update: Update, context: PpidContext, person: Person) -> bool:
    """In the middle of /unit: refuse and end the flow when the person is no admin now."""
    if person.has("admin"):
        return False
    forget_flow(context, UNIT_FLOW)
    if update.callback_query is not None:
        await popup(update.callback_query, t("onb_err_not_admin", person.language), alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(t("onb_err_not_admin", person.language))
    return True


async def unit_command(update: Update, context: PpidContext) -> object:
    """`/unit`: the list of units with buttons to add and rename (admins only). Resets the flow."""
    person = person_of(context)
    forget_flow(context, UNIT_FLOW)
    if await _refuse_non_admin(update, person):
        return ConversationHandler.END
    message = update.effective_message
    assert message is not None
    text, markup = _units_view(await context.services.units.list(), 0, person.language)
    await message.reply_text(text, reply_markup=markup)
    return ConversationHandler.END


async def _unit_list(query: CallbackQuery, context: PpidContext, person: Person, page: str) -> None:
    """Another page of the unit list."""
    await query.answer()
    text, markup = _units_view(await context.services.units.list(), int(page), person.language)
    await query.edit_message_text(text, reply_markup=markup)


UNIT_ACTIONS: dict[str, Action] = {"list": _unit_list}


async def unit_button(update: Update, context: PpidContext) -> None:
    """A `/unit` button outside the add/rename flow: a page of the list, else a stale button."""
    await _run_callback(update, context, UNIT_PATTERNS, UNIT_ACTIONS, admin_only=True)


async def start_add_unit(update: Update, context: PpidContext) -> object:
    """"Add unit" pressed: ask whether it is an OPD or a bidang."""
    person = person_of(context)
    if await _end_unit_flow_for_non_admin(update, context, person):
        return ConversationHandler.END
    forget_flow(context, UNIT_FLOW)
    query = update.callback_query
    assert query is not None
    await query.answer()
    language = person.language
    await query.edit_message_text(t("onb_unit_choose_kind", language), reply_markup=_kind_keyboard(language))
    return ASK_KIND


async def choose_unit_kind(update: Update, context: PpidContext) -> object:
    """The kind was chosen: ask for the name."""
    person = person_of(context)
    if await _end_unit_flow_for_non_admin(update, context, person):
        return ConversationHandler.END
    query = update.callback_query
    assert query is not None and context.user_data is not None
    match = UNIT_KIND_RE.fullmatch(query.data or "")
    assert match is not None  # the handler's pattern
    kind = match.group(1)
    context.user_data[flow_key(UNIT_FLOW, "kind")] = kind
    await query.answer()
    await query.edit_message_text(t("onb_unit_ask_name", person.language, kind=_kind_label(kind, person.language)))
    return ASK_NAME


async def receive_unit_name(update: Update, context: PpidContext) -> object:
    """The new unit's name: add it, or ask again (name taken or empty)."""
    person = person_of(context)
    if await _end_unit_flow_for_non_admin(update, context, person):
        return ConversationHandler.END
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    kind = str(context.user_data.get(flow_key(UNIT_FLOW, "kind"), "opd"))
    try:
        unit = await add_unit(context.services, person.telegram_id, message.text, kind)
    except OnboardingError as error:
        return await _unit_name_refused(message, context, person, error, ASK_NAME)
    forget_flow(context, UNIT_FLOW)
    await message.reply_text(
        t("onb_unit_added", person.language, name=unit.name, kind=_kind_label(unit.kind, person.language))
    )
    return ConversationHandler.END


async def _unit_name_refused(
    message: Message, context: PpidContext, person: Person, error: OnboardingError, state: str
) -> object:
    """Say why the name was refused; a bad or taken name may be typed again."""
    await message.reply_text(t(f"onb_err_{error.reason}", person.language))
    if error.reason in ("duplicate_unit", "bad_unit_name"):
        return state
    forget_flow(context, UNIT_FLOW)
    return ConversationHandler.END


async def start_rename_unit(update: Update, context: PpidContext) -> object:
    """A unit was tapped: ask for its new name."""
    person = person_of(context)
    if await _end_unit_flow_for_non_admin(update, context, person):
        return ConversationHandler.END
    query = update.callback_query
    assert query is not None and context.user_data is not None
    match = UNIT_RENAME_RE.fullmatch(query.data or "")
    assert match is not None  # the handler's pattern
    unit = await context.services.units.get(int(match.group(1)))
    if unit is None or not unit.active:
        await popup(query, t("onb_err_unknown_unit", person.language), alert=True)
        return None  # refused: the person's current step (if any) stays as it was
    forget_flow(context, UNIT_FLOW)
    context.user_data[flow_key(UNIT_FLOW, "unit_id")] = unit.id
    await query.answer()
    await query.edit_message_text(t("onb_unit_ask_rename", person.language, name=unit.name))
    return ASK_RENAME


async def receive_unit_rename(update: Update, context: PpidContext) -> object:
    """The unit's new name: rename it, or ask again (name taken or empty)."""
    person = person_of(context)
    if await _end_unit_flow_for_non_admin(update, context, person):
        return ConversationHandler.END
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    unit_id = int(context.user_data.get(flow_key(UNIT_FLOW, "unit_id"), 0))
    old = await context.services.units.get(unit_id)
    try:
        unit = await rename_unit(context.services, person.telegram_id, unit_id, message.text)
    except OnboardingError as error:
        return await _unit_name_refused(message, context, person, error, ASK_RENAME)
    forget_flow(context, UNIT_FLOW)
    if old is None or old.name == unit.name:
        await message.reply_text(t("onb_unit_unchanged", person.language))
    else:
        await message.reply_text(t("onb_unit_renamed", person.language, old=old.name, new=unit.name))
    return ConversationHandler.END


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
            CallbackQueryHandler(start_add_unit, pattern=re.compile(rf"^{UNIT_ADD_DATA}\Z")),
            CallbackQueryHandler(start_rename_unit, pattern=UNIT_RENAME_RE),
        ],
        states={
            ASK_KIND: [CallbackQueryHandler(choose_unit_kind, pattern=UNIT_KIND_RE)],
            ASK_NAME: [MessageHandler(name_text, receive_unit_name), MessageHandler(not_text, unit_name_needed)],
            ASK_RENAME: [MessageHandler(name_text, receive_unit_rename), MessageHandler(not_text, unit_name_needed)],
        },
    )


# -- /bahasa ----------------------------------------------------------------------------------------


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language the bot speaks."""
    return InlineKeyboardMarkup(
        [[button(raw(f"onb_btn_lang_{language}"), "lang", language)] for language in LANGUAGES]
    )


async def language_command(update: Update, context: PpidContext) -> None:
    """`/bahasa`: choose Bahasa Indonesia or English (anyone registered)."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(t("onb_language_choose", person_of(context).language), reply_markup=language_keyboard())


async def _set_language(query: CallbackQuery, context: PpidContext, person: Person, language: str) -> None:
    """Store the chosen language and confirm in it."""
    await set_language(context.services, person.telegram_id, language)
    await popup(query, t("onb_language_set", language))
    await query.edit_message_text(t("onb_language_set", language))


LANGUAGE_ACTIONS: dict[str, Action] = {"set": _set_language}


async def language_button(update: Update, context: PpidContext) -> None:
    """A button of `/bahasa`."""
    await _run_callback(update, context, LANGUAGE_PATTERNS, LANGUAGE_ACTIONS, admin_only=False)


def register(application: Application) -> None:
    """Add this flow's handlers (before the fallback, which answers unknown buttons)."""
    application.add_handler(unit_conversation())
    application.add_handler(CommandHandler("undang", invite_command))
    application.add_handler(CommandHandler("staf", staff_command))
    application.add_handler(CommandHandler("bahasa", language_command))
    application.add_handler(CallbackQueryHandler(invite_button, pattern=r"^inv:"))
    application.add_handler(CallbackQueryHandler(staff_button, pattern=r"^stf:"))
    application.add_handler(CallbackQueryHandler(unit_button, pattern=r"^unit:"))
    application.add_handler(CallbackQueryHandler(language_button, pattern=r"^lang:"))
