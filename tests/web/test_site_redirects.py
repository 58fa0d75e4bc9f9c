"""Redirects of a path with its final slash missing (or extra): relative, never built from the
request's Host header (which a client sets as it likes), so no cache can keep a redirect to
another site and a proxy's folder is kept."""

from __future__ import annotations

import httpx
import pytest

from tests.bot.cycle_helpers import Office
from tests.web.publishing import publish_item
from web.app import relative_redirect


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/dip", "./dip/"),
        ("/en/dip", "./dip/"),
        ("/dikecualikan/halaman/2", "./2/"),
        ("/cari?q=banjir", "./cari/?q=banjir"),
        ("/dip.csv/", "../dip.csv"),
        ("/en/feed.atom/", "../feed.atom"),
    ],
)
async def test_a_missing_or_extra_slash_is_a_relative_redirect_whatever_the_host(
    site: httpx.AsyncClient, path: str, location: str
) -> None:
    response = await site.get(path, headers={"host": "evil.example", "x-forwarded-host": "evil.example"})
    assert response.status_code == 307
    assert response.headers["location"] == location
    assert "evil" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_redirect_leads_to_the_page(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, "Laporan Keuangan Dinas Sosial 2026")
    response = await site.get(f"/en/informasi/{item_id}", follow_redirects=True)
    assert response.status_code == 200
    assert str(response.url) == f"http://ppid.test/en/informasi/{item_id}/"
    assert "Laporan Keuangan Dinas Sosial 2026" in response.text


@pytest.mark.parametrize("path", ["/nothing", "/en", "/dip/x", "/informasi", "/berkas/abc"])
async def test_a_path_no_slash_mends_is_not_found(site: httpx.AsyncClient, path: str) -> None:
    assert (await site.get(path)).status_code == 404


def test_a_redirect_never_names_another_host() -> None:
    # A segment of backslashes or slashes would be `//host` to a browser: encoded, after "./".
    assert relative_redirect("/informasi/\\\\evil.example", "/informasi/\\\\evil.example/", "") == "./%5C%5Cevil.example/"
    assert relative_redirect("/a", "/a/", "x=1") == "./a/?x=1"
