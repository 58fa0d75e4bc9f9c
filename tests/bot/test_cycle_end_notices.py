"""Everyone hears the end (issue 15): when a cycle is published, the PPID Pelaksana who prepared it,
the PPID Utama who approved it and the admins get one short notice each with the link to the post;
a returned draft's notice reaches every PPID Pelaksana of the unit once, and the first of them to
start on it is shown to the others, once.
"""

from __future__ import annotations

from bot.cycle_notices import FIXERS
from bot.sandbox import SimUser
from bot.workflow import PUBLICATION_CLAIMS, Upload
from tests.bot.cycle_helpers import (
    UTAMA_ID,
    Office,
    approve_and_publish,
    cycle_at_publication,
    cycle_at_review,
    open_first_task,
    person,
    waiting_for_draft,
)
from tests.samples import MINIMAL_PDF, make_docx

ENDED = '📢 "Daftar Aset Daerah 2026" sudah dipublikasikan di kanal publik. Siklus selesai. Lihat: '
TONO_ID = 730003


def notices(someone: SimUser, start: str) -> list[str]:
    return [text for text in someone.texts() if text.startswith(start)]


async def grant(office: Office, telegram_id: int, name: str, role: str, unit_id: int | None = None) -> None:
    async with office.services.db.transaction() as conn:
        if await office.services.users.get(telegram_id) is None:
            await office.services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
        await office.services.users.grant_role(conn, telegram_id=telegram_id, role=role, unit_id=unit_id)  # type: ignore[arg-type]


async def submit_and_return(office: Office) -> None:
    """Through the chat: Putri sends a PDF and submits version 1; Umar returns it with a reason."""
    putri, umar = office.pelaksana, office.utama
    putri.send_document(MINIMAL_PDF, "daftar_aset.pdf")
    await office.deliver()
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    umar.send_text("Lampiran tabel aset belum ada")
    await office.deliver()


async def test_the_preparer_the_approver_and_the_admins_hear_the_end_once_with_the_link(office: Office) -> None:
    # Uli is PPID Utama and an admin too: she approves, and is told once, not twice.
    await grant(office, office.utama2.id, "Uli", "admin")
    await grant(office, office.operator.id, "Oki", "admin")  # the publisher is an admin too
    _, cycle_id = await cycle_at_review(office)
    await open_first_task(office, office.utama2)
    uli, umar, putri, rina, operator = office.utama2, office.utama, office.pelaksana, office.admin, office.operator
    uli.press_button("✅ Setujui")
    await office.deliver()
    office.operator.press_button("🤝 Koordinasikan publikasi")
    await office.deliver()
    operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    operator.press_button("✅ Ya, kirim")
    await office.deliver()

    (post,) = office.channel.posts()
    message_id = await office.db_value("SELECT channel_message_id FROM publications WHERE cycle_id = ?", cycle_id)
    assert message_id == post["message_id"]
    link = f"https://t.me/c/1000000001/{message_id}"  # PUBLIC_CHANNEL is the numeric id in the tests
    for someone in (putri, uli, rina):
        assert notices(someone, "📢 ") == [ENDED + link], someone
    assert notices(umar, "📢 ") == []  # PPID Utama who did not approve it
    # The operator who published (an admin too) is told by their own answer, not by a second notice.
    assert notices(operator, "📢 ") == ["📢 Dipublikasikan di kanal publik. Jatuh tempo berikutnya: 30 Mei 2027 16.00 WIB."]
    assert notices(office.other_pelaksana, "📢 ") == []


async def test_the_uploaders_of_the_published_version_are_told_not_those_of_a_returned_one(office: Office) -> None:
    await grant(office, TONO_ID, "Tono", "pelaksana", office.unit_id)
    tono = office.fake.user(TONO_ID, "Tono")
    _, cycle_id = await cycle_at_review(office)  # version 1: Putri's
    workflow = office.services.workflow
    await workflow.return_draft(await person(office, UTAMA_ID), cycle_id, 1, "Lampiran belum ada")
    stored = await office.services.files.put(make_docx(), "revisi.docx")
    await workflow.add_draft_file(await person(office, TONO_ID), cycle_id, Upload(stored, "docx", None), "revisi.docx")
    await workflow.submit_draft(await person(office, TONO_ID), cycle_id)  # version 2: Tono's
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    assert len(notices(tono, "📢 ")) == 1 and notices(tono, "📢 ")[0].startswith(ENDED)
    assert notices(office.pelaksana, "📢 ") == []
    assert len(notices(office.admin, "📢 ")) == 1 and len(notices(office.utama, "📢 ")) == 1


async def test_a_returned_draft_reaches_every_pelaksana_once_and_the_first_fixer_is_shown(office: Office) -> None:
    await grant(office, TONO_ID, "Tono", "pelaksana", office.unit_id)
    tono = office.fake.user(TONO_ID, "Tono")
    cycle_id = await waiting_for_draft(office, "Daftar Aset Daerah 2026")  # Putri pressed "Unggah draf"
    putri, umar = office.pelaksana, office.utama
    assert notices(tono, "✏️") == []  # a first version: nobody is told who uploads it
    await submit_and_return(office)
    for someone in (putri, tono):
        assert len(notices(someone, "↩️ Draf versi 1")) == 1, someone
    assert notices(office.other_pelaksana, "↩️") == []  # another unit's PPID Pelaksana

    putri.press_button("📎 Unggah draf")
    await office.deliver()
    fixing = '✏️ Putri sedang memperbaiki draf ini: "Daftar Aset Daerah 2026" (versi 2). Bapak/Ibu tidak perlu mengunggahnya juga.'
    assert notices(tono, "✏️") == [fixing]
    assert notices(putri, "✏️") == []
    assert await office.services.kv.get(FIXERS, f"{cycle_id}:2") == putri.id
    # Her file, and Tono pressing too, tell nobody again.
    putri.send_document(make_docx(), "daftar_aset_revisi.docx")
    await office.deliver()
    tono.press_button("📎 Unggah draf")
    await office.deliver()
    assert notices(tono, "✏️") == [fixing] and notices(putri, "✏️") == []
    assert notices(office.admin, "✏️") == [] and notices(umar, "✏️") == []


async def test_the_first_file_of_the_new_version_counts_as_starting(office: Office) -> None:
    """Tono pressed "Unggah draf" while version 1 was prepared and sent nothing; after the return
    his first file goes into version 2, and that makes him the one fixing it."""
    await grant(office, TONO_ID, "Tono", "pelaksana", office.unit_id)
    tono = office.fake.user(TONO_ID, "Tono")
    await waiting_for_draft(office, "Daftar Aset Daerah 2026")
    putri = office.pelaksana
    tono.press_button("📎 Unggah draf")
    await office.deliver()
    await submit_and_return(office)
    tono.send_document(make_docx(), "perbaikan.docx")
    await office.deliver()
    assert "Versi 2 kini berisi 1 berkas." in (tono.last_text() or "")
    assert notices(putri, "✏️") == [
        '✏️ Tono sedang memperbaiki draf ini: "Daftar Aset Daerah 2026" (versi 2). Bapak/Ibu tidak perlu mengunggahnya juga.'
    ]


async def test_a_publication_confirmed_by_hand_is_told_without_a_link_it_cannot_know(office: Office) -> None:
    """After an interrupted post the operator says it is in the channel: its message number is not
    known (recorded as 0), so with a numeric PUBLIC_CHANNEL the notice carries no link."""
    cycle_id = await cycle_at_publication(office)
    async with office.services.db.transaction() as conn:  # the claim an interrupted post leaves
        await office.services.kv.set(conn, PUBLICATION_CLAIMS, str(cycle_id), {"by": office.operator.id, "at": "-"})
    operator = office.operator
    for button in ("📢 Publikasikan sekarang", "✅ Ya, kirim", "✅ Sudah ada di kanal"):
        operator.press_button(button)
        await office.deliver()
    assert office.channel.posts() == []  # nothing posted again: the operator said it is there
    assert await office.db_value("SELECT channel_message_id FROM publications WHERE cycle_id = ?", cycle_id) == 0
    for someone in (office.pelaksana, office.utama, office.admin):
        assert notices(someone, "📢 ") == ['📢 "Daftar Aset Daerah 2026" sudah dipublikasikan. Siklus selesai.'], someone
