"""`SandboxRequest`: PTB's `BaseRequest` answered in process by a `FakeTelegram`.

PTB builds URLs as `{base_url}/{method}` (base_url defaults to
`https://api.telegram.org/bot<token>`) and file downloads as `{base_file_url}/{file_path}`
(`https://api.telegram.org/file/bot<token>/...`). Any host is accepted; only the path is routed:
`.../bot<token>/<method>` goes to `FakeTelegram.handle`, `.../file/bot<token>/<path>` returns the
stored bytes. Parameters are taken from `RequestData.parameters` (native values) and uploads from
`RequestData.multipart_data`, so nothing touches the network.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.sandbox import errors
from bot.sandbox.params import UploadedFile

if TYPE_CHECKING:
    from bot.sandbox.core import FakeTelegram

__all__ = ["SandboxRequest", "route"]

_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_METHOD_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_NOT_FOUND = json.dumps({"ok": False, "error_code": 404, "description": errors.NOT_FOUND})


def route(path: str) -> tuple[str, str, str] | None:
    """("file", token, file_path) or ("method", token, method) for a URL path, else None."""
    file_match = _FILE_PATH.search(path)
    if file_match:
        return "file", unquote(file_match["token"]), unquote(file_match["path"])
    method_match = _METHOD_PATH.search(path)
    if method_match:
        return "method", unquote(method_match["token"]), method_match["method"]
    return None


class SandboxRequest(BaseRequest):
    """A `BaseRequest` whose every call is answered by `fake` (no network)."""

    __slots__ = ("_initialized", "_read_timeout", "fake")

    def __init__(self, fake: FakeTelegram, read_timeout: float | None = 5.0) -> None:
        self.fake = fake
        self._read_timeout = read_timeout
        self._initialized = False

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout; PTB adds the getUpdates long-poll timeout to it."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""
        self._initialized = True

    async def shutdown(self) -> None:
        """Nothing to close."""
        self._initialized = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Route `url` to the fake and return `(status, body)` like an HTTP client would."""
        del read_timeout, write_timeout, connect_timeout, pool_timeout  # no network, no waits
        target = route(urlsplit(url).path)
        if target is None:
            return 404, _NOT_FOUND.encode()
        kind, token, name = target
        if kind == "file":
            data = self.fake.download(name, token)
            return (200, data) if data is not None else (404, _NOT_FOUND.encode())
        values: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files = _uploads(request_data) if request_data else {}
        status, body = await self.fake.handle(name, values, files, token=token)
        return status, json.dumps(body).encode("utf-8")


def _uploads(request_data: RequestData) -> dict[str, UploadedFile]:
    files: dict[str, UploadedFile] = {}
    for field, (file_name, content, mime_type) in request_data.multipart_data.items():
        if not isinstance(content, bytes):
            content.seek(0)  # as HTTPX does: a retried request sends the file again
        data = content if isinstance(content, bytes) else content.read()
        files[field] = UploadedFile(field, file_name, mime_type, data)
    return files

