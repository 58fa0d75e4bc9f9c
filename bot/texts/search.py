"""Texts of the public search, `/cari` (see `bot.texts`). Every key starts with `search_`.

Anyone may read these, staff or not. People who are not staff cannot choose a language, so the
Indonesian texts they may need to understand the command also carry an English line.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "search_usage": {
        "id": (
            "🔎 <b>Cari informasi publik</b>\n"
            "Ketik /cari lalu kata kuncinya, misalnya:\n"
            "<code>/cari anggaran kesehatan</code>\n"
            "Yang dapat dicari hanya informasi yang sudah diumumkan di kanal publik.\n\n"
            "<i>Search the published public information: type /cari and your keywords, "
            "e.g. /cari anggaran kesehatan.</i>"
        ),
        "en": (
            "🔎 <b>Search public information</b>\n"
            "Type /cari and your keywords, for example:\n"
            "<code>/cari anggaran kesehatan</code>\n"
            "Only information already announced in the public channel can be found."
        ),
    },
    "search_no_words": {
        "id": (
            "Maaf, tidak ada kata kunci yang dapat dicari di situ. Gunakan huruf atau angka, "
            "misalnya <code>/cari laporan keuangan 2026</code>. Kata umum seperti \"dan\", \"yang\", "
            "\"di\" diabaikan.\n\n"
            "<i>Sorry, there is nothing to search for in that. Use letters or digits, "
            "e.g. /cari laporan keuangan 2026.</i>"
        ),
        "en": (
            "Sorry, there is nothing to search for in that. Use letters or digits, "
            "e.g. <code>/cari laporan keuangan 2026</code>. Common words such as \"dan\", \"yang\", "
            "\"di\" are ignored."
        ),
    },
    "search_header": {
        "id": "🔎 <b>Hasil pencarian:</b> <i>{keywords}</i>",
        "en": "🔎 <b>Search results:</b> <i>{keywords}</i>",
    },
    "search_range": {
        "id": "Hasil {first}–{last} dari {total} (halaman {page} dari {pages})",
        "en": "Results {first}–{last} of {total} (page {page} of {pages})",
    },
    "search_result": {
        "id": "<b>{number}. {title}</b>\nKategori: {category}\nUnit: {unit}\nDiumumkan: {date}",
        "en": "<b>{number}. {title}</b>\nCategory: {category}\nUnit: {unit}\nPublished: {date}",
    },
    "search_result_link": {
        "id": '<a href="{link}">🔗 Lihat di kanal publik</a>',
        "en": '<a href="{link}">🔗 See it in the public channel</a>',
    },
    "search_result_data_link": {
        "id": '<a href="{link}">📊 Unduh File Informasi Data</a>',
        "en": '<a href="{link}">📊 Download the data file</a>',
    },
    "search_result_web_link": {
        "id": '<a href="{link}">🌐 Lihat di situs web PPID</a>',
        "en": '<a href="{link}">🌐 See it on the PPID web site</a>',
    },
    "search_none": {
        "id": (
            "🔎 Tidak ada informasi publik yang cocok dengan <i>{keywords}</i>.\n"
            "Coba kata kunci lain atau lebih sedikit kata, misalnya nama unit atau jenis dokumen."
        ),
        "en": (
            "🔎 No public information matches <i>{keywords}</i>.\n"
            "Try other or fewer keywords, for example a unit's name or a kind of document."
        ),
    },
    "search_btn_previous": {"id": "◀ Sebelumnya", "en": "◀ Previous"},
    "search_btn_next": {"id": "Berikutnya ▶", "en": "Next ▶"},
    "search_stale_button": {
        "id": "Tombol pencarian ini tidak berlaku. Kirim /cari dengan kata kunci untuk mencari lagi.",
        "en": "This search button is not valid. Send /cari with your keywords to search again.",
    },
}
