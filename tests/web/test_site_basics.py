"""The site's frame: Beranda shows what was published and nothing else, every response carries
the security headers, English is one link away, and hostile addresses get a page, never a trace."""

from __future__ import annotations

import httpx
import pytest

from tests.bot.cycle_helpers import Office
from tests.web.publishing import publish_item


async def test_beranda_lists_a_published_item_and_not_an_unpublished_one(office: Office, site: httpx.AsyncClient) -> None:
    await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    await office.add_item("Rencana Kerja Rahasia Belum Terbit")

    page = await site.get("/")

    assert page.status_code == 200
    assert "Laporan Keuangan Dinas Sosial 2026" in page.text
    assert "Rencana Kerja Rahasia Belum Terbit" not in page.text
    assert '<html lang="id">' in page.text


async def test_every_response_carries_the_security_headers(site: httpx.AsyncClient) -> None:
    for path in ("/", "/tidak-ada/", "/static/style.css"):
        response = await site.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy  # no script at all
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


async def test_english_is_under_en_and_links_back(site: httpx.AsyncClient) -> None:
    english = await site.get("/en/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text and "Latest announcements" in english.text
    assert 'href="../"' in english.text  # the same page in Indonesian, by a relative link


@pytest.mark.parametrize(
    "path",
    ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/../../bot/config.py", "/informasi/'; DROP TABLE/", "/%00/", "/informasi/99999999999999999999999/"],
)
async def test_hostile_paths_get_a_not_found_page(site: httpx.AsyncClient, path: str) -> None:
    response = await site.get(path)
    assert response.status_code in (400, 404)
    assert "Traceback" not in response.text and "root:" not in response.text


async def test_a_post_is_refused_politely(site: httpx.AsyncClient) -> None:
    response = await site.post("/", data={"a": "b"})
    assert response.status_code == 405
    assert "tidak didukung" in response.text
