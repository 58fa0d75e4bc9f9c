"""Writes the default templates shipped in this folder (python-docx): run it after changing them.

    .venv/bin/python bot/data/templates/make_templates.py

Each template is an ordinary Word document with Jinja fields (`{{ nomor_surat }}`, ...) that
docxtpl fills; the fields of each kind are listed in `bot/office_templates.py`. An office opens
the file in Word, puts its own kop surat, logo and signature block around the same fields, and
points the kind's setting (TEMPLATE_COORDINATION_LETTER, TEMPLATE_YEARLY_REPORT, TEMPLATE_EXEMPTION_DECISION) at its
copy.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"  # Times New Roman's metric twin, in every LibreOffice
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    return document


def _line(document: Document, text: str = "", *, bold: bool = False, size: float | None = None,
          align: WD_ALIGN_PARAGRAPH | None = None, indent_cm: float = 0, tab_cm: float | None = None) -> None:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent_cm:
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
    if tab_cm is not None:
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(tab_cm))
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)


def coordination_letter() -> Document:
    """Surat Koordinasi (step 2): kop surat, number block, addressee, body, signature block."""
    document = _document()
    centre = WD_ALIGN_PARAGRAPH.CENTER
    # Kop surat: the organisation comes from the SOP file's header.
    _line(document, "{{ organisasi|upper }}", bold=True, size=14, align=centre)
    _line(document, "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI (PPID)", bold=True, size=12, align=centre)
    _line(document, "━" * 38, align=centre)
    _line(document)
    _line(document, "{{ tanggal_surat }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for label, value in (
        ("Nomor", "{{ nomor_surat }}"), ("Sifat", "Biasa"), ("Lampiran", "-"),
        ("Perihal", "Koordinasi Pengumpulan Informasi Publik"),
    ):
        _line(document, f"{label}\t: {value}", tab_cm=2.5)
    _line(document)
    _line(document, "Kepada Yth.")
    _line(document, "PPID Pelaksana {{ unit }}")
    _line(document, "({{ penerima }})")
    _line(document, "di tempat")
    _line(document)
    _line(document, "Dengan hormat,")
    body = document.add_paragraph(
        "Dalam rangka pelaksanaan SOP Pengumuman Informasi Publik, bersama ini kami mohon kesediaan "
        "Bapak/Ibu untuk menyiapkan rancangan dokumen informasi publik berikut:"
    )
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_before = Pt(6)
    body.paragraph_format.space_after = Pt(6)
    for label, value in (
        ("Informasi", "{{ informasi }}"), ("Kategori", "{{ kategori }}"), ("Batas waktu", "{{ batas_waktu }}"),
    ):
        _line(document, f"{label}\t: {value}", indent_cm=1, tab_cm=3.5)
    closing = document.add_paragraph(
        "Rancangan dokumen disampaikan melalui bot PPID untuk diverifikasi oleh PPID Utama sebelum "
        "dipublikasikan. Atas perhatian dan kerja sama Bapak/Ibu kami ucapkan terima kasih."
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    closing.paragraph_format.space_before = Pt(6)
    _line(document)
    # Signature block: SIGNATORY_NAME / _TITLE / _NIP, or the sender.
    _line(document, "{{ penanda_tangan_jabatan }}", indent_cm=9)
    for _ in range(3):
        _line(document, indent_cm=9)
    _line(document, "{{ penanda_tangan_nama }}", bold=True, indent_cm=9)
    _line(document, "{% if penanda_tangan_nip %}NIP {{ penanda_tangan_nip }}{% endif %}", indent_cm=9)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Dikirim melalui bot PPID oleh {{ pengirim }}"
    footer.runs[0].font.size = Pt(9)
    return document


# What the bot does not hold: the PPID writes it in (the report keeps the places clearly marked).
TO_FILL = "[diisi oleh PPID: {what}]"


def _heading(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run(text)
    run.bold = True


def _rows_table(document: Document, headers: list[str], row_fields: list[str], items: str, total: str | None = None,
               widths_cm: list[float] | None = None) -> None:
    """A table whose rows repeat over the list `items` (docxtpl `{%tr for %}`), optionally with
    the single-row list `total` below; `widths_cm`: each column's width (16 cm in all)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    for source in ([items] if total is None else [items, total]):
        table.add_row().cells[0].text = f"{{%tr for row in {source} %}}"
        cells = table.add_row().cells
        for cell, name in zip(cells, row_fields):
            cell.text = f"{{{{ row.{name} }}}}"
        table.add_row().cells[0].text = "{%tr endfor %}"
    if widths_cm is not None:  # Word reads the cells' widths, LibreOffice the grid's
        table.autofit = False
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)
    for row in table.rows:
        for number, cell in enumerate(row.cells):
            if widths_cm is not None:
                cell.width = Cm(widths_cm[number])
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)


def yearly_report() -> Document:
    """Laporan Tahunan Layanan Informasi Publik (Perki 1/2021): the figures the bot holds, and
    marked places for what the PPID writes in."""
    document = _document()
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _line(document, "LAPORAN TAHUNAN LAYANAN INFORMASI PUBLIK", bold=True, size=14, align=centre)
    _line(document, "TAHUN {{ tahun }}", bold=True, size=14, align=centre)
    _line(document, "{{ organisasi|upper }}", bold=True, align=centre)
    _line(document, "━" * 38, align=centre)
    _line(document, "Disusun {{ tanggal_laporan }}; angka dari bot PPID per {{ dibuat_pada }}.", size=10, align=centre)

    _heading(document, "I. Gambaran Umum Kebijakan Pelayanan Informasi Publik")
    _line(document, TO_FILL.format(what="gambaran umum kebijakan dan struktur PPID"))
    _heading(document, "II. Pelaksanaan Pelayanan Informasi Publik")
    _line(document, "A. Sarana dan prasarana: " + TO_FILL.format(what="sarana dan prasarana pelayanan informasi"))
    _line(document, "B. Sumber daya manusia: " + TO_FILL.format(what="jumlah dan kualifikasi petugas PPID"))
    _line(document, "C. Anggaran: " + TO_FILL.format(what="anggaran pelayanan informasi dan realisasinya"))

    _heading(document, "III. Informasi yang Diumumkan")
    _line(document, "Sepanjang tahun {{ tahun }}: {{ jumlah_pengumuman }} pengumuman atas {{ jumlah_informasi }} informasi.")
    _rows_table(
        document, ["Kategori", "Terdaftar di DIP", "Informasi diumumkan", "Pengumuman"],
        ["nama", "terdaftar", "informasi", "pengumuman"], "kategori",
    )
    _heading(document, "IV. Ketepatan Waktu Informasi Berkala per Unit")
    _rows_table(
        document, ["Unit", "Jatuh tempo", "Tepat waktu", "Terlambat", "Lewat jatuh tempo", "Belum jatuh tempo", "% tepat waktu"],
        ["unit", "jatuh_tempo", "tepat_waktu", "terlambat", "lewat", "belum", "persen"], "kepatuhan_unit",
        "kepatuhan_total", [4.6, 1.9, 1.9, 1.9, 1.9, 1.9, 1.9],
    )
    _heading(document, "V. Informasi Serta Merta")
    _line(document,
          "{{ serta_merta_jumlah }} siklus, {{ serta_merta_diumumkan }} diumumkan; median selang {{ serta_merta_median }} jam, "
          "terlama {{ serta_merta_terlama }} jam; {{ serta_merta_dalam_standar }} dalam {{ serta_merta_standar_jam }} jam "
          "(standar SOP).")
    _rows_table(
        document, ["No", "Informasi", "Unit", "Status", "Dibuka", "Diumumkan", "Jam", "Hari kerja"],
        ["no", "informasi", "unit", "status", "dibuka", "diumumkan", "jam", "hari_kerja"], "serta_merta",
        widths_cm=[0.9, 3.3, 2.4, 2.3, 2.3, 2.3, 1.2, 1.3],
    )
    _heading(document, "VI. Daftar Informasi yang Dikecualikan")
    _rows_table(
        document, ["No", "Informasi", "Unit", "Dasar (UU 14/2008 Pasal 17)", "Jangka waktu"],
        ["no", "informasi", "unit", "dasar", "jangka_waktu"], "dikecualikan",
        widths_cm=[0.9, 5.6, 3.0, 3.5, 3.0],
    )
    _heading(document, "VII. Permohonan Informasi dan Keberatan")
    _line(document, TO_FILL.format(what="jumlah permohonan informasi, waktu layanan, permohonan yang ditolak dan alasannya"))
    _line(document, TO_FILL.format(what="jumlah keberatan dan sengketa informasi serta penyelesaiannya"))
    _heading(document, "VIII. Kendala dan Rekomendasi")
    _line(document, TO_FILL.format(what="kendala internal dan eksternal pelayanan informasi"))
    _line(document, TO_FILL.format(what="rekomendasi dan rencana tindak lanjut"))
    _line(document)
    _line(document, "{{ penanda_tangan_jabatan }}", indent_cm=9)
    for _ in range(3):
        _line(document, indent_cm=9)
    _line(document, "{{ penanda_tangan_nama }}", bold=True, indent_cm=9)
    _line(document, "{% if penanda_tangan_nip %}NIP {{ penanda_tangan_nip }}{% endif %}", indent_cm=9)
    return document


def exemption_decision() -> Document:
    """Keputusan PPID tentang Penetapan Informasi yang Dikecualikan: the consequence test as the
    decision the deciding official signs (UU 14/2008 Pasal 17, Perki 1/2021)."""
    document = _document()
    centre, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _line(document, "{{ organisasi|upper }}", bold=True, size=14, align=centre)
    _line(document, "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI (PPID)", bold=True, size=12, align=centre)
    _line(document, "━" * 38, align=centre)
    _line(document)
    _line(document, "KEPUTUSAN PPID", bold=True, align=centre)
    _line(document, "NOMOR {{ nomor_keputusan }}", align=centre)
    _line(document)
    _line(document, "TENTANG", align=centre)
    _line(document, "PENETAPAN INFORMASI YANG DIKECUALIKAN", bold=True, align=centre)
    _line(document)
    _line(document, "Menimbang\t: bahwa berdasarkan uji konsekuensi sebagaimana dimaksud dalam Pasal 2 ayat (4) "
          "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik, informasi berikut perlu "
          "ditetapkan sebagai informasi yang dikecualikan;", tab_cm=3)
    _line(document, "Mengingat\t: Undang-Undang Nomor 14 Tahun 2008 Pasal 17; Peraturan Komisi Informasi Nomor 1 "
          "Tahun 2021 tentang Standar Layanan Informasi Publik;", tab_cm=3)
    _line(document)
    _line(document, "MEMUTUSKAN", bold=True, align=centre)
    _line(document, "Menetapkan\t: informasi berikut sebagai informasi yang dikecualikan:", tab_cm=3)
    for label, value in (
        ("Informasi", "{{ summary }} (nomor register {{ item_id }})"), ("Unit pemilik", "{{ unit }}"),
        ("Bagian yang dikecualikan", "{{ part }}"), ("Dasar hukum", "{{ legal_basis }}"),
    ):
        _line(document, f"{label}\t: {value}", indent_cm=1, tab_cm=6)
    _line(document, "Alasan pengecualian (Pasal 17):", indent_cm=1)
    _line(document, "{%p for g in grounds %}")
    _line(document, "{{ g.letter }}. {{ g.description }}", indent_cm=1.5)
    _line(document, "{%p endfor %}")
    for heading, value in (
        ("Akibat bila informasi dibuka (konsekuensi):", "{{ consequence }}"),
        ("Pertimbangan terhadap kepentingan publik:", "{{ public_interest }}"),
    ):
        _line(document, heading, indent_cm=1)
        paragraph = document.add_paragraph(value)
        paragraph.alignment = justify
        paragraph.paragraph_format.left_indent = Cm(1.5)
    _line(document, "Jangka waktu pengecualian\t: sampai dengan {{ until }}", indent_cm=1, tab_cm=6)
    _line(document, "Uji konsekuensi dicatat\t: {{ decided_at }}", indent_cm=1, tab_cm=6)
    closing = document.add_paragraph(
        "Keputusan ini berlaku sejak tanggal ditetapkan. Setelah jangka waktu pengecualian berakhir, "
        "informasi tersebut diuji kembali."
    )
    closing.alignment = justify
    closing.paragraph_format.space_before = Pt(6)
    _line(document)
    _line(document, "Ditetapkan pada tanggal {{ tanggal_keputusan }}", indent_cm=9)
    _line(document, "{{ decider_position }}", indent_cm=9)
    for _ in range(3):
        _line(document, indent_cm=9)
    _line(document, "{{ decider_name }}", bold=True, indent_cm=9)
    return document


def main() -> None:
    coordination_letter().save(HERE / "surat_koordinasi.docx")
    yearly_report().save(HERE / "laporan_tahunan.docx")
    exemption_decision().save(HERE / "keputusan_pengecualian.docx")


if __name__ == "__main__":
    main()
