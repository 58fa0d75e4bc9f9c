"""Texts that name who holds a step take the name from the SOP file's actors, not a fixed role.

Under `tests/data/sop_other_actors.toml` the operator verifies (step 4) and the admin coordinates
(step 2): the draft's button, the submission, the return, the refusal of self-approval and the
opening say so. Under the shipped file they read as before ("✅ Selesai, kirim ke PPID Utama").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.texts import t
from bot.workflow import Upload, WorkflowError
from tests.bot.cycle_helpers import OPERATOR_ID, PELAKSANA_ID, build_office, person
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF

OTHER_ACTORS = Path(__file__).parent.parent / "data" / "sop_other_actors.toml"
OPERATOR = "Operator PPID"
ADMINS = "Admin PPID"


async def test_the_other_office_reads_its_own_actors(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings(sop_file=OTHER_ACTORS))
    try:
        admin, operator, putri = office.admin, office.operator, office.pelaksana
        item_id = await office.add_item("Laporan Keuangan Semester II 2026")
        admin.send_command("/start")
        await office.deliver()
        await office.press_on_last(admin, f"cyc:open:{item_id}")
        assert f'Siklus pembaruan dibuka untuk "Laporan Keuangan Semester II 2026". {ADMINS} sudah diberi tahu.' in admin.texts()
        admin.press_button("📝 Buat surat dari templat")
        await office.deliver()
        admin.press_button("✅ Ya, kirim")
        await office.deliver()

        putri.press_button("📎 Unggah draf")
        await office.deliver()
        putri.send_document(MINIMAL_PDF, "laporan_keuangan.pdf")
        await office.deliver()
        assert [button["text"] for button in putri.buttons()] == [f"✅ Selesai, kirim ke {OPERATOR}"]
        putri.press_button(f"✅ Selesai, kirim ke {OPERATOR}")
        await office.deliver()
        assert putri.last_text() == f"📤 Draf versi 1 (1 berkas) terkirim ke {OPERATOR} untuk diverifikasi."

        operator.press_button("↩️ Kembalikan")
        await office.deliver()
        operator.send_text("Tabel realisasi belum ada")
        await office.deliver()
        returned = putri.last_text()
        assert returned.startswith(
            f'↩️ Draf versi 1 untuk "Laporan Keuangan Semester II 2026" dikembalikan oleh {OPERATOR}.'
        ), returned
        assert [button["text"] for button in putri.buttons()] == ["📎 Unggah draf", f"✅ Selesai, kirim ke {OPERATOR}"]

        # The operator who also holds PPID Pelaksana of the unit uploads version 2: may not verify it.
        cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id)
        async with office.services.db.transaction() as conn:
            await office.services.users.grant_role(conn, telegram_id=OPERATOR_ID, role="pelaksana", unit_id=office.unit_id)
        workflow = office.services.workflow
        oki = await person(office, OPERATOR_ID)
        draft = await office.services.files.put(MINIMAL_PDF + b"\n% v2", "v2.pdf")
        await workflow.add_draft_file(oki, cycle_id, Upload(draft, "pdf", None), "v2.pdf")
        await workflow.submit_draft(await person(office, PELAKSANA_ID), cycle_id)
        with pytest.raises(WorkflowError) as refused:
            await workflow.approve(oki, cycle_id, 2)
        assert t(refused.value.key, "id", **refused.value.values) == (
            f"Bapak/Ibu tidak dapat memverifikasi draf yang diunggah sendiri. Mintalah {OPERATOR} lain."
        )
    finally:
        await office.app.shutdown()


async def test_the_shipped_office_reads_as_before(make_settings: Callable[..., Settings]) -> None:
    office = await build_office(make_settings())
    try:
        item_id = await office.add_item("Laporan Kinerja 2026")
        office.admin.send_command("/start")
        await office.deliver()
        await office.press_on_last(office.admin, f"cyc:open:{item_id}")
        assert (
            'Siklus pembaruan dibuka untuk "Laporan Kinerja 2026". Operator PPID sudah diberi tahu.'
            in office.admin.texts()
        )
        office.operator.press_button("📝 Buat surat dari templat")
        await office.deliver()
        office.operator.press_button("✅ Ya, kirim")
        await office.deliver()
        assert [button["text"] for button in office.pelaksana.buttons()] == [
            "📎 Unggah draf", "✅ Selesai, kirim ke PPID Utama"
        ]
        admin = await person(office, ADMIN_ID)
        assert admin.has("admin")
    finally:
        await office.app.shutdown()
