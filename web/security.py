"""What every response of the site carries, and what a bad request gets instead of a traceback.

* :class:`SecurityHeaders` adds to every response: a Content-Security-Policy that allows no script
  at all and styles and images from the site only, `X-Content-Type-Options: nosniff`, no framing,
  no referrer sent elsewhere, and `Cache-Control: no-cache` unless the response set its own
  (:data:`DEFAULT_CACHE_CONTROL`); documents also get `Content-Disposition: attachment` with a safe name
  (:func:`attachment`).
* :func:`error_handlers`: 404, 400, 405 and any error become a short page in the reader's
  language, with the same headers (the error page of an unexpected error is made outside the
  middleware, so it adds them itself); the traceback goes to the log only.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.rendering import render

__all__ = ["SECURITY_HEADERS", "SecurityHeaders", "attachment", "error_handlers"]

LOG = logging.getLogger(__name__)

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# What a response says to caches when its page does not say more: keep it, but ask the site again
# before showing it, so a withdrawn publication or a re-classified item is gone at once from
# every proxy as from the site (the pages carry no validator, so "asking again" is a new GET).
DEFAULT_CACHE_CONTROL = "no-cache"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


class SecurityHeaders:
    """ASGI middleware: the headers of `SECURITY_HEADERS` on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", []) if name.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items()]
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", DEFAULT_CACHE_CONTROL.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def ascii_name(name: str) -> str:
    """A file name any browser and file system takes: ASCII letters, digits, dot, dash, underscore."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _SAFE_NAME.sub("_", folded).strip("._") or "berkas"
    if len(cleaned) > MAX_NAME:
        stem, dot, extension = cleaned.rpartition(".")
        cleaned = (stem[: MAX_NAME - len(extension) - 1] + "." + extension) if dot and len(extension) <= 10 else cleaned[:MAX_NAME]
    return cleaned


def attachment(name: str) -> str:
    """The `Content-Disposition` of a download named `name`: always an attachment, an ASCII name,
    and the cleaned original in UTF-8 (RFC 6266) for the browsers that show it."""
    safe = ascii_name(name)
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(safe, safe='')}"


def _error_page(request: Request, status_code: int) -> Response:
    response = render(request, "error.html", {"status_code": status_code}, status_code=status_code)
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    response.headers.setdefault("cache-control", DEFAULT_CACHE_CONTROL)
    return response


async def _http_error(request: Request, error: Exception) -> Response:
    status_code = error.status_code if isinstance(error, HTTPException) else 500
    if status_code not in (400, 404, 405):
        status_code = 404 if 400 <= status_code < 500 else 500
    response = _error_page(request, status_code)
    if status_code == 405:
        response.headers["allow"] = "GET, HEAD"
    return response


async def _unexpected(request: Request, error: Exception) -> Response:
    LOG.exception("web: error on %s", request.url.path, exc_info=error)
    try:
        return _error_page(request, 500)
    except Exception:  # the error page itself failed: a plain line, still with the headers
        return Response("500", status_code=500, media_type="text/plain", headers={**SECURITY_HEADERS, "cache-control": DEFAULT_CACHE_CONTROL})


def error_handlers() -> dict[Any, Any]:
    return {HTTPException: _http_error, Exception: _unexpected}
