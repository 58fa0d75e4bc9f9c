"""The Atom feed of announcements (/feed.atom, English under /en/feed.atom).

An Atom 1.0 feed (RFC 4287) of `bot.public_site.latest`: one entry per publication, newest first,
linking to the item's page. A feed reader needs absolute addresses, unlike the site's pages: they
start at `WEB_PUBLIC_URL` when it is set (the address the public uses behind the office's reverse
proxy), else at the address the request came to.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.public_site import PublicationView
from web.rendering import ENGLISH_PREFIX, language_of, render, services_of

__all__ = ["ATOM_MEDIA_TYPE", "ROUTES", "rfc3339", "xml_text"]

ATOM_MEDIA_TYPE = "application/atom+xml; charset=utf-8"
# Characters XML 1.0 does not allow at all, even escaped: one of them would make the whole feed
# unreadable. Typed texts are cleaned of them on the way in (`bot.typed_text`); rows written
# before that, or by hand, are not.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def rfc3339(moment: datetime) -> str:
    """`moment` in UTC as RFC 3339 ("2026-11-30T02:00:00Z")."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot carry (escaping is the template's)."""
    return _NOT_XML.sub("", text)


def site_root(request: Request) -> str:
    """The absolute address of the site's root in the reader's language, ending in "/"."""
    configured = services_of(request).settings.web_public_url
    base = (configured or str(request.base_url)).rstrip("/")
    return base + (ENGLISH_PREFIX + "/" if language_of(request) == "en" else "/")


def summary_of(view: PublicationView) -> str | None:
    """The entry's summary of a serta merta announcement: its first element (the danger); None
    for the others (the feed then says its category and unit)."""
    return view.elements[0][1] if view.elements else None


async def atom(request: Request) -> Response:
    """The latest announcements as Atom."""
    services = services_of(request)
    views = await public_site.latest(services)
    root = site_root(request)
    updated = views[0].publication.published_at if views else services.clock.now()
    return render(
        request, "feed.xml",
        {
            "views": views,
            "root": root,
            "updated": rfc3339(updated),
            "rfc3339": rfc3339,
            "summary_of": summary_of,
            "xml": xml_text,
        },
        media_type=ATOM_MEDIA_TYPE,
    )


ROUTES: list[BaseRoute] = [Route("/feed.atom", atom, methods=["GET"])]
