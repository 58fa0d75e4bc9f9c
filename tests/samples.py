"""Sample files built in memory, shared by the tests: real minimal documents of each accepted type,
and files that only pretend to be one.
"""

from __future__ import annotations

import io
import struct
import uuid
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


PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def make_pptx(main_type: str = PPTX_MAIN) -> bytes:
    """A minimal PPTX (with PPTM's main type: a macro-enabled presentation)."""
    return zip_bytes(
        [
            ("[Content_Types].xml", _content_types("ppt/presentation.xml", main_type)),
            ("_rels/.rels", _OOXML_RELS.format(target="ppt/presentation.xml")),
            ("ppt/presentation.xml", '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'),
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


# -- Office 97-2003 (compound files) and photos ---------------------------------------------------

_CFB_SECTOR = 512
_CFB_END_OF_CHAIN = 0xFFFFFFFE
_CFB_FREE = 0xFFFFFFFF
_CFB_FAT_SECTOR = 0xFFFFFFFD
_CFB_NO_STREAM = 0xFFFFFFFF
_CFB_MINI_CUTOFF = 4096


def compound_file(streams: dict[str, bytes], root_clsid: bytes = bytes(16)) -> bytes:
    """A compound file ([MS-CFB] version 3) holding `streams` by path ("Macros/VBA/dir"), with the
    storages the paths name. Each stream is padded with zeros to 4096 bytes at least, so all live
    in normal sectors and no mini stream is needed; siblings are chained in the order [MS-CFB]
    sorts them. What Word, Excel or olefile read of such a file is what a writer of it wrote."""
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "children": [], "data": b""}]
    index_of = {"": 0}
    for path, content in streams.items():
        parts = path.split("/")
        for depth in range(len(parts)):
            key, parent = "/".join(parts[: depth + 1]), "/".join(parts[:depth])
            if key in index_of:
                continue
            stream = depth == len(parts) - 1
            index_of[key] = len(entries)
            entries.append({"name": parts[depth], "type": 2 if stream else 1, "children": [],
                            "data": content.ljust(_CFB_MINI_CUTOFF, b"\0") if stream else b""})
            children = entries[index_of[parent]]["children"]
            assert isinstance(children, list)
            children.append(index_of[key])
    body, fat = bytearray(), []
    for entry in entries:
        data = entry["data"]
        assert isinstance(data, bytes)
        entry["start"], entry["size"] = (_CFB_END_OF_CHAIN if entry["type"] == 5 else 0), 0
        if data:
            count = -(-len(data) // _CFB_SECTOR)
            entry["start"], entry["size"] = len(fat), len(data)
            fat += [*range(len(fat) + 1, len(fat) + count), _CFB_END_OF_CHAIN]
            body += data.ljust(count * _CFB_SECTOR, b"\0")
    links = {index: [_CFB_NO_STREAM, _CFB_NO_STREAM, _CFB_NO_STREAM] for index in range(len(entries))}  # left, right, child
    for index, entry in enumerate(entries):
        children = sorted(entry["children"], key=lambda i: (len(str(entries[i]["name"])), str(entries[i]["name"]).upper()))  # type: ignore[arg-type]
        if children:
            links[index][2] = children[0]
            for this, following in zip(children, children[1:]):
                links[this][1] = following
    directory = bytearray()
    for index, entry in enumerate(entries):
        name = str(entry["name"])
        left, right, child = links[index]
        clsid = root_clsid if entry["type"] == 5 else bytes(16)
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", name.encode("utf-16-le"), (len(name) + 1) * 2, entry["type"], 1,
            left, right, child, clsid, 0, 0, 0, entry["start"], entry["size"],
        )
    directory = directory.ljust(-(-len(directory) // _CFB_SECTOR) * _CFB_SECTOR, b"\0")
    directory_start = len(fat)
    directory_count = len(directory) // _CFB_SECTOR
    fat += [*range(len(fat) + 1, len(fat) + directory_count), _CFB_END_OF_CHAIN]
    fat_count = 1
    while len(fat) + fat_count > fat_count * (_CFB_SECTOR // 4):
        fat_count += 1
    fat_start = len(fat)
    fat += [_CFB_FAT_SECTOR] * fat_count
    fat += [_CFB_FREE] * (fat_count * (_CFB_SECTOR // 4) - len(fat))
    difat = [*range(fat_start, fat_start + fat_count)] + [_CFB_FREE] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, directory_start, 0, _CFB_MINI_CUTOFF, _CFB_END_OF_CHAIN, 0, _CFB_END_OF_CHAIN, 0,
    ) + struct.pack("<109I", *difat)
    return header + bytes(body) + bytes(directory) + struct.pack(f"<{len(fat)}I", *fat)


def summary_information(application: str) -> bytes:
    """A SummaryInformation stream ([MS-OLEPS]) naming the application that created the file
    (PIDSI_APPNAME, 0x12): what Office writes into every DOC, XLS and PPT."""
    value = application.encode("cp1252") + b"\0"
    value += bytes(-len(value) % 4)
    prop = struct.pack("<II", 0x1E, len(value)) + value  # VT_LPSTR
    section = struct.pack("<II", 8 + 8 + len(prop), 1) + struct.pack("<II", 0x12, 16) + prop
    fmtid = uuid.UUID("f29f85e0-4ff9-1068-ab91-08002b27b3d9").bytes_le
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, bytes(16), 1) + fmtid + struct.pack("<I", 48) + section


def with_vba_project(document: bytes, storage: str) -> bytes:
    """`document` (a DOC or XLS as LibreOffice wrote it, read with olefile) written again with a
    VBA project added in `storage`, where the program keeps it ("Macros" in Word,
    "_VBA_PROJECT_CUR" in Excel), laid out as [MS-OVBA] 2.2 says: the PROJECT stream (its text),
    VBA/_VBA_PROJECT (its header: a project without cached p-code), VBA/dir and a module stream,
    each a compressed container ([MS-OVBA] 2.4.1) of one raw chunk. A test built it, as no program
    on this machine writes VBA: the records in dir are placeholders, what a detector of macros
    sees first (the storage tree) is as Office writes it."""
    import olefile

    with olefile.OleFileIO(document) as ole:
        streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
        root_clsid = uuid.UUID(ole.root.clsid).bytes_le if ole.root.clsid else bytes(16)
    module = "ThisDocument" if storage == "Macros" else "ThisWorkbook"
    source = f'Attribute VB_Name = "{module}"\r\nSub AutoOpen()\r\n  Shell "calc.exe"\r\nEnd Sub\r\n'.encode("cp1252")
    streams[f"{storage}/PROJECT"] = f"ID=\"{{00000000-0000-0000-0000-000000000000}}\"\r\nDocument={module}/&H00000000\r\nName=\"Project\"\r\n".encode()
    streams[f"{storage}/VBA/_VBA_PROJECT"] = b"\xcc\x61\xff\xff\x00\x00\x00"
    streams[f"{storage}/VBA/dir"] = _vba_container(b"\x01\x00\x04\x00\x00\x00\x01\x00\x00\x00")  # PROJECTSYSKIND: Win32
    streams[f"{storage}/VBA/{module}"] = _vba_container(source)
    return compound_file(streams, root_clsid)


def _vba_container(data: bytes) -> bytes:
    """[MS-OVBA] 2.4.1: a compressed container holding `data` (under 4096 bytes) as one raw chunk."""
    assert len(data) <= 4096
    chunk = data.ljust(4096, b"\0")
    return b"\x01" + struct.pack("<H", 0x3000 | (len(chunk) + 2 - 3)) + chunk


def with_macro_sheet(xls: bytes) -> bytes:
    """An XLS as LibreOffice wrote it, its first sheet typed an Excel 4.0 macro sheet (the sheet
    type byte of its BOUNDSHEET record, [MS-XLS] 2.4.28, set to 1): what Excel reads to run a
    sheet's XLM formulas (an Auto_Open). Rewritten in place with olefile, same size."""
    import olefile

    buffer = io.BytesIO(xls)
    with olefile.OleFileIO(buffer, write_mode=True) as ole:
        workbook = bytearray(ole.openstream("Workbook").read())
        offset = 0
        while offset + 4 <= len(workbook):
            record, length = struct.unpack_from("<HH", workbook, offset)
            if record == 0x0085:
                workbook[offset + 4 + 5] = 0x01
                break
            offset += 4 + length
        else:
            raise AssertionError("no BOUNDSHEET record")
        ole.write_stream("Workbook", bytes(workbook))
    return buffer.getvalue()


def heic_photo(*, gps: bool = False, size: tuple[int, int] = (64, 48)) -> bytes:
    """A HEIC photo as pillow-heif encodes it, with EXIF like a phone's (the camera, and with
    `gps` where it was taken: 0°10' S, 109°20' E)."""
    import pillow_heif
    from PIL import Image

    picture = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    if gps:
        location = exif.get_ifd(0x8825)
        location.update({1: "S", 2: (0.0, 10.0, 0.0), 3: "E", 4: (109.0, 20.0, 0.0)})
    out = io.BytesIO()
    pillow_heif.from_pillow(picture).save(out, quality=70, exif=exif.tobytes())
    return out.getvalue()
