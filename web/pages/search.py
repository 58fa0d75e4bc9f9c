"""Cari (/cari/?q=...&halaman=N): the same search and rules as /cari in chat (bot.public_search).

There is one search: this page calls :func:`bot.public_search.search`, as `handlers/search.py`
does, so the keywords (:func:`bot.public_search.keywords`: the typed text cut to
``MAX_QUERY_CHARS``, stop words dropped, at most ``MAX_TERMS`` words), the stemming, the ranking,
the page size and the visibility rule are the chat's, and page N here is page N of `/cari`.

The query string is read strictly: `q` and `halaman` at most once each, no NUL, `halaman` a page
number a `/cari` button could name (1 to ``MAX_PAGES``, digits only); anything else is 400. A page
past the last one shows the last (as an old "next" button does in chat). Other keys are ignored.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.public_search import MAX_PAGES, MAX_QUERY_CHARS, keywords, search
from web.rendering import render, services_of

_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")  # 1..999, as MAX_PAGES allows; no sign, no spaces


def _single(request: Request, key: str) -> str | None:
    """The one value of `key` in the query string, or None; 400 when repeated or holding a NUL."""
    values = request.query_params.getlist(key)
    if len(values) > 1 or any("\x00" in value for value in values):
        raise HTTPException(400)
    return values[0] if values else None


def _page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not _PAGE_NUMBER.fullmatch(value) or int(value) > MAX_PAGES:
        raise HTTPException(400)
    return int(value)


async def search_page(request: Request) -> Response:
    """The form; with `q`, one page of results (or why there are none)."""
    typed = (_single(request, "q") or "")[:MAX_QUERY_CHARS]
    page = _page_number(_single(request, "halaman"))
    query_keywords = keywords(typed)
    found = await search(services_of(request), query_keywords, page) if query_keywords else None
    return render(
        request, "search.html",
        {
            "typed": typed,
            "asked": bool(typed.strip()),
            "found": found,
            "max_query_chars": MAX_QUERY_CHARS,
        },
    )


ROUTES: list[BaseRoute] = [Route("/cari/", search_page, methods=["GET"])]
