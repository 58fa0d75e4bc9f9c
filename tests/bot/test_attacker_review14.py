"""An attacker's read of issue 14's change: forged buttons, the gates' order, a double confirm.

Each test presses what a hostile or careless person could press through a real client (any data on
any message of their own chat) and asserts what they are told and that the database is unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox import SimUser
from bot.workflow import Upload
from tests.bot.cycle_helpers import Office, build_office, cycle_at_publication, cycle_at_review, person
from tests.bot.test_sop_changed_under_cycles import OTHER_ACTORS, cycle_at_step_7_of_other_sop, write
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF
from tests.unit.test_sop_loader import shipped_text

NOT_YOUR_UNIT = "Maaf, informasi ini milik unit lain; hanya PPID Pelaksana unit tersebut yang dapat mengerjakannya."
STALE = "Tombol ini sudah tidak berlaku."
# The shipped SOP with an office's own step 3 done by the unit's PPID Pelaksana (draft at 4).
PELAKSANA_CONFIRM = """
[[steps]]
no = 3
kind = "confirm"
activity = "Memeriksa kelengkapan data unit"
actor = "pelaksana"
kelengkapan = "Data unit"
output = "Data unit yang lengkap"
waktu_berkala = "1 hari kerja"
waktu_serta_merta = "1 jam"
"""


def pelaksana_confirm_sop() -> str:
    shifted = re.sub(r"^no = (\d+)$", lambda m: f"no = {int(m.group(1)) + (int(m.group(1)) >= 3)}", shipped_text(), flags=re.M)
    return shifted + PELAKSANA_CONFIRM


async def press(office: Office, someone: SimUser, data: str) -> str:
    """`someone` presses a button carrying `data` on a message of their own; the pop-up they get."""
    someone.send_command("/start")
    await office.deliver()
    await office.press_on_last(someone, data)
    return str(someone.last_callback_answer().get("text") or "")


async def table_counts(office: Office) -> tuple[int, ...]:
    tables = ("update_cycles", "step_events", "reviews", "documents", "audit_log")
    return tuple([await office.db_value(f"SELECT COUNT(*) FROM {table}") for table in tables] + [
        await office.db_value("SELECT group_concat(current_step || state) FROM update_cycles")
    ])


async def test_a_pelaksana_of_another_unit_learns_nothing_of_where_a_cycle_stands(office: Office) -> None:
    """Before: "Langkah 3 sudah tidak berlaku" for a cycle at step 4 and "hanya untuk PPID Utama"
    from its task button, so probing told another unit's cycle's step; now one answer for all."""
    panji = office.other_pelaksana
    _, at_review = await cycle_at_review(office)  # Putri's unit, step 4
    at_publication = await cycle_at_publication(office)  # Putri's unit, step 7
    before = await table_counts(office)
    answers = {
        data: await press(office, panji, data)
        for data in (f"dr:up:{at_review}", f"dr:done:{at_review}", f"tsk:{at_review}", f"tsk:{at_publication}")
    }
    assert answers == dict.fromkeys(answers, NOT_YOUR_UNIT)
    assert await table_counts(office) == before


async def test_a_confirm_step_of_the_unit_is_held_by_that_unit_only(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    office = await build_office(make_settings(sop_file=write(tmp_path, "sop.toml", pelaksana_confirm_sop())))
    try:
        putri, panji = office.pelaksana, office.other_pelaksana
        item_id = await office.add_item("Laporan Kinerja 2026")
        office.admin.send_command("/start")
        await office.deliver()
        await office.press_on_last(office.admin, f"cyc:open:{item_id}")
        office.operator.press_button("📝 Buat surat dari templat")
        await office.deliver()
        office.operator.press_button("✅ Ya, kirim")
        await office.deliver()
        cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
        assert "Langkah 3 dari 8: Memeriksa kelengkapan data unit" in putri.last_text()
        assert not any("Memeriksa kelengkapan" in text for text in panji.texts())  # never told

        before = await table_counts(office)
        assert await press(office, panji, f"sd:ok:{cycle_id}:3") == NOT_YOUR_UNIT
        assert await press(office, panji, f"sd:note:{cycle_id}:3") == NOT_YOUR_UNIT
        assert await table_counts(office) == before

        putri.press_button("✅ Selesai")
        await office.deliver()
        assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4
        assert await press(office, panji, f"sd:ok:{cycle_id}:3") == NOT_YOUR_UNIT  # not "step 3 is done"
    finally:
        await office.app.shutdown()


async def test_a_confirm_step_pressed_at_once_by_two_holders_is_done_once(
    make_settings: Callable[..., Settings],
) -> None:
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    try:
        umar, uli, operator = office.utama, office.utama2, office.operator
        cycle_id = await cycle_at_step_7_of_other_sop(office)
        for secretary in (umar, uli):
            secretary.send_command("/start")
        await office.deliver()
        operator_before = len(operator.messages())
        umar.press(umar.last_message(), f"sd:ok:{cycle_id}:7")
        uli.press(uli.last_message(), f"sd:ok:{cycle_id}:7")
        await office.deliver()  # both presses are handled side by side

        done = 'Langkah 7 dicatat selesai untuk "Laporan Keuangan Semester II 2026"'
        told = [someone for someone in (umar, uli) if any(done in text for text in someone.texts())]
        assert len(told) == 1
        [other] = [someone for someone in (umar, uli) if someone is not told[0]]
        assert other.last_callback_answer()["text"].startswith("Langkah 7 sudah selesai untuk siklus ini")
        events = await office.services.db.fetch_all(
            "SELECT step_no, actor_id FROM step_events WHERE cycle_id = ? AND action = 'step_confirmed'", (cycle_id,)
        )
        assert [tuple(row) for row in events] == [(7, told[0].id)]
        audit = await office.services.db.fetch_all(
            "SELECT details FROM audit_log WHERE action = 'step.confirm' AND entity_id = ?", (str(cycle_id),)
        )
        assert [json.loads(row[0])["step"] for row in audit] == [7]
        assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 8
        cards = [m for m in operator.messages()[operator_before:] if "Langkah 8 dari 8" in (m.get("text") or "")]
        assert len(cards) == 1  # the next step's holder is told once
    finally:
        await office.app.shutdown()


async def test_a_non_admin_learns_nothing_from_admin_buttons_of_things_that_exist_or_not(office: Office) -> None:
    """The role gate answers before anything is looked up: the same refusal for data naming a
    person, unit, invite or item that exists and for one that does not."""
    oki = office.operator
    item_id = await office.add_item("Laporan Kinerja 2026")
    before = await table_counts(office)
    pairs = [
        (f"stf:p:{ADMIN_ID}", "stf:p:999999999"),
        (f"stf:off:{ADMIN_ID}", "stf:off:999999999"),
        (f"stf:revok:{ADMIN_ID}:admin", "stf:revok:999999999:admin"),
        (f"unit:ren:{office.unit_id}", "unit:ren:999999"),
        (f"dip:e:{item_id}", "dip:e:999999"),
        (f"dip:off:{item_id}", "dip:off:999999"),
        (f"cyc:open:{item_id}", "cyc:open:999999"),
        ("inv:rv:1", "inv:rv:999999"),
    ]
    for existing, missing in pairs:
        answer = await press(office, oki, existing)
        assert await press(office, oki, missing) == answer, existing
        assert answer != STALE, existing
    assert await table_counts(office) == before
    assert (await person(office, ADMIN_ID)).has("admin")


async def test_who_sent_a_colleague_s_draft_may_not_verify_it(office: Office) -> None:
    """Four eyes: PPID Utama who is also PPID Pelaksana of the unit sends Putri's files ("Selesai");
    before, only uploaders were kept out, so he got the review card and approved his own sending."""
    umar, uli, putri = office.utama, office.utama2, office.pelaksana
    async with office.services.db.transaction() as conn:
        await office.services.users.grant_role(conn, telegram_id=umar.id, role="pelaksana", unit_id=office.unit_id)
    workflow = office.services.workflow
    _, cycle_id = await cycle_at_review(office)  # Putri uploaded and sent version 1: Umar may verify
    await workflow.return_draft(await person(office, uli.id), cycle_id, 1, "Tabel belum lengkap")
    stored = await office.services.files.put(MINIMAL_PDF, "v2.pdf")
    await workflow.add_draft_file(await person(office, putri.id), cycle_id, Upload(stored, "pdf", None), "v2.pdf")
    umar_before = len(umar.messages())
    transition = await workflow.submit_draft(await person(office, umar.id), cycle_id)  # Umar sends it
    assert transition.notify == [uli.id]  # the review card goes to Uli only

    umar.send_command("/tugas")
    await office.deliver()
    assert "Daftar Aset Daerah 2026" not in umar.last_text()  # no review task for him
    before = await table_counts(office)
    answer = await press(office, umar, f"rv:ok:{cycle_id}:2")
    assert answer == "Bapak/Ibu tidak dapat memverifikasi draf yang dikirim sendiri. Mintalah PPID Utama lain."
    assert await press(office, umar, f"tsk:{cycle_id}") == answer
    assert await table_counts(office) == before
    assert not any("Mohon verifikasi draf versi 2" in text for text in umar.texts()[umar_before:])
    await workflow.approve(await person(office, uli.id), cycle_id, 2)
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE draft_version = 2") == uli.id


async def test_a_register_page_whose_list_shrank_while_it_was_read_shows_the_last_page(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count said 25 (three pages) and items left the list before the page was read: page 3
    came back empty and the admin was told "Belum ada informasi di daftar." with 12 items in it."""
    for number in range(1, 13):
        await office.add_item(f"Laporan bulanan {number:02d}")
    items = office.services.items
    real_count = items.count
    calls = []

    async def stale_once(*args: object, **kwargs: object) -> int:
        calls.append(args)
        counted = await real_count(*args, **kwargs)  # type: ignore[arg-type]
        return counted + 13 if len(calls) == 1 else counted

    monkeypatch.setattr(items, "count", stale_once)
    assert await press(office, office.admin, "dip:pg:20") == ""
    shown = office.admin.last_text()
    assert "Belum ada informasi di daftar." not in shown
    assert "Informasi 11–12 dari 12." in shown
    assert len(calls) == 2
