"""The public web site's absolute addresses, for the links the bot gives in chat.

The one place that builds them: the item card, `/riwayat` and `/cari` take their web links from
here. They are made from ``WEB_PUBLIC_URL`` (``settings.web_public_url``: where the public reaches
the site, e.g. ``https://ppid.example.go.id`` or with a folder behind the office's reverse proxy).
When it is unset every function returns None and the chat shows no web link: the site's own
``WEB_ADDRESS`` (127.0.0.1:8080 by default) is useless on a citizen's phone.

The paths are the site's: ``web/`` defines the routes (``web/pages/item.py`` serves
``/informasi/<id>/``, ``web/pages/search.py`` ``/cari/``, both again under ``/en`` in English),
and ``tests/bot/test_web_links.py`` holds the two together by requesting each address built here
from the site itself.

:func:`item_page_url` only builds an address; :func:`public_item_url` also checks that the public
may see the item now (the one rule of ``storage.public_search``), so a card never links an
unpublished, exempt, deactivated or withdrawn item.
"""

from __future__ import annotations

from urllib.parse import urlencode

from bot import public_search
from bot.config import Settings
from bot.services import Services

__all__ = ["ITEM_PATH", "SEARCH_PATH", "item_page_url", "public_item_url", "search_page_url", "site_url"]

ITEM_PATH = "/informasi/{item_id}/"
SEARCH_PATH = "/cari/"
ENGLISH_PREFIX = "/en"  # as web.rendering.ENGLISH_PREFIX (bot/ does not import web/)


def site_url(settings: Settings, path: str = "/", language: str = "id") -> str | None:
    """The absolute address of the site's `path` (from ``/``) in `language`; None without
    ``WEB_PUBLIC_URL``."""
    base = settings.web_public_url
    if not base:
        return None
    if not path.startswith("/"):
        raise ValueError(f"a site path starts with '/': {path!r}")
    prefix = ENGLISH_PREFIX if language == "en" else ""
    return base.rstrip("/") + prefix + path


def item_page_url(settings: Settings, item_id: int, language: str = "id") -> str | None:
    """The address of an item's page on the site (whether the public may see it or not)."""
    return site_url(settings, ITEM_PATH.format(item_id=int(item_id)), language)


def search_page_url(settings: Settings, search_keywords: str = "", language: str = "id") -> str | None:
    """The address of the site's search for `search_keywords` (``bot.public_search.keywords``)."""
    url = site_url(settings, SEARCH_PATH, language)
    if url is None or not search_keywords:
        return url
    return f"{url}?{urlencode({'q': search_keywords})}"


async def public_item_url(services: Services, item_id: int, language: str = "id") -> str | None:
    """The item's page when there are web links and the public may see the item now, else None."""
    url = item_page_url(services.settings, item_id, language)
    if url is None or await public_search.repository(services).source(item_id) is None:
        return None
    return url
