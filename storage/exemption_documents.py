"""The exemption decision and its signed scans, kept with the item (table `exemption_documents`,
migration 0018).

One 'decision' row per recorded consequence test (the item's `exempt_decided_at`), written with its
number before its files exist (`reserve_decision`), its DOCX and PDF recorded once made
(`set_decision_files`); 'signed' rows are the scans of the signed decision, versions 1, 2, ...
Never public: nothing of the web site reads this table.

Follows the storage pattern (see :mod:`storage`): writes take the ``conn`` of the caller's
``db.transaction()``; reads go through the :class:`Database` or, inside a transaction, its ``conn``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.database import Database, execute_write, fetch_first
from storage.timestamps import format_utc, parse_utc

__all__ = ["ExemptionDocument", "ExemptionDocumentRepository"]

DocumentKind = Literal["decision", "signed"]


@dataclass(frozen=True)
class ExemptionDocument:
    """A decision document (its DOCX `sha256`, None until made, and `pdf_sha256`) or a signed scan."""

    id: int
    item_id: int
    kind: DocumentKind
    version: int
    decided_at: datetime
    number_id: int
    sha256: str | None
    pdf_sha256: str | None
    file_name: str | None
    file_type: str | None
    created_by: int
    created_at: datetime


def _document(row: aiosqlite.Row) -> ExemptionDocument:
    return ExemptionDocument(
        id=int(row["id"]), item_id=int(row["item_id"]), kind=row["kind"], version=int(row["version"]),
        decided_at=parse_utc(row["decided_at"]), number_id=int(row["number_id"]), sha256=row["sha256"],
        pdf_sha256=row["pdf_sha256"], file_name=row["file_name"], file_type=row["file_type"],
        created_by=int(row["created_by"]), created_at=parse_utc(row["created_at"]),
    )


class ExemptionDocumentRepository:
    """Access to ``exemption_documents``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def decision(
        self, item_id: int, decided_at: datetime, conn: aiosqlite.Connection | None = None
    ) -> ExemptionDocument | None:
        """The decision document of the test `item_id` recorded at `decided_at`, if one was made."""
        sql = "SELECT * FROM exemption_documents WHERE item_id = ? AND kind = 'decision' AND decided_at = ?"
        values = (item_id, format_utc(decided_at))
        row = await (fetch_first(conn, sql, values) if conn is not None else self._db.fetch_one(sql, values))
        return None if row is None else _document(row)

    async def reserve_decision(
        self, conn: aiosqlite.Connection, *, item_id: int, decided_at: datetime, number_id: int, by: int, at: datetime
    ) -> ExemptionDocument:
        """Write the decision of the test recorded at `decided_at` with its number, files to come."""
        row = await fetch_first(conn, "SELECT COALESCE(MAX(version), 0) + 1 FROM exemption_documents WHERE item_id = ? AND kind = 'decision'", (item_id,))
        assert row is not None
        inserted = await fetch_first(
            conn,
            "INSERT INTO exemption_documents (item_id, kind, version, decided_at, number_id, created_by, created_at)"
            " VALUES (?, 'decision', ?, ?, ?, ?, ?) RETURNING *",
            (item_id, int(row[0]), format_utc(decided_at), number_id, by, format_utc(at)),
        )
        assert inserted is not None
        return _document(inserted)

    async def set_decision_files(
        self, conn: aiosqlite.Connection, document_id: int, *, sha256: str, pdf_sha256: str | None, file_name: str
    ) -> bool:
        """Record the decision's files; False when they were recorded already (a press at the same
        moment made them first: its files stand)."""
        written = await execute_write(
            conn,
            "UPDATE exemption_documents SET sha256 = ?, pdf_sha256 = ?, file_name = ?, file_type = 'docx'"
            " WHERE id = ? AND kind = 'decision' AND sha256 IS NULL",
            (sha256, pdf_sha256, file_name, document_id),
        )
        return written.rowcount == 1

    async def add_signed(
        self, conn: aiosqlite.Connection, *, item_id: int, decided_at: datetime, number_id: int, sha256: str,
        file_name: str, file_type: str, by: int, at: datetime,
    ) -> ExemptionDocument:
        """A signed scan of the decision, its next version."""
        row = await fetch_first(conn, "SELECT COALESCE(MAX(version), 0) + 1 FROM exemption_documents WHERE item_id = ? AND kind = 'signed'", (item_id,))
        assert row is not None
        inserted = await fetch_first(
            conn,
            "INSERT INTO exemption_documents (item_id, kind, version, decided_at, number_id, sha256, file_name,"
            " file_type, created_by, created_at) VALUES (?, 'signed', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (item_id, int(row[0]), format_utc(decided_at), number_id, sha256, file_name, file_type, by, format_utc(at)),
        )
        assert inserted is not None
        return _document(inserted)

    async def latest_signed(self, item_id: int, decided_at: datetime) -> ExemptionDocument | None:
        """The latest signed scan of the decision of the test recorded at `decided_at`."""
        row = await self._db.fetch_one(
            "SELECT * FROM exemption_documents WHERE item_id = ? AND kind = 'signed' AND decided_at = ?"
            " ORDER BY version DESC LIMIT 1",
            (item_id, format_utc(decided_at)),
        )
        return None if row is None else _document(row)

    async def of_item(self, item_id: int) -> list[ExemptionDocument]:
        """Every decision and scan of the item, oldest first."""
        rows = await self._db.fetch_all("SELECT * FROM exemption_documents WHERE item_id = ? ORDER BY id", (item_id,))
        return [_document(row) for row in rows]
