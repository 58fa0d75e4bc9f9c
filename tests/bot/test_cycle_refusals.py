"""Refusals in the cycle: wrong role, other unit, forged and stale buttons, double decisions,
self-approval, bad files. Each says so clearly and leaves the database unchanged.
"""

from __future__ import annotations

import pytest

from bot.sandbox import deliver_at_once
from bot.staff import find_person
from bot.workflow import PUBLICATION_CLAIMS
from tests.bot.cycle_helpers import (
    PELAKSANA_ID,
    UTAMA_ID,
    Office,
    cycle_at_publication,
    cycle_at_review,
    open_first_task,
    waiting_for_draft,
)
from tests.samples import MINIMAL_PDF, unique_pdf


async def snapshot(office: Office) -> tuple[object, ...]:
    """Everything a refused action must not change."""
    db = office.services.db
    return (
        tuple(tuple(row) for row in await db.fetch_all("SELECT id, current_step, state FROM update_cycles")),
        await db.fetch_value("SELECT COUNT(*) FROM reviews"),
        await db.fetch_value("SELECT COUNT(*) FROM documents"),
        await db.fetch_value("SELECT COUNT(*) FROM publications"),
        await db.fetch_value("SELECT COUNT(*) FROM audit_log"),
    )


async def greet(office: Office, *people: object) -> None:
    for someone in people:
        someone.send_command("/start")  # type: ignore[attr-defined]
    await office.deliver()


async def test_wrong_role_and_forged_buttons_are_refused(office: Office) -> None:
    _, cycle_id = await cycle_at_review(office)
    await greet(office, office.operator, office.other_pelaksana, office.utama)
    before = await snapshot(office)
    # The operator forges PPID Utama's approve button.
    await office.press_on_last(office.operator, f"rv:ok:{cycle_id}:1")
    assert office.operator.last_callback_answer()["text"] == "Maaf, langkah ini hanya untuk PPID Utama."
    # PPID Utama presses approve on a draft version that does not exist / another cycle.
    await office.press_on_last(office.utama, f"rv:ok:{cycle_id}:7")
    assert office.utama.last_callback_answer()["text"].startswith("Draf ini sudah tidak berlaku")
    await office.press_on_last(office.utama, "rv:ok:999:1")
    assert office.utama.last_callback_answer()["text"] == "Siklus itu tidak ditemukan."
    # Malformed data is a stale button.
    await office.press_on_last(office.utama, "rv:ok:1;DROP TABLE reviews")
    assert office.utama.last_callback_answer()["text"].startswith("Tombol ini sudah tidak berlaku.")
    # A PPID Pelaksana of another unit tries to upload into this cycle: told it is another unit's,
    # before anything of where the cycle stands (issue 15 review: not "Langkah 3 sudah tidak berlaku").
    await office.press_on_last(office.other_pelaksana, f"dr:up:{cycle_id}")
    assert office.other_pelaksana.last_callback_answer()["text"].startswith("Maaf, informasi ini milik unit lain")
    assert await snapshot(office) == before


async def test_other_unit_cannot_work_on_the_draft(office: Office) -> None:
    item_id = await office.add_item("Profil Dinas Sosial")
    admin, panji = office.admin, office.other_pelaksana
    await greet(office, admin, panji)
    await office.press_on_last(admin, f"cyc:open:{item_id}")
    office.operator.press_button("📝 Buat surat dari templat")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
    before = await snapshot(office)
    await office.press_on_last(panji, f"dr:up:{cycle_id}")
    assert panji.last_callback_answer()["text"].startswith("Maaf, informasi ini milik unit lain")
    panji.send_command("/tugas")
    await office.deliver()
    assert panji.last_text().startswith("Tidak ada tugas yang menunggu Bapak/Ibu")
    assert await snapshot(office) == before


async def test_two_verifiers_at_the_same_moment_make_exactly_one_decision(office: Office) -> None:
    _, cycle_id = await cycle_at_review(office)
    await greet(office, office.utama, office.utama2)
    office.utama.press(office.utama.last_message(), f"rv:ok:{cycle_id}:1")
    office.utama2.press(office.utama2.last_message(), f"rv:ok:{cycle_id}:1")
    await deliver_at_once(office.app, office.fake)
    db = office.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", (cycle_id,)) == 1
    winner = await db.fetch_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", (cycle_id,))
    loser = office.utama2 if winner == office.utama.id else office.utama
    winner_name = "Umar" if winner == office.utama.id else "Uli"
    assert loser.last_callback_answer()["text"] == f"Draf ini sudah diputuskan oleh {winner_name}."
    assert await db.fetch_value("SELECT current_step FROM update_cycles WHERE id = ?", (cycle_id,)) == 5
    assert await db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE action = 'review.approve'") == 1
    # One verifier pressing twice: the second press is told, nothing doubles.
    office.utama.press(office.utama.last_message(), f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert office.utama.last_callback_answer()["text"] == f"Draf ini sudah diputuskan oleh {winner_name}."
    assert await db.fetch_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", (cycle_id,)) == 1


async def test_a_verifier_cannot_approve_their_own_draft(office: Office) -> None:
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=UTAMA_ID, role="pelaksana", unit_id=office.unit_id)
    _, cycle_id = await cycle_at_review(office, uploader=UTAMA_ID)
    await greet(office, office.utama)
    before = await snapshot(office)
    await office.press_on_last(office.utama, f"rv:ok:{cycle_id}:1")
    assert office.utama.last_callback_answer()["text"].startswith("Bapak/Ibu tidak dapat memverifikasi draf yang diunggah sendiri.")
    assert await snapshot(office) == before
    card = await open_first_task(office, office.utama2)
    assert card.startswith("Verifikasi draf Daftar Aset Daerah 2026 (versi 1, dari Umar) paling lambat Rabu, 2 Des 2026")
    assert "\n\nLangkah 4 dari 7" in card and "Versi draf: 1" in card
    office.utama2.press_button("✅ Setujui")
    await office.deliver()
    assert office.utama2.last_text().startswith("✅ Draf versi 1 disetujui.")


async def test_stale_buttons_after_publication_and_a_double_publish(office: Office) -> None:
    cycle_id = await cycle_at_publication(office)
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    preview = office.operator.last_message()
    office.operator.press(preview, f"pb:yes:{cycle_id}:1")
    office.operator.press(preview, f"pb:yes:{cycle_id}:1")
    await deliver_at_once(office.app, office.fake)
    assert len(office.channel.posts()) == 1
    answers = [answer.get("text") or "" for answer in office.operator.callback_answers[-2:]]
    assert sum(text.startswith("Langkah 7 sudah selesai") for text in answers) == 1
    db = office.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM publications") == 1
    # An old approve button after the cycle moved on.
    office.utama.press(office.utama.messages()[-2], f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert office.utama.last_callback_answer()["text"] == "Draf ini sudah diputuskan oleh Umar."


async def test_empty_and_oversized_files_are_refused_before_download(office: Office) -> None:
    await waiting_for_draft(office, "Rencana Kerja 2027")
    putri = office.pelaksana
    before = await snapshot(office)
    get_file_calls = len(office.fake.calls_to("getFile"))
    putri.send_document(b"", "kosong.pdf")
    await office.deliver()
    assert putri.last_text().startswith("Maaf, berkas ini kosong (0 byte).")
    putri.send_document(b"%PDF-1.4" + b"0" * (21 * 1024 * 1024), "besar.pdf")
    await office.deliver()
    assert putri.last_text().startswith("Maaf, berkas ini terlalu besar. Ukuran maksimal 20 MB.")
    assert len(office.fake.calls_to("getFile")) == get_file_calls
    assert await snapshot(office) == before
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert putri.last_callback_answer()["text"].startswith("Belum ada berkas pada draf ini.")
    putri.send_document(MINIMAL_PDF, "laporan.pdf")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    assert PELAKSANA_ID == putri.id


async def test_a_channel_that_refuses_the_post_changes_nothing(office: Office) -> None:
    import dataclasses

    cycle_id = await cycle_at_publication(office)
    services = office.services
    services.settings = dataclasses.replace(services.settings, public_channel=-1009999999999)  # not a chat
    before = await snapshot(office)
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    answer = office.operator.last_callback_answer()["text"]
    assert answer.startswith("Gagal memposting ke kanal publik (Chat not found).")
    assert await snapshot(office) == before
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 7


async def interrupted_publication(office: Office) -> int:
    """A cycle at step 7 whose post publish() claimed, in a bot that then died before recording
    it (here: while the post was on its way, which never arrived)."""
    cycle_id = await cycle_at_publication(office)

    async def dies(item: object, cycle: object) -> tuple[int, int]:
        raise RuntimeError("the process died")

    operator = await find_person(office.services, office.operator.id)
    assert operator is not None
    with pytest.raises(RuntimeError):
        await office.services.workflow.publish(operator, cycle_id, dies)
    assert await office.services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is not None
    return cycle_id


async def test_an_interrupted_publication_is_never_posted_twice(office: Office) -> None:
    cycle_id = await interrupted_publication(office)
    services = office.services
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert office.operator.last_callback_answer()["text"].startswith("Publikasi sebelumnya terhenti")
    assert office.operator.last_text().startswith('⚠️ Publikasi "Daftar Aset Daerah 2026" terhenti sebelum tercatat.')
    assert office.channel.posts() == []
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    # The operator looks: it is not in the channel, so it is posted again, once.
    office.operator.press_button("📢 Belum ada, posting ulang")
    await office.deliver()
    assert len(office.channel.posts()) == 1
    assert office.operator.last_text().startswith("📢 Dipublikasikan di kanal publik.")
    assert await services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is None


async def test_an_interrupted_publication_found_in_the_channel_is_recorded(office: Office) -> None:
    cycle_id = await interrupted_publication(office)
    services = office.services
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    office.operator.press_button("✅ Sudah ada di kanal")
    await office.deliver()
    assert office.channel.posts() == []  # nothing posted again
    row = await services.db.fetch_one("SELECT channel_message_id FROM publications WHERE cycle_id = ?", (cycle_id,))
    assert row is not None and row[0] == 0
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"


async def test_small_and_big_draft_files_are_stored_intact(office: Office) -> None:
    """A small and a big file both arrive whole, through a staging file that is gone afterwards."""
    await waiting_for_draft(office, "Rencana Kerja 2028")
    putri = office.pelaksana
    small = unique_pdf("kecil")
    big = unique_pdf("besar", 3 * 1024 * 1024)
    putri.send_document(small, "kecil.pdf")
    await office.deliver()
    putri.send_document(big, "besar.pdf")
    await office.deliver()
    assert "Versi 1 kini berisi 2 berkas." in putri.last_text()
    rows = await office.services.db.fetch_all(
        "SELECT original_name, sha256, size FROM documents WHERE kind = 'draft' ORDER BY id"
    )
    assert [(row[0], row[2]) for row in rows] == [("kecil.pdf", len(small)), ("besar.pdf", len(big))]
    for row, data in zip(rows, (small, big), strict=True):
        assert await office.services.files.read(row[1]) == data
    assert list((office.services.settings.files_dir / ".staging").iterdir()) == []


async def test_the_coordination_report_is_refused_to_a_ppid_pelaksana_by_the_role_gate(office: Office) -> None:
    """The report's button is for the operator, admins and PPID Utama: a PPID Pelaksana pressing
    it (forged, or an old card) gets the refusal naming the operator as the SOP file calls them,
    and no report; forged data of that kind is a stale button, whoever presses it."""
    _, cycle_id = await cycle_at_review(office)
    pelaksana = office.pelaksana
    await greet(office, pelaksana)
    before = await snapshot(office)
    seen = len(pelaksana.messages())
    await office.press_on_last(pelaksana, f"co:rep:{cycle_id}")
    answer = pelaksana.last_callback_answer()
    assert answer["text"] == "Maaf, langkah ini hanya untuk Operator PPID."
    assert answer["show_alert"] is True
    await office.press_on_last(pelaksana, f"co:rep:0{cycle_id}")
    assert pelaksana.last_callback_answer()["text"].startswith("Tombol ini sudah tidak berlaku.")
    assert len(pelaksana.messages()) == seen  # no report, nothing else either
    # The operator pressing the same data gets the report.
    await greet(office, office.operator)
    await office.press_on_last(office.operator, f"co:rep:{cycle_id}")
    assert office.operator.last_text().startswith("Laporan koordinasi\n")
    assert await snapshot(office) == before
