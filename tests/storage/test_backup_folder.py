"""The verified copy backup and restore both make (storage.backup_folder.copy_verified).

It streams through the file store's own `StagedFile` (one chunked hasher for writing, one
`sha256_file` for reading back): these tests hold the merged piece to what the two copies did.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import storage.backup_folder as backup_folder
import storage.files as files_module
from storage.backup import backup
from storage.backup_folder import BackupError, CopyMismatch, copy_verified
from storage.database import Database
from storage.files import FileStore
from tests.storage.builders import AUDIT, seed_basics


def leftovers(folder: Path) -> list[str]:
    """The names of everything in `folder`."""
    return sorted(path.name for path in folder.iterdir())


def test_a_verified_copy_is_streamed_in_chunks_and_hashes_like_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_module, "CHUNK_SIZE", 64 * 1024)
    data = os.urandom(300_000)  # five chunks, the last one short
    source = tmp_path / "source.bin"
    source.write_bytes(data)
    dest = tmp_path / "copy" / "ab" / "cd" / "dest.bin"
    assert copy_verified(source, dest) == (hashlib.sha256(data).hexdigest(), len(data))
    assert dest.read_bytes() == data
    assert leftovers(dest.parent) == ["dest.bin"]  # no temporary file stays behind


def test_a_file_that_does_not_match_its_name_is_not_copied_and_leaves_nothing(tmp_path: Path) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(b"bit rot" * 1000)
    dest = tmp_path / "copy" / "dest.bin"
    assert copy_verified(source, dest, hashlib.sha256(b"what the name promises").hexdigest()) is None
    assert leftovers(dest.parent) == []


def test_a_copy_that_reads_back_otherwise_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(b"draf" * 1000)
    dest = tmp_path / "copy" / "dest.bin"
    monkeypatch.setattr(backup_folder, "sha256_file", lambda path: ("0" * 64, path.stat().st_size))
    with pytest.raises(CopyMismatch):
        copy_verified(source, dest)
    assert leftovers(dest.parent) == []


async def test_a_backup_whose_file_copy_reads_back_otherwise_fails_and_leaves_no_folder(
    db_path: Path, store: FileStore, tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_basics(db)
    await store.put(b"lampiran" * 500, "lampiran.pdf")
    monkeypatch.setattr(backup_folder, "sha256_file", lambda path: ("0" * 64, path.stat().st_size))
    target = tmp_path / "backups"
    with pytest.raises(BackupError, match="salinan berkas berbeda saat dibaca ulang"):
        await backup(db_path, store.root, target, audit_log=AUDIT)
    assert leftovers(target) == []
