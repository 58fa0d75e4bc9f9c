"""Every kind of response the site gives carries the security headers and tells caches to ask
again before reuse (a withdrawn publication must not live on in a proxy): pages, the feed, the
open data, documents (200, 206, 304), the style sheet, redirects and every error page, 500 included."""

from __future__ import annotations

import httpx
import pytest

from bot import public_site
from tests.bot.cycle_helpers import Office
from tests.web.conftest import SITE
from tests.web.publishing import publish_item, withdraw_publication
from web.app import build_site
from web.security import SECURITY_HEADERS

REVALIDATE = ("no-cache", "no-store")


def _assert_guarded(response: httpx.Response, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (what, name)
    directives = {part.strip() for part in response.headers.get("cache-control", "").split(",")}
    assert directives & set(REVALIDATE), (what, response.headers.get("cache-control"))


async def test_every_kind_of_response_is_guarded_and_revalidated(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    token = await office.db_value("SELECT token FROM public_files LIMIT 1")
    document = await site.get(f"/berkas/{token}/x")
    cases = {
        "page": ("GET", "/", {}, 200), "English page": ("GET", "/en/dip/", {}, 200),
        "item": ("GET", f"/informasi/{item_id}/", {}, 200), "search": ("GET", "/cari/?q=laporan", {}, 200),
        "feed": ("GET", "/feed.atom", {}, 200), "csv": ("GET", "/dip.csv", {}, 200), "json": ("GET", "/dip.json", {}, 200),
        "document": ("GET", f"/berkas/{token}/x", {}, 200), "head": ("HEAD", f"/berkas/{token}/x", {}, 200),
        "range": ("GET", f"/berkas/{token}/x", {"range": "bytes=0-9"}, 206),
        "not modified": ("GET", f"/berkas/{token}/x", {"if-none-match": document.headers["etag"]}, 304),
        "style sheet": ("GET", "/static/style.css", {}, 200), "redirect": ("GET", "/dip", {}, 307),
        "not found": ("GET", "/informasi/999/", {}, 404), "bad request": ("GET", "/dip/?kategori=x", {}, 400),
        "method": ("POST", "/dip/", {}, 405),
    }
    for what, (method, path, headers, status) in cases.items():
        response = await site.request(method, path, headers=headers)
        assert response.status_code == status, what
        _assert_guarded(response, what)


async def test_a_withdrawn_document_is_not_modified_no_more(office: Office, site: httpx.AsyncClient) -> None:
    """A browser holding the file asks again (no-cache) and gets a 404 once it is withdrawn."""
    _, cycle_id = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    token = await office.db_value("SELECT token FROM public_files LIMIT 1")
    etag = (await site.get(f"/berkas/{token}/x")).headers["etag"]
    await withdraw_publication(office, cycle_id)
    assert (await site.get(f"/berkas/{token}/x", headers={"if-none-match": etag})).status_code == 404


async def test_the_page_of_an_unexpected_error_is_guarded_too(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(public_site, "latest", broken)
    transport = httpx.ASGITransport(app=build_site(office.services), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as client:
        response = await client.get("/")
    assert response.status_code == 500
    assert "database gone" not in response.text and "Traceback" not in response.text
    _assert_guarded(response, "500")
