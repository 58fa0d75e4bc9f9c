"""The coordination letter (Surat Koordinasi) of step 2, generated from a template as a PDF.

The PDF is written by hand (one font, A4 pages, wrapped lines), so no extra library is needed; it
is a real PDF that any phone opens, and it passes the bot's own content check like an upload.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

LINE_WIDTH = 88
LINES_PER_PAGE = 60
FONT_SIZE = 11
LEADING = 13
LEFT, TOP = 56, 800


@dataclass(frozen=True)
class LetterFields:
    """What the template needs."""

    organisation: str
    unit_name: str
    item_summary: str
    category_label: str
    deadline_text: str
    sender_name: str
    date_text: str
    cycle_id: int


def letter_lines(fields: LetterFields) -> list[str]:
    """The letter's text, line by line (Indonesian: it is an official document)."""
    body = [
        fields.organisation.upper(),
        "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI (PPID)",
        "",
        f"Nomor    : {fields.cycle_id:04d}/PPID/KOORD",
        "Perihal  : Koordinasi Pengumpulan Informasi Publik",
        f"Tanggal  : {fields.date_text}",
        "",
        f"Kepada Yth. PPID Pelaksana {fields.unit_name}",
        "",
        "Dengan hormat,",
        "",
        "Dalam rangka pelaksanaan SOP Pengumuman Informasi Publik, bersama ini kami mohon "
        "kesediaan Saudara untuk menyiapkan rancangan dokumen informasi publik berikut:",
        "",
        f"Informasi : {fields.item_summary}",
        f"Kategori  : {fields.category_label}",
        f"Batas waktu penyampaian rancangan: {fields.deadline_text}",
        "",
        "Rancangan dokumen disampaikan melalui bot PPID untuk diverifikasi oleh PPID Utama "
        "sebelum dipublikasikan. Atas perhatian dan kerja samanya kami ucapkan terima kasih.",
        "",
        "Petugas Informasi / Operator PPID",
        fields.sender_name,
    ]
    lines: list[str] = []
    for paragraph in body:
        lines.extend(textwrap.wrap(paragraph, LINE_WIDTH) or [""])
    return lines


def _pdf_text(line: str) -> bytes:
    encoded = line.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def render_pdf(lines: list[str]) -> bytes:
    """A minimal PDF 1.4 document showing `lines` in Helvetica on A4 pages."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(len(lines), 1), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    font_id = 3
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page_id, page_lines in zip(page_ids, pages):
        stream = b"BT /F1 %d Tf %d TL %d %d Td\n" % (FONT_SIZE, LEADING, LEFT, TOP)
        stream += b"".join(b"(" + _pdf_text(line) + b") Tj T*\n" for line in page_lines) + b"ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (font_id, page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def coordination_letter_pdf(fields: LetterFields) -> bytes:
    """The filled-in coordination letter as a PDF."""
    return render_pdf(letter_lines(fields))
