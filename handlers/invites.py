"""`/undang`: an admin makes a one-time invite link for a role (a PPID Pelaksana's with its unit),
sees the open invites and revokes them.

Thin glue over `bot.onboarding`. The buttons (pages are 0-based on the wire):

    inv:role:<role>      the role of the new invite
    inv:unit:<unit>      the unit of a PPID Pelaksana invite
    inv:upg:<page>       a page of the unit list
    inv:ls:<page>        a page of the open invites
    inv:rv:<invite>      revoke that open invite
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.onboarding import create_invite, invite_link, revoke_invite
from bot.services import Services
from bot.staff import Person
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import CallbackData, family_pattern, popup
from handlers.onboarding_buttons import admin_only, on_press, unknown_button
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


def invite_roles_keyboard(language: str) -> InlineKeyboardMarkup:
    """One button per role."""
    return InlineKeyboardMarkup([[InviteRole(role).button(label(language, f"onb_role_{role}"))] for role in ROLES])


async def _invite_menu(services: Services, language: str, wire_page: int) -> tuple[str, InlineKeyboardMarkup]:
    """`/undang`: a button per role for a new invite, then a page of the open invites (role, unit,
    made when and by whom, valid until) with a button to revoke each."""
    rows = list(invite_roles_keyboard(language).inline_keyboard)
    text = t("onb_invite_choose_role", language)
    invites = await services.invites.list_open()
    if invites:
        page = list_page(len(invites), wire_page)
        shown = page.slice(invites)
        names = await unit_names(services)
        creators = await services.users.get_many({i.created_by for i in shown if i.created_by is not None})
        lines = [t("onb_open_invites_heading", language, count=len(invites)) + page_line(page, language)]
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
            revoke = label(language, "onb_btn_revoke_invite", id=invite.id, role=role)
            rows.append([InviteRevoke(invite.id).button(revoke)])
        rows += page_arrows(page, language, InviteListPage)
        text += "\n\n" + "\n".join(lines)
    return text, InlineKeyboardMarkup(rows)


@admin_only
async def invite_command(update: Update, context: PpidContext) -> None:
    """`/undang`: ask an admin which role the new member of staff gets; list the open invites."""
    message = update.effective_message
    assert message is not None
    text, markup = await _invite_menu(context.services, person_of(context).language, 0)
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


async def _show_invite_units(query: CallbackQuery, context: PpidContext, person: Person, wire_page: int) -> None:
    """Show a page of units for a PPID Pelaksana invite."""
    units = await context.services.units.list()
    await query.answer()
    if not units:
        await query.edit_message_text(t("onb_no_units", person.language))
        return
    keyboard, line = unit_picker(
        units, wire_page, person.language, lambda unit: InviteUnit(unit.id), InviteUnitPage
    )
    await query.edit_message_text(t("onb_invite_choose_unit", person.language) + line, reply_markup=keyboard)


@dataclass(frozen=True)
class InviteRole(CallbackData, prefix="inv:role"):
    role: Role


@admin_only
@on_press(InviteRole)
async def invite_role(query: CallbackQuery, context: PpidContext, person: Person, data: InviteRole) -> None:
    """A role was chosen: a PPID Pelaksana still needs a unit, any other role gets its link."""
    if data.role == "pelaksana":
        await _show_invite_units(query, context, person, 0)
    else:
        await _send_invite(query, context, person, data.role, None)


@dataclass(frozen=True)
class InviteUnit(CallbackData, prefix="inv:unit"):
    unit_id: UnitId


@admin_only
@on_press(InviteUnit)
async def invite_unit(query: CallbackQuery, context: PpidContext, person: Person, data: InviteUnit) -> None:
    """A unit was chosen for a PPID Pelaksana invite."""
    await _send_invite(query, context, person, "pelaksana", data.unit_id)


@dataclass(frozen=True)
class InviteUnitPage(CallbackData, prefix="inv:upg"):
    page: WirePage


@admin_only
@on_press(InviteUnitPage)
async def invite_unit_page(query: CallbackQuery, context: PpidContext, person: Person, data: InviteUnitPage) -> None:
    """Another page of units."""
    await _show_invite_units(query, context, person, data.page)


@dataclass(frozen=True)
class InviteListPage(CallbackData, prefix="inv:ls"):
    page: WirePage


@admin_only
@on_press(InviteListPage)
async def invite_list_page(query: CallbackQuery, context: PpidContext, person: Person, data: InviteListPage) -> None:
    """Another page of the open invites."""
    await query.answer()
    text, markup = await _invite_menu(context.services, person.language, data.page)
    await query.edit_message_text(text, reply_markup=markup)


@dataclass(frozen=True)
class InviteRevoke(CallbackData, prefix="inv:rv"):
    invite_id: int


@admin_only
@on_press(InviteRevoke)
async def invite_revoke(query: CallbackQuery, context: PpidContext, person: Person, data: InviteRevoke) -> None:
    """Revoke an open invite (an old or forged button for one no longer open is refused), then
    show the list as it is now."""
    if await revoke_invite(context.services, person.telegram_id, data.invite_id):
        await popup(query, t("onb_invite_revoked_done", person.language))
    else:
        await popup(query, t("onb_invite_not_open", person.language), alert=True)
    text, markup = await _invite_menu(context.services, person.language, 0)
    await query.edit_message_text(text, reply_markup=markup)


KINDS: tuple[type[CallbackData], ...] = (InviteRole, InviteUnit, InviteUnitPage, InviteListPage, InviteRevoke)


def register(application: Application) -> None:
    """Add /undang and its buttons (before the fallback, which answers unknown buttons)."""
    application.add_handler(CommandHandler("undang", invite_command))
    application.add_handler(CallbackQueryHandler(invite_role, pattern=InviteRole.pattern()))
    application.add_handler(CallbackQueryHandler(invite_unit, pattern=InviteUnit.pattern()))
    application.add_handler(CallbackQueryHandler(invite_unit_page, pattern=InviteUnitPage.pattern()))
    application.add_handler(CallbackQueryHandler(invite_list_page, pattern=InviteListPage.pattern()))
    application.add_handler(CallbackQueryHandler(invite_revoke, pattern=InviteRevoke.pattern()))
    application.add_handler(CallbackQueryHandler(unknown_button, pattern=family_pattern("inv")))
