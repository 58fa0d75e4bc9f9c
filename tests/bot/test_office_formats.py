"""Every document a real office sends (issue 19), through the chat: files LibreOffice makes from a
text during the test run (DOC, XLS, PPT, ODS, ODP, PPTX, DOCX, XLSX, PDF) and an iPhone's HEIC
photo (pillow-heif) are accepted; the legacy and editable ones reach the channel as their PDF, the
photo as a JPEG that no longer says where it was taken; Word and Excel 97-2003 files with macros,
and misnamed files, are refused naming what they really are. Without LibreOffice the tests of
its files skip, saying what to install."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image

from tests.bot.cycle_helpers import Office, waiting_for_draft
from tests.libreoffice import SOFFICE, office_files
from tests.samples import heic_photo, with_macro_sheet, with_vba_project

LABELS = {
    "doc": "Dokumen Word 97-2003 (DOC)",
    "xls": "Lembar kerja Excel 97-2003 (XLS)",
    "ppt": "Presentasi PowerPoint 97-2003 (PPT)",
    "ods": "Lembar kerja OpenDocument (ODS)",
    "odp": "Presentasi OpenDocument (ODP)",
    "pptx": "Presentasi PowerPoint (PPTX)",
    "docx": "Dokumen Word (DOCX)",
    "xlsx": "Lembar kerja Excel (XLSX)",
    "pdf": "PDF",
}
PUBLISHED_AS_PDF = ("doc", "xls", "ppt", "ods", "pptx", "odp")


@pytest.fixture(scope="session")
def made_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files LibreOffice made, once per test run (the workers share them)."""
    if SOFFICE is None:
        pytest.skip("install Debian's libreoffice-writer-nogui, libreoffice-calc-nogui and libreoffice-impress-nogui")
    return office_files(tmp_path_factory.getbasetemp().parent / "libreoffice-files")


async def send(office: Office, data: bytes, name: str) -> str:
    """The PPID Pelaksana sends one draft file; what the bot answered."""
    office.pelaksana.send_document(data, name)
    await office.deliver()
    return office.pelaksana.last_text() or ""


async def test_every_format_libreoffice_makes_is_accepted_under_its_label(
    office: Office, made_by_libreoffice: dict[str, bytes],
) -> None:
    cycle_id = await waiting_for_draft(office)
    for count, (extension, label) in enumerate(LABELS.items(), start=1):
        answer = await send(office, made_by_libreoffice[extension], f"lampiran.{extension}")
        assert answer.startswith(f"✅ Diterima: lampiran.{extension} ({label}, "), answer
        assert answer.endswith(f"kini berisi {count} berkas."), answer
    rows = await office.services.db.fetch_all(
        "SELECT original_name, detected_type FROM documents WHERE cycle_id = ? AND kind = 'draft' ORDER BY id", (cycle_id,)
    )
    assert [(row[0], row[1]) for row in rows] == [(f"lampiran.{extension}", extension) for extension in LABELS]


async def test_legacy_and_editable_files_go_public_as_pdf_and_a_heic_photo_as_a_jpeg_without_its_place(
    office_with: Callable[..., object], made_by_libreoffice: dict[str, bytes],
) -> None:
    office: Office = await office_with(make_pdf=True)  # type: ignore[misc]
    await waiting_for_draft(office)
    for extension in PUBLISHED_AS_PDF:
        assert (await send(office, made_by_libreoffice[extension], f"profil.{extension}")).startswith("✅ Diterima")
    photo = heic_photo(gps=True)
    assert (await send(office, photo, "IMG_0012.HEIC")).startswith("✅ Diterima: IMG_0012.HEIC (Foto HEIC (iPhone), ")
    office.pelaksana.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    oki = office.operator
    oki.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    preview = oki.last_text() or ""
    for extension in PUBLISHED_AS_PDF:
        assert f"• profil.pdf (PDF dari profil.{extension})" in preview, preview
    assert "• IMG_0012.jpg (JPG dari IMG_0012.HEIC)" in preview
    assert "apa adanya" not in preview
    oki.press_button("✅ Ya, kirim")
    await office.deliver()

    posted = [post["document"] for post in office.channel.posts() if "document" in post]
    assert [(document["file_name"], document["mime_type"]) for document in posted] == [
        *[("profil.pdf", "application/pdf")] * len(PUBLISHED_AS_PDF), ("IMG_0012.jpg", "image/jpeg"),
    ]
    from pypdf import PdfReader

    for document in posted[:-1]:
        pdf = PdfReader(io.BytesIO(office.fake.file_bytes(document["file_id"])))
        words = " ".join(page.extract_text() for page in pdf.pages).split()
        assert {"Informasi", "2026"} <= set(words), words  # the document's own words, read back
    jpeg = Image.open(io.BytesIO(office.fake.file_bytes(posted[-1]["file_id"])))
    assert (jpeg.format, jpeg.size) == ("JPEG", (64, 48))
    assert len(jpeg.getexif()) == 0 and "exif" not in jpeg.info and "xmp" not in jpeg.info  # no GPS, no camera


async def test_a_heic_photo_is_accepted_without_libreoffice(office: Office) -> None:
    await waiting_for_draft(office)
    answer = await send(office, heic_photo(), "IMG_0001.heic")
    assert answer.startswith("✅ Diterima: IMG_0001.heic (Foto HEIC (iPhone), "), answer


@pytest.mark.parametrize(
    ("make", "source", "name", "said"),
    [
        (lambda doc: with_vba_project(doc, "Macros"), "doc", "surat.doc", "dokumen Word lama (DOC 97-2003) dengan makro"),
        (lambda xls: with_vba_project(xls, "_VBA_PROJECT_CUR"), "xls", "anggaran.xls", "lembar kerja Excel lama (XLS 97-2003) dengan makro"),
        (with_macro_sheet, "xls", "rekap.xls", "lembar kerja Excel lama (XLS 97-2003) dengan makro"),
    ],
    ids=["doc-vba", "xls-vba", "xls-excel4-macro-sheet"],
)
async def test_a_97_2003_file_with_macros_is_refused_naming_what_it_is(
    office: Office, made_by_libreoffice: dict[str, bytes], make: Callable[[bytes], bytes], source: str, name: str, said: str,
) -> None:
    cycle_id = await waiting_for_draft(office)
    answer = await send(office, make(made_by_libreoffice[source]), name)
    assert answer.startswith(f"Maaf, berkas ini adalah {said}: makro adalah kode program"), answer
    instead = "dokumen Word (DOCX)" if source == "doc" else "lembar kerja Excel (XLSX)"
    assert f"Simpan ulang sebagai {instead} tanpa makro, lalu kirim lagi." in answer
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 0


async def test_a_misnamed_file_is_refused_naming_its_real_type(office: Office) -> None:
    await waiting_for_draft(office)
    icon = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 160)).save(icon, format="ICO")  # a favicon, sent as the office logo
    answer = await send(office, icon.getvalue(), "logo.png")
    assert answer == (
        "Maaf, berkas logo.png bukan gambar PNG yang sah, jadi tidak dapat diterima: isinya gambar ICO (ikon).\n"
        "Buka berkas aslinya, simpan ulang sebagai gambar PNG, lalu kirim lagi."
    ), answer
