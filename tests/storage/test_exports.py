"""The reads behind the exported reports: pages of the register, latest publication, unit filters,
cycles, coordination and the documents gathered."""

from __future__ import annotations

from datetime import datetime, timezone

from storage.database import Database
from storage.exports import ExportRepository
from tests.storage.builders import T0, insert, seed_basics

SHA = "a" * 64


async def test_dip_pages_carry_unit_and_latest_publication(db: Database) -> None:
    ids = await seed_basics(db)
    async with db.transaction() as conn:
        other_unit = await insert(conn, "units", name="Dinas Kesehatan", kind="opd", created_at=T0)
        second = await insert(
            conn, "info_items", summary="Profil", unit_id=other_unit, category="setiap_saat",
            created_at=T0, updated_at=T0, status="inactive",
        )
        closed = await insert(
            conn, "update_cycles", item_id=ids["item"], kind="berkala", opened_at=T0, step_started_at=T0,
            state="published", closed_at=T0,
        )
        for cycle, message_id, at in ((closed, 7, "2026-11-29T01:00:00Z"), (ids["cycle"], 9, "2026-12-01T01:00:00Z")):
            await insert(
                conn, "publications", cycle_id=cycle, item_id=ids["item"], channel_chat_id=-1001,
                channel_message_id=message_id, published_by=100, published_at=at,
            )
    exports = ExportRepository(db)
    assert await exports.dip_bounds() == (2, second)
    assert await exports.dip_bounds([other_unit]) == (1, second)
    assert await exports.dip_bounds([]) == (0, 0)

    first_page = await exports.dip_page(after_id=0, up_to=second, limit=1)
    assert [row.item.id for row in first_page] == [ids["item"]]
    row = first_page[0]
    assert (row.unit_name, row.channel_chat_id, row.channel_message_id) == ("Dinas Sosial", -1001, 9)
    rest = await exports.dip_page(after_id=row.item.id, up_to=second, limit=1)
    assert [(r.item.id, r.unit_name, r.item.status, r.channel_message_id) for r in rest] == [
        (second, "Dinas Kesehatan", "inactive", None)
    ]
    assert await exports.dip_page(after_id=second, up_to=second, limit=10) == []
    # Items registered after the export began are left out; the unit filter keeps one unit.
    assert [r.item.id for r in await exports.dip_page(after_id=0, up_to=ids["item"], limit=10)] == [ids["item"]]
    assert [r.item.id for r in await exports.dip_page(after_id=0, up_to=second, limit=10, unit_ids=[other_unit])] == [second]
    assert await exports.dip_page(after_id=0, up_to=second, limit=10, unit_ids=[]) == []


async def test_cycle_coordination_and_gathered_documents(db: Database) -> None:
    ids = await seed_basics(db)
    async with db.transaction() as conn:
        letter = await insert(
            conn, "documents", cycle_id=ids["cycle"], kind="coordination_letter", version=1, sha256=SHA, size=10,
            original_name="surat.pdf", stored_path="aa/aa/x", uploaded_by=100, uploaded_at=T0,
        )
        await insert(
            conn, "documents", cycle_id=ids["cycle"], kind="published", version=1, sha256=SHA, size=10,
            original_name="terbit.pdf", stored_path="aa/aa/x", uploaded_by=100, uploaded_at=T0,
        )
        await insert(
            conn, "documents", cycle_id=ids["cycle"], kind="data_file", version=1, sha256="b" * 64, size=20,
            original_name="data.csv", stored_path="bb/bb/y", uploaded_by=200, uploaded_at=T0,
        )
        await insert(
            conn, "coordination", cycle_id=ids["cycle"], letter_document_id=letter, asked_user_id=200, asked_at=T0,
            acknowledged_at="2026-11-28T14:00:00Z",
        )
        await insert(conn, "coordination", cycle_id=ids["cycle"], letter_document_id=letter, asked_user_id=300, asked_at=T0)
    exports = ExportRepository(db)
    cycle = await exports.cycle(ids["cycle"])
    assert cycle is not None
    assert (cycle.item_summary, cycle.unit_name, cycle.unit_id) == ("Laporan keuangan", "Dinas Sosial", ids["unit"])
    assert await exports.cycle(999) is None
    assert [c.id for c in await exports.recent_cycles(10)] == [ids["cycle"]]
    assert await exports.recent_cycles(10, unit_ids=[ids["unit"] + 1]) == []

    asked = await exports.asked(ids["cycle"])
    assert [(a.asked_user_id, a.full_name, a.letter_name, a.letter_version) for a in asked] == [
        (200, "User 200", "surat.pdf", 1),
        (300, "User 300", "surat.pdf", 1),
    ]
    assert asked[0].acknowledged_at == datetime(2026, 11, 28, 14, 0, tzinfo=timezone.utc)
    assert asked[1].acknowledged_at is None

    documents = await exports.gathered_documents(ids["cycle"])
    assert [(d.kind, d.original_name, d.uploader_name) for d in documents] == [
        ("coordination_letter", "surat.pdf", "User 100"),
        ("data_file", "data.csv", "User 200"),
    ]
