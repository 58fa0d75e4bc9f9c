"""Tables as files a person opens on a phone or a desk: XLSX workbooks and CSV.

Every report of the bot (the DIP register, a coordination report, compliance and the yearly figures)
is a list of `Table`s; this module turns them into bytes, and nothing else. Text typed by staff ends
up in these cells, so a cell is never a formula: in XLSX every text is stored as text, and in CSV
a text that a spreadsheet would read as a formula (`runs_as_formula`: `=`, `+`, `-`, `@`, tab or
carriage return at the start, unless it is a plain number like "-5"; so is each part of it after a ";" or
a tab, where Excel in the Indonesian locale splits a line) is prefixed with an
apostrophe, the usual guard against formula injection. Uploaded CSV files are judged by the same
rule (`bot.filetypes`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.xlsx_file import XlsxFile

__all__ = ["FORMULA_STARTS", "Cell", "CsvWriter", "Table", "csv_bytes", "csv_line", "runs_as_formula", "safe_sheet_title", "xlsx_bytes"]

Cell = str | int | float | date | datetime | None

MAX_SHEET_TITLE = 31  # Excel's limit
_FORBIDDEN_IN_TITLE = set("[]:*?/\\")
# What a spreadsheet (Excel, LibreOffice, Google Sheets) may start a formula with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number, in either notation ("-5", "+62812", "-1.250.000,50", "-0.5e3", "-12%"), and
# dashes alone ("-" for "none"): a spreadsheet reads them as a value, never as a formula.
_PLAIN_VALUE = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?|-+")
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class Table:
    """One sheet: a title, optional lines above the header row, the header row and the rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    preamble: Sequence[str] = field(default_factory=tuple)
    widths: Sequence[int] | None = None  # column widths in characters; None: from the headers


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could run `text`, a cell's text, as a formula: it starts with one of
    `FORMULA_STARTS` and is not a plain signed number."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_VALUE.fullmatch(text) is None


def safe_sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """`title` made acceptable to Excel (no []:*?/\\, at most 31 characters) and unique."""
    cleaned = "".join(" " if ch in _FORBIDDEN_IN_TITLE else ch for ch in title).strip() or "Sheet"
    cleaned = cleaned[:MAX_SHEET_TITLE]
    used = {name.lower() for name in taken}
    candidate, number = cleaned, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = cleaned[: MAX_SHEET_TITLE - len(suffix)] + suffix
        number += 1
    return candidate


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table (rows are streamed: a long register stays cheap): the
    preamble and the header row in bold, a text longer than a column can show wrapped."""
    buffer = io.BytesIO()
    with XlsxFile(buffer, wrap_longer_than=MAX_COLUMN_WIDTH) as workbook:
        titles: list[str] = []
        for table in tables:
            title = safe_sheet_title(table.title, titles)
            titles.append(title)
            widths = table.widths or [min(MAX_COLUMN_WIDTH, max(10, len(h) + 2)) for h in table.headers]
            with workbook.sheet(title, widths) as sheet:
                for line in table.preamble:
                    sheet.row([line], bold=True)
                if table.preamble:
                    sheet.row([])
                sheet.row(table.headers, bold=True)
                for row in table.rows:
                    sheet.row(row)
        if not titles:
            with workbook.sheet("Sheet"):
                pass
    return buffer.getvalue()


# Where Excel may split a line of our comma-separated file all the same: at its locale's list
# separator (";" in Indonesian) or a tab. A cell's text after one of them is a cell of its own then.
_OTHER_SPLITS = re.compile(r"([;\t])")


def _guard_formulas(text: str) -> str:
    """`text` with an apostrophe before it, and before each part of it after a ";" or a tab, that a
    spreadsheet would otherwise run as a formula (judged up to the next comma, as the upload
    check does: "+5,x" is a number and more text)."""
    if runs_as_formula(text):
        text = "'" + text
    pieces = _OTHER_SPLITS.split(text)
    for index in range(2, len(pieces), 2):  # the parts after a separator
        if runs_as_formula(pieces[index].split(",", 1)[0]):
            pieces[index] = "'" + pieces[index]
    return "".join(pieces)


def _csv_text(value: Cell) -> str | int | float:
    """A cell as the CSV writes it (numbers are left to the csv module, which writes them as `str`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Most texts start with a letter and hold no ";" or tab: nothing to guard.
        if value.startswith(FORMULA_STARTS) or ";" in value or "\t" in value:
            return _guard_formulas(value)
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


class CsvWriter:
    """The CSV of `csv_bytes`, a row at a time: for a file written in the same pass over the rows
    as another one (the DIP's XLSX and CSV). The header row first; `finish()` gives the bytes."""

    def __init__(self, headers: Sequence[str]) -> None:
        self._buffer = io.BytesIO()
        # Encoded as it is written: a long register is held once, as bytes, not also as one big str.
        self._text = io.TextIOWrapper(self._buffer, encoding="utf-8-sig", newline="", write_through=True)
        self._writer = csv.writer(self._text, lineterminator="\r\n")
        self.add(headers)

    def add(self, row: Sequence[Cell]) -> None:
        self._writer.writerow([_csv_text(value) for value in row])

    def finish(self) -> bytes:
        data = self._buffer.getvalue()
        self._text.close()
        return data


def csv_bytes(table: Table) -> bytes:
    """The table as CSV (comma-separated, RFC 4180 quoting), UTF-8 with a BOM so that Excel reads
    the Indonesian text right; the preamble is left out, so the first line is the header row."""
    writer = CsvWriter(table.headers)
    for row in table.rows:
        writer.add(row)
    return writer.finish()


def csv_line(values: Sequence[Cell]) -> str:
    """One line of the CSV that `csv_bytes` writes (same quoting, same formula guard, CRLF), for a
    file sent a line at a time (the web site's open data); the file then starts with a BOM
    ("\\ufeff") as `csv_bytes`'s does."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_csv_text(value) for value in values])
    return buffer.getvalue()
