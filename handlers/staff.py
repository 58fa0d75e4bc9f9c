"""`/staf`: an admin sees the active staff with their roles, opens a person's card, adds a role
(a PPID Pelaksana for one unit or more), revokes one, or deactivates the person.

Thin glue over `bot.onboarding`, which checks the admin again inside each transaction. A grant,
revocation or deactivation refreshes that person's command menu at once. The buttons (pages are
0-based on the wire; a destructive action is asked, then confirmed):

    stf:ls:<page>                        a page of the staff list
    stf:p:<uid>                          one person's card
    stf:add:<uid>                        choose a role to add
    stf:gr:<uid>:<role>[:<unit>]         add the role (pelaksana without unit: choose one)
    stf:gu:<uid>:<page>                  a page of the units for a pelaksana grant
    stf:rev:<uid>:<role>[:<unit>]        ask to confirm revoking a role
    stf:revok:<uid>:<role>[:<unit>]      revoke it (confirmed)
    stf:off:<uid>                        ask to confirm deactivating a person
    stf:offok:<uid>                      deactivate (confirmed)
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Annotated, Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.cycle_admin import steps_held_by
from bot.onboarding import (
    OnboardingError,
    StaffMember,
    deactivate_person,
    grant_role,
    list_staff,
    revoke_role,
    staff_member,
)
from bot.staff import Person
from bot.texts import t
from handlers.access import person_of, refresh_menu
from handlers.callbacks import CallbackData, Digits, family_pattern, popup
from handlers.cycle_admin import tell_after_removal
from handlers.onboarding import tell_admins_of_new_admin
from handlers.onboarding_buttons import Callback, admin_only, answer_error, on_press, unknown_button
from handlers.staff_views import (
    UnitId,
    WirePage,
    label,
    list_page,
    page_arrows,
    page_line,
    role_label,
    unit_names,
    unit_picker,
)
from storage.users import ROLES, Role

UserId = Annotated[int, Digits(15)]
"""A person's Telegram id as the buttons carry it."""
MemberAction = Callable[[CallbackQuery, PpidContext, Person, Any, StaffMember], Awaitable[None]]


def _staff_list_view(
    members: Sequence[StaffMember], names: dict[int, str], wire_page: int, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the staff list: names with roles, one button per person, navigation."""
    page = list_page(len(members), wire_page)
    shown = page.slice(members)
    lines = [t("onb_staff_heading", language, count=len(members)) + page_line(page, language)]
    for member in shown:
        roles = ", ".join(role_label(g.role, g.unit_id, names, language) for g in member.grants)
        lines.append(f"• <b>{escape(member.full_name)}</b>: {escape(roles)}")
    lines.append("\n" + t("onb_staff_hint", language))
    rows = [[StaffCard(m.telegram_id).button(label(language, "onb_btn_person", name=m.full_name))] for m in shown]
    rows += page_arrows(page, language, StaffList)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _card_view(member: StaffMember, names: dict[int, str], language: str) -> tuple[str, InlineKeyboardMarkup]:
    """One person: their roles, a button to add one, one to revoke each, one to deactivate."""
    username = f" (@{member.username})" if member.username else ""
    lines = [t("onb_person_card", language, name=member.full_name, username=username)]
    lines += [f"• {escape(role_label(g.role, g.unit_id, names, language))}" for g in member.grants]
    uid = member.telegram_id
    rows = [[StaffAdd(uid).button(t("onb_btn_add_role", language))]]
    rows += [
        [
            StaffAskRevoke(uid, g.role, g.unit_id).button(
                label(language, "onb_btn_revoke", role=role_label(g.role, g.unit_id, names, language))
            )
        ]
        for g in member.grants
    ]
    rows.append([StaffAskDeactivate(uid).button(t("onb_btn_deactivate", language))])
    rows.append([StaffList(0).button(t("onb_btn_staff_list", language))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _confirm_keyboard(language: str, confirm_key: str, confirm: CallbackData, uid: int) -> InlineKeyboardMarkup:
    """A destructive action's confirmation: yes, or back to the person's card."""
    return InlineKeyboardMarkup(
        [[confirm.button(t(confirm_key, language))], [StaffCard(uid).button(t("onb_btn_cancel", language))]]
    )


async def _show_staff_list(
    query: CallbackQuery, context: PpidContext, person: Person, wire_page: int, notice: str = ""
) -> None:
    """Replace the message with a page of the staff list."""
    services = context.services
    text, markup = _staff_list_view(await list_staff(services), await unit_names(services), wire_page, person.language)
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


def _about_member(kind: type[CallbackData]) -> Callable[[MemberAction], Callback]:
    """`on_press` for a button about one member of staff (`data.uid`): the action also gets the
    member, and a button about someone no longer staff is answered so and shows the list."""

    def decorate(action: MemberAction) -> Callback:
        @on_press(kind)
        @functools.wraps(action)
        async def press(query: CallbackQuery, context: PpidContext, person: Person, data: Any) -> None:
            member = await _member_or_refuse(query, context, person, data.uid)
            if member is not None:
                await action(query, context, person, data, member)

        return press

    return decorate


@admin_only
async def staff_command(update: Update, context: PpidContext) -> None:
    """`/staf`: the list of active staff with their roles (admins only)."""
    message = update.effective_message
    assert message is not None
    services = context.services
    language = person_of(context).language
    text, markup = _staff_list_view(await list_staff(services), await unit_names(services), 0, language)
    await message.reply_text(text, reply_markup=markup)


@dataclass(frozen=True)
class StaffList(CallbackData, prefix="stf:ls"):
    page: WirePage


@admin_only
@on_press(StaffList)
async def staff_list(query: CallbackQuery, context: PpidContext, person: Person, data: StaffList) -> None:
    """Another page of the staff list."""
    await query.answer()
    await _show_staff_list(query, context, person, data.page)


@dataclass(frozen=True)
class StaffCard(CallbackData, prefix="stf:p"):
    uid: UserId


@admin_only
@_about_member(StaffCard)
async def staff_card(
    query: CallbackQuery, context: PpidContext, person: Person, data: StaffCard, member: StaffMember
) -> None:
    """One person's card."""
    await query.answer()
    await _show_card_or_list(query, context, person, data.uid)


@dataclass(frozen=True)
class StaffAdd(CallbackData, prefix="stf:add"):
    uid: UserId


@admin_only
@_about_member(StaffAdd)
async def staff_add(
    query: CallbackQuery, context: PpidContext, person: Person, data: StaffAdd, member: StaffMember
) -> None:
    """Choose a role to add (a PPID Pelaksana may be added for several units)."""
    language = person.language
    rows = [
        [StaffGrant(data.uid, role).button(label(language, f"onb_role_{role}"))]
        for role in ROLES
        if role == "pelaksana" or role not in member.roles
    ]
    rows.append([StaffCard(data.uid).button(t("onb_btn_back", language))])
    await query.answer()
    await query.edit_message_text(
        t("onb_choose_grant_role", language, name=member.full_name), reply_markup=InlineKeyboardMarkup(rows)
    )


@dataclass(frozen=True)
class StaffGrantUnits(CallbackData, prefix="stf:gu"):
    uid: UserId
    page: WirePage


async def _show_grant_units(
    query: CallbackQuery, context: PpidContext, person: Person, uid: int, wire_page: int
) -> None:
    """A page of units for a PPID Pelaksana grant."""
    member = await _member_or_refuse(query, context, person, uid)
    if member is None:
        return
    units = await context.services.units.list()
    await query.answer()
    if not units:
        await query.edit_message_text(t("onb_no_units", person.language))
        return
    keyboard, line = unit_picker(
        units,
        wire_page,
        person.language,
        lambda unit: StaffGrant(uid, "pelaksana", unit.id),
        lambda page: StaffGrantUnits(uid, page),
        back=StaffAdd(uid),
    )
    text = t("onb_choose_grant_unit", person.language, name=member.full_name) + line
    await query.edit_message_text(text, reply_markup=keyboard)


@admin_only
@on_press(StaffGrantUnits)
async def staff_grant_units(query: CallbackQuery, context: PpidContext, person: Person, data: StaffGrantUnits) -> None:
    """Another page of units for a PPID Pelaksana grant."""
    await _show_grant_units(query, context, person, data.uid, data.page)


@dataclass(frozen=True)
class StaffGrant(CallbackData, prefix="stf:gr"):
    uid: UserId
    role: Role
    unit_id: UnitId | None = None


@admin_only
@on_press(StaffGrant)
async def staff_grant(query: CallbackQuery, context: PpidContext, person: Person, data: StaffGrant) -> None:
    """Add the role (a PPID Pelaksana without a unit first chooses one)."""
    if data.role == "pelaksana" and data.unit_id is None:
        await _show_grant_units(query, context, person, data.uid, 0)
        return
    created = await grant_role(context.services, person.telegram_id, data.uid, data.role, data.unit_id)
    await popup(query, t("onb_granted" if created else "onb_already_held", person.language))
    await _show_card_or_list(query, context, person, data.uid)
    if created:
        await refresh_menu(context, data.uid)
    if created and data.role == "admin":
        await tell_admins_of_new_admin(
            context, data.uid, person.telegram_id, by_invite=False, exclude=(person.telegram_id,)
        )


@dataclass(frozen=True)
class StaffAskRevoke(CallbackData, prefix="stf:rev"):
    uid: UserId
    role: Role
    unit_id: UnitId | None = None


@admin_only
@_about_member(StaffAskRevoke)
async def staff_ask_revoke(
    query: CallbackQuery, context: PpidContext, person: Person, data: StaffAskRevoke, member: StaffMember
) -> None:
    """Ask to confirm revoking a role the person holds now."""
    if not any(g.role == data.role and g.unit_id == data.unit_id for g in member.grants):
        await popup(query, t("onb_err_not_held", person.language), alert=True)
        await _show_card_or_list(query, context, person, data.uid)
        return
    role = role_label(data.role, data.unit_id, await unit_names(context.services), person.language)
    confirm = StaffRevoke(data.uid, data.role, data.unit_id)
    keyboard = _confirm_keyboard(person.language, "onb_btn_confirm_revoke", confirm, data.uid)
    await query.answer()
    await query.edit_message_text(
        t("onb_confirm_revoke", person.language, role=role, name=member.full_name), reply_markup=keyboard
    )


@dataclass(frozen=True)
class StaffRevoke(CallbackData, prefix="stf:revok"):
    uid: UserId
    role: Role
    unit_id: UnitId | None = None


@admin_only
@on_press(StaffRevoke)
async def staff_revoke(query: CallbackQuery, context: PpidContext, person: Person, data: StaffRevoke) -> None:
    """Revoke the role (confirmed), then show the person's card again."""
    held = await steps_held_by(context.services, data.uid)
    try:
        await revoke_role(context.services, person.telegram_id, data.uid, data.role, data.unit_id)
    except OnboardingError as error:
        await answer_error(query, error, person.language)
    else:
        await popup(query, t("onb_revoked", person.language))
        await refresh_menu(context, data.uid)
        await tell_after_removal(context, data.uid, held)
    await _show_card_or_list(query, context, person, data.uid)


@dataclass(frozen=True)
class StaffAskDeactivate(CallbackData, prefix="stf:off"):
    uid: UserId


@admin_only
@_about_member(StaffAskDeactivate)
async def staff_ask_deactivate(
    query: CallbackQuery, context: PpidContext, person: Person, data: StaffAskDeactivate, member: StaffMember
) -> None:
    """Ask to confirm deactivating a person."""
    language = person.language
    keyboard = _confirm_keyboard(language, "onb_btn_confirm_deactivate", StaffDeactivate(data.uid), data.uid)
    await query.answer()
    await query.edit_message_text(t("onb_confirm_deactivate", language, name=member.full_name), reply_markup=keyboard)


@dataclass(frozen=True)
class StaffDeactivate(CallbackData, prefix="stf:offok"):
    uid: UserId


@admin_only
@_about_member(StaffDeactivate)
async def staff_deactivate(
    query: CallbackQuery, context: PpidContext, person: Person, data: StaffDeactivate, member: StaffMember
) -> None:
    """Deactivate the person (confirmed), then show the staff list."""
    held = await steps_held_by(context.services, data.uid)
    try:
        await deactivate_person(context.services, person.telegram_id, data.uid)
    except OnboardingError as error:
        await answer_error(query, error, person.language)
        await _show_card_or_list(query, context, person, data.uid)
        return
    await popup(query, t("onb_deactivated_short", person.language))
    await refresh_menu(context, data.uid)
    await tell_after_removal(context, data.uid, held)
    notice = t("onb_deactivated", person.language, name=member.full_name)
    await _show_staff_list(query, context, person, 0, notice)


KINDS: tuple[type[CallbackData], ...] = (
    StaffList,
    StaffCard,
    StaffAdd,
    StaffGrant,
    StaffGrantUnits,
    StaffAskRevoke,
    StaffRevoke,
    StaffAskDeactivate,
    StaffDeactivate,
)


def register(application: Application) -> None:
    """Add /staf and its buttons (before the fallback, which answers unknown buttons)."""
    application.add_handler(CommandHandler("staf", staff_command))
    application.add_handler(CallbackQueryHandler(staff_list, pattern=StaffList.pattern()))
    application.add_handler(CallbackQueryHandler(staff_card, pattern=StaffCard.pattern()))
    application.add_handler(CallbackQueryHandler(staff_add, pattern=StaffAdd.pattern()))
    application.add_handler(CallbackQueryHandler(staff_grant, pattern=StaffGrant.pattern()))
    application.add_handler(CallbackQueryHandler(staff_grant_units, pattern=StaffGrantUnits.pattern()))
    application.add_handler(CallbackQueryHandler(staff_ask_revoke, pattern=StaffAskRevoke.pattern()))
    application.add_handler(CallbackQueryHandler(staff_revoke, pattern=StaffRevoke.pattern()))
    application.add_handler(CallbackQueryHandler(staff_ask_deactivate, pattern=StaffAskDeactivate.pattern()))
    application.add_handler(CallbackQueryHandler(staff_deactivate, pattern=StaffDeactivate.pattern()))
    application.add_handler(CallbackQueryHandler(unknown_button, pattern=family_pattern("stf")))
