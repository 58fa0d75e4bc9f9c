"""The site's ASGI application: every page's routes, in Indonesian and under `/en` in English.

`build_site(services)` is what `web.server` serves and what the tests call through httpx; the
static export (`web.export`) builds it with `static_export=True`, which lets its requests ask for
the plain-file version of a page (no search box, no filter form: a static host cannot answer them).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Router
from starlette.staticfiles import StaticFiles

from bot.services import Services
from web.pages import dip, exempt, feeds, files, home, item, opendata, search
from web.rendering import ENGLISH_PREFIX, Language, environment
from web.security import SecurityHeaders, error_handlers

__all__ = ["PAGE_MODULES", "build_site"]

PAGE_MODULES = (home, dip, exempt, item, files, search, feeds, opendata)
STATIC = Path(__file__).resolve().parent / "static"


def _page_routes() -> list[BaseRoute]:
    return [route for module in PAGE_MODULES for route in module.ROUTES]


def build_site(services: Services, *, static_export: bool = False) -> Starlette:
    """The public site over `services`."""
    english = Language(Router(routes=_page_routes()), "en")
    indonesian = Language(Router(routes=_page_routes()), "id")
    site = Starlette(
        debug=False,
        routes=[
            Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
            Mount(ENGLISH_PREFIX, app=english),
            Mount("", app=indonesian),
        ],
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers=error_handlers(),
    )
    site.state.services = services
    site.state.templates = environment()
    site.state.static_export_allowed = static_export
    return site
