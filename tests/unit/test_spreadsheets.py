"""XLSX and CSV writing: read back what was written, and formulas never get in."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from bot.spreadsheets import Table, csv_bytes, safe_sheet_title, xlsx_bytes

ROWS = [
    ["Laporan Keuangan 2026", 3, date(2026, 1, 31), datetime(2026, 2, 1, 9, 30)],
    ["=HYPERLINK(\"http://evil\")", None, None, None],
    ["-1+2", 1.5, None, None],
]


def test_xlsx_reads_back_with_text_never_a_formula() -> None:
    table = Table("DIP", ["Ringkasan", "Jumlah", "Tanggal", "Waktu"], ROWS, preamble=["Daftar Informasi Publik"])
    workbook = load_workbook(io.BytesIO(xlsx_bytes([table])))
    sheet = workbook["DIP"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Daftar Informasi Publik"
    assert values[2] == ["Ringkasan", "Jumlah", "Tanggal", "Waktu"]
    assert values[3][:2] == ["Laporan Keuangan 2026", 3]
    assert values[3][2].date() == date(2026, 1, 31)
    assert values[3][3] == datetime(2026, 2, 1, 9, 30)
    formula_cell = sheet.cell(row=5, column=1)
    assert formula_cell.value == "=HYPERLINK(\"http://evil\")"
    assert formula_cell.data_type == "s"


def test_two_tables_get_two_sheets_with_unique_safe_titles() -> None:
    tables = [Table("Unit: A/B", ["x"], [[1]]), Table("Unit: A/B", ["x"], [[2]])]
    workbook = load_workbook(io.BytesIO(xlsx_bytes(tables)))
    assert workbook.sheetnames == ["Unit  A B", "Unit  A B (2)"]
    assert safe_sheet_title("x" * 40) == "x" * 31


def test_csv_parses_back_and_guards_formulas() -> None:
    data = csv_bytes(Table("DIP", ["Ringkasan", "Jumlah", "Tanggal", "Waktu"], ROWS, preamble=["ignored"]))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Ringkasan", "Jumlah", "Tanggal", "Waktu"]
    assert rows[1] == ["Laporan Keuangan 2026", "3", "2026-01-31", "2026-02-01 09:30"]
    assert rows[2][0] == "'=HYPERLINK(\"http://evil\")"
    assert rows[3][:2] == ["'-1+2", "1.5"]
