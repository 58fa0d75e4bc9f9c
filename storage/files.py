"""The content-addressed file store for uploaded and generated documents.

A file's bytes live at ``<root>/ab/cd/<sha256>`` where ``ab`` and ``cd`` are
the first two byte pairs of its SHA-256. The path is derived from the hash
only, never from the name a user gave the file, so a hostile name cannot
escape the directory; the name is kept for display only, cleaned by
:func:`safe_display_name`. Identical content is stored once.

Writes are atomic: bytes go to a temporary file (in the target directory for
:meth:`FileStore.put`, in ``<root>/.staging`` for the streaming variants, the
same file system either way), are fsynced, then ``os.replace``-d into place,
and the directory is fsynced. A failure at any point leaves neither a partial
file at the final path nor a temporary file behind. Blocking I/O runs in a
worker thread (:func:`asyncio.to_thread`).

A file that must be judged before it is kept (an upload) is staged first
(:meth:`FileStore.stage`): written and hashed in chunks, checked from the
disk, then :meth:`FileStore.commit`-ted into place or discarded. A process
killed meanwhile leaves only a ``.staging`` file that nothing refers to;
:meth:`FileStore.sweep_staging` removes such leftovers at start-up.

Files are written with mode 0600: drafts may hold information that is not (yet)
public.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
import unicodedata
import threading
from collections.abc import AsyncIterable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

_COMMIT_LOCK = threading.Lock()

__all__ = [
    "DEFAULT_DISPLAY_NAME",
    "MAX_DISPLAY_NAME_LENGTH",
    "FileStore",
    "FileTooLargeError",
    "StagedFile",
    "StoredFile",
    "fsync_directory",
    "read_chunks",
    "safe_display_name",
    "sha256_file",
    "write_file_atomic",
]

MAX_DISPLAY_NAME_LENGTH = 200
DEFAULT_DISPLAY_NAME = "file"
CHUNK_SIZE = 1024 * 1024
STAGING_DIR = ".staging"
_NAMED_PREFIX = ".send-"

_SHA256_RE = re.compile(r"[0-9a-f]{64}")
# Bidirectional formatting characters: embeddings/overrides (U+202A-U+202E), isolates
# (U+2066-U+2069) and the marks LRM, RLM, ALM. They make "exe.pdf" look like "pdf.exe".
_BIDI_CHARS = frozenset(
    [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
# Characters that are not allowed in file names on common systems (the receiver may save the file).
_UNSAFE_IN_NAMES = frozenset('<>:"|?*')
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{n}" for n in range(1, 10)] + [f"LPT{n}" for n in range(1, 10)]
)
_MAX_EXTENSION_LENGTH = 16


class FileTooLargeError(ValueError):
    """Raised when a streamed file is larger than the ``max_size`` given."""


@dataclass(frozen=True)
class StoredFile:
    """What :class:`FileStore` stored.

    ``relative_path`` is POSIX-style relative to the store root (``ab/cd/<sha256>``),
    fit for ``documents.stored_path``; ``display_name`` is the cleaned original
    name; ``created`` is False when identical content was already stored.
    """

    sha256: str
    size: int
    relative_path: str
    display_name: str
    created: bool


def safe_display_name(name: str | None, *, fallback: str = DEFAULT_DISPLAY_NAME) -> str:
    """Turn a user-supplied file name into a harmless display name.

    Keeps only the last path component (``/`` and ``\\`` both separate), drops
    control characters (tabs and newlines become spaces) and bidi formatting
    characters, replaces characters that file systems refuse, trims spaces and
    dots at the ends, prefixes Windows device names, and shortens the result
    to 200 characters keeping the extension. Never returns an empty string.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in _BIDI_CHARS:
            continue
        if char in "\t\n\r\v\f" or category in ("Zl", "Zp"):
            cleaned.append(" ")
        elif category == "Cc" or category == "Cs" or char == "\ufeff":
            continue
        elif char in _UNSAFE_IN_NAMES:
            cleaned.append("_")
        else:
            cleaned.append(char)
    text = " ".join("".join(cleaned).split())
    text = text.strip(" .")
    if not text:
        return fallback
    stem, dot, extension = text.rpartition(".")
    base = stem if dot else text
    if base.upper() in _WINDOWS_RESERVED:
        text = "_" + text
    if len(text) > MAX_DISPLAY_NAME_LENGTH:
        if dot and stem and 0 < len(extension) <= _MAX_EXTENSION_LENGTH:
            keep = MAX_DISPLAY_NAME_LENGTH - len(extension) - 1
            text = stem[:keep].rstrip(" .") + "." + extension
        else:
            text = text[:MAX_DISPLAY_NAME_LENGTH].rstrip(" .")
    return text or fallback


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` durable (POSIX only)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open directories
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """The rest of an open file, ``CHUNK_SIZE`` bytes at a time: a large file is never whole in memory."""
    return iter(lambda: handle.read(CHUNK_SIZE), b"")


def sha256_file(path: Path) -> tuple[str, int]:
    """The sha256 (hex) and size of a file, read in chunks: the one way a file on disk is hashed
    (:class:`StagedFile` hashes the bytes it writes)."""
    hasher = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in read_chunks(handle):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


def write_file_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (a temporary file, fsynced, renamed; mode 0600)."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        _remove_quietly(Path(temp_name))
        raise


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class FileStore:
    """Content-addressed, deduplicating, atomic file storage under ``root``."""

    def __init__(self, root: Path | str) -> None:
        self._root = Path(root)

    @property
    def root(self) -> Path:
        """The directory everything is stored under."""
        return self._root

    @staticmethod
    def relative_path_for(sha256: str) -> str:
        """The POSIX path of a hash relative to the root: ``ab/cd/<sha256>``."""
        if not isinstance(sha256, str) or not _SHA256_RE.fullmatch(sha256):
            raise ValueError("a sha256 must be 64 lowercase hexadecimal characters")
        return str(PurePosixPath(sha256[:2], sha256[2:4], sha256))

    def path_for(self, sha256: str) -> Path:
        """The absolute path where content with this hash is (or would be) stored."""
        return self._root.joinpath(*PurePosixPath(self.relative_path_for(sha256)).parts)

    # -- writing ---------------------------------------------------------------------------

    async def put(self, data: bytes, original_name: str | None) -> StoredFile:
        """Store ``data`` (kept once per content) and return where it is."""
        payload = bytes(data)
        digest = hashlib.sha256(payload).hexdigest()
        created = await asyncio.to_thread(self._write_bytes, digest, payload)
        return self._stored(digest, len(payload), original_name, created)

    async def put_file(
        self, source: Path | str, original_name: str | None = None, *, max_size: int | None = None
    ) -> StoredFile:
        """Store the content of the file at ``source`` (read in chunks, never whole in memory).

        ``original_name`` defaults to the source's file name. The source is left in place.
        """
        source_path = Path(source)
        name = source_path.name if original_name is None else original_name

        def work() -> tuple[str, int, bool]:
            with open(source_path, "rb") as handle:
                return self._write_chunks(read_chunks(handle), max_size)

        digest, size, created = await asyncio.to_thread(work)
        return self._stored(digest, size, name, created)

    async def stage(self) -> StagedFile:
        """A new staging file, hashed as it is written (`StagedFile.write`, `copy_from`): the
        caller ends it, `commit` into place or `StagedFile.discard`."""
        return await asyncio.to_thread(StagedFile.open, self._root / STAGING_DIR)

    async def commit(self, staging: StagedFile, original_name: str | None) -> StoredFile:
        """Move a staged file into place under its hash (kept once per content)."""
        created = await asyncio.to_thread(self._commit_staged, staging)
        return self._stored(staging.digest(), staging.size, original_name, created)

    def sweep_staging(self, older_than_seconds: float = 3600.0) -> int:
        """Remove staging files and named links left by a process that stopped mid-way (killed,
        power lost), older than `older_than_seconds` so that another process's live ones are
        spared; the count removed. Nothing refers to them: a file is referred to only once
        committed."""
        folder = self._root / STAGING_DIR
        if not folder.is_dir():
            return 0
        removed = 0
        cutoff = time.time() - older_than_seconds
        for path in [*folder.glob(".tmp-*.part"), *folder.glob(f"{_NAMED_PREFIX}*/*")]:
            # A named link is its stored file (one inode, so that file's old times): its own
            # folder, made when the link was, tells its age.
            aged = path if path.parent == folder else path.parent
            with contextlib.suppress(FileNotFoundError):
                if aged.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
                    with contextlib.suppress(OSError):  # the link's own folder, once empty
                        if path.parent != folder:
                            path.parent.rmdir()
        return removed

    @contextlib.contextmanager
    def named(self, sha256: str, name: str) -> Iterator[Path]:
        """The stored file under the name `name` for as long as the block runs: a hard link in a
        folder of its own in the staging folder (nothing is copied), for a self-hosted Bot API
        server in local mode, which is given a path and names the document after it."""
        staging = self._root / STAGING_DIR
        staging.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=_NAMED_PREFIX, dir=staging))
        link = folder / safe_display_name(name)
        try:
            os.link(self.path_for(sha256), link)
            yield link
        finally:
            _remove_quietly(link)
            with contextlib.suppress(OSError):
                folder.rmdir()

    async def put_stream(
        self, chunks: AsyncIterable[bytes], original_name: str | None, *, max_size: int | None = None
    ) -> StoredFile:
        """Store bytes arriving as an async stream of chunks (hashed as they come)."""
        staging = await asyncio.to_thread(StagedFile.open, self._root / STAGING_DIR)
        try:
            async for chunk in chunks:
                await asyncio.to_thread(staging.write, chunk, max_size)
            digest, size = staging.digest(), staging.size
            created = await asyncio.to_thread(self._commit_staged, staging)
        except BaseException:
            await asyncio.to_thread(staging.discard)
            raise
        return self._stored(digest, size, original_name, created)

    def _stored(self, digest: str, size: int, original_name: str | None, created: bool) -> StoredFile:
        return StoredFile(
            sha256=digest,
            size=size,
            relative_path=self.relative_path_for(digest),
            display_name=safe_display_name(original_name),
            created=created,
        )

    def _prepare_directory(self, digest: str) -> Path:
        """Create ``ab/cd`` under the root (fsyncing each new entry's parent); return the final path."""
        final = self.path_for(digest)
        directory = final.parent
        missing = [d for d in (self._root, directory.parent, directory) if not d.exists()]
        directory.mkdir(parents=True, exist_ok=True)
        for created_dir in missing:
            fsync_directory(created_dir.parent)
        return final

    @staticmethod
    def _already_stored(final: Path, digest: str, size: int) -> bool:
        """True when ``final`` holds exactly the content named ``digest``. A damaged copy (another
        size, or the same size with other bytes) is repaired by writing the upload over it."""
        try:
            if final.stat().st_size != size:
                return False
            return sha256_file(final)[0] == digest
        except FileNotFoundError:
            return False

    def _write_bytes(self, digest: str, data: bytes) -> bool:
        """Write ``data`` atomically to its final path; False if it was already there."""
        final = self._prepare_directory(digest)
        if self._already_stored(final, digest, len(data)):
            return False
        write_file_atomic(final, data)
        fsync_directory(final.parent)
        return True

    def _write_chunks(self, chunks: Iterable[bytes], max_size: int | None) -> tuple[str, int, bool]:
        """Stage chunks while hashing them, then move the result into place."""
        staging = StagedFile.open(self._root / STAGING_DIR)
        try:
            for chunk in chunks:
                staging.write(chunk, max_size)
            created = self._commit_staged(staging)
        except BaseException:
            staging.discard()
            raise
        return staging.digest(), staging.size, created

    def _commit_staged(self, staging: StagedFile) -> bool:
        staging.finish()
        final = self._prepare_directory(staging.digest())
        # Check and move as one step: two uploads of the same content committing at once must not
        # both say they created it (a failed caller removes what it created).
        with _COMMIT_LOCK:
            if self._already_stored(final, staging.digest(), staging.size):
                staging.discard()
                return False
            os.replace(staging.path, final)
            staging.moved = True
        fsync_directory(final.parent)
        fsync_directory(staging.path.parent)
        return True

    # -- reading ---------------------------------------------------------------------------

    async def exists(self, sha256: str) -> bool:
        """Whether content with this hash is stored."""
        path = self.path_for(sha256)
        return await asyncio.to_thread(path.is_file)

    async def read(self, sha256: str) -> bytes:
        """Return the stored bytes (``FileNotFoundError`` if absent)."""
        path = self.path_for(sha256)
        return await asyncio.to_thread(path.read_bytes)

    async def verify(self, sha256: str) -> bool:
        """Recompute the stored file's hash: False if it is missing or corrupted."""
        path = self.path_for(sha256)

        def work() -> bool:
            try:
                return sha256_file(path)[0] == sha256
            except FileNotFoundError:
                return False

        return await asyncio.to_thread(work)


class StagedFile:
    """A temporary file (``.tmp-*.part``) in ``directory``, hashed as it is written: the store's
    staging, and each verified copy a backup or a restore makes (:mod:`storage.backup_folder`).
    Whoever opens one ends it: :meth:`finish` and rename ``path`` into place, or :meth:`discard`."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle = handle
        self._hasher = hashlib.sha256()
        self.size = 0
        self.moved = False  # renamed into place: `discard` leaves it alone

    @classmethod
    def open(cls, directory: Path) -> StagedFile:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
        return cls(Path(name), os.fdopen(fd, "wb"))

    def write(self, chunk: bytes, max_size: int | None = None) -> None:
        self.size += len(chunk)
        if max_size is not None and self.size > max_size:
            raise FileTooLargeError(f"file is larger than {max_size} bytes")
        self._hasher.update(chunk)
        self._handle.write(chunk)

    def copy_from(self, source: Path, max_size: int | None = None) -> None:
        """Append the file at `source`, `CHUNK_SIZE` bytes at a time (blocking). Only a regular
        file, not a symbolic link: the path comes from another program (a self-hosted Bot API
        server), and a device never ends, a FIFO blocks for ever, a link may point anywhere."""
        # O_NONBLOCK: opening a FIFO would wait for a writer; it does nothing to a regular file.
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", str(source))
            for chunk in read_chunks(handle):
                self.write(chunk, max_size)

    def digest(self) -> str:
        return self._hasher.hexdigest()

    def finish(self) -> None:
        """Flush and fsync the content, then close the file (once; again does nothing)."""
        if self._handle.closed:
            return
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def discard(self) -> None:
        """Close (if still open) and remove the temporary file, unless it was moved into place."""
        with contextlib.suppress(OSError):
            self._handle.close()
        if not self.moved:
            _remove_quietly(self.path)
