"""Sample files built in memory, shared by the tests: real minimal documents of each accepted type,
and files that only pretend to be one.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

# -- samples --------------------------------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)



def unique_pdf(tag: bytes | str, size: int = 0) -> bytes:
    """MINIMAL_PDF made unique by a comment with `tag` (padded up to about `size` bytes), put before
    its `%%EOF`: nothing but white space may follow that marker."""
    tag_bytes = tag.encode() if isinstance(tag, str) else tag
    comment = b"% " + tag_bytes + b"\n"
    if size > len(MINIMAL_PDF) + len(comment):
        comment += b"%" + b"0" * (size - len(MINIMAL_PDF) - len(comment) - 2) + b"\n"
    end = MINIMAL_PDF.rindex(b"%%EOF")
    return MINIMAL_PDF[:end] + comment + MINIMAL_PDF[end:]


_OOXML_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{target}"/></Relationships>'
)


def _content_types(part: str, content_type: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>{extra}</Types>'
    )


def zip_bytes(entries: list[tuple[str, str | bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def make_docx(
    main_type: str = DOCX_MAIN,
    *,
    extra_content_types: str = "",
    target: str = "word/document.xml",
    extra_entries: tuple[tuple[str, str | bytes], ...] = (),
) -> bytes:
    """A minimal DOCX; the keywords make hostile variants (a decoy content type, a relationship
    to another part, more entries such as a macro project)."""
    return zip_bytes(
        [
            ("[Content_Types].xml", _content_types("word/document.xml", main_type, extra_content_types)),
            ("_rels/.rels", _OOXML_RELS.format(target=target)),
            *extra_entries,
            (
                "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>Laporan Keuangan 2026</w:t></w:r></w:p></w:body></w:document>",
            ),
        ]
    )


XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def make_xlsx(
    main_type: str = XLSX_MAIN,
    *,
    extra_content_types: str = "",
    extra_entries: tuple[tuple[str, str | bytes], ...] = (),
) -> bytes:
    """A minimal XLSX; the keywords make hostile variants (see `make_docx`)."""
    return zip_bytes(
        [
            ("[Content_Types].xml", _content_types("xl/workbook.xml", main_type, extra_content_types)),
            ("_rels/.rels", _OOXML_RELS.format(target="xl/workbook.xml")),
            *extra_entries,
            (
                "xl/workbook.xml",
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheets><sheet name="Data" sheetId="1"/></sheets></workbook>',
            ),
            ("xl/worksheets/sheet1.xml", "<worksheet/>"),
        ]
    )


def make_odt(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes(
        [
            ("mimetype", mimetype),
            (
                "content.xml",
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            ),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
        ],
        stored_first=True,
    )


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


MINIMAL_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
MINIMAL_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64) + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"This program cannot be run"

CSV_COMMA = b"no,nama_informasi,unit,tahun\n1,Laporan Keuangan,BPKAD,2026\n2,Daftar Aset,BPKAD,2026\n"
CSV_SEMICOLON = (
    "Nama;Anggaran;Realisasi\nDinas Kesehatan;1.250.000,50;980.000\nDinas Pendidikan;2.000.000;1.500.000,25\n"
)
CSV_QUOTED = (
    'judul,ringkasan\r\n"Laporan, Tahunan","Berisi ringkasan, tabel\r\ndan grafik"\r\n'
    '"Data ""Aset""",Daftar barang milik daerah\r\n'
)
PROSE = (
    "Dengan hormat,\n"
    "Bersama surat ini kami sampaikan laporan pelaksanaan kegiatan bulan November, "
    "yang telah disusun oleh bidang terkait.\n"
    "Demikian kami sampaikan. Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.\n"
)
HTML = (
    "<!DOCTYPE html>\n<html lang=\"id\">\n<head><title>Laporan, 2026</title></head>\n"
    "<body><table><tr><td>a,b</td></tr><tr><td>c,d</td></tr></table></body>\n</html>\n"
)




def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX (body, tables, headers and footers), read back with python-docx,
    one per line: what a person reading the letter sees."""
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        lines.extend(paragraph.text for paragraph in section.header.paragraphs)
        lines.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(lines)
