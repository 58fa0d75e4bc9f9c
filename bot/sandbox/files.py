"""Files held by the fake: what users sent and what the bot uploaded, by file_id and file_path.

Every stored file has a `file_id` (accepted back for re-sending), a `file_unique_id`, a
`file_path` relative to the file URL (`documents/file_3.pdf`) and its bytes. Photos get a list
of sizes like Telegram's (a thumbnail and the full size); every size holds the original bytes,
since the fake does not resize images.

A file can also be held on disk instead of in memory (`add_on_disk`): a big upload that a
self-hosted server in local mode hands out as a path, which the fake never reads unless asked for
its bytes (a download over the public API, `content`).
"""

from __future__ import annotations

import itertools
import re
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["FileStore", "StoredFile"]

_ID_PREFIX = {"document": "BQACAgUAAxkBAA", "photo": "AgACAgUAAxkBAA"}


@dataclass(frozen=True)
class StoredFile:
    """One file the fake holds."""

    file_id: str
    file_unique_id: str
    kind: str  # "document" or "photo"
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    on_disk: Path | None = None  # the content is this file (`data` is then empty)

    @property
    def file_size(self) -> int:
        """Size in bytes."""
        return self.on_disk.stat().st_size if self.on_disk is not None else len(self.data)

    def content(self) -> bytes:
        """The file's bytes (read from the disk for a file held there)."""
        return self.on_disk.read_bytes() if self.on_disk is not None else self.data

    def document_dict(self) -> dict[str, Any]:
        """The Telegram `Document` object for this file."""
        result: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_name:
            result["file_name"] = self.file_name
        if self.mime_type:
            result["mime_type"] = self.mime_type
        return result

    def photo_size_dict(self) -> dict[str, Any]:
        """The Telegram `PhotoSize` object for this file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "width": self.width or 0,
            "height": self.height or 0,
        }


class FileStore:
    """All files of one fake Telegram; optionally mirrored to a directory (local mode)."""

    def __init__(self, local_dir: str | Path | None = None) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._photo_sizes: dict[str, list[StoredFile]] = {}
        self._counter = itertools.count(1)
        self.local_dir: Path | None = Path(local_dir).resolve() if local_dir else None

    def add(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
        on_disk: Path | None = None,
    ) -> StoredFile:
        """Store `data` (or, `on_disk`, the file there, unread) under a new file_id."""
        number = next(self._counter)
        if kind == "photo":
            path = f"photos/file_{number}.jpg"
        else:
            # Like Telegram's own paths: only letters and digits survive in the extension.
            suffix = PurePosixPath(file_name or "").suffix
            suffix = "." + re.sub(r"[^A-Za-z0-9]", "", suffix)[:10] if suffix else ""
            suffix = "" if suffix == "." else suffix
            path = f"documents/file_{number}{suffix}"
        stored = StoredFile(
            file_id=f"{_ID_PREFIX.get(kind, 'BQAC')}{number:06d}{secrets.token_urlsafe(12)}",
            file_unique_id=f"AgAD{number:06d}",
            kind=kind,
            data=data,
            file_path=path,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            on_disk=on_disk,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def add_on_disk(self, path: str | Path, *, file_name: str | None = None, mime_type: str | None = None) -> StoredFile:
        """Hold the document at `path` under a new file_id, without reading it; in local mode
        getFile answers `path` itself, as a self-hosted server answers the path on its disk."""
        return self.add(b"", "document", file_name=file_name, mime_type=mime_type, on_disk=Path(path).resolve())

    def add_photo(self, data: bytes, width: int = 1280, height: int = 960) -> list[StoredFile]:
        """Store a photo; returns its sizes, smallest first (as `Message.photo` lists them)."""
        scale = 320 / max(width, height)
        sizes = []
        if scale < 1:
            sizes.append(
                self.add(
                    data,
                    "photo",
                    width=max(1, round(width * scale)),
                    height=max(1, round(height * scale)),
                )
            )
        sizes.append(self.add(data, "photo", width=width, height=height))
        for size in sizes:
            self._photo_sizes[size.file_id] = sizes
        return sizes

    def photo_sizes(self, file_id: str) -> list[StoredFile]:
        """All sizes of the photo that `file_id` is one size of (empty if not a photo)."""
        return list(self._photo_sizes.get(file_id, []))

    def get(self, file_id: str) -> StoredFile | None:
        """The file with this file_id, if any."""
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """The file at this file_path (relative, as in the download URL), if any."""
        return self._by_path.get(file_path.lstrip("/"))

    def local_path(self, stored: StoredFile) -> Path:
        """Write the file under `local_dir` (local mode) and return its absolute path."""
        if self.local_dir is None:
            raise RuntimeError("the file store has no local directory")
        if stored.on_disk is not None:
            return stored.on_disk
        target = self.local_dir / stored.file_path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stored.data)
        return target
