"""Daftar Informasi yang Dikecualikan (/dikecualikan/): summary, unit, legal basis; never documents.

UU 14/2008 makes this list public; the information itself is not, so a line links nowhere (an
exempt item has no public page and no public file). Pages as the DIP's: `/dikecualikan/halaman/<N>/`
and `?halaman=N`, a bad page number a 400, a page past the end the last page.

The exemption period is the consequence test's (issue 17): "sampai <last day>", or, once it is over,
that it ended and the information is being re-tested; an item exempted before the test existed
says "not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.exemption import period_ended
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


def _period(request: Request, row: ExemptRow) -> str | None:
    """The item's exemption period as the public reads it (None: not recorded)."""
    if row.exempt_until is None:
        return None
    services, language = services_of(request), language_of(request)
    day = services.calendar.format_date(row.exempt_until, language)
    ended = period_ended(row.exempt_until, services.clock.now(), services.calendar)
    return text("web_exempt_period_ended" if ended else "web_exempt_period_until", language, date=day)


async def exempt_page(request: Request) -> Response:
    """One page of the Daftar Informasi yang Dikecualikan."""
    number = page_number(request)
    language = language_of(request)
    page = await public_site.exempt(services_of(request), number)
    return render(
        request, "exempt.html",
        {
            "page": page,
            "lines": [ExemptLine(row, _period(request, row)) for row in page.rows],
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
