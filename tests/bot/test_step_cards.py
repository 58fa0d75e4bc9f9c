"""Step cards that say what to do (issue 15): each card opens with one plain sentence of the action
and its deadline (weekday, date, time, in the person's language; late or deadline-less said
plainly), then the SOP's Kelengkapan and Output; step 3 says how many files the open version
holds; an escalation names who holds the late step and how to reach them; task buttons carry the
item number.

The office clock starts on Monday 30 November 2026, 09:00 WIB (see cycle_helpers).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.config import Settings
from bot.step_kinds import STEP_KINDS
from bot.texts import TEXTS
from bot.workflow import Upload
from handlers.reminders import run_sweep
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    UTAMA_ID,
    Office,
    build_office,
    cycle_at_review,
    open_first_task,
    person,
    waiting_for_draft,
)
from tests.bot.test_sop_driven import with_rows
from tests.samples import MINIMAL_PDF, make_docx, make_xlsx

WIB = timezone(timedelta(hours=7))
STEP3_KELENGKAPAN = "Kelengkapan: Rancangan Dokumen informasi publik berkala dan serta merta"
STEP3_OUTPUT = "Output: Rancangan Dokumen informasi publik berkala dan serta merta yang telah diverifikasi oleh PPID Utama"


async def test_the_step_3_card_says_what_to_do_by_when_and_how_many_files_it_holds(office: Office) -> None:
    cycle_id = await waiting_for_draft(office, "Laporan Realisasi Anggaran")
    putri = office.pelaksana
    card = await open_first_task(office, putri)
    assert card.startswith(
        "Unggah draf Laporan Realisasi Anggaran paling lambat Kamis, 3 Des 2026 pukul 16.00 WIB.\n"
        "Versi draf 1 belum berisi berkas.\n\n"
        "Langkah 3 dari 7: Menyiapkan informasi publik berkala dan serta merta\n"
        "Informasi: Laporan Realisasi Anggaran\nUnit: Dinas Sosial\nKategori: Berkala\n"
    )
    assert card.endswith(f"{STEP3_KELENGKAPAN}\n{STEP3_OUTPUT}")
    assert "Batas waktu" not in card  # the deadline is said once, in the sentence
    assert putri.last_message()["entities"][0] == {"type": "bold", "offset": 0, "length": len(card.split("\n")[0])}

    putri.press_button("📎 Unggah draf")
    await office.deliver()
    for name, data in (("laporan.pdf", MINIMAL_PDF), ("lampiran.xlsx", make_xlsx())):
        putri.send_document(data, name)
        await office.deliver()
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 2
    card = await open_first_task(office, putri)
    assert card.split("\n")[1] == "Versi draf 1 kini berisi 2 berkas."


async def test_the_card_is_in_the_person_s_language_and_says_when_it_is_late(office: Office) -> None:
    await waiting_for_draft(office, "Laporan Realisasi Anggaran")
    putri = office.pelaksana
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, PELAKSANA_ID, "en")
    card = await open_first_task(office, putri)
    assert card.startswith(
        "Upload the draft of Laporan Realisasi Anggaran by Thursday, 3 Dec 2026 at 16:00 WIB.\n"
        "Draft version 1 holds no file yet.\n\nStep 3 of 7: Prepare the periodic and immediate public information\n"
    )
    assert "Required input: Rancangan Dokumen informasi publik berkala dan serta merta" in card

    office.clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=WIB))  # Friday, the day after the deadline
    async with office.services.db.transaction() as conn:
        await office.services.users.set_language(conn, PELAKSANA_ID, "id")
    card = await open_first_task(office, putri)
    assert card.startswith(
        "Unggah draf Laporan Realisasi Anggaran paling lambat Kamis, 3 Des 2026 pukul 16.00 WIB (⚠️ sudah terlambat).\n"
    )


async def test_each_step_kind_has_its_own_sentence(office: Office) -> None:
    # Step 4: which version, from whom, by when (2 working days after Monday's submission).
    _, cycle_id = await cycle_at_review(office, "Daftar Aset Daerah 2026")
    card = await open_first_task(office, office.utama)
    assert card.startswith(
        "Verifikasi draf Daftar Aset Daerah 2026 (versi 1, dari Putri) paling lambat Rabu, 2 Des 2026 pukul 16.00 WIB.\n\n"
        "Langkah 4 dari 7: Mengklarifikasi jenis informasi publik yang berkala dan serta merta\n"
    )
    assert card.endswith("yang telah diverifikasi oleh PPID Utama\nVersi draf: 1")
    workflow = office.services.workflow
    await workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
    card = await open_first_task(office, office.operator)
    assert card.startswith("Koordinasikan publikasi Daftar Aset Daerah 2026 paling lambat Selasa, 1 Des 2026 pukul 16.00 WIB.\n\n")
    assert "Kelengkapan: Dokumen informasi publik berkala dan serta merta yang telah diverifikasi oleh PPID Utama" in card
    await workflow.coordinate_publication(await person(office, OPERATOR_ID), cycle_id)
    card = await open_first_task(office, office.operator)
    assert card.startswith("Publikasikan Daftar Aset Daerah 2026 di kanal publik paling lambat Selasa, 1 Des 2026 pukul 16.00 WIB.\n\n")
    assert card.endswith("Kelengkapan: File Informasi Data\nOutput: Dokumen dan Informasi Data")


async def test_a_step_without_a_deadline_says_so(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    """An office's own confirm step whose Waktu is "-": the card says it has no deadline."""
    text = with_rows(insert={6: ("confirm", "utama")})
    block = text.index('no = 7\nkind = "confirm"')
    head, tail = text[:block], text[block:]
    tail = tail.replace('waktu_berkala = "1 hari kerja"', 'waktu_berkala = "-"', 1)
    sop_file = tmp_path / "sop_tanpa_batas.toml"
    sop_file.write_text(head + tail, "utf-8")
    office = await build_office(make_settings(sop_file=sop_file))
    try:
        _, cycle_id = await cycle_at_review(office, "Profil Dinas Sosial")
        workflow = office.services.workflow
        await workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
        await workflow.coordinate_publication(await person(office, OPERATOR_ID), cycle_id)
        card = await open_first_task(office, office.utama)
        assert card.startswith(
            'Selesaikan "Kegiatan 7" untuk Profil Dinas Sosial; langkah ini tanpa batas waktu.\n\nLangkah 7 dari 8: Kegiatan 7\n'
        )
        assert card.endswith("Kelengkapan: Kelengkapan 7\nOutput: Keluaran 7")
    finally:
        await office.app.shutdown()


async def test_task_buttons_carry_the_item_number_so_alike_titles_differ(office: Office) -> None:
    admin = await person(office, ADMIN_ID)
    first = await office.add_item("Laporan Realisasi Anggaran Pendapatan & Belanja Daerah Triwulan I 2026")
    second = await office.add_item("Laporan Realisasi Anggaran Pendapatan & Belanja Daerah Triwulan II 2026")
    for item_id in (first, second):
        await office.services.workflow.open_cycle(admin, item_id)
    operator = office.operator
    operator.send_command("/tugas")
    await office.deliver()
    labels = sorted(button["text"] for button in operator.buttons())
    assert labels == [
        f"Langkah 2: #{first} Laporan Realisasi Anggaran Pendapatan &…",
        f"Langkah 2: #{second} Laporan Realisasi Anggaran Pendapatan &…",
    ]
    # The button opens that item's card.
    operator.press_button(f"Langkah 2: #{second} Laporan Realisasi Anggaran Pendapatan &…")
    await office.deliver()
    assert "Informasi: Laporan Realisasi Anggaran Pendapatan &amp; Belanja Daerah Triwulan II 2026" not in operator.last_text()
    assert "Informasi: Laporan Realisasi Anggaran Pendapatan & Belanja Daerah Triwulan II 2026" in operator.last_text()


def _wib(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=WIB)


async def _set_username(office: Office, telegram_id: int, name: str, username: str | None) -> None:
    async with office.services.db.transaction() as conn:
        await office.services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=username)


async def test_an_escalation_names_who_holds_the_step_and_how_to_reach_them(office: Office) -> None:
    """Step 3 held by two PPID Pelaksana of the unit, one with a @username: both are named."""
    await _set_username(office, PELAKSANA_ID, "Putri Lestari", "putri_ppid")
    tono = office.fake.user(730003, "Tono")
    async with office.services.db.transaction() as conn:
        await office.services.users.upsert(conn, telegram_id=tono.id, full_name="Tono Wijaya", username=None)
        await office.services.users.grant_role(conn, telegram_id=tono.id, role="pelaksana", unit_id=office.unit_id)
    item_id = await office.add_item("Laporan Kinerja 2026")
    workflow = office.services.workflow
    cycle = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle.id, Upload(letter, "pdf", None), "surat.pdf")
    # Step 3 is due Thu 3 Dec 16.00; 2 working days late on Mon 7 Dec: PPID Utama and the admins hear.
    office.clock.set(_wib(7, 9))
    await run_sweep(office.app)
    for escalated in (office.utama, office.utama2, office.admin):
        assert (
            "🚨 Eskalasi: terlambat 2 hari kerja. Langkah 3: Laporan Kinerja 2026 (batas 3 Des 2026 16.00 WIB)."
            " Pemegang langkah: Putri Lestari (@putri_ppid), Tono Wijaya. Mohon hubungi dan tindak lanjuti."
        ) in (escalated.last_text() or "")
    # The holders' own reminder is not an escalation: no names in it.
    assert "Pemegang langkah" not in (office.pelaksana.last_text() or "")
    rows = await office.services.db.fetch_all(
        "SELECT recipient_id FROM reminders WHERE kind = 'escalation' ORDER BY recipient_id"
    )
    assert [row[0] for row in rows] == sorted([ADMIN_ID, UTAMA_ID, office.utama2.id])


async def test_a_serta_merta_escalation_names_the_holder_and_says_when_nobody_holds_it(office: Office) -> None:
    await _set_username(office, OPERATOR_ID, "Oki", "oki_ppid")
    item_id = await office.add_item("Peringatan banjir", category="serta_merta", period=None)
    await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)  # step 2 due 10.00
    office.clock.set(_wib(30, 10, month=11) + timedelta(minutes=5))
    await run_sweep(office.app)
    assert "Pemegang langkah: Oki (@oki_ppid). Mohon hubungi segera." in (office.utama.last_text() or "")

    # The operator's role is taken away: nobody holds step 2 now, and the escalation says so.
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(conn, telegram_id=OPERATOR_ID, role="operator")
    office.clock.set(_wib(30, 11, month=11) + timedelta(minutes=5))
    await run_sweep(office.app)
    assert "Pemegang langkah: belum ada (undang atau beri peran lewat /staf)." in (office.utama.last_text() or "")


async def test_a_leftover_escalation_still_names_the_holders(make_settings: Callable[..., Settings]) -> None:
    """An escalation claimed but not sent (Telegram down) goes out with the next sweep, named."""
    office = await build_office(make_settings())
    try:
        await _set_username(office, OPERATOR_ID, "Oki", "oki_ppid")
        item_id = await office.add_item("Peringatan banjir", category="serta_merta", period=None)
        await office.services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)
        office.clock.set(_wib(30, 10, month=11) + timedelta(minutes=5))
        engine = office.services.reminders
        async with engine.running:
            await engine.sweep()  # claimed, never sent: as if the bot stopped here
        office.clock.set(_wib(30, 10, month=11) + timedelta(minutes=20))
        await run_sweep(office.app)
        assert "Pemegang langkah: Oki (@oki_ppid)." in (office.utama.last_text() or "")
    finally:
        await office.app.shutdown()


async def test_the_draft_card_of_a_second_version_counts_its_own_files(office: Office) -> None:
    _, cycle_id = await cycle_at_review(office, "Daftar Aset Daerah 2026")
    workflow = office.services.workflow
    await workflow.return_draft(await person(office, UTAMA_ID), cycle_id, 1, "Lampiran belum ada")
    stored = await office.services.files.put(make_docx(), "revisi.docx")
    await workflow.add_draft_file(await person(office, PELAKSANA_ID), cycle_id, Upload(stored, "docx", None), "revisi.docx")
    card = await open_first_task(office, office.pelaksana)
    assert card.split("\n")[1:3] == ["Versi draf 2 kini berisi 1 berkas.", "Dikembalikan dengan alasan: Lampiran belum ada"]


def test_every_step_kind_has_its_sentence_in_both_languages() -> None:
    """A new step kind (bot.step_kinds) needs the sentence its card opens with."""
    for kind in STEP_KINDS:
        assert set(TEXTS[f"do_{kind}"]) == {"id", "en"}, kind


async def test_a_digest_of_many_escalations_naming_many_holders_stays_one_message(office: Office) -> None:
    """Twelve late steps, each held by five PPID Pelaksana with long names: the admin's digest names
    three of each step's holders and counts the rest, and lists what fits one message."""
    async with office.services.db.transaction() as conn:
        for number in range(5):
            telegram_id = 731000 + number
            name = f"Pelaksana Nomor {number} " + "Panjang Sekali Namanya " * 2
            await office.services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=f"pelaksana_{number}")
            await office.services.users.grant_role(conn, telegram_id=telegram_id, role="pelaksana", unit_id=office.unit_id)
    workflow = office.services.workflow
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    for number in range(12):
        item_id = await office.add_item(f"Informasi berkala nomor {number:02d} " + "dengan judul yang panjang " * 18)
        cycle = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle
        await workflow.send_coordination(await person(office, OPERATOR_ID), cycle.id, Upload(letter, "pdf", None), "surat.pdf")
    office.clock.set(_wib(7, 9))
    await run_sweep(office.app)
    digest = office.admin.last_text() or ""
    assert digest.startswith("🔔 Pengingat (12):")
    assert len(digest.encode("utf-16-le")) // 2 <= 4096
    listed = digest.count("🚨 Eskalasi")
    assert 1 <= listed < 12 and digest.endswith(f"… dan {12 - listed} pengingat lainnya. Buka /tugas dan /jadwal untuk semuanya.")
    # Six hold each step: three are named (a long name cut, its @username whole), three counted.
    assert (
        "Pemegang langkah: Putri, Pelaksana Nomor 0 Panjang Sekali Namany… (@pelaksana_0),"
        " Pelaksana Nomor 1 Panjang Sekali Namany… (@pelaksana_1) dan 3 lainnya. Mohon hubungi"
    ) in digest
