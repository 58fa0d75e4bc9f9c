"""Beranda (/): the latest announcements, with current serta merta announcements on top."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from web.rendering import render, services_of

BANNER_ELEMENTS = 3  # of a serta merta announcement on the banner: the danger, who, where to go


async def home(request: Request) -> Response:
    """The newest announcements; serta merta ones of the last WEB_BANNER_DAYS days as a banner."""
    services = services_of(request)
    return render(
        request, "home.html",
        {
            "banner": await public_site.current_serta_merta(services),
            "announcements": await public_site.latest(services),
            "banner_elements": BANNER_ELEMENTS,
        },
    )


ROUTES: list[BaseRoute] = [Route("/", home, methods=["GET"])]
