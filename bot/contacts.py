"""How to reach a colleague on Telegram: their name as Telegram shows it, with their @username when
they have one ("Putri Lestari (@putri)"), else their full name alone (anyone in the office can find
them by it). What `storage.users` keeps of each person, refreshed by every update they send.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.services import Services
from bot.telegram_limits import shorten
from storage.users import User


NAME_MAX = 40  # characters of a full name (Telegram allows 129); the @username is kept whole


def contact_name(user: User) -> str:
    """A person by name and, when they have one, the @username that opens a chat with them."""
    name = shorten(user.full_name, NAME_MAX)
    return f"{name} (@{user.username})" if user.username else name


async def contacts_of(services: Services, user_ids: Sequence[int]) -> dict[int, str]:
    """The contact name of each of these people, in one read (an unknown id stays a number)."""
    users = await services.users.get_many(list(dict.fromkeys(user_ids)))
    return {user_id: contact_name(users[user_id]) if user_id in users else str(user_id) for user_id in user_ids}


async def contact_names(services: Services, user_ids: Sequence[int]) -> list[str]:
    """The contact names of these people, in their order."""
    names = await contacts_of(services, user_ids)
    return [names[user_id] for user_id in user_ids]
