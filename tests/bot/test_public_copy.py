"""Step 7's public copy (issue 17, Deliver 5): a DOCX draft goes to the channel as the PDF made
from it, the one its preview showed, made once; the DOCX stays in the record and is never posted.
Without LibreOffice (`SOFFICE_PATH=off`) or when a conversion fails, the operator is told above the
preview and may upload the PDF, checked like any upload and refused when it is not a PDF."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable
from pathlib import Path

from bot.workflow import Upload
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    Office,
    cycle_at_publication,
    open_first_task,
    person,
)
from tests.samples import MINIMAL_PDF, MINIMAL_PNG
from tests.libreoffice import needs_libreoffice

SUMMARY = "Laporan Realisasi Anggaran 2026"
TEXT = "Realisasi belanja ≥ 95% — Dinas Sosial, disusun oleh Ni Luh Putu Ayu Wulandari"
DOCX_NAME = "Laporan Realisasi 2026.docx"
PDF_NAME = "Laporan Realisasi 2026.pdf"


def real_docx(text: str = TEXT) -> bytes:
    """A DOCX as Word writes it (python-docx), holding `text`."""
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


async def docx_cycle_at_publication(office: Office, docx: bytes, name: str = DOCX_NAME, detected: str = "docx") -> int:
    """A cycle at step 7 whose approved draft is the DOCX `docx` (or another office document: its
    `name` and `detected` type) (steps 1-3 by the workflow, then approved and coordinated by chat)."""
    services, workflow = office.services, office.services.workflow
    item_id = await office.add_item(SUMMARY)
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    putri = await person(office, PELAKSANA_ID)
    await workflow.add_draft_file(putri, cycle_id, Upload(await services.files.put(docx, name), detected, None), name)
    await workflow.submit_draft(putri, cycle_id)
    await open_first_task(office, office.utama)
    for who, label in ((office.utama, "✅ Setujui"), (office.operator, "🤝 Koordinasikan publikasi")):
        who.press_button(label)
        await office.deliver()
    return cycle_id


async def documents_of(office: Office, cycle_id: int) -> list[tuple[int, str, str, int | None]]:
    rows = await office.services.db.fetch_all(
        "SELECT id, kind, original_name, source_document_id FROM documents WHERE cycle_id = ? AND kind IN ('draft', 'published') ORDER BY id",
        (cycle_id,),
    )
    return [(int(row[0]), row[1], row[2], row[3]) for row in rows]


async def served_document_ids(office: Office, cycle_id: int) -> list[int]:
    """The documents the web site serves for the cycle's publication (`public_files`)."""
    rows = await office.services.db.fetch_all(
        "SELECT f.document_id FROM public_files AS f JOIN publications AS p ON p.id = f.publication_id"
        " WHERE p.cycle_id = ? ORDER BY f.document_id",
        (cycle_id,),
    )
    return [int(row[0]) for row in rows]


@needs_libreoffice
async def test_a_docx_draft_is_published_as_the_pdf_its_preview_showed(office_with: Callable[..., object]) -> None:
    office: Office = await office_with(make_pdf=True)  # type: ignore[misc]
    docx = real_docx()
    cycle_id = await docx_cycle_at_publication(office, docx)
    oki = office.operator

    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    preview = oki.last_message()
    assert preview is not None
    assert f"Berkas (1):\n• {PDF_NAME} (PDF dari {DOCX_NAME})\n\n" in preview["text"]
    assert "apa adanya" not in preview["text"]
    assert [b["text"] for b in oki.buttons(preview)] == ["✅ Ya, kirim", "❌ Batal"]
    [(draft_id, _, _, _), (copy_id, kind, name, source)] = await documents_of(office, cycle_id)
    assert (kind, name, source) == ("published", PDF_NAME, draft_id)
    copy_sha = await office.db_value("SELECT sha256 FROM documents WHERE id = ?", copy_id)
    assert await office.db_value(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'publication.public_copy' AND entity_id = ?", cycle_id
    ) == 1

    # A second preview reuses the PDF: made once, so both previews stand for the same post.
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    assert len(await documents_of(office, cycle_id)) == 2

    oki.press_button("✅ Ya, kirim", preview)
    await office.deliver()
    assert oki.last_text() is not None and oki.last_text().startswith("📢 Dipublikasikan"), oki.last_text()
    [post] = office.channel.posts()
    assert post["document"]["file_name"] == PDF_NAME
    assert post["document"]["mime_type"] == "application/pdf"
    posted = office.fake.file_bytes(post["document"]["file_id"])
    assert posted == office.services.files.path_for(copy_sha).read_bytes()
    assert TEXT in pdf_text(posted)  # the draft's own words, ≥ and — included, read back with pypdf
    # The DOCX stays in the record, the site serves the PDF only.
    assert await office.db_value("SELECT original_name FROM documents WHERE id = ?", draft_id) == DOCX_NAME
    assert await served_document_ids(office, cycle_id) == [copy_id]


async def test_without_libreoffice_the_operator_is_told_and_can_upload_the_pdf(office: Office) -> None:
    cycle_id = await cycle_at_publication(office)  # SOFFICE_PATH=off: no PDF can be made
    oki = office.operator
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    notice, _caption, preview = oki.messages()[-3:]
    assert "Salinan PDF dari draf.docx belum dapat dibuat karena LibreOffice belum terpasang" in notice["text"]
    assert [b["text"] for b in oki.buttons(notice)] == ["📄 Unggah PDF: draf.docx"]
    assert "• draf.docx\n\nℹ️ Tanpa salinan PDF, diposting apa adanya: draf.docx" in preview["text"]
    [(draft_id, *draft)] = await documents_of(office, cycle_id)
    assert draft == ["draft", "draf.docx", None]

    oki.press_button("📄 Unggah PDF: draf.docx", notice)
    await office.deliver()
    assert "Kirim PDF dari \"draf.docx\"" in (oki.last_text() or "")
    oki.send_document(MINIMAL_PNG, "foto.png")  # not a PDF: refused, still waiting
    await office.deliver()
    assert "bukan PDF" in (oki.last_text() or ""), oki.last_text()
    oki.send_text("sudah saya kirim")  # text where a file is awaited: asked again
    await office.deliver()
    assert oki.last_text() == "Kirim salinan PDF-nya sebagai satu berkas PDF. Ketik /batal untuk membatalkan."
    assert len(await documents_of(office, cycle_id)) == 1
    oki.send_document(MINIMAL_PDF, "versi cetak.pdf")
    await office.deliver()
    assert oki.last_text() == (
        "✅ PDF tersimpan: \"draf.pdf\" akan diposting menggantikan \"draf.docx\". Tekan \"📢 Publikasikan "
        "sekarang\" untuk melihat pratinjau yang baru."
    )
    [_, (copy_id, *copy)] = await documents_of(office, cycle_id)
    assert copy == ["published", "draf.pdf", draft_id]

    # The old preview showed the DOCX: its "Ya, kirim" posts nothing now.
    oki.press_button("✅ Ya, kirim", preview)
    await office.deliver()
    assert office.channel.posts() == []

    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    assert "Berkas (1):\n• draf.pdf (PDF dari draf.docx)\n\n" in (oki.last_text() or "")
    assert "apa adanya" not in (oki.last_text() or "")
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    [post] = office.channel.posts()
    assert post["document"]["file_name"] == "draf.pdf"
    assert office.fake.file_bytes(post["document"]["file_id"]) == MINIMAL_PDF
    assert await served_document_ids(office, cycle_id) == [copy_id]


async def test_a_failed_conversion_is_said_and_the_docx_goes_only_as_the_preview_said(
    office_with: Callable[..., object], tmp_path: Path,
) -> None:
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 1\n")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    office: Office = await office_with(make_pdf=True, soffice_path=broken)  # type: ignore[misc]
    cycle_id = await cycle_at_publication(office)
    oki = office.operator
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    notice, _caption, preview = oki.messages()[-3:]
    assert "Salinan PDF dari draf.docx gagal dibuat kali ini (LibreOffice tidak berhasil)" in notice["text"]
    assert "Tanpa salinan PDF, diposting apa adanya: draf.docx" in preview["text"]
    oki.press_button("✅ Ya, kirim", preview)  # the operator read it and sends the DOCX as it is
    await office.deliver()
    [post] = office.channel.posts()
    assert post["document"]["file_name"] == "draf.docx"
    [(draft_id, kind, _, _)] = await documents_of(office, cycle_id)  # no copy recorded
    assert kind == "draft"
    assert await served_document_ids(office, cycle_id) == [draft_id]
