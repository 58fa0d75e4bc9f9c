"""Staff administration by chat: /staf (add, revoke, deactivate), /unit (add, rename), /bahasa.

Each test checks what the people see and what the database holds, including exactly one audit
entry per change and none for refused or cancelled actions.
"""

from __future__ import annotations

import pytest

from bot.onboarding import (
    OnboardingError,
    add_unit,
    create_invite,
    deactivate_person,
    grant_role,
    revoke_role,
)
from bot.sandbox import SimUser
from tests.conftest import ADMIN_ID, BotUnderTest

NOT_ADMIN = "Maaf, hanya Admin PPID yang dapat melakukan ini."
REFUSAL = "Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar."
IMPORT_BUTTON = "📋 Impor informasi wajib"  # beside each unit: the checklist of tests/bot/test_required_info.py


async def audit_actions(bot: BotUnderTest) -> list[str]:
    services = bot.app.services
    return [entry.action for entry in await services.audit.entries(services.db)]


async def register(bot: BotUnderTest, telegram_id: int, name: str, role: str, unit_id: int | None = None) -> SimUser:
    """A person who joined through an invite link (as in real life)."""
    token, _ = await create_invite(bot.app.services, ADMIN_ID, role, unit_id)
    person = bot.fake.user(telegram_id, name)
    person.send_command("/start", token)
    await bot.deliver()
    assert (person.last_text() or "").startswith("✅ Pendaftaran Bapak/Ibu berhasil."), person.last_text()
    return person


def button_labels(user: SimUser) -> list[str]:
    return [button["text"] for button in user.buttons()]


async def open_card(bot: BotUnderTest, admin: SimUser, name: str) -> None:
    admin.send_command("/staf")
    await bot.deliver()
    admin.press_button(f"👤 {name}")
    await bot.deliver()


# -- /staf ------------------------------------------------------------------------------------------


async def test_staff_list_shows_people_with_roles_and_units(running_bot: BotUnderTest) -> None:
    dinsos = await add_unit(running_bot.app.services, ADMIN_ID, "Dinas Sosial")
    await register(running_bot, 790101, "Siti", "operator")
    await register(running_bot, 790102, "Budi", "pelaksana", dinsos.id)
    rina = running_bot.fake.user(ADMIN_ID, "Rina", last_name="Wulandari")
    rina.send_command("/staf")
    await running_bot.deliver()
    assert rina.last_text() == (
        "Daftar petugas (3 orang)\n"
        "• Budi: PPID Pelaksana – Dinas Sosial\n"
        "• Rina Wulandari: Admin PPID\n"
        "• Siti: Operator PPID\n\n"
        "Ketuk nama untuk menambah atau mencabut peran."
    )
    assert button_labels(rina) == ["👤 Budi", "👤 Rina Wulandari", "👤 Siti"]
    rina.press_button("👤 Budi")
    await running_bot.deliver()
    assert rina.last_text() == "Budi\nPeran saat ini:\n• PPID Pelaksana – Dinas Sosial"
    assert button_labels(rina) == [
        "➕ Tambah peran",
        "➖ Cabut: PPID Pelaksana – Dinas Sosial",
        "⛔ Nonaktifkan petugas",
        "« Daftar petugas",
    ]


async def test_staff_list_pages(running_bot: BotUnderTest) -> None:
    for n in range(10):
        await register(running_bot, 790200 + n, f"Petugas {n:02d}", "operator")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/staf")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Daftar petugas (11 orang)\nHalaman 1 dari 2")
    assert button_labels(rina)[-1] == "Berikutnya ▶" and len(rina.buttons()) == 9
    rina.press_button("Berikutnya ▶")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Daftar petugas (11 orang)\nHalaman 2 dari 2")
    assert button_labels(rina) == ["👤 Petugas 08", "👤 Petugas 09", "👤 Rina", "◀ Sebelumnya"]


async def test_revoking_a_role_with_confirmation_stops_the_person_at_once(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    siti = await register(running_bot, 790301, "Siti", "operator")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Siti")
    actions = await audit_actions(running_bot)
    rina.press_button("➖ Cabut: Operator PPID")
    await running_bot.deliver()
    assert rina.last_text() == "Cabut peran Operator PPID dari Siti?"
    assert button_labels(rina) == ["Ya, cabut peran", "Batal"]
    assert await services.users.has_role(790301, "operator")  # nothing yet: it asks first
    rina.press_button("Ya, cabut peran")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == "Peran dicabut."
    # Siti held no other role: she is no longer staff, so the list is shown again.
    assert (rina.last_text() or "").startswith("Daftar petugas (1 orang)\n• Rina: Admin PPID")
    assert not await services.users.has_role(790301, "operator")
    row = await services.db.fetch_one("SELECT revoked_by, revoked_at FROM user_roles WHERE telegram_id = 790301")
    assert row is not None and row["revoked_by"] == ADMIN_ID and row["revoked_at"] is not None
    assert await audit_actions(running_bot) == [*actions, "role.revoke"]

    siti.send_command("/bantuan")
    await running_bot.deliver()
    assert (siti.last_text() or "").startswith(REFUSAL)


async def test_cancelling_a_revocation_changes_nothing(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await register(running_bot, 790311, "Siti", "operator")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Siti")
    actions = await audit_actions(running_bot)
    rina.press_button("➖ Cabut: Operator PPID")
    await running_bot.deliver()
    rina.press_button("Batal")
    await running_bot.deliver()
    assert rina.last_text() == "Siti\nPeran saat ini:\n• Operator PPID"
    assert await services.users.has_role(790311, "operator")
    assert await audit_actions(running_bot) == actions


async def test_a_stale_confirmation_is_answered_and_changes_nothing(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    await register(running_bot, 790321, "Siti", "operator")
    await grant_role(services, ADMIN_ID, 790321, "utama")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Siti")
    rina.press_button("➖ Cabut: Operator PPID")
    await running_bot.deliver()
    confirmation = rina.last_message()
    assert confirmation is not None
    rina.press(confirmation, "stf:revok:790321:operator")
    await running_bot.deliver()
    actions = await audit_actions(running_bot)
    rina.press(confirmation, "stf:revok:790321:operator")  # a double tap, or an old message
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == "Petugas ini sudah tidak memegang peran itu."
    assert answer["show_alert"] is True
    assert await audit_actions(running_bot) == actions
    assert [g.role for g in await services.users.active_roles(790321)] == ["utama"]


async def test_adding_roles_with_buttons(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinkes = await add_unit(services, ADMIN_ID, "Dinas Kesehatan")
    await register(running_bot, 790401, "Siti", "operator")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Siti")
    rina.press_button("➕ Tambah peran")
    await running_bot.deliver()
    assert rina.last_text() == "Tambah peran untuk Siti:"
    assert button_labels(rina) == ["Admin PPID", "PPID Pelaksana", "PPID Utama", "« Kembali"]  # not Operator again
    actions = await audit_actions(running_bot)
    rina.press_button("PPID Utama")
    await running_bot.deliver()
    assert rina.last_callback_answer()["text"] == "Peran ditambahkan."  # type: ignore[index]
    assert rina.last_text() == "Siti\nPeran saat ini:\n• Operator PPID\n• PPID Utama"

    rina.press_button("➕ Tambah peran")
    await running_bot.deliver()
    rina.press_button("PPID Pelaksana")
    await running_bot.deliver()
    assert rina.last_text() == "Pilih unit PPID Pelaksana untuk Siti:"
    assert button_labels(rina) == ["Dinas Kesehatan", "« Kembali"]
    rina.press_button("Dinas Kesehatan")
    await running_bot.deliver()
    assert rina.last_text() == (
        "Siti\nPeran saat ini:\n• Operator PPID\n• PPID Pelaksana – Dinas Kesehatan\n• PPID Utama"
    )
    grants = await services.users.active_roles(790401)
    assert {(g.role, g.unit_id, g.granted_by) for g in grants} == {
        ("operator", None, ADMIN_ID),
        ("utama", None, ADMIN_ID),
        ("pelaksana", dinkes.id, ADMIN_ID),
    }
    assert await audit_actions(running_bot) == [*actions, "role.grant", "role.grant"]

    # Granting what is already held changes nothing and writes nothing.
    rina.press(rina.last_message(), "stf:gr:790401:utama")  # type: ignore[arg-type]
    await running_bot.deliver()
    assert rina.last_callback_answer()["text"] == "Petugas ini sudah memegang peran itu."  # type: ignore[index]
    assert await audit_actions(running_bot) == [*actions, "role.grant", "role.grant"]


async def test_the_last_admin_cannot_be_removed(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Rina")
    rina.press_button("➖ Cabut: Admin PPID")
    await running_bot.deliver()
    rina.press_button("Ya, cabut peran")
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["show_alert"] is True
    assert answer["text"] == "Tidak bisa: ini Admin PPID terakhir. Tambahkan Admin PPID lain dulu agar kantor tidak terkunci."
    assert rina.last_text() == "Rina\nPeran saat ini:\n• Admin PPID"

    rina.press_button("⛔ Nonaktifkan petugas")
    await running_bot.deliver()
    rina.press_button("Ya, nonaktifkan")
    await running_bot.deliver()
    assert rina.last_callback_answer()["text"].startswith("Tidak bisa: ini Admin PPID terakhir.")  # type: ignore[index]
    assert await services.users.has_role(ADMIN_ID, "admin")
    assert await audit_actions(running_bot) == ["role.grant"]

    # With a second admin, the first one may step down.
    await register(running_bot, 790501, "Tono", "admin")
    await revoke_role(services, 790501, ADMIN_ID, "admin")
    assert not await services.users.has_role(ADMIN_ID, "admin")
    with pytest.raises(OnboardingError) as refused:
        await deactivate_person(services, 790501, 790501)
    assert refused.value.reason == "last_admin"


async def test_deactivating_a_person(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    dinsos = await add_unit(services, ADMIN_ID, "Dinas Sosial")
    budi = await register(running_bot, 790601, "Budi", "pelaksana", dinsos.id)
    await grant_role(services, ADMIN_ID, 790601, "utama")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await open_card(running_bot, rina, "Budi")
    actions = await audit_actions(running_bot)
    rina.press_button("⛔ Nonaktifkan petugas")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Nonaktifkan Budi?\nSemua perannya dicabut")
    rina.press_button("Ya, nonaktifkan")
    await running_bot.deliver()
    assert rina.last_callback_answer()["text"] == "Petugas dinonaktifkan."  # type: ignore[index]
    assert (rina.last_text() or "").startswith("Budi telah dinonaktifkan.\n\nDaftar petugas (1 orang)")
    user = await services.users.get(790601)
    assert user is not None and not user.active
    assert await services.db.fetch_value(
        "SELECT COUNT(*) FROM user_roles WHERE telegram_id = 790601 AND revoked_at IS NULL"
    ) == 0
    assert await audit_actions(running_bot) == [*actions, "user.deactivate"]
    entry = (await services.audit.entries(services.db))[-1]
    assert entry.details == {
        "revoked": [{"role": "pelaksana", "unit_id": dinsos.id}, {"role": "utama", "unit_id": None}],
        "invites_revoked": [],
    }

    budi.send_command("/tugas")
    await running_bot.deliver()
    assert (budi.last_text() or "").startswith(REFUSAL)

    # A new invite brings him back with only the invited role.
    token, _ = await create_invite(services, ADMIN_ID, "operator")
    budi.send_command("/start", token)
    await running_bot.deliver()
    assert "Peran Bapak/Ibu: Operator PPID." in (budi.last_text() or "")
    assert [g.role for g in await services.users.active_roles(790601)] == ["operator"]


async def test_non_admin_is_refused_on_every_staff_command_and_button(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    siti = await register(running_bot, 790701, "Siti", "operator")
    await register(running_bot, 790702, "Budi", "utama")
    roles_before = await services.db.fetch_all("SELECT * FROM user_roles ORDER BY id")
    actions = await audit_actions(running_bot)
    for command in ("/staf", "/unit", "/undang"):
        siti.send_command(command)
        await running_bot.deliver()
        assert siti.last_text() == NOT_ADMIN, command
    forged = [
        "stf:ls:0",
        "stf:p:790702",
        f"stf:rev:{ADMIN_ID}:admin",
        f"stf:revok:{ADMIN_ID}:admin",
        "stf:revok:790702:utama",
        "stf:gr:790701:admin",
        "stf:offok:790702",
        "unit:add",
        "unit:ren:1",
        "unit:ls:0",
    ]
    for data in forged:
        siti.press(siti.last_message(), data)  # type: ignore[arg-type]
        await running_bot.deliver()
        answer = siti.last_callback_answer()
        assert answer is not None and answer["text"] == NOT_ADMIN and answer["show_alert"] is True, data
    assert [tuple(r) for r in await services.db.fetch_all("SELECT * FROM user_roles ORDER BY id")] == [
        tuple(r) for r in roles_before
    ]
    assert await services.db.fetch_value("SELECT COUNT(*) FROM units") == 0
    assert await audit_actions(running_bot) == actions


async def test_an_admin_whose_role_was_revoked_cannot_use_old_buttons(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    tono = await register(running_bot, 790801, "Tono", "admin")
    await grant_role(services, ADMIN_ID, 790801, "operator")
    await register(running_bot, 790802, "Siti", "operator")
    await open_card(running_bot, tono, "Siti")
    card = tono.last_message()
    await revoke_role(services, ADMIN_ID, 790801, "admin")
    actions = await audit_actions(running_bot)
    tono.press_button("⛔ Nonaktifkan petugas", card)
    await running_bot.deliver()
    assert tono.last_callback_answer()["text"] == NOT_ADMIN  # type: ignore[index]
    tono.press(card, "stf:offok:790802")  # type: ignore[arg-type]
    await running_bot.deliver()
    assert tono.last_callback_answer()["text"] == NOT_ADMIN  # type: ignore[index]
    assert await services.users.has_role(790802, "operator")
    assert await audit_actions(running_bot) == actions


async def test_malformed_staff_buttons_are_answered(running_bot: BotUnderTest) -> None:
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/staf")
    await running_bot.deliver()
    malformed = (
        "stf:rev:abc:admin",
        "stf:gr:1:boss",
        "stf:",
        "stf:p:1:2",
        "unit:kind:opd",
        "unit:ren:x",
        "unit:ren:1\n",
        "unit:add\n",
        "lang:fr",
    )
    for data in malformed:
        rina.press(rina.last_message(), data)  # type: ignore[arg-type]
        await running_bot.deliver()
        answer = rina.last_callback_answer()
        assert answer is not None and answer["text"].startswith("Tombol ini tidak dikenal"), data
    rina.press(rina.last_message(), "stf:p:123456")  # type: ignore[arg-type]
    await running_bot.deliver()
    answer = rina.last_callback_answer()
    assert answer is not None and answer["text"] == "Petugas itu tidak ditemukan atau sudah nonaktif."
    assert await audit_actions(running_bot) == ["role.grant"]


# -- /unit ------------------------------------------------------------------------------------------


async def test_units_add_and_rename(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/unit")
    await running_bot.deliver()
    assert rina.last_text() == "Unit terdaftar (0)\nBelum ada unit terdaftar. Ketuk Tambah unit untuk menambahkan."
    rina.press_button("➕ Tambah unit")
    await running_bot.deliver()
    assert rina.last_text() == "Jenis unit baru?" and button_labels(rina) == ["OPD", "Bidang"]
    rina.press_button("OPD")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Ketik nama unit baru (OPD)")
    rina.send_text("  Dinas   Sosial ")
    await running_bot.deliver()
    assert rina.last_text() == "✅ Unit Dinas Sosial (OPD) ditambahkan.\nKetik /unit untuk melihat daftar unit."
    dinsos = await services.units.find_by_name("Dinas Sosial")
    assert dinsos is not None and dinsos.kind == "opd" and dinsos.name == "Dinas Sosial"
    assert await audit_actions(running_bot) == ["role.grant", "unit.add"]

    # A duplicate name (any case) is refused clearly, and the next name is taken.
    rina.send_command("/unit")
    await running_bot.deliver()
    rina.press_button("➕ Tambah unit")
    await running_bot.deliver()
    rina.press_button("Bidang")
    await running_bot.deliver()
    rina.send_text("dinas sosial")
    await running_bot.deliver()
    assert rina.last_text() == "Nama itu sudah dipakai unit lain. Ketik nama lain, atau /batal."
    assert await services.db.fetch_value("SELECT COUNT(*) FROM units") == 1
    rina.send_text("Bidang Sekretariat")
    await running_bot.deliver()
    assert rina.last_text() == (
        "✅ Unit Bidang Sekretariat (Bidang) ditambahkan.\nKetik /unit untuk melihat daftar unit."
    )
    assert await audit_actions(running_bot) == ["role.grant", "unit.add", "unit.add"]

    rina.send_command("/unit")
    await running_bot.deliver()
    assert rina.last_text() == (
        "Unit terdaftar (2)\n• Bidang Sekretariat (Bidang)\n• Dinas Sosial (OPD)\n\n"
        "Ketuk nama unit untuk mengganti namanya."
    )
    assert button_labels(rina) == [
        "➕ Tambah unit", "✏️ Bidang Sekretariat", IMPORT_BUTTON, "✏️ Dinas Sosial", IMPORT_BUTTON,
    ]
    rina.press_button("✏️ Dinas Sosial")
    await running_bot.deliver()
    assert rina.last_text() == "Ketik nama baru untuk Dinas Sosial.\nKetik /batal untuk membatalkan."
    rina.send_text("BIDANG SEKRETARIAT")
    await running_bot.deliver()
    assert rina.last_text() == "Nama itu sudah dipakai unit lain. Ketik nama lain, atau /batal."
    rina.send_text("Dinas Sosial P3A")
    await running_bot.deliver()
    assert rina.last_text() == "✅ Nama unit diganti: Dinas Sosial → Dinas Sosial P3A."
    renamed = await services.units.get(dinsos.id)
    assert renamed is not None and renamed.name == "Dinas Sosial P3A"
    assert await audit_actions(running_bot) == ["role.grant", "unit.add", "unit.add", "unit.rename"]
    entry = (await services.audit.entries(services.db))[-1]
    assert entry.details == {"from": "Dinas Sosial", "to": "Dinas Sosial P3A"}

    # The flow is over: plain text is not taken as a name any more.
    rina.send_text("Dinas Lain")
    await running_bot.deliver()
    assert rina.last_text() == "Maaf, saya tidak memahami pesan itu. Ketik /bantuan untuk melihat perintah."
    assert (await services.audit.verify(services.db)).ok


async def test_unit_flow_can_be_cancelled_and_guards_its_input(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/unit")
    await running_bot.deliver()
    rina.press_button("➕ Tambah unit")
    await running_bot.deliver()
    rina.send_text("Dinas Sosial")  # a button was expected
    await running_bot.deliver()
    assert rina.last_text() == "Mohon jawab sesuai pesan sebelumnya (pilih tombolnya atau ketik jawabannya), atau ketik /batal untuk membatalkan."
    rina.press_button("OPD")
    await running_bot.deliver()
    rina.send_document(b"%PDF-1.4", "surat.pdf")
    await running_bot.deliver()
    assert rina.last_text() == "Mohon ketik nama unit sebagai pesan teks, atau /batal untuk membatalkan."
    rina.send_text("x" * 101)
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Nama unit harus diisi, paling banyak 100 karakter.")
    rina.send_command("/batal")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Dibatalkan. Tidak ada yang berubah.")
    rina.send_text("Dinas Sosial")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Maaf, saya tidak memahami pesan itu.")
    assert await services.db.fetch_value("SELECT COUNT(*) FROM units") == 0
    assert await audit_actions(running_bot) == ["role.grant"]
    # A kind button from the finished flow is stale.
    rina.press(rina.messages()[1], "unit:kind:opd")
    await running_bot.deliver()
    assert rina.last_callback_answer()["text"].startswith("Tombol ini tidak dikenal")  # type: ignore[index]


async def test_unit_pages(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    for n in range(9):
        await add_unit(services, ADMIN_ID, f"Dinas {n}")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    rina.send_command("/unit")
    await running_bot.deliver()
    assert (rina.last_text() or "").startswith("Unit terdaftar (9)\nHalaman 1 dari 2")
    rina.press_button("Berikutnya ▶")
    await running_bot.deliver()
    assert button_labels(rina) == ["➕ Tambah unit", "✏️ Dinas 8", IMPORT_BUTTON, "◀ Sebelumnya"]


# -- /bahasa ----------------------------------------------------------------------------------------


async def test_language_switch(running_bot: BotUnderTest) -> None:
    services = running_bot.app.services
    siti = await register(running_bot, 790901, "Siti", "operator")
    actions = await audit_actions(running_bot)
    siti.send_command("/bahasa")
    await running_bot.deliver()
    assert siti.last_text() == "Pilih bahasa / Choose your language:"
    assert button_labels(siti) == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    siti.press_button("🇬🇧 English")
    await running_bot.deliver()
    assert siti.last_text() == "Language set to English."
    assert siti.last_callback_answer()["text"] == "Language set to English."  # type: ignore[index]
    user = await services.users.get(790901)
    assert user is not None and user.language == "en"
    assert await audit_actions(running_bot) == [*actions, "user.language"]

    siti.send_command("/bantuan")
    await running_bot.deliver()
    assert (siti.last_text() or "").startswith("Available commands:")
    siti.send_command("/undang")
    await running_bot.deliver()
    assert siti.last_text() == "Sorry, only an Admin PPID can do this."

    # Choosing the same language again writes nothing.
    siti.send_command("/bahasa")
    await running_bot.deliver()
    siti.press_button("🇬🇧 English")
    await running_bot.deliver()
    assert await audit_actions(running_bot) == [*actions, "user.language"]
    siti.send_command("/bahasa")
    await running_bot.deliver()
    assert siti.last_text() == "Choose your language / Pilih bahasa:"
    siti.press_button("🇮🇩 Bahasa Indonesia")
    await running_bot.deliver()
    assert siti.last_text() == "Bahasa diganti ke Bahasa Indonesia."
    user = await services.users.get(790901)
    assert user is not None and user.language == "id"


# -- the domain re-checks the actor itself --------------------------------------------------------


async def test_domain_functions_recheck_the_actor_and_inputs(running_bot: BotUnderTest) -> None:
    from bot.onboarding import rename_unit, set_language

    services = running_bot.app.services
    dinsos = await add_unit(services, ADMIN_ID, "Dinas Sosial")
    await register(running_bot, 791001, "Siti", "operator")
    actions = await audit_actions(running_bot)
    refused_calls = [
        ("not_admin", grant_role(services, 791001, 791001, "admin")),
        ("not_admin", revoke_role(services, 791001, ADMIN_ID, "admin")),
        ("not_admin", deactivate_person(services, 791001, ADMIN_ID)),
        ("not_admin", add_unit(services, 791001, "Dinas Baru")),
        ("not_admin", rename_unit(services, 791001, dinsos.id, "Dinas Lain")),
        ("not_admin", create_invite(services, 791001, "operator")),
        ("unknown_person", grant_role(services, ADMIN_ID, 999999, "operator")),
        ("unit_required", grant_role(services, ADMIN_ID, 791001, "pelaksana")),
        ("unit_not_allowed", grant_role(services, ADMIN_ID, 791001, "utama", dinsos.id)),
        ("unknown_unit", grant_role(services, ADMIN_ID, 791001, "pelaksana", 4242)),
        ("bad_role", grant_role(services, ADMIN_ID, 791001, "boss")),
        ("not_held", revoke_role(services, ADMIN_ID, 791001, "utama")),
        ("unknown_person", deactivate_person(services, ADMIN_ID, 999999)),
        ("unknown_unit", rename_unit(services, ADMIN_ID, 4242, "Dinas Lain")),
        ("bad_unit_name", add_unit(services, ADMIN_ID, "   ")),
        ("bad_unit_kind", add_unit(services, ADMIN_ID, "Dinas Baru", "kantor")),
        ("duplicate_unit", add_unit(services, ADMIN_ID, "DINAS SOSIAL")),
        ("not_registered", set_language(services, 999999, "en")),
        ("bad_language", set_language(services, 791001, "fr")),
    ]
    for reason, call in refused_calls:
        with pytest.raises(OnboardingError) as refused:
            await call
        assert refused.value.reason == reason
    assert await audit_actions(running_bot) == actions
    assert await services.db.fetch_value("SELECT COUNT(*) FROM units") == 1
    assert [g.role for g in await services.users.active_roles(791001)] == ["operator"]
    # Renaming to the same name, or changing only its case, is fine.
    assert (await rename_unit(services, ADMIN_ID, dinsos.id, "Dinas Sosial")).name == "Dinas Sosial"
    assert await audit_actions(running_bot) == actions
    assert (await rename_unit(services, ADMIN_ID, dinsos.id, "DINAS SOSIAL")).name == "DINAS SOSIAL"
    assert await audit_actions(running_bot) == [*actions, "unit.rename"]
