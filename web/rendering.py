"""How a page is made: the templates, the reader's language, links, texts and dates.

* The language comes from the path: `/en/...` is English, everything else Indonesian
  (`web.app` mounts every route under `/en` with :class:`Language`). :func:`language_of` reads it.
* Links are relative (:func:`href`): from `/informasi/12/`, the DIP is `../../dip/`. The same page
  then works at the site's root, under a reverse proxy's folder, and as a static export uploaded
  anywhere. :func:`other_language_href` is the same page in the other language.
* Texts are the `web_*` keys of `bot.texts` (plain text: Jinja2 escapes them, and every value).
* Dates and times are the office's (`bot.workdays.WorkCalendar`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.register import category_label, form_label, period_label, status_label
from bot.services import Services
from bot.texts import raw

__all__ = [
    "ENGLISH_PREFIX",
    "Language",
    "environment",
    "href",
    "language_of",
    "other_language_href",
    "render",
    "services_of",
    "text",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENGLISH_PREFIX = "/en"
LANGUAGE_KEY = "ppid.language"  # where `Language` puts the reader's language in the ASGI scope
STATIC_EXPORT_KEY = "ppid.static_export"  # set by web.export: the page is written as a plain file


class Language:
    """ASGI wrapper: the routes it wraps are served in `language`."""

    def __init__(self, app: ASGIApp, language: str) -> None:
        self.app = app
        self.language = language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[LANGUAGE_KEY] = self.language
        await self.app(scope, receive, send)


def language_of(request: Request) -> str:
    return "en" if request.scope.get(LANGUAGE_KEY) == "en" else "id"


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def is_static_export(request: Request) -> bool:
    """Whether the page is being written as a plain file (no forms that need the live site)."""
    return bool(request.headers.get("x-ppid-static-export")) and bool(request.app.state.static_export_allowed)


STATIC_PREFIX = "/static/"  # the style sheet and images: one copy for both languages


def _site_path(request: Request, path: str) -> str:
    """`path` (a path of the Indonesian site, from `/`) in the reader's language (the static
    files have no language: `/static/` is not under `/en`)."""
    if path.startswith(STATIC_PREFIX):
        return path
    return ENGLISH_PREFIX + path if language_of(request) == "en" else path


def _relative(current: str, target: str) -> str:
    """`target` (an absolute path) as a link relative to the page at `current`."""
    folder = current if current.endswith("/") else posixpath.dirname(current) + "/"
    relative = posixpath.relpath(target, folder)
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


def href(request: Request, path: str, query: Mapping[str, object] | None = None) -> str:
    """A link from this page to `path` of the site (in the reader's language), with `query`
    (entries that are None or "" left out)."""
    link = _relative(request.url.path, _site_path(request, path))
    kept = {key: value for key, value in (query or {}).items() if value is not None and value != ""}
    return f"{link}?{urlencode(kept)}" if kept else link


def other_language_href(request: Request) -> str:
    """This page in the other language (its query kept)."""
    path = request.url.path
    if language_of(request) == "en":
        target = path[len(ENGLISH_PREFIX):] or "/"
    else:
        target = ENGLISH_PREFIX + path
    link = _relative(path, target)
    return f"{link}?{request.url.query}" if request.url.query else link


def text(key: str, language: str, **values: object) -> str:
    """The plain text `key` of the site in `language`, its placeholders filled (escaped later)."""
    template = raw(key, language)
    return template.format(**values) if values else template


def environment() -> Environment:
    """The Jinja2 environment of the site's templates: autoescaped, strict about missing names."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        category_label=category_label, form_label=form_label, period_label=period_label, status_label=status_label
    )
    return env


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200,
    media_type: str = "text/html",
) -> HTMLResponse:
    """The page `template` for this request, with the helpers every template uses."""
    services = services_of(request)
    language = language_of(request)
    env: Environment = request.app.state.templates

    def say(key: str, **values: object) -> str:
        return text(key, language, **values)

    def when(moment: datetime) -> str:
        return services.calendar.format_local(moment, language)

    def day(moment: datetime) -> str:
        return services.calendar.format_date(services.calendar.local(moment).date(), language)

    body = env.get_template(template).render(
        {
            "request": request,
            "language": language,
            "say": say,
            "when": when,
            "day": day,
            "link": lambda path, **query: href(request, path, query),
            "other_language": other_language_href(request),
            "organisation": services.sop.header.organisation,
            "static_export": is_static_export(request),
            **(context or {}),
        }
    )
    return HTMLResponse(body, status_code=status_code, media_type=media_type)
