"""The people of the office as the bot sees them: who someone is and which roles they hold now.

Roles are always read from the database at the moment of the action (never from what a button
says), so a revoked role stops working at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from storage.users import RoleGrant, User


@dataclass(frozen=True)
class Person:
    """A registered, active member of staff with the roles held right now."""

    telegram_id: int
    full_name: str
    language: str
    roles: frozenset[str]
    unit_ids: frozenset[int]
    blocked: bool = False  # marked as having blocked the bot

    def has(self, role: str) -> bool:
        return role in self.roles


async def find_person(services: Services, telegram_id: int) -> Person | None:
    """The person with their current roles, or None for anyone without an active role."""
    found = await services.users.with_roles(telegram_id)
    return None if found is None else _person(*found)


def _person(user: User, grants: list[RoleGrant]) -> Person | None:
    if not user.active or not grants:
        return None
    return Person(
        telegram_id=user.telegram_id,
        full_name=user.full_name,
        language=user.language,
        roles=frozenset(grant.role for grant in grants),
        blocked=user.blocked_at is not None,
        unit_ids=frozenset(grant.unit_id for grant in grants if grant.unit_id is not None),
    )


async def identify(services: Services, telegram_id: int, full_name: str, username: str | None) -> Person | None:
    """Who is writing, with their roles now (one read), keeping their name as Telegram shows it.

    A name change is not a workflow change: it is written without an audit entry.
    """
    found = await services.users.with_roles(telegram_id)
    if found is None:
        return None
    user, grants = found
    if (user.full_name, user.username) != (full_name, username):
        async with services.db.transaction() as conn:
            user = await services.users.upsert(conn, telegram_id=telegram_id, full_name=full_name, username=username)
    return _person(user, grants)


async def ensure_config_admins(services: Services) -> list[int]:
    """Grant the admin role to the ids in ADMIN_IDS; returns the ids that were newly granted.

    ADMIN_IDS is authoritative for the first admins: a revoked grant or a deactivated person comes
    back at the next start, so to remove a first admin, remove the id from the configuration.
    """
    granted: list[int] = []
    for telegram_id in services.settings.admin_ids:
        async with services.db.transaction() as conn:
            existing = await services.users.get(telegram_id)
            if existing is None:
                await services.users.upsert(
                    conn,
                    telegram_id=telegram_id,
                    full_name=f"Admin {telegram_id}",
                    username=None,
                    language=services.settings.default_language,  # type: ignore[arg-type]
                )
            elif not existing.active:
                await services.users.set_active(conn, telegram_id, True)
            _, created = await services.users.grant_role(conn, telegram_id=telegram_id, role="admin")
            if created:
                await services.audit.append(
                    conn,
                    actor_id=None,
                    action="role.grant",
                    entity_type="user",
                    entity_id=telegram_id,
                    details={"role": "admin", "source": "ADMIN_IDS"},
                )
                granted.append(telegram_id)
    return granted
