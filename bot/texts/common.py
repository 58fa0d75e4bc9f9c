"""Texts shared by every flow: refusal, welcome, help, errors, stale buttons."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "refusal": {
        "id": (
            "Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.\n"
            "Jika Anda petugas, mintalah tautan undangan kepada admin PPID.\n"
            "Untuk mencari informasi publik yang sudah diumumkan, ketik /cari dan kata kuncinya, "
            "misalnya: /cari laporan keuangan\n\n"
            "<i>Sorry, this bot is only for registered PPID staff. If you are staff, ask a PPID "
            "admin for an invite link. To search published public information, type /cari and a "
            "keyword.</i>"
        ),
        "en": (
            "Sorry, this bot is only for registered PPID staff.\n"
            "If you are staff, ask a PPID admin for an invite link.\n"
            "To search published public information, type /cari and a keyword, e.g. /cari laporan keuangan"
        ),
    },
    "refusal_short": {
        "id": "Maaf, Anda belum terdaftar sebagai petugas PPID.",
        "en": "Sorry, you are not registered as PPID staff.",
    },
    "welcome": {
        "id": "Selamat datang, <b>{name}</b>.\nPeran Anda: {roles}.",
        "en": "Welcome, <b>{name}</b>.\nYour roles: {roles}.",
    },
    "commands_heading": {"id": "Perintah yang tersedia:", "en": "Available commands:"},
    "help_footer": {
        "id": "Ketik /batal kapan saja untuk membatalkan langkah yang sedang berjalan.",
        "en": "Type /batal at any time to cancel the step in progress.",
    },
    "error_generic": {
        "id": (
            "Maaf, terjadi gangguan pada sistem. Data yang sudah Anda kirim tetap aman. "
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
        "id": "Dibatalkan. Tidak ada yang berubah. Ketik /tugas untuk melihat tugas Anda.",
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
        "id": "Untuk mengirim berkas draf, buka /tugas lalu tekan tombol Unggah draf pada tugas Anda.",
        "en": "To send a draft file, open /tugas and press the Upload draft button of your task.",
    },
    "error_disk_full": {
        "id": "Penyimpanan server penuh; data Anda belum tersimpan, tidak ada yang hilang. Admin sudah diberi tahu.",
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
