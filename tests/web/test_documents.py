"""Documents by opaque token (/berkas/<token>/<name>): the stored bytes as an attachment with its
type, length, a strong ETag and no-cache, while (and only while) the rule says the file is public;
checked again on every request, so a withdrawal, an exemption or a deactivation stops it at once.
A draft version that was never published has no token; hostile paths and tokens are 404."""

from __future__ import annotations

import hashlib
import posixpath
import re

import httpx
import pytest

from bot.workflow import Upload
from tests.bot.cycle_helpers import PELAKSANA_ID, UTAMA_ID, Office, approve_and_publish, cycle_at_review, open_first_task, person
from tests.samples import CSV_COMMA, MINIMAL_PDF, make_docx
from tests.web.publishing import deactivate, make_exempt, publish_cycle, publish_item, publish_with_data_file, withdraw_publication

SUMMARY = "Laporan Keuangan Dinas Sosial 2026"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def links_on_page(site: httpx.AsyncClient, item_id: int) -> list[str]:
    """The download links of the item's page, as absolute paths."""
    page_path = f"/informasi/{item_id}/"
    page = await site.get(page_path)
    assert page.status_code == 200
    found = re.findall(r'<a href="((?:\.\./)+berkas/[^"]+)"', page.text)
    return [posixpath.normpath(posixpath.join(page_path, link)) for link in found]


async def stored_bytes(office: Office, token: str) -> bytes:
    sha256 = await office.db_value(
        "SELECT d.sha256 FROM public_files AS f JOIN documents AS d ON d.id = f.document_id WHERE f.token = ?", token
    )
    return office.services.files.path_for(sha256).read_bytes()


async def test_a_document_downloads_as_an_attachment_with_its_type_length_and_etag(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_with_data_file(office, SUMMARY)
    document, data = await links_on_page(site, item_id)

    for path, media_type, name in ((document, DOCX_TYPE, "draf.docx"), (data, "text/csv", "data_aset.csv")):
        token = path.split("/")[2]
        expected = await stored_bytes(office, token)
        response = await site.get(path)
        assert response.status_code == 200
        assert response.content == expected
        assert response.headers["content-type"] == media_type  # never text/html, no charset guessed
        assert response.headers["content-disposition"] == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        assert response.headers["content-length"] == str(len(expected))
        assert response.headers["etag"] == f'"{hashlib.sha256(expected).hexdigest()}"'
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert (await site.get(data)).content == CSV_COMMA

    # The name is cosmetic: any name serves the same file, under its own name.
    token = document.split("/")[2]
    other = await site.get(f"/berkas/{token}/apa-saja.exe")
    assert other.status_code == 200 and other.content == await stored_bytes(office, token)
    assert 'filename="draf.docx"' in other.headers["content-disposition"]
    # A browser that has it asks again (no-cache) and gets a 304 after the rule was checked.
    again = await site.get(document, headers={"if-none-match": other.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert (await site.get(document, headers={"if-none-match": '"something-else"'})).status_code == 200
    head = await site.head(document)
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == other.headers["content-length"]


async def test_a_withdrawal_stops_a_download_that_worked_a_moment_ago(office: Office, site: httpx.AsyncClient) -> None:
    item_id, cycle_id = await publish_item(office, SUMMARY)
    [link] = await links_on_page(site, item_id)
    etag = (await site.get(link)).headers["etag"]
    assert (await site.get(link)).status_code == 200

    await withdraw_publication(office, cycle_id)

    gone = await site.get(link)
    assert gone.status_code == 404 and "ditarik" in gone.text
    assert gone.headers["content-type"].startswith("text/html") and "content-disposition" not in gone.headers
    assert (await site.get(link, headers={"if-none-match": etag})).status_code == 404  # no 304 either


@pytest.mark.parametrize("hide", [make_exempt, deactivate], ids=["dikecualikan", "deactivated"])
async def test_a_file_of_an_item_made_exempt_or_deactivated_is_404(office: Office, site: httpx.AsyncClient, hide: object) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    [link] = await links_on_page(site, item_id)
    assert (await site.get(link)).status_code == 200

    await hide(office, item_id)  # type: ignore[operator]

    assert (await site.get(link)).status_code == 404


async def test_a_draft_version_never_published_has_no_address(office: Office, site: httpx.AsyncClient) -> None:
    # Version 1 is returned by PPID Utama; version 2 (a PDF) is published.
    item_id, cycle_id = await cycle_at_review(office, SUMMARY)
    workflow = office.services.workflow
    await workflow.return_draft(await person(office, UTAMA_ID), cycle_id, 1, "Lampiran belum lengkap, mohon dilengkapi")
    putri = await person(office, PELAKSANA_ID)
    stored = await office.services.files.put(MINIMAL_PDF, "perbaikan.pdf")
    await workflow.add_draft_file(putri, cycle_id, Upload(stored, "pdf", None), "perbaikan.pdf")
    await workflow.submit_draft(putri, cycle_id)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    # And a cycle still at review: its draft has never been anywhere public.
    _, pending = await cycle_at_review(office, "Rencana Kerja Belum Terbit")

    unpublished = await office.services.db.fetch_all(
        "SELECT d.id, d.sha256, d.stored_path FROM documents AS d WHERE d.kind = 'draft'"
        " AND ((d.cycle_id = ? AND d.version = 1) OR d.cycle_id = ?)",
        (cycle_id, pending),
    )
    assert len(unpublished) == 2
    ids = [row["id"] for row in unpublished]
    assert await office.db_value(
        f"SELECT COUNT(*) FROM public_files WHERE document_id IN ({','.join('?' * len(ids))})", *ids
    ) == 0
    [link] = await links_on_page(site, item_id)
    assert link.endswith("/perbaikan.pdf")
    assert (await site.get(link)).content == MINIMAL_PDF
    # Whatever someone guesses from what the office holds about those drafts: nothing answers.
    for row in unpublished:
        for guess in (row["sha256"], row["sha256"][:32], f"{row['id']:032x}", str(row["id"]), row["stored_path"]):
            response = await site.get(f"/berkas/{guess}/draf.docx")
            assert response.status_code == 404, guess


HOSTILE = (
    "/berkas/../../etc/passwd",
    "/berkas/%2e%2e/%2e%2e/etc/passwd",
    "/berkas/..%2f..%2fetc%2fpasswd/x",
    "/berkas/{token}/../../../bot/config.py",
    "/berkas/{token}/%2e%2e%2f%2e%2e%2fbot%2fconfig.py",
    "/berkas/{upper}/x.docx",
    "/berkas/{short}/x.docx",
    "/berkas/{token}0/x.docx",
    "/berkas/{token}%00/x.docx",
    "/berkas/%00{short}/x.docx",
    "/berkas/00000000000000000000000000000000/x.docx",
    "/berkas/{token}",
    "/berkas/{token}/",
    "/berkas/",
    "/berkas/' OR 1=1 --/x",
    "/en/berkas/{upper}/x.docx",
)


async def test_a_hostile_or_unknown_document_address_is_404(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    [link] = await links_on_page(site, item_id)
    token = link.split("/")[2]
    assert (await site.get(f"/en/berkas/{token}/x.docx")).status_code == 200  # the same file from the English page
    for path in HOSTILE:
        response = await site.get(path.format(token=token, upper=token.upper(), short=token[:-1]))
        assert response.status_code == 404, path
        assert "Traceback" not in response.text and "root:" not in response.text, path
        assert "content-disposition" not in response.headers, path


async def test_an_unknown_type_goes_out_as_octet_stream_and_a_missing_file_is_404(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    [link] = await links_on_page(site, item_id)
    token = link.split("/")[2]
    document_id = await office.db_value("SELECT document_id FROM public_files WHERE token = ?", token)
    # A row from before the content check judged types (detected_type was then not recorded).
    async with office.services.db.transaction() as conn:
        await conn.execute("UPDATE documents SET detected_type = NULL WHERE id = ?", (document_id,))
    response = await site.get(link)
    assert response.status_code == 200 and response.headers["content-type"] == "application/octet-stream"

    sha256 = await office.db_value("SELECT sha256 FROM documents WHERE id = ?", document_id)
    office.services.files.path_for(sha256).unlink()
    assert (await site.get(link)).status_code == 404


async def test_a_file_goes_out_under_its_real_type_whatever_its_name_claimed(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    await publish_cycle(office, item_id, [("laporan.pdf", make_docx(), "docx")])  # a Word document named .pdf
    newest = (await links_on_page(site, item_id))[0]
    assert newest.endswith("/laporan.docx")
    response = await site.get(newest)
    assert response.headers["content-type"] == DOCX_TYPE
    assert 'filename="laporan.docx"' in response.headers["content-disposition"]
