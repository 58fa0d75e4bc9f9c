"""Daftar Informasi yang Dikecualikan (/dikecualikan/): summary, unit, legal basis; never documents.

UU 14/2008 makes this list public; the information itself is not, so a line links nowhere (an
exempt item has no public page and no public file). Pages as the DIP's: `/dikecualikan/halaman/<N>/`
and `?halaman=N`, a bad page number a 400, a page past the end the last page.

The exemption period is a column already: it says "not recorded yet" until the register records
one (issue 17), when :func:`_period` returns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.public_site import ExemptRow
from bot.register import field_label
from web.pages.dip import page_links, page_number
from web.rendering import language_of, render, services_of, text

__all__ = ["ROUTES"]

COLUMNS = ("summary", "unit_id", "legal_basis")  # then the exemption period (web_exempt_col_period)


@dataclass(frozen=True)
class ExemptLine:
    """A line of the list: the item's public columns and its exemption period (None: not recorded)."""

    row: ExemptRow
    period: str | None


def _period(row: ExemptRow) -> str | None:
    """The recorded exemption period of the item: none is recorded yet (issue 17 adds it)."""
    return None


async def exempt_page(request: Request) -> Response:
    """One page of the Daftar Informasi yang Dikecualikan."""
    number = page_number(request)
    language = language_of(request)
    page = await public_site.exempt(services_of(request), number)
    return render(
        request, "exempt.html",
        {
            "page": page,
            "lines": [ExemptLine(row, _period(row)) for row in page.rows],
            "columns": [
                *(field_label(name, language) for name in COLUMNS),
                text("web_exempt_col_period", language),
            ],
            "page_href": page_links(request, public_site.DipQuery(), "/dikecualikan/"),
        },
    )


ROUTES: list[BaseRoute] = [
    Route("/dikecualikan/", exempt_page, methods=["GET"]),
    Route("/dikecualikan/halaman/{number}/", exempt_page, methods=["GET"]),
]
