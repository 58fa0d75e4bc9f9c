"""Daftar Informasi Publik: the DIP page with its filters and pages (/dip/).

The reader filters by `kategori` (a public category key), `unit` (a unit's id) and `tahun` (the
office year of a publication), each empty for "all", and pages with `halaman`. Unfiltered pages
are also folders, `/dip/halaman/<N>/`, which the static export can write; links use that form
when no filter is set and the query form otherwise. Anything else in those keys (an unknown or
exempt category, a number that is not a positive decimal, a year outside 1900..2999, a page beyond
`bot.public_site.MAX_PAGE`, a key given twice) is a 400 page, never a traceback; keys the page
does not know are ignored. A page past the end shows the last page.

The query helpers here (:func:`single`, :func:`page_number`) serve the exempt list too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.register import field_label
from web.rendering import href, language_of, render, services_of

__all__ = ["ROUTES", "page_number", "single"]

PAGE_KEY = "halaman"
CATEGORY_KEY = "kategori"
UNIT_KEY = "unit"
YEAR_KEY = "tahun"
YEARS = range(1900, 3000)
_DECIMAL = re.compile(r"[0-9]{1,18}")  # ASCII digits only (int() would take other scripts' digits too)
# The DIP's columns on the page, by their register field (labels: bot.register.field_label).
COLUMNS = ("summary", "unit_id", "responsible", "made_time_place", "form", "retention", "category", "period", "last_published_at")


def _bad() -> HTTPException:
    return HTTPException(status_code=400)


def single(params: QueryParams, key: str) -> str | None:
    """The one value of `key` (None when absent or empty); a key given twice is refused."""
    values = params.getlist(key)
    if len(values) > 1:
        raise _bad()
    return values[0] if values and values[0] != "" else None


def positive(text: str, highest: int) -> int:
    """`text` as a whole number 1..`highest`, else 400."""
    if _DECIMAL.fullmatch(text) is None:
        raise _bad()
    number = int(text)
    if not 1 <= number <= highest:
        raise _bad()
    return number


def page_number(request: Request) -> int:
    """The page asked for: the path's `<N>` (`.../halaman/<N>/`) or the query's `halaman`, else 1."""
    in_query = single(request.query_params, PAGE_KEY)
    in_path = request.path_params.get("number")
    if in_path is not None and in_query is not None:
        raise _bad()
    chosen = in_path if in_path is not None else in_query
    return 1 if chosen is None else positive(str(chosen), public_site.MAX_PAGE)


def dip_query(params: QueryParams) -> public_site.DipQuery:
    """The reader's filters, checked (400 for anything but a public category, a unit id, a year)."""
    category = single(params, CATEGORY_KEY)
    if category is not None and category not in public_site.PUBLIC_CATEGORIES:
        raise _bad()
    unit = single(params, UNIT_KEY)
    year = single(params, YEAR_KEY)
    year_number = None if year is None else positive(year, YEARS[-1])
    if year_number is not None and year_number not in YEARS:
        raise _bad()
    return public_site.DipQuery(
        category=category, unit_id=None if unit is None else positive(unit, 2**63 - 1), year=year_number,
    )


def page_links(request: Request, query: public_site.DipQuery, folder: str) -> Callable[[int], str]:
    """The link of page n of `folder` (`/dip/`, `/dikecualikan/`) under `query`: a folder of its
    own when nothing is filtered (so the static export has it), the query form otherwise."""

    def link(number: int) -> str:
        if not query.filtered:
            return href(request, folder if number == 1 else f"{folder}{PAGE_KEY}/{number}/")
        return href(
            request, folder,
            {
                CATEGORY_KEY: query.category, UNIT_KEY: query.unit_id, YEAR_KEY: query.year,
                PAGE_KEY: None if number == 1 else number,
            },
        )

    return link


async def dip_page(request: Request) -> Response:
    """One page of the public DIP under the reader's filters."""
    query = dip_query(request.query_params)
    if query.filtered and "number" in request.path_params:
        raise _bad()  # the folder form is for the unfiltered list only
    number = page_number(request)
    services = services_of(request)
    language = language_of(request)
    page = await public_site.dip(services, query, number)
    return render(
        request, "dip.html",
        {
            "page": page,
            "query": query,
            "categories": public_site.PUBLIC_CATEGORIES,
            "columns": {name: field_label(name, language) for name in COLUMNS},
            "page_href": page_links(request, query, "/dip/"),
        },
    )


ROUTES: list[BaseRoute] = [
    Route("/dip/", dip_page, methods=["GET"]),
    Route("/dip/halaman/{number}/", dip_page, methods=["GET"]),
]
