"""Texts of the checklist of required information (`bot.required_info`): its import from `/unit`
and its section of `/kepatuhan`, see `bot.texts`."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "req_btn_import": {"id": "📋 Impor informasi wajib", "en": "📋 Import required information"},
    "req_imported": {
        "id": (
            "<b>{unit}</b>: {count} butir informasi wajib berkala ditambahkan ke register sebagai "
            "<b>nonaktif</b> (belum tampil untuk publik).\n"
            "Bapak/Ibu silakan melengkapi penanggung jawab, waktu dan tempat pembuatan, serta jangka "
            "waktu penyimpanannya lewat /informasi, lalu mengaktifkannya."
        ),
        "en": (
            "<b>{unit}</b>: {count} required berkala entries were added to the register as "
            "<b>inactive</b> (not shown to the public).\n"
            "Please complete the person responsible, time and place made and retention period "
            "through /informasi, then reactivate them."
        ),
    },
    "req_nothing_new": {
        "id": "<b>{unit}</b> sudah memiliki semua {count} butir informasi wajib berkala: tidak ada yang ditambahkan.",
        "en": "<b>{unit}</b> already has all {count} required berkala entries: nothing was added.",
    },
    "req_err_unit": {
        "id": "Unit itu tidak ditemukan atau sudah nonaktif.",
        "en": "That unit was not found or is inactive.",
    },
    "req_err_file": {
        "id": "Daftar informasi wajib tidak dapat dipakai, tidak ada yang ditambahkan.\n<code>{error}</code>",
        "en": "The list of required information cannot be used; nothing was added.\n<code>{error}</code>",
    },
    "req_err_incomplete": {
        "id": (
            "Informasi ini belum lengkap: isi dulu penanggung jawab, waktu dan tempat pembuatan, serta "
            "jangka waktu penyimpanannya (✏️ Ubah), lalu aktifkan."
        ),
        "en": (
            "This item is not complete yet: fill in the person responsible, time and place made and "
            "retention period first (✏️ Edit), then reactivate it."
        ),
    },
    "req_missing_heading": {
        "id": "<b>Informasi wajib berkala yang belum ada di register</b>",
        "en": "<b>Required berkala information not yet in the register</b>",
    },
    "req_missing_unit": {
        "id": "<b>{unit}</b> (kurang {count}):",
        "en": "<b>{unit}</b> ({count} missing):",
    },
    "req_missing_all": {
        "id": "<b>{unit}</b>: belum ada satu pun dari {count} butir",
        "en": "<b>{unit}</b>: none of the {count} entries yet",
    },
    "req_missing_entry": {"id": "• {summary}", "en": "• {summary}"},
    "req_missing_none": {
        "id": "Semua unit sudah memiliki seluruh informasi wajib berkala di register.",
        "en": "Every unit has all the required berkala information in the register.",
    },
    "req_missing_hint": {
        "id": "Admin PPID dapat mengimpornya per unit lewat /unit, lalu melengkapinya.",
        "en": "An Admin PPID can import them per unit through /unit, then complete them.",
    },
}
