"""The site's listening socket: its connections send every write at once (TCP_NODELAY).

uvicorn writes a response's head and its body apart; without TCP_NODELAY the body of every answer
on a kept-alive connection waited for the reader's delayed acknowledgement (40 ms on Linux), which
`make bench` showed as a floor of 44 ms under every page, the static file included."""

from __future__ import annotations

import socket

from web.server import listen


def test_a_connection_the_site_accepts_has_tcp_nodelay() -> None:
    listening = listen("127.0.0.1", 0)
    with listening, socket.create_connection(listening.getsockname()[:2]) as client:
        accepted, _ = listening.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            client.sendall(b"ping")
            assert accepted.recv(4) == b"ping"  # the very connection the client opened
