"""The site runs in the bot's own event loop at WEB_ADDRESS, over a real socket; an address that
cannot be bound stops the start with one line naming WEB_ADDRESS; step 7 puts the post on the site
in the transaction that records it."""

from __future__ import annotations

import dataclasses
import socket

import httpx
import pytest

from bot.app import start_site, stop_site
from bot.startup_check import StartupRefused
from tests.bot.cycle_helpers import Office
from tests.web.publishing import publish_item


async def test_the_site_serves_beside_the_bot_on_a_real_socket(office: Office) -> None:
    office.app.settings = dataclasses.replace(office.settings, web_address=("127.0.0.1", 0))
    site = await start_site(office.app)
    assert site is not None
    try:
        await publish_item(office, "Laporan Realisasi Anggaran 2026")  # the bot works while the site serves
        async with httpx.AsyncClient() as client:
            page = await client.get(site.address)
        assert page.status_code == 200 and "Laporan Realisasi Anggaran 2026" in page.text
        assert "server" not in page.headers  # no version banner for scanners
    finally:
        await stop_site(office.app)
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(site.address)


async def test_a_taken_address_stops_the_start_with_one_line(office: Office) -> None:
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        port = taken.getsockname()[1]
        office.app.settings = dataclasses.replace(office.settings, web_address=("127.0.0.1", port))
        with pytest.raises(StartupRefused) as refused:
            await start_site(office.app)
        assert refused.value.fatal
        assert [problem.line for problem in refused.value.problems] == [
            f"MASALAH  situs web tidak dapat dijalankan di WEB_ADDRESS 127.0.0.1:{port}: alamat itu sudah dipakai"
            f" program lain (the web site cannot listen at WEB_ADDRESS 127.0.0.1:{port}: the address is already in use)"
        ]
    finally:
        taken.close()


async def test_no_site_when_web_address_is_empty(office: Office) -> None:
    office.app.settings = dataclasses.replace(office.settings, web_address=None)
    assert await start_site(office.app) is None


async def test_step_7_records_the_site_copy_with_the_post(office: Office) -> None:
    _, cycle_id = await publish_item(office, "Daftar Aset Daerah 2026")
    rows = await office.services.db.fetch_all(
        "SELECT f.token, d.kind, d.version FROM public_files AS f JOIN documents AS d ON d.id = f.document_id"
        " JOIN publications AS p ON p.id = f.publication_id WHERE p.cycle_id = ?",
        (cycle_id,),
    )
    posted = await office.services.workflow.published_documents(await office.services.workflow.cycle(cycle_id))
    assert len(rows) == len(posted) >= 1
    assert {(row["kind"], row["version"]) for row in rows} == {("draft", 1)}
    assert len({row["token"] for row in rows}) == len(rows)


@pytest.mark.parametrize(
    ("address", "public_url", "line"),
    [
        (("127.0.0.1", 8080), None, "situs web publik di 127.0.0.1:8080; tautan web tidak diberikan di chat karena WEB_PUBLIC_URL kosong"),
        (("::1", 8081), "https://ppid.example.go.id", "situs web publik di [::1]:8081, dibuka publik di https://ppid.example.go.id"),
        (None, None, "situs web publik mati (WEB_ADDRESS kosong)"),
    ],
)
def test_check_says_where_the_site_will_be(
    office: Office, address: tuple[str, int] | None, public_url: str | None, line: str
) -> None:
    from bot.startup_check import local_findings

    settings = dataclasses.replace(office.settings, web_address=address, web_public_url=public_url)
    assert any(finding.ok and finding.indonesian == line for finding in local_findings(settings))
