"""Fixtures for the storage tests: a migrated file database and a file store in tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.database import Database, open_database
from storage.files import FileStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (a real file, so WAL is exercised)."""
    return tmp_path / "data" / "ppid.sqlite3"


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    """A freshly migrated database, closed after the test."""
    database = await open_database(db_path)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    """An empty file store."""
    return FileStore(tmp_path / "files")
