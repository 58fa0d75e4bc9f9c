"""Texts of onboarding and staff administration: invites, `/staf`, `/unit`, `/bahasa` (see `bot.texts`).

Every key starts with `onb_`. Refusals of the domain (`bot.onboarding.OnboardingError`) are
`onb_err_<reason>`; invite outcomes are `onb_invite_<outcome>`. Texts used as a callback answer
stay under Telegram's 200 characters.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- /start <token> ----------------------------------------------------------------------------
    "onb_registered": {
        "id": "✅ Pendaftaran Bapak/Ibu berhasil.",
        "en": "✅ You are registered.",
    },
    "onb_invite_expired": {
        "id": "Maaf, tautan undangan ini sudah kedaluwarsa.\nMintalah tautan baru kepada Admin PPID.",
        "en": "Sorry, this invite link has expired.\nAsk an Admin PPID for a new link.",
    },
    "onb_invite_used": {
        "id": (
            "Maaf, tautan undangan ini sudah digunakan.\n"
            "Setiap tautan hanya berlaku untuk satu orang. Mintalah tautan baru kepada Admin PPID."
        ),
        "en": "Sorry, this invite link has already been used.\nEach link works once. Ask an Admin PPID for a new link.",
    },
    "onb_invite_unknown": {
        "id": (
            "Maaf, tautan undangan ini tidak dikenal.\n"
            "Pastikan Anda membuka tautan lengkap dari Admin PPID, atau mintalah tautan baru."
        ),
        "en": "Sorry, this invite link is not valid.\nOpen the full link from an Admin PPID, or ask for a new one.",
    },
    "onb_invite_revoked": {
        "id": "Maaf, tautan undangan ini sudah dibatalkan oleh Admin PPID.\nMintalah tautan baru bila diperlukan.",
        "en": "Sorry, an Admin PPID has cancelled this invite link.\nAsk for a new link if needed.",
    },
    "onb_joined_notice": {
        "id": "👋 <b>{name}</b> telah bergabung sebagai {role}.",
        "en": "👋 <b>{name}</b> has joined as {role}.",
    },
    "onb_new_admin_by_invite": {
        "id": "👑 <b>{name}</b> kini menjadi Admin PPID, lewat undangan dari {by}.",
        "en": "👑 <b>{name}</b> is now an Admin PPID, through an invite from {by}.",
    },
    "onb_new_admin_by_grant": {
        "id": "👑 <b>{name}</b> kini menjadi Admin PPID, diberikan oleh {by}.",
        "en": "👑 <b>{name}</b> is now an Admin PPID, granted by {by}.",
    },
    # -- roles and units as shown in lists and on buttons -----------------------------------------
    "onb_role_admin": {"id": "Admin PPID", "en": "Admin PPID"},  # one name per role, `bot.texts.role_name`
    "onb_role_operator": {"id": "Operator PPID", "en": "Operator PPID"},
    "onb_role_pelaksana": {"id": "PPID Pelaksana", "en": "PPID Pelaksana"},
    "onb_role_utama": {"id": "PPID Utama", "en": "PPID Utama"},
    "onb_role_with_unit": {"id": "{role} – {unit}", "en": "{role} – {unit}"},
    "onb_kind_opd": {"id": "OPD", "en": "OPD"},
    "onb_kind_bidang": {"id": "Bidang", "en": "Division (bidang)"},
    # -- /undang -----------------------------------------------------------------------------------
    "onb_invite_choose_role": {
        "id": "<b>Undang petugas</b>\nPilih peran untuk petugas baru:",
        "en": "<b>Invite staff</b>\nChoose the role of the new member of staff:",
    },
    "onb_invite_choose_unit": {
        "id": "<b>Undang PPID Pelaksana</b>\nPilih unitnya:",
        "en": "<b>Invite a PPID Pelaksana</b>\nChoose the unit:",
    },
    "onb_no_units": {
        "id": "Belum ada unit terdaftar. Tambahkan unit dulu dengan /unit.",
        "en": "There are no units yet. Add one first with /unit.",
    },
    "onb_invite_created": {
        "id": (
            "Tautan undangan untuk <b>{role}</b>:\n{link}\n\n"
            "Berlaku sampai <b>{expires}</b> dan hanya untuk satu orang.\n"
            "Kirimkan tautan ini langsung kepada petugas yang bersangkutan."
        ),
        "en": (
            "Invite link for <b>{role}</b>:\n{link}\n\n"
            "Valid until <b>{expires}</b>, for one person only.\n"
            "Send this link directly to the person concerned."
        ),
    },
    "onb_invite_done": {"id": "Tautan undangan dibuat.", "en": "Invite link created."},
    "onb_open_invites_heading": {
        "id": "<b>Undangan terbuka</b> ({count}), tekan ❌ untuk membatalkan:",
        "en": "<b>Open invites</b> ({count}), press ❌ to cancel one:",
    },
    "onb_open_invite_line": {
        "id": "• #{id} {role}: dibuat {created} oleh {by}, berlaku sampai {expires}",
        "en": "• #{id} {role}: made {created} by {by}, valid until {expires}",
    },
    "onb_btn_revoke_invite": {"id": "❌ Batalkan #{id} {role}", "en": "❌ Cancel #{id} {role}"},
    "onb_invite_revoked_done": {"id": "Undangan dibatalkan.", "en": "Invite cancelled."},
    "onb_invite_not_open": {
        "id": "Undangan ini sudah tidak terbuka: sudah dipakai, dibatalkan, atau kedaluwarsa.",
        "en": "This invite is no longer open: it was used, cancelled or has expired.",
    },
    # -- /staf -------------------------------------------------------------------------------------
    "onb_staff_heading": {
        "id": "<b>Daftar petugas</b> ({count} orang)",
        "en": "<b>Staff</b> ({count} people)",
    },
    "onb_staff_hint": {
        "id": "Ketuk nama untuk menambah atau mencabut peran.",
        "en": "Tap a name to add or revoke roles.",
    },
    "onb_page": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
    "onb_person_card": {
        "id": "<b>{name}</b>{username}\nPeran saat ini:",
        "en": "<b>{name}</b>{username}\nCurrent roles:",
    },
    "onb_choose_grant_role": {
        "id": "Tambah peran untuk <b>{name}</b>:",
        "en": "Add a role for <b>{name}</b>:",
    },
    "onb_choose_grant_unit": {
        "id": "Pilih unit PPID Pelaksana untuk <b>{name}</b>:",
        "en": "Choose the PPID Pelaksana unit for <b>{name}</b>:",
    },
    "onb_confirm_revoke": {
        "id": "Cabut peran <b>{role}</b> dari <b>{name}</b>?",
        "en": "Revoke the role <b>{role}</b> from <b>{name}</b>?",
    },
    "onb_confirm_deactivate": {
        "id": (
            "Nonaktifkan <b>{name}</b>?\n"
            "Semua perannya dicabut dan ia tidak dapat memakai bot ini lagi sampai diundang kembali."
        ),
        "en": (
            "Deactivate <b>{name}</b>?\n"
            "All their roles are revoked and they cannot use this bot until invited again."
        ),
    },
    "onb_granted": {"id": "Peran ditambahkan.", "en": "Role added."},
    "onb_already_held": {"id": "Petugas ini sudah memegang peran itu.", "en": "This person already holds that role."},
    "onb_revoked": {"id": "Peran dicabut.", "en": "Role revoked."},
    "onb_deactivated": {
        "id": "<b>{name}</b> telah dinonaktifkan.",
        "en": "<b>{name}</b> has been deactivated.",
    },
    "onb_deactivated_short": {"id": "Petugas dinonaktifkan.", "en": "Staff member deactivated."},
    "onb_cancelled_short": {"id": "Dibatalkan.", "en": "Cancelled."},
    # -- /unit -------------------------------------------------------------------------------------
    "onb_units_heading": {"id": "<b>Unit terdaftar</b> ({count})", "en": "<b>Units</b> ({count})"},
    "onb_units_empty": {
        "id": "Belum ada unit terdaftar. Ketuk <b>Tambah unit</b> untuk menambahkan.",
        "en": "There are no units yet. Tap <b>Add unit</b> to add one.",
    },
    "onb_units_hint": {
        "id": "Ketuk nama unit untuk mengganti namanya.",
        "en": "Tap a unit to rename it.",
    },
    "onb_unit_choose_kind": {"id": "Jenis unit baru?", "en": "What kind of unit?"},
    "onb_unit_ask_name": {
        "id": "Ketik nama unit baru ({kind}), misalnya <i>Dinas Sosial</i>.\nKetik /batal untuk membatalkan.",
        "en": "Type the name of the new unit ({kind}), e.g. <i>Dinas Sosial</i>.\nType /batal to cancel.",
    },
    "onb_unit_ask_rename": {
        "id": "Ketik nama baru untuk <b>{name}</b>.\nKetik /batal untuk membatalkan.",
        "en": "Type the new name for <b>{name}</b>.\nType /batal to cancel.",
    },
    "onb_unit_need_text": {
        "id": "Mohon ketik nama unit sebagai pesan teks, atau /batal untuk membatalkan.",
        "en": "Please type the unit name as a text message, or /batal to cancel.",
    },
    "onb_unit_added": {
        "id": "✅ Unit <b>{name}</b> ({kind}) ditambahkan.\nKetik /unit untuk melihat daftar unit.",
        "en": "✅ Unit <b>{name}</b> ({kind}) added.\nType /unit to see the units.",
    },
    "onb_unit_renamed": {
        "id": "✅ Nama unit diganti: <b>{old}</b> → <b>{new}</b>.",
        "en": "✅ Unit renamed: <b>{old}</b> → <b>{new}</b>.",
    },
    "onb_unit_unchanged": {"id": "Nama unit tidak berubah.", "en": "The unit name did not change."},
    # -- /bahasa -----------------------------------------------------------------------------------
    "onb_language_choose": {
        "id": "Pilih bahasa / <i>Choose your language</i>:",
        "en": "Choose your language / <i>Pilih bahasa</i>:",
    },
    "onb_language_set": {
        "id": "Bahasa diganti ke Bahasa Indonesia.",
        "en": "Language set to English.",
    },
    # -- buttons -----------------------------------------------------------------------------------
    "onb_btn_lang_id": {"id": "🇮🇩 Bahasa Indonesia", "en": "🇮🇩 Bahasa Indonesia"},
    "onb_btn_lang_en": {"id": "🇬🇧 English", "en": "🇬🇧 English"},
    "onb_btn_person": {"id": "👤 {name}", "en": "👤 {name}"},
    "onb_btn_add_role": {"id": "➕ Tambah peran", "en": "➕ Add a role"},
    "onb_btn_revoke": {"id": "➖ Cabut: {role}", "en": "➖ Revoke: {role}"},
    "onb_btn_deactivate": {"id": "⛔ Nonaktifkan petugas", "en": "⛔ Deactivate"},
    "onb_btn_confirm_revoke": {"id": "Ya, cabut peran", "en": "Yes, revoke"},
    "onb_btn_confirm_deactivate": {"id": "Ya, nonaktifkan", "en": "Yes, deactivate"},
    "onb_btn_cancel": {"id": "Batal", "en": "Cancel"},
    "onb_btn_back": {"id": "« Kembali", "en": "« Back"},
    "onb_btn_staff_list": {"id": "« Daftar petugas", "en": "« Staff list"},
    "onb_btn_prev": {"id": "◀ Sebelumnya", "en": "◀ Previous"},
    "onb_btn_next": {"id": "Berikutnya ▶", "en": "Next ▶"},
    "onb_btn_add_unit": {"id": "➕ Tambah unit", "en": "➕ Add unit"},
    "onb_btn_rename_unit": {"id": "✏️ {name}", "en": "✏️ {name}"},
    # -- refusals ----------------------------------------------------------------------------------
    "onb_bad_button": {
        "id": "Tombol ini tidak dikenal atau sudah tidak berlaku. Silakan ketik perintahnya lagi.",
        "en": "This button is unknown or no longer valid. Please type the command again.",
    },
    "onb_err_not_admin": {
        "id": "Maaf, hanya Admin PPID yang dapat melakukan ini.",
        "en": "Sorry, only an Admin PPID can do this.",
    },
    "onb_err_not_registered": {
        "id": "Maaf, Anda belum terdaftar sebagai petugas PPID.",
        "en": "Sorry, you are not registered as PPID staff.",
    },
    "onb_err_bad_role": {"id": "Peran itu tidak dikenal.", "en": "That role is not known."},
    "onb_err_unit_required": {
        "id": "PPID Pelaksana harus dipilihkan unitnya.",
        "en": "A PPID Pelaksana needs a unit.",
    },
    "onb_err_unit_not_allowed": {
        "id": "Peran ini tidak terikat pada unit.",
        "en": "This role is not tied to a unit.",
    },
    "onb_err_unknown_unit": {
        "id": "Unit itu tidak ditemukan atau sudah nonaktif.",
        "en": "That unit was not found or is inactive.",
    },
    "onb_err_unknown_person": {
        "id": "Petugas itu tidak ditemukan atau sudah nonaktif.",
        "en": "That person was not found or is no longer active.",
    },
    "onb_err_not_held": {
        "id": "Petugas ini sudah tidak memegang peran itu.",
        "en": "This person no longer holds that role.",
    },
    "onb_err_last_admin": {
        "id": "Tidak bisa: ini Admin PPID terakhir. Tambahkan Admin PPID lain dulu agar kantor tidak terkunci.",
        "en": "Not possible: this is the last admin. Add another admin first so the office is not locked out.",
    },
    "onb_err_bad_unit_name": {
        "id": "Nama unit harus diisi, paling banyak 100 karakter. Ketik lagi, atau /batal.",
        "en": "The unit name must be given, at most 100 characters. Type it again, or /batal.",
    },
    "onb_err_bad_unit_kind": {
        "id": "Jenis unit harus OPD atau bidang.",
        "en": "A unit is either an OPD or a division (bidang).",
    },
    "onb_err_duplicate_unit": {
        "id": "Nama itu sudah dipakai unit lain. Ketik nama lain, atau /batal.",
        "en": "Another unit already has that name. Type another name, or /batal.",
    },
    "onb_err_bad_language": {"id": "Bahasa itu tidak tersedia.", "en": "That language is not available."},
    # -- the gate: private chats only, and no floods ----------------------------------------------
    "onb_private_only": {
        "id": (
            "Bot ini hanya melayani staf lewat obrolan pribadi, tidak di grup atau kanal.\n"
            "Silakan buka obrolan pribadi dengan bot ini untuk bekerja."
        ),
        "en": (
            "This bot serves staff in private chats only, not in groups or channels.\n"
            "Please open a private chat with the bot to work."
        ),
    },
    "onb_private_only_short": {
        "id": "Bot ini hanya melayani staf lewat obrolan pribadi. Tombol ini tidak berlaku di sini.",
        "en": "This bot serves staff in private chats only. This button does nothing here.",
    },
    "onb_too_many_requests": {
        "id": "Terlalu banyak permintaan, coba lagi sebentar lagi.",
        "en": "Too many requests, please try again in a little while.",
    },
    "onb_backlog_full": {
        "id": (
            "Terlalu banyak pesan sekaligus: sebagian tidak diproses.\n"
            "Tunggu jawaban bot, lalu kirim lagi yang masih perlu."
        ),
        "en": "Too many messages at once: some were not handled.\nWait for the bot's answers, then send again what is still needed.",
    },
}
