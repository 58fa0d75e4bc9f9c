"""The web site serves the public copy (issue 17, Deliver 5): when step 7 posted the PDF made from
a DOCX draft, the item page links that PDF, and the DOCX's bytes are served under no link of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from bot.config import Settings
from tests.bot.cycle_helpers import Office, build_office
from tests.bot.test_public_copy import DOCX_NAME, PDF_NAME, TEXT, pdf_text, real_docx
from tests.web.conftest import SITE
from tests.web.publishing import publish_cycle
from tests.web.test_documents import links_on_page
from tests.libreoffice import needs_libreoffice
from web.app import build_site



@pytest.fixture
async def pdf_office(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The staffed office with LibreOffice's PDF copies on."""
    office = await build_office(make_settings(make_pdf=True))
    try:
        yield office
    finally:
        await office.app.shutdown()


@needs_libreoffice
async def test_the_item_page_links_the_pdf_copy_and_never_serves_the_docx(pdf_office: Office) -> None:
    office = pdf_office
    docx = real_docx()
    item_id = await office.add_item("Laporan Realisasi Anggaran 2026")
    await publish_cycle(office, item_id, [(DOCX_NAME, docx, "docx")])

    transport = httpx.ASGITransport(app=build_site(office.services))
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as site:
        links = await links_on_page(site, item_id)
        assert len(links) == 1 and links[0].endswith("/Laporan_Realisasi_2026.pdf"), links  # the link's name is cosmetic
        page = (await site.get(f"/informasi/{item_id}/")).text
        assert PDF_NAME in page and DOCX_NAME not in page
        response = await site.get(links[0])
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert TEXT in pdf_text(response.content)
        assert response.content != docx
    # No token of the site stands for the DOCX: its bytes are not served at any address.
    served = await office.services.db.fetch_all(
        "SELECT d.kind FROM public_files AS f JOIN documents AS d ON d.id = f.document_id"
    )
    assert [row[0] for row in served] == ["published"]
