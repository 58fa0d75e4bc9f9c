"""The site served by uvicorn in the bot's own event loop, beside polling (no second process).

`SiteServer.start()` binds `WEB_ADDRESS` and serves `web.app.build_site` as a task of the running
loop; `stop()` ends it, waiting for requests in flight a few seconds. The bot keeps its own signal
handling (PTB's): this server never installs signal handlers (`capture_signals` is a no-op), so
Ctrl+C and `systemctl stop` stop the bot, which stops the site.

Behind the office's reverse proxy the site trusts `X-Forwarded-For` and `X-Forwarded-Proto` from
the proxy on the same machine only (127.0.0.1, ::1).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket
from collections.abc import Generator

import uvicorn

from bot.services import Services
from web.app import build_site

__all__ = ["SiteServer", "StartFailed", "listen"]

LOG = logging.getLogger(__name__)
STOP_WAIT_SECONDS = 5
# Connections the site holds open at once; more are answered 503 at once. The site shares the bot's
# process, so slow or idle clients must never use up its file descriptors (the polling connection
# and the database need them too). uvicorn has no timeout for slow request headers: the reverse
# proxy's (nginx `client_header_timeout`) is the other half of the defence.
MAX_CONNECTIONS = 200


class StartFailed(RuntimeError):
    """The site could not listen at its address (taken, or not this machine's): why, in both languages."""

    def __init__(self, address: str, indonesian: str, english: str) -> None:
        super().__init__(f"{address}: {english}")
        self.indonesian = f"{address}: {indonesian}"
        self.english = f"{address}: {english}"


# Why a bind fails, said so the office knows what to change.
_BIND_ERRORS: dict[int, tuple[str, str]] = {
    errno.EADDRINUSE: ("alamat itu sudah dipakai program lain", "the address is already in use"),
    errno.EADDRNOTAVAIL: ("alamat itu bukan milik server ini", "the address is not one of this server's"),
    errno.EACCES: ("tidak diizinkan (port di bawah 1024 perlu hak khusus)", "not permitted (ports below 1024 need privileges)"),
}


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """The bot owns the signals: uvicorn must not replace PTB's handlers."""
        yield


def listen(host: str, port: int) -> socket.socket:
    """The site's listening socket, whose connections send each write at once (TCP_NODELAY).

    asyncio sets TCP_NODELAY only on sockets it made itself (it checks the protocol number, 0
    here), and uvicorn writes a response's head and body apart: without it, every answer on a
    kept-alive connection waited for the reader's delayed acknowledgement, 40 ms on Linux
    (`make bench`, the web rows). Accepted connections inherit the option from the listener.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.create_server((host, port), family=family)
    listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listening


class SiteServer:
    """The public site on `host:port`, served in the current event loop."""

    def __init__(self, services: Services, host: str, port: int) -> None:
        config = uvicorn.Config(
            build_site(services), host=host, port=port, lifespan="off", log_level="warning",
            access_log=False, server_header=False, proxy_headers=True, forwarded_allow_ips="127.0.0.1,::1",
            timeout_keep_alive=5, timeout_graceful_shutdown=STOP_WAIT_SECONDS, limit_concurrency=MAX_CONNECTIONS,
        )
        self._server = _Server(config)
        self._task: asyncio.Task[None] | None = None
        self.host, self.port = host, port

    @property
    def address(self) -> str:
        """`http://host:port/`, with the port actually bound (port 0 asks for a free one)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    async def start(self) -> None:
        """Listen and serve; StartFailed when the address cannot be bound."""
        try:  # bound here, not by uvicorn, whose bind error is a sys.exit
            listening = listen(self.host, self.port)
        except OSError as error:
            english = str(error.strerror or error)
            indonesian, english = _BIND_ERRORS.get(error.errno or 0, (english, english))
            raise StartFailed(f"{self.host}:{self.port}", indonesian, english) from error
        self.port = int(listening.getsockname()[1])
        self._task = asyncio.create_task(self._serve(listening), name="web:serve")
        while not self._server.started:
            if self._task.done():
                raise StartFailed(f"{self.host}:{self.port}", "server web berhenti saat dimulai", "the server stopped while starting")
            await asyncio.sleep(0.01)
        LOG.info("situs web publik di %s (public web site at %s)", self.address, self.address)

    async def _serve(self, listening: socket.socket) -> None:
        try:
            await self._server.serve(sockets=[listening])
        except SystemExit:  # uvicorn's way to say it could not start: never the bot's exit
            LOG.error("situs web tidak dapat dijalankan di %s (the web site could not start)", self.address)
        finally:
            listening.close()

    async def stop(self) -> None:
        if self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
