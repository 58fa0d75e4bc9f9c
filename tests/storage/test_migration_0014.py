"""Migration 0014_public_files on a database that already holds publications: each publication
gets a token for exactly the files it posted (the draft version its cycle submitted last, only
the files that submission recorded, and the data file that went out), and nothing else: not an
earlier draft version, not a file added after submission, not the coordination letter."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from storage.database import open_database
from storage.migrations import apply_migrations, load_migrations

from .builders import T0, insert, migrations_before

VERSION = next(m.version for m in load_migrations() if m.name == "public_files")


async def test_old_publications_get_tokens_for_the_files_they_posted(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "old.sqlite3", migrate=False)
    try:
        await apply_migrations(database, migrations_before(VERSION, tmp_path / "old_migrations"))
        async with database.transaction() as conn:
            unit = await insert(conn, "units", name="Dinas Sosial", kind="opd", created_at=T0)
            await insert(conn, "users", telegram_id=100, full_name="Putri", created_at=T0)
            item = await insert(
                conn, "info_items", summary="Laporan", unit_id=unit, category="berkala", period="semester",
                created_at=T0, updated_at=T0,
            )
            cycle = await insert(
                conn, "update_cycles", item_id=item, kind="berkala", current_step=7, opened_at=T0,
                step_started_at=T0, state="published", closed_at=T0,
            )

            async def document(kind: str, version: int, name: str, message: int | None = None) -> int:
                return await insert(
                    conn, "documents", cycle_id=cycle, kind=kind, version=version,
                    sha256=hashlib.sha256(name.encode()).hexdigest(),
                    size=10, original_name=name, stored_path="x", uploaded_by=100, uploaded_at=T0,
                    channel_message_id=message,
                )

            letter = await document("coordination_letter", 1, "surat.pdf")
            old_draft = await document("draft", 1, "lama.pdf")
            published = await document("draft", 2, "laporan.pdf")
            late = await document("draft", 2, "terlambat.pdf")  # added after the submission was recorded
            old_data = await document("data_file", 1, "data-lama.xlsx", message=11)
            data = await document("data_file", 2, "data.xlsx", message=12)
            unposted_data = await document("data_file", 3, "data-baru.xlsx")
            for version, files in ((1, [old_draft]), (2, [published])):
                await insert(
                    conn, "step_events", cycle_id=cycle, step_no=3, action="draft_submitted", actor_id=100, at=T0,
                    note=json.dumps({"version": version, "files": files}),
                )
            publication = await insert(
                conn, "publications", cycle_id=cycle, item_id=item, channel_chat_id=-100, channel_message_id=10,
                published_by=100, published_at=T0,
            )

        await apply_migrations(database)

        rows = await database.fetch_all("SELECT token, publication_id, document_id FROM public_files ORDER BY document_id")
        assert [(row["publication_id"], row["document_id"]) for row in rows] == [(publication, published), (publication, data)]
        tokens = [row["token"] for row in rows]
        assert all(len(token) == 32 and int(token, 16) >= 0 for token in tokens) and len(set(tokens)) == 2
        assert {letter, old_draft, late, old_data, unposted_data}.isdisjoint(row["document_id"] for row in rows)
    finally:
        await database.close()
