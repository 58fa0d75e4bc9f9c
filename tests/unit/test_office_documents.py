"""Office 97-2003 files and HEIC photos judged by their content (issue 19), on compound files and
photos built here (the LibreOffice-made ones are in tests/bot/test_office_formats.py): which of
DOC, XLS, PPT a compound file is, the macros olevba would find in it, what other compound files
are; HEIC accepted, and its public JPEG without metadata."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

import bot.filetypes
from bot.filetypes import DOC, HEIC, PPT, PPTX, XLS, check_upload, detect_type
from bot.heif_images import public_jpeg
from bot.texts import t
from tests.samples import PPTX_MAIN, compound_file, heic_photo, make_pptx, summary_information, zip_bytes

LIMIT = 20 * 1024 * 1024
WORD_FIB = struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0, 0)  # wIdent, nFib, ..., flags (byte 11)


def biff_workbook(sheet_type: int = 0, *, encrypted: bool = False) -> bytes:
    """A Workbook stream's globals: BOF, (FILEPASS), one BOUNDSHEET of `sheet_type`, EOF."""
    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    sheet = struct.pack("<IBB", 0, 0, sheet_type) + b"\x05\x00Data1"
    return (
        record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
        + (record(0x002F, bytes(6)) if encrypted else b"")
        + record(0x0085, sheet)
        + record(0x000A, b"")
    )


def ppt_document(has_macros: int) -> bytes:
    """A PowerPoint Document stream: a DocumentContainer holding a VBAInfo container and its atom."""
    atom = struct.pack("<HHI", 0x0002, 0x0400, 12) + struct.pack("<III", 1, has_macros, 2)
    vba_info = struct.pack("<HHI", 0x001F, 0x03FF, len(atom)) + atom
    return struct.pack("<HHI", 0x000F, 0x03E8, len(vba_info)) + vba_info


@pytest.mark.parametrize(
    ("streams", "expected"),
    [
        ({"WordDocument": WORD_FIB, "1Table": b"t"}, DOC),
        ({"Workbook": biff_workbook()}, XLS),
        ({"PowerPoint Document": ppt_document(0), "Current User": b"u"}, PPT),  # as LibreOffice writes it
    ],
    ids=["doc", "xls", "ppt"],
)
def test_a_97_2003_document_is_told_by_its_streams(streams: dict[str, bytes], expected: object) -> None:
    assert detect_type(compound_file(streams)) == expected


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        ({"WordDocument": WORD_FIB, "Macros/VBA/dir": b"d", "Macros/VBA/_VBA_PROJECT": b"p", "Macros/PROJECT": b"ID="}, "doc"),
        ({"Workbook": biff_workbook(), "_VBA_PROJECT_CUR/VBA/dir": b"d", "_VBA_PROJECT_CUR/PROJECT": b"ID="}, "xls"),
        ({"Workbook": biff_workbook(sheet_type=0x01)}, "xls"),  # an Excel 4.0 macro sheet
        ({"Workbook": biff_workbook(sheet_type=0x06)}, "xls"),  # a VBA module sheet
        ({"PowerPoint Document": ppt_document(1)}, "ppt"),
    ],
    ids=["doc-vba", "xls-vba", "xls-excel4-sheet", "xls-module-sheet", "ppt-vba"],
)
def test_macros_are_found_where_olevba_finds_them(streams: dict[str, bytes], kind: str) -> None:
    data = compound_file(streams)
    verdict = check_upload(data, len(data), f"berkas.{kind}", max_bytes=LIMIT)
    assert (verdict.reason, verdict.details) == ("macros", {"kind": kind})


def test_an_old_powerpoint_with_macros_is_refused_in_its_own_words() -> None:
    data = compound_file({"PowerPoint Document": ppt_document(1)})
    verdict = check_upload(data, len(data), "profil.ppt", max_bytes=LIMIT)
    assert t(verdict.text_key or "", "id", **verdict.text_values("id")) == (
        "Maaf, berkas ini adalah presentasi PowerPoint lama (PPT 97-2003) dengan makro: makro adalah kode program "
        "yang dapat berjalan saat berkas dibuka, jadi berkas ini tidak dapat diterima.\n"
        "Simpan ulang sebagai presentasi PowerPoint (PPTX) tanpa makro, lalu kirim lagi."
    )
    assert t(verdict.text_key or "", "en", **verdict.text_values("en")).startswith(
        "Sorry, this file is an old PowerPoint presentation (PPT 97-2003) with macros: macros are program code"
    )


def test_a_macro_refusal_says_which_program_made_the_file() -> None:
    data = compound_file({
        "WordDocument": WORD_FIB, "Macros/VBA/dir": b"d", "\x05SummaryInformation": summary_information("Microsoft Office Word"),
    })
    verdict = check_upload(data, len(data), "surat.doc", max_bytes=LIMIT)
    assert t(verdict.text_key or "", "id", **verdict.text_values("id")).startswith(
        "Maaf, berkas ini adalah dokumen Word lama (DOC 97-2003) dengan makro (dibuat dengan Microsoft Office Word): "
    )


@pytest.mark.parametrize(
    ("streams", "found"),
    [
        ({"EncryptionInfo": b"i", "EncryptedPackage": b"p"}, "encrypted"),  # a DOCX saved with a password
        ({"WordDocument": WORD_FIB[:11] + b"\x01"}, "encrypted"),  # fEncrypted
        ({"Workbook": biff_workbook(encrypted=True)}, "encrypted"),  # FILEPASS
        ({"__substg1.0_0037001F": "Rapat".encode("utf-16-le"), "__properties_version1.0": b"p"}, "email"),
        ({"VisioDocument": b"v"}, "old_office"),
    ],
    ids=["password-docx", "password-doc", "password-xls", "outlook-msg", "visio"],
)
def test_another_compound_file_says_what_it_is(streams: dict[str, bytes], found: str) -> None:
    data = compound_file(streams)
    verdict = check_upload(data, len(data), "lampiran.doc", max_bytes=LIMIT)
    assert (verdict.reason, verdict.details["found"]) == ("unsupported", found)


def test_a_document_stream_too_big_to_read_is_refused_as_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ole_documents

    monkeypatch.setattr(bot.ole_documents, "STREAM_MAX_BYTES", 5000)
    data = compound_file({"Workbook": biff_workbook().ljust(6000, b"\0")})
    assert check_upload(data, len(data), "besar.xls", max_bytes=LIMIT).details["found"] == "too_big"
    monkeypatch.setattr(bot.filetypes, "HEIF_MAX_BYTES", 100)
    photo = heic_photo()
    assert check_upload(photo, len(photo), "besar.heic", max_bytes=LIMIT).details["found"] == "too_big"


def test_a_password_protected_document_is_told_to_remove_the_password() -> None:
    data = compound_file({"EncryptionInfo": b"i", "EncryptedPackage": b"p"})
    verdict = check_upload(data, len(data), "laporan", max_bytes=LIMIT)
    assert t(verdict.text_key or "", "id", **verdict.text_values("id")).startswith(
        "Maaf, berkas ini tidak dapat diterima: isinya dokumen Office yang dilindungi kata sandi, sehingga isinya "
        "tidak dapat diperiksa. Hapus kata sandinya (atau simpan sebagai PDF), lalu kirim lagi.\n"
    )


def test_pptx_is_accepted_and_pptm_refused_as_a_presentation_with_macros() -> None:
    assert detect_type(make_pptx()) == PPTX
    pptm = make_pptx(PPTX_MAIN.replace("openxmlformats-officedocument.presentationml.presentation", "ms-powerpoint.presentation.macroEnabled"))
    verdict = check_upload(pptm, len(pptm), "profil.pptm", max_bytes=LIMIT)
    assert (verdict.reason, verdict.details) == ("macros", {"kind": "pptx"})
    project = zip_bytes([("ppt/vbaProject.bin", b"x"), ("ppt/presentation.xml", "<p/>")])
    assert check_upload(project, len(project), "a.pptx", max_bytes=LIMIT).details == {"kind": "pptx"}


# -- HEIC ------------------------------------------------------------------------------------------


def test_a_heic_photo_is_accepted_and_one_with_an_archive_appended_is_not() -> None:
    photo = heic_photo()
    assert detect_type(photo) == HEIC
    with_zip = photo + zip_bytes([("a.txt", "x")])
    assert check_upload(with_zip, len(with_zip), "a.heic", max_bytes=LIMIT).details["found"] == "image_heic"
    cut = photo[:40]
    assert check_upload(cut, len(cut), "a.heic", max_bytes=LIMIT).details["found"] == "image_heic"


def test_the_public_jpeg_of_a_heic_photo_carries_no_metadata() -> None:
    photo = heic_photo(gps=True)
    import pillow_heif

    assert b"Apple" in pillow_heif.open_heif(io.BytesIO(photo)).info["exif"]  # the photo has its EXIF
    jpeg = public_jpeg(photo)
    picture = Image.open(io.BytesIO(jpeg))
    assert (picture.format, picture.size) == ("JPEG", (64, 48))
    assert len(picture.getexif()) == 0 and "exif" not in picture.info and "xmp" not in picture.info
    assert b"Apple" not in jpeg and b"iPhone" not in jpeg
    assert picture.getpixel((10, 10)) == pytest.approx((200, 120, 40), abs=12)
    with pytest.raises(ValueError):
        public_jpeg(photo[:60])
