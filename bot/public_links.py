"""Public links to what was announced in the public channel (``t.me`` addresses).

Used by the public search (``/cari``) and the DIP export's "channel link" column.
"""

from __future__ import annotations

import re

__all__ = ["channel_post_link"]

_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
_CHANNEL_ID = re.compile(r"-100([0-9]{1,15})")


def _internal_id(chat_id: int | str | None) -> str | None:
    """The id Telegram uses in ``t.me/c/<id>/...`` links: a channel's id without its -100."""
    if chat_id is None or isinstance(chat_id, bool):
        return None
    match = _CHANNEL_ID.fullmatch(str(chat_id).strip())
    if match is None or int(match.group(1)) == 0:
        return None
    return str(int(match.group(1)))


def channel_post_link(public_channel: int | str | None, chat_id: int | None, message_id: int | None) -> str | None:
    """The ``https://t.me/...`` link of a post in the public channel, or None when there is none.

    * ``public_channel`` is the configured channel (``PUBLIC_CHANNEL``): ``@username`` or a
      numeric ``-100...`` id. For a channel with a username the link is
      ``https://t.me/<username>/<message id>``, which anyone can open.
    * Otherwise the link is ``https://t.me/c/<id without -100>/<message id>``, from the chat id
      recorded with the publication (where the post really is) or else the configured id; it
      opens for people who can see the channel.
    * ``message_id`` 0 or None means the post's number is unknown (a publication confirmed by
      hand after an interruption): the link is then the channel itself when it has a username,
      else None.
    """
    known_message = isinstance(message_id, int) and not isinstance(message_id, bool) and message_id > 0
    if isinstance(public_channel, str):
        match = _USERNAME.fullmatch(public_channel.strip())
        if match is not None:
            username = match.group(1)
            return f"https://t.me/{username}/{message_id}" if known_message else f"https://t.me/{username}"
    if not known_message:
        return None
    internal = _internal_id(chat_id) or _internal_id(public_channel)
    return None if internal is None else f"https://t.me/c/{internal}/{message_id}"
