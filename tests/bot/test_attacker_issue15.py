"""Issue 15 read by an attacker and by a careless user: each test is a way the merged features
could be driven into a dead end, a leak or a broken post, and pins what is true instead. Through
the chat where people act, asserting what they see and what the database holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from handlers.reminders import run_sweep
from tests.bot.cycle_helpers import (
    UTAMA_ID,
    Office,
    approve_and_publish,
    build_office,
    cycle_at_review,
    open_first_task,
    serta_merta_at_elements,
)
from tests.bot.test_chat_habits import at_draft, draft_rows
from tests.bot.test_sop_changed_under_cycles import restart_refused, with_confirm_at, write
from tests.bot.test_serta_merta_fast import Taps, fill_form
from tests.samples import MINIMAL_PDF


def popup(someone) -> str:  # type: ignore[no-untyped-def]
    answer = someone.last_callback_answer()
    return (answer or {}).get("text") or ""


async def admin_card(office: Office, item_id: int) -> None:
    """The admin opens the item's card in /informasi (its "dip:v" button)."""
    office.admin.send_command("/start")
    await office.deliver()
    await office.press_on_last(office.admin, f"dip:v:{item_id}")


# -- a hand-over at the verify step to the one who sent the draft ----------------------------------


async def test_verification_is_not_handed_to_the_ppid_utama_who_sent_the_announcement(office: Office) -> None:
    """A /sertamerta announcement has no file to mark its author: Umar (PPID Utama) sent it, so he
    may not verify it. Handing step 4 to him alone would leave the law's "without delay" item with
    a single holder whose every approval is refused. He is not offered, and a forged button is
    refused saying why; nothing is assigned."""
    umar, uli, admin = office.utama, office.utama2, office.admin
    await fill_form(office, Taps(office), umar)
    cycle_id, item_id = (await office.services.db.fetch_one(
        "SELECT id, item_id FROM update_cycles WHERE state = 'open'"
    ))
    await admin_card(office, item_id)
    admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    assert [b["text"] for b in admin.buttons()] == ["Uli"]  # not Umar, who sent it
    listed = admin.last_message()
    admin.press(listed, f"cad:to:{cycle_id}:4:{UTAMA_ID}")  # forged
    await office.deliver()
    assert popup(admin) == "Umar mengirim draf ini sendiri dan tidak dapat memverifikasinya; pilih PPID Utama lain."
    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) is None
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'cycle.hand_over'") == 0
    # Uli still holds it and can approve.
    assert (uli.last_text() or "").startswith("Verifikasi draf")
    uli.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == uli.id


# -- the staff keyboard after a person's roles are gone --------------------------------------------


async def test_the_staff_keyboard_goes_with_the_refusal_once_the_roles_are_gone(office: Office) -> None:
    """Siti had the persistent "📌 Tugas saya" keyboard; her only role was taken away. Her tap on
    the key is refused as anyone's would be (nothing of the tasks is shown), and the refusal takes
    the keyboard away, so its keys do not lead to the same refusal again and again."""
    siti = office.operator
    siti.send_command("/start")
    await office.deliver()
    assert siti.reply_keyboard() is not None and "keyboard" in siti.reply_keyboard()
    office.admin.send_command("/staf")
    await office.deliver()
    await office.press_on_last(office.admin, f"stf:revok:{siti.id}:operator")
    assert not await office.services.users.has_role(siti.id, "operator")

    siti.send_text("📌 Tugas saya")
    await office.deliver()
    assert (siti.last_text() or "").startswith("Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.")
    assert not any(text.startswith("Tugas Bapak/Ibu") for text in siti.texts())
    assert siti.reply_keyboard() == {"remove_keyboard": True}


# -- an element longer than the announcement shows -------------------------------------------------


LONG = ("Air dan lumpur setinggi satu meter menggenangi permukiman " * 80).strip()  # ~4,600 typed


async def test_an_element_longer_than_the_post_shows_is_refused_not_cut_in_the_channel(office: Office) -> None:
    """A careless paste: 4,000 characters as one element. The post shows 400 of each element (it
    must stay one message), so before, the rest silently vanished mid-sentence from the public
    channel while the author believed it was announced. It is refused with the limit, nothing is
    kept, and the same element is asked again; the fast form and step 3's form alike."""
    umar = office.utama
    umar.send_command("/sertamerta")
    await office.deliver()
    umar.send_text("Peringatan dini banjir Kota Pontianak")
    await office.deliver()
    umar.press_button("Dinas Sosial")
    await office.deliver()
    umar.press_button("📞 Lewat telepon")
    await office.deliver()
    typed = LONG[:4000]
    umar.send_text(typed)
    await office.deliver()
    assert umar.last_text() == (
        "Jawaban terlalu panjang (4000 huruf). Mohon ringkas menjadi paling banyak 400 huruf"
        " agar pengumuman muat utuh dalam satu pesan di kanal publik."
    )
    umar.send_text(typed[:400])  # at the limit: taken, the next element is asked
    await office.deliver()
    assert umar.last_text() == "2/8. Siapa saja yang berpotensi terdampak?"


async def test_step_3s_announcement_refuses_an_element_too_long_as_well(office: Office) -> None:
    await serta_merta_at_elements(office)
    putri = office.pelaksana
    putri.send_text(LONG[:1000])
    await office.deliver()
    assert (putri.last_text() or "").startswith("Jawaban terlalu panjang (1000 huruf).")
    putri.send_text("Banjir setinggi 1 meter")
    await office.deliver()
    assert putri.last_text() == "2/8. Siapa saja yang berpotensi terdampak?"


# -- the only PPID Utama starts /sertamerta --------------------------------------------------------


async def test_the_only_ppid_utama_who_sent_an_announcement_can_still_approve_it(office: Office) -> None:
    """The office has one PPID Utama (Umar); he typed the announcement himself with /sertamerta.
    Before, he got the review card (nobody else holds the step) and "Setujui" answered "Mintalah
    PPID Utama lain": there is none, so the serta merta item waited forever, which the law
    forbids (and, holding PPID Pelaksana too, he had no /tugas entry and no reminder of it). Now
    the review is his like any verifier's: reminded, in /tugas, approved; while a second PPID
    Utama exists he still may not (four eyes,
    `test_a_ppid_utama_who_started_it_does_not_verify_it_while_another_can`)."""
    umar, uli = office.utama, office.utama2
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(
            conn, telegram_id=uli.id, role="utama", unit_id=None, revoked_by=office.admin.id
        )  # and Umar, in a small office, is the unit's PPID Pelaksana too
        await office.services.users.grant_role(conn, telegram_id=umar.id, role="pelaksana", unit_id=office.unit_id)
    await fill_form(office, Taps(office), umar)
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE state = 'open'")
    assert (umar.last_text() or "").startswith("Verifikasi draf Peringatan dini banjir Kota Pontianak (versi 1, dari Umar)")
    card = umar.last_message()
    office.clock.advance(timedelta(hours=2))  # past the serta merta hour: the sweep reminds him
    await run_sweep(office.app)
    assert await office.db_value(
        "SELECT COUNT(*) FROM reminders WHERE recipient_id = ? AND cycle_id = ?", umar.id, cycle_id
    ) > 0
    umar.send_command("/tugas")  # the review is his task too, like any verifier's
    await office.deliver()
    assert umar.last_text() == "Tugas Bapak/Ibu (1):"
    assert any("Peringatan dini banjir" in button["text"] for button in umar.buttons())
    umar.press(card, f"rv:ok:{cycle_id}:1")
    await office.deliver()
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == umar.id
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 5


# -- the SOP-change start check with a damaged record ----------------------------------------------


async def test_one_damaged_entry_of_the_sop_record_does_not_turn_off_the_kind_check(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    """The record of the steps the last start ran (kv `sop`/`steps`) has one entry damaged (step
    7's, by hand or a half-restored copy). Before, the whole record was thrown away, so a file that
    made step 4 another kind let the start through and the cycle waiting at step 4 was stranded;
    now the good entries still count and the start is refused, naming the cycle."""
    office = await build_office(make_settings())
    _, cycle_id = await cycle_at_review(office)  # waits at step 4, verify
    recorded = await office.services.kv.get("sop", "steps")
    assert isinstance(recorded, dict)
    async with office.services.db.transaction() as conn:
        await office.services.kv.set(conn, "sop", "steps", {**recorded, "7": "publish"})
    edited = write(tmp_path, "sop_baru.toml", with_confirm_at(3))  # verify is now step 5

    line = await restart_refused(office, make_settings(sop_file=edited))
    assert f"siklus #{cycle_id} \"Daftar Aset Daerah 2026\" di langkah 4" in line
    assert f"#{cycle_id} at step 4 (verify -> prepare_draft)" in line


# -- two files sent without the button, one question pressed late ----------------------------------


async def test_a_late_choice_for_an_earlier_file_does_not_put_the_newer_file_in_that_draft(office: Office) -> None:
    """Putri prepares two drafts and sends aset.pdf, then lra.pdf, without pressing "Unggah draf".
    Each file asks which draft; only one file waits at a time. Before, pressing a draft under the
    FIRST question (meant for aset.pdf) put lra.pdf into that draft without a word. Now she is told
    the earlier file was not kept, the old question answers nothing, and the newest one works."""
    first = await at_draft(office, "Laporan Realisasi Anggaran 2026")
    second = await at_draft(office, "Daftar Aset Daerah 2026")
    putri = office.pelaksana
    putri.send_document(MINIMAL_PDF, "aset.pdf")
    await office.deliver()
    question_for_aset = putri.last_message()
    putri.send_document(MINIMAL_PDF.replace(b"%%EOF", b"% lra\\n%%EOF"), "lra.pdf")
    await office.deliver()
    assert putri.texts()[-2] == (
        "Berkas aset.pdf yang dikirim sebelumnya belum masuk draf mana pun dan tidak disimpan; kirim lagi bila perlu."
    )
    assert putri.last_text() == "Berkas lra.pdf untuk draf yang mana? Bapak/Ibu sedang menyiapkan beberapa draf:"
    putri.press(question_for_aset, f"dr:for:{second}")  # the aset question, pressed late
    await office.deliver()
    assert putri.last_callback_answer()["text"] == "Berkas yang menunggu sudah tidak ada. Silakan kirim berkasnya lagi."
    assert await draft_rows(office) == []
    putri.press_button("Laporan Realisasi Anggaran 2026")  # the newest question
    await office.deliver()
    assert await draft_rows(office) == [(first, "lra.pdf")]


async def test_a_sertamerta_title_longer_than_the_post_shows_is_refused(office: Office) -> None:
    """The register takes a summary of 500 characters, the announcement shows 300 of it: a long
    title typed into /sertamerta was cut in the public channel. It is asked again instead."""
    umar = office.utama
    umar.send_command("/sertamerta")
    await office.deliver()
    umar.send_text(LONG[:450])
    await office.deliver()
    assert (umar.last_text() or "").startswith("Judul terlalu panjang untuk pengumuman (450 huruf).")
    assert umar.buttons() == []  # no unit asked yet
    umar.send_text("Peringatan dini banjir Kota Pontianak")
    await office.deliver()
    assert "Dinas Sosial" in [button["text"] for button in umar.buttons()]
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0


# -- the end notice and someone who is no longer staff ---------------------------------------------


async def test_the_end_notice_skips_an_uploader_whose_roles_were_taken_away(office: Office) -> None:
    """Putri uploaded the draft, then left the unit: the admin revoked her only role (not a full
    deactivation). The bot refuses her everything now; before, it still sent her the office's
    "published" notice as one who had a hand in it. The others hear it as before."""
    _, cycle_id = await cycle_at_review(office)
    await open_first_task(office, office.utama)
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(
            conn, telegram_id=office.pelaksana.id, role="pelaksana", unit_id=office.unit_id, revoked_by=office.admin.id
        )
    await approve_and_publish(office)
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    ended = '📢 "Daftar Aset Daerah 2026" sudah dipublikasikan di kanal publik.'
    assert not any(text.startswith(ended) for text in office.pelaksana.texts())
    for someone in (office.utama, office.admin):
        assert sum(text.startswith(ended) for text in someone.texts()) == 1


# -- a hand-over to someone who blocked the bot ----------------------------------------------------


async def test_a_step_is_not_handed_to_someone_who_blocked_the_bot(office: Office) -> None:
    """Uli blocked the bot. Handing step 4 to her alone would take it from Umar, who can act, and
    give it to someone no card or reminder reaches: a silent dead end. She is not offered, and a
    forged (or old) button is refused saying why; nothing is assigned."""
    item_id, cycle_id = await cycle_at_review(office)
    office.utama2.block()
    await office.deliver()
    assert await office.db_value("SELECT blocked_at IS NOT NULL FROM users WHERE telegram_id = ?", office.utama2.id) == 1
    admin = office.admin
    await admin_card(office, item_id)
    admin.press_button("👤 Serahkan langkah")
    await office.deliver()
    assert [b["text"] for b in admin.buttons()] == ["Umar"]
    admin.press(admin.last_message(), f"cad:to:{cycle_id}:4:{office.utama2.id}")  # forged
    await office.deliver()
    assert popup(admin) == "Uli telah memblokir bot, jadi tidak akan menerima langkah ini; langkah tidak diserahkan."
    assert await office.db_value("SELECT assignee_id FROM update_cycles WHERE id = ?", cycle_id) is None
    assert await office.db_value("SELECT COUNT(*) FROM audit_log WHERE action = 'cycle.hand_over'") == 0
