"""Onboarding and roles: invites, registration, role grants, units and the language preference.

The domain logic behind `/start <token>`, `/undang`, `/staf`, `/unit` and `/bahasa`, free of
Telegram. Every function that changes something runs ONE transaction with ONE audit entry, and
re-checks the acting person's role in the database inside that transaction: a caller's word (or a
button's) is never trusted. Refusals raise `OnboardingError` with a `reason` the handlers turn into
a message; nothing has changed when it is raised.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, cast

import aiosqlite

from bot.cycle_admin import drop_assignments_of
from bot.public_search import refresh_unit
from bot.services import Services
from bot.typed_text import clean_typed
from storage.invites import TOKEN_RE, Invite
from storage.units import Unit, UnitKind
from storage.users import LANGUAGES, ROLES, Language, Role, RoleGrant

__all__ = [
    "INVITE_TOKEN_RE",
    "UNIT_KINDS",
    "UNIT_NAME_MAX",
    "OnboardingError",
    "Reason",
    "RedeemOutcome",
    "StaffMember",
    "add_unit",
    "create_invite",
    "deactivate_person",
    "first_group_notice",
    "grant_role",
    "invite_link",
    "list_staff",
    "redeem_invite",
    "rename_unit",
    "revoke_invite",
    "revoke_role",
    "set_language",
    "staff_member",
]

INVITE_TOKEN_RE = TOKEN_RE  # the shape of a token (see storage.invites)
UNIT_KINDS: tuple[UnitKind, ...] = ("opd", "bidang")
UNIT_NAME_MAX = 100

Reason = Literal[
    "not_admin",  # the actor does not hold the admin role now
    "not_registered",  # the actor is not active staff
    "bad_role",  # not one of the roles
    "unit_required",  # a pelaksana needs a unit
    "unit_not_allowed",  # the other roles have none
    "unknown_unit",  # no such (active) unit
    "unknown_person",  # no such active member of staff
    "not_held",  # the person does not hold that grant (any more)
    "last_admin",  # removing it would leave the office without an admin
    "bad_unit_name",  # empty or too long
    "bad_unit_kind",  # neither OPD nor bidang
    "duplicate_unit",  # another unit has that name
    "bad_language",  # not a language the bot speaks
]


class OnboardingError(Exception):
    """A refused onboarding action; `reason` says why. Nothing has changed."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


class RedeemOutcome(StrEnum):
    """What opening an invite link did."""

    REGISTERED = "registered"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"
    REVOKED = "revoked"


class _Refused(Exception):
    """Raised inside a transaction to roll it back with an outcome (never leaves this module)."""

    def __init__(self, outcome: RedeemOutcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


@dataclass(frozen=True)
class StaffMember:
    """An active member of staff with the grants they hold now."""

    telegram_id: int
    full_name: str
    username: str | None
    language: str
    grants: tuple[RoleGrant, ...]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)


# -- presentation helpers (no Telegram needed) ----------------------------------------------------


def invite_link(bot_username: str, token: str) -> str:
    """The deep link that opens the bot with `/start <token>`."""
    return f"https://t.me/{bot_username}?start={token}"


# -- checks (inside the caller's transaction) ------------------------------------------------------


async def _require_admin(services: Services, actor_id: int) -> None:
    """Refuse unless `actor_id` holds the admin role in the database right now."""
    if not await services.users.has_role(actor_id, "admin"):
        raise OnboardingError("not_admin")


async def _require_staff(services: Services, telegram_id: int, reason: Reason) -> None:
    """Refuse unless `telegram_id` is an active person holding at least one role."""
    if not await services.users.active_roles(telegram_id):
        raise OnboardingError(reason)


def _as_role(role: str) -> Role:
    """`role` as a Role, or `bad_role`."""
    if role not in ROLES:
        raise OnboardingError("bad_role")
    return cast(Role, role)


async def _check_role_unit(services: Services, role: str, unit_id: int | None) -> Role:
    """A known role, with an active unit exactly when it is `pelaksana`; returns the role."""
    checked = _as_role(role)
    if role == "pelaksana" and unit_id is None:
        raise OnboardingError("unit_required")
    if role != "pelaksana" and unit_id is not None:
        raise OnboardingError("unit_not_allowed")
    if unit_id is not None:
        unit = await services.units.get(unit_id)
        if unit is None or not unit.active:
            raise OnboardingError("unknown_unit")
    return checked


async def _admins_left_without(services: Services, telegram_id: int) -> int:
    """How many active admins remain if `telegram_id` stops being one."""
    holders = await services.users.role_holders("admin")
    return len({grant.telegram_id for grant in holders if grant.telegram_id != telegram_id})


async def _refuse_last_admin(services: Services, telegram_id: int) -> None:
    """Refuse an action that would leave the office without an active admin."""
    if await services.users.has_role(telegram_id, "admin") and await _admins_left_without(services, telegram_id) == 0:
        raise OnboardingError("last_admin")


def _language(language: str) -> Language:
    """`language` as a Language, or `bad_language`."""
    if language not in LANGUAGES:
        raise OnboardingError("bad_language")
    return cast(Language, language)


def _clean_unit_name(name: str) -> str:
    """The name as stored (spaces collapsed), or `bad_unit_name`."""
    cleaned = clean_typed(name)
    if not cleaned or len(cleaned) > UNIT_NAME_MAX:
        raise OnboardingError("bad_unit_name")
    return cleaned


# -- invites ----------------------------------------------------------------------------------------


async def create_invite(
    services: Services, admin_id: int, role: str, unit_id: int | None = None, *, now: datetime | None = None
) -> tuple[str, datetime]:
    """Create a single-use invite for `role` (and `unit_id` for pelaksana); returns (token, expires_at)."""
    created_at = now or services.invites.now()
    expires_at = created_at + timedelta(hours=services.settings.invite_ttl_hours)
    token = secrets.token_urlsafe(16)
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        checked = await _check_role_unit(services, role, unit_id)
        invite = await services.invites.create(conn, token, checked, unit_id, admin_id, expires_at, at=created_at)
        await services.audit.append(  # the invite's id, never its token: the log is read by many
            conn,
            actor_id=admin_id,
            action="invite.create",
            entity_type="invite",
            entity_id=invite.id,
            details={"role": role, "unit_id": unit_id, "expires_at": expires_at.isoformat()},
            at=created_at,
        )
    return token, expires_at


async def revoke_invite(services: Services, admin_id: int, invite_id: int) -> bool:
    """Cancel an open invite; False when it is unknown or no longer open."""
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        return await _revoke_one(services, conn, invite_id, admin_id, {})


async def _revoke_one(
    services: Services,
    conn: aiosqlite.Connection,
    invite_id: int,
    actor_id: int | None,
    details: dict[str, object],
    at: datetime | None = None,
) -> bool:
    """Revoke one open invite with its one audit entry (inside the caller's transaction); False,
    and no entry, when it was no longer open."""
    revoked = await services.invites.revoke(conn, invite_id, at=at)
    if revoked:
        await services.audit.append(
            conn, actor_id=actor_id, action="invite.revoke", entity_type="invite", entity_id=invite_id,
            details=details, at=at,
        )
    return revoked


async def _revoke_invites_of(services: Services, conn: aiosqlite.Connection, telegram_id: int) -> list[int]:
    """Someone stops being an admin: the invites they made and nobody used yet die with the role
    (inside the caller's transaction; its audit entry lists the ids returned)."""
    return [invite.id for invite in await services.invites.revoke_created_by(conn, telegram_id)]


def _closed_outcome(invite: Invite | None, now: datetime) -> RedeemOutcome | None:
    """Why the invite cannot be used at `now`, or None when it is open."""
    if invite is None:
        return RedeemOutcome.UNKNOWN
    status = invite.status(now)
    return None if status == "open" else RedeemOutcome(status)


async def _register(
    services: Services,
    conn: aiosqlite.Connection,
    token: str,
    telegram_id: int,
    full_name: str,
    username: str | None,
    now: datetime,
) -> None:
    """Create or refresh the person, use the invite, grant its role, write the one audit entry."""
    existing = await services.users.get(telegram_id)
    language = None if existing is not None else _language(services.settings.default_language)
    await services.users.upsert(
        conn, telegram_id=telegram_id, full_name=full_name, username=username, language=language, at=now
    )
    reactivated = existing is not None and not existing.active
    if reactivated:
        await services.users.set_active(conn, telegram_id, True)
    used = await services.invites.redeem(conn, token, telegram_id, now)
    if used is None:  # taken between the read and the update: roll the person back too
        raise _Refused(_closed_outcome(await services.invites.get(token), now) or RedeemOutcome.USED)
    await services.users.grant_role(
        conn, telegram_id=telegram_id, role=used.role, unit_id=used.unit_id, granted_by=used.created_by, at=now
    )
    await services.audit.append(
        conn,
        actor_id=telegram_id,
        action="invite.redeem",
        entity_type="user",
        entity_id=telegram_id,
        details={
            "invite_id": used.id,
            "role": used.role,
            "unit_id": used.unit_id,
            "invited_by": used.created_by,
            "new_user": existing is None,
            "reactivated": reactivated,
        },
        at=now,
    )


async def redeem_invite(
    services: Services,
    token: str,
    telegram_id: int,
    full_name: str,
    username: str | None,
    *,
    now: datetime | None = None,
) -> RedeemOutcome:
    """Register `telegram_id` with the invite's role (and unit), once; or say why not.

    Creating the person, using the invite and granting the role are one transaction with one
    audit entry; a refused invite leaves no trace at all (no user row, no audit entry).
    """
    if not INVITE_TOKEN_RE.fullmatch(token):
        return RedeemOutcome.UNKNOWN
    moment = now or services.invites.now()
    # A cheap read first: strangers' unknown or dead tokens never take the writer lock.
    closed = _closed_outcome(await services.invites.get(token), moment)
    if closed is not None:
        return closed
    try:
        async with services.db.transaction() as conn:
            invite = await services.invites.get(token)
            outcome = _closed_outcome(invite, moment)
            if outcome is not None:
                return outcome
            assert invite is not None
            if not await _inviter_may_still_invite(services, invite):
                # Its creator lost the right to invite (demoted outside /staf, say): the invite is
                # revoked on the spot instead of being used.
                details: dict[str, object] = {"reason": "creator_not_admin", "created_by": invite.created_by}
                await _revoke_one(services, conn, invite.id, None, details, moment)
                return RedeemOutcome.REVOKED
            await _register(services, conn, token, telegram_id, full_name, username, moment)
    except _Refused as refused:
        return refused.outcome
    return RedeemOutcome.REGISTERED


async def _inviter_may_still_invite(services: Services, invite: Invite) -> bool:
    """Whether the invite's creator holds, right now, the role needed to grant it: an active admin.
    (Read inside the redeeming transaction: nobody can demote them between this and the grant.)"""
    return invite.created_by is not None and await services.users.has_role(invite.created_by, "admin")


# -- roles ------------------------------------------------------------------------------------------


async def grant_role(
    services: Services, admin_id: int, telegram_id: int, role: str, unit_id: int | None = None
) -> bool:
    """Give an active member of staff a role (and unit); False when they already hold it."""
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        await _require_staff(services, telegram_id, "unknown_person")
        checked = await _check_role_unit(services, role, unit_id)
        _, created = await services.users.grant_role(
            conn, telegram_id=telegram_id, role=checked, unit_id=unit_id, granted_by=admin_id
        )
        if created:
            await services.audit.append(
                conn,
                actor_id=admin_id,
                action="role.grant",
                entity_type="user",
                entity_id=telegram_id,
                details={"role": role, "unit_id": unit_id},
            )
    return created


async def revoke_role(
    services: Services, admin_id: int, telegram_id: int, role: str, unit_id: int | None = None
) -> None:
    """Take a role (and unit) away; refuses `not_held` and, for the last admin, `last_admin`.
    Taking the admin role also revokes the open invites the person made."""
    checked = _as_role(role)
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        if checked == "admin":
            await _refuse_last_admin(services, telegram_id)
        revoked = await services.users.revoke_role(
            conn, telegram_id=telegram_id, role=checked, unit_id=unit_id, revoked_by=admin_id
        )
        if not revoked:
            raise OnboardingError("not_held")
        details: dict[str, object] = {"role": role, "unit_id": unit_id}
        if checked == "admin":
            details["invites_revoked"] = await _revoke_invites_of(services, conn, telegram_id)
        dropped = await drop_assignments_of(services, conn, telegram_id, admin_id)  # others hold those steps again
        if dropped:
            details["assignments_dropped"] = dropped
        await services.audit.append(
            conn,
            actor_id=admin_id,
            action="role.revoke",
            entity_type="user",
            entity_id=telegram_id,
            details=details,
        )


async def deactivate_person(services: Services, admin_id: int, telegram_id: int) -> tuple[RoleGrant, ...]:
    """Deactivate a member of staff and revoke every role they hold; returns the revoked grants.

    A new invite brings the person back (with only the invited role); the invites they made
    themselves and nobody used yet are revoked. The last admin cannot be deactivated.
    """
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        grants = tuple(await services.users.active_roles(telegram_id))
        if not grants:
            raise OnboardingError("unknown_person")
        await _refuse_last_admin(services, telegram_id)
        for grant in grants:
            await services.users.revoke_role(
                conn, telegram_id=telegram_id, role=grant.role, unit_id=grant.unit_id, revoked_by=admin_id
            )
        await services.users.set_active(conn, telegram_id, False)
        dropped = await drop_assignments_of(services, conn, telegram_id, admin_id)  # others hold those steps again
        await services.audit.append(
            conn,
            actor_id=admin_id,
            action="user.deactivate",
            entity_type="user",
            entity_id=telegram_id,
            details={
                "revoked": [{"role": g.role, "unit_id": g.unit_id} for g in grants],
                "invites_revoked": await _revoke_invites_of(services, conn, telegram_id),
                **({"assignments_dropped": dropped} if dropped else {}),
            },
        )
    return grants


async def list_staff(services: Services) -> list[StaffMember]:
    """Active people holding at least one role, by name, each with their grants."""
    grants_by_person: dict[int, list[RoleGrant]] = {}
    for role in ROLES:
        for grant in await services.users.role_holders(role):
            grants_by_person.setdefault(grant.telegram_id, []).append(grant)
    members: list[StaffMember] = []
    for telegram_id, grants in grants_by_person.items():
        user = await services.users.get(telegram_id)
        if user is None:  # pragma: no cover - grants reference users
            continue
        grants.sort(key=lambda g: (ROLES.index(g.role), g.unit_id or 0))
        members.append(StaffMember(telegram_id, user.full_name, user.username, user.language, tuple(grants)))
    return sorted(members, key=lambda m: (m.full_name.casefold(), m.telegram_id))


async def staff_member(services: Services, telegram_id: int) -> StaffMember | None:
    """One active member of staff with their grants, or None."""
    grants = await services.users.active_roles(telegram_id)
    user = await services.users.get(telegram_id)
    if not grants or user is None:
        return None
    ordered = tuple(sorted(grants, key=lambda g: (ROLES.index(g.role), g.unit_id or 0)))
    return StaffMember(telegram_id, user.full_name, user.username, user.language, ordered)


# -- units ------------------------------------------------------------------------------------------


async def add_unit(services: Services, admin_id: int, name: str, kind: str = "opd") -> Unit:
    """Register a unit (OPD or bidang); refuses `duplicate_unit` for a name in use (any case)."""
    cleaned = _clean_unit_name(name)
    if kind not in UNIT_KINDS:
        raise OnboardingError("bad_unit_kind")
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        if await services.units.find_by_name(cleaned) is not None:
            raise OnboardingError("duplicate_unit")
        unit = await services.units.add(conn, cleaned, cast(UnitKind, kind))
        await services.audit.append(
            conn,
            actor_id=admin_id,
            action="unit.add",
            entity_type="unit",
            entity_id=unit.id,
            details={"name": unit.name, "kind": unit.kind},
        )
    return unit


async def rename_unit(services: Services, admin_id: int, unit_id: int, name: str) -> Unit:
    """Rename a unit; the same name again changes nothing (and writes no audit entry)."""
    cleaned = _clean_unit_name(name)
    async with services.db.transaction() as conn:
        await _require_admin(services, admin_id)
        unit = await services.units.get(unit_id)
        if unit is None:
            raise OnboardingError("unknown_unit")
        if unit.name == cleaned:
            return unit
        holder = await services.units.find_by_name(cleaned)
        if holder is not None and holder.id != unit_id:
            raise OnboardingError("duplicate_unit")
        await services.units.rename(conn, unit_id, cleaned)
        await refresh_unit(conn, services, unit_id)  # the public search shows the new name
        await services.audit.append(
            conn,
            actor_id=admin_id,
            action="unit.rename",
            entity_type="unit",
            entity_id=unit_id,
            details={"from": unit.name, "to": cleaned},
        )
    return Unit(id=unit.id, name=cleaned, kind=unit.kind, active=unit.active)


# -- groups ---------------------------------------------------------------------------------------

GROUP_NOTICES = "group_notices"  # kv namespace: the groups told that the bot works in private chats


async def first_group_notice(services: Services, chat_id: int) -> bool:
    """Whether the group `chat_id` is still to be told that the bot serves staff in private chats
    only; records that it now is, so it is told once (not a workflow change: no audit entry)."""
    key = str(chat_id)
    if await services.kv.get(GROUP_NOTICES, key) is not None:  # the usual case, without the writer lock
        return False
    async with services.db.transaction() as conn:
        if await services.kv.get(GROUP_NOTICES, key) is not None:
            return False
        await services.kv.set(conn, GROUP_NOTICES, key, {"told_at": services.clock.now().isoformat()})
    return True


# -- preferences ------------------------------------------------------------------------------------


async def set_language(services: Services, telegram_id: int, language: str) -> bool:
    """Set a member of staff's own language; False when it already was that language."""
    checked = _language(language)
    async with services.db.transaction() as conn:
        await _require_staff(services, telegram_id, "not_registered")
        user = await services.users.get(telegram_id)
        if user is None or user.language == checked:
            return False
        await services.users.set_language(conn, telegram_id, checked)
        await services.audit.append(
            conn,
            actor_id=telegram_id,
            action="user.language",
            entity_type="user",
            entity_id=telegram_id,
            details={"from": user.language, "to": checked},
        )
    return True

