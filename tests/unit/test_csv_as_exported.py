"""CSV as people export it (issue 19, Deliver 2): ragged rows, one column, Excel's "Unicode Text"
(UTF-16), read as a stream whatever the size, still refusing binary content, markup and formula
cells anywhere in the file, past the sample the delimiter is judged on and past the first chunk."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from bot.filetypes import CSV, check_upload, detect_type, inspect_file

LIMIT = 64 * 1024 * 1024
UBUNTU = Path("/usr/share/distro-info/ubuntu.csv")
# Like distro-info's ubuntu.csv: a row leaves out the trailing cells it has no value for.
RAGGED = (
    "version,codename,series,created,release,eol,eol-server,eol-esm\n"
    "4.10,Warty Warthog,warty,2004-03-05,2004-10-20,2006-04-30\n"
    "6.06 LTS,Dapper Drake,dapper,2005-10-12,2006-06-01,2009-07-14,2011-06-01\n"
    "8.04 LTS,Hardy Heron,hardy,2007-10-18,2008-04-24,2011-05-12,2013-05-09\n"
    "10.04 LTS,Lucid Lynx,lucid,2009-10-29,2010-04-29,2013-05-09,2015-04-30\n"
    "12.04 LTS,Precise Pangolin,precise,2011-10-13,2012-04-26,2017-04-28,2017-04-28,2019-04-26\n"
).encode()


def verdict(data: bytes, name: str = "data.csv"):  # type: ignore[no-untyped-def]
    return check_upload(data, len(data), name, max_bytes=LIMIT)


def test_rows_that_dropped_their_trailing_empty_cells_are_a_table() -> None:
    assert detect_type(RAGGED) == CSV


@pytest.mark.skipif(not UBUNTU.is_file(), reason="Debian's distro-info-data is not installed")
def test_distro_info_ubuntu_csv_is_accepted() -> None:
    assert detect_type(UBUNTU.read_bytes()) == CSV


@pytest.mark.parametrize(
    "data",
    [
        b"nama\nBudi Santoso\nSari Dewi\nAgus\n",
        b"NIP\r\n198203152006041002\r\n197911022005012003\r\n",
    ],
    ids=["names", "crlf-numbers"],
)
def test_a_list_of_one_column_is_a_table(data: bytes) -> None:
    assert detect_type(data) == CSV


@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_excel_unicode_text_is_a_table(delimiter: str) -> None:
    text = delimiter.join(["No", "Nama", "Unit"]) + "\r\n" + delimiter.join(["1", "Ni Luh Putu", "Diskominfo"]) + "\r\n"
    assert detect_type(text.encode("utf-16")) == CSV  # with its byte-order mark, as Excel writes it


def test_a_formula_in_utf16_is_refused_naming_its_cell() -> None:
    data = "No\tNama\r\n1\t=HYPERLINK(\"http://x\")\r\n".encode("utf-16")
    result = verdict(data)
    assert (result.reason, result.details["row"], result.details["column"]) == ("formula", "2", "2")


def test_a_formula_far_past_the_sample_and_the_first_chunk_is_refused() -> None:
    rows = b"".join(b"%d,Laporan %d,2026\n" % (i, i) for i in range(60_000))  # about 1 MB
    data = b"no,judul,tahun\n" + rows + b"60001,@SUM(1+1)*cmd|' /C calc'!A0,2026\n"
    result = verdict(data)
    assert (result.reason, result.details["row"], result.details["column"]) == ("formula", "60002", "2")


def test_markup_cut_between_two_chunks_is_found() -> None:
    head = b"no,nama\n" + b"1,a\n" * 16383  # 65,540 bytes: "<script" starts just before 64 KiB
    data = head[: 65536 - 3] + b"<script src=//x.example/a.js>,x\n"  # "<sc" | "ript": no closing tag
    assert detect_type(data) is None


def test_a_control_byte_after_the_first_chunk_rules_csv_out() -> None:
    data = b"no,nama\n" + b"1,Budi\n" * 20_000 + b"2,\x1b[31mSari\n"
    assert detect_type(data) is None


def test_cp1252_past_the_first_chunk_is_read_again_as_cp1252() -> None:
    data = b"kota;keterangan\n" + b"Singkawang;baik\n" * 10_000 + "Sambas;Café\n".encode("cp1252")
    assert detect_type(data) == CSV


def test_a_line_longer_than_a_megabyte_is_no_table() -> None:
    # 1.2 MB of small cells at every delimiter (none over the csv module's field limit): a table,
    # if a line were held whole however long.
    row = b"1;2\t3," * 200_000 + b"4\n"
    assert detect_type(row * 2) is None


def test_old_mac_line_ends_are_a_table() -> None:
    assert detect_type(b"no,nama\r1,Budi\r2,Sari\r") == CSV


def test_a_big_csv_is_judged_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    with path.open("wb") as out:
        out.write(b"no,uraian,tahun\n")
        for row in range(12_000):  # long cells: few rows, so tracing the memory stays quick
            out.write(b"%d,%s,2026\n" % (row, b"Laporan kegiatan bidang informasi " * 30))
    size = path.stat().st_size
    assert size > 10 * 1024 * 1024
    tracemalloc.start()
    try:
        with path.open("rb") as handle:
            inspection = inspect_file(handle, size)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert inspection.file_type == CSV
    assert peak < 4 * 1024 * 1024  # its sample and a chunk or two, never the file


def test_sylk_and_markup_are_still_refused_in_utf16() -> None:
    assert verdict("ID;PWXL;N;E\r\nC;X1;Y1;K1\r\n".encode("utf-16")).reason == "sylk"
    assert detect_type("a,b\r\n<iframe src=x>,1\r\n".encode("utf-16")) is None


def test_prose_in_one_column_is_still_plain_text() -> None:
    data = b"Dengan hormat,\nBersama surat ini kami sampaikan laporan kegiatan bulan ini.\nTerima kasih.\n"
    result = verdict(data, "surat.txt")
    assert (result.reason, result.details["found"]) == ("unsupported", "text")
    assert io.BytesIO(data).read(1) == b"D"
