"""`/start`: greets registered staff with their roles; an invite link's token registers a person.

`/start <token>` is the one update the access gate lets through from strangers. The token is
redeemed by `bot.onboarding.redeem_invite`; each outcome (registered, expired, already used,
cancelled, unknown) gets its own clear message, and a new member of staff is then greeted like
everyone else, with their staff command menu set at once. The admin who made the invite is told who
joined, and when the invite made someone an admin, every other admin is told too.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot.application import PpidContext
from bot.onboarding import RedeemOutcome, redeem_invite
from bot.services import Services
from bot.staff import Person, find_person
from bot.texts import command_list, language_of, raw, role_name, t
from handlers.access import sync_menu
from handlers.help import main_keyboard
from handlers.notify import languages_for, send_to
from storage.invites import Invite

LOG = logging.getLogger(__name__)


async def roles_text(services: Services, person: Person) -> str:
    """The person's roles by their one name (`bot.texts.role_name`), with the unit of each PPID
    Pelaksana grant."""
    grants = await services.users.active_roles(person.telegram_id)
    labels: list[str] = []
    for role in sorted({grant.role for grant in grants}):
        units = [grant.unit_id for grant in grants if grant.role == role and grant.unit_id is not None]
        names = [unit.name for unit_id in units if (unit := await services.units.get(unit_id)) is not None]
        name = role_name(role, person.language)
        labels.append(f"{name} ({', '.join(names)})" if names else name)
    return ", ".join(labels)


async def welcome_text(services: Services, person: Person) -> str:
    """The greeting: name, roles, and the commands of those roles, grouped."""
    roles = await roles_text(services, person)
    return t("welcome", person.language, name=person.full_name, roles=roles) + "\n\n" + command_list(
        person.language, person.roles
    )


async def _notify_inviter(context: PpidContext, invite: Invite | None, person: Person) -> None:
    """Tell the admin who made the invite that the person joined (best effort)."""
    services = context.services
    if invite is None or invite.created_by is None or invite.created_by == person.telegram_id:
        return
    admin = await services.users.get(invite.created_by)
    language = language_of(admin.language if admin else None, services.settings.default_language)
    role = role_name(invite.role, language)
    if invite.unit_id is not None and (unit := await services.units.get(invite.unit_id)) is not None:
        role = raw("onb_role_with_unit", language).format(role=role, unit=unit.name)
    try:
        text = t("onb_joined_notice", language, name=person.full_name, role=role)
        await context.bot.send_message(invite.created_by, text)
    except TelegramError:
        LOG.info("could not tell admin %s that %s joined", invite.created_by, person.telegram_id, exc_info=True)


async def tell_admins_of_new_admin(
    context: PpidContext, new_admin_id: int, by_id: int | None, *, by_invite: bool, exclude: tuple[int, ...] = ()
) -> None:
    """Tell every active admin (but the new one and `exclude`) that someone became an admin, and
    who made it so (best effort: one refusal does not stop the others)."""
    services = context.services
    names = await services.users.get_many([new_admin_id] + ([by_id] if by_id is not None else []))
    name = names[new_admin_id].full_name if new_admin_id in names else str(new_admin_id)
    by = names[by_id].full_name if by_id in names else "ADMIN_IDS"
    skip = {new_admin_id, *exclude}
    admins = sorted({grant.telegram_id for grant in await services.users.role_holders("admin")} - skip)
    key = "onb_new_admin_by_invite" if by_invite else "onb_new_admin_by_grant"
    for admin_id, language in (await languages_for(services, admins)).items():
        await send_to(context, admin_id, t(key, language, name=name, by=by))


async def _registered(message: Message, context: PpidContext, token: str, telegram_id: int) -> None:
    """The invite worked: greet the new member of staff with their menu, tell the inviting admin
    (and, for a new admin, every admin)."""
    services = context.services
    person = await find_person(services, telegram_id)
    if person is None:  # pragma: no cover - the transaction that registered them has committed
        raise RuntimeError("registered person not found")
    await sync_menu(context, person)  # their staff commands now, not at their next message
    await message.reply_text(
        t("onb_registered", person.language) + "\n\n" + await welcome_text(services, person),
        reply_markup=main_keyboard(person.language),
    )
    invite = await services.invites.get(token)
    await _notify_inviter(context, invite, person)
    if invite is not None and invite.role == "admin":
        exclude = (invite.created_by,) if invite.created_by is not None else ()
        await tell_admins_of_new_admin(context, telegram_id, invite.created_by, by_invite=True, exclude=exclude)


async def _already_mine(services: Services, token: str, telegram_id: int) -> bool:
    """Whether this very person already used the invite (opening their link a second time)."""
    invite = await services.invites.get(token)
    return invite is not None and invite.used_by == telegram_id


async def redeem(update: Update, context: PpidContext, token: str) -> None:
    """`/start <token>`: redeem the invite and say what happened."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    outcome = await redeem_invite(services, token, user.id, user.full_name, user.username)
    if outcome is RedeemOutcome.REGISTERED:
        await _registered(message, context, token, user.id)
        return
    person: Person | None = getattr(context, "person", None)
    if person is not None and outcome is RedeemOutcome.USED and await _already_mine(services, token, user.id):
        await message.reply_text(await welcome_text(services, person), reply_markup=main_keyboard(person.language))
        return
    language = person.language if person is not None else language_of(None, services.settings.default_language)
    text = t(f"onb_invite_{outcome.value}", language)
    if person is not None:
        text += "\n\n" + await welcome_text(services, person)
        await message.reply_text(text, reply_markup=main_keyboard(person.language))
        return
    await message.reply_text(text)


async def start(update: Update, context: PpidContext) -> None:
    """Redeem an invite token when one is given; otherwise greet the person with their roles."""
    message = update.effective_message
    assert message is not None
    if context.args:
        await redeem(update, context, " ".join(context.args))
        return
    services = context.services
    person = getattr(context, "person", None)
    if person is None:
        await message.reply_text(t("refusal", language_of(None, services.settings.default_language)))
        return
    await message.reply_text(await welcome_text(services, person), reply_markup=main_keyboard(person.language))


def register(application: Application) -> None:
    application.add_handler(CommandHandler("start", start))
