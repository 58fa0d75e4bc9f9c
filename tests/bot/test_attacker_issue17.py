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


# -- office templates: what only filling finds is refused at start, in Indonesian -------------


def _paragraphs(*texts: str) -> bytes:
    from tests.unit.test_office_templates import template

    return template(lambda document: [document.add_paragraph(text) for text in texts])


@pytest.mark.parametrize(
    ("setting", "texts", "refused"),
    [
        # A careless office: a plain field used as if it had parts, a table row's column misspelt.
        ("template_exemption_decision", ("Unit: {{ unit.nama }}",), "kolom {{ unit.nama }} tidak dapat diisi"),
        (
            "template_yearly_report", ("{%p for row in kategori %}", "{{ row.nma }}: {{ row.terdaftar }}", "{%p endfor %}"),
            "templat tidak dapat diisi ('dict object' has no attribute 'nma'); periksa kolom di dalam perulangan",
        ),
        # A hostile one: what the sandbox forbids fails the start, not the first letter.
        ("template_coordination_letter", ("{{ ''.__class__.__mro__[1].__subclasses__() }}",), "tidak dapat diisi (access to attribute '__class__'"),
    ],
)
def test_a_template_only_filling_breaks_stops_the_start_with_an_indonesian_line(
    make_settings: Callable[..., object], tmp_path: Path, setting: str, texts: tuple[str, ...], refused: str
) -> None:
    from bot.startup_check import local_findings

    own = tmp_path / "templat.docx"
    own.write_bytes(_paragraphs(*texts))
    findings = local_findings(make_settings(**{setting: own}))  # type: ignore[operator]
    [problem] = [finding for finding in findings if not finding.ok and "templat" in finding.indonesian]
    assert problem.fatal
    assert problem.indonesian.startswith("templat ") and " tidak dapat dipakai: TEMPLATE_" in problem.indonesian
    assert refused in problem.indonesian, problem.indonesian
    assert "\n" not in problem.indonesian


async def test_a_decision_template_broken_while_running_is_said_and_takes_no_number(
    office_with: Callable[..., object], tmp_path: Path
) -> None:
    from tests.bot.test_exemption_decision import exempt_item

    own = tmp_path / "keputusan.docx"
    own.write_bytes(_paragraphs("Nomor {{ nomor_keputusan }}"))
    office: Office = await office_with(template_exemption_decision=own)  # type: ignore[misc]
    own.write_bytes(_paragraphs("Perihal {{ summary.__class__ }}"))  # edited meanwhile
    item_id = await exempt_item(office)
    rina = office.admin
    rina.send_command("/tugas")
    await office.deliver()
    await office.press_on_last(rina, f"exd:get:{item_id}")
    said = rina.last_text()  # a message: a pop-up would cut the line before the field it names
    assert said is not None and said.startswith(
        f"Templat keputusan pengecualian tidak dapat dipakai: TEMPLATE_EXEMPTION_DECISION ({own}): "
        "kolom {{ summary.__class__ }} tidak dapat diisi (access to attribute '__class__' of 'str' object is unsafe.) "
        "di paragraf isi ke-2: «Perihal {{ summary.__class__ }}»"
    ), said
    assert said.endswith("Mohon sampaikan kepada Admin PPID.")
    assert await office.db_value("SELECT COUNT(*) FROM letter_numbers") == 0
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents") == 0


# -- the signed scan: a button of a decision the item's new test replaced ---------------------


async def test_a_scan_for_a_replaced_decision_is_refused_not_kept_with_the_new_one(office: Office) -> None:
    """The item is re-tested after its decision went out: the old message's upload button, and an
    upload already asked for, must not file the old paper as the signed copy of the new decision."""
    from datetime import timedelta

    from bot.register import edit_item
    from tests.bot.cycle_helpers import ADMIN_ID
    from tests.bot.test_exemption_decision import UPLOAD_BUTTON, answers, ask_decision, exempt_item
    from tests.samples import unique_pdf

    rina = office.admin
    item_id = await exempt_item(office)
    old = await ask_decision(office, rina, item_id)  # 001/KEP-PPID/2026, printed and taken to be signed
    office.clock.advance(timedelta(hours=1))
    await edit_item(office.services, ADMIN_ID, item_id, "legal_basis", None, exemption=answers(grounds=["h"]))
    replaced = (
        "Keputusan ini sudah diganti: informasi ini diuji ulang, jadi berlaku keputusan yang baru. Mohon tekan "
        "\"📜 Dokumen keputusan\", mintakan tanda tangan keputusan yang baru itu, lalu unggah pindaiannya."
    )
    # The signed 001 comes back; the old message's button is pressed: refused before a file is asked for.
    rina.press_button(UPLOAD_BUTTON, old)
    await office.deliver()
    assert rina.callback_answers[-1]["text"] == replaced
    assert rina.last_text() != "Silakan kirim hasil pindaian keputusan yang sudah ditandatangani (PDF, JPG atau PNG). /batal untuk membatalkan."
    # The new decision's upload is asked for, and the item re-tested again before the scan comes.
    second = await ask_decision(office, rina, item_id)
    assert second["caption"].startswith("📜 Keputusan PPID nomor 002/KEP-PPID/2026")
    rina.press_button(UPLOAD_BUTTON, second)
    await office.deliver()
    office.clock.advance(timedelta(hours=1))
    await edit_item(office.services, ADMIN_ID, item_id, "legal_basis", None, exemption=answers(grounds=["a"]))
    await ask_decision(office, office.utama, item_id)  # 003 is made meanwhile
    rina.send_document(unique_pdf("keputusan 002 bertanda tangan"), "keputusan_002_ttd.pdf")
    await office.deliver()
    assert rina.last_text() == replaced
    assert await office.db_value("SELECT COUNT(*) FROM exemption_documents WHERE kind = 'signed'") == 0
    # The current decision's own button takes its scan.
    third = await ask_decision(office, rina, item_id)
    rina.press_button(UPLOAD_BUTTON, third)
    await office.deliver()
    rina.send_document(unique_pdf("keputusan 003 bertanda tangan"), "keputusan_003_ttd.pdf")
    await office.deliver()
    assert rina.last_text().startswith("✅ Hasil pindaian keputusan nomor 003/KEP-PPID/2026 yang bertanda tangan tersimpan")


# -- LibreOffice that misbehaves: output that is no PDF, a hang; nothing left behind -----------


@pytest.mark.parametrize(
    "script",
    [
        # Says it converted, but what it wrote is a web page under the PDF's name.
        'for a; do case "$prev" in --outdir) out="$a";; esac; prev="$a"; done\n'
        'mkdir -p "$out" && printf "<html><script>alert(1)</script></html>" > "$out/dokumen.pdf"\nexit 0\n',
        # Hangs, with a helper of its own.
        "sleep 300 &\nwait\n",
    ],
    ids=["not-a-pdf", "hangs"],
)
async def test_a_conversion_that_gives_no_pdf_publishes_no_copy_and_leaves_no_files(
    office_with: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str
) -> None:
    import stat
    import tempfile

    from tests.bot.cycle_helpers import cycle_at_publication

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the conversion's folders go
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\n" + script)
    soffice.chmod(soffice.stat().st_mode | stat.S_IXUSR)
    office: Office = await office_with(make_pdf=True, soffice_path=soffice, pdf_conversion_seconds=1)  # type: ignore[misc]
    cycle_id = await cycle_at_publication(office)
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    notice, _caption, preview = office.operator.messages()[-3:]
    assert "Salinan PDF dari draf.docx gagal dibuat kali ini" in notice["text"]
    assert "Tanpa salinan PDF, diposting apa adanya: draf.docx" in preview["text"]
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'published'", cycle_id) == 0
    assert list(scratch.iterdir()) == []  # the document, the profile and the output: removed


# -- the checklist import: two admins at once, and one that dies half-way ---------------------


async def test_two_imports_at_once_add_the_checklist_once_and_a_broken_one_adds_nothing(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot.required_info import import_required_info, load_required_info
    from storage.required_info import RequiredInfoRepository
    from tests.conftest import ADMIN_ID

    entries = load_required_info()
    services = office.services

    async def count(unit_id: int) -> int:
        return int(await office.db_value(
            "SELECT COUNT(*) FROM info_items WHERE unit_id = ? AND required_info_key IS NOT NULL", unit_id
        ))

    # The import dies at its third entry (the process killed, the disk full): nothing of it stays.
    marked = 0
    original = RequiredInfoRepository.mark

    async def dies_on_the_third(self: RequiredInfoRepository, conn: object, item_id: int, key: str) -> None:
        nonlocal marked
        marked += 1
        if marked == 3:
            raise OSError("disk full")
        await original(self, conn, item_id, key)  # type: ignore[arg-type]

    monkeypatch.setattr(RequiredInfoRepository, "mark", dies_on_the_third)
    with pytest.raises(OSError):
        await import_required_info(services, ADMIN_ID, office.unit_id, entries)
    monkeypatch.setattr(RequiredInfoRepository, "mark", original)
    assert await count(office.unit_id) == 0
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0

    # Two presses at once (two admins, or a double tap): one import, one audit entry.
    one, two = await asyncio.gather(
        import_required_info(services, ADMIN_ID, office.unit_id, entries),
        import_required_info(services, ADMIN_ID, office.unit_id, entries),
    )
    assert sorted((len(one.created), len(two.created))) == [0, len(entries)]
    assert await count(office.unit_id) == len(entries)
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'item.import_required'") == 1


# -- letter numbers across the office's new year --------------------------------------------


async def test_a_number_previewed_before_the_new_year_stays_on_record_unsent_and_is_never_reused(office: Office) -> None:
    """A number shown in a preview was issued: if the letter goes out in the next year under that
    year's number, the old one stays recorded with its cycle as not sent (the gap is explained in
    the register of numbers), and no later letter gets it."""
    from datetime import datetime, timezone

    from tests.bot.test_letter_template import open_cycle

    office.clock.set(datetime(2026, 12, 31, 16, 59, 30, tzinfo=timezone.utc))  # 31 Dec, 23:59:30 WIB
    cycle_id = await open_cycle(office)
    oki = office.operator
    await office.press_on_last(oki, f"co:gen:{cycle_id}")
    assert "nomor 001/PPID/2026" in oki.last_text()  # type: ignore[operator]
    oki.press_button("❌ Batal", oki.last_message())
    await office.deliver()
    office.clock.set(datetime(2026, 12, 31, 17, 1, tzinfo=timezone.utc))  # 1 Jan 2027, 00:01 WIB
    await office.press_on_last(oki, f"co:gen:{cycle_id}")
    assert "nomor 001/PPID/2027" in oki.last_text()  # type: ignore[operator]
    oki.press_button("✅ Ya, kirim", oki.last_message())
    await office.deliver()
    numbers = await office.services.db.fetch_all(
        "SELECT year, number, cycle_id, document_id IS NOT NULL AS sent FROM letter_numbers ORDER BY year, number"
    )
    assert [tuple(row) for row in numbers] == [(2026, 1, cycle_id, 0), (2027, 1, cycle_id, 1)]
