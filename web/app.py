"""The site's ASGI application: every page's routes, in Indonesian and under `/en` in English.

`build_site(services)` is what `web.server` serves and what the tests call through httpx; the
static export (`web.export`) builds it with `static_export=True`, which lets its requests ask for
the plain-file version of a page (no search box, no filter form: a static host cannot answer them).

A path that lacks its final slash (`/dip`), or has one too many (`/dip.csv/`), is redirected by
:class:`Pages` with a *relative* `Location` (`dip/`): Starlette's own redirect is absolute and
built from the request's `Host` header, which anyone can set, so a shared cache could keep a
redirect to another site, and behind a proxy's folder it would lose the folder.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Match, Mount, Router
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from bot.services import Services
from web.pages import dip, exempt, feeds, files, home, item, opendata, search
from web.rendering import ENGLISH_PREFIX, Language, environment
from web.security import SecurityHeaders, error_handlers

__all__ = ["PAGE_MODULES", "build_site"]

PAGE_MODULES = (home, dip, exempt, item, files, search, feeds, opendata)
STATIC = Path(__file__).resolve().parent / "static"


def _page_routes() -> list[BaseRoute]:
    return [route for module in PAGE_MODULES for route in module.ROUTES]


def relative_redirect(current: str, target: str, query: str) -> str:
    """The `Location` from the path `current` to the path `target` of the same site: relative,
    percent-encoded, and starting with "./" or "../", so it can never name another host (not
    even as `//host` or a browser's `\\host`)."""
    folder = current if current.endswith("/") else posixpath.dirname(current)
    stem = target.rstrip("/")
    up = posixpath.relpath(posixpath.dirname(stem) or "/", folder or "/")
    relative = ("" if up == "." else up + "/") + posixpath.basename(stem) + ("/" if target.endswith("/") else "")
    if not relative.startswith("../"):
        relative = "./" + relative
    return quote(relative) + (f"?{query}" if query else "")


class Pages(Router):
    """The pages' router: a path with its final slash missing or extra gets a relative redirect
    to the page it means (307, as Starlette's); any other unknown path is a 404."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        super().__init__(routes=routes, redirect_slashes=False)
        self.default = self.slash_redirect

    async def slash_redirect(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        route_path = path[len(root):] if root and path.startswith(root) else path
        if scope["type"] == "http" and route_path not in ("", "/"):
            other = path.rstrip("/") if path.endswith("/") else path + "/"
            if other and any(route.matches({**scope, "path": other})[0] is not Match.NONE for route in self.routes):
                location = relative_redirect(path, other, scope.get("query_string", b"").decode("latin-1"))
                await RedirectResponse(location, status_code=307)(scope, receive, send)
                return
        await self.not_found(scope, receive, send)


def build_site(services: Services, *, static_export: bool = False) -> Starlette:
    """The public site over `services`."""
    english = Language(Pages(_page_routes()), "en")
    indonesian = Language(Pages(_page_routes()), "id")
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
