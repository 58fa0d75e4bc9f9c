"""One page per public item (/informasi/<id>/): its DIP row and every publication.

The id is read as text and judged here (digits only, no leading zero, at most 18 of them), so a
huge, negative or non-numeric id is a 404 like any item the public may not see, never an integer
SQLite cannot hold. Whether the item is public is `bot.public_site.item_view`'s answer alone.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.public_site import PublicFile
from web.rendering import language_of, render, services_of
from web.security import ascii_name

__all__ = ["ROUTES", "file_path", "item_path"]

_ITEM_ID = re.compile(r"[1-9][0-9]{0,17}")  # below 10**18: always an SQLite integer


def item_path(item_id: int) -> str:
    """The site path of an item's page."""
    return f"/informasi/{int(item_id)}/"


def file_path(file: PublicFile) -> str:
    """The site path of a public file: its token, then a readable name (cosmetic: any name serves)."""
    return f"/berkas/{file.token}/{ascii_name(public_site.download_name(file.original_name, file.detected_type))}"


def parse_item_id(text: str) -> int:
    """The id in an item page's path, or a 404 for anything that is not one."""
    if not _ITEM_ID.fullmatch(text):
        raise HTTPException(status_code=404)
    return int(text)


async def item_page(request: Request) -> Response:
    """The item's DIP row and its publications (newest first), or 404 when the public may not see it."""
    services = services_of(request)
    view = await public_site.item_view(services, parse_item_id(request.path_params["item_id"]))
    if view is None:
        raise HTTPException(status_code=404)
    language = language_of(request)
    return render(
        request, "item.html",
        {
            "view": view,
            "item": view.row.item,
            "file_path": file_path,
            "file_name": lambda file: public_site.download_name(file.original_name, file.detected_type),
            "file_type": lambda file: public_site.file_type_label(file.detected_type, language),
            "file_size": lambda file: public_site.human_size(file.size, language),
        },
    )


ROUTES: list[BaseRoute] = [Route("/informasi/{item_id}/", item_page, methods=["GET"])]
