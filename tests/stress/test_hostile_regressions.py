"""Bugs found by the hostile-input properties (test_hostile_input.py), one plain test each.

Every bug below is fixed; each test stays as a regression test ("Was: ..." says what the bug was).
A bug found later goes here as a strict xfail while it is open: fixing it makes the test pass,
strict xfail then fails the suite, and the fix removes the marker (with any predicate in
`test_hostile_input` that kept the property tests away from the known inputs meanwhile).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.texts import TEXTS
from tests.bot import cycle_helpers
from tests.bot.cycle_helpers import Office, build_office, cycle_at_review
from tests.samples import MINIMAL_PDF

GENERIC_ERROR = TEXTS["error_generic"]["id"]
WATCHED = ("units", "info_items", "update_cycles", "reviews", "step_events", "audit_log")


class Errors(logging.Handler):
    """Every ERROR record (the error handler logs each unhandled exception at ERROR)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def office(make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Office]:
    monkeypatch.setattr(cycle_helpers, "build_application", functools.partial(build_application, rate_limiter=False))
    office = await build_office(make_settings())
    for someone in (office.admin, office.operator, office.pelaksana, office.utama):
        someone.send_command("/start")
    await office.deliver()
    try:
        yield office
    finally:
        await office.app.shutdown()


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)


async def snapshot(office: Office) -> list[list[tuple[object, ...]]]:
    db = office.services.db
    return [[tuple(row) for row in await db.fetch_all(f"SELECT * FROM {table} ORDER BY rowid")] for table in WATCHED]


async def press(office: Office, someone: object, data: str) -> None:
    someone.press(someone.last_message(), data)  # type: ignore[attr-defined]
    await office.deliver()


async def typing_reason(office: Office) -> int:
    """PPID Utama pressed "Kembalikan" on a draft at review; returns the cycle id."""
    _, cycle_id = await cycle_at_review(office)
    await press(office, office.utama, f"rv:ret:{cycle_id}:1")
    assert office.utama.last_text() == TEXTS["return_reason_prompt"]["id"]
    return cycle_id


async def typing_legal_basis(office: Office) -> tuple[int, int]:
    """PPID Utama chose "Dikecualikan" for a draft at review; returns the item and cycle ids."""
    item_id, cycle_id = await cycle_at_review(office)
    await press(office, office.utama, f"rv:cat:{cycle_id}:1")
    await press(office, office.utama, f"rv:c:{cycle_id}:1:dikecualikan")
    assert office.utama.last_text().startswith("🔒 Uji konsekuensi")  # its first part: typed
    return item_id, cycle_id


# -- fixed ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["99999999999999999999", "²", "١٢", "-1", "1e3"])
async def test_riwayat_with_a_huge_or_unicode_number(office: Office, errors: Errors, argument: str) -> None:
    """Was: `isdigit()` then `int()`: '²' raised ValueError, 20 digits OverflowError in SQLite."""
    office.admin.send_command("/riwayat", argument)
    await office.deliver()
    assert not errors.records
    assert office.admin.last_text() == "Informasi itu tidak ditemukan."


async def test_a_very_long_return_reason_is_refused_and_screens_still_show(office: Office, errors: Errors) -> None:
    """Was: no maximum; quoting a 4080-character reason broke the confirmation (after the draft was
    returned) and dropped the PPID Pelaksana's notice; ~3400 characters broke their step card."""
    cycle_id = await typing_reason(office)
    umar, putri = office.utama, office.pelaksana
    before = await snapshot(office)
    umar.send_text("Lampiran tabel tidak lengkap. " * 136)  # 4080 characters: one Telegram message
    await office.deliver()
    assert umar.last_text().startswith("Alasan terlalu panjang (paling banyak 1000 huruf).")
    assert await snapshot(office) == before
    umar.send_text(("Lampiran tabel tidak lengkap. " * 40)[:1000])  # the longest reason allowed
    await office.deliver()
    assert umar.last_text().startswith("↩️ Draf versi 1 dikembalikan")
    assert "Lampiran tabel tidak lengkap." in putri.last_text()
    await press(office, putri, f"tsk:{cycle_id}")
    assert putri.last_text().startswith("Unggah draf Daftar Aset Daerah 2026 paling lambat")
    assert "Dikembalikan dengan alasan: Lampiran tabel tidak lengkap." in putri.last_text()
    assert not errors.records


async def test_a_very_long_consequence_test_is_refused_and_the_card_still_shows(office: Office, errors: Errors) -> None:
    """Was (as the legal basis): the review's typed exemption had no maximum, and a 4000-character
    one made the item's card longer than 4096. Each part of the consequence test has its maximum;
    the longest test allowed still leaves a card /informasi can show."""
    item_id, _ = await typing_legal_basis(office)
    umar, rina = office.utama, office.admin
    before = await snapshot(office)
    umar.send_text("Lampiran daftar nama penerima. " * 130)
    await office.deliver()
    assert umar.last_text().startswith("Bagian informasi yang dikecualikan terlalu panjang: maksimal 500 karakter")
    assert await snapshot(office) == before
    umar.send_text(("Lampiran daftar nama penerima. " * 20)[:500])
    await office.deliver()
    await press(office, umar, next(b["callback_data"] for b in umar.buttons() if "b. " in b["text"]))
    await press(office, umar, umar.buttons()[-1]["callback_data"])  # Selesai
    for text in (("Akibat yang panjang. " * 100)[:2000], ("Kepentingan publik. " * 100)[:2000], "30 tahun",
                 ("Nama " * 40)[:200], ("Jabatan " * 30)[:200]):
        umar.send_text(text)
        await office.deliver()
    assert umar.last_text().startswith("🏷️ Kategori diubah menjadi Dikecualikan.")
    await press(office, rina, f"dip:v:{item_id}")
    assert f"Informasi #{item_id}" in rina.last_text()
    assert not errors.records


@pytest.mark.parametrize("where", ["unit name", "return reason", "exemption part"])
async def test_typed_text_of_nul_characters_is_refused_cleanly(
    office: Office, errors: Errors, where: str
) -> None:
    """Was: '\\x00' passed Python's checks (str.split() keeps it) but not SQLite's CHECK, whose
    length() stops at NUL: IntegrityError, and the generic error message."""
    rina, umar = office.admin, office.utama
    if where == "unit name":
        someone, text = rina, "\x00"
        rina.send_command("/unit")
        await office.deliver()
        await press(office, rina, "unit:add")
        await press(office, rina, "unit:kind:opd")
    elif where == "return reason":
        await typing_reason(office)
        someone, text = umar, "\x00" * 6
    else:
        await typing_legal_basis(office)
        someone, text = umar, "\x00" * 12  # the part exempted
    before = await snapshot(office)
    someone.send_text(text)
    await office.deliver()
    assert not errors.records
    assert GENERIC_ERROR not in someone.texts()
    assert await snapshot(office) == before


@pytest.mark.parametrize("pressed", ["dip:add", "stf:offok:720001", "co:up:1", "dr:up:1", "rv:ret:1:7"])
async def test_a_refused_button_of_another_flow_keeps_the_step_in_progress(
    office: Office, errors: Errors, pressed: str
) -> None:
    """Was: entering a flow ended the person's other flows before the press was checked, and a
    refused cycle button returned END: PPID Utama tapping a forged or stale button lost the
    reason they were about to type."""
    await typing_reason(office)
    umar = office.utama
    await press(office, umar, pressed)
    assert umar.last_callback_answer()["text"]  # refused, with a reason
    umar.send_text("Tabel realisasi belum diisi.")
    await office.deliver()
    assert not errors.records
    assert umar.last_text().startswith("↩️ Draf versi 1 dikembalikan")


@pytest.mark.parametrize("flow", ["review", "register", "unit"])
async def test_a_refused_button_of_the_same_flow_keeps_the_step_in_progress(
    office: Office, errors: Errors, flow: str
) -> None:
    """Was: entry points refused with ConversationHandler.END, which ended their own flow when the
    person was in it (review set_category, register start_edit, staff start_rename_unit)."""
    rina, umar = office.admin, office.utama
    if flow == "review":
        # Typing a return reason, PPID Utama taps a category button of a draft decided earlier.
        _, old_cycle = await cycle_at_review(office, summary="Draf lama yang sudah diputuskan")
        await press(office, umar, f"rv:cat:{old_cycle}:1")
        await office.services.workflow.approve(await cycle_helpers.person(office, office.utama2.id), old_cycle, 1)
        await typing_reason(office)
        someone, stale, answer, expected = umar, f"rv:c:{old_cycle}:1:berkala", "Tabel realisasi belum diisi.", "↩️ Draf versi 1"
    elif flow == "register":
        # Adding an item, the admin taps "Ubah" on the card of an item that does not exist (any more).
        rina.send_command("/informasi")
        await office.deliver()
        await press(office, rina, "dip:add")
        someone, stale, answer, expected = rina, "dip:e:999", "Laporan keuangan daerah 2026", "Pilih unit penguasa informasi"
    else:
        # Naming a new unit, the admin taps "Ganti nama" of a unit that is gone.
        rina.send_command("/unit")
        await office.deliver()
        await press(office, rina, "unit:add")
        await press(office, rina, "unit:kind:opd")
        someone, stale, answer, expected = rina, "unit:ren:999", "Bidang Statistik", "✅"
    before = await snapshot(office)
    await press(office, someone, stale)
    assert someone.last_callback_answer()["text"]  # refused, with a reason
    assert await snapshot(office) == before
    someone.send_text(answer)
    await office.deliver()
    assert not errors.records
    assert someone.last_text().startswith(expected), someone.last_text()


async def serta_merta_at_announcing(office: Office) -> None:
    """A serta merta cycle whose PPID Pelaksana was just asked the first of the 8 elements."""
    await cycle_helpers.serta_merta_at_elements(office, "Peringatan banjir rob")
    assert office.pelaksana.last_text() == TEXTS["announce_q_danger"]["id"]


async def approve_and_publish(office: Office) -> None:
    office.pelaksana.press_button("✅ Ya, kirim")  # under the whole announcement, as it will be posted
    await office.deliver()
    await cycle_helpers.approve_and_publish(office)


async def test_serta_merta_announcement_keeps_all_eight_elements(office: Office, errors: Errors) -> None:
    """Was: announcement_text() kept only the first of its packed messages: when the 8 answers,
    HTML-escaped, passed 4096 characters, the last elements were silently left out."""
    await serta_merta_at_announcing(office)
    putri = office.pelaksana
    answer = "Air < 1 m & arus > 2 m/s; "  # 26 characters, 36 once escaped for HTML
    for number in range(1, 9):
        putri.send_text(f"{number}: " + answer * 14)  # 367 characters: under the 400 shown
        await office.deliver()
    await approve_and_publish(office)
    assert not errors.records
    announcement = "\n".join(post.get("text") or "" for post in office.channel.posts())
    for number in range(1, 9):
        assert f"{number}: Air < 1 m & arus > 2 m/s" in announcement, f"element {number} is missing"


async def test_forwarded_drafts_carry_the_cleaned_name(office: Office, errors: Errors) -> None:
    """Was: drafts were sent on by Telegram file id, which keeps the uploader's own file name (path
    parts, right-to-left overrides): PPID Utama and the channel never saw the cleaned name."""
    item_id = await office.add_item("Laporan keuangan 2026")
    rina, oki, putri, umar = office.admin, office.operator, office.pelaksana, office.utama
    await press(office, rina, f"cyc:open:{item_id}")
    oki.press_button("📝 Buat surat dari templat")
    await office.deliver()
    oki.press_button("✅ Ya, kirim")  # under the preview
    await office.deliver()
    putri.press_button("📎 Unggah draf")
    await office.deliver()
    putri.send_document(MINIMAL_PDF, "../../laporan\u202egnp.pdf")
    await office.deliver()
    stored = await office.services.db.fetch_value("SELECT original_name FROM documents WHERE kind = 'draft'")
    assert stored == "laporangnp.pdf"
    putri.press_button("✅ Selesai, kirim ke PPID Utama")
    await office.deliver()
    assert not errors.records
    assert umar.documents()[-1]["file_name"] == stored


async def test_serta_merta_announcement_with_emoji_is_published(office: Office, errors: Errors) -> None:
    """Was: each element was cut to 400 code points, but Telegram counts UTF-16 units: 8 answers of
    emoji made the post too long, it was refused, and the cycle could never be published. An
    element is now limited when typed, counted as Telegram counts: 303 characters with 300 emoji
    (603 units) are asked again, 201 characters (399 units) are taken, and the post goes out."""
    await serta_merta_at_announcing(office)
    putri = office.pelaksana
    for number in range(1, 9):
        putri.send_text(f"{number}. " + "🌊" * 300)  # 303 characters, 603 UTF-16 units
        await office.deliver()
        assert (putri.last_text() or "").startswith("Jawaban terlalu panjang (603 huruf).")
        putri.send_text(f"{number}. " + "🌊" * 198)  # 201 characters, 399 UTF-16 units
        await office.deliver()
    await approve_and_publish(office)
    assert not errors.records
    assert office.operator.last_text() == "📢 Dipublikasikan di kanal publik."
    assert office.channel.posts(), "nothing was posted"
