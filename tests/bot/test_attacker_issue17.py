"""An attacker's and a careless user's review of issue 17's work (the office's templates, the PDF
copies LibreOffice makes, the letter and decision numbers, the consequence test, the decision and
its signed scan): each test here failed on the code before its fix."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.filetypes import ODT, inspect_content
from tests.bot.cycle_helpers import Office
from tests.bot.test_public_copy import docx_cycle_at_publication
from tests.libreoffice import needs_libreoffice
from tests.samples import MINIMAL_PNG

ODT_NAME = "Profil Dinas 2026.odt"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback: its address, and the paths anyone asked it for."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self) -> None:
            asked.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _record

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def odt_linking(*image_urls: str) -> bytes:
    """An ODT (as a staff member could save it) whose text shows images linked, not embedded."""
    frames = "".join(
        f'<draw:frame svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image xlink:href="{url}"'
        ' xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
        for url in image_urls
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT.mime_type)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            f' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT.mime_type}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
            ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
            f"<office:body><office:text><text:p>Profil Dinas Sosial{frames}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
    return out.getvalue()


@needs_libreoffice
async def test_the_public_copy_of_a_staff_odt_fetches_nothing_it_links_to(
    office_with: Callable[..., object], listener: tuple[str, list[str]], tmp_path: Path
) -> None:
    """A draft ODT whose images are links (a URL inside the office's network, a picture on the
    server's disk) passes the upload check; LibreOffice must not fetch the URL when it makes the
    public PDF, nor put the server's picture into it."""
    address, asked = listener
    on_disk = tmp_path / "rahasia-server.png"
    on_disk.write_bytes(MINIMAL_PNG)
    odt = odt_linking(f"{address}/intranet/kamera.png", on_disk.as_uri())
    assert inspect_content(odt).file_type == ODT  # what the upload path lets in
    office: Office = await office_with(make_pdf=True)  # type: ignore[misc]
    cycle_id = await docx_cycle_at_publication(office, odt, ODT_NAME, ODT.key)

    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    preview = office.operator.last_message()
    assert preview is not None and "Profil Dinas 2026.pdf (PDF dari Profil Dinas 2026.odt)" in preview["text"]
    sha256 = await office.db_value(
        "SELECT sha256 FROM documents WHERE cycle_id = ? AND kind = 'published'", cycle_id
    )
    pdf = office.services.files.path_for(sha256).read_bytes()
    assert asked == []  # no request left the server for the document's links
    assert b"/Image" not in pdf  # the picture on the server's disk is not in the public PDF
