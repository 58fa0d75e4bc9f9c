"""Dangerous files through the chat (issue 12, points 5, 6 and 13): a file reaches PPID Utama and
the channel only under its real type, hostile files are refused with the reason and leave nothing
behind, a hostile archive never stalls the other chats, and a photo goes on as a photo."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import handlers.uploads
from bot.filetypes import ZIP_MAX_ENTRIES
from bot.sandbox import SimUser
from tests.bot.cycle_helpers import Office, approve_and_publish, waiting_for_draft
from tests.samples import CSV_COMMA, DOCX_MAIN, MINIMAL_JPEG, MINIMAL_PDF, make_docx

DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


async def submit(office: Office) -> None:
    office.pelaksana.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()


def sent_documents(office: Office, chat_id: int) -> list[Any]:
    """The bot's sendDocument calls to one chat."""
    return [call for call in office.fake.calls_to("sendDocument") if str(call.params.get("chat_id")) == str(chat_id)]


async def draft_rows(office: Office) -> int:
    return int(await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'"))


# -- point 5: a file goes out only under its real type -------------------------------------------


@pytest.mark.parametrize(
    ("name", "mime_type", "safe_name"),
    [
        ("laporan.js", "application/javascript", "laporan.csv"),
        ("jadwal.bat", "application/x-msdos-program", "jadwal.csv"),
        ("halaman.html", "text/html", "halaman.csv"),
    ],
)
async def test_a_csv_under_a_dangerous_name_goes_out_only_as_csv(
    office: Office, name: str, mime_type: str, safe_name: str
) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    uploaded = putri.send_document(CSV_COMMA, name, mime_type)["message"]["document"]
    await office.deliver()
    assert f"tidak sesuai dengan isinya. Berkas diterima sebagai Data CSV dan diteruskan dengan nama {safe_name}." in putri.texts()[-2]
    await submit(office)

    # PPID Utama gets the bot's own upload, named and typed as CSV, never Telegram's file id.
    for verifier in (office.utama, office.utama2):
        received = verifier.documents()[-1]
        assert (received["file_name"], received["mime_type"]) == (safe_name, "text/csv")
        assert received["file_id"] != uploaded["file_id"]
        assert office.fake.file_bytes(received["file_id"]) == CSV_COMMA
        assert all(call.files and call.ok for call in sent_documents(office, verifier.id))

    await approve_and_publish(office)
    posts = [post for post in office.channel.posts() if "document" in post]
    assert len(posts) == 1
    assert (posts[0]["document"]["file_name"], posts[0]["document"]["mime_type"]) == (safe_name, "text/csv")
    assert posts[0]["document"]["file_id"] != uploaded["file_id"]
    assert not any(name in str(call.params) or name in str(call.files) for call in office.fake.calls_to("sendDocument"))


async def test_a_file_id_is_reused_only_when_name_and_mime_type_are_the_files_own(office: Office) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    own = putri.send_document(MINIMAL_PDF, "laporan.pdf", "application/pdf")["message"]["document"]
    await office.deliver()
    foreign = putri.send_document(MINIMAL_PDF + b" ", "lampiran.pdf", "text/html")["message"]["document"]
    await office.deliver()
    await submit(office)
    first, second = sent_documents(office, office.utama.id)
    assert first.params.get("document") == own["file_id"] and not first.files
    assert second.files and second.params.get("document") != foreign["file_id"]
    received = office.utama.documents()[-1]
    assert (received["file_name"], received["mime_type"]) == ("lampiran.pdf", "application/pdf")


async def test_an_uploaded_letter_goes_to_the_pelaksana_under_its_real_type(office: Office) -> None:
    item_id = await office.add_item("Laporan Kinerja 2026")
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    office.operator.press_button("📎 Unggah surat sendiri")
    await office.deliver()
    uploaded = office.operator.send_document(MINIMAL_PDF, "surat.html", "text/html")["message"]["document"]
    await office.deliver()
    letter = office.pelaksana.documents()[-1]
    assert (letter["file_name"], letter["mime_type"]) == ("surat.pdf", "application/pdf")
    assert letter["file_id"] != uploaded["file_id"]


def _many_entries_docx(count: int) -> bytes:
    return make_docx(extra_entries=tuple((f"word/media/p{number}.xml", "") for number in range(count)))


@pytest.mark.parametrize(
    ("data", "name", "refusal"),
    [
        (MINIMAL_PDF + b"<html><script>alert(1)</script></html>", "laporan.pdf", "berisi data lain setelah akhir dokumennya"),
        (MINIMAL_PDF + make_docx(), "laporan.pdf", "berisi data lain setelah akhir dokumennya"),
        (
            make_docx(DOCM_MAIN, extra_content_types=f'<Override PartName="/word/x.xml" ContentType="{DOCX_MAIN}"/>'),
            "laporan.docx",
            "adalah dokumen Word dengan makro (DOCM)",
        ),
        (make_docx(extra_entries=(("word/vbaProject.bin", bytes(64)),)), "laporan.docx", "adalah dokumen Word dengan makro (DOCM)"),
        (b"no,nama,nilai\n1,Budi,=HYPERLINK(\"http://x\")\n", "data.csv", "baris 2, kolom 3"),
        (b"no,nama\n1,Budi\n<script>alert(1)</script>,x\n", "data.csv", "bukan data CSV yang sah, jadi tidak dapat diterima: isinya halaman web"),
        (_many_entries_docx(ZIP_MAX_ENTRIES), "laporan.docx", f"terlalu banyak bagian ({ZIP_MAX_ENTRIES + 3};"),
    ],
    ids=["pdf-with-html", "pdf-with-zip", "docm-with-decoy", "vbaproject", "csv-formula", "csv-script", "many-entries"],
)
async def test_hostile_files_are_refused_with_the_reason_and_nothing_is_kept(
    office: Office, data: bytes, name: str, refusal: str
) -> None:
    cycle_id = await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_document(data, name)
    await office.deliver()
    assert refusal in putri.last_text()
    assert await draft_rows(office) == 0
    # The upload stays open: a good file is taken next.
    putri.send_document(MINIMAL_PDF, "laporan.pdf")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id) == 1


# -- point 6: checking a file never holds up the other chats -----------------------------------


async def test_other_chats_are_answered_while_a_file_is_being_checked(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check waits until another chat has been answered meanwhile: on the event loop it would
    wait in vain (nobody else can be answered), in a worker thread the other chat goes on."""
    await waiting_for_draft(office)
    checking, other_answered = threading.Event(), threading.Event()
    saw_the_other_answer: list[bool] = []
    check_file = handlers.uploads.check_file

    def waiting_check(*args: Any, **kwargs: Any) -> Any:
        checking.set()
        saw_the_other_answer.append(other_answered.wait(timeout=5))
        return check_file(*args, **kwargs)

    monkeypatch.setattr(handlers.uploads, "check_file", waiting_check)

    async def meanwhile(admin: SimUser) -> None:
        await office.fake.wait_for(checking.is_set, timeout=10)
        before = len(admin.messages())
        admin.send_command("/tugas")
        await office.deliver()
        assert len(admin.messages()) > before
        other_answered.set()

    other = asyncio.create_task(meanwhile(office.admin))
    office.pelaksana.send_document(MINIMAL_PDF, "laporan.pdf")
    await office.deliver()
    await other
    assert saw_the_other_answer == [True]
    assert "Versi 1 kini berisi 1 berkas." in office.pelaksana.last_text()


# -- point 13: a photo goes on as a photo --------------------------------------------------------


async def test_a_photo_draft_goes_on_as_a_photo(office: Office) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    photo = putri.send_photo(MINIMAL_JPEG)["message"]["photo"][-1]
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()
    await submit(office)
    for verifier in (office.utama, office.utama2):
        photos = [message["photo"] for message in verifier.messages() if "photo" in message]
        assert len(photos) == 1 and photos[0][-1]["file_id"] == photo["file_id"]
    await approve_and_publish(office)
    assert [post["photo"][-1]["file_id"] for post in office.channel.posts() if "photo" in post] == [photo["file_id"]]
    # Telegram was never asked to take a photo's file id as a document.
    assert not [call for call in office.fake.calls_to("sendDocument") if not call.ok]
    assert await office.db_value("SELECT telegram_file_kind FROM documents WHERE kind = 'draft'") == "photo"
