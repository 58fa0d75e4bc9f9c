"""Putting things on the public record for the web tests, through the real chat workflow."""

from __future__ import annotations

from bot.data_file import attach
from bot.register import deactivate_item, edit_item
from bot.withdrawal import withdraw
from bot.workflow import Upload
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    OTHER_PELAKSANA_ID,
    PELAKSANA_ID,
    Office,
    approve_and_publish,
    cycle_at_review,
    open_first_task,
    person,
)
from tests.samples import CSV_COMMA, MINIMAL_PDF, make_docx

LEGAL_BASIS = "UU 14/2008 Pasal 17 huruf b: menghambat penegakan hukum"


async def publish_item(office: Office, summary: str) -> tuple[int, int]:
    """A berkala item taken through its whole cycle by chat and posted; (item id, cycle id)."""
    _, cycle_id = await cycle_at_review(office, summary)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    item_id = int(await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id))
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    return item_id, cycle_id


async def publish_new(office: Office, summary: str, *, other_unit: bool = False) -> tuple[int, int]:
    """A berkala item (in Dinas Kesehatan if `other_unit`, else Dinas Sosial) added to the register
    and published: steps 1 to 3 through the workflow, 4 to 7 by chat; (item id, cycle id)."""
    unit_id = office.other_unit_id if other_unit else office.unit_id
    item_id = await office.add_item(summary, unit_id=unit_id)
    return item_id, await publish_again(office, item_id, other_unit=other_unit)


async def publish_again(office: Office, item_id: int, *, other_unit: bool = False) -> int:
    """A new cycle of the (berkala) item run to its publication, as `publish_new`; the cycle's id."""
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    uploader = await person(office, OTHER_PELAKSANA_ID if other_unit else PELAKSANA_ID)
    draft = await office.services.files.put(make_docx(), "draf.docx")
    await workflow.add_draft_file(uploader, cycle_id, Upload(draft, "docx", None), "draf.docx")
    await workflow.submit_draft(uploader, cycle_id)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ? AND withdrawn_at IS NULL", cycle_id) == 1
    return cycle_id


async def publish_with_data_file(office: Office, summary: str) -> tuple[int, int]:
    """A berkala item published with its File Informasi Data (step 6, attached by the unit's PPID
    Pelaksana after the approval); (item id, cycle id)."""
    item_id, cycle_id = await cycle_at_review(office, summary)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    stored = await office.services.files.put(CSV_COMMA, "data.csv")
    await attach(office.services, await person(office, PELAKSANA_ID), cycle_id, Upload(stored, "csv", None), "data.csv")
    for button in ("🤝 Koordinasikan publikasi", "📢 Publikasikan sekarang", "✅ Ya, kirim"):
        office.operator.press_button(button)
        await office.deliver()
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    return item_id, cycle_id


async def withdraw_publication(office: Office, cycle_id: int) -> None:
    """The operator withdraws the cycle's publication (`bot.withdrawal`, as "Tarik publikasi" does)."""
    await withdraw(office.services, await person(office, OPERATOR_ID), cycle_id, "Dokumen yang diunggah keliru")
    assert await office.db_value("SELECT withdrawn_at IS NOT NULL FROM publications WHERE cycle_id = ?", cycle_id) == 1


async def reclassify(office: Office, item_id: int, category: str) -> None:
    """The admin changes the item's category in the register (e.g. a published item to setiap saat:
    only berkala and serta merta items run a cycle, so a setiap saat item on the record was one)."""
    await edit_item(office.services, ADMIN_ID, item_id, "category", category)


async def make_exempt(office: Office, item_id: int, legal_basis: str = LEGAL_BASIS) -> None:
    """The admin re-classifies the item as dikecualikan in the register."""
    await edit_item(office.services, ADMIN_ID, item_id, "category", "dikecualikan", legal_basis=legal_basis)


async def deactivate(office: Office, item_id: int) -> None:
    """The admin takes the item out of the register."""
    await deactivate_item(office.services, ADMIN_ID, item_id)
