"""The content checks against hostile files (issue 12, points 5 and 6): polyglot PDFs, Office files
with macros or a decoy content type, archives too big to parse, CSV that is markup or carries
formulas, and the name a file goes out under."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from bot import filetypes
from bot.filetypes import (
    CSV,
    DOCX,
    JPG,
    PDF,
    XLSX,
    ZIP_MAX_ENTRIES,
    check_file,
    check_upload,
    inspect_content,
    outgoing_name,
    zip_directory_size,
)
from bot.spreadsheets import FORMULA_STARTS, Table, csv_bytes
from bot.texts import t
from tests.samples import DOCX_MAIN, MINIMAL_PDF, XLSX_MAIN, make_docx, make_xlsx, zip_bytes

LIMIT = 20 * 1024 * 1024
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

# -- PDF: from %PDF- at byte 0 to its last %%EOF, nothing else ----------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        b"<html><body><script>alert(1)</script></body></html>\n",
        zip_bytes([("a.txt", "isi")]),
        b"% komentar dengan <script>\n",
    ],
    ids=["html-appended", "zip-appended", "comment-appended"],
)
def test_a_pdf_with_anything_appended_is_refused(tail: bytes) -> None:
    data = MINIMAL_PDF + tail
    verdict = check_upload(data, len(data), "laporan.pdf", max_bytes=LIMIT)
    assert verdict.reason == "pdf_trailing" and verdict.file_type is None
    assert "setelah akhir dokumennya" in t(verdict.text_key or "", "id", **verdict.text_values("id"))


def test_a_pdf_runs_from_byte_zero_to_its_end_marker_and_may_end_in_white_space() -> None:
    assert inspect_content(b"%PDF-1.4\n1 0 obj << >> endobj\n<script>x</script>").reason == "pdf_trailing"
    assert inspect_content(MINIMAL_PDF + b"\r\n \t\x00\x0c\n").file_type == PDF
    assert inspect_content(b"<html>\n" + MINIMAL_PDF).file_type is None


# -- Office: the main part read exactly, macros refused -----------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        # The main part is macro-enabled; a decoy Override types another part as a plain DOCX.
        make_docx(DOCM_MAIN, extra_content_types=f'<Override PartName="/word/decoy.xml" ContentType="{DOCX_MAIN}"/>'),
        make_xlsx(XLSM_MAIN, extra_content_types=f'<Override PartName="/xl/decoy.xml" ContentType="{XLSX_MAIN}"/>'),
        # A plain-looking DOCX that carries a macro project.
        make_docx(extra_entries=(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(60)),)),
        make_xlsx(extra_entries=(("xl/VBAPROJECT.BIN", b"\xd0\xcf\x11\xe0" + bytes(60)),)),
    ],
    ids=["docm-with-decoy", "xlsm-with-decoy", "docx-with-vbaproject", "xlsx-with-vbaproject"],
)
def test_office_files_with_macros_are_refused(data: bytes) -> None:
    verdict = check_upload(data, len(data), "laporan.docx", max_bytes=LIMIT)
    assert verdict.reason == "macros"
    assert "makro" in t(verdict.text_key or "", "id", **verdict.text_values("id"))


def _duplicate_entries() -> bytes:
    """A DOCX with a second `[Content_Types].xml` in front, typing the document as something
    else: a reader that takes the first sees another kind of file."""
    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        entries = [(name, archive.read(name)) for name in archive.namelist()]
    hostile = entries[0][1].replace(DOCX_MAIN.encode(), b"application/vnd.ms-word.document.main+xml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns as it writes the second one
        return zip_bytes([("[Content_Types].xml", hostile), *entries])


def _with_dtd() -> bytes:
    """A DOCX whose content types carry a DTD (an entity could make the parser expand anything)."""
    with zipfile.ZipFile(io.BytesIO(make_docx())) as archive:
        entries = [(name, archive.read(name)) for name in archive.namelist()]
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    types = entries[0][1].replace(declaration, declaration + b'<!DOCTYPE Types [<!ENTITY x "y">]>')
    return zip_bytes([("[Content_Types].xml", types), *entries[1:]])


@pytest.mark.parametrize(
    "data",
    [
        # The main part is typed as plain XML; only a decoy Default carries the DOCX type.
        make_docx("application/xml", extra_content_types=f'<Default Extension="decoy" ContentType="{DOCX_MAIN}"/>'),
        # The main part typed twice.
        make_docx(extra_content_types='<Override PartName="/WORD/document.xml" ContentType="application/xml"/>'),
        # Two entries of one name.
        _duplicate_entries(),
        # A DTD in the content types (entities are never expanded).
        _with_dtd(),
    ],
    ids=["decoy-default", "main-part-typed-twice", "duplicate-entry", "dtd"],
)
def test_office_type_comes_from_the_main_part_only(data: bytes) -> None:
    assert inspect_content(data).reason == "unsupported"


def test_the_package_relationship_names_the_document() -> None:
    # The package's document is another part than the one typed as DOCX: not a DOCX.
    other = make_docx(target="word/other.xml", extra_entries=(("word/other.xml", "<w:document/>"),))
    assert inspect_content(other).reason == "unsupported"
    # The relationship may be written absolute, part names in any case.
    assert inspect_content(make_docx(target="/Word/Document.xml")).file_type == DOCX
    assert inspect_content(make_xlsx()).file_type == XLSX


# -- ZIP: sized from its end record before anything is parsed -----------------------------------


def _many_entries(count: int, *, name_length: int = 1) -> bytes:
    """A DOCX with `count` extra empty entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(count):
            archive.writestr(f"p/{number:0{name_length}d}.xml", b"")
    return buffer.getvalue()


def _state_entries(data: bytes, count: int) -> bytes:
    """`data` with its end record claiming `count` entries (the central directory unchanged)."""
    position = data.rfind(b"PK\x05\x06")
    return data[: position + 8] + struct.pack("<HH", count, count) + data[position + 12 :]


def _forbid_zip_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, zipfile must not even open an archive."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the archive was parsed")

    monkeypatch.setattr(filetypes.zipfile, "ZipFile", refuse)


def test_too_many_entries_are_refused_from_the_end_record(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _many_entries(ZIP_MAX_ENTRIES + 1)
    _forbid_zip_parsing(monkeypatch)
    stated = zip_directory_size(io.BytesIO(data), len(data))
    assert stated is not None and stated[0] == ZIP_MAX_ENTRIES + 2
    verdict = check_upload(data, len(data), "laporan.docx", max_bytes=LIMIT)
    assert verdict.reason == "archive_entries"
    text = t(verdict.text_key or "", "id", **verdict.text_values("id"))
    assert f"terlalu banyak bagian ({ZIP_MAX_ENTRIES + 2}; paling banyak {ZIP_MAX_ENTRIES})" in text


def test_a_huge_central_directory_is_refused_whatever_the_count_says(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _state_entries(_many_entries(9_000, name_length=250), 5)
    _forbid_zip_parsing(monkeypatch)
    assert zip_directory_size(io.BytesIO(data), len(data))[0] == 5  # type: ignore[index]
    assert inspect_content(data).reason == "archive_entries"


class _CountingReader(io.FileIO):
    """A file on disk that counts the bytes read from it."""

    read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_a_big_file_declaring_a_huge_central_directory_is_refused_from_its_tail(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A 64 MiB "document" on disk whose end record declares a 60 MiB directory is refused having
    read only its head and tail, never the file whole, and without zipfile parsing it."""
    path = tmp_path / "laporan.docx"
    size = 64 * 1024 * 1024
    with open(path, "wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(size - 22)  # sparse: costs no disk
        file.seek(size - 22)
        file.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 40, 40, 60 * 1024 * 1024, 1024, 0))
    _forbid_zip_parsing(monkeypatch)
    with _CountingReader(path) as handle:
        verdict = check_file(handle, size, "laporan.docx", max_bytes=size, sha256="0" * 64)
        read = handle.read_bytes
    assert verdict.reason == "archive_entries"
    assert read < 256 * 1024


def test_an_understated_count_is_caught_after_opening() -> None:
    data = _state_entries(_many_entries(ZIP_MAX_ENTRIES + 1), 5)
    assert inspect_content(data).reason == "archive_entries"


def test_a_declared_zip_bomb_is_refused() -> None:
    data = bytearray(make_docx())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFF_FFF0)  # the first entry says it unpacks to 4 GB
    verdict = check_upload(bytes(data), len(data), "laporan.docx", max_bytes=LIMIT)
    assert verdict.reason == "archive_size"
    assert "256 MB" in t(verdict.text_key or "", "id", **verdict.text_values("id"))


@pytest.mark.parametrize("classic_entries", [0xFFFF, 3], ids=["zip64-marked", "classic-record-understating"])
def test_zip64_end_record_is_read_as_zipfile_reads_it(monkeypatch: pytest.MonkeyPatch, classic_entries: int) -> None:
    """zipfile takes a ZIP64 record whenever its locator precedes the end record, whatever the
    classic record says: so does the bound."""
    data = make_docx()
    position = data.rfind(b"PK\x05\x06")
    directory_size, directory_offset = struct.unpack_from("<II", data, position + 12)
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 200_000, 200_000, 48 << 20, directory_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, position, 1)
    end = data[position : position + 8] + struct.pack("<HHII", classic_entries, classic_entries, directory_size, directory_offset)
    crafted = data[:position] + record + locator + end + b"\x00\x00"
    assert zip_directory_size(io.BytesIO(crafted), len(crafted)) == (200_000, 48 << 20)
    _forbid_zip_parsing(monkeypatch)
    assert inspect_content(crafted).reason == "archive_entries"


# -- CSV: no markup, no formulas ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"no,nama\n1,<script>alert(1)</script>\n2,b\n",
        b"no,nama\n1,a\n2,b\n<html><body>x,y</body></html>\n",
        "\u200b<!doctype html>,x\n1,2\n".encode(),
        b"a,b\n1,<svg onload=alert(1)>\n",
        b"a,b\n1,<iframe src=x>\n",
        b"a,b\n<?php system($_GET[c]); ?>,1\n",
    ],
    ids=["script-cell", "html-after-a-table", "hidden-doctype", "svg", "iframe", "php"],
)
def test_markup_anywhere_in_a_csv_is_refused(data: bytes) -> None:
    assert inspect_content(data).reason == "unsupported"
    # Comparison signs are no markup.
    assert inspect_content(b"kelompok,nilai\nusia < 5,12\nusia > 60,3\n").file_type == CSV




@pytest.mark.parametrize(
    ("data", "row", "column", "cell"),
    [
        (b"no,nama,jumlah\n1,Budi,=1+2\n", "2", "3", "=1+2"),
        (b"no;nama\n1;@SUM(A1:A9)\n", "2", "2", "@SUM(A1:A9)"),
        (b'no,nama\n1,"=HYPERLINK(""http://x"",""klik"")"\n', "2", "2", '=HYPERLINK("http://x","klik")'),
        (b"no,nama\n1,+cmd|' /C calc'!A0\n", "2", "2", "+cmd|' /C calc'!A0"),
        (b"no,nama\n1,-2+3+cmd|x\n", "2", "2", "-2+3+cmd|x"),
        (b'no,nama\n1,"\t=1+1"\n', "2", "2", " =1+1"),
        (b'no,nama\n1,"\r=1+1"\n', "2", "2", " =1+1"),
        (b"=1+1,nama\n1,2\n", "1", "1", "=1+1"),
    ],
    ids=["equals", "at", "quoted-hyperlink", "plus-dde", "minus-formula", "tab", "carriage-return", "header"],
)
def test_a_csv_formula_cell_is_refused_naming_the_cell(data: bytes, row: str, column: str, cell: str) -> None:
    verdict = check_upload(data, len(data), "data.csv", max_bytes=LIMIT)
    assert verdict.reason == "formula"
    assert (verdict.details["row"], verdict.details["column"], verdict.details["cell"]) == (row, column, cell)
    text = t("file_refused_formula", "id", **verdict.text_values("id"))
    assert f"baris {row}, kolom {column}" in text


def test_a_csv_that_excel_would_open_as_sylk_is_refused() -> None:
    data = b"ID;P\nC;Y1;X1;EEXEC(\"calc\");K1\n"
    verdict = check_upload(b"\xef\xbb\xbf" + data, len(data) + 3, "data.csv", max_bytes=LIMIT)
    assert verdict.reason == "sylk"
    assert "Excel membukanya sebagai berkas SYLK" in t(verdict.text_key or "", "id", **verdict.text_values("id"))
    assert inspect_content(b"ID,nama\n1,Budi\n").reason == "sylk"
    assert inspect_content(b"Id,nama\n1,Budi\n").file_type == CSV


def test_a_formula_far_down_a_large_csv_is_found() -> None:
    rows = b"".join(b"%d,%d,nilai ke-%d\n" % (i, i * 7, i) for i in range(40_000))
    data = b"id,nilai,keterangan\n" + rows + b"40000,1,=WEBSERVICE(\"http://x\")\n"
    assert len(data) > 512 * 1024
    verdict = check_upload(data, len(data), "data.csv", max_bytes=LIMIT)
    assert verdict.reason == "formula" and verdict.details["row"] == "40002"


def test_plain_numbers_and_dashes_are_legitimate_cells_formulas_are_not() -> None:
    for cell in ["-5", "+62812345678", "-1.250.000,50", "-0,5", "-12%", "-", "---", "'=1+1", "1-2", "a=b"]:
        assert inspect_content(f"no;nilai\n1;{cell}\n2;3\n".encode()).file_type == CSV, cell
    for cell in ["-5+A1", "+62 812", "--1", "-cmd", "=5"]:
        assert inspect_content(f"no;nilai\n1;{cell}\n2;3\n".encode()).reason == "formula", cell


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_upload_check_and_export_guard_share_one_definition(start: str) -> None:
    """Whatever the export guards with an apostrophe, the upload check refuses, and the other way
    round: a plain number is neither guarded nor refused."""
    for cell, dangerous in ((f"{start}SUM(A1)", True), (f"{start}5" if start in "+-" else None, False)):
        if cell is None:
            continue
        exported = csv_bytes(Table("t", ["a", "b"], [[cell, "x"]])).decode("utf-8-sig").splitlines()[1]
        assert exported.lstrip('"').startswith("'") is dangerous, exported
        data = ("a,b\n" + ('"' + cell + '"' if start in "\t\r" else cell) + ",x\n").encode()
        assert (inspect_content(data).reason == "formula") is dangerous, repr(cell)


# -- the name a file goes out under -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("laporan.js", CSV, "laporan.csv"),
        ("jadwal.bat", CSV, "jadwal.csv"),
        ("halaman.HTML", CSV, "halaman.csv"),
        ("laporan.pdf.exe", PDF, "laporan.pdf.pdf"),
        ("laporan", PDF, "laporan.pdf"),
        ("LAPORAN.PDF", PDF, "LAPORAN.PDF"),
        ("foto.jpeg", JPG, "foto.jpeg"),
        ("rekap.xls", XLSX, "rekap.xlsx"),
        ("", DOCX, "berkas.docx"),
    ],
)
def test_outgoing_name_carries_the_real_type(name: str, file_type: filetypes.FileType, expected: str) -> None:
    assert outgoing_name(name, file_type) == expected


def test_the_mismatch_note_says_the_name_it_goes_on_with() -> None:
    data = b"no,nama\n1,Budi\n"
    verdict = check_upload(data, len(data), "laporan.js", max_bytes=LIMIT)
    assert verdict.accepted and verdict.file_type == CSV and not verdict.name_matches
    assert "diteruskan dengan nama <b>laporan.csv</b>" in t("file_name_mismatch", "id", **verdict.text_values("id"))
    assert "passed on as <b>laporan.csv</b>" in t("file_name_mismatch", "en", **verdict.text_values("en"))
