"""An attacker's read of issue 12: what a hostile or careless user could still get past the
guarantees. Each test names the point of the issue it attacks."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from bot.filetypes import inspect_content
from tests.bot.cycle_helpers import Office, waiting_for_draft
from tests.samples import MINIMAL_PDF, make_docx


async def draft_rows(office: Office) -> int:
    return int(await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'"))


def pdf_with_zip_ending_in_eof() -> bytes:
    """A PDF with a ZIP appended whose archive comment is "%%EOF": the file still ends with
    "%%EOF", and every ZIP reader opens the archive (its end record is in the last bytes)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("jalankan.bat", "@echo off\r\nformat c:\r\n")
    archive_bytes = bytearray(archive.getvalue())
    # The end-of-central-directory record: its comment length (2 bytes at offset 20) then the comment.
    end = archive_bytes.rfind(b"PK\x05\x06")
    archive_bytes[end + 20 : end + 22] = (5).to_bytes(2, "little")
    data = MINIMAL_PDF + bytes(archive_bytes) + b"%%EOF"
    assert zipfile.is_zipfile(io.BytesIO(data))  # a polyglot: a PDF and a ZIP at once
    with zipfile.ZipFile(io.BytesIO(data)) as archive_read:
        assert archive_read.namelist() == ["jalankan.bat"]
    return data


# -- point 5: hostile files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "refusal"),
    [
        # Excel set to Indonesian (the office's locale) splits CSV at ";", not ",": the third cell
        # of row 2 is then =HYPERLINK(...), although the comma reading sees only "Budi;=HYPER...".
        (b"no,nama\n1,Budi;=HYPERLINK(\"http://x\")\n2,Sari\n", "data.csv", "dapat dijalankan sebagai rumus"),
        # "sep=|" on the first line makes Excel split at "|", whatever the delimiter looks like.
        (b"sep=|\nno,nama\n1,Budi|=1+1\n2,Sari\n3,Dodi\n4,Eka\n5,Fani\n", "data.csv", "dapat dijalankan sebagai rumus"),
        # A ZIP appended to a PDF, its comment "%%EOF": nothing follows the last %%EOF.
        (pdf_with_zip_ending_in_eof(), "laporan.pdf", "berisi data lain setelah akhir dokumennya"),
    ],
    ids=["csv-formula-behind-semicolon", "csv-sep-directive", "pdf-zip-ending-in-eof"],
)
async def test_hostile_files_that_pass_the_first_checks_are_refused(
    office: Office, data: bytes, name: str, refusal: str
) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_document(data, name)
    await office.deliver()
    assert refusal in putri.last_text()
    assert await draft_rows(office) == 0
