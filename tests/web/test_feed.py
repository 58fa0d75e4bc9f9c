"""The Atom feed (/feed.atom): the latest public announcements, newest first, each linking to its
item's page (an absolute address under WEB_PUBLIC_URL when set, else relative to the feed, never
from the Host header), dated in RFC 3339, with its category (English titles under /en/) and, for
serta merta, the danger as its summary."""

from __future__ import annotations

from collections.abc import Callable
import uuid
from datetime import datetime, timedelta
from urllib.parse import urljoin
from xml.etree import ElementTree

import httpx

from bot.config import Settings
from bot.demo import SERTA_MERTA_ANSWERS
from tests.bot.cycle_helpers import Office, build_office
from tests.web.conftest import SITE
from tests.web.publishing import make_exempt, publish_item, publish_serta_merta, withdraw_publication
from web.app import build_site

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response: httpx.Response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def uuid_named(office: Office, name: str) -> str:
    """The id of a feed without WEB_PUBLIC_URL: a UUID named by the office, "language:path"."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'ppid-bot:{office.services.sop.header.organisation}:{name}')}"


def entries(feed: ElementTree.Element) -> list[dict[str, object]]:
    found = []
    for entry in feed.findall(f"{ATOM}entry"):
        category = entry.find(f"{ATOM}category")
        link = entry.find(f"{ATOM}link")
        assert category is not None and link is not None
        found.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": link.get("href"),
                "published": entry.findtext(f"{ATOM}published"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "category": (category.get("term"), category.get("label")),
                "summary": entry.findtext(f"{ATOM}summary"),
                "id": entry.findtext(f"{ATOM}id"),
            }
        )
    return found


async def test_the_feed_lists_public_announcements_newest_first_with_links_relative_to_it(office: Office, site: httpx.AsyncClient) -> None:
    berkala, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    office.clock.advance(timedelta(hours=3))
    serta_merta, _ = await publish_serta_merta(office, "Peringatan dini banjir Kota Pontianak")
    hidden, hidden_cycle = await publish_item(office, "Laporan & Rencana <Ditarik>")
    exempt, _ = await publish_item(office, "Data Penyidikan yang Dikecualikan")
    await office.add_item("Rencana Kerja Belum Terbit")
    await withdraw_publication(office, hidden_cycle)
    await make_exempt(office, exempt)

    feed = parsed(await site.get("/feed.atom"))

    feed_id = feed.findtext(f"{ATOM}id", "")
    assert feed_id == uuid_named(office, "id:feed.atom")  # no WEB_PUBLIC_URL: nothing from the Host header
    assert feed.findtext(f"{ATOM}title", "").startswith("Pengumuman PPID ")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == ["feed.atom"]
    assert feed.findtext(f"{ATOM}updated") == "2026-11-30T05:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert entries(feed) == [
        {
            "title": "Peringatan dini banjir Kota Pontianak",
            "link": f"informasi/{serta_merta}/",
            "published": "2026-11-30T05:00:00Z",
            "updated": "2026-11-30T05:00:00Z",
            "category": ("serta_merta", "Serta merta"),
            "summary": SERTA_MERTA_ANSWERS[0],  # the danger: the announcement's first element
            "id": uuid_named(office, f"id:informasi/{serta_merta}/#publikasi-2"),
        },
        {
            "title": "Laporan Keuangan Dinas Sosial 2026",
            "link": f"informasi/{berkala}/",
            "published": "2026-11-30T02:00:00Z",
            "updated": "2026-11-30T02:00:00Z",
            "category": ("berkala", "Berkala"),
            "summary": "Berkala dari Dinas Sosial.",
            "id": uuid_named(office, f"id:informasi/{berkala}/#publikasi-1"),
        },
    ]
    for entry in entries(feed):  # RFC 3339, as Python reads it back
        assert datetime.fromisoformat(str(entry["published"]).replace("Z", "+00:00")).tzinfo is not None
    # The entry's link, resolved against the feed's address, is the item's page, and it is there.
    page = await site.get(urljoin(f"{SITE}/feed.atom", f"informasi/{serta_merta}/"))
    assert page.status_code == 200
    # Another Host header gives the very same feed (a shared cache cannot be made to keep another).
    assert (await site.get("/feed.atom", headers={"host": "evil.example"})).text == (await site.get("/feed.atom")).text


async def test_english_titles_and_links_under_en(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    feed = parsed(await site.get("/en/feed.atom"))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title", "").startswith("Announcements of the PPID of ")
    [entry] = entries(feed)
    assert entry["category"] == ("berkala", "Periodic (berkala)")
    assert entry["link"] == f"informasi/{item_id}/"  # from /en/feed.atom: /en/informasi/<id>/
    assert urljoin(f"{SITE}/en/feed.atom", str(entry["link"])) == f"{SITE}/en/informasi/{item_id}/"
    assert entry["id"] != parsed(await site.get("/feed.atom")).find(f"{ATOM}entry/{ATOM}id").text  # type: ignore[union-attr]
    assert entry["summary"] == "Periodic (berkala) from Dinas Sosial."


async def test_the_links_start_at_web_public_url_when_it_is_set(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings(web_public_url="https://ppid.example.go.id/portal"))
    try:
        item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
        transport = httpx.ASGITransport(app=build_site(office.services))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080") as client:
            feed = parsed(await client.get("/feed.atom"))
            english = parsed(await client.get("/en/feed.atom"))
    finally:
        await office.app.shutdown()
    assert feed.findtext(f"{ATOM}id") == "https://ppid.example.go.id/portal/feed.atom"
    assert [entry["link"] for entry in entries(feed)] == [f"https://ppid.example.go.id/portal/informasi/{item_id}/"]
    assert [entry["link"] for entry in entries(english)] == [f"https://ppid.example.go.id/portal/en/informasi/{item_id}/"]
    assert "127.0.0.1" not in ElementTree.tostring(feed, encoding="unicode")


async def test_an_empty_register_gives_a_valid_feed_and_titles_are_escaped(office: Office, site: httpx.AsyncClient) -> None:
    empty = parsed(await site.get("/feed.atom"))
    assert entries(empty) == [] and empty.findtext(f"{ATOM}updated") == "2026-11-30T02:00:00Z"

    await publish_item(office, 'Laporan "Aset" & <Kas> Daerah')
    await publish_item(office, "Laporan\x01 dengan\x0b tanda kendali")  # written by hand: XML cannot carry them
    response = await site.get("/feed.atom")
    assert "<Kas>" not in response.text
    assert [entry["title"] for entry in entries(parsed(response))] == [
        "Laporan dengan tanda kendali", 'Laporan "Aset" & <Kas> Daerah',
    ]

