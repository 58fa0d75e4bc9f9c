"""File types by content: real minimal samples are accepted, liars, broken and foreign files refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import get_args

import pytest

from bot.filetypes import (
    CSV,
    DOCX,
    FILE_TYPES,
    JPG,
    ODP,
    ODS,
    ODT,
    PDF,
    PNG,
    XLSX,
    FileType,
    RefusalReason,
    check_size,
    check_upload,
    detect_type,
    extension_of,
    limit_mb_text,
)
from bot.texts import TEXTS, t
from tests.samples import (
    CSV_COMMA,
    CSV_QUOTED,
    CSV_SEMICOLON,
    EXE,
    HTML,
    MINIMAL_JPEG,
    MINIMAL_PDF,
    MINIMAL_PNG,
    PROSE,
    make_docx,
    make_odt,
    make_xlsx,
    zip_bytes,
)

MB = 1024 * 1024
LIMIT = 20 * MB

# -- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (MINIMAL_PDF, PDF),
        (make_docx(), DOCX),
        (make_xlsx(), XLSX),
        (make_odt(), ODT),
        (MINIMAL_PNG, PNG),
        (MINIMAL_JPEG, JPG),
        (CSV_COMMA, CSV),
        (CSV_SEMICOLON.encode("utf-8"), CSV),
        (b"\xef\xbb\xbf" + CSV_SEMICOLON.encode("utf-8"), CSV),
        ("kota;keterangan\nSingkawang;Café sejahtera\nSambas;Ütara\n".encode("cp1252"), CSV),
        (b"a\tb\tc\n1\t2\t3\n", CSV),
        (CSV_QUOTED.encode("utf-8"), CSV),
        (b"no,nama\n", CSV),
        (make_odt("application/vnd.oasis.opendocument.spreadsheet"), ODS),
        (make_odt("application/vnd.oasis.opendocument.presentation"), ODP),
        (b"nama\nBudi\nSari\n", CSV),  # one column
        ("No\tNama\tKeterangan\r\n1\tBudi\tSelesai\r\n2\tSari\t\r\n".encode("utf-16"), CSV),  # Excel's Unicode Text
        ("\ufeffno,kota\n1,Singkawang\n".encode("utf-16-be"), CSV),
        (b"versi,nama,rilis,akhir,akhir-esm\n4.10,Warty,2004,2006\n6.06,Dapper,2006,2009,2011\n8.04,Hardy,2008,2011,2013\n", CSV),
    ],
    ids=[
        "pdf", "docx", "xlsx", "odt", "png", "jpeg", "csv-comma", "csv-semicolon",
        "csv-utf8-bom", "csv-cp1252", "csv-tab", "csv-quoted", "csv-header-only", "ods", "odp",
        "csv-one-column", "csv-utf16-tab", "csv-utf16be-comma", "csv-ragged",
    ],
)
def test_accepted_types_are_detected(data: bytes, expected: FileType) -> None:
    assert detect_type(data) == expected


def test_csv_with_a_title_line_and_a_ragged_row_is_still_a_table() -> None:
    rows = ["Rekap Permohonan Informasi 2026", "bulan,masuk,selesai"]
    rows += [f"{month},{month * 3},{month * 2}" for month in range(1, 13)]
    assert detect_type("\n".join(rows).encode()) == CSV


def test_csv_with_spaces_after_commas_is_not_taken_for_prose() -> None:
    data = b"No, Nama, Keterangan\n1, Budi, Sudah selesai.\n2, Sari, Belum.\n"
    assert detect_type(data) == CSV


def test_large_csv_is_judged_on_a_sample() -> None:
    data = b"id,nilai,keterangan\n" + b"".join(b"%d,%d,\"baris, ke-%d\"\n" % (i, i * 7, i) for i in range(30_000))
    assert len(data) > 512 * 1024
    assert detect_type(data) == CSV


@pytest.mark.parametrize(
    "data",
    [
        b"",
        EXE,
        b"\x7fELF\x02\x01\x01" + bytes(64),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),  # legacy .doc/.xls (OLE)
        zip_bytes([("foto.jpg", MINIMAL_JPEG), ("catatan.txt", "isi")]),
        make_docx()[:200],  # truncated: a corrupt zip
        b"PK\x03\x04" + b"\x00" * 100,
        b"PK\x05\x06" + bytes(18),  # an empty zip
        make_docx("application/vnd.ms-word.document.macroEnabled.main+xml"),  # .docm
        zip_bytes([("word/document.xml", "<w:document/>")]),  # no [Content_Types].xml
        make_odt("application/vnd.oasis.opendocument.graphics"),  # ODG: a drawing
        make_odt("application/epub+zip"),
        PROSE.encode(),
        b"Dengan hormat, kami sampaikan laporan bulanan.\n",
        b"Halo semua",
        HTML.encode(),
        b'<?xml version="1.0"?>\n<data><a>1,2</a>\n<a>3,4</a></data>\n',
        b'[{"nama": "Budi", "umur": 30},\n {"nama": "Sari", "umur": 28}]\n',
        b"a,b\n1,2\x00\n",
        b"a,b\n1,\x1b[31m2\n",
        "a,b\n1,2\x00\n".encode("utf-16"),  # a NUL character, in UTF-16
        b"\xff\xfea\x00,\x00b\x00\n\x00\x00\xd8",  # UTF-16 with a lone surrogate: no text
        b"\xef\xbb\xbfa,b\n\xff\xfe,1\n",  # BOM but not UTF-8
        b"Bapak/Ibu yth.\nBersama ini kami kirimkan laporan.\n",  # one column of sentences
        b"%PDX-1.4",
    ],
    ids=[
        "empty", "exe", "elf", "ole", "zip-of-other-things", "corrupt-zip", "zip-garbage", "empty-zip",
        "docm", "docx-without-content-types", "odg", "epub", "prose", "prose-one-line", "short-text",
        "html", "xml", "json", "nul-byte", "escape-char", "utf16-nul", "utf16-broken", "bad-bom", "one-column-prose",
        "not-pdf",
    ],
)
def test_other_content_is_not_accepted(data: bytes) -> None:
    assert detect_type(data) is None


def test_zip_bomb_entries_are_never_read() -> None:
    # A [Content_Types].xml that inflates to 50 MB from a few KB: refused by its declared size.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (50 * MB))
        archive.writestr("word/document.xml", "<w:document/>")
    data = buffer.getvalue()
    assert len(data) < 200 * 1024
    assert detect_type(data) is None


def test_type_entries_are_read_only_up_to_a_small_cap() -> None:
    odt_type = "application/vnd.oasis.opendocument.text"
    assert detect_type(make_odt(odt_type + " " * 100)) == ODT  # padding is tolerated
    assert detect_type(make_odt(odt_type + " " * 1000)) is None  # but a large entry is not read


# -- the verdict ----------------------------------------------------------------------------------


def test_accepted_upload_has_type_and_sha256() -> None:
    data = make_docx()
    verdict = check_upload(data, len(data), "laporan.docx", max_bytes=LIMIT)
    assert verdict.accepted and verdict.reason is None and verdict.text_key is None
    assert verdict.file_type == DOCX
    assert verdict.sha256 == hashlib.sha256(data).hexdigest()
    assert verdict.name_matches


def test_name_that_disagrees_is_accepted_by_content_and_noted() -> None:
    data = make_docx()
    verdict = check_upload(data, len(data), "laporan.pdf", max_bytes=LIMIT)
    assert verdict.accepted and verdict.file_type == DOCX
    assert not verdict.name_matches
    text = t("file_name_mismatch", "id", **verdict.text_values("id"))
    assert "laporan.pdf" in text and "Dokumen Word (DOCX)" in text
    assert "Word document (DOCX)" in t("file_name_mismatch", "en", **verdict.text_values("en"))


@pytest.mark.parametrize(
    ("data", "name", "matches"),
    [
        (MINIMAL_JPEG, "foto.JPEG", True),
        (MINIMAL_JPEG, None, True),  # photos come without a name
        (MINIMAL_PDF, "SURAT.PDF", True),
        (MINIMAL_PDF, "surat", True),
        (CSV_COMMA, "data.csv", True),
        (CSV_COMMA, "data.txt", False),
        (MINIMAL_PNG, "C:\\Users\\ppid\\scan.jpg", False),
        (make_xlsx(), "rekap.xls", False),
    ],
)
def test_name_matches(data: bytes, name: str | None, matches: bool) -> None:
    verdict = check_upload(data, len(data), name, max_bytes=LIMIT)
    assert verdict.accepted
    assert verdict.name_matches is matches


def test_empty_is_refused() -> None:
    assert check_size(0, LIMIT) == "empty"
    verdict = check_upload(b"", 0, "kosong.pdf", max_bytes=LIMIT)
    assert verdict.reason == "empty" and verdict.text_key == "file_refused_empty"


def test_oversized_is_refused_before_downloading() -> None:
    assert check_size(LIMIT, LIMIT) is None
    assert check_size(LIMIT + 1, LIMIT) == "too_large"
    verdict = check_upload(None, 25 * MB, "besar.pdf", max_bytes=LIMIT)
    assert verdict.reason == "too_large" and not verdict.accepted
    text = t(verdict.text_key or "", "id", **verdict.text_values("id"))
    assert "20 MB" in text


def test_downloaded_content_decides_the_size() -> None:
    data = MINIMAL_PDF * 10
    verdict = check_upload(data, 0, "a.pdf", max_bytes=len(MINIMAL_PDF) * 5)
    assert verdict.reason == "too_large" and verdict.size == len(data)


def test_content_is_needed_when_the_size_is_fine() -> None:
    with pytest.raises(ValueError):
        check_upload(None, 1000, "a.pdf", max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (EXE, "laporan.pdf"),
        (zip_bytes([("foto.jpg", MINIMAL_JPEG), ("catatan.txt", "isi")]), "laporan.docx"),
        (make_docx()[:300], "laporan.docx"),
        (PROSE.encode(), "data.csv"),
        (HTML.encode(), "data.csv"),
    ],
    ids=["exe-as-pdf", "zip-as-docx", "corrupt-zip", "prose-as-csv", "html-as-csv"],
)
def test_unsupported_content_is_refused_whatever_its_name(data: bytes, name: str) -> None:
    verdict = check_upload(data, len(data), name, max_bytes=LIMIT)
    assert verdict.reason == "unsupported" and verdict.file_type is None and verdict.sha256 is None


def test_duplicate_in_the_draft_is_refused() -> None:
    data = MINIMAL_PDF
    first = check_upload(data, len(data), "a.pdf", max_bytes=LIMIT)
    assert first.accepted and first.sha256 is not None
    again = check_upload(data, len(data), "salinan.pdf", max_bytes=LIMIT, already_stored_sha256s={first.sha256})
    assert again.reason == "duplicate" and again.text_key == "file_refused_duplicate"
    other = check_upload(MINIMAL_PNG, len(MINIMAL_PNG), "b.png", max_bytes=LIMIT, already_stored_sha256s={first.sha256})
    assert other.accepted


# -- texts ----------------------------------------------------------------------------------------


def test_every_refusal_has_a_text_in_both_languages() -> None:
    for reason in get_args(RefusalReason):
        key = f"file_refused_{reason}"
        assert set(TEXTS[key]) == {"id", "en"}
    assert set(TEXTS["file_name_mismatch"]) == {"id", "en"}


@pytest.mark.parametrize("language", ["id", "en"])
def test_unsupported_text_lists_every_accepted_type(language: str) -> None:
    verdict = check_upload(EXE, len(EXE), "program", max_bytes=LIMIT)
    text = t("file_refused_unsupported", language, **verdict.text_values(language)).upper()
    for file_type in FILE_TYPES:
        assert file_type.key.upper() in text


def test_limit_in_megabytes() -> None:
    assert limit_mb_text(20 * MB) == "20"
    assert limit_mb_text(MB + MB // 2) == "1,5"
    assert limit_mb_text(MB + MB // 2, "en") == "1.5"


def test_extension_of() -> None:
    assert extension_of("Laporan.Final.DOCX") == ".docx"
    assert extension_of("folder/arsip") == ""
    assert extension_of(None) == ""
    assert extension_of(".bashrc") == ""
