"""The coordination letter reaches every PPID Pelaksana of the unit, and its bytes go up once."""

from __future__ import annotations

from tests.bot.cycle_helpers import ADMIN_ID, Office, person


async def test_the_letter_is_uploaded_once_and_every_pelaksana_gets_the_same_file(office: Office) -> None:
    services = office.services
    second = office.fake.user(730003, "Prita")
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=second.id, full_name="Prita", username=None)
        await services.users.grant_role(conn, telegram_id=second.id, role="pelaksana", unit_id=office.unit_id)
    item_id = await office.add_item("Laporan Keuangan Semester II 2026")
    cycle_id = (await services.workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    office.operator.send_command("/tugas")
    await office.deliver()
    await office.press_on_last(office.operator, f"co:gen:{cycle_id}")
    await office.press_on_last(office.operator, f"co:yes:{cycle_id}")

    assert office.operator.texts()[-1].startswith("✅ Surat koordinasi terkirim kepada Putri, Prita.")
    letters = [[m for m in someone.messages() if "document" in m][-1] for someone in (office.pelaksana, second)]
    assert letters[0]["document"]["file_id"] == letters[1]["document"]["file_id"]
    assert office.fake.file_bytes(letters[1]["document"]["file_id"]).startswith(b"PK")  # the DOCX (SOFFICE_PATH=off)
    sends = office.fake.calls_to("sendDocument")
    uploads = [call for call in sends if call.files]
    # The preview to the operator uploads it; both PPID Pelaksana get it by Telegram's file id.
    assert len(sends) == 3 and len(uploads) == 1 and uploads[0].params["chat_id"] == office.operator.id
    assert sends[1].params["document"] == sends[2].params["document"] == letters[0]["document"]["file_id"]
