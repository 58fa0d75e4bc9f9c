"""What kind of file someone uploaded, judged by its content, and whether the bot accepts it.

Staff send drafts (PDF, Word, OpenDocument), data files (Excel, CSV) and scans (JPEG, PNG) from their
phones. A file's name is only a hint: the type is read from the bytes, so an `.exe` renamed `.pdf`
is refused, and a `laporan.pdf` that is really a Word document is accepted as DOCX with
`name_matches` False so the bot can say so.

- `check_size` answers before downloading, from the size Telegram reports.
- `detect_type` looks at the content: magic numbers for PDF, JPEG and PNG; for DOCX, XLSX and ODT
  it reads the ZIP's list of names and, with a size cap, its small `mimetype` or
  `[Content_Types].xml` entry; nothing is ever extracted, so broken ZIPs and ZIP bombs are harmless;
  CSV must be clean text (UTF-8 with or without BOM, or cp1252) with a consistent delimiter.
- `check_upload` gives the verdict for a downloaded file: accepted (type and sha256) or refused
  with a reason key (`empty`, `too_large`, `unsupported`, `duplicate`) whose text is
  `file_refused_<reason>` in `bot.texts.files`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Literal

RefusalReason = Literal["empty", "too_large", "unsupported", "duplicate"]


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
CSV = FileType("csv", ".csv", "text/csv", "Data CSV", "CSV data")
JPG = FileType("jpg", ".jpg", "image/jpeg", "Gambar JPEG", "JPEG image", (".jpeg", ".jpe"))
PNG = FileType("png", ".png", "image/png", "Gambar PNG", "PNG image")

FILE_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, ODT, CSV, JPG, PNG)
FILE_TYPES_BY_KEY: dict[str, FileType] = {file_type.key: file_type for file_type in FILE_TYPES}

MIB = 1024 * 1024

# -- ZIP-based documents: read names and two small entries, never extract ---------------------------
_ZIP_MAX_ENTRIES = 20_000
_MIMETYPE_MAX_BYTES = 256
_CONTENT_TYPES_MAX_BYTES = 1 * MIB
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

# -- CSV ------------------------------------------------------------------------------------------
_CSV_DELIMITERS = (",", ";", "\t")
_CSV_SAMPLE_CHARS = 256 * 1024
_CSV_CONSISTENT_SHARE = 0.8
_FORBIDDEN_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
# HTML/XML/SVG or JSON: structured text that is not a table, whatever its commas.
_MARKUP_OR_JSON_START = re.compile(r"\s*(<[!?a-zA-Z/]|[{\[])")
_PROSE_WORDS_PER_LINE = 6
_SENTENCE_END = re.compile(r"[.!?]['\")]*$")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PDF_HEADER = re.compile(rb"%PDF-\d")
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
)


def detect_type(data: bytes) -> FileType | None:
    """The accepted type `data` really is, or None (empty, executable, other ZIP, prose, HTML, ...)."""
    if not data:
        return None
    if _PDF_HEADER.match(data):
        return PDF
    if data.startswith(_JPEG_SIGNATURE):
        return JPG
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    if data.startswith(_ZIP_LOCAL_HEADER):
        return _zip_document_type(data)
    if _looks_like_csv(data):
        return CSV
    return None


def _zip_document_type(data: bytes) -> FileType | None:
    """DOCX, XLSX or ODT from the ZIP's directory and its small type entries; None otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if not infos or len(infos) > _ZIP_MAX_ENTRIES:
                return None
            by_name = {info.filename: info for info in infos}
            if "mimetype" in by_name:
                mimetype = _read_small(archive, by_name["mimetype"], _MIMETYPE_MAX_BYTES)
                return ODT if mimetype is not None and mimetype.strip() == _ODT_MIMETYPE else None
            content_types_info = by_name.get("[Content_Types].xml")
            if content_types_info is None:
                return None
            if "word/document.xml" in by_name:
                wanted, file_type = _DOCX_MAIN, DOCX
            elif "xl/workbook.xml" in by_name:
                wanted, file_type = _XLSX_MAIN, XLSX
            else:
                return None
            content_types = _read_small(archive, content_types_info, _CONTENT_TYPES_MAX_BYTES)
            if content_types is None or wanted.encode("ascii") not in content_types:
                return None
            return file_type
    except _ZIP_READ_ERRORS:
        # Broken, truncated, encrypted or exotic archives are simply not an accepted document.
        return None


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """An entry's bytes if it is at most `limit` bytes, declared and real; else None."""
    if info.file_size > limit or info.compress_size > limit:
        return None
    with archive.open(info) as entry:
        content = entry.read(limit + 1)
    return content if len(content) <= limit else None


def _decode_text(data: bytes) -> str | None:
    """`data` as text: UTF-8 (BOM or not), else cp1252; None when it is neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _looks_like_csv(data: bytes) -> bool:
    """Clean text whose lines split into ≥2 columns by one delimiter, consistently."""
    if _FORBIDDEN_CONTROL_BYTES.search(data):
        return False
    text = _decode_text(data)
    if text is None or _C1_CONTROLS.search(text) or _MARKUP_OR_JSON_START.match(text):
        return False
    truncated = len(text) > _CSV_SAMPLE_CHARS
    sample = text[:_CSV_SAMPLE_CHARS]
    return any(_consistent_table(sample, delimiter, truncated) for delimiter in _CSV_DELIMITERS)


def _consistent_table(sample: str, delimiter: str, truncated: bool) -> bool:
    """Whether `delimiter` splits most rows of `sample` into the same number (≥2) of columns."""
    try:
        rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(row)]
    except csv.Error:
        return False
    if truncated and len(rows) > 1:
        rows = rows[:-1]  # the last row may be cut in the middle
    if not rows:
        return False
    widths = Counter(len(row) for row in rows)
    columns, count = widths.most_common(1)[0]
    if columns < 2 or count < _CSV_CONSISTENT_SHARE * len(rows):
        return False
    return not _reads_like_prose(rows, columns)


def _reads_like_prose(rows: list[list[str]], columns: int) -> bool:
    """Sentences split at their commas: later fields start with a space, long lines end with a full stop."""
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

    @property
    def accepted(self) -> bool:
        return self.reason is None

    @property
    def text_key(self) -> str | None:
        """The key of the refusal text in `bot.texts`, None when accepted."""
        return None if self.reason is None else f"file_refused_{self.reason}"

    def text_values(self, language: str = "id") -> dict[str, str]:
        """The placeholders of the refusal and mismatch texts: limit_mb, name, detected."""
        return {
            "limit_mb": limit_mb_text(self.max_bytes, language),
            "name": self.file_name or "",
            "detected": self.file_type.display(language) if self.file_type else "",
        }


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


def check_upload(
    data: bytes | None,
    size: int,
    file_name: str | None,
    *,
    max_bytes: int,
    already_stored_sha256s: Set[str] = frozenset(),
) -> UploadVerdict:
    """The verdict on an upload.

    `size` is what Telegram reported; once `data` is downloaded its real length is used instead.
    Without `data` only the size can be judged: a refusal by size is returned, and asking for
    more raises ValueError (download first). Refusals, in order: empty, too_large, unsupported
    (the content is none of the accepted types, whatever the name says), duplicate (its sha256 is
    in `already_stored_sha256s`, the files already in this draft).
    """
    actual_size = len(data) if data is not None else size
    reason = check_size(actual_size, max_bytes)
    if reason is not None:
        return UploadVerdict(reason, actual_size, max_bytes, file_name)
    if data is None:
        raise ValueError("the file's content is needed to judge it: download it first")
    file_type = detect_type(data)
    if file_type is None:
        return UploadVerdict("unsupported", actual_size, max_bytes, file_name)
    digest = hashlib.sha256(data).hexdigest()
    matches = name_fits(file_name, file_type)
    if digest in already_stored_sha256s:
        return UploadVerdict("duplicate", actual_size, max_bytes, file_name, file_type, digest, matches)
    return UploadVerdict(None, actual_size, max_bytes, file_name, file_type, digest, matches)
