"""An office edits its SOP file and restarts while cycles are open (bot.sop_change).

A cycle waiting at a step the new file no longer has, or at a number that is now another kind of
step, would be stuck (its buttons refused, its card describing another step): the start is refused,
in Indonesian first, naming each such cycle and what to do, and nothing in the database changes.
An actor changed at the step a cycle waits at is fine: the bot starts and the new actor holds it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.startup_check import StartupRefused, local_findings
from bot.workflow import Upload
from tests.bot.cycle_helpers import (
    OPERATOR_ID,
    PELAKSANA_ID,
    UTAMA_ID,
    Office,
    build_office,
    cycle_at_publication,
    cycle_at_review,
    person,
)
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF, make_docx
from tests.unit.test_sop_loader import shipped_text

OTHER_ACTORS = Path(__file__).parent.parent / "data" / "sop_other_actors.toml"
CONFIRM_STEP = """
[[steps]]
no = {no}
kind = "confirm"
activity = "Pemeriksaan oleh Sekretaris"
actor = "utama"
kelengkapan = "Dokumen informasi publik"
output = "Dokumen yang telah diperiksa"
waktu_berkala = "1 hari kerja"
waktu_serta_merta = "1 jam"
"""


def with_confirm_at(number: int) -> str:
    """The shipped SOP with a `confirm` step inserted as step `number` (later steps renumbered)."""

    def shifted(match: re.Match[str]) -> str:
        no = int(match.group(1))
        return f"no = {no + 1 if no >= number else no}"

    return re.sub(r"^no = (\d+)$", shifted, shipped_text(), flags=re.M) + CONFIRM_STEP.format(no=number)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def restart_refused(office: Office, settings: Settings) -> str:
    """Stop the bot, start it with `settings`: the start must be refused; its one problem line."""
    await office.app.shutdown()
    with pytest.raises(StartupRefused) as refused:
        await build_office(settings, fake=office.fake, clock=office.clock)
    assert refused.value.fatal
    [problem] = refused.value.problems
    # `ppid-bot check` says the same line
    assert [finding.line for finding in local_findings(settings) if not finding.ok] == [problem.line]
    return problem.line


async def cycle_at_step_8_of_other_sop(office: Office) -> int:
    """Under the other office's SOP (8 steps): a cycle driven to its step 8 (publish)."""
    cycle_id = await cycle_at_step_7_of_other_sop(office)
    await office.services.workflow.confirm_step(await person(office, UTAMA_ID), cycle_id, 7)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 8
    return cycle_id


async def cycle_at_step_7_of_other_sop(office: Office) -> int:
    """Under the other office's SOP: a cycle driven to its step 7 (confirm, by PPID Utama)."""
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    workflow = office.services.workflow
    admin, operator = await person(office, ADMIN_ID), await person(office, OPERATOR_ID)
    cycle_id = (await workflow.open_cycle(admin, item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(admin, cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    draft = await office.services.files.put(make_docx(), "draf.docx")
    putri = await person(office, PELAKSANA_ID)
    await workflow.add_draft_file(putri, cycle_id, Upload(draft, "docx", None), "draf.docx")
    await workflow.submit_draft(putri, cycle_id)
    await workflow.approve(operator, cycle_id, 1)
    await workflow.coordinate_publication(operator, cycle_id)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 7
    return cycle_id


async def test_a_cycle_at_a_step_the_new_file_no_longer_has_stops_the_start(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    cycle_id = await cycle_at_step_8_of_other_sop(office)

    line = await restart_refused(office, make_settings())  # the shipped file: 7 steps
    assert line.startswith(
        "MASALAH  berkas SOP tidak cocok dengan 1 siklus yang sedang berjalan: "
        f"siklus #{cycle_id} \"Laporan Keuangan Semester II 2026\" di langkah 8 "
        "(Mempublikasikan informasi publik berkala dan serta merta, jenis publish): "
        "langkah itu tidak ada lagi, SOP kini 7 langkah. Siklus itu tidak dapat dilanjutkan dengan berkas SOP ini. "
        "Pasang kembali berkas SOP sebelumnya (SOP_FILE) dan jalankan bot sampai siklus itu selesai"
    ), line
    assert line.endswith(f"(the SOP file no longer fits 1 open cycle(s): #{cycle_id} at step 8 (gone); "
                         "put the previous SOP file back until they are done)")

    # The previous file back: the bot starts, the cycle is where it was and goes on.
    office = await build_office(make_settings(sop_file=OTHER_ACTORS), fake=office.fake, clock=office.clock)
    try:
        assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 8
        _, _, step = await office.services.workflow.require_actor(await person(office, OPERATOR_ID), cycle_id, "publish")
        assert step.no == 8
    finally:
        await office.app.shutdown()


async def test_a_cycle_whose_step_is_now_another_kind_stops_the_start(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    office = await build_office(make_settings())
    _, cycle_id = await cycle_at_review(office)  # waits at step 4, verify
    _, other_cycle = await cycle_at_review(office, "Daftar Aset Daerah 2025")
    edited = write(tmp_path, "sop_baru.toml", with_confirm_at(3))  # verify is now step 5, step 4 the draft

    line = await restart_refused(office, make_settings(sop_file=edited))
    verify = "Mengklarifikasi jenis informasi publik yang berkala dan serta merta, jenis verify"
    assert (
        f"berkas SOP tidak cocok dengan 2 siklus yang sedang berjalan: siklus #{cycle_id} \"Daftar Aset Daerah 2026\" "
        f"di langkah 4 ({verify}): kini langkah 4 adalah Menyiapkan informasi publik berkala dan serta merta "
        f"(jenis prepare_draft); siklus #{other_cycle} \"Daftar Aset Daerah 2025\" di langkah 4"
    ) in line
    assert f"#{cycle_id} at step 4 (verify -> prepare_draft), #{other_cycle} at step 4 (verify -> prepare_draft)" in line


async def test_an_actor_changed_at_the_waiting_step_is_fine_and_the_new_actor_holds_it(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    office = await build_office(make_settings())
    _, cycle_id = await cycle_at_review(office)  # waits at step 4, verify by PPID Utama
    assert shipped_text().count('actor = "utama"') == 1  # step 4's
    text = shipped_text().replace('actor = "utama"', 'actor = "operator"')
    # ... and a step added after it (before publishing): also fine.
    text = re.sub(r"^no = 7$", "no = 8", text, flags=re.M) + CONFIRM_STEP.format(no=7)
    edited = write(tmp_path, "sop_baru.toml", text)
    await office.app.shutdown()

    settings = make_settings(sop_file=edited)
    assert [finding.line for finding in local_findings(settings) if "siklus" in finding.indonesian] == [
        "OK       SOP cocok dengan 1 siklus yang sedang berjalan (the SOP fits the 1 open cycle(s))"
    ]
    office = await build_office(settings, fake=office.fake, clock=office.clock)
    try:
        assert office.services.sop.step(4).actor == "operator"
        await office.services.workflow.approve(await person(office, OPERATOR_ID), cycle_id, 1)
        assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == OPERATOR_ID
        assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5
    finally:
        await office.app.shutdown()


def without_refresh_step() -> str:
    """The shipped SOP without its optional step 6 (refresh_data): publishing is step 6."""
    text = re.sub(r"\[\[steps\]\]\nno = 6\n(?:(?!\[\[steps\]\]).*\n)*", "", shipped_text())
    return re.sub(r"^no = 7$", "no = 6", text, flags=re.M)


async def test_each_start_records_the_steps_it_runs_and_an_older_database_is_checked_by_number(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    office = await build_office(make_settings())
    cycle_id = await cycle_at_publication(office)  # waits at step 7
    recorded = await office.services.kv.get("sop", "steps")
    assert isinstance(recorded, dict) and len(recorded) == 7
    assert recorded["4"] == ["verify", "Mengklarifikasi jenis informasi publik yang berkala dan serta merta"]
    # A database from before the record: the step's number is still checked.
    async with office.services.db.transaction() as conn:
        await office.services.kv.delete(conn, "sop", "steps")
    edited = write(tmp_path, "sop_tanpa_langkah_6.toml", without_refresh_step())

    line = await restart_refused(office, make_settings(sop_file=edited))
    assert f"siklus #{cycle_id} \"Daftar Aset Daerah 2026\" di langkah 7: langkah itu tidak ada lagi, SOP kini 6 langkah" in line
    # A refused start writes nothing: no record, the cycle where it was.
    conn = sqlite3.connect(make_settings().database_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM kv_state WHERE namespace = 'sop'").fetchone() == (0,)
        assert conn.execute("SELECT current_step, state FROM update_cycles").fetchall() == [(7, "open")]
    finally:
        conn.close()


async def test_the_history_of_a_step_the_file_no_longer_has_is_shown_by_its_number(
    make_settings: Callable[..., Settings],
) -> None:
    """A closed cycle does not stop the start; before, its /riwayat raised (KeyError: 8)."""
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    cycle_id = await cycle_at_step_8_of_other_sop(office)
    item_id = await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id)
    # Under its own file first: a confirm step in the history (before: KeyError 'action_step_confirmed').
    office.admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    assert "Langkah 7 dari 8: Pemeriksaan oleh Sekretaris\nlangkah dicatat selesai\nPelaksana: Umar (PPID Utama)" in (
        "\n".join(office.admin.texts())
    )
    async with office.services.db.transaction() as conn:
        await office.services.workflow.end_open_cycle(conn, item_id, actor_id=ADMIN_ID, reason="item_exempt")
    await office.app.shutdown()

    office = await build_office(make_settings(), fake=office.fake, clock=office.clock)  # the shipped file
    try:
        office.admin.send_command("/riwayat", str(item_id))
        await office.deliver()
        history = office.admin.last_text()
        assert history.endswith(
            "Langkah 8 (tidak ada lagi di berkas SOP yang berlaku)\n"
            "siklus dihentikan: informasi diubah menjadi dikecualikan di register\n"
            "Pelaksana: Rina (Admin PPID)\nWaktu: 30 Nov 2026 09.00 WIB"
        ), history[-600:]
    finally:
        await office.app.shutdown()


async def test_a_cycle_waiting_for_verification_is_never_published_unapproved(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    """A database from before the record, and an SOP file that drops the step before verification:
    the cycle waiting at step 5 (verify) is now at step 5 (coordinate publication). The start
    cannot know, but the engine still refuses to coordinate or publish what was never approved."""
    office = await build_office(make_settings(sop_file=write(tmp_path, "lama.toml", with_confirm_at(3))))
    item_id = await office.add_item("Daftar Aset Daerah 2026")
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    await workflow.confirm_step(await person(office, UTAMA_ID), cycle_id, 3)
    putri = await person(office, PELAKSANA_ID)
    draft = await office.services.files.put(make_docx(), "draf.docx")
    await workflow.add_draft_file(putri, cycle_id, Upload(draft, "docx", None), "draf.docx")
    await workflow.submit_draft(putri, cycle_id)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5
    async with office.services.db.transaction() as conn:
        await office.services.kv.delete(conn, "sop", "steps")
    await office.app.shutdown()

    office = await build_office(make_settings(), fake=office.fake, clock=office.clock)  # step 5 is coordinate_publication
    try:
        oki = office.operator
        oki.send_command("/start")
        await office.deliver()
        await office.press_on_last(oki, f"pb:co:{cycle_id}")
        assert oki.last_callback_answer()["text"].startswith("Draf siklus ini belum disetujui pada langkah verifikasi")
        assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5
        assert await office.db_value("SELECT COUNT(*) FROM step_events WHERE action = 'publication_coordinated'") == 0
        # Had it reached the publishing step unapproved (an older file with more steps before
        # verifying), posting is refused too, before anything goes out.
        async with office.services.db.transaction() as conn:
            await conn.execute("UPDATE update_cycles SET current_step = 7 WHERE id = ?", (cycle_id,))
        await office.press_on_last(oki, f"pb:go:{cycle_id}")
        assert oki.last_callback_answer()["text"].startswith("Draf siklus ini belum disetujui pada langkah verifikasi")
        await office.press_on_last(oki, f"pb:yes:{cycle_id}:1")
        assert office.channel.posts() == []
        assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"
    finally:
        await office.app.shutdown()
