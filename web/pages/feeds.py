"""The Atom feed of announcements (/feed.atom, English under /en/feed.atom).

An Atom 1.0 feed (RFC 4287) of `bot.public_site.latest`: one entry per publication, newest first,
linking to the item's page. With `WEB_PUBLIC_URL` set (the address the public uses behind the
office's reverse proxy) the links and ids are absolute addresses under it. Without it, nothing is
made from the request's `Host` header (anyone sets it: a shared cache could keep a feed pointing
at another site, and the static export's in-process host `ppid.export` would end up in the
uploaded feed): the links are relative to the feed's own address (`informasi/12/`, RFC 4287
allows it), which a reader resolves against wherever it fetched the feed, and the ids, which must
be absolute, are name-based UUIDs (`urn:uuid:`, RFC 4122 version 5) of the organisation, the
language and the path, the same on every host and every export.
"""

from __future__ import annotations

import re
import uuid
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
    """Where the feed's links start: the absolute address of the site's root in the reader's
    language under `WEB_PUBLIC_URL` ("https://.../en/"), else "" (links relative to the feed,
    which is at that root too)."""
    configured = services_of(request).settings.web_public_url
    if not configured:
        return ""
    return configured.rstrip("/") + (ENGLISH_PREFIX + "/" if language_of(request) == "en" else "/")


def feed_id(request: Request, root: str, path: str) -> str:
    """The Atom id of `path` (from the root of the feed's language): its address when the site's
    address is configured, else a UUID named by the organisation, the language and the path."""
    if root:
        return root + path
    name = f"ppid-bot:{services_of(request).sop.header.organisation}:{language_of(request)}:{path}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


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
            "home": root or "./",
            "feed_id": lambda path: feed_id(request, root, path),
            "updated": rfc3339(updated),
            "rfc3339": rfc3339,
            "summary_of": summary_of,
            "xml": xml_text,
        },
        media_type=ATOM_MEDIA_TYPE,
    )


ROUTES: list[BaseRoute] = [Route("/feed.atom", atom, methods=["GET"])]
