"""Putting things on the public record for the web tests, through the real chat workflow."""

from __future__ import annotations

from collections.abc import Sequence

from bot.demo import SERTA_MERTA_ANSWERS
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
from tests.exemption_sample import exemption
from tests.samples import CSV_COMMA, MINIMAL_PDF, MINIMAL_PNG, make_docx

LEGAL_BASIS = "UU 14/2008 Pasal 17 huruf b"  # what the register records for ground b


async def publish_item(office: Office, summary: str) -> tuple[int, int]:
    """A berkala item taken through its whole cycle by chat and posted; (item id, cycle id)."""
    _, cycle_id = await cycle_at_review(office, summary)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    item_id = int(await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id))
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    return item_id, cycle_id


# -- added for the item page, the documents and the feed (tests/web/test_item_page.py, ...) --

async def publish_serta_merta(
    office: Office, title: str, *, photo: bool = True, answers: Sequence[str] = SERTA_MERTA_ANSWERS
) -> tuple[int, int]:
    """A serta merta announcement through `/sertamerta` (by phone, with a photo unless told; the
    eight elements `answers`), approved by PPID Utama and posted by the operator; (item id, cycle id)."""
    oki = office.operator
    for act in (
        lambda: oki.send_command("/sertamerta"),
        lambda: oki.send_text(title),
        lambda: oki.press_button("Dinas Sosial"),
        lambda: oki.press_button("📞 Lewat telepon"),
        *[(lambda answer=answer: oki.send_text(answer)) for answer in answers],
    ):
        act()
        await office.deliver()
    if photo:
        oki.send_photo(MINIMAL_PNG)
        await office.deliver()
    oki.press_button("✅ Kirim ke PPID Utama")
    await office.deliver()
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    assert oki.last_text() == "📢 Dipublikasikan di kanal publik.", oki.last_text()
    item_id = int(await office.db_value("SELECT id FROM info_items WHERE summary = ?", title))
    cycle_id = int(await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id))
    return item_id, cycle_id


async def withdraw_publication(office: Office, cycle_id: int, reason: str = "Dokumen yang diunggah keliru") -> None:
    """The operator withdraws the cycle's publication (`bot.withdrawal`, as "Tarik publikasi" does)."""
    await withdraw(office.services, await person(office, OPERATOR_ID), cycle_id, reason)
    assert await office.db_value("SELECT withdrawn_at IS NOT NULL FROM publications WHERE cycle_id = ?", cycle_id) == 1


async def make_exempt(office: Office, item_id: int, legal_basis: str = LEGAL_BASIS, until: str = "2040-12-31") -> None:
    """The admin re-classifies the item as dikecualikan (bot.register.edit_item, as the card does),
    with a complete consequence test whose ground letters are those `legal_basis` cites
    ("UU 14/2008 Pasal 17 huruf a, c": what the register then records as its legal basis)."""
    grounds = tuple(legal_basis.rsplit("huruf ", 1)[1].split(", "))
    await edit_item(
        office.services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=exemption(grounds, until=until)
    )
    assert await office.db_value("SELECT legal_basis FROM info_items WHERE id = ?", item_id) == legal_basis


async def reclassify(office: Office, item_id: int, category: str) -> None:
    """The admin changes the item's category in the register (e.g. a published item to setiap saat:
    only berkala and serta merta items run a cycle, so a setiap saat item on the record was one)."""
    await edit_item(office.services, ADMIN_ID, item_id, "category", category)


async def deactivate(office: Office, item_id: int) -> None:
    """The admin takes the item out of the register (bot.register.deactivate_item)."""
    await deactivate_item(office.services, ADMIN_ID, item_id)


async def publish_cycle(
    office: Office, item_id: int, files: Sequence[tuple[str, bytes, str]], *, uploader: int = PELAKSANA_ID
) -> int:
    """Another cycle of an existing item, its draft of `files` ((name, bytes, detected type)), taken
    to step 4 by the workflow and approved and posted by chat; the cycle's id."""
    services, workflow = office.services, office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    putri = await person(office, uploader)
    for name, data, detected in files:
        await workflow.add_draft_file(putri, cycle_id, Upload(await services.files.put(data, name), detected, None), name)
    await workflow.submit_draft(putri, cycle_id)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    return cycle_id


async def publish_with_data_file(office: Office, summary: str, data: bytes = CSV_COMMA) -> tuple[int, int]:
    """A berkala item whose PPID Pelaksana attaches the File Informasi Data (a CSV) after approval,
    all by chat; published with its document; (item id, cycle id)."""
    item_id, cycle_id = await cycle_at_review(office, summary)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    office.pelaksana.press_button("📊 Lampirkan File Informasi Data")
    await office.deliver()
    office.pelaksana.send_document(data, "data_aset.csv")
    await office.deliver()
    assert (office.pelaksana.last_text() or "").startswith("✅ File Informasi Data tersimpan"), office.pelaksana.last_text()
    for label in ("🤝 Koordinasikan publikasi", "📢 Publikasikan sekarang", "✅ Ya, kirim"):
        office.operator.press_button(label)
        await office.deliver()
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
    uploader = OTHER_PELAKSANA_ID if other_unit else PELAKSANA_ID
    return await publish_cycle(office, item_id, [("draf.docx", make_docx(), "docx")], uploader=uploader)
