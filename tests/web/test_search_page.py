"""Cari on the site (/cari/) is `/cari` in chat: for the same register, every query finds the same
items in the same order on the same pages, and nothing that is not public; a query is cut and
judged as the chat judges it; a hostile query string gets 400, never a trace.

The register is built through the workflow (`tests/web/publishing.py`) with items hidden the ways
the bot allows: never published, re-classified as dikecualikan, deactivated, withdrawn. WEB_PUBLIC_URL
is set, so each `/cari` result in chat carries its item's web address: the item ids the chat shows
are read from those links, the site's from its result links.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.config import Settings
from bot.public_search import MAX_QUERY_CHARS, PAGE_SIZE
from bot.register import deactivate_item, edit_item
from bot.sandbox import SimUser
from bot.withdrawal import withdraw
from tests.exemption_sample import exemption
from tests.bot.cycle_helpers import OPERATOR_ID, Office, build_office, person
from tests.conftest import ADMIN_ID
from tests.web.publishing import publish_item

WEB = "https://ppid.example.go.id/portal"
STRANGER_ID = 790101

VISIBLE = (
    "Laporan Anggaran Dinas Sosial Tahun 2026 beserta Rencana Kerja Tahunan dan Lampirannya",
    "Anggaran Kesehatan Masyarakat",
    "Penganggaran Program Pelayanan Kesehatan",
    "Laporan Kinerja Triwulan Pertama",
    "Laporan Kinerja Triwulan Kedua",
    "Laporan Realisasi Belanja Daerah",
    "Laporan Keuangan Bantuan Sosial",
    "Laporan Kesehatan Lingkungan",
    "Laporan Pengadaan Barang dan Jasa",
)
HIDDEN = (
    "Laporan Rahasia Belum Terbit",  # never published
    "Laporan Keuangan Intelijen Kota",  # published, then re-classified as dikecualikan
    "Laporan Kegiatan Lama",  # published, then deactivated
    "Laporan Anggaran Ditarik Kembali",  # published, then withdrawn
)


@pytest.fixture
async def office(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The office with WEB_PUBLIC_URL set (the site's `site` fixture serves this office)."""
    office = await build_office(make_settings(web_public_url=WEB))
    try:
        yield office
    finally:
        await office.app.shutdown()


async def build_register(office: Office) -> dict[str, int]:
    """Every item of VISIBLE and HIDDEN through the workflow; title -> item id."""
    ids: dict[str, int] = {}
    for title in VISIBLE + HIDDEN[1:]:
        ids[title], cycle_id = await publish_item(office, title)
        if title == HIDDEN[3]:
            await withdraw(office.services, await person(office, OPERATOR_ID), cycle_id, "Salah unggah berkas")
    ids[HIDDEN[0]] = await office.add_item(HIDDEN[0])
    await edit_item(office.services, ADMIN_ID, ids[HIDDEN[1]], "category", "dikecualikan", exemption=exemption(("c",)))
    await deactivate_item(office.services, ADMIN_ID, ids[HIDDEN[2]])
    return ids


def chat_ids(message: dict[str, Any]) -> list[int]:
    """The item ids of a `/cari` results message, from its web links, in their order."""
    urls = [entity["url"] for entity in message.get("entities", []) if entity["type"] == "text_link"]
    return [int(match.group(1)) for url in urls if (match := re.fullmatch(re.escape(WEB) + r"/informasi/(\d+)/", url))]


def chat_range(message: dict[str, Any]) -> str | None:
    match = re.search(r"Hasil (\d+)–(\d+) dari (\d+)", message.get("text", ""))
    return None if match is None else match.group(0)


def site_ids(page: httpx.Response) -> list[int]:
    """The item ids of the site's result list, in their order."""
    found = re.search(r'<ol class="results" start="\d+">(.*?)</ol>', page.text, flags=re.DOTALL)
    return [] if found is None else [int(value) for value in re.findall(r'<a href="\.\./informasi/(\d+)/">', found.group(1))]


def site_range(page: httpx.Response) -> str | None:
    match = re.search(r"Hasil (\d+)–(\d+) dari (\d+)", page.text)
    return None if match is None else match.group(0)


async def chat_search(office: Office, someone: SimUser, query: str) -> dict[str, Any]:
    """`/cari <query>` typed by `someone` at a person's pace; the bot's one answer."""
    office.clock.advance(timedelta(seconds=6))
    before = len(someone.messages())
    someone.send_command("/cari", query)
    await office.deliver()
    assert len(someone.messages()) == before + 1
    return someone.messages()[-1]


async def chat_next_page(office: Office, someone: SimUser) -> dict[str, Any]:
    office.clock.advance(timedelta(seconds=6))
    someone.press_button("Berikutnya ▶")
    await office.deliver()
    return someone.messages()[-1]  # the same message, edited


QUERIES = ("laporan", "anggaran", "kesehatan", "kese", "penganggaran", "laporan kinerja", "dinas sosial", "belanja daerah 2026", "intelijen", "rahasia")


async def test_the_site_finds_what_cari_finds_in_the_same_order_and_pages(office: Office, site: httpx.AsyncClient) -> None:
    ids = await build_register(office)
    hidden = {ids[title] for title in HIDDEN}
    budi = office.fake.user(STRANGER_ID, "Budi")
    orders: list[list[int]] = []
    for query in QUERIES:
        in_chat = await chat_search(office, budi, query)
        on_site = await site.get("/cari/", params={"q": query})
        assert on_site.status_code == 200
        assert site_ids(on_site) == chat_ids(in_chat), query
        assert site_range(on_site) == chat_range(in_chat), query
        assert not hidden & set(site_ids(on_site)), query
        orders.append(site_ids(on_site))
    assert orders[-2:] == [[], []]  # the exempt and the unpublished item are found nowhere
    assert any(order != sorted(order) for order in orders)  # the order is the ranking's, not the ids'

    # Page 2 of a search with more than one page: "Berikutnya ▶" in chat, halaman=2 on the site.
    first = await chat_search(office, budi, "laporan")
    second = await chat_next_page(office, budi)
    page_one = await site.get("/cari/", params={"q": "laporan"})
    page_two = await site.get("/cari/", params={"q": "laporan", "halaman": "2"})
    assert site_ids(page_one) == chat_ids(first) and len(site_ids(page_one)) == PAGE_SIZE
    assert site_ids(page_two) == chat_ids(second) and site_ids(page_two)
    assert site_range(page_two) == chat_range(second) == "Hasil 6–7 dari 7"
    assert 'href="./?q=laporan&amp;halaman=2"' in page_one.text  # the pager's next page
    assert 'href="./?q=laporan"' in page_two.text  # and back to page 1
    assert '<ol class="results" start="6">' in page_two.text
    # A page past the last shows the last, as an old "next" button does in chat.
    past = await site.get("/cari/", params={"q": "laporan", "halaman": "999"})
    assert past.status_code == 200 and site_ids(past) == site_ids(page_two)


async def test_a_long_query_is_cut_where_cari_cuts_it(office: Office, site: httpx.AsyncClient) -> None:
    await build_register(office)
    budi = office.fake.user(STRANGER_ID, "Budi")
    # "pengadaan" stands after the MAX_QUERY_CHARS characters /cari reads: it is ignored by both.
    query = "laporan " + "kinerja " * 40 + "pengadaan"
    assert query.index("pengadaan") >= MAX_QUERY_CHARS
    in_chat = await chat_search(office, budi, query)
    on_site = await site.get("/cari/", params={"q": query})
    assert site_ids(on_site) == chat_ids(in_chat) and len(site_ids(on_site)) == 2  # the two "Laporan Kinerja"
    # Cut at MAX_QUERY_CHARS, even inside a word, as in chat: "kine" is the last keyword.
    assert "untuk “laporan kinerja kine”" in on_site.text
    assert f'value="{query[:MAX_QUERY_CHARS]}"' in on_site.text and "Laporan Pengadaan" not in on_site.text


async def test_results_show_category_unit_date_and_links_and_escape_the_title(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, 'Laporan <b>Tebal</b> & "Kutipan" Dinas')
    page = await site.get("/cari/", params={"q": "tebal kutipan"})
    assert page.status_code == 200
    assert '<form class="search" role="search" method="get" action="./">' in page.text
    assert '<label for="q">Kata kunci</label>' in page.text
    assert '<input type="search" id="q" name="q" value="tebal kutipan"' in page.text
    assert f'<h3><a href="../informasi/{item_id}/">Laporan &lt;b&gt;Tebal&lt;/b&gt; &amp; &#34;Kutipan&#34; Dinas</a></h3>' in page.text
    assert "Berkala · Dinas Sosial ·" in page.text
    assert "Diumumkan 30 Nov 2026" in page.text
    post = office.channel.last_post()
    assert post is not None
    assert f'<a href="https://t.me/c/1000000001/{post["message_id"]}">Lihat di kanal publik</a>' in page.text
    assert "<b>Tebal</b>" not in page.text

    english = await site.get("/en/cari/", params={"q": "tebal kutipan"})
    assert '<html lang="en">' in english.text
    assert "Results 1–1 of 1 for “tebal kutipan”" in english.text
    assert "Periodic (berkala) · Dinas Sosial ·" in english.text and "Announced 30 Nov 2026" in english.text
    assert f'<h3><a href="../informasi/{item_id}/">' in english.text  # /en/informasi/<id>/, relative


async def test_an_empty_or_stop_word_query_shows_how_to_search(office: Office, site: httpx.AsyncClient) -> None:
    await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    usage = "Ketik satu kata kunci atau lebih"
    for params in ({}, {"q": ""}, {"q": "   "}):
        page = await site.get("/cari/", params=params)
        assert page.status_code == 200 and usage in page.text, params
        assert "results" not in page.text and "Tidak ada kata kunci" not in page.text
    for query in ("dan yang di", "😀😀😀", '"*" ( ) : ^ -'):
        page = await site.get("/cari/", params={"q": query})
        assert page.status_code == 200
        assert "Tidak ada kata kunci yang dapat dicari di situ." in page.text and usage in page.text, query
        assert '<ol class="results"' not in page.text
    none = await site.get("/cari/", params={"q": "jembatan"})
    assert "Tidak ada informasi publik yang cocok dengan “jembatan”." in none.text


@pytest.mark.parametrize(
    "query",
    [
        "q=laporan&halaman=0",
        "q=laporan&halaman=-1",
        "q=laporan&halaman=abc",
        "q=laporan&halaman=1000",
        "q=laporan&halaman=99999999999999999999999999",
        "q=laporan&halaman=1.5",
        "q=laporan&halaman=%201",
        "q=laporan&halaman=%2B1",
        "q=laporan&halaman=01",
        "q=laporan&halaman=1&halaman=2",
        "q=laporan&q=anggaran",
        "q=lapo%00ran",
        "q=laporan&halaman=1%00",
    ],
)
async def test_a_hostile_query_string_is_refused_with_400(site: httpx.AsyncClient, query: str) -> None:
    response = await site.get(f"/cari/?{query}")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.text and "Traceback" not in response.text


async def test_a_huge_query_is_read_no_further_than_cari_reads(site: httpx.AsyncClient) -> None:
    response = await site.get("/cari/", params={"q": "laporan " * 5000})
    assert response.status_code == 200
    assert f'value="{("laporan " * 5000)[:MAX_QUERY_CHARS]}"' in response.text

