"""`SandboxHTTPServer`: the fake Bot API over HTTP/1.1 on 127.0.0.1 (stdlib asyncio only).

A real PTB `Application` (normal `HTTPXRequest`) talks to it through
`.base_url(server.base_url)` and `.base_file_url(server.base_file_url)`:

    POST/GET /bot<token>/<method>      -> FakeTelegram.handle (query string, form-urlencoded,
                                          multipart/form-data or JSON bodies)
    GET      /file/bot<token>/<path>   -> the stored file's bytes

Connections are kept alive (httpx reuses them) and several long polls may wait at once.
Bodies larger than the upload limit are refused with 413 before being read.

A small JSON control API lets another process play the users when the fake runs on its own
(`python -m bot.sandbox --port 8081`):

    POST /sandbox/users                      {"id", "first_name", "username"?, "started"?}
    POST /sandbox/users/<id>/text            {"text"}
    POST /sandbox/users/<id>/command         {"command", "args"?: [...]}
    POST /sandbox/users/<id>/document        {"data_base64", "file_name", "mime_type"?, "caption"?}
    POST /sandbox/users/<id>/press           {"message_id", "callback_data"} or {"button_text"}
    POST /sandbox/users/<id>/block | unblock
    GET  /sandbox/users/<id>/messages
    POST /sandbox/channels                   {"id", "title", "username"?, "bot_admin"?}
    GET  /sandbox/channels/<id>/posts
    GET  /sandbox/calls?method=<name>
    GET  /sandbox/state
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import signal
import sys
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox import errors
from bot.sandbox.bodies import parse_body, parse_query
from bot.sandbox.core import DEFAULT_TOKEN, MB, FakeTelegram
from bot.sandbox.errors import SandboxError
from bot.sandbox.ratelimit import RateLimits
from bot.sandbox.request import route

__all__ = ["SandboxHTTPServer", "main"]

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Request Entity Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


@dataclass
class _HttpRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    too_large: bool = False

    @property
    def keep_alive(self) -> bool:
        return self.headers.get("connection", "").lower() != "close" and not self.too_large


def _json(status: int, body: Any) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(body).encode("utf-8")


class SandboxHTTPServer:
    """Serves `fake` on `host:port` (port 0 picks a free one)."""

    def __init__(self, fake: FakeTelegram, host: str = "127.0.0.1", port: int = 0) -> None:
        self.fake = fake
        self.host = host
        self.port = port
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.Task[None]] = set()
        # Other form fields travel beside the file; allow some room over the upload limit.
        self.max_body = fake.max_upload_size + MB

    @property
    def url(self) -> str:
        """`http://host:port`."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For `ApplicationBuilder().base_file_url(...)` (PTB appends the token)."""
        return f"{self.url}/file/bot"

    async def start(self) -> SandboxHTTPServer:
        """Bind and start serving; returns self."""
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        """Stop listening, cut open connections (long polls included), wait for them."""
        if self._server is None:
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    async def __aenter__(self) -> SandboxHTTPServer:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- HTTP/1.1 --------------------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                status, content_type, body = await self._respond(request)
                head = (
                    f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n"
                    f"Content-Type: {content_type}\r\n"
                    f"Content-Length: {len(body)}\r\n"
                    f"Connection: {'keep-alive' if request.keep_alive else 'close'}\r\n"
                    "Server: ppid-telegram-sandbox\r\n\r\n"
                )
                writer.write(head.encode("latin-1") + body)
                await writer.drain()
                if not request.keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            if task is not None:
                self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader) -> _HttpRequest | None:
        line = await reader.readline()
        while line in (b"\r\n", b"\n"):
            line = await reader.readline()
        if not line:
            return None
        parts = line.decode("latin-1").split()
        if len(parts) != 3:
            raise ConnectionError("malformed request line")
        method, target, _version = parts
        headers: dict[str, str] = {}
        while True:
            header_line = await reader.readline()
            if header_line in (b"\r\n", b"\n", b""):
                break
            name, _, value = header_line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked(reader)
            if body is None:
                return _HttpRequest(method, target, headers, b"", too_large=True)
        else:
            length = int(headers.get("content-length", "0") or 0)
            if length > self.max_body:
                return _HttpRequest(method, target, headers, b"", too_large=True)
            body = await reader.readexactly(length) if length else b""
        return _HttpRequest(method.upper(), target, headers, body)

    async def _read_chunked(self, reader: asyncio.StreamReader) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > self.max_body:
                return None
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)

    async def _respond(self, request: _HttpRequest) -> tuple[int, str, bytes]:
        if request.too_large:
            return _json(413, errors.ApiError(413, errors.REQUEST_ENTITY_TOO_LARGE).to_json())
        parsed = urlsplit(request.target)
        if parsed.path.startswith("/sandbox/"):
            return await self._control(request.method, parsed.path, parsed.query, request.body)
        target = route(parsed.path)
        if target is None:
            return _json(404, errors.ApiError(404, errors.NOT_FOUND).to_json())
        kind, token, name = target
        if kind == "file":
            data = self.fake.download(name, token) if request.method == "GET" else None
            if data is None:
                return _json(404, errors.ApiError(404, errors.NOT_FOUND).to_json())
            return 200, "application/octet-stream", data
        values = parse_query(parsed.query)
        try:
            body_values, files = parse_body(request.headers.get("content-type", ""), request.body)
        except (ValueError, UnicodeDecodeError):
            return _json(400, errors.bad_request("can't parse request body").to_json())
        values.update(body_values)
        status, answer = await self.fake.handle(name, values, files, token=token)
        return _json(status, answer)

    # --- control API -----------------------------------------------------------------------
    async def _control(
        self, method: str, path: str, query: str, body: bytes
    ) -> tuple[int, str, bytes]:
        try:
            payload: dict[str, Any] = json.loads(body) if body else {}
            return _json(200, self._control_action(method, path.split("/")[2:], query, payload))
        except SandboxError as error:
            return _json(409, {"error": str(error)})
        except (KeyError, ValueError, TypeError) as error:
            return _json(400, {"error": f"bad control request: {error!r}"})

    def _control_action(
        self, method: str, parts: list[str], query: str, payload: dict[str, Any]
    ) -> Any:
        fake = self.fake
        match method, parts:
            case "POST", ["users"]:
                person = fake.user(
                    int(payload["id"]),
                    str(payload["first_name"]),
                    last_name=payload.get("last_name"),
                    username=payload.get("username"),
                    started=bool(payload.get("started", True)),
                )
                return person.user_dict
            case "POST", ["channels"]:
                channel = fake.channel(
                    int(payload["id"]), str(payload["title"]), username=payload.get("username"),
                    bot_admin=bool(payload.get("bot_admin", True)),
                )
                return channel.chat_dict
            case "GET", ["channels", chat_id, "posts"]:
                return fake.messages(int(chat_id))
            case "GET", ["calls"]:
                wanted = parse_query(query).get("method")
                calls = fake.calls_to(wanted) if wanted else list(fake.calls)
                return [
                    {"method": c.method, "params": c.params, "status": c.status,
                     "response": c.response}
                    for c in calls
                ]
            case "GET", ["state"]:
                return {
                    "pending_updates": len(fake.updates.pending),
                    "all_fetched": fake.updates.all_fetched,
                    "idle": fake.is_idle(),
                }
            case _, ["users", user_id, action]:
                return self._user_action(method, int(user_id), action, payload)
        raise KeyError("/".join(parts))

    def _user_action(self, method: str, user_id: int, action: str, payload: dict[str, Any]) -> Any:
        person = self.fake._users.get(user_id)
        if person is None:
            raise SandboxError(f"no simulated user {user_id}; POST /sandbox/users first")
        if method == "GET" and action == "messages":
            return person.messages()
        if method != "POST":
            raise KeyError(action)
        if action == "text":
            return person.send_text(str(payload["text"]))
        if action == "command":
            return person.send_command(str(payload["command"]), *map(str, payload.get("args", [])))
        if action == "document":
            data = base64.b64decode(payload["data_base64"])
            return person.send_document(
                data, str(payload["file_name"]), payload.get("mime_type"), payload.get("caption")
            )
        if action == "press":
            if "button_text" in payload:
                return person.press_button(str(payload["button_text"]), payload.get("message_id"))
            return person.press(int(payload["message_id"]), str(payload["callback_data"]))
        if action == "block":
            return person.block()
        if action == "unblock":
            return person.unblock()
        raise KeyError(action)


# --- running on its own ----------------------------------------------------------------------
def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.sandbox", description="Serve a fake Telegram Bot API until killed."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--bot-username", default="ppid_sandbox_bot")
    parser.add_argument("--max-download-mb", type=int, default=20)
    parser.add_argument("--local-dir", default=None, help="answer getFile with local paths")
    parser.add_argument("--no-rate-limits", action="store_true")
    parser.add_argument(
        "--user", action="append", default=[], metavar="ID:FIRST_NAME[:USERNAME]",
        help="register a simulated user (repeatable)",
    )
    parser.add_argument(
        "--channel", action="append", default=[], metavar="ID:TITLE[:USERNAME]",
        help="register a channel (repeatable)",
    )
    return parser.parse_args(argv)


async def _serve_forever(args: argparse.Namespace) -> None:
    fake = FakeTelegram(
        token=args.token,
        bot_username=args.bot_username,
        max_download_size=args.max_download_mb * MB,
        local_files_dir=args.local_dir,
        limits=RateLimits.disabled() if args.no_rate_limits else None,
    )
    for spec in args.user:
        user_id, first_name, *rest = spec.split(":")
        fake.user(int(user_id), first_name, username=rest[0] if rest else None)
    for spec in args.channel:
        chat_id, title, *rest = spec.split(":")
        fake.channel(int(chat_id), title, username=rest[0] if rest else None)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    async with SandboxHTTPServer(fake, args.host, args.port) as server:
        print(
            json.dumps(
                {
                    "base_url": server.base_url,
                    "base_file_url": server.base_file_url,
                    "token": fake.token,
                    "control_url": f"{server.url}/sandbox",
                }
            ),
            flush=True,
        )
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot.sandbox` / `python -m bot.sandbox.server`."""
    asyncio.run(_serve_forever(_parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
