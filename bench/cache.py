"""Generated offices kept between benchmark runs: a million items is built once, not every run.

The folder is `BENCH_CACHE` or `~/.cache/ppid-bench` (never inside the repository). Each office
is kept under a name made of its size, the schema version and a digest of what made it (the
migrations' SQL and the generator's source, `bench/dataset.py`): a change to either makes a new
name, so a stale office is never used; it is rebuilt, and the older offices of that size are
removed (a million items take 1.6 GB). An office is built in a temporary folder beside its place
and renamed into it when complete, so an interrupted build leaves nothing that looks usable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import bench.dataset
from bench.dataset import OfficeFacts, Workspace, build_office_db
from storage.migrations import load_migrations

__all__ = ["cache_folder", "cache_key", "cached_workspace"]

FACTS_FILE = "facts.json"


def cache_folder() -> Path:
    """Where the offices are kept: `BENCH_CACHE`, else `~/.cache/ppid-bench`."""
    configured = os.environ.get("BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "ppid-bench"


def cache_key(items: int) -> str:
    """The office's name in the cache: its size, schema version and the digest of what made it."""
    migrations = load_migrations()
    digest = hashlib.sha256()
    for migration in migrations:
        digest.update(migration.filename.encode() + b"\0" + migration.sql.encode() + b"\0")
    digest.update(Path(bench.dataset.__file__).read_bytes())
    return f"office-{items}-schema{migrations[-1].version:04d}-{digest.hexdigest()[:12]}"


def cached_workspace(items: int, folder: Path | None = None) -> tuple[Workspace, bool]:
    """The office with `items` items from the cache, built first if missing or stale; and whether
    it was built now (its `facts.seconds` is then the generation time, else the original one)."""
    root = folder if folder is not None else cache_folder()
    key = cache_key(items)
    place = root / key
    if (place / FACTS_FILE).exists():
        kept = json.loads((place / FACTS_FILE).read_text(encoding="utf-8"))
        kept["open_items_by_unit"] = {int(unit): item for unit, item in kept["open_items_by_unit"].items()}
        facts = OfficeFacts(**kept)
        return Workspace(place, items, facts), False
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root))
    try:
        facts = build_office_db(building / "template" / "ppid.sqlite3", building / "template" / "files", items)
        (building / FACTS_FILE).write_text(json.dumps(dataclasses.asdict(facts)), encoding="utf-8")
        for old in root.glob(f"office-{items}-*"):  # the stale offices of this size
            shutil.rmtree(old, ignore_errors=True)
        building.rename(place)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Workspace(place, items, facts), True
