"""What kind of file someone uploaded, judged by its content, and whether the bot accepts it.

Staff send drafts (PDF, Word, PowerPoint, OpenDocument, and Office 97-2003's DOC, XLS, PPT), data
files (Excel, CSV) and scans and photos (JPEG, PNG, an iPhone's HEIC) from their phones. A file's name is only a hint: the type is read from the bytes, so an `.exe` renamed `.pdf`
is refused, and a `laporan.pdf` that is really a Word document is accepted as DOCX with
`name_matches` False so the bot can say so; it then goes on only as `laporan.docx`
(`outgoing_name`), never under the name it came with.

- `check_size` answers before downloading, from the size Telegram reports.
- `inspect_file` looks at the content, from a seekable handle on the file and its size, never
  holding the file whole (head and tail by seeking, a ZIP's directory through `zipfile`);
  `inspect_content` is the same for bytes in memory (`detect_type` gives just the accepted type):
  - PDF: `%PDF-` at byte 0 and, after the last `%%EOF`, nothing but whitespace, and no ZIP end
    record in its tail (a PDF with HTML or a ZIP appended is refused, `pdf_trailing`);
  - JPEG and PNG: their signatures, and no ZIP end record in their tail (a ZIP appended);
  - HEIC: an `ftyp` box with HEIF's brands that libheif reads (`bot.heif_images`), and no ZIP
    end record in its tail;
  - DOC, XLS, PPT: OLE compound files read with olefile (`bot.ole_documents`), refused with a VBA
    project, an Excel 4.0 macro sheet or PowerPoint's macro flag (`macros`); a password-protected
    one, an Outlook message or an installer is named for what it is;
  - DOCX, XLSX, PPTX, ODT, ODS, ODP: the ZIP's size is read from its end-of-central-directory record before
    anything is parsed (more than `ZIP_MAX_ENTRIES` entries or a central directory over
    `ZIP_MAX_DIRECTORY_BYTES`: `archive_entries`; more than `ZIP_MAX_UNPACKED_BYTES` declared
    unpacked: `archive_size`); then at most two small entries are read, each with a cap:
    `[Content_Types].xml` and `_rels/.rels` (OOXML) or `mimetype` (ODF, exactly one of its text,
    spreadsheet, presentation types). The main part is the one the package relationship points
    to, and its own content type (its Override, else its extension's Default) must be exactly the
    Word, Excel or PowerPoint document type; a macro project
    (`vbaProject.bin` anywhere, a macro-enabled content type, ODF `Basic/` or `Scripts/`) is
    refused (`macros`, naming what it is: `MACRO_KINDS`), and so is a relationship to a target outside the package other than a
    hyperlink (a remote template or object, fetched on opening: `external`). Nothing is ever
    extracted, so ZIP bombs are harmless;
  - CSV: clean text (UTF-8 with or without BOM, cp1252, or UTF-16 with its BOM as Excel's
    "Unicode Text" writes it) that reads as a table (a consistent delimiter; or rows that dropped
    their empty trailing cells under a header as wide as any; or one column), no markup
    (HTML, SVG, XML, script tags anywhere, JSON) and no cell that a spreadsheet would run as a
    formula (`bot.spreadsheets.runs_as_formula`: `formula`, naming the row and column), read at
    its own delimiter and at every other one Excel may split it at (its locale's, a `sep=` line); nor text
    starting with "ID", which Excel opens as a SYLK file whatever its name, whose records can run
    commands (`sylk`).
  The CSV text is read as a stream, decoded a chunk at a time, in bounded memory whatever its
  size (a sample of its start for the delimiter, one line at a time after; a line over a
  megabyte is no table's). The work is bounded, but a 20 MB file still takes a moment: callers on
  an event loop run it in a worker thread (`asyncio.to_thread`).
- `check_file` gives the verdict for a downloaded file on disk (`check_upload` for bytes, or for
  the size alone before downloading): accepted (type and sha256) or refused
  with a reason key (`RefusalReason`) whose text is `file_refused_<reason>` in `bot.texts.files`.
  A file that is none of the accepted types says what it is instead (`what_it_is`: a program, an
  archive, a GIF or ICO picture, an RTF document, a web page, plain text, ...) and what to send
  instead where that is clear and, when its name claims an accepted type, that it is no
  valid one of those (`file_refused_not_genuine`: "berkas ini bukan PDF yang sah").
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import posixpath
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO, Literal
from xml.etree import ElementTree

from bot.heif_images import HEIF_MAX_BYTES, is_avif_head, is_heif_head, is_heif_image
from bot.ole_documents import OLE_SIGNATURE, read_ole
from bot.spreadsheets import runs_as_formula
from bot.texts import raw

RefusalReason = Literal[
    "empty",
    "too_large",
    "unsupported",
    "duplicate",
    "pdf_trailing",
    "macros",
    "external",
    "archive_entries",
    "archive_size",
    "formula",
    "sylk",
]


@dataclass(frozen=True)
class FileType:
    """An accepted kind of file."""

    key: str
    extension: str
    mime_type: str
    label: str
    label_en: str
    other_extensions: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every file-name ending that fits this type, the usual one first."""
        return (self.extension, *self.other_extensions)

    def display(self, language: str = "id") -> str:
        """The name people read: "Dokumen Word (DOCX)" / "Word document (DOCX)"."""
        return self.label_en if language == "en" else self.label


PDF = FileType("pdf", ".pdf", "application/pdf", "PDF", "PDF")
DOCX = FileType(
    "docx",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Dokumen Word (DOCX)",
    "Word document (DOCX)",
)
XLSX = FileType(
    "xlsx",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Lembar kerja Excel (XLSX)",
    "Excel spreadsheet (XLSX)",
)
ODT = FileType(
    "odt",
    ".odt",
    "application/vnd.oasis.opendocument.text",
    "Dokumen OpenDocument (ODT)",
    "OpenDocument text (ODT)",
)
ODS = FileType(
    "ods",
    ".ods",
    "application/vnd.oasis.opendocument.spreadsheet",
    "Lembar kerja OpenDocument (ODS)",
    "OpenDocument spreadsheet (ODS)",
)
ODP = FileType(
    "odp",
    ".odp",
    "application/vnd.oasis.opendocument.presentation",
    "Presentasi OpenDocument (ODP)",
    "OpenDocument presentation (ODP)",
)
PPTX = FileType(
    "pptx",
    ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "Presentasi PowerPoint (PPTX)",
    "PowerPoint presentation (PPTX)",
)
DOC = FileType("doc", ".doc", "application/msword", "Dokumen Word 97-2003 (DOC)", "Word 97-2003 document (DOC)")
XLS = FileType(
    "xls", ".xls", "application/vnd.ms-excel", "Lembar kerja Excel 97-2003 (XLS)", "Excel 97-2003 spreadsheet (XLS)"
)
PPT = FileType(
    "ppt",
    ".ppt",
    "application/vnd.ms-powerpoint",
    "Presentasi PowerPoint 97-2003 (PPT)",
    "PowerPoint 97-2003 presentation (PPT)",
)
CSV = FileType("csv", ".csv", "text/csv", "Data CSV", "CSV data")
JPG = FileType("jpg", ".jpg", "image/jpeg", "Gambar JPEG", "JPEG image", (".jpeg", ".jpe"))
PNG = FileType("png", ".png", "image/png", "Gambar PNG", "PNG image")
HEIC = FileType("heic", ".heic", "image/heic", "Foto HEIC (iPhone)", "HEIC photo (iPhone)", (".heif", ".hif"))

FILE_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT, CSV, JPG, PNG, HEIC)
# The 97-2003 kinds `bot.ole_documents` tells apart.
_OLE_TYPES: dict[str, FileType] = {"doc": DOC, "xls": XLS, "ppt": PPT}
FILE_TYPES_BY_KEY: dict[str, FileType] = {file_type.key: file_type for file_type in FILE_TYPES}

MIB = 1024 * 1024

# -- ZIP-based documents: sized from the end record, then two or three small entries read ---------
ZIP_MAX_ENTRIES = 10_000
# zipfile parses the whole central directory on open, whatever the entry count claims: this bounds
# that work (at least 46 bytes per entry: some 45,000 entries at most, a fraction of a second).
ZIP_MAX_DIRECTORY_BYTES = 2 * MIB
ZIP_MAX_UNPACKED_BYTES = 256 * MIB  # declared, all entries together: anything more is a bomb
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_EOCD_SEARCH = _EOCD_SIZE + 0xFFFF  # the record, then a comment of up to 65,535 bytes
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP64_EOCD_SIZE = 56
_MIMETYPE_MAX_BYTES = 256
_CONTENT_TYPES_MAX_BYTES = 1 * MIB
_RELATIONSHIPS_MAX_BYTES = 256 * 1024
_ODF_MIMETYPES: dict[bytes, FileType] = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}
_OOXML_MAIN_TYPES: dict[str, FileType] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_CONVENTIONAL_MAIN_PARTS = ("/word/document.xml", "/xl/workbook.xml", "/ppt/presentation.xml")
_OFFICE_DOCUMENT_RELATIONSHIP = "/officeDocument"  # transitional and strict relationship types end so
_MACRO_PART_NAME = "vbaproject.bin"
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject")
_ODF_MACRO_FOLDERS = ("basic/", "scripts/")
# A document refused for macros is named by the kind its macro-free twin is: `file_macros_kind_<kind>`
# in `bot.texts.files` says what it is ("dokumen Word dengan makro (DOCM)"), and the type named here
# is what to send instead ("office": a macro project in an unknown package; send a PDF).
MACRO_KINDS: dict[str, FileType] = {
    "docx": DOCX, "xlsx": XLSX, "pptx": PPTX, "odt": ODT, "ods": ODS, "odp": ODP,
    "doc": DOCX, "xls": XLSX, "ppt": PPTX, "office": PDF,
}
_OOXML_FOLDER_KINDS = {"word": "docx", "xl": "xlsx", "ppt": "pptx"}  # where each program keeps its parts
_MACRO_PROGRAMS = (("ms-word", "docx"), ("ms-excel", "xlsx"), ("ms-powerpoint", "pptx"))  # in a content type
# An OOXML relationship to a target outside the package is fetched when the file is opened (a
# remote template carrying macros, an OLE object, a frame): only a hyperlink, which opens only
# when clicked, may point outside. More relationship parts than this: not a document we take.
_EXTERNAL_ALLOWED_TYPES = ("/hyperlink",)
_RELATIONSHIP_PARTS_MAX = 500
_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

# -- CSV ------------------------------------------------------------------------------------------
_CSV_DELIMITERS = (",", ";", "\t")
_CSV_SAMPLE_CHARS = 256 * 1024
_CSV_READ_BYTES = 64 * 1024
_CSV_MAX_LINE_CHARS = 1024 * 1024
_MARKUP_OVERLAP_CHARS = 64
_TEXT_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LINE_END = re.compile(r"\r\n|\n|\r")
_CSV_CONSISTENT_SHARE = 0.8
_CSV_CELL_SHOWN = 40
_FORBIDDEN_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
# HTML/XML/SVG or JSON: structured text that is not a table, whatever its commas.
_MARKUP_OR_JSON_START = re.compile(r"\s*(<[!?a-zA-Z/]|[{\[])")
# Markup a browser or viewer would act on, anywhere in the text (after a harmless first line too).
_MARKUP_ANYWHERE = re.compile(
    r"<\s*/?\s*(!doctype|\?xml|\?php|%|html|head|body|script|iframe|frame|object|embed|svg|math|meta|link"
    r"|style|form|img|base|applet|template)\b",
    re.IGNORECASE,
)
# Excel reads any text file that starts with these two letters as SYLK, not as CSV.
_SYLK_START = "ID"
_PROSE_WORDS_PER_LINE = 6
_SENTENCE_END = re.compile(r"[.!?]['\")]*$")

# The first bytes every check starts from: signatures, and the sample `what_it_is` reads.
_HEAD_BYTES = 64 * 1024
_TAIL_CHUNK_BYTES = 64 * 1024

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PDF_HEADER = re.compile(rb"%PDF-\d")
_PDF_END = b"%%EOF"
_PDF_WHITESPACE = b"\x00\t\n\x0c\r "  # the white-space characters of PDF (ISO 32000-1, 7.2.2)
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
# What reading a broken, truncated, encrypted or exotic archive may raise.
_ZIP_READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    KeyError,
    IndexError,
    OverflowError,
    ElementTree.ParseError,
)


@dataclass(frozen=True)
class Inspection:
    """What the content is: an accepted type, or why it is refused (`reason`, with the
    placeholders of its refusal text in `details`)."""

    file_type: FileType | None
    reason: RefusalReason | None = None
    details: Mapping[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.file_type is not None and self.reason is None


class _Refused(Exception):
    """Raised inside the checks: the content is refused for `reason`."""

    def __init__(self, reason: RefusalReason, **details: str) -> None:
        super().__init__(reason)
        self.reason: RefusalReason = reason
        self.details = details


_UNSUPPORTED = Inspection(None, "unsupported")


def detect_type(data: bytes) -> FileType | None:
    """The accepted type `data` really is, or None (empty, executable, other ZIP, prose, HTML,
    a macro document, a PDF with something appended, a CSV with formulas, ...)."""
    inspection = inspect_content(data)
    return inspection.file_type if inspection.accepted else None


def inspect_content(data: bytes) -> Inspection:
    """`inspect_file` for bytes already in memory."""
    return inspect_file(io.BytesIO(data), len(data))


def inspect_file(handle: BinaryIO, size: int) -> Inspection:
    """Judge the file open in `handle` (binary, seekable; `size` bytes) by its content: its
    accepted type, or the reason it is refused; refused as none of the accepted types,
    `details["found"]` says what it is instead (`what_it_is`). Reads the head, the tail and, for
    a ZIP, its directory and small entries: never the whole file (but for CSV, see above)."""
    inspection = _inspect(handle, size)
    if inspection.reason == "unsupported" and "found" not in inspection.details:
        return Inspection(None, "unsupported", {**inspection.details, "found": what_it_is(handle, size)})
    return inspection


def _read_at(handle: BinaryIO, offset: int, count: int) -> bytes:
    """Up to `count` bytes of the file from `offset` (none for a count below one: `read(-1)`
    would read it all)."""
    if count <= 0:
        return b""
    handle.seek(offset)
    return handle.read(count)


def _inspect(handle: BinaryIO, size: int) -> Inspection:
    if size <= 0:
        return Inspection(None, "empty")
    head = _read_at(handle, 0, _HEAD_BYTES)
    try:
        if _PDF_HEADER.match(head):
            _check_pdf_end(handle, size)
            return Inspection(PDF)
        if head.startswith((_JPEG_SIGNATURE, _PNG_SIGNATURE)):
            if zipfile.is_zipfile(handle):
                return _UNSUPPORTED  # a picture and an archive at once (a ZIP appended): neither
            return Inspection(JPG if head.startswith(_JPEG_SIGNATURE) else PNG)
        if head.startswith(OLE_SIGNATURE):
            return _ole_inspection(handle)
        if is_heif_head(head):
            if size > HEIF_MAX_BYTES:
                return Inspection(None, "unsupported", {"found": "too_big"})
            if zipfile.is_zipfile(handle) or not is_heif_image(handle):
                return _UNSUPPORTED
            return Inspection(HEIC)
        if head.startswith(_ZIP_LOCAL_HEADER):
            file_type = _zip_document_type(handle, size)
        else:
            file_type = _csv_type_of(handle, size, head)
    except _Refused as refused:
        return Inspection(None, refused.reason, refused.details)
    return _UNSUPPORTED if file_type is None else Inspection(file_type)


def _ole_inspection(handle: BinaryIO) -> Inspection:
    """DOC, XLS or PPT (`bot.ole_documents`), refused with macros; another compound file is
    refused, saying what it is (password-protected, an Outlook message, an installer, ...)."""
    document = read_ole(handle)
    if document is None:
        return Inspection(None, "unsupported", {"found": "old_office"})
    if document.macros:
        program = {"program": document.program} if document.program else {}
        return Inspection(None, "macros", {"kind": document.kind or "office", **program})
    if document.kind is None:
        return Inspection(None, "unsupported", {"found": document.other or "old_office"})
    return Inspection(_OLE_TYPES[document.kind])


def _check_pdf_end(handle: BinaryIO, size: int) -> None:
    """A PDF ends at its last `%%EOF`: only white space may follow (no HTML, no ZIP). Nor may a ZIP
    end record sit in its last 64 KB: a ZIP appended with "%%EOF" as its archive comment still
    ends in "%%EOF", and every ZIP reader opens it."""
    end = _end_of_content(handle, size)
    if end < len(_PDF_END) or _read_at(handle, end - len(_PDF_END), len(_PDF_END)) != _PDF_END:
        raise _Refused("pdf_trailing")
    if zipfile.is_zipfile(handle):
        raise _Refused("pdf_trailing")


def _end_of_content(handle: BinaryIO, size: int) -> int:
    """The offset just past the file's last byte that is not PDF white space (0: all white space),
    read backwards from the end a chunk at a time."""
    end = size
    while end > 0:
        start = max(0, end - _TAIL_CHUNK_BYTES)
        content = _read_at(handle, start, end - start).rstrip(_PDF_WHITESPACE)
        if content:
            return start + len(content)
        end = start
    return 0


# -- what a refused file is instead --------------------------------------------------------------

# The codes of `what_it_is`; each has its text `file_found_<code>` in `bot.texts.files`.
FoundKind = Literal[
    "program", "old_office", "encrypted", "email", "too_big", "office_other", "rtf", "archive", "image_with_archive",
    "image_gif", "image_webp", "image_tiff", "image_bmp", "image_ico", "image_avif", "image_heic",
    "video", "web_page", "text", "unknown",
]
_PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!", b"dex\n")
_ARCHIVE_SIGNATURES = (b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
_IMAGE_SIGNATURES: tuple[tuple[bytes, FoundKind], ...] = (
    (b"GIF87a", "image_gif"), (b"GIF89a", "image_gif"), (b"II*\x00", "image_tiff"), (b"MM\x00*", "image_tiff"),
)
_RTF_SIGNATURE = b"{\\rtf"
_OFFICE_PACKAGE_MARKERS = (b"[Content_Types].xml", b"mimetypeapplication/vnd.oasis")
_FOUND_SAMPLE_BYTES = 64 * 1024


def what_it_is(handle: BinaryIO, size: int) -> FoundKind:
    """What a file that is none of the accepted types is, as far as its first bytes tell (and, for
    a ZIP, the names in its directory at the end): so its refusal can say why in its own terms
    ("isinya program komputer")."""
    data = _read_at(handle, 0, _FOUND_SAMPLE_BYTES)
    if data.startswith(_PROGRAM_SIGNATURES):
        return "program"
    if data.startswith(OLE_SIGNATURE):
        document = read_ole(handle)
        return "old_office" if document is None or document.other is None else document.other
    if data.startswith(_ZIP_LOCAL_HEADER):
        tail_start = max(_FOUND_SAMPLE_BYTES, size - ZIP_MAX_DIRECTORY_BYTES - _EOCD_SEARCH)
        names = data + _read_at(handle, tail_start, size - tail_start)  # the entries' names, first and in the directory
        return "office_other" if any(marker in names for marker in _OFFICE_PACKAGE_MARKERS) else "archive"
    if data.startswith(_ARCHIVE_SIGNATURES):
        return "archive"
    if data.startswith((_JPEG_SIGNATURE, _PNG_SIGNATURE)):
        return "image_with_archive"
    if data.startswith(_RTF_SIGNATURE):
        return "rtf"
    image = next((kind for signature, kind in _IMAGE_SIGNATURES if data.startswith(signature)), None)
    if image is not None:
        return image
    # BMP and ICO have short signatures: their reserved zero fields too, so "BMKG;..." stays text.
    if data[:2] == b"BM" and data[6:10] == bytes(4):
        return "image_bmp"
    if data[:4] == b"\x00\x00\x01\x00" and data[4:6] != bytes(2):
        return "image_ico"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image_webp"
    if data[4:8] == b"ftyp":
        if is_heif_head(data):
            return "image_heic"  # one libheif could not read, or with an archive appended
        return "image_avif" if is_avif_head(data) else "video"
    text = _sample_text(data)
    if text is None or _FORBIDDEN_CONTROLS.search(text):
        return "unknown"
    if _MARKUP_OR_JSON_START.match(text) or _MARKUP_ANYWHERE.search(text):
        return "web_page"
    return "text"


def claimed_type(file_name: str | None) -> FileType | None:
    """The accepted type a file's name claims by its extension ("laporan.pdf": PDF), or None."""
    extension = extension_of(file_name)
    return next((file_type for file_type in FILE_TYPES if extension and extension in file_type.extensions), None)


# -- ZIP ------------------------------------------------------------------------------------------


def zip_directory_size(handle: BinaryIO, size: int) -> tuple[int, int] | None:
    """(entries, central directory bytes) as the end records of a ZIP state them, found as
    `zipfile` finds them (so these are the numbers it will use): the end record in the last 22
    bytes, else the last one within a comment's reach; then, if a ZIP64 locator sits right before
    it, its ZIP64 record overrides it. None when there is no end record. Reads the tail only."""
    tail_start = max(0, size - _EOCD_SEARCH)
    tail = _read_at(handle, tail_start, size - tail_start)
    position = len(tail) - _EOCD_SIZE
    if position < 0 or tail[position : position + 4] != _EOCD or tail[-2:] != b"\x00\x00":
        position = tail.rfind(_EOCD)
        if position < 0 or len(tail) - position < _EOCD_SIZE:
            return None
    entries, directory_size = struct.unpack_from("<10xHI", tail, position)
    locator = tail_start + position - _ZIP64_LOCATOR_SIZE
    locator_record = _read_at(handle, locator, _ZIP64_LOCATOR_SIZE) if locator >= 0 else b""
    if locator_record[:4] != _ZIP64_LOCATOR:
        return entries, directory_size
    # The ZIP64 record right before the locator (what zipfile reads) or where the locator points
    # (what other readers, and later Pythons, may read): the larger claim bounds the work.
    (pointed,) = struct.unpack_from("<8xQ", locator_record)
    records = [
        _read_at(handle, offset, _ZIP64_EOCD_SIZE)
        for offset in {locator - _ZIP64_EOCD_SIZE, pointed}
        if 0 <= offset <= size - _ZIP64_EOCD_SIZE
    ]
    zip64 = [struct.unpack_from("<32xQQ", record) for record in records if record[:4] == _ZIP64_EOCD]
    if not zip64:
        return entries, directory_size
    return max(count for count, _ in zip64), max(size for _, size in zip64)


def _check_zip_size(handle: BinaryIO, size: int) -> None:
    """Refuse, before zipfile parses anything, an archive with too many entries."""
    stated = zip_directory_size(handle, size)
    if stated is None:
        raise _Refused("unsupported")
    entries, directory_bytes = stated
    if entries > ZIP_MAX_ENTRIES or directory_bytes > ZIP_MAX_DIRECTORY_BYTES:
        raise _too_many_entries(entries)


def _too_many_entries(count: int) -> _Refused:
    return _Refused("archive_entries", count=str(count), limit=str(ZIP_MAX_ENTRIES))


def _zip_document_type(handle: BinaryIO, size: int) -> FileType | None:
    """DOCX, XLSX or ODT from the ZIP's directory and its small type entries; None otherwise."""
    _check_zip_size(handle, size)
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            if not infos:
                return None
            if len(infos) > ZIP_MAX_ENTRIES:  # the end record understated them
                raise _too_many_entries(len(infos))
            if sum(info.file_size for info in infos) > ZIP_MAX_UNPACKED_BYTES:
                raise _Refused("archive_size", limit_unpacked_mb=str(ZIP_MAX_UNPACKED_BYTES // MIB))
            by_name: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                name = info.filename.lower()  # part names are case-insensitive
                if name in by_name:
                    return None  # two entries of one name: which one a reader takes is anyone's guess
                by_name[name] = info
            macro_part = next((name for name in by_name if PurePosixPath(name).name == _MACRO_PART_NAME), None)
            if macro_part is not None:
                raise _macros(_OOXML_FOLDER_KINDS.get(macro_part.split("/", 1)[0], "office"))
            if "mimetype" in by_name:
                return _odf_type(archive, by_name)
            return _ooxml_type(archive, by_name)
    except _ZIP_READ_ERRORS:
        # Broken, truncated, encrypted or exotic archives are simply not an accepted document.
        return None


def _odf_type(archive: zipfile.ZipFile, by_name: Mapping[str, zipfile.ZipInfo]) -> FileType | None:
    """ODT, ODS or ODP by the package's `mimetype` entry, exactly; refused with a macro folder."""
    mimetype = _read_small(archive, by_name["mimetype"], _MIMETYPE_MAX_BYTES)
    file_type = None if mimetype is None else _ODF_MIMETYPES.get(mimetype.strip())
    if file_type is not None and any(name.startswith(_ODF_MACRO_FOLDERS) for name in by_name):
        raise _macros(file_type.key)
    return file_type


def _macros(kind: str) -> _Refused:
    """The refusal of a document with macros; `kind` names it (`MACRO_KINDS`)."""
    return _Refused("macros", kind=kind)


def _ooxml_type(archive: zipfile.ZipFile, by_name: Mapping[str, zipfile.ZipInfo]) -> FileType | None:
    """DOCX or XLSX by the content type of the part the package relationship names as the
    document: exactly, so a decoy entry elsewhere in `[Content_Types].xml` changes nothing."""
    content_types_info = by_name.get("[content_types].xml")
    if content_types_info is None:
        return None
    content_types = _read_xml(archive, content_types_info, _CONTENT_TYPES_MAX_BYTES)
    if content_types is None:
        return None
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in content_types:
        kind = _local_name(element.tag)
        content_type = element.get("ContentType", "")
        if any(marker in content_type.lower() for marker in _MACRO_CONTENT_TYPES):
            raise _macros(next((kind for program, kind in _MACRO_PROGRAMS if program in content_type.lower()), "office"))
        if kind == "Default":
            key, table = element.get("Extension", "").lower(), defaults
        elif kind == "Override":
            key, table = element.get("PartName", "").lower(), overrides
        else:
            continue
        if not key or key in table:
            return None  # a part typed twice: ambiguous
        table[key] = content_type
    main = _main_part(archive, by_name)
    if main is None or main.lstrip("/") not in by_name:
        return None
    content_type = overrides.get(main) or defaults.get(PurePosixPath(main).suffix.lstrip("."), "")
    file_type = _OOXML_MAIN_TYPES.get(content_type)
    if file_type is not None and not _relationships_stay_inside(archive, by_name):
        return None
    return file_type


def _relationships_stay_inside(archive: zipfile.ZipFile, by_name: Mapping[str, zipfile.ZipInfo]) -> bool:
    """True when no relationship of the package points outside it but hyperlinks; raises `external`
    for one that does; False when the relationship parts are too many or unreadable."""
    parts = [info for name, info in by_name.items() if name.endswith(".rels")]
    if len(parts) > _RELATIONSHIP_PARTS_MAX:
        return False
    for info in parts:
        relationships = _read_xml(archive, info, _RELATIONSHIPS_MAX_BYTES)
        if relationships is None:
            return False
        for element in relationships:
            if _local_name(element.tag) != "Relationship":
                continue
            if element.get("TargetMode", "Internal").lower() != "external":
                continue
            if not element.get("Type", "").endswith(_EXTERNAL_ALLOWED_TYPES):
                raise _Refused("external")
    return True


def _main_part(archive: zipfile.ZipFile, by_name: Mapping[str, zipfile.ZipInfo]) -> str | None:
    """The part name ("/word/document.xml", lower case) of the package's one office document: the
    target of the package relationship (`_rels/.rels`); without one, the one conventional main part
    present (no Office program opens such a package, but a hand-made one may lack it)."""
    relationships_info = by_name.get("_rels/.rels")
    if relationships_info is None:
        present = [part for part in _CONVENTIONAL_MAIN_PARTS if part.lstrip("/") in by_name]
        return present[0] if len(present) == 1 else None
    relationships = _read_xml(archive, relationships_info, _RELATIONSHIPS_MAX_BYTES)
    if relationships is None:
        return None
    targets = [
        element.get("Target", "")
        for element in relationships
        if _local_name(element.tag) == "Relationship"
        and element.get("Type", "").endswith(_OFFICE_DOCUMENT_RELATIONSHIP)
        and element.get("TargetMode", "Internal") == "Internal"
    ]
    if len(targets) != 1 or not targets[0]:
        return None
    part = posixpath.normpath("/" + targets[0].lstrip("/"))
    return None if part.startswith("//") or ".." in part.split("/") else part.lower()


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _read_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> ElementTree.Element | None:
    """A small XML entry, parsed; None if too big or carrying a DTD (no entities, ever)."""
    content = _read_small(archive, info, limit)
    if content is None or _XML_DECLARATIONS.search(content):
        return None
    return ElementTree.fromstring(content)


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """An entry's bytes if it is at most `limit` bytes, declared and real; else None."""
    if info.file_size > limit or info.compress_size > limit:
        return None
    with archive.open(info) as entry:
        content = entry.read(limit + 1)
    return content if len(content) <= limit else None


# -- CSV ------------------------------------------------------------------------------------------


class _NotTable(Exception):
    """Raised inside the CSV reading: the content is not clean text, or no table."""


def _text_encoding(head: bytes) -> tuple[str, int]:
    """The codec a text file is read with, by its byte-order mark (UTF-8, UTF-16 as Excel's
    "Unicode Text" writes it), and the mark's length; UTF-8 without a mark."""
    for bom, codec in _TEXT_BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def _text_chunks(handle: BinaryIO, size: int, codec: str, start: int) -> Iterator[str]:
    """The file's text from byte `start`, decoded a chunk at a time (raises UnicodeDecodeError).
    Each chunk is read by seeking, so several of these may run over one handle in turn."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset = start
    while offset < size:
        data = _read_at(handle, offset, min(_CSV_READ_BYTES, size - offset))
        if not data:
            break
        offset += len(data)
        text = decoder.decode(data, final=offset >= size)
        if text:
            yield text
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


def _text_lines(chunks: Iterator[str]) -> Iterator[str]:
    """The lines of the text, each with its end ("\\n", "\\r\\n" or "\\r", as `newline=""` keeps
    them for `csv`); a line longer than `_CSV_MAX_LINE_CHARS` is no table's (`_NotTable`)."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        start = 0
        for end in _LINE_END.finditer(pending):
            if end.group() == "\r" and end.end() == len(pending):
                break  # its "\n" may open the next chunk
            yield pending[start : end.end()]
            start = end.end()
        pending = pending[start:]
        if len(pending) > _CSV_MAX_LINE_CHARS:
            raise _NotTable
    if pending:
        yield pending


def _sample_text(data: bytes) -> str | None:
    """The first bytes of a file as text (by its byte-order mark, else UTF-8, else cp1252), a
    character cut at the end left out; None when they are no text of those encodings."""
    codec, skip = _text_encoding(data)
    for candidate in (codec, "cp1252") if skip == 0 else (codec,):
        try:
            return codecs.getincrementaldecoder(candidate)(errors="strict").decode(data[skip:], final=False)
        except UnicodeDecodeError:
            continue
    return None


def _csv_type_of(handle: BinaryIO, size: int, head: bytes) -> FileType | None:
    """CSV when the file is clean text that reads as a table, holds no markup, and no cell of it
    would run as a formula (refused, naming the first such cell); None when it is no table.

    Read as a stream, in bounded memory whatever its size: a first pass checks every character
    (no control characters, no markup anywhere; UTF-8 that fails to decode is read again as
    cp1252) and keeps the first `_CSV_SAMPLE_CHARS` characters, from which the delimiter is
    judged; then one pass per delimiter Excel may split it at looks for formulas."""
    codec, skip = _text_encoding(head)
    try:
        try:
            sample, truncated = _validated_sample(handle, size, codec, skip)
        except UnicodeDecodeError:
            if skip:
                return None  # a byte-order mark, and then no text of that encoding
            codec = "cp1252"
            sample, truncated = _validated_sample(handle, size, codec, skip)
    except (UnicodeDecodeError, _NotTable):
        return None
    if _MARKUP_OR_JSON_START.match(sample):
        return None
    if sample.startswith(_SYLK_START):
        raise _Refused("sylk")
    delimiter = _table_delimiter(sample, truncated)
    if delimiter is None:
        return None
    # Excel splits a CSV at the list separator of the computer's locale (";" in Indonesian, ","
    # in English), or at the one a "sep=" first line names, not at the delimiter read here: a cell
    # is a formula if it starts one under any of those readings.
    # Read another way, a cell is judged up to the delimiter read here ("+5,x" split at ";" is
    # the plain number +5 followed by more text, not a formula).
    try:
        _check_formulas(_text_lines(_text_chunks(handle, size, codec, skip)), delimiter)
        for reading in dict.fromkeys((*_CSV_DELIMITERS, *_sep_directive(sample))):
            if reading != delimiter:
                _check_formulas(_text_lines(_text_chunks(handle, size, codec, skip)), reading, cut_at=delimiter)
    except (UnicodeDecodeError, _NotTable):
        return None
    return CSV


def _validated_sample(handle: BinaryIO, size: int, codec: str, skip: int) -> tuple[str, bool]:
    """The first pass over the text: raises `_NotTable` at the first control character or markup
    (so a binary file is dropped after its first chunk); the first `_CSV_SAMPLE_CHARS`
    characters, and whether there was more."""
    parts: list[str] = []
    kept = 0
    truncated = False
    overlap = ""  # the end of the chunk before: a tag cut between two chunks is still found
    for chunk in _text_chunks(handle, size, codec, skip):
        if _FORBIDDEN_CONTROLS.search(chunk) or _C1_CONTROLS.search(chunk):
            raise _NotTable
        if _MARKUP_ANYWHERE.search(overlap + chunk):
            raise _NotTable
        overlap = chunk[-_MARKUP_OVERLAP_CHARS:]
        if kept < _CSV_SAMPLE_CHARS:
            parts.append(chunk[: _CSV_SAMPLE_CHARS - kept])
            kept += len(parts[-1])
            truncated = truncated or len(chunk) > len(parts[-1])
        else:
            truncated = True
    return "".join(parts), truncated


def _sep_directive(text: str) -> tuple[str, ...]:
    """The delimiter an Excel "sep=" first line names ("sep=|"), if there is one."""
    first = text.split("\n", 1)[0].rstrip("\r")
    if first[:4].lower() == "sep=" and len(first) == 5:
        return (first[4],)
    return ()


def _check_formulas(lines: Iterator[str], delimiter: str, *, cut_at: str | None = None) -> None:
    """Refuse the first cell, anywhere in the file, that a spreadsheet would run as a formula
    (with `cut_at`, judging each cell up to that character only)."""
    try:
        for row_number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            for column_number, cell in enumerate(row, start=1):
                if runs_as_formula(cell if cut_at is None else cell.split(cut_at, 1)[0]):
                    shown = cell if len(cell) <= _CSV_CELL_SHOWN else cell[: _CSV_CELL_SHOWN - 1] + "…"
                    raise _Refused(
                        "formula", row=str(row_number), column=str(column_number), cell=shown.replace("\t", " ").replace("\r", " ")
                    )
    except csv.Error:
        raise _Refused("unsupported") from None


def _sample_rows(sample: str, delimiter: str, truncated: bool) -> list[list[str]] | None:
    """The non-empty rows of `sample` split at `delimiter` (a last row cut in the middle left
    out); None when it does not parse."""
    try:
        rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(row)]
    except csv.Error:
        return None
    if truncated and len(rows) > 1:
        rows = rows[:-1]
    return rows


def _table_delimiter(sample: str, truncated: bool) -> str | None:
    """The delimiter `sample` is a table at: first one that splits most rows into the same number
    of columns; else one under which the first row (the header) is the widest and most rows have
    two cells or more (a spreadsheet's export that drops a row's empty trailing cells); else, when
    no delimiter splits any row, "," for a list of one column. None: no table (prose, a note)."""
    readings = {d: _sample_rows(sample, d, truncated) for d in _CSV_DELIMITERS}
    parsed = {d: rows for d, rows in readings.items() if rows}
    for test in (_consistent_table, _ragged_table):
        found = next((d for d, rows in parsed.items() if test(rows) and not _reads_like_prose(rows)), None)
        if found is not None:
            return found
    rows = parsed.get(",")
    if rows and all(len(rows_of) == len(rows) for rows_of in parsed.values()) and _one_column_list(rows):
        return ","
    return None


def _consistent_table(rows: list[list[str]]) -> bool:
    """Whether most rows have the same number (≥2) of columns."""
    columns, count = Counter(len(row) for row in rows).most_common(1)[0]
    return columns >= 2 and count >= _CSV_CONSISTENT_SHARE * len(rows)


def _ragged_table(rows: list[list[str]]) -> bool:
    """Whether the header is at least two columns wide, no row is wider, and most rows have two
    cells or more: the rows that are shorter dropped their empty trailing cells."""
    header = len(rows[0])
    return (
        header >= 2
        and all(len(row) <= header for row in rows)
        and sum(1 for row in rows if len(row) >= 2) >= _CSV_CONSISTENT_SHARE * len(rows)
    )


def _one_column_list(rows: list[list[str]]) -> bool:
    """A list of one column: at least a header and a value, every row one short cell that is no
    sentence ("Halo semua" alone, or a letter's lines, are not a list)."""
    if len(rows) < 2 or any(len(row) != 1 for row in rows):
        return False
    cells = [row[0].strip() for row in rows]
    return all(len(cell.split()) < _PROSE_WORDS_PER_LINE and not _SENTENCE_END.search(cell) for cell in cells)


def _reads_like_prose(rows: list[list[str]]) -> bool:
    """Sentences split at their commas: later fields start with a space, long lines end with a full stop."""
    columns = Counter(len(row) for row in rows).most_common(1)[0][0]
    table_rows = [row for row in rows if len(row) == columns]
    later_fields = [field for row in table_rows for field in row[1:] if field]
    if not later_fields:
        return False
    spaced = sum(1 for field in later_fields if field[:1] == " " and field[1:2].isalpha())
    if spaced < _CSV_CONSISTENT_SHARE * len(later_fields):
        return False
    if len(rows) == 1:
        return True  # a single line like "Dengan hormat, kami sampaikan ..." is a sentence
    words_per_row = sum(len(" ".join(row).split()) for row in rows) / len(rows)
    sentence_ends = sum(1 for row in rows if _SENTENCE_END.search(row[-1].rstrip()))
    return words_per_row >= _PROSE_WORDS_PER_LINE and sentence_ends * 2 >= len(rows)


# -- the verdict ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadVerdict:
    """What the bot does with an upload: accept it (type, sha256) or refuse it with a reason."""

    reason: RefusalReason | None
    size: int
    max_bytes: int
    file_name: str | None = None
    file_type: FileType | None = None
    sha256: str | None = None
    name_matches: bool = True
    details: Mapping[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.reason is None

    @property
    def text_key(self) -> str | None:
        """The key of the refusal text in `bot.texts`, None when accepted."""
        if self.reason == "unsupported" and "claimed" in self.details:
            return "file_refused_not_genuine"  # "berkas ini bukan PDF yang sah"
        return None if self.reason is None else f"file_refused_{self.reason}"

    @property
    def outgoing_name(self) -> str:
        """The name the file is sent on with (see `outgoing_name`)."""
        return outgoing_name(self.file_name, self.file_type)

    def text_values(self, language: str = "id") -> dict[str, str]:
        """The placeholders of the refusal and mismatch texts: limit_mb, name, detected, the
        name it goes on with (safe_name), and the refusal's own (row, column, cell, count, ...;
        for content of no accepted type: what it is, `found`, and the type its name claims,
        `claimed`, both as words in `language`)."""
        values = {
            "limit_mb": limit_mb_text(self.max_bytes, language),
            "name": self.file_name or "",
            "detected": self.file_type.display(language) if self.file_type else "",
            "safe_name": self.outgoing_name if self.file_type else "",
            **self.details,
        }
        if "found" in self.details:
            found = self.details["found"]
            values["found"] = raw(f"file_found_{found}", language)
            instead = _INSTEAD.get(found) or ("image" if found.startswith("image_") else None)
            values["instead"] = raw(f"file_instead_{instead}", language) if instead else ""
        if "kind" in self.details:  # refused for macros: what it is, who made it, the type to save it as
            values["kind"] = raw(f"file_macros_kind_{self.details['kind']}", language)
            program = self.details.get("program")
            values["made_by"] = raw("file_made_by", language).format(program=program) if program else ""
            values["instead"] = _in_a_sentence(MACRO_KINDS[self.details["kind"]].display(language))
        if "claimed" in self.details:
            values["claimed"] = _in_a_sentence(FILE_TYPES_BY_KEY[self.details["claimed"]].display(language))
        return values


# What to send instead of a file found to be one of these (`file_instead_<group>` in bot.texts);
# every other picture is "image".
_INSTEAD: dict[str, str] = {
    "encrypted": "encrypted", "too_big": "document", "rtf": "document", "old_office": "document", "office_other": "document",
    "image_with_archive": "image",
}


def _in_a_sentence(label: str) -> str:
    """A type's label inside a sentence: "dokumen Word (DOCX)", but "PDF" stays "PDF"."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def limit_mb_text(max_bytes: int, language: str = "id") -> str:
    """A byte limit in MB for people: "20", or "1,5" ("1.5" in English)."""
    megabytes = max_bytes / MIB
    if megabytes == int(megabytes):
        return str(int(megabytes))
    text = f"{megabytes:.1f}"
    return text if language == "en" else text.replace(".", ",")


def check_size(size: int, max_bytes: int) -> RefusalReason | None:
    """Refusal by size alone, before downloading: "empty", "too_large" or None (fine)."""
    if size <= 0:
        return "empty"
    if size > max_bytes:
        return "too_large"
    return None


def extension_of(file_name: str | None) -> str:
    """The lower-case extension of a name (".pdf"), or "" when there is none."""
    if not file_name:
        return ""
    base = PureWindowsPath(PurePosixPath(file_name).name).name
    return PurePosixPath(base).suffix.lower()


def name_fits(file_name: str | None, file_type: FileType) -> bool:
    """False only when the name has an extension and it is not one of `file_type`'s."""
    extension = extension_of(file_name)
    return extension == "" or extension in file_type.extensions


def outgoing_name(file_name: str | None, file_type: FileType | None) -> str:
    """The name a file goes out under: its own when its extension is one of its type's, else the
    type's extension in place of the one it had, or added ("laporan.js" holding CSV becomes
    "laporan.csv", "laporan" holding PDF "laporan.pdf"). Without a type: the name as it is."""
    name = file_name or ""
    if file_type is None:
        return name
    extension = extension_of(name)
    if extension and extension in file_type.extensions:
        return name
    stem = name[: len(name) - len(extension)] if extension else name
    return (stem or "berkas") + file_type.extension


def check_upload(
    data: bytes | None,
    size: int,
    file_name: str | None,
    *,
    max_bytes: int,
    already_stored_sha256s: Set[str] = frozenset(),
) -> UploadVerdict:
    """`check_file` for bytes in memory; without `data` only the size can be judged.

    `size` is what Telegram reported; once `data` is downloaded its real length is used instead.
    Without `data` a refusal by size is returned, and asking for more raises ValueError (download
    first)."""
    actual_size = len(data) if data is not None else size
    if data is None:
        reason = check_size(actual_size, max_bytes)
        if reason is None:
            raise ValueError("the file's content is needed to judge it: download it first")
        return UploadVerdict(reason, actual_size, max_bytes, file_name)
    return check_file(
        io.BytesIO(data), actual_size, file_name, max_bytes=max_bytes,
        sha256=hashlib.sha256(data).hexdigest(), already_stored_sha256s=already_stored_sha256s,
    )


def check_file(
    handle: BinaryIO,
    size: int,
    file_name: str | None,
    *,
    max_bytes: int,
    sha256: str,
    already_stored_sha256s: Set[str] = frozenset(),
) -> UploadVerdict:
    """The verdict on a downloaded file, open in `handle` (`size` bytes, `sha256` as hashed while
    it was written). Refusals, in order: empty, too_large, the content's own (`inspect_file`:
    unsupported, the content is none of the accepted types whatever the name says; or an accepted
    type carrying something refused), duplicate (its sha256 is in `already_stored_sha256s`, the
    files already in this draft). Blocking reads: on an event loop, run it in a worker thread.
    """
    reason = check_size(size, max_bytes)
    if reason is not None:
        return UploadVerdict(reason, size, max_bytes, file_name)
    inspection = inspect_file(handle, size)
    if not inspection.accepted:
        details = dict(inspection.details)
        claimed = claimed_type(file_name)
        if inspection.reason == "unsupported" and claimed is not None:
            details["claimed"] = claimed.key  # its name says PDF, its content is not one
        return UploadVerdict(inspection.reason or "unsupported", size, max_bytes, file_name, details=details)
    file_type = inspection.file_type
    assert file_type is not None
    matches = name_fits(file_name, file_type)
    if sha256 in already_stored_sha256s:
        return UploadVerdict("duplicate", size, max_bytes, file_name, file_type, sha256, matches)
    return UploadVerdict(None, size, max_bytes, file_name, file_type, sha256, matches)
