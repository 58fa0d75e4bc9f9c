"""Public documents by their opaque token (/berkas/<token>/<name>).

The token is the only key (`public_files`, migration 0014); the name after it is for the reader
and the browser and is never looked at. Every request asks `bot.public_site.served_file`, which
re-applies the one visibility rule in SQL, so a withdrawal or a re-classification stops the
download at once; `Cache-Control: no-cache` makes every cache ask again too. The strong ETag is
the file's sha256 (stored files are content-addressed), so a browser that has the file gets a
304 after the rule has been checked.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from bot import public_site
from web.rendering import services_of
from web.security import attachment

__all__ = ["ROUTES"]


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or is `*`)."""
    if not if_none_match:
        return False
    candidates = {candidate.strip().removeprefix("W/") for candidate in if_none_match.split(",")}
    return etag in candidates or "*" in candidates


async def document(request: Request) -> Response:
    """The stored file behind the token while it is public; else 404 (whatever the name says)."""
    found = await public_site.served_file(services_of(request), request.path_params["token"])
    if found is None:
        raise HTTPException(status_code=404)
    served, path = found
    etag = f'"{served.sha256}"'
    headers = {"etag": etag, "cache-control": "no-cache"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    media_type = public_site.media_type_of(served.detected_type)
    headers["content-type"] = media_type  # as it is: no charset guessed for a CSV
    headers["content-disposition"] = attachment(public_site.download_name(served.original_name, served.detected_type))
    return FileResponse(path, media_type=media_type, headers=headers)


ROUTES: list[BaseRoute] = [Route("/berkas/{token}/{name}", document, methods=["GET"])]
