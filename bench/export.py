"""The `/dip` export of a large register, in a fresh process: its time and its peak memory.

`python -m bench.export dip --db PATH --files DIR` prints one line `RESULT {json}` (as
`bench.probe` does, and `run_export` spawns it through `bench.probe.run_probe`): an admin's export
of the whole register (`bot.dip_export.plan_dip` and `export_dip`: the XLSX with its sheet of exempt
information, and the CSV), timed from the plan to the files made, the second of two runs (the first
warms SQLite's page cache, as a bot that has been running has it). The peak memory is VmHWM
after the export, and its growth over the resident memory before it (the peak is reset first).
The files are read back to count their rows, so a figure is never one of a broken export.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import io
import json
import logging
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.probe import proc_status_kib, release_free_memory, reset_peak_rss, run_probe

__all__ = ["ExportResult", "export_rows", "run_export"]

TARGET_SECONDS = 5.0


@dataclasses.dataclass(frozen=True)
class ExportResult:
    """One export measured."""

    items: int
    seconds: float
    first_seconds: float  # the first run (cold page cache)
    xlsx_bytes: int
    csv_bytes: int
    csv_rows: int
    xlsx_rows: int
    exempt_rows: int
    hwm_kib: int
    growth_kib: int


def _rows_in_sheet(data: bytes, number: int) -> int:
    """The number of rows of sheet `number` of a workbook, counted in its XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        return workbook.read(f"xl/worksheets/sheet{number}.xml").count(b"<row ")


async def _export(db: Path, files: Path) -> dict[str, Any]:
    import gc

    from bench.dataset import ADMIN_IDS
    from bench.office import build_bot, make_fake
    from bot.dip_export import export_dip, plan_dip
    from bot.staff import find_person

    app = build_bot(db, files, make_fake())
    await app.initialize()
    try:
        person = await find_person(app.services, ADMIN_IDS[0])
        assert person is not None
        runs = []
        export = None
        for _ in range(2):
            export = None
            gc.collect()
            release_free_memory()
            reset = reset_peak_rss()
            before = proc_status_kib("VmRSS")
            started = time.perf_counter()
            plan = await plan_dip(app.services, person)
            export = await export_dip(app.services, person, plan)
            runs.append(time.perf_counter() - started)
            hwm = proc_status_kib("VmHWM")
        assert export is not None
        text = export.csv.data.decode("utf-8-sig")
        return {
            "items": plan.count,
            "seconds": runs[-1],
            "first_seconds": runs[0],
            "xlsx_bytes": export.xlsx.size,
            "csv_bytes": export.csv.size,
            "csv_rows": sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1,
            "xlsx_rows": _rows_in_sheet(export.xlsx.data, 1),
            "exempt_rows": _rows_in_sheet(export.xlsx.data, 2),
            "hwm_kib": hwm,
            "growth_kib": hwm - before if reset else max(0, hwm - before),
        }
    finally:
        await app.shutdown()


def run_export(db: Path, files: Path) -> ExportResult:
    """The export measured in a fresh interpreter on a copy of an office (`bench.dataset`)."""
    result = run_probe("dip", db, files, module="bench.export")
    return ExportResult(**{field.name: result[field.name] for field in dataclasses.fields(ExportResult)})


def export_rows(result: ExportResult) -> list[tuple[str, str, str, bool | None]]:
    """The table's row (benchmark, measured, target, ok)."""
    complete = result.csv_rows == result.items
    return [(
        f"/dip export, {result.items:,} items (XLSX + CSV)",
        f"{result.seconds:.2f} s (first {result.first_seconds:.2f} s); peak RSS {result.hwm_kib / 1024:.0f} MiB"
        f" (+{result.growth_kib / 1024:.0f} MiB while exporting); {result.xlsx_bytes / 2**20:.1f} MiB XLSX,"
        f" {result.csv_bytes / 2**20:.1f} MiB CSV{'' if complete else ', ROWS MISSING'}",
        f"< {TARGET_SECONDS:.0f} s", complete and result.seconds < TARGET_SECONDS,
    )]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export")
    parser.add_argument("name", choices=("dip",))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--files", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    print("RESULT " + json.dumps(asyncio.run(_export(args.db, args.files))), flush=True)


if __name__ == "__main__":
    main()
