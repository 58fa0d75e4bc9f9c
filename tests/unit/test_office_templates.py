"""The office's DOCX templates: filled with every field escaped, refused with the unknown field and
its place, and the shipped Surat Koordinasi in step with its field list; LETTER_NUMBER_FORMAT."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from bot.config import ConfigError, Settings, format_letter_number, load_settings
from bot.office_templates import COORDINATION_LETTER, TemplateError, check_template, fill, shipped_template
from bot.startup_check import document_findings, local_findings
from tests.samples import MINIMAL_PDF, docx_text

KIND = COORDINATION_LETTER


def values(**changes: str) -> dict[str, str]:
    """A value for every field of the coordination letter: the field's own name, marked."""
    return {name: f"[{name}]" for name in KIND.fields} | changes


def template(build: Callable[[Document], object]) -> bytes:
    """A DOCX written by python-docx, as an office's Word would save it, with `build`'s content."""
    document = Document()
    document.add_paragraph("KOP SURAT DINAS SOSIAL")
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(TemplateError) as refused:
        check_template(KIND, data, "/etc/ppid/surat.docx")
    line = str(refused.value)
    assert "\n" not in line  # one line
    assert line.startswith("TEMPLATE_COORDINATION_LETTER (/etc/ppid/surat.docx): ")
    return line


def test_the_shipped_template_passes_its_check_and_uses_every_field() -> None:
    data = shipped_template(KIND)
    check_template(KIND, data, "bawaan")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    xml += zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    used = set(re.findall(r"\{[{%][^}%]*?\b([a-z_]+)\b", xml)) & set(KIND.fields)
    assert used == set(KIND.fields)  # the field list, the docstring and the shipped letter agree


def test_the_shipped_template_is_what_its_generator_writes(tmp_path: Path) -> None:
    from bot.data.templates import make_templates  # type: ignore[import-not-found]

    document = make_templates.coordination_letter()
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue()) == docx_text(shipped_template(KIND))


def test_a_template_with_the_offices_own_layout_fills_every_place() -> None:
    def build(document: Document) -> None:
        document.add_paragraph("Nomor: {{ nomor_surat }}, {{ tanggal_surat }}")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Unit"
        table.cell(0, 1).text = "{{ unit }}"
        table.cell(1, 1).text = "{{ informasi }} ({{ kategori|lower }})"
        document.add_paragraph("{%p if penanda_tangan_nip %}")
        document.add_paragraph("NIP. {{ penanda_tangan_nip }}")
        document.add_paragraph("{%p endif %}")
        document.sections[0].header.paragraphs[0].text = "{{ organisasi }}"
        document.sections[0].footer.paragraphs[0].text = "oleh {{ pengirim }}"

    data = template(build)
    check_template(KIND, data, "kantor")
    filled = fill(KIND, data, values(
        nomor_surat="000.5/7/PPID-DINSOS/2026", unit="Dinas Sosial", informasi="Laporan Kinerja", kategori="Berkala",
        penanda_tangan_nip="", organisasi="Pemerintah Kota Pontianak", pengirim="Oki",
    ))
    text = docx_text(filled)
    assert "Nomor: 000.5/7/PPID-DINSOS/2026, [tanggal_surat]" in text
    assert "Dinas Sosial" in text and "Laporan Kinerja (berkala)" in text
    assert "NIP." not in text  # the block drops out without a NIP
    assert "Pemerintah Kota Pontianak" in text and "oleh Oki" in text
    assert "{{" not in text and "{%" not in text


def test_values_with_markup_and_non_latin_text_survive_into_the_docx() -> None:
    summary = "Cakupan imunisasi ≥ 95% — Puskesmas <Siantan> & \"Kampung Bali\""
    names = "I Gusti Ngurah Rai, Siti Nur'aini, Dayang Sumbi"
    filled = fill(KIND, shipped_template(KIND), values(informasi=summary, penerima=names, organisasi="Pemkot & Co"))
    text = docx_text(filled)  # python-docx parses it: the XML is sound
    assert f"Informasi\t: {summary}" in text
    assert f"({names})" in text
    assert "PEMKOT & CO" in text
    xml = zipfile.ZipFile(io.BytesIO(filled)).read("word/document.xml").decode()
    assert "&lt;Siantan&gt; &amp;" in xml  # escaped once, not twice, not raw


def test_fill_wants_exactly_the_fields_of_the_kind() -> None:
    with pytest.raises(ValueError, match="missing"):
        fill(KIND, shipped_template(KIND), {"nomor_surat": "1"})
    with pytest.raises(ValueError, match="unknown"):
        fill(KIND, shipped_template(KIND), values(nomor_agenda="1"))


@pytest.mark.parametrize(
    ("build", "field", "place", "around"),
    [
        (lambda d: d.add_paragraph("Nomor : {{ nomor_srat }} tanggal"), "nomor_srat", "paragraf isi ke-2",
         "«Nomor : {{ nomor_srat }} tanggal»"),
        (lambda d: d.add_table(rows=1, cols=2).cell(0, 1).paragraphs[0].add_run("Unit: {{ unit_kerja }}"),
         "unit_kerja", "tabel ke-1 baris 1 kolom 2", "«Unit: {{ unit_kerja }}»"),
        (lambda d: d.sections[0].header.paragraphs[0].add_run("{{ logo_dinas }} Dinas Sosial"), "logo_dinas",
         "kepala halaman, paragraf ke-1", "«{{ logo_dinas }} Dinas Sosial»"),
        (lambda d: d.sections[0].footer.paragraphs[0].add_run("Halaman {{ halaman }}"), "halaman",
         "kaki halaman, paragraf ke-1", "«Halaman {{ halaman }}»"),
        (lambda d: d.add_paragraph("{% if nip %}NIP{% endif %}"), "nip", "paragraf isi ke-2", "«{% if nip %}NIP{% endif %}»"),
    ],
)
def test_an_unknown_field_is_refused_with_its_place(
    build: Callable[[Document], object], field: str, place: str, around: str
) -> None:
    line = refusal(template(build))
    assert f"kolom {{{{ {field} }}}} tidak dikenal" in line
    assert f" di {place}: {around}" in line
    assert "kolom Surat Koordinasi: nomor_surat, tanggal_surat," in line  # what it may use instead


def test_a_near_miss_gets_the_field_it_meant() -> None:
    assert "(maksudnya {{ nomor_surat }}?)" in refusal(template(lambda d: d.add_paragraph("{{ nomor_srat }}")))


def test_a_field_split_across_words_in_word_is_still_found() -> None:
    def build(document: Document) -> None:
        paragraph = document.add_paragraph("Yth. ")
        for part in ("{{ ", "kepala", "_dinas", " }}"):  # Word splits a word into runs as it is edited
            paragraph.add_run(part).bold = part == "kepala"

    assert "kolom {{ kepala_dinas }} tidak dikenal di paragraf isi ke-2: «Yth. {{ kepala_dinas }}»" in refusal(template(build))


def test_broken_jinja_and_files_that_are_not_docx_are_refused() -> None:
    assert "kolom {{ nomor surat }} tidak sah" in refusal(template(lambda d: d.add_paragraph("{{ nomor surat }}")))
    assert "periksa pasangan {% if %}" in refusal(template(lambda d: d.add_paragraph("{%p if unit %}")))
    assert "bukan dokumen Word DOCX" in refusal(MINIMAL_PDF)
    assert "bukan dokumen Word DOCX" in refusal(b"{{ nomor_surat }} as plain text")


def test_the_start_up_check_names_the_template_problem(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    own = tmp_path / "surat.docx"
    own.write_bytes(template(lambda d: d.add_paragraph("Kepada {{ kepala_unit }}")))
    findings = local_findings(make_settings(template_coordination_letter=own))
    refused = [finding for finding in findings if not finding.ok and "templat" in finding.indonesian]
    assert len(refused) == 1 and refused[0].fatal
    assert refused[0].indonesian.startswith(
        f"templat Surat Koordinasi tidak dapat dipakai: TEMPLATE_COORDINATION_LETTER ({own}): kolom {{{{ kepala_unit }}}} "
        "tidak dikenal di paragraf isi ke-2: «Kepada {{ kepala_unit }}»"
    )
    missing = document_findings(make_settings(template_coordination_letter=tmp_path / "tidak_ada.docx"))
    assert not missing[0].ok and "tidak dapat dibaca" in missing[0].indonesian
    shipped = document_findings(make_settings())
    assert shipped[0].ok and shipped[0].indonesian == "templat Surat Koordinasi: templat bawaan surat_koordinasi.docx"


def test_no_libreoffice_is_said_at_start_but_does_not_stop_the_bot(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(make_pdf=True, soffice_path=tmp_path / "soffice")
    line = document_findings(settings)[-1]
    assert not line.ok and not line.fatal
    assert "surat dikirim sebagai DOCX saja; untuk PDF pasang paket libreoffice-writer-nogui" in line.indonesian
    assert document_findings(make_settings())[-1].indonesian.startswith("salinan PDF dimatikan (SOFFICE_PATH=off)")


def test_the_signatory_and_template_settings_are_read(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TEMPLATE_COORDINATION_LETTER": "surat.docx", "SIGNATORY_NAME": "Dra. Hj. Siti Aisyah, M.Si",
            "SIGNATORY_TITLE": "Kepala Dinas Sosial", "SIGNATORY_NIP": "19700101 199503 2 001",
            "PDF_CONVERSION_SECONDS": "30", "SOFFICE_PATH": "/opt/libreoffice/program/soffice",
        },
        base_dir=tmp_path,
    )
    assert settings.template_coordination_letter == tmp_path / "surat.docx"
    assert (settings.signatory_name, settings.signatory_title, settings.signatory_nip) == (
        "Dra. Hj. Siti Aisyah, M.Si", "Kepala Dinas Sosial", "19700101 199503 2 001",
    )
    assert settings.pdf_conversion_seconds == 30 and settings.make_pdf
    assert settings.soffice_path == Path("/opt/libreoffice/program/soffice")
    with pytest.raises(ConfigError, match="PDF_CONVERSION_SECONDS"):
        load_settings({"PDF_CONVERSION_SECONDS": "0"})
    default = load_settings({})
    assert default.template_coordination_letter is None and default.signatory_name is None and default.make_pdf
    assert not load_settings({"SOFFICE_PATH": "off"}).make_pdf
    assert dataclasses.replace(default).letter_number_format == "{nomor:03d}/PPID/{tahun}"


def test_letter_number_formats_of_offices_work() -> None:
    office = load_settings({"LETTER_NUMBER_FORMAT": "000.5/{nomor}/PPID-DINSOS/{tahun}"}).letter_number_format
    assert format_letter_number(office, 123, 2026, 12) == "000.5/123/PPID-DINSOS/2026"
    assert format_letter_number(load_settings({}).letter_number_format, 7, 2026, 1) == "007/PPID/2026"
    roman = load_settings({"LETTER_NUMBER_FORMAT": "{nomor:03d}/PPID/{bulan_romawi}/{tahun}"}).letter_number_format
    assert format_letter_number(roman, 7, 2026, 12) == "007/PPID/XII/2026"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("000.5/{nomer}/PPID/{tahun}", "tempat isian tidak dikenal {nomer}; yang dikenal: {nomor}, {tahun}, {bulan}, {bulan_romawi}"),
        ("{nomor.real}/PPID", "tempat isian tidak dikenal {nomor.real}"),
        ("PPID/{tahun}", "harus memuat {nomor}"),
        ("{nomor:03d/PPID", "susunan {...} tidak sah"),
        ("{nomor:x<}/{tahun:%Y}", "tidak dapat diisi"),
    ],
)
def test_a_letter_number_format_that_cannot_work_is_refused_naming_the_key(pattern: str, problem: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings({"LETTER_NUMBER_FORMAT": pattern})
    assert refused.value.key == "LETTER_NUMBER_FORMAT"
    assert problem in refused.value.problem


def test_a_template_edited_after_it_passed_is_judged_again_and_refused_every_time() -> None:
    good = template(lambda document: document.add_paragraph("Nomor: {{ nomor_surat }}"))
    check_template(KIND, good, "/etc/ppid/surat.docx")
    check_template(KIND, good, "/etc/ppid/surat.docx")  # the same content: passes again
    edited = template(lambda document: document.add_paragraph("Nomor: {{ nomor_surat }} {{ kepala_dinas }}"))
    for _ in range(2):  # a refusal is never remembered as a pass
        assert "kepala_dinas" in refusal(edited)
