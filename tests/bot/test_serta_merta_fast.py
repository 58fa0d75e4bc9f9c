"""`/sertamerta`: serta merta information from the command to the channel post without delay.

A short form registers the item and records steps 1 to 3; PPID Utama approves the whole
announcement; the operator posts it with one press. Every SOP step is in /riwayat with its time.
"""

from __future__ import annotations

import json

from bot.demo import SERTA_MERTA_ANSWERS
from bot.register import edit_item
from bot.sandbox import SimUser
from handlers.serta_merta_buttons import SmFix
from tests.bot.cycle_helpers import OPERATOR_ID, UTAMA_ID, Office
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF, MINIMAL_PNG
from tests.exemption_sample import exemption

TITLE = "Peringatan dini banjir Kota Pontianak"
ANSWERS = list(SERTA_MERTA_ANSWERS)
TAP_BUDGET = 6  # from /sertamerta to the channel post (issue 15): button presses and commands


class Taps:
    """Counts what the issue counts: button presses and commands (typed texts and files are not)."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.count = 0

    async def command(self, person: SimUser, command: str, *args: str) -> None:
        self.count += 1
        person.send_command(command, *args)
        await self.office.deliver()

    async def press(self, person: SimUser, label: str) -> None:
        self.count += 1
        person.press_button(label)
        await self.office.deliver()


async def say(office: Office, person: SimUser, text: str) -> None:
    person.send_text(text)
    await office.deliver()


async def fill_form(office: Office, taps: Taps, person: SimUser, *, letter: bool = False, photo: bool = False) -> None:
    """Through the chat: the form up to "Kirim ke PPID Utama" pressed."""
    await taps.command(person, "/sertamerta")
    await say(office, person, TITLE)
    await taps.press(person, "Dinas Sosial")
    if letter:
        person.send_document(MINIMAL_PDF, "surat_koordinasi.pdf")
        await office.deliver()
        assert "Surat koordinasi diterima: surat_koordinasi.pdf" in "\n".join(person.texts()[-3:])
    else:
        await taps.press(person, "📞 Lewat telepon")
    for answer in ANSWERS:
        await say(office, person, answer)
    preview = person.last_text() or ""
    assert preview.startswith(f"⚠️ PENGUMUMAN SERTA MERTA\n{TITLE}")
    if photo:
        person.send_photo(MINIMAL_PNG)
        await office.deliver()
        assert "Pengumuman akan diposting dengan 1 berkas." in (person.last_text() or "")
    await taps.press(person, "✅ Kirim ke PPID Utama")


async def history_text(office: Office, person: SimUser, item_id: int) -> str:
    before = len(person.messages())
    person.send_command("/riwayat", str(item_id))
    await office.deliver()
    return "\n".join(person.texts()[before:])


async def test_sertamerta_posts_within_the_tap_budget_with_every_step_recorded(office: Office) -> None:
    oki, umar = office.operator, office.utama
    taps = Taps(office)
    await fill_form(office, taps, oki)
    assert oki.last_text() == (
        f"📤 \"{TITLE}\" terdaftar di DIP sebagai informasi serta merta; pengumuman versi 1 (teks saja, tanpa"
        " lampiran) terkirim ke PPID Utama untuk diverifikasi."
    )
    card = umar.last_text() or ""  # the existing review card, with the whole announcement at once
    assert card.startswith(f"Verifikasi draf {TITLE} (versi 1, dari Oki) paling lambat Senin, 30 Nov 2026 pukul")
    assert all(answer in card for answer in ANSWERS)
    assert [button["text"] for button in umar.buttons()][:2] == ["✅ Setujui", "↩️ Kembalikan"]
    await taps.press(umar, "✅ Setujui")
    # The operator gets the post as it will go out, with "Ya, kirim" (steps 5 to 7 in one press).
    assert oki.texts()[-2].startswith(f"⚠️ PENGUMUMAN SERTA MERTA\n{TITLE}")
    assert oki.last_text().startswith(f"👀 Pratinjau publikasi \"{TITLE}\"")
    assert "• (tidak ada: pengumuman diposting sebagai teks saja)" in oki.last_text()
    await taps.press(oki, "✅ Ya, kirim")
    assert oki.last_text() == "📢 Dipublikasikan di kanal publik."
    assert taps.count <= TAP_BUDGET, taps.count

    posts = office.channel.posts()
    assert len(posts) == 1  # text only: no file was attached
    assert posts[0]["text"].startswith(f"⚠️ PENGUMUMAN SERTA MERTA\n{TITLE}")
    assert all(answer in posts[0]["text"] for answer in ANSWERS)
    assert "photo" not in posts[0] and "document" not in posts[0]

    item = await office.services.db.fetch_one("SELECT id, category, status FROM info_items WHERE summary = ?", (TITLE,))
    assert item is not None and (item["category"], item["status"]) == ("serta_merta", "active")
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE item_id = ? AND state = 'published'", item["id"])
    rows = await office.services.db.fetch_all(
        "SELECT step_no, action, actor_id FROM step_events WHERE cycle_id = ? ORDER BY id", (cycle_id,)
    )
    assert [(row["step_no"], row["action"]) for row in rows] == [
        (1, "serta_merta_started"), (2, "coordination_by_phone"), (3, "draft_submitted"), (4, "draft_approved"),
        (5, "publication_coordinated"), (6, "data_refresh_not_applicable"), (7, "published"),
    ]
    assert [row["actor_id"] for row in rows] == [OPERATOR_ID] * 3 + [UTAMA_ID, OPERATOR_ID, None, OPERATOR_ID]
    audit = await office.services.db.fetch_all(
        "SELECT action FROM audit_log WHERE entity_type = 'cycle' AND entity_id = ? ORDER BY id", (str(cycle_id),)
    )
    assert [row["action"] for row in audit] == [
        "serta_merta.start", "review.approve", "publication.coordinate", "publication.publish",
    ]

    history = await history_text(office, oki, item["id"])
    for step in range(1, 8):
        assert f"Langkah {step} " in history, step
    assert "dikoordinasikan lewat telepon (tanpa surat koordinasi)" in history
    assert "informasi serta merta didaftarkan di DIP dan siklus dibuka (/sertamerta)" in history
    assert history.count("Oki (Operator PPID)") == 5  # steps 1, 2, 3, 5 and 7
    assert "Waktu: 30 Nov 2026 09.00 WIB" in history


async def test_coordination_by_phone_records_who_and_when(office: Office) -> None:
    oki = office.operator
    await fill_form(office, Taps(office), oki)
    assert "📞 Dicatat: koordinasi lewat telepon oleh Oki, 30 Nov 2026 09.00 WIB." in oki.texts()
    event = await office.services.db.fetch_one(
        "SELECT actor_id, at, kelengkapan, note FROM step_events WHERE step_no = 2 AND action = 'coordination_by_phone'"
    )
    assert event is not None and event["actor_id"] == OPERATOR_ID and event["at"] == "2026-11-30T02:00:00Z"
    assert json.loads(event["note"])["means"] == "phone" and event["kelengkapan"] is None
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'coordination_letter'") == 0


async def test_a_coordination_letter_is_recorded_at_step_two(office: Office) -> None:
    oki = office.operator
    taps = Taps(office)
    await fill_form(office, taps, oki, letter=True)
    event = await office.services.db.fetch_one("SELECT action, kelengkapan FROM step_events WHERE step_no = 2")
    assert event is not None and event["action"] == "coordination_sent"
    assert event["kelengkapan"] == "Surat Koordinasi: surat_koordinasi.pdf"
    assert await office.db_value("SELECT original_name FROM documents WHERE kind = 'coordination_letter'") == "surat_koordinasi.pdf"
    assert taps.count == 3  # the letter is a file sent, not a tap


async def test_a_return_then_the_starter_fixes_it(office: Office) -> None:
    oki, umar = office.operator, office.utama
    await fill_form(office, Taps(office), oki, photo=True)
    umar.press_button("↩️ Kembalikan")
    await office.deliver()
    await say(office, umar, "Tempat evakuasi sudah penuh, sebutkan yang lain")
    assert oki.last_text().startswith(f"↩️ Pengumuman serta merta \"{TITLE}\" (versi 1) dikembalikan oleh PPID Utama.")
    assert "Alasan: Tempat evakuasi sudah penuh, sebutkan yang lain" in oki.last_text()
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE state = 'open'")
    uli = office.utama2  # not the one who started it: a forged "Perbaiki" changes nothing
    uli.press(uli.last_message(), SmFix(cycle_id).pack())
    await office.deliver()
    assert uli.last_callback_answer()["text"].startswith("Pengumuman ini dimulai oleh petugas lain")
    oki.press_button("✏️ Perbaiki pengumuman")
    await office.deliver()
    assert "Lampiran versi sebelumnya ikut dikirim lagi (1 berkas)" in oki.texts()[-2]
    oki.press_button("✏️ Ubah unsur")
    await office.deliver()
    oki.press_button("3/8. Prosedur dan tempat evakuasi?")
    await office.deliver()
    await say(office, oki, "Mengungsi ke GOR Pangsuma")
    oki.press_button("✅ Kirim ke PPID Utama")
    await office.deliver()
    assert oki.last_text() == "📤 Pengumuman versi 2 (1 berkas) terkirim lagi ke PPID Utama untuk diverifikasi."
    card = umar.last_text() or ""
    assert card.startswith(f"Verifikasi draf {TITLE} (versi 2, dari Oki) paling lambat")
    assert "Mengungsi ke GOR Pangsuma" in card and ANSWERS[2] not in card
    umar.press_button("✅ Setujui")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")
    await office.deliver()

    posts = office.channel.posts()
    assert "Mengungsi ke GOR Pangsuma" in posts[0]["text"] and "photo" in posts[1]
    assert await office.db_value("SELECT state FROM update_cycles WHERE id = ?", cycle_id) == "published"
    assert await office.db_value(
        "SELECT COUNT(*) FROM step_events WHERE cycle_id = ? AND action = 'draft_submitted'", cycle_id
    ) == 2
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft' AND version = 2") == 1


async def test_someone_without_the_role_is_refused(office: Office) -> None:
    putri = office.pelaksana
    putri.send_command("/sertamerta")
    await office.deliver()
    assert putri.last_text() == (
        "Informasi serta merta dimulai oleh Operator PPID, PPID Utama atau Admin PPID. Peran Bapak/Ibu tidak termasuk."
    )
    putri.send_text(TITLE)  # no form was opened: the title goes nowhere
    await office.deliver()
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0


async def test_a_role_taken_away_mid_form_registers_nothing(office: Office) -> None:
    oki = office.operator
    async with office.services.db.transaction() as conn:  # Oki keeps a role: the access gate lets him in
        await office.services.users.grant_role(conn, telegram_id=OPERATOR_ID, role="pelaksana", unit_id=office.unit_id)
    taps = Taps(office)
    await taps.command(oki, "/sertamerta")
    await say(office, oki, TITLE)
    await taps.press(oki, "Dinas Sosial")
    await taps.press(oki, "📞 Lewat telepon")
    for answer in ANSWERS:
        await say(office, oki, answer)
    async with office.services.db.transaction() as conn:
        await office.services.users.revoke_role(conn, telegram_id=OPERATOR_ID, role="operator", unit_id=None)
    oki.press_button("✅ Kirim ke PPID Utama")
    await office.deliver()
    assert oki.last_callback_answer()["text"].startswith("Informasi serta merta dimulai oleh Operator PPID")
    assert await office.db_value("SELECT COUNT(*) FROM info_items") == 0
    assert await office.db_value("SELECT COUNT(*) FROM update_cycles") == 0


async def test_exempt_after_approval_nothing_goes_public(office: Office) -> None:
    """The register makes it dikecualikan while the one-press preview waits: "Ya, kirim" posts nothing."""
    oki, umar = office.operator, office.utama
    await fill_form(office, Taps(office), oki)
    umar.press_button("✅ Setujui")
    await office.deliver()
    item_id = await office.db_value("SELECT id FROM info_items WHERE summary = ?", TITLE)
    change = await edit_item(
        office.services, ADMIN_ID, item_id, "category", "dikecualikan",
        exemption=exemption(("b",)),
    )
    assert change.ended_cycle is not None
    oki.press_button("✅ Ya, kirim")
    await office.deliver()
    assert office.channel.posts() == []
    assert await office.db_value("SELECT COUNT(*) FROM publications") == 0
    assert await office.db_value("SELECT COUNT(*) FROM step_events WHERE action = 'published'") == 0


async def test_a_ppid_utama_who_started_it_does_not_verify_it_while_another_can(office: Office) -> None:
    """Four eyes: the announcement has no file to mark its author, so the one who sent it is the
    author; another PPID Utama verifies it, and the starter's own approval is refused."""
    umar, uli = office.utama, office.utama2
    await fill_form(office, Taps(office), umar)
    assert not any(text.startswith("Verifikasi draf") for text in umar.texts())  # no card for the author
    cycle_id = await office.db_value("SELECT id FROM update_cycles WHERE state = 'open'")
    umar.press(umar.messages()[-1], f"rv:ok:{cycle_id}:1")  # as from /tugas or an old card
    await office.deliver()
    assert umar.last_callback_answer()["text"].startswith("Bapak/Ibu tidak dapat memverifikasi draf")
    assert await office.db_value("SELECT COUNT(*) FROM reviews WHERE cycle_id = ?", cycle_id) == 0
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4
    assert (uli.last_text() or "").startswith(f"Verifikasi draf {TITLE} (versi 1, dari Umar) paling lambat")
    uli.press_button("✅ Setujui")
    await office.deliver()
    assert await office.db_value("SELECT reviewer_id FROM reviews WHERE cycle_id = ?", cycle_id) == uli.id
