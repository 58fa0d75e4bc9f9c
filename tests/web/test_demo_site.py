"""The demo (`make run` without a token) serves its public web site beside the sandbox.

Over a real socket, at the address it prints: Beranda shows what the demo announced. When the
configured port is taken, the demo says so and serves on a free one. Outside a terminal (here, a
test) the demo ends by itself.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable

import httpx

from bot.config import Settings
from bot.demo import run_demo

ADDRESS = re.compile(r"Situs web publik demo berjalan di (http://127\.0\.0\.1:\d+/);")


async def test_the_demo_serves_beranda_with_its_announcement_at_the_printed_address(make_settings: Callable[..., Settings]) -> None:
    taken = socket.create_server(("127.0.0.1", 0))  # another program already listens on the configured port
    port = int(taken.getsockname()[1])
    lines: list[str] = []
    pages: dict[str, httpx.Response] = {}

    async def visit(_: str) -> None:
        printed = ADDRESS.search("\n".join(lines))
        assert printed is not None, lines[-12:]
        async with httpx.AsyncClient(base_url=printed.group(1)) as reader:
            pages["home"] = await reader.get("/")
            pages["english"] = await reader.get("/en/")

    try:
        code = await run_demo(make_settings(web_address=("127.0.0.1", port)), lines.append, stay=False, visit=visit)
    finally:
        taken.close()

    assert code == 0
    output = "\n".join(lines)
    printed = ADDRESS.search(output)
    assert printed is not None and printed.group(1) != f"http://127.0.0.1:{port}/"
    assert f"Alamat 127.0.0.1:{port} sedang dipakai program lain; situs demo memakai {printed.group(1)}" in output
    home = pages["home"]
    assert home.status_code == 200 and home.headers["x-content-type-options"] == "nosniff"
    assert "Laporan Realisasi Anggaran Semester II 2026" in home.text  # the demo's berkala announcement
    assert "Pohon tumbang di Jalan Ahmad Yani" in home.text  # and its /sertamerta one
    assert "Latest announcements" in pages["english"].text
    # The pages a reader would open, Indonesian first, each at the printed address.
    site = printed.group(1)
    for name, path in (("Beranda", ""), ("Daftar Informasi Publik", "dip/"), ("Daftar Informasi yang Dikecualikan", "dikecualikan/"),
                       ("Cari", "cari/?q=anggaran"), ("Umpan Atom pengumuman", "feed.atom")):
        assert re.search(rf"^  {re.escape(name)} \([^)]+\): {re.escape(site + path)}$", output, re.MULTILINE), name
    assert re.search(rf"^  Halaman informasi yang baru diumumkan \([^)]+\): {re.escape(site)}informasi/\d+/$", output, re.MULTILINE)
    assert "Ctrl+C" not in output  # not at a terminal: the demo did not wait
    assert output.index("Log audit:") < printed.start()  # the site comes at the end of the transcript

