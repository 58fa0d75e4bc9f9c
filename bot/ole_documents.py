"""Word, Excel and PowerPoint 97-2003 files (DOC, XLS, PPT): OLE compound files, read with `olefile`.

`read_ole` opens a compound file from a seekable handle and tells what it is: one of the three
document kinds, or what else (a password-protected Office file, an Outlook message, a Windows
installer, another program's file); whether it carries macros; and which program made it (the
"creating application" of its summary information, as the program wrote it).

Macros are found as oletools' olevba finds them (oletools itself is not used: its olevba pulls in
msoffcrypto-tool, cryptography and cffi, and its detection of a VBA project in an OLE file comes
down to the storage names checked here):
- a VBA project: any storage or stream named `VBA`, `_VBA_PROJECT`, `_VBA_PROJECT_CUR` (Excel's
  project storage) or `Macros` (Word's), at any depth;
- Excel 4.0 (XLM) macros: a sheet of type macro sheet or VBA module in the workbook's BOUNDSHEET
  records (what oletools' BIFF plugin reads);
- PowerPoint: a VBAInfo atom saying it has macros (fHasMacros) in the "PowerPoint Document"
  stream, where PowerPoint keeps the reference to its (compressed) VBA project (LibreOffice writes
  the atom into every PPT, with fHasMacros 0).
Every read is bounded by the file itself (at most the upload limit): olefile reads the sector
tables, and only the Workbook's globals and the PowerPoint record tree are walked.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO, Literal

import olefile

OleKind = Literal["doc", "xls", "ppt"]
# What an OLE file that is none of the three is; each is a `FoundKind` of `bot.filetypes`.
OleOther = Literal["encrypted", "email", "program", "old_office", "too_big"]

OLE_SIGNATURE = olefile.MAGIC  # the first 8 bytes of every compound file

_MACRO_STORAGES = frozenset({"vba", "_vba_project", "_vba_project_cur", "macros"})
_KIND_STREAMS: tuple[tuple[str, OleKind], ...] = (
    ("worddocument", "doc"),
    ("workbook", "xls"),
    ("book", "xls"),  # Excel 5/95 (BIFF5)
    ("powerpoint document", "ppt"),
)
_ENCRYPTED_PACKAGE = frozenset({"encryptioninfo", "encryptedpackage"})  # a DOCX/XLSX with a password
_PPT_ENCRYPTED_STREAM = "encryptedsummary"
_OUTLOOK_PREFIXES = ("__substg1.0_", "__properties_version1.0")
_INSTALLER_CLSIDS = frozenset({
    "000C1084-0000-0000-C000-000000000046",  # Windows Installer package (MSI)
    "000C1086-0000-0000-C000-000000000046",  # its patch (MSP)
    "000C1082-0000-0000-C000-000000000046",  # its transform (MST)
})

# BIFF8 records of the Workbook stream's globals substream.
_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_FILEPASS = 0x002F  # the workbook is encrypted
_BIFF_BOUNDSHEET = 0x0085
_BIFF_MACRO_SHEET_TYPES = (0x01, 0x06)  # Excel 4.0 macro sheet, VBA module
_BIFF_MAX_RECORDS = 200_000

# PowerPoint binary records: 8-byte headers; a container's version nibble is 0xF.
_PPT_VBA_INFO_ATOM = 0x0400  # RT_VbaInfoAtom: persistIdRef, fHasMacros, version (4 bytes each)
_PPT_MAX_RECORDS = 500_000

# Word's FIB: bit 0 of byte 11 is fEncrypted.
_WORD_FLAGS_OFFSET = 11

# olefile reads a stream whole: a document stream larger than this is not read (a self-hosted Bot
# API server lets files of gigabytes through); such a file is refused as too big to check.
STREAM_MAX_BYTES = 64 * 1024 * 1024
_PROGRAM_SHOWN = 60  # characters of the program's name, as the file gives it
_OLE_READ_ERRORS: tuple[type[Exception], ...] = (
    OSError, ValueError, struct.error, IndexError, KeyError, TypeError, RecursionError, OverflowError, MemoryError,
)


@dataclass(frozen=True)
class OleDocument:
    """What a compound file is: `kind` (DOC, XLS, PPT) or, for none of them, `other`."""

    kind: OleKind | None
    other: OleOther | None = None
    macros: bool = False
    program: str = ""  # "Microsoft Office Word", "LibreOffice", ... or "" when it does not say


def read_ole(handle: BinaryIO) -> OleDocument | None:
    """The compound file open in `handle` (binary, seekable), or None when it is no readable one."""
    handle.seek(0)
    if handle.read(len(OLE_SIGNATURE)) != OLE_SIGNATURE:
        return None
    try:
        handle.seek(0)
        with olefile.OleFileIO(handle) as ole:
            return _judge(ole)
    except _OLE_READ_ERRORS:
        return None


def _judge(ole: olefile.OleFileIO) -> OleDocument:
    paths = [[part.lower() for part in path] for path in ole.listdir(streams=True, storages=True)]
    names = {part for path in paths for part in path}
    top = {path[0] for path in paths if len(path) == 1}
    program = _program(ole)
    if _ENCRYPTED_PACKAGE <= top:
        return OleDocument(None, "encrypted", program=program)
    kind = next((kind for stream, kind in _KIND_STREAMS if stream in top and ole.get_type(stream) == olefile.STGTY_STREAM), None)
    if kind is None:
        if any(name.startswith(_OUTLOOK_PREFIXES) for name in names):
            return OleDocument(None, "email", program=program)
        if (ole.root.clsid or "").upper() in _INSTALLER_CLSIDS:
            return OleDocument(None, "program", program=program)
        return OleDocument(None, "old_office", program=program)
    macros = bool(names & _MACRO_STORAGES)
    if macros:
        return OleDocument(kind, macros=True, program=program)
    stream = next(name for name, of_kind in _KIND_STREAMS if of_kind == kind and name in top)
    if ole.get_size(stream) > STREAM_MAX_BYTES:
        return OleDocument(None, "too_big", program=program)
    encrypted = False
    if kind == "xls":
        macros, encrypted = _workbook_globals(ole, stream)
    elif kind == "ppt":
        encrypted = _PPT_ENCRYPTED_STREAM in top
        macros = _ppt_has_vba(ole.openstream(stream).read())
    else:
        fib = ole.openstream(stream).read(_WORD_FLAGS_OFFSET + 1)
        encrypted = len(fib) > _WORD_FLAGS_OFFSET and bool(fib[_WORD_FLAGS_OFFSET] & 0x01)
    if encrypted:
        return OleDocument(None, "encrypted", macros=macros, program=program)
    return OleDocument(kind, macros=macros, program=program)


def _program(ole: olefile.OleFileIO) -> str:
    """The application the file says created it, from its SummaryInformation."""
    try:
        value = ole.get_metadata().creating_application
    except _OLE_READ_ERRORS:
        return ""
    if isinstance(value, bytes):
        value = value.decode("cp1252", errors="replace")
    if not isinstance(value, str):
        return ""
    shown = "".join(character for character in value if character.isprintable()).strip()
    return shown[:_PROGRAM_SHOWN]


def _workbook_globals(ole: olefile.OleFileIO, stream: str) -> tuple[bool, bool]:
    """(has an Excel 4.0 macro sheet or VBA module sheet, is encrypted), from the workbook's
    globals substream: the records up to its first EOF."""
    data = ole.openstream(stream).read()
    offset = 0
    macros = encrypted = False
    for _ in range(_BIFF_MAX_RECORDS):
        if offset + 4 > len(data):
            break
        record, length = struct.unpack_from("<HH", data, offset)
        body = data[offset + 4 : offset + 4 + length]
        if record == _BIFF_EOF:
            break
        if record == _BIFF_FILEPASS:
            encrypted = True
        elif record == _BIFF_BOUNDSHEET and len(body) >= 6 and body[5] in _BIFF_MACRO_SHEET_TYPES:
            macros = True
        offset += 4 + length
    return macros, encrypted


def _ppt_has_vba(data: bytes) -> bool:
    """Whether the PowerPoint Document stream's record tree holds a VBAInfo atom whose fHasMacros
    is set: walked without recursion, descending into containers."""
    stack = [(0, len(data))]
    seen = 0
    while stack:
        offset, end = stack.pop()
        while offset + 8 <= end:
            seen += 1
            if seen > _PPT_MAX_RECORDS:
                return False
            version_instance, record_type, length = struct.unpack_from("<HHI", data, offset)
            if record_type == _PPT_VBA_INFO_ATOM and data[offset + 12 : offset + 16] != bytes(4):
                return True
            body_end = min(end, offset + 8 + length)
            if version_instance & 0x000F == 0x000F:
                stack.append((offset + 8, body_end))
            offset = body_end
    return False
