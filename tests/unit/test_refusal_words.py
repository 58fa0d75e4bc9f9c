"""A refused file says what it is, in its own terms (issue 15, point 5): `bot.filetypes` names what
it found and the type its name claims, and the refusal text says both."""

from __future__ import annotations

import io

import pytest

from bot.filetypes import check_upload, what_it_is
from bot.texts import t
from tests.samples import EXE, HTML, MINIMAL_JPEG, MINIMAL_PDF, PROSE, make_docx, zip_bytes

LIMIT = 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (EXE, "program"),
        (b"\x7fELF\x02\x01\x01" + bytes(64), "program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old_office"),
        (zip_bytes([("catatan.txt", "isi")]), "archive"),
        (zip_bytes([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]), "office_other"),
        (b"Rar!\x1a\x07\x00" + bytes(32), "archive"),
        (MINIMAL_JPEG + zip_bytes([("a.txt", "x")]), "image_with_archive"),
        (b"GIF89a" + bytes(32), "image_gif"),
        (b"\x00\x00\x01\x00\x01\x00\x10\x10" + bytes(32), "image_ico"),
        (b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00" + bytes(32), "image_bmp"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32), "image_webp"),
        (b"II*\x00" + bytes(32), "image_tiff"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(32), "image_heic"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + bytes(32), "image_avif"),
        (b"\x00\x00\x00\x18ftypisom" + bytes(32), "video"),
        (b"{\\rtf1\\ansi Laporan}", "rtf"),
        (HTML.encode(), "web_page"),
        (PROSE.encode(), "text"),
        (b"BMKG mencatat gempa kemarin sore di pantai selatan", "text"),
        (bytes(range(256)) * 4, "unknown"),
    ],
    ids=[
        "exe", "elf", "doc-97", "zip", "pptx-like", "rar", "jpeg-with-zip", "gif", "ico", "bmp", "webp", "tiff",
        "heic-broken", "avif", "mp4", "rtf", "html", "prose", "bmkg-text", "binary",
    ],
)
def test_what_a_refused_file_is(data: bytes, found: str) -> None:
    assert what_it_is(io.BytesIO(data), len(data)) == found
    verdict = check_upload(data, len(data), "lampiran", max_bytes=LIMIT)
    assert (verdict.reason, verdict.details["found"]) == ("unsupported", found)


def test_a_file_whose_name_claims_a_pdf_is_told_it_is_no_valid_pdf() -> None:
    verdict = check_upload(EXE, len(EXE), "laporan.pdf", max_bytes=LIMIT)
    assert verdict.text_key == "file_refused_not_genuine"
    assert t(verdict.text_key, "id", **verdict.text_values("id")) == (
        "Maaf, berkas <b>laporan.pdf</b> bukan PDF yang sah, jadi tidak dapat diterima: isinya program "
        "komputer, bukan dokumen.\nBuka berkas aslinya, simpan ulang sebagai PDF, lalu kirim lagi."
    )
    assert t(verdict.text_key, "en", **verdict.text_values("en")).startswith(
        "Sorry, <b>laporan.pdf</b> is not a valid PDF, so it cannot be accepted: it holds a computer program"
    )


def test_a_broken_word_document_is_named_by_its_type_in_a_sentence() -> None:
    broken = make_docx()[:300]
    verdict = check_upload(broken, len(broken), "surat.docx", max_bytes=LIMIT)
    text = t(verdict.text_key or "", "id", **verdict.text_values("id"))
    assert text.startswith("Maaf, berkas <b>surat.docx</b> bukan dokumen Word (DOCX) yang sah")


def test_a_file_with_no_claim_says_what_it_is_and_what_is_accepted() -> None:
    verdict = check_upload(PROSE.encode(), len(PROSE.encode()), "catatan.txt", max_bytes=LIMIT)
    assert verdict.text_key == "file_refused_unsupported"
    assert t(verdict.text_key, "id", **verdict.text_values("id")) == (
        "Maaf, berkas ini tidak dapat diterima: isinya teks biasa, bukan tabel CSV.\n"
        "Jenis berkas yang diterima: PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), "
        "OpenDocument (ODT, ODS, ODP), CSV, foto JPG, PNG atau HEIC."
    )


def test_an_accepted_file_carries_no_claim() -> None:
    verdict = check_upload(MINIMAL_PDF, len(MINIMAL_PDF), "laporan.docx", max_bytes=LIMIT)
    assert verdict.accepted and "claimed" not in verdict.details and not verdict.name_matches
