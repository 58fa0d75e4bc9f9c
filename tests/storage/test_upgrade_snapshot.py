"""An upgrade keeps the database as it was: a copy is made before pending migrations run, and a
database newer than the code is refused with one sentence, untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.database import open_database
from storage.migrations import SNAPSHOT_DIR, DatabaseNewerThanCode, apply_migrations, load_migrations

from .builders import T0, insert, migrations_before


async def an_older_release_database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ppid.sqlite3"
    database = await open_database(path, migrate=False)
    try:
        await apply_migrations(database, migrations_before(8, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
    finally:
        await database.close()
    return path


def versions_in(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    finally:
        conn.close()


async def test_pending_migrations_run_only_after_a_copy_of_the_database_is_kept(tmp_path: Path) -> None:
    path = await an_older_release_database(tmp_path)
    database = await open_database(path)
    await database.close()
    (copy,) = (path.parent / SNAPSHOT_DIR).iterdir()
    assert copy.name.startswith("ppid-skema7-") and copy.suffix == ".sqlite3"
    assert copy.stat().st_mode & 0o777 == 0o600
    assert versions_in(copy) == set(range(1, 8))  # as the older release left it
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT name FROM units").fetchall() == [("Dinas Sosial",)]
    conn.close()
    assert versions_in(path) == {m.version for m in load_migrations()}
    # Up to date now: opening again copies nothing more; a new database is never copied.
    await (await open_database(path)).close()
    assert len(list((path.parent / SNAPSHOT_DIR).iterdir())) == 1
    await (await open_database(tmp_path / "new" / "ppid.sqlite3")).close()
    assert not (tmp_path / "new" / SNAPSHOT_DIR).exists()


async def test_a_database_newer_than_the_code_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ppid.sqlite3"
    await (await open_database(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', ?)", (T0,))
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseNewerThanCode) as refused:
        await open_database(path)
    assert refused.value.unknown == [999]
    assert "versi bot yang lebih baru (skema versi 999" in refused.value.indonesian
    assert path.read_bytes() == before
    assert not (tmp_path / SNAPSHOT_DIR).exists()
