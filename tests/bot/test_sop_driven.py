"""The SOP file is the workflow: another office's actors and extra steps need no code.

`tests/data/sop_other_actors.toml` is the shipped SOP with the admin doing step 2 (coordinate), the
operator doing step 4 (verify) and an extra `confirm` step 7 "Pemeriksaan oleh Sekretaris" by PPID
Utama before publishing (step 8). A whole cycle runs through it in the sandbox: who gets each
card, the old role refused where the file changed it, the step numbers and events in the database.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox import SimUser
from bot.sop import SopError, load_sop, parse_sop
from bot.workflow import Upload, WorkflowError
from tests.bot.cycle_helpers import Office, build_office, person
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF, make_docx
from tests.unit.test_sop_loader import shipped_text

OTHER_ACTORS = Path(__file__).parent.parent / "data" / "sop_other_actors.toml"
OPERATOR_ONLY = "Maaf, langkah ini hanya untuk Operator PPID."
ADMIN_ONLY = "Maaf, langkah ini hanya untuk Admin PPID."
UTAMA_ONLY = "Maaf, langkah ini hanya untuk PPID Utama."


@pytest.fixture
async def other_office(make_settings: Callable[..., Settings]) -> AsyncIterator[Office]:
    """The staffed office of `tests.bot.cycle_helpers`, running the other office's SOP file."""
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    try:
        yield office
    finally:
        await office.app.shutdown()


async def press_as(office: Office, someone: SimUser, data: str) -> None:
    """`someone` presses a button carrying `data` (as a forwarded or old card would), on a message
    of their own chat: the bot decides from the database, never from whose card it was."""
    someone.send_command("/start")
    await office.deliver()
    await office.press_on_last(someone, data)


async def events(office: Office, cycle_id: int) -> list[tuple[int, str, int | None]]:
    rows = await office.services.db.fetch_all(
        "SELECT step_no, action, actor_id FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle_id,)
    )
    return [(row[0], row[1], row[2]) for row in rows]


async def test_a_whole_cycle_runs_through_another_office_sop(other_office: Office) -> None:
    office = other_office
    admin, operator, putri, umar, uli = office.admin, office.operator, office.pelaksana, office.utama, office.utama2
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")

    # Step 1: the admin opens the cycle; step 2 is the admin's own now, the operator is told nothing.
    admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(admin, f"cyc:open:{item_id}")
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
    card = admin.last_text()
    assert card.startswith("📌 Tugas baru untuk Bapak/Ibu:")
    assert "Langkah 2 dari 8: Mengkoordinasikan pengumpulan informasi publik" in card
    assert operator.messages() == []

    # Step 2: the operator (the shipped SOP's actor) is refused; the admin sends the letter.
    await press_as(office, operator, f"co:gen:{cycle_id}")
    assert operator.last_callback_answer()["text"] == ADMIN_ONLY
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ?", cycle_id) == 0
    admin.press_button("📝 Buat surat dari templat")
    await office.deliver()
    admin.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert admin.texts()[-1].startswith("✅ Surat koordinasi terkirim kepada Putri.")
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    assert "Langkah 3 dari 8" in putri.last_text()

    # Step 3: Putri sends a draft; the card of step 4 goes to the operator, not to PPID Utama.
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(MINIMAL_PDF, "laporan_keuangan.pdf")
    await office.deliver()
    umar_before, uli_before = len(umar.messages()), len(uli.messages())
    putri.press_button("✅ Selesai, kirim ke Operator PPID")
    await office.deliver()
    assert operator.last_text().startswith("Verifikasi draf Laporan Keuangan Semester II 2026 (versi 1, dari Putri)")
    assert "Langkah 4 dari 8" in operator.last_text()
    assert (len(umar.messages()), len(uli.messages())) == (umar_before, uli_before)

    # Step 4: PPID Utama (the shipped SOP's verifier) is refused; the operator approves.
    await press_as(office, umar, f"rv:ok:{cycle_id}:1")
    assert umar.last_callback_answer()["text"] == OPERATOR_ONLY
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", cycle_id) == 0
    operator.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == operator.id
    assert "Langkah 5 dari 8" in operator.last_text()

    # Steps 5 and 6: coordinated by the operator; the next step is the office's own step 7.
    operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    told = operator.texts()[-1]
    assert "Pembaruan data berikutnya (langkah 6): 30 Mei 2027 16.00 WIB." in told
    assert told.endswith("Lanjutkan ke langkah 7: konfirmasi.")
    for secretary in (umar, uli):
        assert secretary.last_text().startswith(
            '📌 Tugas baru untuk Bapak/Ibu:\n\nSelesaikan "Pemeriksaan oleh Sekretaris" untuk Laporan Keuangan Semester II 2026'
            " paling lambat "
        )
        assert "Langkah 7 dari 8: Pemeriksaan oleh Sekretaris" in secretary.last_text()
        assert "Kelengkapan: Dokumen informasi publik yang telah diverifikasi" in secretary.last_text()
        assert [button["text"] for button in secretary.buttons()] == ["✅ Selesai", "📝 Selesai, dengan catatan"]

    # Step 7 (confirm): the operator may not confirm it; Umar does, with a note.
    await press_as(office, operator, f"sd:ok:{cycle_id}:7")
    assert operator.last_callback_answer()["text"] == UTAMA_ONLY
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 7
    umar.press_button("📝 Selesai, dengan catatan")
    await office.deliver()
    assert umar.last_text().startswith('Ketik catatan untuk langkah 7 ("Laporan Keuangan Semester II 2026")')
    umar.send_text("Sudah diperiksa Sekretaris, lengkap")
    await office.deliver()
    assert umar.last_text() == (
        '✅ Langkah 7 dicatat selesai untuk "Laporan Keuangan Semester II 2026". Tugas diteruskan ke langkah berikutnya.'
    )
    uli.press(uli.messages()[-1], f"sd:ok:{cycle_id}:7")  # her card of the same step, now done
    await office.deliver()
    assert uli.last_callback_answer()["text"].startswith("Langkah 7 sudah selesai untuk siklus ini")
    confirmed = await office.services.db.fetch_all(
        "SELECT actor_id, note, kelengkapan FROM step_events WHERE cycle_id = ? AND action = 'step_confirmed'", (cycle_id,)
    )
    assert [tuple(row) for row in confirmed] == [
        (umar.id, "Sudah diperiksa Sekretaris, lengkap", "Dokumen informasi publik yang telah diverifikasi")
    ]
    audit = await office.services.db.fetch_all(
        "SELECT actor_id, details FROM audit_log WHERE action = 'step.confirm' AND entity_id = ?", (str(cycle_id),)
    )
    assert [(row[0], json.loads(row[1])) for row in audit] == [
        (umar.id, {"step": 7, "note": "Sudah diperiksa Sekretaris, lengkap"})
    ]

    # Step 8: the operator publishes; the post is in the channel and the cycle is closed at step 8.
    assert "Langkah 8 dari 8" in operator.last_text()
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    assert operator.last_text() == "📢 Dipublikasikan di kanal publik. Jatuh tempo berikutnya: 30 Mei 2027 16.00 WIB."
    posts = office.channel.posts()
    assert len(posts) == 1 and posts[0]["document"]["file_name"] == "laporan_keuangan.pdf"
    assert await office.db_value("SELECT state || ':' || current_step FROM update_cycles WHERE id = ?", cycle_id) == "published:8"
    assert await events(office, cycle_id) == [
        (1, "cycle_opened", ADMIN_ID),
        (2, "coordination_sent", ADMIN_ID),
        (3, "draft_submitted", putri.id),
        (4, "draft_approved", operator.id),
        (5, "publication_coordinated", operator.id),
        (6, "data_refresh_scheduled", None),
        (7, "step_confirmed", umar.id),
        (8, "published", operator.id),
    ]


# -- the loader: every file the engine cannot run is refused, with its place ---------------------

SHIPPED_ROWS = [
    ("open_cycle", "admin"), ("coordinate", "operator"), ("prepare_draft", "pelaksana"), ("verify", "utama"),
    ("coordinate_publication", "operator"), ("refresh_data", "pelaksana"), ("publish", "operator"),
]


def sop_text(rows: list[tuple[str, str]]) -> str:
    """The shipped SOP's header and actors with the steps `rows` (kind, actor), numbered in order."""
    text = shipped_text()
    steps = [
        f'[[steps]]\nno = {no}\nkind = "{kind}"\nactivity = "Kegiatan {no}"\nactor = "{actor}"\n'
        f'kelengkapan = "Kelengkapan {no}"\noutput = "Keluaran {no}"\n'
        f'waktu_berkala = "{"sesuai periode" if kind == "refresh_data" else "1 hari kerja"}"\n'
        f'waktu_serta_merta = "{"-" if kind == "refresh_data" else "1 jam"}"\n'
        for no, (kind, actor) in enumerate(rows, start=1)
    ]
    return text[: text.index("[[steps]]")] + "\n".join(steps)


def with_rows(*changes: tuple[int, tuple[str, str] | None], insert: dict[int, tuple[str, str]] | None = None) -> str:
    """The shipped rows with row `index` replaced (None: removed) and rows inserted before an index."""
    rows: list[tuple[str, str] | None] = list(SHIPPED_ROWS)
    for index, row in changes:
        rows[index] = row
    for index, row in sorted((insert or {}).items(), reverse=True):
        rows.insert(index, row)
    return sop_text([row for row in rows if row is not None])


def test_the_shipped_rows_and_the_other_office_file_load() -> None:
    assert [(s.kind, s.actor) for s in parse_sop(sop_text(SHIPPED_ROWS)).steps] == SHIPPED_ROWS
    other = load_sop(OTHER_ACTORS)
    assert [(s.no, s.kind, s.actor) for s in other.steps][1:4:2] == [(2, "coordinate", "admin"), (4, "verify", "operator")]
    assert other.next_step(6).kind == "confirm" and other.next_step(8) is None  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="more than once"):
        other.step_of_kind("confirm")  # a kind that may repeat has no one step


@pytest.mark.parametrize(
    ("text", "location", "problems"),
    [
        # a kind run by an actor the engine does not support for it
        (with_rows((2, ("prepare_draft", "operator"))), "steps[2] (No 3).actor",
         ["tidak dapat dijalankan oleh aktor 'operator'", "prepare_draft: wajib, sekali saja, setelah coordinate, aktor pelaksana"]),
        (with_rows((0, ("open_cycle", "operator"))), "steps[0] (No 1).actor", ["open_cycle: wajib, sekali saja, langkah pertama, aktor admin"]),
        (with_rows((1, ("coordinate", "pelaksana"))), "steps[1] (No 2).actor", ["aktor admin/operator/utama"]),
        (with_rows((3, ("verify", "pelaksana"))), "steps[3] (No 4).actor", ["verify: wajib"]),
        (with_rows((6, ("publish", "pelaksana"))), "steps[6] (No 7).actor", ["publish: wajib"]),
        # out of order
        (with_rows((2, ("verify", "utama")), (3, ("prepare_draft", "pelaksana"))), "steps[2] (No 3).kind",
         ["jenis 'verify' harus tepat sesudah langkah 'prepare_draft'"]),
        (with_rows(insert={3: ("confirm", "utama")}), "steps[4] (No 5).kind",
         ["jenis 'verify' harus tepat sesudah langkah 'prepare_draft'", "verify: wajib, sekali saja, tepat setelah prepare_draft"]),
        (with_rows((0, ("coordinate", "operator")), (1, ("open_cycle", "admin"))), "steps[0] (No 1).kind",
         ["jenis 'coordinate' harus sesudah langkah 'open_cycle'"]),
        (with_rows(insert={0: ("confirm", "utama")}), "steps[0] (No 1).kind", ["jenis 'confirm' harus sesudah langkah 'open_cycle'"]),
        (with_rows(insert={7: ("confirm", "utama")}), "steps[6] (No 7).kind", ["harus langkah terakhir (nomor 8)", "publish:"]),
        (with_rows(insert={5: ("confirm", "utama")}), "steps[6] (No 7).kind",
         ["jenis 'refresh_data' harus tepat sesudah langkah 'coordinate_publication'"]),
        # too often, or missing
        (with_rows((2, ("verify", "utama"))), "steps (No 4).kind", ["jenis 'verify' sudah dipakai di langkah 3"]),
        (with_rows((2, None)), "steps", ["jenis langkah berikut tidak ada: prepare_draft", "Yang didukung: open_cycle: wajib"]),
    ],
)
def test_a_file_the_engine_cannot_run_is_refused_with_its_place(text: str, location: str, problems: list[str]) -> None:
    with pytest.raises(SopError) as caught:
        parse_sop(text, "kantor.toml")
    assert caught.value.location == location
    for problem in problems:
        assert problem in caught.value.problem
    assert str(caught.value).startswith(f"kantor.toml: {location}: ")


def test_what_the_engine_supports_loads() -> None:
    """Confirm steps between opening and publishing (by any role), refresh_data left out."""
    rows = [
        ("open_cycle", "admin"), ("confirm", "pelaksana"), ("coordinate", "utama"), ("confirm", "admin"),
        ("prepare_draft", "pelaksana"), ("verify", "admin"), ("confirm", "operator"), ("coordinate_publication", "utama"),
        ("confirm", "utama"), ("publish", "admin"),
    ]
    assert [(s.kind, s.actor) for s in parse_sop(sop_text(rows)).steps] == rows


# -- no cap on the number of steps -----------------------------------------------------------------

TEN_STEPS = [
    ("open_cycle", "admin"), ("coordinate", "operator"), ("confirm", "pelaksana"), ("prepare_draft", "pelaksana"),
    ("verify", "utama"), ("confirm", "operator"), ("coordinate_publication", "operator"), ("refresh_data", "pelaksana"),
    ("confirm", "admin"), ("publish", "operator"),
]


@pytest.fixture
async def ten_step_office(make_settings: Callable[..., Settings], tmp_path: Path) -> AsyncIterator[Office]:
    path = tmp_path / "sepuluh_langkah.toml"
    path.write_text(sop_text(TEN_STEPS), encoding="utf-8")
    office = await build_office(make_settings(sop_file=path))
    try:
        yield office
    finally:
        await office.app.shutdown()


async def test_a_cycle_of_ten_steps_runs_to_publication(ten_step_office: Office) -> None:
    office = ten_step_office
    workflow = office.services.workflow
    admin, operator, putri, panji, umar = [
        await person(office, someone.id)
        for someone in (office.admin, office.operator, office.pelaksana, office.other_pelaksana, office.utama)
    ]
    item_id = await office.add_item("Daftar Aset Daerah 2026")
    opened = await workflow.open_cycle(admin, item_id)
    cycle_id = opened.cycle.id
    assert (opened.cycle.current_step, opened.notify) == (2, [operator.telegram_id])
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    sent = await workflow.send_coordination(operator, cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    assert (sent.cycle.current_step, sent.notify) == (3, [putri.telegram_id])

    # Step 3, a confirm step of PPID Pelaksana: of the item's unit only; a button of another step is stale.
    with pytest.raises(WorkflowError) as refused:
        await workflow.confirm_step(panji, cycle_id, 3)
    assert refused.value.key == "not_your_unit"
    for someone, wrong_step in ((putri, 4), (putri, 11)):  # not a confirm step, none: a forged button
        with pytest.raises(WorkflowError) as refused:
            await workflow.confirm_step(someone, cycle_id, wrong_step)
        assert (refused.value.key, refused.value.values) == ("step_not_current", {"step": wrong_step})
    with pytest.raises(WorkflowError) as refused:  # a confirm step, not reached yet: says so
        await workflow.confirm_step(operator, cycle_id, 6)
    assert (refused.value.key, refused.value.values) == ("step_not_reached", {"step": 6, "current": 3})
    confirmed = await workflow.confirm_step(putri, cycle_id, 3)
    assert (confirmed.cycle.current_step, confirmed.notify) == (4, [putri.telegram_id])

    draft = await office.services.files.put(make_docx(), "draf.docx")
    await workflow.add_draft_file(putri, cycle_id, Upload(draft, "docx", None), "draf.docx")
    submitted = await workflow.submit_draft(putri, cycle_id)
    assert submitted.cycle.current_step == 5 and sorted(submitted.notify) == sorted([umar.telegram_id, office.utama2.id])
    approved = await workflow.approve(umar, cycle_id, 1)
    assert (approved.cycle.current_step, approved.notify) == (6, [operator.telegram_id])
    assert (await workflow.confirm_step(operator, cycle_id, 6, "  diperiksa  ")).cycle.current_step == 7
    coordinated = await workflow.coordinate_publication(operator, cycle_id)
    assert (coordinated.cycle.current_step, coordinated.notify) == (9, [admin.telegram_id])
    assert coordinated.detail["refresh_step"] == 8
    with pytest.raises(WorkflowError) as refused:
        await workflow.confirm_step(operator, cycle_id, 9)
    assert (refused.value.key, refused.value.values) == ("not_allowed", {"role": "Admin PPID"})
    assert (await workflow.confirm_step(admin, cycle_id, 9)).cycle.current_step == 10

    async def post(item: object, cycle: object) -> tuple[int, int]:
        return -1001, 77

    published = await workflow.publish(operator, cycle_id, post)
    assert (published.cycle.state, published.cycle.current_step) == ("published", 10)
    assert [step for step, _, _ in await events(office, cycle_id)] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert [action for _, action, _ in await events(office, cycle_id)].count("step_confirmed") == 3
    notes = await office.services.db.fetch_all(
        "SELECT step_no, note FROM step_events WHERE cycle_id = ? AND action = 'step_confirmed' ORDER BY id", (cycle_id,)
    )
    assert [tuple(row) for row in notes] == [(3, None), (6, "diperiksa"), (9, None)]


async def test_a_role_taken_away_is_refused_by_the_gate_even_to_a_person_read_before(ten_step_office: Office) -> None:
    """The gate reads who holds the step from the database (inside the transition's transaction),
    not from the `Person` the update began with: a role revoked meanwhile is refused, and nothing moves."""
    office = ten_step_office
    workflow = office.services.workflow
    admin, operator, putri = [await person(office, someone.id) for someone in (office.admin, office.operator, office.pelaksana)]
    item_id = await office.add_item("Daftar Aset Daerah 2026")
    cycle_id = (await workflow.open_cycle(admin, item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(operator, cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(conn, telegram_id=putri.telegram_id, role="pelaksana", unit_id=office.unit_id)
    assert putri.has("pelaksana")  # read before the change
    with pytest.raises(WorkflowError) as refused:
        await workflow.confirm_step(putri, cycle_id, 3)
    assert (refused.value.key, refused.value.values) == ("role_revoked", {"role": "PPID Pelaksana"})
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 3
    assert await office.db_value("SELECT COUNT(*) FROM step_events WHERE cycle_id = ? AND step_no = 3", cycle_id) == 0
