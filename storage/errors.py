"""The refusals of the storage layer that reach people: one line in Indonesian, then English."""

from __future__ import annotations

__all__ = ["StorageError"]


class StorageError(Exception):
    """A refusal of the storage layer. ``str()`` is one line: Indonesian (English)."""

    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(f"{indonesian} ({english})")
        self.indonesian = indonesian
        self.english = english
