"""Texts shared by every flow: refusal, welcome, help, errors, stale buttons."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "refusal": {
        "id": (
            "Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.\n"
            "Jika Anda petugas, mintalah tautan undangan kepada Admin PPID.\n"
            "Untuk mencari informasi publik yang sudah diumumkan, ketik /cari dan kata kuncinya, "
            "misalnya: /cari laporan keuangan\n\n"
            "<i>Sorry, this bot is only for registered PPID staff. If you are staff, ask the Admin PPID "
            "for an invite link. To search published public information, type /cari and a "
            "keyword.</i>"
        ),
        "en": (
            "Sorry, this bot is only for registered PPID staff.\n"
            "If you are staff, ask the Admin PPID for an invite link.\n"
            "To search published public information, type /cari and a keyword, e.g. /cari laporan keuangan"
        ),
    },
    "refusal_short": {
        "id": "Maaf, Anda belum terdaftar sebagai petugas PPID.",
        "en": "Sorry, you are not registered as PPID staff.",
    },
    "refusal_roles_revoked": {
        "id": "Maaf, peran Bapak/Ibu sebagai petugas PPID sudah dicabut, jadi tombol ini tidak berlaku lagi.",
        "en": "Sorry, your PPID staff roles have been revoked, so this button no longer applies.",
    },
    "welcome": {
        "id": "Selamat datang, <b>{name}</b>.\nPeran Bapak/Ibu: {roles}.",
        "en": "Welcome, <b>{name}</b>.\nYour roles: {roles}.",
    },
    "commands_heading": {"id": "Perintah yang tersedia:", "en": "Available commands:"},
    "cmd_group_tasks": {"id": "<b>📌 Tugas dan SOP</b>", "en": "<b>📌 Tasks and the SOP</b>"},
    "cmd_group_register": {"id": "<b>🗂 Daftar Informasi Publik</b>", "en": "<b>🗂 Register of public information</b>"},
    "cmd_group_reports": {"id": "<b>📊 Laporan</b>", "en": "<b>📊 Reports</b>"},
    "cmd_group_admin": {"id": "<b>🔑 Khusus Admin PPID</b>", "en": "<b>🔑 Admin PPID only</b>"},
    "cmd_group_general": {"id": "<b>⚙️ Umum</b>", "en": "<b>⚙️ General</b>"},
    "kb_tasks": {"id": "📌 Tugas saya", "en": "📌 My tasks"},
    "kb_help": {"id": "❓ Bantuan", "en": "❓ Help"},
    "help_footer": {
        "id": "Ketik /batal kapan saja untuk membatalkan langkah yang sedang berjalan.",
        "en": "Type /batal at any time to cancel the step in progress.",
    },
    "error_generic": {
        "id": (
            "Maaf, terjadi gangguan pada sistem. Data yang sudah Bapak/Ibu kirim tetap aman. "
            "Silakan coba lagi sebentar lagi."
        ),
        "en": "Sorry, something went wrong. What you already sent is safe. Please try again shortly.",
    },
    "error_polling_conflict": {
        "id": (
            "Bot dihentikan: Telegram melaporkan bot lain sedang mengambil pesan dengan token yang sama "
            "(409 Conflict). Hentikan bot yang lain itu, atau buat token baru di @BotFather, lalu jalankan lagi."
        ),
        "en": "(Stopped: another bot instance polls with the same token.)",
    },
    "error_token_revoked": {
        "id": (
            "Bot dihentikan: Telegram menolak token saat bot berjalan (401 Unauthorized; token dicabut atau "
            "diganti di @BotFather?). Isi TELEGRAM_BOT_TOKEN dengan token yang berlaku, lalu jalankan lagi."
        ),
        "en": "(Stopped: Telegram rejected the token while the bot was running.)",
    },
    "unknown_input": {
        "id": "Maaf, saya tidak memahami pesan itu. Ketik /bantuan untuk melihat perintah.",
        "en": "Sorry, I did not understand that. Type /bantuan to see the commands.",
    },
    "stale_button": {
        "id": "Tombol ini sudah tidak berlaku. Ketik /bantuan untuk melihat perintah.",
        "en": "This button is no longer valid. Type /bantuan to see the commands.",
    },
    "cancelled": {
        "id": "Dibatalkan. Tidak ada yang berubah. Ketik /tugas untuk melihat tugas Bapak/Ibu.",
        "en": "Cancelled. Nothing was changed. Type /tugas to see your tasks.",
    },
    "nothing_to_cancel": {
        "id": "Tidak ada langkah yang sedang berjalan.",
        "en": "There is no step in progress.",
    },
    "use_buttons": {
        "id": "Mohon jawab sesuai pesan sebelumnya (pilih tombolnya atau ketik jawabannya), atau ketik /batal untuk membatalkan.",
        "en": "Please answer the previous message (choose its button or type your answer), or type /batal to cancel.",
    },
    "not_allowed": {
        "id": "Maaf, langkah ini hanya untuk {role}.",
        "en": "Sorry, this step is only for {role}.",
    },
    "file_without_task": {
        "id": (
            "Berkas ini tidak disimpan: saat ini tidak ada draf yang sedang Bapak/Ibu siapkan (langkah 3). "
            "Berkas draf diterima bila ada tugas Unggah draf di /tugas."
        ),
        "en": (
            "This file was not kept: there is no draft you are preparing now (step 3). "
            "Draft files are taken when /tugas shows an Upload draft task."
        ),
    },
    "stray_file_handed_away": {
        "id": (
            "Berkas ini tidak disimpan: langkah {step} \"{summary}\" sudah diserahkan admin kepada {name}, yang kini "
            "mengunggah drafnya. Bila berkas ini diperlukan, kirimkan kepada beliau."
        ),
        "en": (
            "This file was not kept: an admin handed step {step} of \"{summary}\" to {name}, who uploads its draft "
            "now. If the file is needed, send it to them."
        ),
    },
    "stray_file_sm_fix": {
        "id": (
            "Berkas ini tidak disimpan: pengumuman serta merta \"{summary}\" yang dikembalikan diperbaiki lewat "
            "tombol \"✏️ Perbaiki pengumuman\". Tekan tombol di bawah, lalu kirim lagi berkasnya di sana."
        ),
        "en": (
            "This file was not kept: the returned immediate announcement \"{summary}\" is corrected through "
            "\"✏️ Correct the announcement\". Press the button below, then send the file again there."
        ),
    },
    "stray_file_taken": {
        "id": "📎 Berkas ini dimasukkan ke draf \"{summary}\", satu-satunya draf yang sedang Bapak/Ibu siapkan.",
        "en": "📎 This file goes into the draft of \"{summary}\", the one draft you are preparing.",
    },
    "stray_file_which": {
        "id": "Berkas <b>{name}</b> untuk draf yang mana? Bapak/Ibu sedang menyiapkan beberapa draf:",
        "en": "Which draft is <b>{name}</b> for? You are preparing several drafts:",
    },
    "stray_file_replaced": {
        "id": "Berkas {name} yang dikirim sebelumnya belum masuk draf mana pun dan tidak disimpan; kirim lagi bila perlu.",
        "en": "The file {name} sent before went into no draft and was not kept; send it again if needed.",
    },
    "stray_file_gone": {
        "id": "Berkas yang menunggu sudah tidak ada. Silakan kirim berkasnya lagi.",
        "en": "The waiting file is gone. Please send the file again.",
    },
    "error_disk_full": {
        "id": "Penyimpanan server penuh; data Bapak/Ibu belum tersimpan, tidak ada yang hilang. Admin PPID sudah diberi tahu.",
        "en": "The server's storage is full; your data was not saved yet, nothing was lost. The admins have been told.",
    },
    "error_db_busy": {
        "id": "Server sedang sibuk; silakan coba lagi sebentar lagi.",
        "en": "The server is busy; please try again in a moment.",
    },
    "admin_disk_full": {
        "id": (
            "⚠️ <b>Penyimpanan server penuh</b> (atau gangguan disk): perubahan terakhir ditolak dan tidak "
            "tersimpan; data yang sudah ada tetap utuh.\n"
            "Kosongkan ruang disk server, lalu minta petugas mengulang langkahnya.\n"
            "Kesalahan: <code>{error}</code>\n"
            "<i>Peringatan ini dikirim paling banyak sekali per jam.</i>"
        ),
        "en": (
            "⚠️ <b>The server's storage is full</b> (or the disk fails): the last change was refused and not "
            "saved; the data already stored is intact.\n"
            "Free disk space on the server, then ask the staff to repeat their step.\n"
            "Error: <code>{error}</code>\n"
            "<i>This warning is sent at most once an hour.</i>"
        ),
    },
}
