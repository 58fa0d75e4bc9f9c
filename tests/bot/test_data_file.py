"""Step 6 is real (issue 15, Deliver 7): the unit's PPID Pelaksana attaches the File Informasi Data
(XLSX or CSV) of a berkala item between approval and publication; step 7 posts it with the
document, `/riwayat` lists it as step 6's Kelengkapan, `/cari` and the DIP export link to it.
Refused for a non-berkala item, a wrong file type (saying what it is), another unit's PPID
Pelaksana, before approval and after publication; without one, step 6 stays recorded as scheduled.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.data_file import attach
from bot.workflow import PUBLICATION_CLAIMS, Upload, WorkflowError
from handlers.data_file import DataFileAttach
from tests.bot.cycle_helpers import (
    ADMIN_ID,
    OPERATOR_ID,
    PELAKSANA_ID,
    UTAMA_ID,
    Office,
    cycle_at_review,
    open_first_task,
    person,
)
from tests.samples import CSV_COMMA, MINIMAL_PDF, MINIMAL_PNG, make_xlsx

SUMMARY = "Daftar Aset Daerah 2026"
ATTACH = "📊 Lampirkan File Informasi Data"
CHANNEL = "https://t.me/c/1000000001"  # the test channel's posts (PUBLIC_CHANNEL is its numeric id)


async def approved_by_chat(office: Office) -> tuple[int, int]:
    """A berkala cycle whose draft PPID Umar approves through the chat (now at step 5)."""
    item_id, cycle_id = await cycle_at_review(office, SUMMARY)
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    return item_id, cycle_id


async def previewed(office: Office) -> int:
    """A berkala cycle approved by chat, coordinated, and its publication previewed by the operator."""
    _, cycle_id = await approved_by_chat(office)
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    return cycle_id


async def data_files(office: Office, cycle_id: int) -> list[tuple[object, ...]]:
    rows = await office.services.db.fetch_all(
        "SELECT version, original_name, detected_type, uploaded_by, channel_message_id FROM documents"
        " WHERE cycle_id = ? AND kind = 'data_file' ORDER BY version",
        (cycle_id,),
    )
    return [tuple(row) for row in rows]


async def attached_events(office: Office, cycle_id: int) -> list[tuple[object, ...]]:
    rows = await office.services.db.fetch_all(
        "SELECT step_no, actor_id, kelengkapan FROM step_events WHERE cycle_id = ? AND action = 'data_file_attached'",
        (cycle_id,),
    )
    return [tuple(row) for row in rows]


async def test_a_data_file_is_published_with_its_document_and_offered_by_history_search_and_export(office: Office) -> None:
    item_id, cycle_id = await approved_by_chat(office)
    putri, operator, admin = office.pelaksana, office.operator, office.admin

    # The approval offers the unit's PPID Pelaksana the step 6 button.
    offer = putri.last_text()
    assert offer.startswith(f'📊 Draf "{SUMMARY}" sudah disetujui PPID Utama. Langkah 6 SOP:')
    assert [button["text"] for button in putri.buttons()] == [ATTACH]
    putri.press_button(ATTACH)
    await office.deliver()
    assert putri.last_text().startswith("Kirim File Informasi Data sebagai satu berkas Excel (XLSX) atau CSV.")

    # A PDF is refused, saying what it is; nothing is recorded; the file is still awaited.
    putri.send_document(MINIMAL_PDF, "data.pdf")
    await office.deliver()
    assert putri.last_text() == (
        "Maaf, berkas ini PDF, bukan File Informasi Data. File Informasi Data harus berupa "
        "lembar kerja Excel (XLSX) atau data CSV."
    )
    # A CSV whose cells are formulas is refused with the content check's own reason.
    putri.send_document(b"no,nilai\n1,=SUM(A1:A9)\n2,3\n", "rumus.csv")
    await office.deliver()
    assert putri.last_text().startswith(
        "Maaf, berkas CSV ini berisi sel yang dapat dijalankan sebagai rumus oleh Excel: baris 2, kolom 2"
    )
    assert await data_files(office, cycle_id) == []

    putri.send_document(CSV_COMMA, "data_aset.csv")
    await office.deliver()
    assert putri.last_text() == (
        f'✅ File Informasi Data tersimpan: data_aset.csv (Data CSV, 1 KB). Berkas ini dipublikasikan bersama '
        f'dokumen "{SUMMARY}" pada langkah 7.'
    )
    assert await data_files(office, cycle_id) == [(1, "data_aset.csv", "csv", PELAKSANA_ID, None)]
    assert await attached_events(office, cycle_id) == [(6, PELAKSANA_ID, "File Informasi Data: data_aset.csv")]
    audit = [e for e in await office.services.audit.entries(office.services.db, entity_type="cycle") if e.action == "data_file.attach"]
    assert [(e.actor_id, e.entity_id, e.details["name"], e.details["version"]) for e in audit] == [
        (PELAKSANA_ID, str(cycle_id), "data_aset.csv", 1)
    ]

    # Step 5, then step 7: the preview names the data file; the channel gets the document, then it.
    operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    preview = operator.last_text()
    assert "Berkas (2):\n• draf.docx\n• data_aset.csv (File Informasi Data, langkah 6)" in preview
    operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert operator.texts()[-1].startswith("📢 Dipublikasikan di kanal publik.")
    posts = office.channel.posts()
    assert [post["document"]["file_name"] for post in posts] == ["draf.docx", "data_aset.csv"]
    assert posts[1]["caption"] == f"📊 File Informasi Data: {SUMMARY}"
    assert office.fake.file_bytes(posts[1]["document"]["file_id"]) == CSV_COMMA
    data_message = posts[1]["message_id"]
    assert await data_files(office, cycle_id) == [(1, "data_aset.csv", "csv", PELAKSANA_ID, data_message)]
    assert await office.db_value(
        "SELECT COUNT(*) FROM channel_messages WHERE cycle_id = ? AND message_id = ?", cycle_id, data_message
    ) == 1  # a withdrawal deletes it with the document

    # /riwayat: step 6's Kelengkapan is the data file; the refresh is still recorded as scheduled.
    admin.send_command("/riwayat", str(item_id))
    await office.deliver()
    history = "\n".join(admin.texts()[-2:])
    assert "File Informasi Data dilampirkan" in history
    assert "Kelengkapan: File Informasi Data: data_aset.csv" in history
    assert "Pelaksana: Putri (PPID Pelaksana)" in history
    assert "pembaruan data dijadwalkan" in history

    # /cari: the result offers the data file's post.
    budi = office.fake.user(790001, "Budi")
    budi.send_command("/cari", "aset")
    await office.deliver()
    result = budi.last_text()
    assert SUMMARY in result
    assert "📊 Unduh File Informasi Data" in result
    links = [entity["url"] for entity in budi.last_message()["entities"] if entity["type"] == "text_link"]
    assert links == [f"{CHANNEL}/{posts[0]['message_id']}", f"{CHANNEL}/{data_message}"]

    # The DIP export: the last column links to the data file's post.
    admin.send_command("/dip")
    await office.deliver()
    xlsx = next(m for m in admin.messages() if m.get("document", {}).get("file_name", "").endswith(".xlsx"))
    sheet = load_workbook(io.BytesIO(office.fake.file_bytes(xlsx["document"]["file_id"])))["DIP"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "No")
    assert header[-1] == "Tautan File Informasi Data"
    row = next(row for row in rows if row[1] == item_id)
    assert row[-2:] == [f"{CHANNEL}/{posts[0]['message_id']}", f"{CHANNEL}/{data_message}"]

    # After publication the button only refuses, and nothing is recorded.
    offer_message = next(m for m in putri.messages() if m.get("text", "").startswith("📊 Draf"))
    putri.press_button(ATTACH, offer_message)
    await office.deliver()
    assert putri.last_callback_answer()["text"].startswith("Informasi ini sudah dipublikasikan")
    assert len(await data_files(office, cycle_id)) == 1


async def test_without_a_data_file_step_6_stays_scheduled_as_today(office: Office) -> None:
    cycle_id = await previewed(office)
    assert "Berkas (1):\n• draf.docx\n\n" in office.operator.last_text()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert [post["document"]["file_name"] for post in office.channel.posts()] == ["draf.docx"]
    events = await office.services.db.fetch_all(
        "SELECT action, actor_id FROM step_events WHERE cycle_id = ? AND step_no = 6", (cycle_id,)
    )
    assert [tuple(row) for row in events] == [("data_refresh_scheduled", None)]
    budi = office.fake.user(790001, "Budi")
    budi.send_command("/cari", "aset")
    await office.deliver()
    assert SUMMARY in budi.last_text() and "File Informasi Data" not in budi.last_text()


async def test_refused_to_another_units_pelaksana_before_approval_and_for_a_non_berkala_item(office: Office) -> None:
    _, cycle_id = await cycle_at_review(office, SUMMARY)
    putri, panji = office.pelaksana, office.other_pelaksana
    for someone in (putri, panji):
        someone.send_command("/start")
        await office.deliver()

    # At step 4 (not yet approved): the step has not been reached.
    await office.press_on_last(putri, DataFileAttach(cycle_id).pack())
    assert putri.last_callback_answer()["text"] == (
        "Langkah ini belum sampai: File Informasi Data dapat dilampirkan setelah draf disetujui PPID Utama (langkah 5)."
    )
    await office.services.workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)

    # Another unit's PPID Pelaksana, and the operator (no PPID Pelaksana role), are refused.
    await office.press_on_last(panji, DataFileAttach(cycle_id).pack())
    assert panji.last_callback_answer()["text"].startswith("Maaf, informasi ini milik unit lain")
    office.operator.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.operator, DataFileAttach(cycle_id).pack())
    assert "PPID Pelaksana" in office.operator.last_callback_answer()["text"]

    # The workflow refuses them too, and a file that is no XLSX/CSV, inside its own checks.
    stored = await office.services.files.put(CSV_COMMA, "data.csv")
    with pytest.raises(WorkflowError) as refused:
        await attach(office.services, await person(office, panji.id), cycle_id, Upload(stored, "csv", None), "data.csv")
    assert refused.value.key == "not_your_unit"
    png = await office.services.files.put(MINIMAL_PNG, "foto.png")
    with pytest.raises(WorkflowError) as refused:
        await attach(office.services, await person(office, PELAKSANA_ID), cycle_id, Upload(png, "png", None), "foto.png")
    assert refused.value.key == "data_file_wrong_type"
    assert await data_files(office, cycle_id) == []

    # A serta merta cycle at step 5: no offer, and the button refuses.
    services, workflow = office.services, office.services.workflow
    serta = await office.add_item("Peringatan banjir", category="serta_merta", period=None)
    serta_cycle = (await workflow.open_cycle(await person(office, ADMIN_ID), serta)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), serta_cycle, Upload(letter, "pdf", None), "surat.pdf")
    photo = await services.files.put(MINIMAL_PNG, "foto.png")
    await workflow.add_draft_file(await person(office, PELAKSANA_ID), serta_cycle, Upload(photo, "png", None), "foto.png")
    elements = {key: f"unsur {key}" for key in (
        "danger", "affected", "evacuation", "avoidance", "help", "announcer", "emergency_channel", "authority_action"
    )}
    await workflow.submit_draft(await person(office, PELAKSANA_ID), serta_cycle, elements)
    before = len(putri.messages())
    await open_first_task(office, office.utama)
    office.utama.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", serta_cycle) == 5
    assert not any(ATTACH in str(message.get("reply_markup")) for message in putri.messages()[before:])
    await office.press_on_last(putri, DataFileAttach(serta_cycle).pack())
    assert putri.last_callback_answer()["text"] == "File Informasi Data hanya untuk informasi berkala."
    assert await data_files(office, serta_cycle) == []


async def test_a_data_file_attached_after_the_preview_makes_its_send_refused(office: Office) -> None:
    cycle_id = await previewed(office)
    stored = await office.services.files.put(make_xlsx(), "data.xlsx")
    await attach(office.services, await person(office, PELAKSANA_ID), cycle_id, Upload(stored, "xlsx", None), "data.xlsx")
    office.operator.press_button("✅ Ya, kirim")  # under the preview made before the data file came
    await office.deliver()
    assert office.operator.last_callback_answer()["text"].startswith("Pratinjau ini sudah tidak berlaku.")
    assert office.channel.posts() == []
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    assert "• data.xlsx (File Informasi Data, langkah 6)" in office.operator.last_text()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert [post["document"]["file_name"] for post in office.channel.posts()] == ["draf.docx", "data.xlsx"]


async def test_refused_while_the_post_is_going_out(office: Office) -> None:
    """A data file that came while the post is under way would be missing from it: refused."""
    _, cycle_id = await approved_by_chat(office)
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    services = office.services
    async with services.db.transaction() as conn:  # the claim "Ya, kirim" commits before posting
        await services.kv.set(conn, PUBLICATION_CLAIMS, str(cycle_id), {"by": OPERATOR_ID, "at": "2026-11-30T02:00:00"})
    stored = await services.files.put(CSV_COMMA, "data.csv")
    with pytest.raises(WorkflowError) as refused:
        await attach(services, await person(office, PELAKSANA_ID), cycle_id, Upload(stored, "csv", None), "data.csv")
    assert refused.value.key == "data_file_publishing"
    assert await data_files(office, cycle_id) == []
