"""The DIP register end to end on the sandbox: /informasi, the guided add, edit, (de)activation."""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.register import (
    NotAllowed,
    ValidationError,
    add_item,
    deactivate_item,
    edit_item,
)
from bot.sandbox import SimUser
from bot.sandbox.keyboards import inline_buttons
from bot.services import Services
from bot.workdays import WorkCalendar
from storage.items import InfoItem
from storage.timestamps import format_utc, parse_utc
from storage.units import Unit
from tests.conftest import ADMIN_ID, BotUnderTest
from tests.exemption_sample import answer_the_test

CALENDAR = WorkCalendar(ZoneInfo("Asia/Pontianak"), time(8), time(16))

OPERATOR_ID = 720001
PELAKSANA_ID = 730001


async def add_units(services: Services, *names: str) -> list[Unit]:
    async with services.db.transaction() as conn:
        return [await services.units.add(conn, name) for name in names]


async def add_staff(services: Services, telegram_id: int, name: str, role: str, unit_id: int | None = None) -> None:
    async with services.db.transaction() as conn:
        await services.users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
        await services.users.grant_role(
            conn, telegram_id=telegram_id, role=role, unit_id=unit_id, granted_by=ADMIN_ID  # type: ignore[arg-type]
        )


async def add_items(services: Services, unit: Unit, *summaries: str, category: str = "setiap_saat") -> list[InfoItem]:
    async with services.db.transaction() as conn:
        return [
            await services.items.add(
                conn,
                summary=summary,
                unit_id=unit.id,
                responsible="Sekretaris",
                made_time_place="2026, Pontianak",
                form="soft",
                retention="5 tahun",
                category=category,  # type: ignore[arg-type]
                period="monthly" if category == "berkala" else None,
                legal_basis=None,
            )
            for summary in summaries
        ]


async def item_audit(services: Services) -> list[tuple[str, str | None, dict[str, Any]]]:
    entries = await services.audit.entries(services.db, entity_type="item")
    return [(e.action, e.entity_id, e.details) for e in entries]


async def item_rows(services: Services) -> list[dict[str, Any]]:
    return [dict(row) for row in await services.db.fetch_all("SELECT * FROM info_items ORDER BY id")]


def callback_data_sent(bot: BotUnderTest) -> list[str]:
    """Every callback_data the bot put on a button, in any call."""
    return [
        button["callback_data"]
        for call in bot.fake.bot_calls()
        if isinstance(call.params.get("reply_markup"), dict)
        for button in inline_buttons(call.params["reply_markup"])
        if "callback_data" in button
    ]


def assert_calls_ok(bot: BotUnderTest) -> None:
    """Telegram accepted every call (no limit broken; "not modified" is normal); callback data
    stays within 64 bytes."""
    failed = [
        (c.method, c.response)
        for c in bot.fake.bot_calls()
        if not c.ok and "not modified" not in str(c.response.get("description"))
    ]
    assert failed == []
    assert all(1 <= len(data.encode("utf-8")) <= 64 for data in callback_data_sent(bot))


async def answer_until_category(bot: BotUnderTest, rina: SimUser, unit: str = "Dinas Sosial") -> None:
    """Start adding and answer summary, unit, responsible, time and place."""
    rina.send_command("/informasi")
    await bot.deliver()
    rina.press_button("➕ Tambah informasi")
    await bot.deliver()
    assert "Ketik ringkasan isi informasi" in rina.last_text()
    rina.send_text("Laporan realisasi anggaran Dinas Sosial 2025")
    await bot.deliver()
    assert rina.last_text().startswith("Pilih unit penguasa informasi")
    rina.press_button(unit)
    await bot.deliver()
    assert rina.texts()[-2] == f"✔️ Unit penguasa informasi: {unit}"
    assert rina.last_text().startswith("Ketik penanggung jawab")
    rina.send_text("Kepala Bidang Anggaran")
    await bot.deliver()
    assert rina.last_text().startswith("Ketik waktu dan tempat pembuatan")
    rina.send_text("Januari 2026, Kantor Dinas Sosial")
    await bot.deliver()
    assert rina.last_text() == "Pilih kategori informasi:"
    assert [b["text"] for b in rina.buttons()] == ["Berkala", "Serta merta", "Setiap saat", "Dikecualikan"]


async def test_admin_adds_a_berkala_item_through_the_whole_conversation(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinsos, _ = await add_units(services, "Dinas Sosial", "Dinas Perhubungan")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await answer_until_category(running_bot, rina)
    rina.press_button("Berkala")
    await running_bot.deliver()
    # Yearly is offered with the legal maximum said next to it, not under "a semester at most".
    assert rina.last_text() == (
        "Informasi berkala diperbarui menurut periode. Pilih periode pembaruan.\n"
        "Catatan: undang-undang mewajibkan informasi berkala diumumkan paling sedikit 6 bulan sekali. "
        "Informasi Tahunan tetap boleh dipilih, tetapi akan ditandai kepada Admin PPID bila 6 bulan "
        "berlalu tanpa publikasi."
    )
    assert [b["text"] for b in rina.buttons()] == ["Bulanan", "Triwulanan", "Semesteran", "Tahunan"]
    rina.press_button("Semesteran")
    await running_bot.deliver()
    assert rina.last_text() == "Pilih bentuk informasi yang tersedia:"
    rina.press_button("Softcopy dan hardcopy")
    await running_bot.deliver()
    assert rina.last_text().startswith("Ketik jangka waktu penyimpanan")
    rina.send_text("5 tahun")
    await running_bot.deliver()
    summary = rina.last_text()
    assert summary.startswith("📝 Periksa lagi informasi baru ini:")
    for line in (
        "Ringkasan isi informasi: Laporan realisasi anggaran Dinas Sosial 2025",
        "Unit penguasa informasi: Dinas Sosial",
        "Penanggung jawab: Kepala Bidang Anggaran",
        "Waktu dan tempat pembuatan: Januari 2026, Kantor Dinas Sosial",
        "Bentuk informasi: Softcopy dan hardcopy",
        "Jangka waktu penyimpanan: 5 tahun",
        "Kategori: Berkala",
        "Periode pembaruan: Semesteran",
    ):
        assert line in summary
    assert "Dasar hukum" not in summary
    assert [b["text"] for b in rina.buttons()] == ["Simpan", "Batal"]
    assert await item_rows(services) == []  # nothing written before "Simpan"

    # A double tap: both presses arrive, only the first one writes.
    rina.press_button("Simpan")
    rina.press_button("Simpan")
    await running_bot.deliver()
    rows = await item_rows(services)
    assert len(rows) == 1
    row = rows[0]
    # Due one semester after registration, at the end of the working day, office time.
    created = parse_utc(row["created_at"])
    assert row["next_due_at"] == format_utc(services.calendar.next_due(created, "semester"))
    assert {k: row[k] for k in row if k not in ("id", "created_at", "updated_at", "next_due_at") and not k.startswith("exempt_")} == {
        "summary": "Laporan realisasi anggaran Dinas Sosial 2025",
        "unit_id": dinsos.id,
        "responsible": "Kepala Bidang Anggaran",
        "made_time_place": "Januari 2026, Kantor Dinas Sosial",
        "form": "both",
        "retention": "5 tahun",
        "category": "berkala",
        "period": "semester",
        "legal_basis": None,
        "status": "active",
        "last_published_at": None,
        "reminders_paused": 0,
        "required_info_key": None,  # registered by hand, not imported from the checklist
    }
    card = rina.last_text()
    assert card.startswith(f"✅ Informasi #{row['id']} tersimpan di Daftar Informasi Publik.")
    assert f"📄 Informasi #{row['id']}" in card and "Status: Aktif" in card and "Terakhir diumumkan: -" in card
    item_id = row["id"]
    assert [b["callback_data"] for b in rina.buttons()] == [f"dip:e:{item_id}", f"dip:off:{item_id}", f"cyc:open:{item_id}"]
    assert [b["text"] for b in rina.buttons()] == ["✏️ Ubah", "⛔ Nonaktifkan", "🔄 Buka siklus pembaruan"]
    first_answer, second_answer = rina.callback_answers[-2:]
    assert first_answer["text"] == f"✅ Informasi #{row['id']} tersimpan di Daftar Informasi Publik."
    assert second_answer["text"].startswith("Tombol ini sudah tidak berlaku.")
    audit = await item_audit(services)
    assert [(action, entity) for action, entity, _ in audit] == [("item.add", str(row["id"]))]
    assert audit[0][2]["category"] == "berkala" and audit[0][2]["period"] == "semester"
    assert (await services.audit.verify(services.db)).ok
    # The conversation is over: the draft is gone and an old "Simpan" is stale.
    rina.send_text("teks biasa")
    await running_bot.deliver()
    assert rina.last_text().startswith("Maaf, saya tidak memahami pesan itu.")
    assert_calls_ok(running_bot)


async def test_dikecualikan_asks_the_consequence_test_and_its_ground_is_the_legal_basis(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_units(services, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await answer_until_category(running_bot, rina)
    rina.press_button("Dikecualikan")
    await running_bot.deliver()
    assert rina.last_text().startswith("🔒 Uji konsekuensi")  # every part: tests/bot/test_exemption_test.py
    await answer_the_test(rina, running_bot.deliver)
    assert rina.last_text() == "Pilih bentuk informasi yang tersedia:"
    rina.press_button("Hardcopy")
    await running_bot.deliver()
    rina.send_text("Permanen")
    await running_bot.deliver()
    assert "Dasar hukum pengecualian: UU 14/2008 Pasal 17 huruf h" in rina.last_text()
    assert "Periode pembaruan" not in rina.last_text()
    rina.press_button("Simpan")
    await running_bot.deliver()
    (row,) = await item_rows(services)
    assert (row["category"], row["period"], row["legal_basis"], row["form"], row["exempt_grounds"]) == (
        "dikecualikan",
        None,
        "UU 14/2008 Pasal 17 huruf h",
        "hard",
        "h",
    )
    # The decision document follows the recorded classification, numbered in its own transaction.
    assert [a for a, _, _ in await item_audit(services)] == ["item.add", "exemption.decision"]
    assert_calls_ok(running_bot)


async def test_bad_answers_keep_the_step(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_units(services, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    rina.press_button("➕ Tambah informasi")
    await running_bot.deliver()
    rina.send_text("abc")
    await running_bot.deliver()
    assert rina.last_text().startswith("Ringkasan isi informasi terlalu pendek: minimal 5 karakter (sekarang 3).")
    assert "Ketik ringkasan isi informasi" in rina.last_text()
    rina.send_text("x" * 501)
    await running_bot.deliver()
    assert rina.last_text().startswith("Ringkasan isi informasi terlalu panjang: maksimal 500 karakter (sekarang 501).")
    rina.send_document(b"%PDF-1.4", "laporan.pdf")
    await running_bot.deliver()
    assert rina.last_text().startswith("Mohon ketik jawabannya sebagai teks")
    rina.send_text("Daftar   penerima\nbantuan sosial")
    await running_bot.deliver()
    assert rina.last_text().startswith("Pilih unit penguasa informasi")
    # Text where a button is expected: a pointer, and the question again with its buttons.
    rina.send_text("Dinas Sosial")
    await running_bot.deliver()
    assert rina.last_text().startswith("Mohon pilih dengan tombol di bawah ini")
    assert [b["text"] for b in rina.buttons()] == ["Dinas Sosial"]
    # A forged unit id is refused and the step stays.
    rina.press(rina.last_message(), "dip:u:999")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Unit itu tidak ditemukan")
    rina.press_button("Dinas Sosial")
    await running_bot.deliver()
    assert rina.last_text().startswith("Ketik penanggung jawab")
    rina.send_text("   ")
    await running_bot.deliver()
    assert rina.last_text().startswith("Penanggung jawab tidak boleh kosong.")
    rina.send_text("Sekretaris Dinas")
    await running_bot.deliver()
    assert rina.last_text().startswith("Ketik waktu dan tempat pembuatan")
    assert await item_rows(services) == []
    assert await item_audit(services) == []
    assert_calls_ok(running_bot)


async def test_cancel_in_the_middle_writes_nothing(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_units(services, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await answer_until_category(running_bot, rina)
    rina.send_command("/batal")
    await running_bot.deliver()
    assert rina.last_text().startswith("Dibatalkan. Tidak ada yang berubah.")
    # The draft is forgotten and the old buttons are stale now.
    rina.press_button("Berkala")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Tombol ini sudah tidak berlaku.")
    assert await item_rows(services) == []
    assert await item_audit(services) == []
    user_data = await services.kv.get_all("user_data")
    assert not any(key.startswith("register_add:") for value in user_data.values() for key in value)


async def test_adding_without_any_unit_points_to_unit(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    assert "Belum ada informasi di daftar." in rina.last_text()
    rina.press_button("➕ Tambah informasi")
    await running_bot.deliver()
    assert rina.last_text() == "Belum ada unit aktif. Tambahkan unit dulu dengan /unit, lalu coba lagi."
    await running_bot.app.update_persistence()
    assert await running_bot.app.services.conversations.get_all("register_add") == {}


async def test_batal_button_on_the_summary_writes_nothing(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_units(services, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await answer_until_category(running_bot, rina)
    rina.press_button("Setiap saat")
    await running_bot.deliver()
    rina.press_button("Softcopy")
    await running_bot.deliver()
    rina.send_text("Selama berlaku")
    await running_bot.deliver()
    summary_message = rina.last_message()
    save_data = rina.buttons()[0]["callback_data"]
    assert save_data.startswith("dip:save:")
    rina.press_button("Batal")
    await running_bot.deliver()
    assert rina.last_text() == "Dibatalkan. Informasi baru tidak disimpan."
    assert rina.buttons() == []
    # "Simpan" of the dropped draft (a stale client) writes nothing.
    rina.press(summary_message, save_data)
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Tombol ini sudah tidak berlaku.")
    assert await item_rows(services) == []
    assert await item_audit(services) == []


async def test_list_pages_and_search(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinsos, dishub = await add_units(services, "Dinas Sosial", "Dinas Perhubungan")
    await add_items(services, dinsos, *(f"Laporan bulanan {n:02d}" for n in range(1, 13)))
    await add_items(services, dishub, "Jadwal angkutan umum", category="berkala")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    first = rina.last_message()
    assert "Informasi 1–10 dari 13." in rina.last_text()
    assert "1. Jadwal angkutan umum\nDinas Perhubungan · Berkala (Bulanan)" in rina.last_text()
    labels = [b["text"] for b in rina.buttons()]
    assert labels[:2] == ["1. Jadwal angkutan umum", "2. Laporan bulanan 01"]
    assert "◀" not in labels and "▶" in labels and "➕ Tambah informasi" in labels
    rina.press_button("▶")
    await running_bot.deliver()
    # The same message now shows the second page.
    assert rina.last_message()["message_id"] == first["message_id"]
    assert "Informasi 11–13 dari 13." in rina.last_text()
    assert [b["text"] for b in rina.buttons()][:3] == [
        "11. Laporan bulanan 10",
        "12. Laporan bulanan 11",
        "13. Laporan bulanan 12",
    ]
    assert "◀" in [b["text"] for b in rina.buttons()] and "▶" not in [b["text"] for b in rina.buttons()]
    rina.press_button("◀")
    await running_bot.deliver()
    assert "Informasi 1–10 dari 13." in rina.last_text()

    rina.send_command("/informasi", "ANGKUTAN")
    await running_bot.deliver()
    assert "Pencarian: ANGKUTAN" in rina.last_text() and "Informasi 1–1 dari 1." in rina.last_text()
    rina.press_button("1. Jadwal angkutan umum")
    await running_bot.deliver()
    assert rina.last_text().startswith("📄 Informasi #13")
    assert "Unit penguasa informasi: Dinas Perhubungan" in rina.last_text()

    rina.send_command("/informasi", "bulanan", "1")
    await running_bot.deliver()
    assert "Informasi 1–3 dari 3." in rina.last_text()  # bulanan 10, 11 and 12
    rina.send_command("/informasi", "tidak-ada")
    await running_bot.deliver()
    assert "Tidak ada informasi yang cocok." in rina.last_text()
    rina.send_command("/informasi", "x" * 41)
    await running_bot.deliver()
    assert rina.last_text().startswith("Kata pencarian terlalu panjang")
    # Forged and malformed page buttons change nothing.
    before = rina.last_text()
    for data in ("dip:pg:abc", "dip:pg:-1", "dip:pg:5:" + "y" * 41, "dip:v:0", "dip:v:12a", "dip:pg:0\n"):
        rina.press(rina.last_message(), data)
        await running_bot.deliver()
        answer = rina.last_callback_answer()
        assert answer is not None and answer["text"].startswith("Tombol ini sudah tidak berlaku."), data
    assert rina.last_text() == before
    assert_calls_ok(running_bot)


async def test_search_paging_keeps_the_query(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    await add_items(services, dinsos, *(f"Data bansos {n:02d}" for n in range(1, 13)), "Profil dinas")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi", "bansos")
    await running_bot.deliver()
    assert "Informasi 1–10 dari 12." in rina.last_text()
    rina.press_button("▶")
    await running_bot.deliver()
    assert "Informasi 11–12 dari 12." in rina.last_text() and "Pencarian: bansos" in rina.last_text()
    assert "Profil dinas" not in rina.last_text()


async def test_pelaksana_sees_only_their_units_items(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinsos, dishub = await add_units(services, "Dinas Sosial", "Dinas Perhubungan")
    (own,) = await add_items(services, dinsos, "Data penerima bantuan")
    (other,) = await add_items(services, dishub, "Jadwal angkutan umum")
    await add_staff(services, PELAKSANA_ID, "Sari", "pelaksana", dinsos.id)
    sari = running_bot.fake.user(PELAKSANA_ID, "Sari")
    sari.send_command("/informasi")
    await running_bot.deliver()
    text = sari.last_text()
    assert "Hanya informasi unit Bapak/Ibu." in text and "Data penerima bantuan" in text
    assert "Jadwal angkutan umum" not in text
    assert [b["text"] for b in sari.buttons()] == ["1. Data penerima bantuan"]  # no admin buttons
    sari.press_button("1. Data penerima bantuan")
    await running_bot.deliver()
    assert sari.last_text().startswith(f"📄 Informasi #{own.id}") and sari.buttons() == []
    # Another unit's item, even with a forged button, stays closed.
    sari.press(sari.last_message(), f"dip:v:{other.id}")
    await running_bot.deliver()
    answer = sari.last_callback_answer()
    assert answer is not None and answer["text"] == "Maaf, informasi ini bukan milik unit Bapak/Ibu."
    sari.send_command("/informasi", "angkutan")
    await running_bot.deliver()
    assert "Tidak ada informasi yang cocok." in sari.last_text()
    # Holding another role as well lifts the restriction.
    await add_staff(services, PELAKSANA_ID, "Sari", "utama")
    sari.send_command("/informasi")
    await running_bot.deliver()
    assert "Jadwal angkutan umum" in sari.last_text() and "Hanya informasi unit Bapak/Ibu." not in sari.last_text()


async def test_admin_edits_a_field_and_the_category(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinsos, dishub = await add_units(services, "Dinas Sosial", "Dinas Perhubungan")
    (item,) = await add_items(services, dinsos, "Data penerima bantuan")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    rina.press_button("1. Data penerima bantuan")
    await running_bot.deliver()
    rina.press_button("✏️ Ubah")
    await running_bot.deliver()
    rina.press_button("Batal")
    await running_bot.deliver()
    assert rina.last_text() == "Dibatalkan. Tidak ada yang berubah."
    rina.press_button("✏️ Ubah")
    await running_bot.deliver()
    assert rina.last_text().startswith(f"✏️ Ubah informasi #{item.id}")
    labels = [b["text"] for b in rina.buttons()]
    assert "Periode pembaruan" not in labels and "Dasar hukum pengecualian" not in labels  # setiap saat
    rina.press_button("Ringkasan isi informasi")
    await running_bot.deliver()
    assert rina.last_text() == "Ketik Ringkasan isi informasi yang baru.\nSekarang: Data penerima bantuan"
    rina.send_text("Data")
    await running_bot.deliver()
    assert rina.last_text().startswith("Ringkasan isi informasi terlalu pendek")
    assert "Ketik Ringkasan isi informasi yang baru." in rina.last_text()
    rina.send_text("Data penerima bantuan sosial 2026")
    await running_bot.deliver()
    assert rina.last_text().startswith("✅ Ringkasan isi informasi diperbarui.")
    assert "Ringkasan isi informasi: Data penerima bantuan sosial 2026" in rina.last_text()
    stored = await services.items.get(item.id)
    assert stored is not None and stored.summary == "Data penerima bantuan sosial 2026"

    # The category: to berkala asks for the period, and both are written together.
    rina.press_button("✏️ Ubah")
    await running_bot.deliver()
    rina.press_button("Kategori")
    await running_bot.deliver()
    rina.send_text("berkala")
    await running_bot.deliver()
    assert rina.last_text().startswith("Mohon pilih dengan tombol di bawah ini")
    rina.press_button("Berkala")
    await running_bot.deliver()
    rina.press_button("Triwulanan")
    await running_bot.deliver()
    assert rina.last_text().startswith("✅ Kategori diperbarui.")
    assert "Kategori: Berkala" in rina.last_text() and "Periode pembaruan: Triwulanan" in rina.last_text()
    stored = await services.items.get(item.id)
    assert stored is not None and (stored.category, stored.period) == ("berkala", "quarterly")

    # The unit.
    rina.press_button("✏️ Ubah")
    await running_bot.deliver()
    rina.press_button("Unit penguasa informasi")
    await running_bot.deliver()
    rina.press_button("Dinas Perhubungan")
    await running_bot.deliver()
    stored = await services.items.get(item.id)
    assert stored is not None and stored.unit_id == dishub.id

    audit = await item_audit(services)
    assert [(a, d["field"]) for a, _, d in audit] == [
        ("item.edit", "summary"),
        ("item.edit", "category"),
        ("item.edit", "unit_id"),
    ]
    assert audit[0][2] == {"field": "summary", "old": "Data penerima bantuan", "new": "Data penerima bantuan sosial 2026"}
    assert audit[1][2]["new"] == {"category": "berkala", "period": "quarterly", "legal_basis": None}
    assert_calls_ok(running_bot)


async def test_deactivate_with_confirmation_and_reactivate(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    (item, _) = await add_items(services, dinsos, "Data penerima bantuan", "Profil dinas")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    rina.press_button("1. Data penerima bantuan")
    await running_bot.deliver()
    card = rina.last_message()
    rina.press_button("⛔ Nonaktifkan")
    await running_bot.deliver()
    assert "Nonaktifkan informasi ini?" in rina.last_text()
    rina.press_button("Tidak jadi")
    await running_bot.deliver()
    assert "Nonaktifkan informasi ini?" not in rina.last_text()
    stored = await services.items.get(item.id)
    assert stored is not None and stored.active
    rina.press_button("⛔ Nonaktifkan")
    await running_bot.deliver()
    rina.press_button("Ya, nonaktifkan")
    await running_bot.deliver()
    assert rina.last_message()["message_id"] == card["message_id"]
    assert "Status: Nonaktif" in rina.last_text()
    assert [b["text"] for b in rina.buttons()] == ["✏️ Ubah", "✅ Aktifkan lagi"]
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == f"Informasi #{item.id} dinonaktifkan."
    stored = await services.items.get(item.id)
    assert stored is not None and stored.status == "inactive"
    # A double tap of the confirmation changes nothing more.
    rina.press(card, f"dip:offy:{item.id}")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == "Tidak ada perubahan."

    rina.send_command("/informasi")
    await running_bot.deliver()
    assert "Data penerima bantuan" not in rina.last_text() and "Informasi 1–1 dari 1." in rina.last_text()
    rina.press_button("🗂 Tampilkan juga yang nonaktif")
    await running_bot.deliver()
    assert "Data penerima bantuan" in rina.last_text() and "⛔ nonaktif" in rina.last_text()

    rina.press_button("✅ Aktifkan lagi", card)
    await running_bot.deliver()
    reactivated = running_bot.fake.message(ADMIN_ID, card["message_id"])
    assert reactivated is not None and "Status: Aktif" in reactivated["text"]
    stored = await services.items.get(item.id)
    assert stored is not None and stored.status == "active"
    assert [(a, d) for a, _, d in await item_audit(services)] == [
        ("item.deactivate", {"old": "active", "new": "inactive"}),
        ("item.reactivate", {"old": "inactive", "new": "active"}),
    ]
    assert_calls_ok(running_bot)


async def test_item_with_an_open_cycle_cannot_be_deactivated(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    (item,) = await add_items(services, dinsos, "Data penerima bantuan")
    async with services.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO update_cycles (item_id, kind, opened_at, step_started_at) VALUES (?, 'berkala', ?, ?)",
            (item.id, "2026-11-28T13:06:24Z", "2026-11-28T13:06:24Z"),
        )
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/informasi")
    await running_bot.deliver()
    rina.press_button("1. Data penerima bantuan")
    await running_bot.deliver()
    rina.press_button("⛔ Nonaktifkan")
    await running_bot.deliver()
    rina.press_button("Ya, nonaktifkan")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Informasi ini sedang dalam siklus pembaruan.")
    stored = await services.items.get(item.id)
    assert stored is not None and stored.active
    assert await item_audit(services) == []


async def test_non_admin_pressing_admin_buttons_is_refused(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    (item,) = await add_items(services, dinsos, "Data penerima bantuan")
    await add_staff(services, OPERATOR_ID, "Budi", "operator")
    budi = running_bot.fake.user(OPERATOR_ID, "Budi")
    budi.send_command("/informasi")
    await running_bot.deliver()
    assert "Data penerima bantuan" in budi.last_text()
    assert [b["text"] for b in budi.buttons()] == ["1. Data penerima bantuan"]
    budi.press_button("1. Data penerima bantuan")
    await running_bot.deliver()
    assert budi.buttons() == []
    rows_before = await item_rows(services)
    forged = ("dip:add", f"dip:e:{item.id}", f"dip:off:{item.id}", f"dip:offy:{item.id}", f"dip:on:{item.id}", "dip:px:0")
    for data in forged:
        budi.press(budi.last_message(), data)
        await running_bot.deliver()
        answer = budi.last_callback_answer()
        assert answer is not None and answer["show_alert"] is True, data
        assert answer["text"] == "Maaf, hanya Admin PPID yang dapat mengubah Daftar Informasi Publik.", data
    # No conversation was entered: typed text is just not understood.
    budi.send_text("Laporan baru yang dipalsukan")
    await running_bot.deliver()
    assert budi.last_text().startswith("Maaf, saya tidak memahami pesan itu.")
    assert await item_rows(services) == rows_before
    assert await item_audit(services) == []
    await running_bot.app.update_persistence()
    assert await services.conversations.get_all("register_add") == {}


async def test_revoked_admin_cannot_finish_the_conversation(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await add_units(services, "Dinas Sosial")
    await add_staff(services, OPERATOR_ID, "Budi", "admin")
    budi = running_bot.fake.user(OPERATOR_ID, "Budi")
    await answer_until_category(running_bot, budi)
    async with services.db.transaction() as conn:
        await services.users.grant_role(conn, telegram_id=OPERATOR_ID, role="operator")
        await services.users.revoke_role(conn, telegram_id=OPERATOR_ID, role="admin")
    budi.press_button("Setiap saat")
    await running_bot.deliver()
    answer = budi.last_callback_answer()
    assert answer is not None and answer["text"].startswith("Maaf, hanya Admin PPID")
    assert await item_rows(services) == []


async def test_domain_rechecks_the_admin_role_in_the_database(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    (item,) = await add_items(services, dinsos, "Data penerima bantuan")
    await add_staff(services, OPERATOR_ID, "Budi", "operator")
    draft = {
        "summary": "Data baru",
        "unit_id": dinsos.id,
        "responsible": "Sekretaris",
        "made_time_place": "2026",
        "category": "setiap_saat",
        "period": None,
        "legal_basis": None,
        "form": "soft",
        "retention": "1 tahun",
    }
    with pytest.raises(NotAllowed):
        await add_item(services, OPERATOR_ID, draft)
    with pytest.raises(NotAllowed):
        await edit_item(services, OPERATOR_ID, item.id, "summary", "Ringkasan lain")
    with pytest.raises(NotAllowed):
        await deactivate_item(services, OPERATOR_ID, item.id)
    with pytest.raises(ValidationError):
        await add_item(services, ADMIN_ID, {**draft, "period": "monthly"})  # period only for berkala
    with pytest.raises(ValidationError):
        await add_item(services, ADMIN_ID, {**draft, "category": "berkala"})  # berkala needs a period
    with pytest.raises(ValidationError):
        await edit_item(services, ADMIN_ID, item.id, "period", "monthly")  # not berkala
    with pytest.raises(ValidationError):
        await edit_item(services, ADMIN_ID, item.id, "status", "inactive")  # not editable here
    assert (await edit_item(services, ADMIN_ID, item.id, "summary", "Data penerima bantuan")).changed is False
    assert await item_audit(services) == []
    assert len(await item_rows(services)) == 1


async def test_restart_in_the_middle_of_adding_continues(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await answer_until_category(running_bot, rina)
    rina.press_button("Berkala")
    await running_bot.deliver()
    await running_bot.app.update_persistence()
    assert list((await services.conversations.get_all("register_add")).values()) == ["add_period"]
    # The bot stops (persistence is flushed on shutdown) and a new process starts on the same files.
    await running_bot.app.shutdown()
    fake = running_bot.fake
    second = build_application(running_bot.settings, request=fake.request(), get_updates_request=fake.request())
    async with second:
        restarted = BotUnderTest(running_bot.fake, second, running_bot.settings)
        rina.press_button("Tahunan")
        await restarted.deliver()
        assert rina.last_text() == "Pilih bentuk informasi yang tersedia:"
        rina.press_button("Softcopy")
        await restarted.deliver()
        rina.send_text("10 tahun")
        await restarted.deliver()
        assert "Ringkasan isi informasi: Laporan realisasi anggaran Dinas Sosial 2025" in rina.last_text()
        rina.press_button("Simpan")
        await restarted.deliver()
        rows = [dict(r) for r in await second.services.db.fetch_all("SELECT * FROM info_items")]
        assert len(rows) == 1
        assert (rows[0]["unit_id"], rows[0]["category"], rows[0]["period"], rows[0]["retention"]) == (
            dinsos.id,
            "berkala",
            "yearly",
            "10 tahun",
        )
        entries = await second.services.audit.entries(second.services.db, entity_type="item")
        assert [e.action for e in entries] == ["item.add"]
        # The "➕ Tambah informasi" button of the old list still starts a new draft after the restart.
        rina.press_button("➕ Tambah informasi")
        await restarted.deliver()
        assert "Ketik ringkasan isi informasi" in rina.last_text()
        assert_calls_ok(restarted)


def test_callback_data_formats_fit_and_parse_back() -> None:
    from handlers import register_buttons as dip
    from handlers.register_list import SEARCH_MAX_BYTES
    from handlers.step_keyboards import OpenCycle

    worst = {
        dip.page_data(999990, "x" * SEARCH_MAX_BYTES, include_inactive=True).pack(): dip.FullListPage,
        dip.ViewItem(9999999999).pack(): dip.ViewItem,
        "dip:offy:9999999999": dip.ConfirmDeactivate,
        "dip:offn:9999999999": dip.KeepItem,
        "dip:f:made_time_place": dip.EditField,
        "dip:cat:dikecualikan": dip.ChooseCategory,
        "dip:per:quarterly": dip.ChoosePeriod,
        "dip:form:both": dip.ChooseForm,
        "dip:u:9999999999": dip.ChooseUnit,
        "dip:save:0123abcd": dip.SaveDraft,
        "dip:drop:0123abcd": dip.DropDraft,
        OpenCycle(9999999999).pack(): OpenCycle,
    }
    for data, kind in worst.items():
        assert len(data.encode("utf-8")) <= 64, data
        if kind is not None:
            parsed = kind.unpack(data)
            assert parsed is not None and parsed.pack() == data, data
    # The wire strings of the built buttons are those in people's chats.
    assert dip.page_data(999990, "x" * SEARCH_MAX_BYTES, include_inactive=True).pack() == "dip:px:999990:" + "x" * 40
    assert dip.page_data(10, "pajak").pack() == "dip:pg:10:pajak" and dip.page_data(0).pack() == "dip:pg:0"
    assert dip.ViewItem(5).pack() == "dip:v:5" and dip.AddItem().pack() == "dip:add" and dip.LeaveEdit().pack() == "dip:x"
    for forged in ("dip:v:01", "dip:v:1 ", "dip:v:1\n", "dip:cat:rahasia", "dip:f:status", "dip:save:XYZ", "dip:addx"):
        assert not any(kind.unpack(forged) for kind in worst.values() if kind is not None), forged
        assert not dip.AddItem.unpack(forged)


def test_every_label_and_question_exists_in_both_languages() -> None:
    from bot.register import DRAFT_FIELDS, category_label, form_label, period_label
    from bot.texts import TEXTS
    from storage.items import CATEGORIES, FORMS, PERIODS

    assert [category_label(c) for c in CATEGORIES] == ["Berkala", "Serta merta", "Setiap saat", "Dikecualikan"]
    assert [period_label(p) for p in PERIODS] == ["Bulanan", "Triwulanan", "Semesteran", "Tahunan"]
    assert [form_label(f) for f in FORMS] == ["Softcopy", "Hardcopy", "Softcopy dan hardcopy"]
    # The legal basis is asked as the consequence test, part by part (its `ex_q_` texts).
    asked = [field for field in DRAFT_FIELDS if field != "legal_basis"]
    keys = [f"dip_q_{field}" for field in asked] + [f"dip_field_{field}" for field in DRAFT_FIELDS]
    keys += ["ex_start", "ex_q_part", "ex_q_grounds", "ex_q_consequence", "ex_q_public_interest", "ex_q_until"]
    keys += [f"dip_cat_{c}" for c in CATEGORIES] + [f"dip_period_{p}" for p in PERIODS] + [f"dip_form_{f}" for f in FORMS]
    for key in keys:
        assert set(TEXTS[key]) == {"id", "en"}, key
    dip_keys = [key for key in TEXTS if key.startswith(("dip_", "ex_"))]
    assert all(set(TEXTS[key]) == {"id", "en"} for key in dip_keys)


def test_item_card_lists_the_dip_columns_escaped() -> None:
    from datetime import datetime, timezone

    from bot.register import item_card

    moment = datetime(2026, 11, 30, 7, 5, tzinfo=timezone.utc)
    item = InfoItem(
        id=7,
        summary="Anggaran <2026> & realisasi",
        unit_id=1,
        responsible="Kabid",
        made_time_place="2026, Pontianak",
        form="soft",
        retention="5 tahun",
        category="dikecualikan",
        period=None,
        legal_basis="UU 14/2008 Pasal 17 huruf a",
        status="inactive",
        last_published_at=moment,
        next_due_at=None,
        reminders_paused=False,
        created_at=moment,
        updated_at=moment,
    )
    card = item_card(item, "Dinas <Sosial>", CALENDAR, "id")
    assert "Anggaran &lt;2026&gt; &amp; realisasi" in card and "Dinas &lt;Sosial&gt;" in card
    assert "<b>Dasar hukum pengecualian:</b> UU 14/2008 Pasal 17 huruf a" in card
    assert "<b>Status:</b> Nonaktif" in card
    assert "<b>Terakhir diumumkan:</b> 30 Nov 2026 14.05 WIB" in card
    assert "<b>Jatuh tempo berikutnya:</b> -" in card
    english = item_card(item, "Dinas Sosial", CALENDAR, "en")
    assert "<b>Summary of content:</b>" in english and "30 Nov 2026 14:05 WIB" in english
