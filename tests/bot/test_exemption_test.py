"""The consequence test (uji konsekuensi) through the sandbox: an exempt item registered with every
part, refusals of missing parts and of stale or forged buttons, /batal at a part, a review that
classifies a draft as dikecualikan with its test, and the card's period flagged once the office
clock passes its end."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
import re
from typing import Any

from bot.exemption import exempt_register, exempt_register_text
from bot.register import ValidationError, add_item, edit_item, item_card
from bot.workflow import WorkflowError
from tests.bot.cycle_helpers import Office, cycle_at_review, open_first_task, person
from handlers.reminders import run_sweep
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_JPEG

import pytest

WIB = timezone(timedelta(hours=7))
SUMMARY = "Laporan pengaduan masyarakat 2026"
CONSEQUENCE = "Identitas pelapor terbuka sehingga pelapor dapat diintimidasi oleh pihak yang dilaporkan."
PUBLIC_INTEREST = "Melindungi pelapor menjaga kepercayaan publik pada saluran pengaduan, lebih besar dari manfaat membukanya."
GROUNDS_ROWS = [
    "▫️ a. Penegakan hukum", "▫️ b. Kekayaan intelektual, persaingan usaha", "▫️ c. Pertahanan dan keamanan negara",
    "▫️ d. Kekayaan alam Indonesia", "▫️ e. Ketahanan ekonomi nasional", "▫️ f. Hubungan luar negeri",
    "▫️ g. Akta otentik pribadi, wasiat", "▫️ h. Rahasia pribadi", "▫️ i. Memorandum antar/intra Badan Publik",
    "▫️ j. Dilarang oleh undang-undang", "✔️ Selesai",
]


def plain(html: str) -> str:
    """A card as a person reads it (the tags gone)."""
    return re.sub(r"<[^>]+>", "", html)


def answers(**changes: Any) -> dict[str, Any]:
    """A complete consequence test as the chat collects it."""
    return {
        "part": "Nama dan alamat pelapor", "grounds": ["a", "h"], "consequence": CONSEQUENCE,
        "public_interest": PUBLIC_INTEREST, "until": "2031-11-30", "decider_name": "Umar",
        "decider_position": "PPID Utama", **changes,
    }


async def register_until_category(office: Office) -> None:
    rina = office.admin
    rina.send_command("/informasi")
    await office.deliver()
    rina.press_button("➕ Tambah informasi")
    await office.deliver()
    for answer in (SUMMARY,):
        rina.send_text(answer)
        await office.deliver()
    rina.press_button("Dinas Sosial")
    await office.deliver()
    for answer in ("Kepala Bidang Pengaduan", "Januari 2026, Kantor Dinas Sosial"):
        rina.send_text(answer)
        await office.deliver()
    rina.press_button("Dikecualikan")
    await office.deliver()


async def test_an_exempt_item_is_registered_with_every_part_of_the_test(office: Office) -> None:
    rina = office.admin
    await register_until_category(office)
    first = rina.last_text()
    assert first.startswith("🔒 Uji konsekuensi (UU 14/2008 Pasal 17, Perki 1/2021)")
    assert "Ketik bagian informasi yang dikecualikan" in first
    rina.send_text("Nama dan alamat pelapor")
    await office.deliver()
    assert "h. dapat mengungkap rahasia pribadi" in rina.last_text()
    assert [b["text"] for b in rina.buttons()] == GROUNDS_ROWS
    # "Selesai" with no letter is refused; letters toggle (h on, a on, h off, h on again).
    rina.press_button("✔️ Selesai")
    await office.deliver()
    assert rina.callback_answers[-1]["text"] == "Pilih minimal satu huruf Pasal 17 sebelum menekan Selesai."
    for label in ("▫️ h. Rahasia pribadi", "▫️ a. Penegakan hukum", "✅ h. Rahasia pribadi", "▫️ h. Rahasia pribadi"):
        rina.press_button(label)
        await office.deliver()
    assert rina.callback_answers[-1]["text"] == "Huruf h dipilih."  # every press is answered
    ticked = [b["text"] for b in rina.buttons() if b["text"].startswith("✅")]
    assert ticked == ["✅ a. Penegakan hukum", "✅ h. Rahasia pribadi"]
    rina.send_text("huruf a")  # text where the buttons are expected: the question again
    await office.deliver()
    assert rina.last_text().startswith("Mohon pilih dengan tombol di bawah ini")
    rina.press_button("✔️ Selesai")
    await office.deliver()
    assert "✔️ Dasar pengecualian: Pasal 17 huruf a, h" in rina.texts()
    assert rina.last_text().startswith("Ketik akibat bila informasi ini dibuka (minimal 30 karakter)")
    rina.send_text("Berbahaya")  # too short: asked again, nothing lost
    await office.deliver()
    assert rina.last_text().startswith("Akibat bila informasi dibuka terlalu pendek: minimal 30 karakter (sekarang 9).")
    rina.send_text(CONSEQUENCE)
    await office.deliver()
    assert rina.last_text().startswith("Ketik pertimbangan terhadap kepentingan publik")
    rina.send_text(PUBLIC_INTEREST)
    await office.deliver()
    assert rina.last_text().startswith("Ketik jangka waktu pengecualian")
    rina.send_text("40 tahun")
    await office.deliver()
    assert rina.last_text().startswith("Jangka waktu pengecualian paling lama 30 tahun")
    rina.send_text("01-01-2020")
    await office.deliver()
    assert rina.last_text().startswith("Tanggal berakhirnya pengecualian harus setelah hari ini.")
    rina.send_text("5 tahun")
    await office.deliver()
    assert rina.last_text().startswith("Ketik nama pejabat yang memutuskan")
    assert [b["text"] for b in rina.buttons()] == ["👤 Umar", "👤 Uli"]  # the PPID Utama, to choose from
    rina.press_button("👤 Uli")
    await office.deliver()
    assert "✔️ Pejabat yang memutuskan: Uli, PPID Utama" in rina.texts()
    assert rina.last_text() == "Pilih bentuk informasi yang tersedia:"
    rina.press_button("Hardcopy")
    await office.deliver()
    rina.send_text("Permanen")
    await office.deliver()
    draft = rina.last_text()
    for line in (
        "Dasar hukum pengecualian: UU 14/2008 Pasal 17 huruf a, h",
        "Bagian informasi yang dikecualikan: Nama dan alamat pelapor",
        f"Akibat bila informasi dibuka: {CONSEQUENCE}",
        "Masa pengecualian: sampai dengan 29 Nov 2031",
        "Nama pejabat yang memutuskan: Uli",
    ):
        assert line in draft
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0  # nothing before "Simpan"
    rina.press_button("Simpan")
    await office.deliver()
    row = await office.services.db.fetch_one("SELECT * FROM info_items")
    assert row is not None
    assert {k: row[k] for k in row.keys() if k.startswith("exempt_") or k in ("category", "legal_basis")} == {
        "category": "dikecualikan",
        "legal_basis": "UU 14/2008 Pasal 17 huruf a, h",
        "exempt_part": "Nama dan alamat pelapor",
        "exempt_grounds": "a,h",
        "exempt_consequence": CONSEQUENCE,
        "exempt_public_interest": PUBLIC_INTEREST,
        "exempt_until": "2031-11-29",  # five years from the office's today, 30 Nov 2026: its last day
        "exempt_decider_name": "Uli",
        "exempt_decider_position": "PPID Utama",
        "exempt_decided_at": "2026-11-30T02:00:00Z",
    }
    # The card (the last message that is not a document: the decision's files follow it).
    card = next(m["text"] for m in reversed(rina.messages()) if "document" not in m)
    assert "Masa pengecualian: sampai dengan 29 Nov 2031" in card and "Diputuskan oleh: Uli, PPID Utama" in card
    entry, decision = await office.services.audit.entries(office.services.db, entity_type="item")
    assert entry.action == "item.add" and decision.action == "exemption.decision"
    assert entry.action == "item.add" and entry.details["exemption"]["grounds"] == ["a", "h"]
    # The Daftar Informasi yang Dikecualikan, for the export and the site.
    (listed,) = await exempt_register(office.services)
    assert (listed.summary, listed.grounds, listed.until, listed.ended) == (SUMMARY, ("a", "h"), date(2031, 11, 29), False)


async def test_batal_at_a_part_leaves_nothing_and_old_buttons_are_stale(office: Office) -> None:
    rina = office.admin
    await register_until_category(office)
    rina.send_text("Nama dan alamat pelapor")
    await office.deliver()
    grounds_message = rina.last_message()
    old_toggle = rina.buttons()[0]["callback_data"]
    token = old_toggle.split(":")[2]
    # A forged letter and a forged token change nothing.
    for forged in (f"ex:g:{token}:z", "ex:g:00000000:a", f"ex:ok:{token}x"):
        rina.press(grounds_message, forged)
        await office.deliver()
        assert rina.callback_answers[-1]["text"].startswith("Tombol ini sudah tidak berlaku.")
    assert [b["text"] for b in rina.buttons() if b["text"].startswith("✅")] == []
    rina.send_command("/batal")
    await office.deliver()
    assert rina.last_text().startswith("Dibatalkan. Tidak ada yang berubah.")
    rina.press(grounds_message, old_toggle)  # the old letter after /batal
    await office.deliver()
    assert rina.callback_answers[-1]["text"].startswith("Tombol ini sudah tidak berlaku.")
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0


async def test_a_file_where_text_is_asked_is_refused_and_every_choosing_press_is_answered(office: Office) -> None:
    rina = office.admin
    await register_until_category(office)
    question = rina.last_text()
    rina.send_photo(MINIMAL_JPEG, caption="Nama dan alamat pelapor")  # a caption is not the typed answer
    await office.deliver()
    assert rina.last_text().startswith("Mohon ketik jawabannya sebagai teks, atau ketik /batal untuk membatalkan.")
    assert question.split("\n\n")[-1] in rina.last_text()  # the same part asked again
    rina.send_text("Nama dan alamat pelapor")
    await office.deliver()
    rina.press_button("▫️ h. Rahasia pribadi")
    await office.deliver()
    pressed = len(rina.callback_answers)
    rina.press_button("✔️ Selesai")
    await office.deliver()
    assert len(rina.callback_answers) == pressed + 1 and not rina.callback_answers[-1].get("show_alert")
    assert rina.last_text().startswith("Ketik akibat bila informasi ini dibuka")
    rina.send_document(b"%PDF-1.4 akibat", "akibat.pdf")
    await office.deliver()
    assert rina.last_text().startswith("Mohon ketik jawabannya sebagai teks")
    assert "Ketik akibat bila informasi ini dibuka" in rina.last_text()
    for answer in (CONSEQUENCE, PUBLIC_INTEREST, "5 tahun"):
        rina.send_text(answer)
        await office.deliver()
    pressed = len(rina.callback_answers)
    rina.press_button("👤 Umar")  # the last part: answered once, by what the flow does next
    await office.deliver()
    assert len(rina.callback_answers) == pressed + 1
    assert "✔️ Pejabat yang memutuskan: Umar, PPID Utama" in rina.texts()
    assert rina.last_text() == "Pilih bentuk informasi yang tersedia:"


async def test_an_exemption_without_every_part_is_refused_by_the_register_and_the_workflow(office: Office) -> None:
    services = office.services
    draft = {
        "summary": SUMMARY, "unit_id": office.unit_id, "responsible": "Kepala Bidang", "made_time_place": "2026",
        "form": "soft", "retention": "5 tahun", "category": "dikecualikan", "period": None,
        "legal_basis": "UU 14/2008 Pasal 17 huruf h",
    }
    with pytest.raises(ValidationError) as refused:
        await add_item(services, ADMIN_ID, draft)  # a legal basis alone, as before issue 17
    assert refused.value.text("id").startswith("Uji konsekuensi belum lengkap: Bagian informasi yang dikecualikan,")
    incomplete = answers()
    del incomplete["public_interest"]
    with pytest.raises(ValidationError) as refused:
        await add_item(services, ADMIN_ID, {**draft, "exemption": incomplete})
    assert refused.value.text("id") == (
        "Uji konsekuensi belum lengkap: Pertimbangan terhadap kepentingan publik belum diisi. "
        "Informasi tidak dapat dikecualikan tanpa uji konsekuensi yang lengkap."
    )
    with pytest.raises(ValidationError):
        await add_item(services, ADMIN_ID, {**draft, "exemption": answers(consequence="pendek")})
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0
    item_id = await office.add_item("Daftar aset", category="setiap_saat", period=None)
    with pytest.raises(ValidationError):
        await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf h")
    assert await office.db_value("SELECT category FROM info_items WHERE id = ?", item_id) == "setiap_saat"
    _, cycle_id = await cycle_at_review(office)
    umar = await person(office, office.utama.id)
    with pytest.raises(WorkflowError) as stopped:
        await services.workflow.recategorise(umar, cycle_id, 1, "dikecualikan", exemption=answers(until=""))
    assert stopped.value.key == "ex_err_incomplete"
    assert await office.db_value("SELECT COUNT(*) FROM reviews") == 0
    assert await office.db_value("SELECT COUNT(*) FROM info_items WHERE category = 'dikecualikan'") == 0


async def test_review_classifies_as_dikecualikan_with_the_test_then_approves(office: Office) -> None:
    item_id, cycle_id = await cycle_at_review(office)
    umar = office.utama
    await open_first_task(office, umar)
    umar.press_button("🏷️ Ubah kategori")
    await office.deliver()
    umar.press_button("Dikecualikan")
    await office.deliver()
    assert umar.last_text().startswith("🔒 Uji konsekuensi")
    umar.send_text("Lampiran 3: lokasi aset strategis")
    await office.deliver()
    umar.press_button("▫️ c. Pertahanan dan keamanan negara")
    await office.deliver()
    umar.press_button("✔️ Selesai")
    await office.deliver()
    umar.send_text(CONSEQUENCE)
    await office.deliver()
    umar.send_text(PUBLIC_INTEREST)
    await office.deliver()
    umar.send_text("31-12-2030")
    await office.deliver()
    assert [b["text"] for b in umar.buttons()] == ["👤 Umar", "👤 Uli"]  # the acting PPID Utama first
    umar.send_text("Drs. Umar Said, M.Si.")  # typed instead: the position is asked next
    await office.deliver()
    assert umar.last_text().startswith("Ketik jabatan Drs. Umar Said, M.Si.")
    assert await office.db_value("SELECT category FROM info_items WHERE id = ?", item_id) == "berkala"
    umar.send_text("PPID Utama, Sekretaris Daerah")
    await office.deliver()
    assert umar.last_text() == "🏷️ Kategori diubah menjadi Dikecualikan. Silakan setujui atau kembalikan draf."
    # The decision document came just before it (after the commit), the review's buttons below it.
    decision = [m for m in umar.messages() if "document" in m][-1]
    assert decision["caption"].startswith("📜 Keputusan PPID nomor 001/KEP-PPID/2026 tentang Penetapan Informasi")
    row = await office.services.db.fetch_one(
        "SELECT category, legal_basis, exempt_grounds, exempt_until, exempt_decider_name, exempt_decider_position"
        " FROM info_items WHERE id = ?", (item_id,),
    )
    assert tuple(row) == (
        "dikecualikan", "UU 14/2008 Pasal 17 huruf c", "c", "2030-12-31", "Drs. Umar Said, M.Si.", "PPID Utama, Sekretaris Daerah",
    )
    review = await office.services.db.fetch_one("SELECT decision, category, legal_basis FROM reviews")
    assert tuple(review) == ("recategorised", "dikecualikan", "UU 14/2008 Pasal 17 huruf c")
    (audit,) = [e for e in await office.services.audit.entries(office.services.db) if e.action == "review.recategorise"]
    assert audit.details["exemption"]["until"] == "2030-12-31"
    umar.press_button("✅ Setujui")
    await office.deliver()
    assert umar.last_text() == "✅ Draf disetujui sebagai informasi dikecualikan: tidak dipublikasikan. Siklus ditutup."
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "cancelled"
    assert office.channel.posts() == []


async def test_the_card_shows_the_period_and_flags_it_once_the_office_clock_passes_it(office: Office) -> None:
    services = office.services
    item_id = await office.add_item("Daftar aset", category="setiap_saat", period=None)
    change = await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=answers(until="2027-01-15"))
    calendar = services.calendar

    def card() -> str:
        return plain(item_card(change.item, "Dinas Sosial", calendar, now=services.clock.now(), admin=True))

    assert "Masa pengecualian: sampai dengan 15 Jan 2027" in card()
    assert "uji ulang diperlukan" not in card()
    office.clock.set(calendar.at_local(date(2027, 1, 15), time(23, 0)))  # its last day: still exempt
    assert "uji ulang diperlukan" not in card()
    office.clock.advance(timedelta(days=1))  # 16 Jan 2027: the exemption has ended
    assert "⚠️ masa pengecualian berakhir pada 15 Jan 2027: uji ulang diperlukan" in card()
    (listed,) = await exempt_register(services)
    assert listed.ended
    assert plain("\n".join(exempt_register_text([listed], calendar))) == (
        "🔒 Daftar Informasi yang Dikecualikan (1)\n#1 Daftar aset (Dinas Sosial)\nDasar: UU 14/2008 Pasal 17 huruf a, h. "
        "⚠️ masa pengecualian berakhir pada 15 Jan 2027: uji ulang diperlukan."
    )
    # An item exempted before the test existed: only its legal basis, flagged to admins alone.
    async with services.db.transaction() as conn:
        await services.items.set_category(conn, item_id, "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf h")
    old = await services.items.get(item_id)
    assert old is not None and old.exemption is None
    assert "uji konsekuensi belum lengkap" in item_card(old, "Dinas Sosial", calendar, admin=True)
    assert "uji konsekuensi belum lengkap" not in item_card(old, "Dinas Sosial", calendar)


async def test_the_admins_are_told_once_when_an_exemption_period_ends(office: Office) -> None:
    services = office.services
    item_id = await office.add_item("Daftar aset strategis", category="setiap_saat", period=None)
    await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=answers(until="2027-01-15"))

    async def sweep_at(moment: datetime) -> int:
        office.clock.set(moment)
        return await run_sweep(office.app)

    def told(someone: Any) -> list[str]:
        return [text for text in someone.texts() if "Masa pengecualian berakhir" in text]

    assert await sweep_at(datetime(2027, 1, 14, 9, tzinfo=WIB)) == 0  # the day before: nothing
    assert await sweep_at(datetime(2027, 1, 15, 16, tzinfo=WIB)) == 0  # its last day: still exempt
    await sweep_at(datetime(2027, 1, 18, 9, tzinfo=WIB))  # Monday, the first working day after it
    assert told(office.admin) == [
        "🔔 Pengingat (1):\n\n⏰ Masa pengecualian berakhir: Daftar aset strategis (berlaku sampai dengan 15 Jan 2027 23.59 WIB). "
        "Uji ulang diperlukan: uji konsekuensi lagi lewat ✏️ Ubah di /informasi, atau ubah kategorinya."
    ]
    assert told(office.operator) == [] and told(office.utama) == []
    await sweep_at(datetime(2027, 1, 19, 9, tzinfo=WIB))  # the next working day: not again
    assert len(told(office.admin)) == 1
    # Re-tested with a new period: told again once that one ends.
    await edit_item(services, ADMIN_ID, item_id, "legal_basis", None, exemption=answers(until="2028-01-14"))
    await sweep_at(datetime(2028, 1, 14, 10, tzinfo=WIB))
    assert len(told(office.admin)) == 1
    await sweep_at(datetime(2028, 1, 17, 10, tzinfo=WIB))
    assert len(told(office.admin)) == 2


async def test_an_old_exempt_item_is_re_tested_through_the_edit_and_a_forged_decider_is_refused(office: Office) -> None:
    services = office.services
    item_id = await office.add_item("Data pelapor gratifikasi", category="setiap_saat", period=None)
    async with services.db.transaction() as conn:  # classified before issue 17: a legal basis alone
        await services.items.set_category(conn, item_id, "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf h")
    rina = office.admin
    rina.send_command("/informasi")
    await office.deliver()
    for label in ("1. Data pelapor gratifikasi", "✏️ Ubah", "Dasar hukum pengecualian"):
        rina.press_button(label)
        await office.deliver()
    assert rina.last_text().startswith("🔒 Uji konsekuensi")
    sample = answers()
    rina.send_text(sample["part"])
    await office.deliver()
    rina.press_button("▫️ h. Rahasia pribadi")
    await office.deliver()
    rina.press_button("✔️ Selesai")
    await office.deliver()
    for text in (CONSEQUENCE, PUBLIC_INTEREST, "31-12-2030"):
        rina.send_text(text)
        await office.deliver()
    token = rina.buttons()[0]["callback_data"].split(":")[2]
    question = rina.last_message()
    rina.press(question, f"ex:d:{token}:720001")  # the operator: not a PPID Utama
    await office.deliver()
    assert rina.callback_answers[-1]["text"] == "Orang itu kini bukan PPID Utama. Ketik nama pejabat yang memutuskan."
    async with services.db.transaction() as conn:  # Umar's role is revoked after his button was shown
        await services.users.revoke_role(conn, telegram_id=office.utama.id, role="utama", revoked_by=ADMIN_ID)
    rina.press_button("👤 Umar")
    await office.deliver()
    assert rina.callback_answers[-1]["text"] == "Orang itu kini bukan PPID Utama. Ketik nama pejabat yang memutuskan."
    assert await office.db_value("SELECT exempt_grounds FROM info_items WHERE id = ?", item_id) is None
    rina.press_button("👤 Uli")
    await office.deliver()
    card = next(m["text"] for m in reversed(rina.messages()) if "document" not in m)  # the decision follows it
    assert card.startswith("✅ Dasar hukum pengecualian diperbarui.")
    assert "Diputuskan oleh: Uli, PPID Utama" in card
    row = await services.db.fetch_one(
        "SELECT legal_basis, exempt_grounds, exempt_until, exempt_decider_name FROM info_items WHERE id = ?", (item_id,)
    )
    assert tuple(row) == ("UU 14/2008 Pasal 17 huruf h", "h", "2030-12-31", "Uli")
    (entry,) = [e for e in await services.audit.entries(services.db, entity_type="item") if e.action == "item.edit"]
    assert entry.details["field"] == "legal_basis" and entry.details["exemption"]["decider_name"] == "Uli"


async def test_the_card_in_chat_flags_an_ended_period_and_an_old_exemption_to_the_admin(office: Office) -> None:
    """The card an admin opens from /informasi carries the flag (the office clock) and, for an
    exemption from before the consequence test, that the test is not complete."""
    services = office.services
    item_id = await office.add_item("Daftar aset", category="setiap_saat", period=None)
    await edit_item(services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=answers(until="2027-01-15"))

    async def card_text() -> str:
        office.admin.send_command("/informasi")
        await office.deliver()
        await office.press_on_last(office.admin, f"dip:v:{item_id}")
        return office.admin.last_text() or ""

    assert "uji ulang diperlukan" not in await card_text()
    office.clock.set(services.calendar.at_local(date(2027, 1, 16), time(9, 0)))
    assert "⚠️ masa pengecualian berakhir pada 15 Jan 2027: uji ulang diperlukan" in await card_text()
    async with services.db.transaction() as conn:
        await services.items.set_category(conn, item_id, "dikecualikan", legal_basis="UU 14/2008 Pasal 17 huruf h")
    assert "uji konsekuensi belum lengkap" in await card_text()
