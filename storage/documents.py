"""Documents of a cycle (table `documents`): coordination letters, draft versions, data files.

The bytes live in the content-addressed file store; a row records one file of one version of one
kind in one cycle. A draft version groups every draft row with the same version number.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc

__all__ = ["Document", "DocumentKind", "DocumentRepository", "TelegramFileKind", "published_data_file_message"]

DocumentKind = Literal["coordination_letter", "draft", "data_file", "published"]
# What a `telegram_file_id` is: Telegram sends a photo's file id only with sendPhoto.
TelegramFileKind = Literal["document", "photo"]


@dataclass(frozen=True)
class Document:
    """One stored file of a cycle."""

    id: int
    cycle_id: int
    kind: DocumentKind
    version: int
    sha256: str
    size: int
    detected_type: str | None
    original_name: str
    stored_path: str
    telegram_file_id: str | None
    uploaded_by: int
    uploaded_at: datetime
    telegram_file_kind: TelegramFileKind = "document"
    channel_message_id: int | None = None  # where a posted data file went (migration 0012)
    source_document_id: int | None = None  # a public copy: the draft file it stands for (migration 0020)


def published_data_file_message(publication: str) -> str:
    """SQL: the channel message id of the data file posted by publication alias `publication`
    (the latest version of its cycle's data file that went out), NULL when none did. The one
    place the public search and the DIP export read it from."""
    return (
        "(SELECT df.channel_message_id FROM documents AS df"
        f" WHERE df.cycle_id = {publication}.cycle_id AND df.kind = 'data_file'"
        " AND df.channel_message_id IS NOT NULL ORDER BY df.version DESC LIMIT 1)"
    )


def _document(row: aiosqlite.Row) -> Document:
    return Document(
        id=int(row["id"]),
        cycle_id=int(row["cycle_id"]),
        kind=row["kind"],
        version=int(row["version"]),
        sha256=row["sha256"],
        size=int(row["size"]),
        detected_type=row["detected_type"],
        original_name=row["original_name"],
        stored_path=row["stored_path"],
        telegram_file_id=row["telegram_file_id"],
        uploaded_by=int(row["uploaded_by"]),
        uploaded_at=parse_utc(row["uploaded_at"]),
        telegram_file_kind=row["telegram_file_kind"],
        channel_message_id=row["channel_message_id"],
        source_document_id=row["source_document_id"],
    )


class DocumentRepository:
    """Access to ``documents``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        cycle_id: int,
        kind: DocumentKind,
        version: int,
        sha256: str,
        size: int,
        detected_type: str | None,
        original_name: str,
        stored_path: str,
        telegram_file_id: str | None,
        uploaded_by: int,
        at: datetime,
        telegram_file_kind: TelegramFileKind = "document",
        source_document_id: int | None = None,
    ) -> Document:
        """Record a file; ``sqlite3.IntegrityError`` if the same content is already in that version.
        `source_document_id`: for a public copy (kind 'published'), the draft file it stands for."""
        row = await fetch_first(
            conn,
            "INSERT INTO documents (cycle_id, kind, version, sha256, size, detected_type, original_name,"
            " stored_path, telegram_file_id, uploaded_by, uploaded_at, telegram_file_kind, source_document_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                cycle_id,
                kind,
                version,
                sha256,
                size,
                detected_type,
                original_name,
                stored_path,
                telegram_file_id,
                uploaded_by,
                format_utc(at),
                telegram_file_kind,
                source_document_id,
            ),
        )
        assert row is not None
        return _document(row)

    async def get(self, document_id: int) -> Document | None:
        row = await self._db.fetch_one("SELECT * FROM documents WHERE id = ?", (document_id,))
        return None if row is None else _document(row)

    async def of_version(self, cycle_id: int, kind: DocumentKind, version: int) -> list[Document]:
        rows = await self._db.fetch_all(
            "SELECT * FROM documents WHERE cycle_id = ? AND kind = ? AND version = ? ORDER BY id",
            (cycle_id, kind, version),
        )
        return [_document(row) for row in rows]

    async def of_draft_version(self, cycle_id: int, version: int) -> list[Document]:
        """The files of draft `version`. Once the version was submitted, exactly the files its
        submission recorded (its ``draft_submitted`` step event), never one recorded after it."""
        rows = await self._db.fetch_all(
            "SELECT d.* FROM documents AS d"
            " LEFT JOIN step_events AS e ON e.cycle_id = d.cycle_id AND e.action = 'draft_submitted'"
            " AND json_valid(e.note) AND json_extract(e.note, '$.version') = d.version"
            " WHERE d.cycle_id = ? AND d.kind = 'draft' AND d.version = ?"
            " AND (e.id IS NULL OR json_type(e.note, '$.files') IS NULL"
            " OR d.id IN (SELECT value FROM json_each(e.note, '$.files')))"
            " ORDER BY d.id",
            (cycle_id, version),
        )
        return [_document(row) for row in rows]

    async def preparers_of_submitted(self, cycle_ids: Collection[int]) -> dict[int, set[int]]:
        """For each of `cycle_ids`, who prepared its last submitted draft version: who uploaded a
        file of it and who submitted it (none of them may verify it)."""
        if not cycle_ids:
            return {}
        rows = await self._db.fetch_all(
            "SELECT d.cycle_id, d.uploaded_by FROM documents AS d"
            " WHERE d.kind = 'draft' AND d.cycle_id IN (SELECT value FROM json_each(:cycles))"
            " AND d.version = (SELECT COUNT(*) FROM step_events AS e"
            " WHERE e.cycle_id = d.cycle_id AND e.action = 'draft_submitted')"
            " UNION SELECT e.cycle_id, e.actor_id FROM step_events AS e"
            " WHERE e.action = 'draft_submitted' AND e.actor_id IS NOT NULL"
            " AND e.cycle_id IN (SELECT value FROM json_each(:cycles))"
            " AND e.id = (SELECT MAX(id) FROM step_events AS l WHERE l.cycle_id = e.cycle_id AND l.action = 'draft_submitted')",
            {"cycles": json.dumps(sorted(set(cycle_ids)))},
        )
        found: dict[int, set[int]] = {}
        for row in rows:
            found.setdefault(int(row[0]), set()).add(int(row[1]))
        return found

    async def public_copies(self, source_ids: Collection[int]) -> dict[int, Document]:
        """The public copy of each of the draft files `source_ids` that has one (the latest
        recorded, should there be two), by the draft file's id."""
        if not source_ids:
            return {}
        rows = await self._db.fetch_all(
            "SELECT * FROM documents WHERE kind = 'published'"
            " AND source_document_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (json.dumps(sorted(set(source_ids))),),
        )
        return {int(row["source_document_id"]): _document(row) for row in rows}

    async def of_cycle(self, cycle_id: int) -> list[Document]:
        rows = await self._db.fetch_all("SELECT * FROM documents WHERE cycle_id = ? ORDER BY id", (cycle_id,))
        return [_document(row) for row in rows]

    async def latest_of_kind(self, cycle_id: int, kind: DocumentKind) -> Document | None:
        """The file of the highest version of `kind` in the cycle (a data file replaced by a newer
        one is the newer one), None when there is none."""
        row = await self._db.fetch_one(
            "SELECT * FROM documents WHERE cycle_id = ? AND kind = ? ORDER BY version DESC, id DESC LIMIT 1",
            (cycle_id, kind),
        )
        return None if row is None else _document(row)

    async def set_channel_message(self, conn: aiosqlite.Connection, document_id: int, message_id: int) -> None:
        """Record the channel message a document was posted as."""
        await execute_write(
            conn, "UPDATE documents SET channel_message_id = ? WHERE id = ?", (int(message_id), int(document_id))
        )

    async def latest_version(self, cycle_id: int, kind: DocumentKind) -> int:
        """The highest version of `kind` in the cycle, 0 when there is none."""
        value = await self._db.fetch_value(
            "SELECT MAX(version) FROM documents WHERE cycle_id = ? AND kind = ?", (cycle_id, kind)
        )
        return int(value or 0)
