"""Nothing wrong goes public (issue 12, points 1, 2, 6-cap, 15, 16): exempt or inactive information
never reaches the channel, a file PPID Utama never saw is never posted, a draft version holds at
most MAX_DRAFT_FILES files, and the publication claim keeps the channel free of doubles.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.config import ConfigError, load_settings
from bot.register import edit_item
from bot.sandbox import SimUser, deliver_at_once
from bot.workflow import PUBLICATION_CLAIMS, Upload, WorkflowError
from tests.bot.cycle_helpers import (
    OPERATOR_ID,
    PELAKSANA_ID,
    UTAMA2_ID,
    UTAMA_ID,
    Office,
    approve_and_publish,
    cycle_at_publication,
    cycle_at_review,
    open_first_task,
    person,
    waiting_for_draft,
)
from tests.conftest import ADMIN_ID, CHANNEL_ID
from tests.samples import MINIMAL_PDF
from tests.exemption_sample import answer_the_test, exemption

LEGAL_BASIS = "UU 14/2008 Pasal 17 huruf c (pertahanan dan keamanan)"
GENERIC_ERROR = "Maaf, terjadi gangguan pada sistem."
SECOND_PELAKSANA_ID, SECOND_OPERATOR_ID = 730003, 720002


def pdf(number: int) -> bytes:
    """A small valid PDF whose bytes differ from every other number's."""
    return MINIMAL_PDF.replace(b"%PDF-1.4\n", f"%PDF-1.4\n% salinan {number}\n".encode(), 1)


async def make_exempt_in_register(office: Office, summary: str) -> None:
    """The admin, through /informasi: Ubah -> Kategori -> Dikecualikan -> the consequence test."""
    rina = office.admin
    rina.send_command("/informasi")
    await office.deliver()
    for label in (f"1. {summary}", "✏️ Ubah", "Kategori", "Dikecualikan"):
        rina.press_button(label)
        await office.deliver()
    await answer_the_test(rina, office.deliver)


async def grant(office: Office, telegram_id: int, name: str, role: str, unit_id: int | None = None) -> SimUser:
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
        await services.users.grant_role(conn, telegram_id=telegram_id, role=role, unit_id=unit_id)  # type: ignore[arg-type]
    return office.fake.user(telegram_id, name)


def saw_generic_error(*people: SimUser) -> bool:
    answers = [a.get("text") or "" for someone in people for a in someone.callback_answers]
    return any(GENERIC_ERROR in text for text in [*answers, *(t for p in people for t in p.texts())])


# -- 1. exempt or inactive information never reaches the channel ---------------------------------


@pytest.mark.parametrize("step", [5, 7])
async def test_a_register_change_to_exempt_ends_the_cycle_and_nothing_is_posted(office: Office, step: int) -> None:
    summary = "Daftar Aset Daerah 2026"
    if step == 7:
        cycle_id = await cycle_at_publication(office)
    else:
        _, cycle_id = await cycle_at_review(office, summary)
        await open_first_task(office, office.utama)
        office.utama.press_button("✅ Setujui")
        await office.deliver()
    card = office.operator.last_message()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == step

    await make_exempt_in_register(office, summary)

    # The admin is told the cycle ended; the operator holding the step is told it is not to go on.
    # (the last message that is not a document: the exemption decision's files follow it)
    told = next(m["text"] for m in reversed(office.admin.messages()) if "document" not in m)
    assert told.startswith("✅ Kategori diperbarui.")
    assert f"⛔ Siklus pembaruan yang berjalan (langkah {step}) dihentikan" in told
    assert office.operator.last_text().startswith(f'⛔ Siklus pembaruan "{summary}" dihentikan di langkah {step}')
    # The cycle is closed in the same transaction, with its step event and audit entry.
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "cancelled"
    event = await office.services.db.fetch_one(
        "SELECT step_no, actor_id, note FROM step_events WHERE cycle_id = ? AND action = 'cycle_cancelled'", (cycle_id,)
    )
    assert event is not None and (event["step_no"], event["actor_id"]) == (step, ADMIN_ID)
    assert json.loads(event["note"]) == {"reason": "item_exempt"}
    audit = await office.services.db.fetch_all(
        "SELECT action, details FROM audit_log WHERE action IN ('cycle.cancel', 'item.edit') ORDER BY id"
    )
    assert [row["action"] for row in audit] == ["cycle.cancel", "item.edit"]
    assert json.loads(audit[1]["details"])["ended_cycle_id"] == cycle_id

    # The operator's old button now only refuses, and nothing reaches the channel.
    data = f"pb:go:{cycle_id}" if step == 7 else f"pb:co:{cycle_id}"
    assert data in [b["callback_data"] for b in office.operator.buttons(card)]
    office.operator.press(card, data)
    await office.deliver()
    assert office.operator.last_callback_answer()["text"] == (
        f"Siklus ini sudah dihentikan sebelum langkah {step} selesai; tombol ini tidak berlaku lagi. Lihat /tugas."
    )
    assert office.channel.posts() == []
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0


@pytest.mark.parametrize("change", ["exempt", "inactive"])
async def test_publication_rechecks_the_item_inside_its_transaction(office: Office, change: str) -> None:
    """Even when the item changed behind the workflow's back (another writer that ends no cycle),
    the post is refused at step 5 and at step 7, with a clear reason, and nothing is posted."""
    cycle_id = await cycle_at_publication(office)
    _, item = await office.services.workflow.cycle_with_item(cycle_id)
    services = office.services

    async def change_item() -> None:
        async with services.db.transaction() as conn:
            if change == "exempt":
                await services.items.set_category(conn, item.id, "dikecualikan", legal_basis=LEGAL_BASIS)
            else:
                await services.items.set_status(conn, item.id, "inactive")

    refusal = "Informasi ini tidak boleh diumumkan: di register kini dikecualikan atau tidak aktif."
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()  # the preview, seen while the item was still public
    await change_item()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert office.operator.last_callback_answer()["text"].startswith(refusal)
    await office.press_on_last(office.operator, f"pb:go:{cycle_id}")  # a new preview is refused too
    assert office.operator.last_callback_answer()["text"].startswith(refusal)
    assert office.channel.posts() == []
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    assert await services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is None  # no claim left behind
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 7


async def test_coordination_rechecks_the_item_inside_its_transaction(office: Office) -> None:
    _, cycle_id = await cycle_at_review(office)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    services = office.services
    _, item = await services.workflow.cycle_with_item(cycle_id)
    async with services.db.transaction() as conn:
        await services.items.set_category(conn, item.id, "dikecualikan", legal_basis=LEGAL_BASIS)
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    assert office.operator.last_callback_answer()["text"].startswith("Informasi ini tidak boleh diumumkan")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5
    assert await office.db_value("SELECT COUNT(*) FROM step_events WHERE action = 'publication_coordinated'") == 0


@pytest.mark.parametrize("approve_first", [True, False])
async def test_approve_racing_a_recategorisation_to_exempt(office: Office, approve_first: bool) -> None:
    """Two PPID Utama at the same moment: one approves, the other makes the item exempt. Whichever
    wins, an exempt item never moves on to step 5, and the losing press is told, not crashed."""
    item_id, cycle_id = await cycle_at_review(office)
    workflow = office.services.workflow
    umar, uli = await person(office, UTAMA_ID), await person(office, UTAMA2_ID)
    approve = workflow.approve(umar, cycle_id, 1)
    exempt = workflow.recategorise(uli, cycle_id, 1, "dikecualikan", exemption=exemption())
    calls = [approve, exempt] if approve_first else [exempt, approve]
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:  # a refusal is a WorkflowError with its text, never a database error
        assert not isinstance(result, Exception) or isinstance(result, WorkflowError), repr(result)
    item = await office.services.items.get(item_id)
    cycle = await workflow.cycle(cycle_id)
    assert item is not None
    if item.category == "dikecualikan":
        assert cycle.state == "cancelled"
    else:
        assert cycle.current_step == 5 and cycle.is_open
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE decision = 'approved'") == 1


async def test_approve_racing_a_register_change_to_exempt(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    workflow = office.services.workflow
    umar = await person(office, UTAMA_ID)
    approve = workflow.approve(umar, cycle_id, 1)
    edit = edit_item(office.services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=exemption())
    results = await asyncio.gather(approve, edit, return_exceptions=True)
    for result in results:
        assert not isinstance(result, Exception) or isinstance(result, WorkflowError), repr(result)
    cycle = await workflow.cycle(cycle_id)
    assert cycle.state == "cancelled"  # the item is exempt now, whoever won: the cycle is over
    assert await office.db_value("SELECT COUNT(*) FROM update_cycles WHERE current_step >= 5 AND state = 'open'") == 0


async def test_racing_presses_in_the_chat_get_clear_answers(office: Office) -> None:
    """Through the chat: PPID Utama approves while a colleague's exemption is typed; nobody gets the
    generic error, and an exempt item is never at step 5."""
    item_id, cycle_id = await cycle_at_review(office)
    await open_first_task(office, office.utama)
    await open_first_task(office, office.utama2)
    uli = office.utama2
    uli.press_button("🏷️ Ubah kategori")
    await office.deliver()
    uli.press_button("Dikecualikan")
    await office.deliver()
    last = await answer_the_test(uli, office.deliver, leave_last=True)
    office.utama.press_button("✅ Setujui")
    uli.send_text(last)
    await deliver_at_once(office.app, office.fake)
    assert not saw_generic_error(office.utama, uli)
    item = await office.services.items.get(item_id)
    cycle = await office.services.workflow.cycle(cycle_id)
    assert item is not None
    assert (item.category == "dikecualikan") == (cycle.state == "cancelled")


# -- 2. a file PPID Utama never saw is never published ----------------------------------------------


async def colleague_also_uploading(office: Office) -> tuple[int, SimUser]:
    """A cycle at step 3 with two PPID Pelaksana of the unit uploading (Putri and Sari)."""
    sari = await grant(office, SECOND_PELAKSANA_ID, "Sari", "pelaksana", office.unit_id)
    cycle_id = await waiting_for_draft(office, "Laporan Keuangan 2026")
    sari.press_button("📎 Unggah draf")
    await office.deliver()
    return cycle_id, sari


def names(documents: list[dict[str, Any]]) -> list[str]:
    return sorted(document["file_name"] for document in documents)


async def publish_by_chat(office: Office) -> None:
    await open_first_task(office, office.utama)
    await approve_and_publish(office)


async def test_step_7_posts_only_the_files_recorded_when_the_version_was_submitted(office: Office) -> None:
    """A file row that got into a submitted version afterwards (an older bot process, a restore)
    is not posted: the channel gets exactly the files the submission recorded."""
    cycle_id = await cycle_at_publication(office)
    services = office.services
    stored = await services.files.put(pdf(9), "susulan.pdf")
    async with services.db.transaction() as conn:
        await services.documents.add(
            conn, cycle_id=cycle_id, kind="draft", version=1, sha256=stored.sha256, size=stored.size,
            detected_type="pdf", original_name="susulan.pdf", stored_path=stored.relative_path,
            telegram_file_id=None, uploaded_by=PELAKSANA_ID, at=office.clock.now(),
        )
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    assert "susulan.pdf" not in office.operator.messages()[-1]["text"]  # nor shown in the preview
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert names([post["document"] for post in office.channel.posts() if "document" in post]) == ["draf.docx"]


# -- point 6: a draft version holds at most MAX_DRAFT_FILES files --------------------------------


async def test_the_file_after_the_maximum_is_refused_with_the_reason(office: Office) -> None:
    cycle_id = await waiting_for_draft(office, "Rencana Strategis 2027")
    putri = office.pelaksana
    maximum = office.services.settings.max_draft_files
    assert maximum == 20  # the default
    for number in range(1, maximum + 1):
        putri.send_document(pdf(number), f"lampiran-{number}.pdf")
    await office.deliver()
    assert f"Versi 1 kini berisi {maximum} berkas." in putri.last_text()
    audit_entries = await office.db_value("SELECT COUNT(*) FROM audit_log")
    putri.send_document(pdf(maximum + 1), "satu-lagi.pdf")
    await office.deliver()
    assert putri.last_text().startswith(
        f"Berkas ini tidak disimpan: satu versi draf paling banyak berisi {maximum} berkas."
    )
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == maximum
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == audit_entries
    # Selesai still sends the version, with its 20 files.
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4


async def test_the_maximum_is_a_setting_checked_inside_the_transaction(office: Office) -> None:
    import dataclasses

    services = office.services
    services.settings = dataclasses.replace(services.settings, max_draft_files=2)
    cycle_id = await waiting_for_draft(office, "Rencana Kerja 2027")
    putri = await person(office, PELAKSANA_ID)
    uploads = [Upload(await services.files.put(pdf(n), f"{n}.pdf"), "pdf", None) for n in range(3)]
    results = await asyncio.gather(
        *(services.workflow.add_draft_file(putri, cycle_id, upload, f"{n}.pdf") for n, upload in enumerate(uploads)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, WorkflowError)]
    assert len(refused) == 1 and refused[0].key == "draft_too_many_files" and refused[0].values == {"maximum": 2}
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 2


@pytest.mark.parametrize("value", ["0", "-3", "dua"])
def test_max_draft_files_must_be_a_positive_number(value: str) -> None:
    with pytest.raises(ConfigError, match="MAX_DRAFT_FILES"):
        load_settings({"MAX_DRAFT_FILES": value})
    assert load_settings({"MAX_DRAFT_FILES": "5"}).max_draft_files == 5


async def test_a_file_added_at_the_moment_of_submission_is_never_published_unseen(office: Office) -> None:
    """Sari presses "Selesai" while Putri's file is being recorded: the file is either in the list
    that went to PPID Utama or refused, and the channel gets exactly the files PPID Utama saw."""
    cycle_id, _ = await colleague_also_uploading(office)
    services, workflow = office.services, office.services.workflow
    putri, sari = await person(office, PELAKSANA_ID), await person(office, SECOND_PELAKSANA_ID)
    first = Upload(await services.files.put(pdf(1), "bagian-1.pdf"), "pdf", None)
    second = Upload(await services.files.put(pdf(2), "bagian-2.pdf"), "pdf", None)
    await workflow.add_draft_file(sari, cycle_id, first, "bagian-1.pdf")
    submitted, added = await asyncio.gather(
        workflow.submit_draft(sari, cycle_id),
        workflow.add_draft_file(putri, cycle_id, second, "bagian-2.pdf"),
        return_exceptions=True,
    )
    assert not isinstance(submitted, BaseException)
    reviewed = [document.id for document in submitted.detail["files"]]
    in_version_1 = [document.id for document in await workflow.draft_files(cycle_id, 1)]
    every_row_of_version_1 = await services.db.fetch_all(
        "SELECT id FROM documents WHERE cycle_id = ? AND kind = 'draft' AND version = 1 ORDER BY id", (cycle_id,)
    )
    assert in_version_1 == reviewed == [row["id"] for row in every_row_of_version_1]
    if isinstance(added, BaseException):
        assert isinstance(added, WorkflowError) and added.key in ("draft_closed_meanwhile", "step_passed")
    else:
        assert added.id in reviewed
    await publish_by_chat(office)
    posted = names([post["document"] for post in office.channel.posts() if "document" in post])
    assert posted == sorted(document.original_name for document in submitted.detail["files"])


# -- point 16: the publication claim is publish()'s own, and a compare-and-set --------------------


@pytest.mark.parametrize("death", ["error", "cancelled"])
async def test_a_publication_that_dies_after_posting_is_never_posted_twice(office: Office, death: str) -> None:
    """publish() writes the claim itself; the process "dies" between the post and its record (an
    unexpected error, or the task cancelled at shutdown). The next press asks whether it is there."""
    cycle_id = await cycle_at_publication(office)
    services = office.services
    operator = await person(office, OPERATOR_ID)
    posted = asyncio.Event()

    async def post_then_die(item: Any, cycle: Any) -> tuple[int, int]:
        message = await office.app.bot.send_message(CHANNEL_ID, item.summary)
        posted.set()
        if death == "error":
            raise RuntimeError("the process died after posting")
        await asyncio.Event().wait()  # never answers: cancelled below
        return message.chat.id, message.message_id

    task = asyncio.ensure_future(services.workflow.publish(operator, cycle_id, post_then_die))
    await posted.wait()
    if death == "cancelled":
        task.cancel()
    with pytest.raises(RuntimeError if death == "error" else asyncio.CancelledError):
        await task
    assert len(office.channel.posts()) == 1
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    assert (await services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) or {}).get("by") == OPERATOR_ID

    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert office.operator.last_callback_answer()["text"].startswith("Publikasi sebelumnya terhenti")
    assert office.operator.last_text().startswith('⚠️ Publikasi "Daftar Aset Daerah 2026" terhenti sebelum tercatat.')
    assert len(office.channel.posts()) == 1  # not posted a second time
    office.operator.press_button("✅ Sudah ada di kanal")
    await office.deliver()
    assert len(office.channel.posts()) == 1
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 1
    assert await services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is None


async def test_two_operators_on_two_chats_press_publish_at_once(office: Office) -> None:
    cycle_id = await cycle_at_publication(office)
    second = await grant(office, SECOND_OPERATOR_ID, "Ode", "operator")
    assert (await open_first_task(office, second)).startswith("Publikasikan Daftar Aset Daerah 2026 di kanal publik paling lambat")
    for operator in (office.operator, second):
        operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()  # each sees the preview
    for operator in (office.operator, second):
        operator.press_button("✅ Ya, kirim")
    await deliver_at_once(office.app, office.fake)
    await assert_published_once(office, cycle_id, office.operator, second)


async def assert_published_once(office: Office, cycle_id: int, *operators: SimUser) -> None:
    assert len(office.channel.posts()) == 1
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    winners = [o for o in operators if (o.last_text() or "").startswith("📢 Dipublikasikan di kanal publik.")]
    assert len(winners) == 1
    (loser,) = [o for o in operators if o is not winners[0]]
    told = loser.last_callback_answer()["text"]
    assert told.startswith(("Langkah 7 sudah selesai", "Publikasi sebelumnya terhenti")), told


async def test_two_bot_processes_on_one_database_post_once(office: Office) -> None:
    """Two operators press "Publikasikan" at once, each served by its own bot process on the same
    database: no in-process lock is shared, so only the claim's compare-and-set inside the
    transaction keeps the channel free of doubles. The instance lock (`bot.instance_lock`) stops a
    second bot from starting; here it is let go, as on a file system where `flock` does nothing."""
    from bot.app import build_application

    cycle_id = await cycle_at_publication(office)
    lock = office.app.instance_lock
    assert lock is not None
    lock.release()
    second = await grant(office, SECOND_OPERATOR_ID, "Ode", "operator")
    assert (await open_first_task(office, second)).startswith("Publikasikan Daftar Aset Daerah 2026 di kanal publik paling lambat")
    other_process = build_application(office.settings, request=office.fake.request(), clock=office.clock, rate_limiter=False)
    await other_process.initialize()
    try:
        for operator in (office.operator, second):
            operator.press_button("📢 Publikasikan sekarang")
        await office.deliver()  # each sees the preview
        for operator in (office.operator, second):
            operator.press_button("✅ Ya, kirim")
        updates = office.fake.updates.pop_all()
        assert len(updates) == 2

        async def process(data: dict[str, Any]) -> None:
            from telegram import Update

            app = office.app if data["callback_query"]["from"]["id"] == OPERATOR_ID else other_process
            await app.process_update(Update.de_json(data, app.bot))

        await asyncio.gather(*(process(data) for data in updates))
        await assert_published_once(office, cycle_id, office.operator, second)
    finally:
        await other_process.shutdown()


# -- point 15: decided buttons go from every card; no review card for the draft's own uploader -----


async def draft_sent_by_chat(office: Office, uploader: SimUser) -> int:
    cycle_id = await waiting_for_draft(office, "Laporan Realisasi Anggaran 2026")
    if uploader is not office.pelaksana:
        uploader.press_button("📎 Unggah draf")
        await office.deliver()
    uploader.send_document(pdf(1), "realisasi.pdf")
    await office.deliver()
    uploader.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    return cycle_id


@pytest.mark.parametrize("decision", ["return", "approve"])
async def test_a_decision_takes_the_buttons_off_every_review_card(office: Office, decision: str) -> None:
    cycle_id = await draft_sent_by_chat(office, office.pelaksana)
    umar, uli = office.utama, office.utama2
    umar_card, uli_card = umar.last_message(), uli.last_message()
    assert f"rv:ok:{cycle_id}:1" in [b["callback_data"] for b in umar.buttons(umar_card)]
    assert f"rv:ok:{cycle_id}:1" in [b["callback_data"] for b in uli.buttons(uli_card)]
    if decision == "return":
        umar.press_button("↩️ Kembalikan", umar_card)
        await office.deliver()
        umar.send_text("Tabel lampiran belum lengkap")
        await office.deliver()
        assert umar.last_text().startswith("↩️ Draf versi 1 dikembalikan")
    else:
        umar.press_button("✅ Setujui", umar_card)
        await office.deliver()
        assert umar.last_text().startswith("✅ Draf versi 1 disetujui.")
    assert umar.buttons(umar_card) == [] and uli.buttons(uli_card) == []
    # A stale client pressing the old button is still told who decided.
    uli.press(uli_card, f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert uli.last_callback_answer()["text"] == "Draf ini sudah diputuskan oleh Umar."


async def test_the_uploader_who_is_also_ppid_utama_gets_no_review_card(office: Office) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=UTAMA_ID, role="pelaksana", unit_id=office.unit_id)
    umar, uli = office.utama, office.utama2
    cycle_id = await draft_sent_by_chat(office, umar)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4
    review_data = f"rv:ok:{cycle_id}:1"
    assert not any(review_data in [b["callback_data"] for b in umar.buttons(m)] for m in umar.messages())
    assert any(review_data in [b["callback_data"] for b in uli.buttons(m)] for m in uli.messages())
    assert "realisasi.pdf" not in [d["file_name"] for d in umar.documents()]  # nor the files sent back to him
    umar.send_command("/tugas")
    await office.deliver()
    # Only his unacknowledged coordination letter (as PPID Pelaksana) waits; no review of his own draft.
    assert [b["callback_data"].split(":")[:2] for b in umar.buttons()] == [["co", "ack"]]
