"""Receiving and storing a big document, at constant memory (issue 18, point 2), each in a fresh process.

`python -m bench.uploads --db PATH --files DIR --size BYTES [--local]` prints one line `RESULT {json}`:
a PPID Pelaksana sends a big PDF into an open draft and the bot downloads, checks and stores it;
the growth of peak RSS (VmHWM, reset with /proc/self/clear_refs first) over the RSS before is
what receiving it cost.

- through the public Bot API (the sandbox in process, holding the file as Telegram would): PTB
  holds the response once and writes it into the staging file, which is then judged from the disk;
- `--local`, a self-hosted Bot API server in local mode: the sandbox holds the file on disk and
  hands the bot its path, as such a server does; the bot copies it in 1 MiB chunks. The file is
  written to disk in chunks too, so the benchmark itself never holds it.

Not measured: a real HTTPS download. PTB's HTTPXRequest reads the body whole (HTTPX joins its
chunks, so for a moment it holds up to twice the file), which the in-process sandbox skips.

`upload_rows` runs both, each in its own interpreter, and gives the benchmark table's rows.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
from pathlib import Path
from typing import Any

from bench.probe import proc_status_kib, release_free_memory, reset_peak_rss, run_probe

MIB = 1024 * 1024
GROWTH_TARGET_MIB = 32
_FILL_CHUNK = 4 * MIB


def write_big_pdf(path: Path, tag: str, size: int) -> None:
    """A valid PDF of exactly `size` bytes (`bench.dataset.pdf_bytes`' padding), written a chunk
    at a time: a 1 GiB one never sits in memory."""
    from bench.dataset import pdf_bytes

    small = pdf_bytes(tag)
    end = small.rindex(b"%%EOF")
    head, tail = small[:end], small[end:]
    filler = size - len(head) - len(tail) - 2  # between "%" and "\n": one comment line
    if filler < 0:
        raise ValueError(f"a PDF cannot be as small as {size} bytes")
    with open(path, "wb") as out:
        out.write(head + b"%")
        zeros = b"0" * _FILL_CHUNK
        while filler > 0:
            out.write(zeros[: min(filler, _FILL_CHUNK)])
            filler -= _FILL_CHUNK
        out.write(b"\n" + tail)


async def _upload(db: Path, files: Path, size: int, local: bool) -> dict[str, Any]:
    from bench.dataset import pdf_bytes, pelaksana_ids
    from bench.office import build_bot, make_fake
    from bench.throughput import Driver
    from bot.sandbox.driving import deliver

    server_disk = files.parent / "telegram-bot-api"  # where a local server keeps what users sent
    fake = make_fake(local_files_dir=server_disk if local else None)
    app = build_bot(db, files, fake, local_mode=local)
    await app.initialize()
    services = app.services
    cycle_id = await services.db.fetch_value(
        "SELECT c.id FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id"
        " WHERE c.state = 'open' AND c.current_step = 3 AND c.kind = 'berkala' ORDER BY c.id LIMIT 1"
    )
    unit_id = await services.db.fetch_value(
        "SELECT i.unit_id FROM update_cycles AS c JOIN info_items AS i ON i.id = c.item_id WHERE c.id = ?", (cycle_id,)
    )
    pelaksana = pelaksana_ids(int(unit_id))[0]
    driver = Driver(fake, app, "upload")
    await driver.command(pelaksana, "/tugas")
    await driver.press(pelaksana, f"tsk:{cycle_id}")
    await driver.press(pelaksana, f"dr:up:{cycle_id}")
    # A small file first: every code path of an upload has run once before the measurement.
    await driver.document(pelaksana, pdf_bytes("warm-up"), "pemanasan.pdf")
    person = driver.user(pelaksana)
    if local:
        server_disk.mkdir(parents=True, exist_ok=True)
        source = server_disk / "laporan_besar.pdf"
        write_big_pdf(source, "big", size)
        person.send_document_file(source, "laporan_besar.pdf", "application/pdf")
    else:
        person.send_document(pdf_bytes("big", size), "laporan_besar.pdf", "application/pdf")  # held by the fake
    gc.collect()
    release_free_memory()  # building the file left freed pages the bot's copies could reuse unseen
    reset = reset_peak_rss()
    before_rss = proc_status_kib("VmRSS")
    before_hwm = proc_status_kib("VmHWM")
    loop = asyncio.get_running_loop()
    started = loop.time()
    processed = len(await deliver(app, fake))
    seconds = loop.time() - started
    after_hwm = proc_status_kib("VmHWM")
    after_rss = proc_status_kib("VmRSS")
    stored = await services.db.fetch_value(
        "SELECT size FROM documents WHERE cycle_id = ? AND kind = 'draft' AND original_name = ?",
        (cycle_id, "laporan_besar.pdf"),
    )
    await app.shutdown()
    return {
        "local_mode": local,
        "size": size,
        "stored_size": stored,
        "processed": processed,
        "peak_reset": reset,
        "rss_before_kib": before_rss,
        "hwm_before_kib": before_hwm,
        "hwm_after_kib": after_hwm,
        "rss_after_kib": after_rss,
        "growth_kib": after_hwm - before_rss if reset else max(0, after_hwm - before_rss),
        "seconds": seconds,
    }


def upload_rows(workspace: Any, root: Path, public_bytes: int, local_bytes: int) -> tuple[dict[str, Any], list[tuple[str, str, str, bool]]]:
    """Both uploads, each on its own copy of `workspace` (a `bench.dataset` office) in a fresh
    interpreter: their figures, and the table's rows (benchmark, measured, target, ok)."""
    figures: dict[str, Any] = {}
    rows = []
    for key, label, size, extra in (
        ("public", "public Bot API", public_bytes, ()),
        ("local", "local mode", local_bytes, ("--local",)),
    ):
        db, files = workspace.copy_to(root / f"run-upload-{key}")
        result = run_probe("upload", db, files, "--size", str(size), *extra, module="bench.uploads", timeout=1800)
        figures[key] = result
        growth = result["growth_kib"] / 1024
        stored = result["stored_size"] == result["size"]
        rows.append((
            f"Upload, {label}: RSS growth receiving a {_size_text(size)} document",
            f"{growth:.1f} MiB (received, checked and stored in {result['seconds']:.2f} s){'' if stored else ', NOT STORED'}",
            f"< {GROWTH_TARGET_MIB} MiB", stored and growth < GROWTH_TARGET_MIB,
        ))
    return figures, rows


def _size_text(size: int) -> str:
    return f"{size / 1024 / MIB:g} GiB" if size >= 1024 * MIB else f"{size / MIB:g} MiB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.uploads")
    parser.add_argument("name", choices=("upload",))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--files", type=Path, required=True)
    parser.add_argument("--size", type=int, default=20 * MIB)
    parser.add_argument("--local", action="store_true", help="a self-hosted Bot API server in local mode")
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.ERROR)
    result = asyncio.run(_upload(args.db, args.files, args.size, args.local))
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
