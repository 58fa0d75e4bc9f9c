"""The content-addressed file store: dedup, atomic writes, hostile names, corruption."""

from __future__ import annotations

import asyncio
import hashlib
import os
import stat
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

import storage.files as files_module
from storage.files import FileStore, FileTooLargeError, safe_display_name

HOSTILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\x",
    "/etc/shadow",
    "C:\\Windows\\system32\\cmd.exe",
    "..",
    ".",
    "a\x00b.pdf",
    "laporan\n2026.pdf",
    "invoice\u202efdp.exe",
    "\u2066evil\u2069.docx",
    "x" * 10_000,
    "y" * 10_000 + ".xlsx",
    "",
    "   ",
    "\x00\x01\x02",
    "CON.txt",
    'what?<is>this:"|*.csv',
]


def files_on_disk(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def assert_no_leftovers(root: Path) -> None:
    leftovers = [path for path in files_on_disk(root) if path.name.startswith(".tmp-")]
    assert leftovers == []


async def test_put_stores_under_the_hash_and_reads_back(store: FileStore) -> None:
    data = b"%PDF-1.7 laporan"
    stored = await store.put(data, "laporan.pdf")
    digest = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == digest and stored.size == len(data) and stored.created
    assert stored.relative_path == f"{digest[:2]}/{digest[2:4]}/{digest}"
    assert store.path_for(digest) == store.root / digest[:2] / digest[2:4] / digest
    assert await store.read(digest) == data
    assert await store.exists(digest)
    assert await store.verify(digest)


async def test_same_content_is_stored_once(store: FileStore) -> None:
    first = await store.put(b"same bytes", "a.pdf")
    second = await store.put(b"same bytes", "b.pdf")
    assert first.sha256 == second.sha256
    assert (first.display_name, second.display_name) == ("a.pdf", "b.pdf")
    assert (first.created, second.created) == (True, False)
    assert files_on_disk(store.root) == [store.path_for(first.sha256)]


async def test_concurrent_puts_of_the_same_content(store: FileStore) -> None:
    results = await asyncio.gather(*(store.put(b"racing", f"{n}.txt") for n in range(8)))
    assert len({r.sha256 for r in results}) == 1
    assert len(files_on_disk(store.root)) == 1
    assert_no_leftovers(store.root)


def failing_at(failing: str, root: Path, seen: list[Path]) -> Callable[..., None]:
    """A stand-in for os.replace / os.fsync that fails once a temporary file holds the data."""
    real = getattr(os, failing)

    def fake(*args: Any, **kwargs: Any) -> None:
        if failing == "fsync" and not stat.S_ISREG(os.fstat(args[0]).st_mode):
            return real(*args, **kwargs)  # directory fsyncs go through
        temps = [path for path in files_on_disk(root) if path.name.startswith(".tmp-")]
        assert len(temps) == 1 and temps[0].stat().st_size > 0
        seen.extend(temps)
        raise OSError("disk on fire")

    return fake


@pytest.mark.parametrize("failing", ["replace", "fsync"])
async def test_failed_write_leaves_nothing(store: FileStore, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    seen: list[Path] = []
    monkeypatch.setattr(files_module.os, failing, failing_at(failing, store.root, seen))
    data = b"important draft" * 1000
    with pytest.raises(OSError, match="disk on fire"):
        await store.put(data, "draft.docx")
    monkeypatch.undo()
    assert len(seen) == 1 and not seen[0].exists()
    digest = hashlib.sha256(data).hexdigest()
    assert not store.path_for(digest).exists()
    assert files_on_disk(store.root) == []
    # The store still works afterwards.
    assert (await store.put(data, "draft.docx")).created


@pytest.mark.parametrize("failing", ["replace", "fsync"])
async def test_failed_streamed_write_leaves_nothing(
    store: FileStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(300_000))

    seen: list[Path] = []
    monkeypatch.setattr(files_module.os, failing, failing_at(failing, store.root, seen))
    with pytest.raises(OSError, match="disk on fire"):
        await store.put_file(source)
    monkeypatch.undo()
    assert len(seen) == 1 and not seen[0].exists()
    assert files_on_disk(store.root) == []
    assert source.exists()


async def test_put_file_hashes_in_chunks_and_dedups(store: FileStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module, "CHUNK_SIZE", 64 * 1024)
    data = os.urandom(1_000_000)
    source = tmp_path / "upload.xlsx"
    source.write_bytes(data)
    stored = await store.put_file(source)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data) and stored.display_name == "upload.xlsx" and stored.created
    assert await store.read(stored.sha256) == data
    again = await store.put(data, "copy.xlsx")
    assert not again.created
    assert files_on_disk(store.root) == [store.path_for(stored.sha256)]


async def test_put_stream_and_size_limit(store: FileStore) -> None:
    async def chunks(count: int) -> AsyncIterator[bytes]:
        for n in range(count):
            yield bytes([n]) * 1000

    stored = await store.put_stream(chunks(5), "data.csv", max_size=5000)
    assert stored.size == 5000 and await store.verify(stored.sha256)
    with pytest.raises(FileTooLargeError):
        await store.put_stream(chunks(6), "data.csv", max_size=5000)
    assert files_on_disk(store.root) == [store.path_for(stored.sha256)]


async def test_corrupted_or_missing_file_fails_verification(store: FileStore) -> None:
    stored = await store.put(b"original content", "a.pdf")
    path = store.path_for(stored.sha256)
    os.chmod(path, 0o600)
    path.write_bytes(b"0riginal content")
    assert not await store.verify(stored.sha256)
    path.unlink()
    assert not await store.verify(stored.sha256)
    with pytest.raises(FileNotFoundError):
        await store.read(stored.sha256)


async def test_damaged_copy_is_repaired_by_storing_again(store: FileStore) -> None:
    stored = await store.put(b"original content", "a.pdf")
    store.path_for(stored.sha256).write_bytes(b"trunc")
    assert (await store.put(b"original content", "a.pdf")).created
    assert await store.verify(stored.sha256)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "a" * 63, "a" * 65, "g" * 64, "", "a" * 62 + "/."])
def test_path_for_accepts_only_a_sha256(store: FileStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.path_for(bad)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_hostile_names_never_escape_the_root(store: FileStore, name: str) -> None:
    stored = await store.put(name.encode("utf-8", "surrogatepass") + b"!", name)
    path = store.path_for(stored.sha256).resolve()
    assert path.is_relative_to(store.root.resolve())
    assert stored.relative_path.split("/")[-1] == stored.sha256
    assert all(path.parent.is_relative_to(store.root.resolve()) for path in files_on_disk(store.root))
    assert stored.display_name == safe_display_name(name)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_display_name_is_always_sensible(name: str) -> None:
    shown = safe_display_name(name)
    assert shown and shown.strip() == shown
    assert 0 < len(shown) <= 200
    assert "/" not in shown and "\\" not in shown
    assert shown not in (".", "..")
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\x", "x"),
        ("a\x00b.pdf", "ab.pdf"),
        ("laporan\n2026.pdf", "laporan 2026.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("", "file"),
        ("..", "file"),
        ("CON.txt", "_CON.txt"),
        ("Laporan Keuangan 2026 (final).PDF", "Laporan Keuangan 2026 (final).PDF"),
        ("Anggaran Ḍinas.xlsx", "Anggaran Ḍinas.xlsx"),
    ],
)
def test_safe_display_name_examples(name: str, expected: str) -> None:
    assert safe_display_name(name) == expected


def test_long_names_keep_their_extension() -> None:
    shown = safe_display_name("y" * 10_000 + ".xlsx")
    assert len(shown) == 200 and shown.endswith(".xlsx")
    assert safe_display_name("x" * 10_000) == "x" * 200
    assert safe_display_name(None) == "file"
    assert safe_display_name("", fallback="berkas") == "berkas"


async def test_a_damaged_copy_of_the_same_size_is_repaired_too(store: FileStore) -> None:
    """Was: a stored file was trusted by its size, so bit rot of the same length was never mended."""
    stored = await store.put(b"original content", "a.pdf")
    store.path_for(stored.sha256).write_bytes(b"ORIGINAL CONTENT")  # same length, other bytes
    assert not await store.verify(stored.sha256)
    assert (await store.put(b"original content", "a.pdf")).created
    assert await store.verify(stored.sha256)
    assert not (await store.put(b"original content", "a.pdf")).created  # intact now: nothing rewritten
