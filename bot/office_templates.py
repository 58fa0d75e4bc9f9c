"""The documents the office signs, filled from DOCX templates the office edits in Word (docxtpl).

A template is an ordinary DOCX with Jinja fields in its text: `{{ nomor_surat }}`, `{{ unit }}`, ...
(and, for those who need them, docxtpl's `{% if %}` / `{%p if %}` blocks). Each kind of document
has a fixed set of fields; the bot fills every one and knows no other. The package ships a default
template per kind (`bot/data/templates/`, written by `bot/data/templates/make_templates.py`); an
office points the kind's setting at its own copy (its kop surat, logo, numbering, signature block).

Fields of the coordination letter (`surat_koordinasi`, setting TEMPLATE_COORDINATION_LETTER):

    nomor_surat             the letter's number (LETTER_NUMBER_FORMAT, from the per-year counter)
    tanggal_surat           the letter's date, e.g. "2 Desember 2026"
    organisasi              the organisation, from the SOP file's header
    unit                    the unit (OPD / bidang) the letter goes to
    penerima                the names of the unit's PPID Pelaksana who receive it
    informasi               the information item (its summary in the register)
    kategori                its category (Berkala, Serta merta, ...)
    batas_waktu             the deadline for the draft (step 3)
    pengirim                the Operator PPID who sends the letter through the bot
    penanda_tangan_nama     the signatory's name (SIGNATORY_NAME; empty: the sender's name)
    penanda_tangan_jabatan  the signatory's title (SIGNATORY_TITLE; empty: the sender's role)
    penanda_tangan_nip      the signatory's NIP (SIGNATORY_NIP; may be empty)

Fields of the yearly report (`laporan_tahunan`, setting TEMPLATE_YEARLY_REPORT): the plain fields
and the lists (`bot/yearly_report.py` fills them; a list is a table's rows, docxtpl's
`{%tr for row in kategori %}` ... `{%tr endfor %}`, each row's columns as `{{ row.nama }}`):

    tahun, organisasi, tanggal_laporan, dibuat_pada   the year, the organisation, today, the moment
    jumlah_pengumuman, jumlah_informasi                announcements and items announced in the year
    kategori        rows: nama, terdaftar, informasi, pengumuman
    kepatuhan_unit  rows: unit, jatuh_tempo, tepat_waktu, terlambat, lewat, belum, persen
    kepatuhan_total one row of the same columns, every unit together (unit: "Semua unit")
    serta_merta     rows: no, informasi, unit, status, dibuka, diumumkan, jam, hari_kerja
    serta_merta_jumlah, serta_merta_diumumkan, serta_merta_median, serta_merta_terlama,
    serta_merta_standar_jam, serta_merta_dalam_standar
    dikecualikan    rows: no, informasi, unit, dasar, jangka_waktu
    penanda_tangan_nama, penanda_tangan_jabatan, penanda_tangan_nip

Fields of the exemption decision (`keputusan_pengecualian`, setting TEMPLATE_EXEMPTION_DECISION;
all but the first three from `bot.exemption.decision_fields`):

    nomor_keputusan         the decision's number (DECISION_NUMBER_FORMAT, its own per-year counter)
    tanggal_keputusan       the decision's date
    organisasi              the organisation, from the SOP file's header
    item_id, summary, unit  the item: its number in the register, summary and unit
    part                    the part of the information exempted
    legal_basis             "UU 14/2008 Pasal 17 huruf a, h"
    grounds                 the letters, a list: `{%p for g in grounds %}` `{{ g.letter }}. {{ g.description }}`
    consequence             the consequence if disclosed
    public_interest         the weighing against the public interest
    until, until_iso        the end of the exemption period ("30 Nov 2031", "2031-11-30")
    decider_name            the official who decides, and their position (decider_position)
    decided_at              when the consequence test was recorded

A template is checked at start (`check_template`, called by `bot/startup_check.py`): a file that
is not a DOCX, a field the bot does not know, or a broken `{{ ... }}` is refused with one line
naming the field and its place (body paragraph N, table N row R column C, header, footer) and the
text around it; and it is filled once with sample values (`DocumentKind.rows` gives a list's
columns), so what only filling finds is refused at start too, not when a document is asked for:
`{{ unit.nama }}` on a plain field, `{{ row.kolom_salah }}` in a table, `{{ nomor_surat[9] }}`, and
what the sandbox forbids (`{{ ''.__class__ }}`). It is checked again before each use, but a
template's content is checked in full only once per process (a letter made from the same template
again skips it). Filling escapes every value (`<` or `&` in a summary cannot break the XML).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.resources
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from bot.config import Settings
from bot.filetypes import DOCX, inspect_content


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document the bot fills: its template's file and setting, and its fields."""

    key: str
    title: str  # in Indonesian, for messages
    setting: str  # the environment key of an office's own template
    setting_field: str  # its field on Settings
    shipped: str  # the default template's file name in bot/data/templates/
    fields: Mapping[str, str]  # field -> what it holds (Indonesian)
    rows: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # a list field -> its rows' columns

    def configured(self, settings: Settings) -> Path | None:
        """The office's own template file, or None for the shipped one."""
        path: Path | None = getattr(settings, self.setting_field)
        return path


COORDINATION_LETTER = DocumentKind(
    key="surat_koordinasi",
    title="Surat Koordinasi",
    setting="TEMPLATE_COORDINATION_LETTER",
    setting_field="template_coordination_letter",
    shipped="surat_koordinasi.docx",
    fields={
        "nomor_surat": "nomor surat (LETTER_NUMBER_FORMAT)",
        "tanggal_surat": "tanggal surat",
        "organisasi": "nama organisasi (kepala SOP)",
        "unit": "unit tujuan surat",
        "penerima": "nama PPID Pelaksana penerima",
        "informasi": "ringkasan informasi publik",
        "kategori": "kategori informasi",
        "batas_waktu": "batas waktu rancangan",
        "pengirim": "Operator PPID pengirim",
        "penanda_tangan_nama": "nama penanda tangan",
        "penanda_tangan_jabatan": "jabatan penanda tangan",
        "penanda_tangan_nip": "NIP penanda tangan",
    },
)
YEARLY_REPORT = DocumentKind(
    key="laporan_tahunan",
    title="Laporan Tahunan",
    setting="TEMPLATE_YEARLY_REPORT",
    setting_field="template_yearly_report",
    shipped="laporan_tahunan.docx",
    fields={
        "tahun": "tahun laporan",
        "organisasi": "nama organisasi (kepala SOP)",
        "tanggal_laporan": "tanggal laporan dibuat",
        "dibuat_pada": "waktu angka dihitung",
        "jumlah_pengumuman": "jumlah pengumuman dalam tahun",
        "jumlah_informasi": "jumlah informasi yang diumumkan",
        "kategori": "daftar per kategori (nama, terdaftar, informasi, pengumuman)",
        "kepatuhan_unit": "daftar kepatuhan berkala per unit (unit, jatuh_tempo, tepat_waktu, terlambat, lewat, belum, persen)",
        "kepatuhan_total": "kepatuhan semua unit (kolom yang sama)",
        "serta_merta": "daftar pengumuman serta merta (no, informasi, unit, status, dibuka, diumumkan, jam, hari_kerja)",
        "serta_merta_jumlah": "jumlah siklus serta merta",
        "serta_merta_diumumkan": "jumlah serta merta yang diumumkan",
        "serta_merta_median": "median selang serta merta (jam)",
        "serta_merta_terlama": "selang serta merta terlama (jam)",
        "serta_merta_standar_jam": "standar SOP serta merta (jam)",
        "serta_merta_dalam_standar": "jumlah serta merta dalam standar SOP",
        "dikecualikan": "daftar informasi yang dikecualikan (no, informasi, unit, dasar, jangka_waktu)",
        "penanda_tangan_nama": "nama penanda tangan",
        "penanda_tangan_jabatan": "jabatan penanda tangan",
        "penanda_tangan_nip": "NIP penanda tangan",
    },
    rows={
        "kategori": ("nama", "terdaftar", "informasi", "pengumuman"),
        "kepatuhan_unit": ("unit", "jatuh_tempo", "tepat_waktu", "terlambat", "lewat", "belum", "persen"),
        "kepatuhan_total": ("unit", "jatuh_tempo", "tepat_waktu", "terlambat", "lewat", "belum", "persen"),
        "serta_merta": ("no", "informasi", "unit", "status", "dibuka", "diumumkan", "jam", "hari_kerja"),
        "dikecualikan": ("no", "informasi", "unit", "dasar", "jangka_waktu"),
    },
)
EXEMPTION_DECISION = DocumentKind(
    key="keputusan_pengecualian",
    title="Keputusan Penetapan Informasi yang Dikecualikan",
    setting="TEMPLATE_EXEMPTION_DECISION",
    setting_field="template_exemption_decision",
    shipped="keputusan_pengecualian.docx",
    fields={
        "nomor_keputusan": "nomor keputusan (DECISION_NUMBER_FORMAT)",
        "tanggal_keputusan": "tanggal keputusan",
        "organisasi": "nama organisasi (kepala SOP)",
        "item_id": "nomor informasi di register",
        "summary": "ringkasan informasi",
        "unit": "unit pemilik informasi",
        "part": "bagian informasi yang dikecualikan",
        "legal_basis": "dasar hukum (UU 14/2008 Pasal 17 huruf ...)",
        "grounds": "daftar huruf Pasal 17 (g.letter, g.description)",
        "consequence": "akibat bila informasi dibuka",
        "public_interest": "pertimbangan terhadap kepentingan publik",
        "until": "akhir jangka waktu pengecualian",
        "until_iso": "akhir jangka waktu (TTTT-BB-HH)",
        "decider_name": "nama pejabat yang memutuskan",
        "decider_position": "jabatan pejabat yang memutuskan",
        "decided_at": "waktu uji konsekuensi dicatat",
    },
    rows={"grounds": ("letter", "description")},
)
# Every kind, by key.
KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (COORDINATION_LETTER, YEARLY_REPORT, EXEMPTION_DECISION)}

_SNIPPET = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_DOCXTPL_PREFIX = re.compile(r"^(\{\{|\{%)-?(?:p|r|tr|tc|bp)?\s")
_OPENING_TAGS = {"if": "endif", "for": "endfor", "with": "endwith", "macro": "endmacro", "filter": "endfilter"}
_AROUND = 60
# The names a `{% for x in ... %}` block declares (known inside it: `{{ g.letter }}`).

class TemplateError(Exception):
    """A template the bot cannot use; the message is one Indonesian line naming the place."""


@dataclass(frozen=True)
class _Place:
    where: str  # Indonesian: "paragraf isi ke-3", "tabel ke-1 baris 2 kolom 1", "kepala halaman"
    text: str


def shipped_template(kind: DocumentKind) -> bytes:
    """The default template shipped with the package."""
    return (importlib.resources.files("bot") / "data" / "templates" / kind.shipped).read_bytes()


def document_lines(data: bytes) -> list[str]:
    """The text of a filled document as a person reading it sees it, one paragraph a line: the
    body's paragraphs and tables in order, then the headers and footers (the demo prints it)."""
    return [line for place in _places(open_docx(io.BytesIO(data))) for line in place.text.split("\n")]


def template_bytes(kind: DocumentKind, settings: Settings) -> tuple[bytes, str]:
    """The template the office uses for `kind` and where it comes from (for messages). Raises
    TemplateError when the office's file cannot be read."""
    path = kind.configured(settings)
    if path is None:
        return shipped_template(kind), f"templat bawaan {kind.shipped}"
    try:
        return path.read_bytes(), str(path)
    except OSError as error:
        raise TemplateError(f"{kind.setting}: berkas templat {path} tidak dapat dibaca ({error.strerror})") from None


def check_template(kind: DocumentKind, data: bytes, source: str) -> None:
    """Refuse (TemplateError, one line) a template that is not a DOCX, has a broken field, or uses
    a field `kind` does not have, naming the field, its place and the text around it. A content
    that passed once passes at once (the check depends on nothing else); a refused one is checked
    again each time, so its message is always there to show."""
    passed = (kind.key, hashlib.sha256(data).digest())
    if passed in _PASSED:
        return
    _check_template(kind, data, source)
    if len(_PASSED) >= _PASSED_KEPT:  # an office editing its template again and again
        _PASSED.clear()
    _PASSED.add(passed)


# The (kind, sha256 of the content) of every template that passed `check_template`.
_PASSED: set[tuple[str, bytes]] = set()
_PASSED_KEPT = 64


def _check_template(kind: DocumentKind, data: bytes, source: str) -> None:
    prefix = f"{kind.setting} ({source})"
    inspection = inspect_content(data)
    if inspection.file_type != DOCX or not inspection.accepted:
        raise TemplateError(f"{prefix}: bukan dokumen Word DOCX; simpan templat sebagai .docx (Word, bukan .doc atau .docm)")
    try:
        document = open_docx(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise TemplateError(f"{prefix}: dokumen DOCX rusak, tidak dapat dibuka") from None
    places = list(_places(document))
    # The names a `{% for row in list %}` brings in (and Jinja's `loop`) are the template's own.
    known = set(kind.fields) | {"loop"} | {
        name for place in places for snippet in _SNIPPET.findall(place.text) for name in _loop_names(snippet)
    }
    for place in places:
        for snippet in _SNIPPET.findall(place.text):
            try:
                names = _names_in(snippet)
            except TemplateSyntaxError as error:
                raise TemplateError(
                    f"{prefix}: kolom {snippet} tidak sah ({error.message}) di {place.where}: «{_around(place.text, snippet)}»"
                ) from None
            for name in sorted(names - known):
                raise TemplateError(_unknown(prefix, kind, name, place.where, _around(place.text, snippet)))
    # The whole template as docxtpl reads it: fields split across parts the walk above does not
    # reach (text boxes), and blocks that do not close.
    try:
        undeclared = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(jinja_env=_environment())
    except TemplateSyntaxError as error:
        raise TemplateError(
            f"{prefix}: susunan kolom tidak sah, periksa pasangan {{% if %}}…{{% endif %}} dan {{% for %}}…{{% endfor %}} "
            f"({error.message})"
        ) from None
    for name in sorted(undeclared - set(kind.fields)):
        # A loop's variable used outside its loop: named with the place it is used.
        for place in places:
            for snippet in _SNIPPET.findall(place.text):
                try:
                    used = name in _names_in(snippet)
                except TemplateSyntaxError:
                    continue
                if used:
                    raise TemplateError(
                        _unknown(prefix, kind, name, f"{place.where} (di luar perulangan {{% for %}})", _around(place.text, snippet))
                    )
        raise TemplateError(_unknown(prefix, kind, name, "bagian lain dokumen (mis. kotak teks)", name))
    # Filled once with sample values: what only filling finds is refused now, not at the office's request.
    try:
        DocxTemplate(io.BytesIO(data)).render(_sample_values(kind), jinja_env=_environment(), autoescape=True)
    except JinjaError as error:
        for place in places:
            for snippet in _SNIPPET.findall(place.text):
                if _fails_alone(kind, snippet):
                    raise TemplateError(
                        f"{prefix}: kolom {snippet} tidak dapat diisi ({error.message}) di {place.where}: "
                        f"«{_around(place.text, snippet)}»"
                    ) from None
        raise TemplateError(
            f"{prefix}: templat tidak dapat diisi ({error.message}); periksa kolom di dalam perulangan "
            f"{{% for %}}: kolom {kind.title} yang berupa daftar: "
            + "; ".join(f"{name} ({', '.join(columns)})" for name, columns in kind.rows.items())
        ) from None


def fill(kind: DocumentKind, data: bytes, values: Mapping[str, Any]) -> bytes:
    """The template `data` filled with `values` (exactly the fields of `kind`: text, or lists of
    rows for a table), as DOCX bytes.
    Every value is escaped. CPU work of some milliseconds: on the event loop, run it in a thread."""
    missing, extra = set(kind.fields) - set(values), set(values) - set(kind.fields)
    if missing or extra:
        raise ValueError(f"fields of {kind.key}: missing {sorted(missing)}, unknown {sorted(extra)}")
    template = DocxTemplate(io.BytesIO(data))
    template.render(dict(values), jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _sample_values(kind: DocumentKind) -> dict[str, Any]:
    """A value for every field of `kind`: a word, or for a list one row of its columns."""
    return {
        name: [dict.fromkeys(kind.rows[name], "Contoh")] if name in kind.rows else "Contoh" for name in kind.fields
    }


def _fails_alone(kind: DocumentKind, snippet: str) -> bool:
    """Whether the `{{ ... }}` `snippet`, using fields of `kind` only, fails filled with sample values."""
    if not snippet.startswith("{{"):
        return False
    try:
        if not _names_in(snippet) <= set(kind.fields):
            return False  # a loop's own variable: it fails only outside its loop
        plain = _DOCXTPL_PREFIX.sub(lambda match: match.group(1) + " ", snippet)
        _environment().from_string(plain).render(_sample_values(kind))
    except JinjaError:
        return True
    return False


def _environment() -> SandboxedEnvironment:
    # Sandboxed: a template is the office's file, but what it can reach stays the values given.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _names_in(snippet: str) -> set[str]:
    """The top-level names one `{{ ... }}` or `{% ... %}` uses (docxtpl's p/r/tr/tc prefixes
    allowed); TemplateSyntaxError when it is not Jinja."""
    plain = _DOCXTPL_PREFIX.sub(lambda match: match.group(1) + " ", snippet)
    environment = _environment()
    if plain.startswith("{{"):
        return set(meta.find_undeclared_variables(environment.parse(plain)))
    words = plain[2:-2].strip().lstrip("-").split()
    tag = words[0] if words else ""
    if tag in _OPENING_TAGS:
        source = plain + "{% " + _OPENING_TAGS[tag] + " %}"
    elif tag == "elif":
        source = "{% if true %}" + plain + "{% endif %}"
    elif tag == "set":
        source = plain
    else:  # else, endif, endfor, ...: no names
        return set()
    return set(meta.find_undeclared_variables(environment.parse(source)))


_FOR = re.compile(r"^\{%-?(?:tr|tc|p|r)?\s+for\s+([\w\s,()]+?)\s+in\s")


def _loop_names(snippet: str) -> set[str]:
    """The loop variables of a `{% for a, b in ... %}` snippet (docxtpl prefixes allowed)."""
    match = _FOR.match(snippet)
    if match is None:
        return set()
    return {name for name in re.split(r"[\s,()]+", match.group(1)) if name.isidentifier()}


def _unknown(prefix: str, kind: DocumentKind, name: str, where: str, around: str) -> str:
    close = difflib.get_close_matches(name, list(kind.fields), n=1)
    hint = f" (maksudnya {{{{ {close[0]} }}}}?)" if close else ""
    return (
        f"{prefix}: kolom {{{{ {name} }}}} tidak dikenal{hint} di {where}: «{around}»; "
        f"kolom {kind.title}: {', '.join(kind.fields)}"
    )


def _around(text: str, snippet: str) -> str:
    at = text.find(snippet)
    start, end = max(0, at - _AROUND), min(len(text), at + len(snippet) + _AROUND)
    shown = " ".join(text[start:end].split())
    return ("…" if start else "") + shown + ("…" if end < len(text) else "")


def _places(document: DocxDocument) -> Iterator[_Place]:
    """Every paragraph of the document with its place: the body's paragraphs and tables in order,
    then each section's headers and footers."""
    paragraph_no = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph_no += 1
            yield _Place(f"paragraf isi ke-{paragraph_no}", block.text)
        else:
            table_no += 1
            yield from _table_places(block, f"tabel ke-{table_no}")
    for section_no, section in enumerate(document.sections, start=1):
        for label, part in (
            ("kepala halaman", section.header), ("kepala halaman pertama", section.first_page_header),
            ("kepala halaman genap", section.even_page_header), ("kaki halaman", section.footer),
            ("kaki halaman pertama", section.first_page_footer), ("kaki halaman genap", section.even_page_footer),
        ):
            if part.is_linked_to_previous:
                continue
            where = label if len(document.sections) == 1 else f"{label} bagian ke-{section_no}"
            for number, paragraph in enumerate(part.paragraphs, start=1):
                yield _Place(f"{where}, paragraf ke-{number}", paragraph.text)
            for number, table in enumerate(part.tables, start=1):
                yield from _table_places(table, f"{where}, tabel ke-{number}")


def _table_places(table: Table, where: str) -> Iterator[_Place]:
    for row_no, row in enumerate(table.rows, start=1):
        for column_no, cell in enumerate(row.cells, start=1):
            text = "\n".join(paragraph.text for paragraph in cell.paragraphs)
            yield _Place(f"{where} baris {row_no} kolom {column_no}", text)
            for inner_no, inner in enumerate(cell.tables, start=1):
                yield from _table_places(inner, f"{where} baris {row_no} kolom {column_no} tabel ke-{inner_no}")
