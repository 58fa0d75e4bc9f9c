"""The checklist of required information (`bot/data/informasi_wajib_berkala.toml`): its import
from `/unit`, once per unit, and `/kepatuhan`'s list of what each unit still lacks.

Driven through the sandbox chat as an admin would: `/unit`, the "📋 Impor informasi wajib" button
beside a unit; the database is read to check what the import wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bot.required_info as required_info
from bot.public_search import may_be_public
from bot.register import edit_item
from bot.required_info import RequiredInfoError, load_required_info, parse_required_info
from bot.sandbox import SimUser
from handlers.register_buttons import Reactivate, ViewItem
from handlers.required_info import UnitImportRequired
from tests.bot.cycle_helpers import Office
from tests.conftest import ADMIN_ID

NOT_ADMIN = "Maaf, hanya Admin PPID yang dapat melakukan ini."
HEADING = "Informasi wajib berkala yang belum ada di register"


async def import_for(office: Office, someone: SimUser, unit_id: int) -> None:
    """`/unit`, then the import button of the unit (pressed on the list as shown)."""
    someone.send_command("/unit")
    await office.deliver()
    office_list = someone.last_message()
    assert office_list is not None
    someone.press(office_list, UnitImportRequired(unit_id).pack())
    await office.deliver()


async def imported_rows(office: Office, unit_id: int) -> list[dict[str, object]]:
    rows = await office.services.db.fetch_all(
        "SELECT id, summary, category, period, form, status, required_info_key, next_due_at FROM info_items"
        " WHERE unit_id = ? AND required_info_key IS NOT NULL ORDER BY id",
        (unit_id,),
    )
    return [dict(row) for row in rows]


async def complete(office: Office, item_id: int) -> None:
    """The admin fills in the fields an imported item starts without (as the ✏️ Ubah flow does)."""
    for field, value in (
        ("responsible", "Kepala Bagian Umum"), ("made_time_place", "Pontianak, 2026"), ("retention", "5 tahun"),
    ):
        await edit_item(office.services, ADMIN_ID, item_id, field, value)


async def reactivate(office: Office, item_id: int) -> None:
    """The admin opens the item's card from /informasi and taps "✅ Aktifkan lagi"."""
    office.admin.send_command("/informasi")
    await office.deliver()
    await office.press_on_last(office.admin, ViewItem(item_id).pack())
    await office.press_on_last(office.admin, Reactivate(item_id).pack())


async def missing_section(office: Office, someone: SimUser) -> str:
    """The part of `/kepatuhan`'s answer that lists the required information lacking."""
    before = len(someone.texts())
    someone.send_command("/kepatuhan")
    await office.deliver()
    found = [text for text in someone.texts()[before:] if HEADING in text]
    assert len(found) == 1, someone.texts()[before:]
    return found[0]


def test_the_shipped_checklist_loads_with_a_unique_key_per_entry() -> None:
    entries = load_required_info()
    assert len(entries) >= 10
    assert len({entry.key for entry in entries}) == len(entries)
    keys = {entry.key for entry in entries}
    assert {"profil", "program_kegiatan", "kinerja", "laporan_keuangan", "pengadaan", "peringatan_dini"} <= keys
    assert all(entry.source.startswith(("UU 14/2008", "Perki 1/2021")) for entry in entries)


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ('[[entries]]\nkey = "a"\nsummary = "Profil badan publik"\nperiod = "weekly"\nform = "soft"\nsource = "x"\n',
         "entries[0].period"),
        ('[[entries]]\nkey = "a"\nsummary = "Profil badan publik"\nperiod = "yearly"\nform = "soft"\n', "entries[0].source"),
        ('[[entries]]\nkey = "a"\nsummary = "Profil badan publik"\nperiod = "yearly"\nform = "soft"\nsource = "x"\n'
         '[[entries]]\nkey = "a"\nsummary = "Profil lain lagi"\nperiod = "yearly"\nform = "soft"\nsource = "x"\n',
         "entries[1].key"),
        ('[[entries]]\nkey = "Bad Key"\nsummary = "Profil badan publik"\nperiod = "yearly"\nform = "soft"\nsource = "x"\n',
         "entries[0].key"),
        ("title = 'nothing'\n", "entries"),
    ],
)
def test_a_broken_checklist_is_refused_with_its_place(text: str, location: str) -> None:
    with pytest.raises(RequiredInfoError) as caught:
        parse_required_info(text, "wajib.toml")
    assert caught.value.location == location
    assert str(caught.value).startswith(f"wajib.toml: {location}: ")


async def test_the_import_creates_one_inactive_item_per_entry_and_a_second_adds_nothing(office: Office) -> None:
    entries = load_required_info()
    rina = office.admin
    await import_for(office, rina, office.unit_id)
    assert rina.last_callback_answer() is not None
    assert rina.last_text() == (
        f"Dinas Sosial: {len(entries)} butir informasi wajib berkala ditambahkan ke register sebagai nonaktif"
        " (belum tampil untuk publik).\n"
        "Bapak/Ibu silakan melengkapi penanggung jawab, waktu dan tempat pembuatan, serta jangka waktu"
        " penyimpanannya lewat /informasi, lalu mengaktifkannya."
    )
    rows = await imported_rows(office, office.unit_id)
    assert [(row["required_info_key"], row["summary"], row["period"], row["form"]) for row in rows] == [
        (entry.key, entry.summary, entry.period, entry.form) for entry in entries
    ]
    assert {(row["category"], row["status"]) for row in rows} == {("berkala", "inactive")}
    assert all(row["next_due_at"] for row in rows)  # reactivated, it enters the sweep
    for row in rows:  # never public until completed, reactivated and published
        assert not await may_be_public(office.services, int(row["id"]))  # type: ignore[arg-type]
    audit = await office.services.audit.entries(office.services.db, entity_type="unit", entity_id=office.unit_id)
    imports = [entry for entry in audit if entry.action == "item.import_required"]
    assert len(imports) == 1
    assert json.loads(json.dumps(imports[0].details))["items"] == {row["required_info_key"]: row["id"] for row in rows}
    assert await imported_rows(office, office.other_unit_id) == []  # only the unit asked for

    await import_for(office, rina, office.unit_id)
    assert rina.last_text() == (
        f"Dinas Sosial sudah memiliki semua {len(entries)} butir informasi wajib berkala: tidak ada yang ditambahkan."
    )
    assert await imported_rows(office, office.unit_id) == rows
    audit = await office.services.audit.entries(office.services.db, entity_type="unit", entity_id=office.unit_id)
    assert [entry.action for entry in audit].count("item.import_required") == 1


async def test_each_unit_gets_its_own_items_and_a_deactivated_one_is_not_imported_again(office: Office) -> None:
    await import_for(office, office.admin, office.unit_id)
    first = await imported_rows(office, office.unit_id)
    await import_for(office, office.admin, office.other_unit_id)
    assert len(await imported_rows(office, office.other_unit_id)) == len(first)
    # Completed, reactivated, then taken out again: the entry stays imported for that unit.
    item_id = int(first[0]["id"])  # type: ignore[call-overload]
    await complete(office, item_id)
    await reactivate(office, item_id)
    assert await office.db_value("SELECT status FROM info_items WHERE id = ?", item_id) == "active"
    async with office.services.db.transaction() as conn:
        await office.services.items.set_status(conn, item_id, "inactive")
    await import_for(office, office.admin, office.unit_id)
    assert len(await imported_rows(office, office.unit_id)) == len(first)


async def test_kepatuhan_lists_what_each_unit_lacks_and_follows_the_register(office: Office) -> None:
    entries = load_required_info()
    rina = office.admin
    section = await missing_section(office, rina)
    assert f"Dinas Kesehatan: belum ada satu pun dari {len(entries)} butir" in section
    assert f"Dinas Sosial: belum ada satu pun dari {len(entries)} butir" in section

    # A hand-registered item of the same name is not the checklist's entry; imported (inactive)
    # items are still to complete: nothing changes.
    await office.add_item("Informasi tentang pengumuman pengadaan barang dan jasa")
    await import_for(office, rina, office.unit_id)
    assert f"Dinas Sosial: belum ada satu pun dari {len(entries)} butir" in await missing_section(office, rina)

    # The admin reactivates one from its card: refused until its fields are filled in; then it is
    # in the register.
    procurement = await office.db_value(
        "SELECT id FROM info_items WHERE unit_id = ? AND required_info_key = 'pengadaan'", office.unit_id
    )
    await reactivate(office, int(procurement))  # not complete yet: refused
    answer = rina.last_callback_answer()
    assert answer is not None and answer["show_alert"] is True
    assert answer["text"].startswith("Informasi ini belum lengkap: isi dulu penanggung jawab")
    assert await office.db_value("SELECT status FROM info_items WHERE id = ?", procurement) == "inactive"
    assert f"Dinas Sosial: belum ada satu pun dari {len(entries)} butir" in await missing_section(office, rina)
    await complete(office, int(procurement))
    await reactivate(office, int(procurement))
    assert await office.db_value("SELECT status FROM info_items WHERE id = ?", procurement) == "active"
    section = await missing_section(office, rina)
    sosial = section.split("Dinas Sosial")[1]
    kesehatan = section.split("Dinas Sosial")[0].split("Dinas Kesehatan")[1]
    assert f"(kurang {len(entries) - 1}):" in sosial
    assert "• Informasi tentang pengumuman pengadaan barang dan jasa" not in sosial
    assert "• Profil badan publik: kedudukan, tugas dan fungsi" in sosial  # each entry still lacking is named
    assert f"belum ada satu pun dari {len(entries)} butir" in kesehatan

    # A PPID Pelaksana sees their own unit only.
    section = await missing_section(office, office.pelaksana)
    assert "Dinas Sosial" in section and "Dinas Kesehatan" not in section


async def test_someone_who_is_not_an_admin_is_refused_and_nothing_is_added(office: Office) -> None:
    oki = office.operator
    oki.send_command("/unit")
    await office.deliver()
    assert oki.last_text() == NOT_ADMIN
    # A forged press of the button (the operator never had the list) is refused too.
    office.admin.send_command("/unit")
    await office.deliver()
    oki.send_command("/start")
    await office.deliver()
    last = oki.last_message()
    assert last is not None
    oki.press(last, UnitImportRequired(office.unit_id).pack())
    await office.deliver()
    answer = oki.last_callback_answer()
    assert answer is not None and answer["text"] == NOT_ADMIN
    assert await imported_rows(office, office.unit_id) == []


async def test_an_unknown_unit_is_refused_with_a_pop_up(office: Office) -> None:
    await import_for(office, office.admin, 999999)
    answer = office.admin.last_callback_answer()
    assert answer is not None and answer["show_alert"] is True
    assert answer["text"] == "Unit itu tidak ditemukan atau sudah nonaktif."
    assert await office.db_value("SELECT COUNT(*) FROM info_items WHERE required_info_key IS NOT NULL") == 0


async def test_a_broken_data_file_is_refused_with_its_place_and_nothing_is_added(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "wajib.toml"
    broken.write_text(
        '[[entries]]\nkey = "profil"\nsummary = "Profil badan publik"\nperiod = "setiap_saat"\nform = "soft"\nsource = "x"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(required_info, "DATA_PATH", broken)
    await import_for(office, office.admin, office.unit_id)
    shown = office.admin.last_text() or ""
    assert shown.startswith("Daftar informasi wajib tidak dapat dipakai, tidak ada yang ditambahkan.")
    assert f"{broken}: entries[0].period: harus salah satu dari: monthly, quarterly, semester, yearly" in shown
    assert await office.db_value("SELECT COUNT(*) FROM info_items WHERE required_info_key IS NOT NULL") == 0
