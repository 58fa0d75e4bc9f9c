""""Tarik publikasi" (issue 12, point 4): a published post is withdrawn with a required reason; its
channel messages are deleted, the register and the public search forget it, the history and the
audit log keep the withdrawal, and a corrected version is published in a new cycle.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import Settings
from bot.sandbox import FakeTelegram, RateLimits
from bot.withdrawal import withdraw
from bot.workflow import Upload, WorkflowError
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    Office,
    approve_and_publish,
    build_office,
    open_first_task,
    person,
)
from storage.exports import ExportRepository
from storage.timestamps import format_utc
from tests.bot.test_cycle_refusals import interrupted_publication
from tests.samples import MINIMAL_PDF, make_docx

SUMMARY = "Laporan Keuangan Semester II 2026"


async def published_with_two_files(office: Office, summary: str = SUMMARY) -> tuple[int, int]:
    """An item published through the chat with two files (two channel messages); (item, cycle)."""
    services, workflow = office.services, office.services.workflow
    item_id = await office.add_item(summary)
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    putri = await person(office, PELAKSANA_ID)
    for name, data in (("laporan.docx", make_docx()), ("lampiran.pdf", MINIMAL_PDF)):
        stored = await services.files.put(data, name)
        await workflow.add_draft_file(putri, cycle_id, Upload(stored, "docx" if name.endswith("docx") else "pdf", None), name)
    await workflow.submit_draft(putri, cycle_id)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    assert office.operator.texts()[-1].startswith("📢 Dipublikasikan di kanal publik.")
    return item_id, cycle_id


BUDI = 790001  # a member of the public


async def search_finds(office: Office, *words: str) -> bool:
    budi = office.fake.user(BUDI, "Budi")
    budi.send_command("/cari", *words)
    await office.deliver()
    return SUMMARY in (budi.last_text() or "")


async def test_a_publication_is_withdrawn_forgotten_kept_in_history_and_published_again(office: Office) -> None:
    item_id, cycle_id = await published_with_two_files(office)
    oki, umar, db = office.operator, office.utama, office.services.db
    assert len(office.channel.posts()) == 2
    assert await db.fetch_value("SELECT COUNT(*) FROM channel_messages WHERE cycle_id = ?", (cycle_id,)) == 2
    assert await search_finds(office, "laporan", "keuangan")
    published_at = await db.fetch_value("SELECT last_published_at FROM info_items WHERE id = ?", (item_id,))
    assert published_at is not None
    due_served = await db.fetch_value("SELECT due_at FROM update_cycles WHERE id = ?", (cycle_id,))
    audit_before = await db.fetch_value("SELECT COUNT(*) FROM audit_log")

    # The button is on the operator's "published" confirmation; the reason is required.
    oki.press_button("🗑️ Tarik publikasi")
    await office.deliver()
    assert oki.last_text().startswith(f'Menarik publikasi "{SUMMARY}"')
    oki.send_text("ups")
    await office.deliver()
    assert oki.last_text() == "Alasan penarikan wajib diisi (minimal 5 huruf). Silakan ketik alasannya."
    assert len(office.channel.posts()) == 2
    assert await db.fetch_value("SELECT withdrawn_at FROM publications WHERE cycle_id = ?", (cycle_id,)) is None
    reason = "Lampiran memuat data pribadi pegawai"
    oki.send_text(reason)
    await office.deliver()

    # Both channel messages are gone; the operator and PPID Utama are told.
    assert office.channel.posts() == []
    assert oki.last_text().startswith(f'🗑️ Publikasi "{SUMMARY}" ditarik (2 pesan dihapus dari kanal).')
    assert umar.last_text() == f'🗑️ Publikasi "{SUMMARY}" ditarik oleh Oki. Alasan: {reason}'
    # The database: withdrawn (kept), the register and the public search forget it.
    row = await db.fetch_one("SELECT withdrawn_at, withdrawn_by, withdrawal_reason FROM publications WHERE cycle_id = ?", (cycle_id,))
    assert row["withdrawn_at"] is not None and row["withdrawn_by"] == OPERATOR_ID and row["withdrawal_reason"] == reason
    item = await db.fetch_one("SELECT last_published_at, next_due_at FROM info_items WHERE id = ?", (item_id,))
    # Due again: the period is not announced after all (no due date served: due now).
    assert item["last_published_at"] is None and item["next_due_at"] == (due_served or format_utc(office.clock.now()))
    assert await db.fetch_value("SELECT COUNT(*) FROM public_search WHERE rowid = ?", (item_id,)) == 0
    assert not await search_finds(office, "laporan", "keuangan")
    [dip_row] = await ExportRepository(db).dip_page(after_id=item_id - 1, up_to=item_id, limit=1)
    assert dip_row.channel_message_id is None  # the DIP export shows no channel link for it
    # The history and the audit log keep it: one step event, one audit entry.
    event = await db.fetch_one(
        "SELECT step_no, actor_id, note FROM step_events WHERE cycle_id = ? AND action = 'publication_withdrawn'", (cycle_id,)
    )
    assert tuple(event) == (7, OPERATOR_ID, reason)
    audit = await db.fetch_all("SELECT action FROM audit_log ORDER BY id")
    assert len(audit) == audit_before + 1 and audit[-1]["action"] == "publication.withdraw"
    assert (await office.services.audit.verify(db)).ok
    office.admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    history = "\n".join(office.admin.texts()[-3:])
    assert "dipublikasikan, lalu ditarik" in history and "publikasi ditarik dari kanal publik" in history
    assert f"Catatan: {reason}" in history

    # Withdrawing again (an old button): refused, nothing changes.
    oki.press(oki.messages()[-3], f"pb:wd:{cycle_id}")
    await office.deliver()
    assert oki.last_callback_answer()["text"] == "Publikasi ini sudah ditarik sebelumnya."
    assert await db.fetch_value("SELECT COUNT(*) FROM audit_log") == audit_before + 1

    # A corrected version: the admin opens a new cycle as usual, and it is published again.
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    new_cycle = await db.fetch_value("SELECT MAX(id) FROM update_cycles WHERE item_id = ?", (item_id,))
    assert new_cycle != cycle_id
    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    putri = office.pelaksana
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(make_docx(), "laporan_perbaikan.docx")
    await office.deliver()
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    await approve_and_publish(office)
    posts = office.channel.posts()
    assert len(posts) == 1 and posts[0]["document"]["file_name"] == "laporan_perbaikan.docx"
    assert await search_finds(office, "laporan", "keuangan")
    assert await db.fetch_value("SELECT last_published_at FROM info_items WHERE id = ?", (item_id,)) is not None
    assert await db.fetch_value("SELECT COUNT(*) FROM publications WHERE withdrawn_at IS NULL") == 1


async def test_ppid_utama_withdraws_from_the_history_and_others_may_not(office: Office) -> None:
    item_id, cycle_id = await published_with_two_files(office)
    umar, putri, admin = office.utama, office.pelaksana, office.admin
    # Only the operator and PPID Utama see the button under /riwayat.
    for someone in (admin, putri):
        someone.send_command("/riwayat", str(item_id))
        await office.deliver()
        assert "Tarik publikasi" not in str(someone.last_message().get("reply_markup"))
        someone.press(someone.last_message(), f"pb:wd:{cycle_id}")
        await office.deliver()
        assert someone.last_callback_answer()["text"] == (
            "Maaf, hanya Operator PPID atau PPID Utama yang dapat menarik publikasi."
        )
    assert len(office.channel.posts()) == 2
    umar.send_command("/riwayat", str(item_id))
    await office.deliver()
    assert umar.last_text() == "Publikasi yang dapat ditarik (Operator PPID / PPID Utama):"
    umar.press_button(f"🗑️ Tarik publikasi siklus #{cycle_id}")
    await office.deliver()
    umar.send_text("Kategori seharusnya dikecualikan")
    await office.deliver()
    assert office.channel.posts() == []
    assert office.operator.last_text().startswith(f'🗑️ Publikasi "{SUMMARY}" ditarik oleh Umar.')
    umar.send_command("/riwayat", str(item_id))
    await office.deliver()
    assert "Tarik publikasi" not in str(umar.last_message().get("reply_markup"))  # nothing left to withdraw


async def test_messages_too_old_to_delete_leave_the_withdrawal_recorded_and_say_so(make_settings) -> None:  # type: ignore[no-untyped-def]
    """Telegram deletes only messages younger than 48 hours: the withdrawal stands, the person is
    told which posts to delete by hand."""
    wall = [0.0]
    fake = FakeTelegram(limits=RateLimits.disabled(), wall_clock=lambda: 1_780_000_000 + wall[0])
    settings: Settings = make_settings()
    office = await build_office(settings, fake)
    try:
        item_id, cycle_id = await published_with_two_files(office)
        wall[0] = timedelta(hours=49).total_seconds()
        office.clock.advance(timedelta(hours=49))
        office.operator.press_button("🗑️ Tarik publikasi")
        await office.deliver()
        office.operator.send_text("Berkas keliru diunggah")
        await office.deliver()
        posts = office.channel.posts()
        assert len(posts) == 2  # Telegram refused
        told = office.operator.texts()[-1]
        assert told.startswith("⚠️ Penarikan sudah tercatat, tetapi Telegram menolak menghapus 2 pesan di kanal")
        for post in posts:
            assert f"https://t.me/c/1000000001/{post['message_id']}" in told  # PUBLIC_CHANNEL is an id
        db = office.services.db
        assert await db.fetch_value("SELECT withdrawn_at FROM publications WHERE cycle_id = ?", (cycle_id,)) is not None
        assert await db.fetch_value("SELECT COUNT(*) FROM public_search WHERE rowid = ?", (item_id,)) == 0
    finally:
        await office.app.shutdown()


async def test_a_publication_recorded_after_an_interruption_is_withdrawn_and_deleted_by_hand(office: Office) -> None:
    """Its channel message is unknown (recorded by hand as "Sudah ada di kanal"): the withdrawal
    is recorded, and the operator is told to delete the post in the channel."""
    cycle_id = await interrupted_publication(office)
    oki = office.operator
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    oki.press_button("✅ Sudah ada di kanal")
    await office.deliver()
    oki.press_button("🗑️ Tarik publikasi")
    await office.deliver()
    oki.send_text("Diumumkan sebelum waktunya")
    await office.deliver()
    assert oki.texts()[-1].startswith("⚠️ Penarikan sudah tercatat, tetapi pesan publikasi ini di kanal tidak diketahui bot")
    assert await office.db_value("SELECT withdrawal_reason FROM publications WHERE cycle_id = ?", cycle_id) == (
        "Diumumkan sebelum waktunya"
    )


async def test_a_role_taken_away_before_the_withdrawal_commits_refuses_it(office: Office) -> None:
    """The role is checked inside the withdrawal's transaction, not only when the person was read."""
    _, cycle_id = await published_with_two_files(office)
    services = office.services
    oki = await person(office, OPERATOR_ID)  # read while still operator
    async with services.db.transaction() as conn:
        await services.users.revoke_role(conn, telegram_id=OPERATOR_ID, role="operator", unit_id=None)
    with pytest.raises(WorkflowError) as refused:
        await withdraw(services, oki, cycle_id, "Alasan yang cukup panjang")
    assert refused.value.key == "withdraw_not_allowed"
    assert await office.db_value("SELECT withdrawn_at FROM publications WHERE cycle_id = ?", cycle_id) is None
    assert len(office.channel.posts()) == 2
