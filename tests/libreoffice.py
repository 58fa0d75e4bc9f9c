"""Where the tests find LibreOffice, the mark that skips a test without it, and the office files
it makes from a text during the test run (`office_files`), as a real producer writes them."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="install Debian's libreoffice-writer-nogui")

TEXT = "Laporan Informasi Publik 2026 Dinas Komunikasi dan Informatika"
TABLE = "No,Informasi,Tahun\n1,Laporan keuangan,2026\n2,Profil dinas,2026\n"
# A presentation as text: flat OpenDocument XML (LibreOffice reads it as Impress writes it).
SLIDES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    ' office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">'
    '<office:body><office:presentation><draw:page draw:name="1">'
    '<draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box>'
    f"<text:p>{TEXT}</text:p></draw:text-box></draw:frame></draw:page></office:presentation></office:body>"
    "</office:document>"
)
# Each format, and the text LibreOffice converts into it: Writer's, Calc's (from CSV) or Impress's;
# and the Debian package of the LibreOffice module that does it.
SOURCES = {"laporan.txt": TEXT + "\n", "tabel.csv": TABLE, "profil.fodp": SLIDES}
FORMATS = {
    "doc": "laporan.txt", "docx": "laporan.txt", "pdf": "laporan.txt",
    "xls": "tabel.csv", "xlsx": "tabel.csv", "ods": "tabel.csv",
    "ppt": "profil.fodp", "pptx": "profil.fodp", "odp": "profil.fodp",
}
PACKAGES = {
    "laporan.txt": "libreoffice-writer-nogui", "tabel.csv": "libreoffice-calc-nogui", "profil.fodp": "libreoffice-impress-nogui",
}
SECONDS = 120


def office_files(folder: Path) -> dict[str, bytes]:
    """Every format of `FORMATS`, made by LibreOffice from its text, by extension ("doc": bytes).
    Made once in `folder` (test workers running side by side share it, under a lock), then read.
    Skips the test when a LibreOffice module is missing, naming its package."""
    assert SOFFICE is not None
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".done").exists():
            for name, text in SOURCES.items():
                (folder / name).write_text(text, encoding="utf-8")
            for extension, source in FORMATS.items():  # one profile: made by the first run, then reused
                subprocess.run(
                    [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                     "--convert-to", extension, "--outdir", str(out), str(folder / source)],
                    check=False, capture_output=True, timeout=SECONDS,
                )
            (folder / ".done").touch()
    made = {extension: out / (Path(source).stem + "." + extension) for extension, source in FORMATS.items()}
    missing = sorted({PACKAGES[FORMATS[extension]] for extension, path in made.items() if not path.is_file()})
    if missing:
        pytest.skip(f"LibreOffice could not make every format: install {' '.join(missing)}")
    return {extension: path.read_bytes() for extension, path in made.items()}
