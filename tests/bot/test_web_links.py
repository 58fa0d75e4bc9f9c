"""The web links in chat (`bot.web_links`): built from WEB_PUBLIC_URL only, on the site's own paths,
and given only for what the public sees: each `/cari` result, the card of a public item, and a
standing publication in `/riwayat` (beside its channel link). Without WEB_PUBLIC_URL, none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.config import Settings
from bot.register import edit_item
from bot.sandbox import SimUser
from bot.telegram_limits import MESSAGE_TEXT_MAX
from bot.web_links import item_page_url, public_item_url, search_page_url, site_url
from bot.withdrawal import withdraw
from tests.exemption_sample import exemption
from tests.bot.cycle_helpers import OPERATOR_ID, Office, build_office, person
from tests.conftest import ADMIN_ID
from tests.web.publishing import publish_item
from web.app import build_site

WEB = "https://ppid.example.go.id/portal"
STRANGER_ID = 790201
CARD_LINK = "🌐 Halaman publiknya di situs web PPID"


@pytest.fixture
async def linked(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The office with WEB_PUBLIC_URL set."""
    office = await build_office(make_settings(web_public_url=WEB))
    try:
        yield office
    finally:
        await office.app.shutdown()


@pytest.fixture
async def linked_site(linked: Office) -> AsyncIterator[httpx.AsyncClient]:
    """The site of `linked`, answering at the host of WEB_PUBLIC_URL (its folder is the proxy's)."""
    transport = httpx.ASGITransport(app=build_site(linked.services))
    async with httpx.AsyncClient(transport=transport, base_url="https://ppid.example.go.id") as client:
        yield client


def site_path(url: str) -> str:
    """What the reverse proxy hands the site for `url`: its path and query after WEB's folder."""
    assert url.startswith(WEB + "/"), url
    return url[len(WEB):]


def urls(message: dict[str, Any]) -> list[str]:
    return [entity["url"] for entity in message.get("entities", []) if entity["type"] == "text_link"]


def web_urls(message: dict[str, Any]) -> list[str]:
    return [url for url in urls(message) if url.startswith(WEB)]


async def open_card(office: Office, item_id: int) -> dict[str, Any]:
    """The admin opens the item's card from `/informasi`."""
    office.admin.send_command("/informasi")
    await office.deliver()
    await office.press_on_last(office.admin, f"dip:v:{item_id}")
    message = office.admin.last_message()
    assert message is not None and message["text"].startswith(f"📄 Informasi #{item_id}")
    return message


async def history(office: Office, item_id: int) -> list[dict[str, Any]]:
    """The messages `/riwayat <id>` sends the admin."""
    before = len(office.admin.messages())
    office.admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    return office.admin.messages()[before:]


async def cari(office: Office, someone: SimUser, query: str) -> dict[str, Any]:
    office.clock.advance(timedelta(seconds=6))
    before = len(someone.messages())
    someone.send_command("/cari", query)
    await office.deliver()
    assert len(someone.messages()) == before + 1, someone.texts()[before:]
    return someone.messages()[-1]


# -- the addresses -------------------------------------------------------------------------------


def test_no_web_address_without_web_public_url(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    assert settings.web_public_url is None
    assert site_url(settings) is None and item_page_url(settings, 7) is None and search_page_url(settings, "aset") is None


def test_the_addresses_come_from_web_public_url_and_the_sites_paths(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(web_public_url=WEB)
    assert site_url(settings) == WEB + "/"
    assert item_page_url(settings, 12) == WEB + "/informasi/12/"
    assert item_page_url(settings, 12, "en") == WEB + "/en/informasi/12/"
    assert search_page_url(settings) == WEB + "/cari/"
    assert search_page_url(settings, "anggaran kesehatan", "en") == WEB + "/en/cari/?q=anggaran+kesehatan"


async def test_the_search_address_is_the_sites_search(linked: Office, linked_site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(linked, "Laporan Keuangan Dinas Sosial 2026")
    for language, found in (("id", "Hasil 1–1 dari 1"), ("en", "Results 1–1 of 1")):
        url = search_page_url(linked.settings, "keuangan", language)
        assert url is not None
        page = await linked_site.get(site_path(url))
        assert page.status_code == 200, url
        assert found in page.text and f'informasi/{item_id}/">Laporan Keuangan Dinas Sosial 2026</a>' in page.text


async def test_the_item_address_is_the_sites_item_page(linked: Office, linked_site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(linked, "Laporan Keuangan Dinas Sosial 2026")
    unpublished = await linked.add_item("Rencana Kerja Belum Terbit")
    for language in ("id", "en"):
        url = await public_item_url(linked.services, item_id, language)
        assert url is not None
        page = await linked_site.get(site_path(url))
        assert page.status_code == 200, url
        assert "Laporan Keuangan Dinas Sosial 2026" in page.text
    # The address of an item the public may not see is never given, and is not found either.
    assert await public_item_url(linked.services, unpublished) is None
    address = item_page_url(linked.settings, unpublished)
    assert address is not None
    assert (await linked_site.get(site_path(address))).status_code == 404


# -- the item card -------------------------------------------------------------------------------


async def test_the_card_of_a_published_item_links_its_web_page(linked: Office) -> None:
    item_id, _ = await publish_item(linked, "Laporan Keuangan Dinas Sosial 2026")
    card = await open_card(linked, item_id)
    assert card["text"].endswith("\n" + CARD_LINK)
    assert web_urls(card) == [f"{WEB}/informasi/{item_id}/"]


async def test_no_card_links_an_item_the_public_does_not_see(linked: Office) -> None:
    unpublished = await linked.add_item("Rencana Kerja Belum Terbit")
    reclassified, _ = await publish_item(linked, "Laporan Pertahanan Daerah")
    await edit_item(linked.services, ADMIN_ID, reclassified, "category", "dikecualikan", exemption=exemption(("c",)))
    withdrawn, cycle_id = await publish_item(linked, "Laporan Ditarik Kembali")
    await withdraw(linked.services, await person(linked, OPERATOR_ID), cycle_id, "Salah unggah berkas")
    for item_id in (unpublished, reclassified, withdrawn):
        card = await open_card(linked, item_id)
        assert CARD_LINK not in card["text"] and web_urls(card) == [], item_id
        assert await public_item_url(linked.services, item_id) is None


async def test_without_web_public_url_no_card_has_a_web_link(office: Office) -> None:
    item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    card = await open_card(office, item_id)
    assert CARD_LINK not in card["text"] and urls(card) == []
    assert await public_item_url(office.services, item_id) is None


# -- /riwayat ------------------------------------------------------------------------------------


async def test_riwayat_gives_the_channel_and_web_links_of_a_standing_publication(linked: Office) -> None:
    item_id, cycle_id = await publish_item(linked, "Laporan Keuangan Dinas Sosial 2026")
    post = linked.channel.last_post()
    assert post is not None
    channel_url = f"https://t.me/c/1000000001/{post['message_id']}"
    shown = await history(linked, item_id)
    text = "\n".join(message["text"] for message in shown)
    assert f"Siklus #{cycle_id}" in text
    assert "🔗 Kanal publik · 🌐 Situs web PPID" in text
    assert [url for message in shown for url in urls(message)] == [channel_url, f"{WEB}/informasi/{item_id}/"]
    sent = [call for call in linked.fake.calls_to("sendMessage") if "Kanal publik" in str(call.params.get("text"))]
    assert sent and all(call.params["link_preview_options"]["is_disabled"] for call in sent)  # links, not previews

    # Withdrawn: the post and the page are gone, and so are their links.
    await withdraw(linked.services, await person(linked, OPERATOR_ID), cycle_id, "Salah unggah berkas")
    shown = await history(linked, item_id)
    assert "Kanal publik" not in "\n".join(message["text"] for message in shown)
    assert [url for message in shown for url in urls(message)] == []


async def test_riwayat_without_web_public_url_gives_the_channel_link_only(office: Office) -> None:
    item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    shown = await history(office, item_id)
    text = "\n".join(message["text"] for message in shown)
    assert "🔗 Kanal publik" in text and "Situs web" not in text
    assert [url for message in shown for url in urls(message)] == [f"https://t.me/c/1000000001/{office.channel.last_post()['message_id']}"]  # type: ignore[index]


# -- /cari ---------------------------------------------------------------------------------------


async def test_each_cari_result_gives_its_web_page(linked: Office) -> None:
    first, _ = await publish_item(linked, "Laporan Keuangan Dinas Sosial 2026")
    second, _ = await publish_item(linked, "Laporan Kinerja Dinas Sosial 2026")
    answer = await cari(linked, linked.fake.user(STRANGER_ID, "Budi"), "laporan")
    assert answer["text"].count("🌐 Lihat di situs web PPID") == 2
    assert sorted(web_urls(answer)) == sorted([f"{WEB}/informasi/{first}/", f"{WEB}/informasi/{second}/"])


async def test_cari_without_web_public_url_gives_no_web_link(office: Office) -> None:
    await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    answer = await cari(office, office.fake.user(STRANGER_ID, "Budi"), "laporan")
    assert "situs web" not in answer["text"] and all(url.startswith("https://t.me/") for url in urls(answer))


async def test_a_full_cari_page_of_long_titles_and_a_long_address_stays_one_message(make_settings: Callable[..., Settings]) -> None:
    long_web = "https://ppid.example.go.id/" + "/".join(["folder-yang-sangat-panjang"] * 20)
    office = await build_office(make_settings(web_public_url=long_web))
    try:
        for number in range(6):
            await publish_item(office, f"Laporan {number} " + "sangat panjang sekali " * 22 + "akhir")  # ~500 characters
        answer = await cari(office, office.fake.user(STRANGER_ID, "Budi"), "laporan")
        assert len(answer["text"]) <= MESSAGE_TEXT_MAX
        assert answer["text"].count("🌐 Lihat di situs web PPID") == 5
        assert len([url for url in urls(answer) if url.startswith(long_web + "/informasi/")]) == 5
    finally:
        await office.app.shutdown()
