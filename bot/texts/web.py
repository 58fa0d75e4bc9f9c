"""Texts of the public web site (`web/`, see `bot.texts`). Every key starts with `web_`.

Read by the public, not by staff: the reader is "Anda". Plain text (the templates escape it), no
HTML. Each page's texts are in its own section.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- every page (base.html, error.html) --
    "web_site_title": {"id": "PPID {organisation}", "en": "PPID {organisation}"},
    "web_skip": {"id": "Langsung ke isi", "en": "Skip to content"},
    "web_nav_label": {"id": "Menu utama", "en": "Main menu"},
    "web_nav_home": {"id": "Beranda", "en": "Home"},
    "web_nav_dip": {"id": "Daftar Informasi Publik", "en": "Public information list"},
    "web_nav_exempt": {"id": "Informasi yang Dikecualikan", "en": "Exempt information"},
    "web_nav_search": {"id": "Cari", "en": "Search"},
    "web_other_language": {"id": "English", "en": "Bahasa Indonesia"},
    "web_footer": {
        "id": "Diumumkan oleh PPID {organisation} sesuai UU 14/2008 tentang Keterbukaan Informasi Publik.",
        "en": "Announced by the PPID of {organisation} under Law 14/2008 on Public Information Disclosure.",
    },
    "web_feeds": {"id": "Umpan Atom dan data terbuka:", "en": "Atom feed and open data:"},
    "web_error_404": {
        "id": "Halaman tidak ditemukan. Mungkin informasinya sudah ditarik atau alamatnya salah.",
        "en": "Page not found. The information may have been withdrawn, or the address is wrong.",
    },
    "web_error_400": {
        "id": "Permintaan tidak dapat dipahami. Periksa alamat atau pilihan filter Anda.",
        "en": "The request could not be understood. Check the address or your filter choices.",
    },
    "web_error_405": {"id": "Cara permintaan ini tidak didukung.", "en": "This kind of request is not supported."},
    "web_error_500": {
        "id": "Maaf, terjadi gangguan. Silakan coba lagi beberapa saat lagi.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "web_error_back": {"id": "Kembali ke Beranda", "en": "Back to the home page"},
    "web_page_of": {"id": "Halaman {number} dari {count}", "en": "Page {number} of {count}"},
    "web_previous": {"id": "« Sebelumnya", "en": "« Previous"},
    "web_next": {"id": "Berikutnya »", "en": "Next »"},
    "web_pages_label": {"id": "Halaman", "en": "Pages"},
    # -- Beranda (web/pages/home.py) --
    "web_home_heading": {"id": "Pengumuman terbaru", "en": "Latest announcements"},
    "web_home_none": {"id": "Belum ada informasi yang diumumkan.", "en": "Nothing has been announced yet."},
    "web_banner_heading": {"id": "Pengumuman serta merta", "en": "Immediate announcement"},
    "web_published_on": {"id": "Diumumkan {time}", "en": "Announced {time}"},
    "web_see_item": {"id": "Lihat informasi dan dokumennya", "en": "See the information and its documents"},
    # -- DIP, open data (web/pages/dip.py, opendata.py) --
    # -- Dikecualikan (web/pages/exempt.py) --
    # -- item page, files, feed (web/pages/item.py, files.py, feeds.py) --
    # -- Cari (web/pages/search.py) --
    # -- static export and demo (web/export.py) --
    # `ppid-bot web-export DIR` (bot/cli.py) and the demo's site (bot/demo.py): printed on the
    # console for the office's administrator, Indonesian then English in brackets.
    "web_export_done": {
        "id": "Situs statis ditulis: {pages} halaman dan {files} berkas di {directory}",
        "en": "Static site written: {pages} pages and {files} files in {directory}",
    },
    "web_export_missing": {
        "id": "Perhatian: {count} tautan di halaman situs tidak ditemukan (404 atau 4xx lain) dan tidak ditulis, mis. {example}",
        "en": "Note: {count} links of the site's pages were not found (404 or another 4xx) and were not written, e.g. {example}",
    },
    "web_export_unsafe": {
        "id": "Perhatian: {count} tautan dilewati karena alamatnya tidak dapat menjadi nama berkas yang aman, mis. {example}",
        "en": "Note: {count} links were left out because their address cannot be a safe file name, e.g. {example}",
    },
    "web_export_refused": {"id": "Ekspor situs ditolak: {reason}", "en": "Static export refused: {reason}"},
    "web_export_failed": {
        "id": "Ekspor situs gagal: halaman {path} menjawab {status}; folder {directory} tidak diubah",
        "en": "Static export failed: the page {path} answered {status}; {directory} was not changed",
    },
    "web_export_not_written": {
        "id": "Ekspor situs gagal: tidak dapat menulis di {directory} ({reason}); folder itu tidak diubah",
        "en": "Static export failed: cannot write in {directory} ({reason}); the folder was not changed",
    },
    "web_demo_site": {
        "id": "Situs web publik demo berjalan di {address}; halaman yang dapat Anda buka",
        "en": "the demo's public web site runs at {address}; pages you can open",
    },
    "web_demo_port_taken": {
        "id": "Alamat {wanted} sedang dipakai program lain; situs demo memakai {address}",
        "en": "{wanted} is in use by another program; the demo's site uses {address}",
    },
    "web_demo_site_off": {
        "id": "Situs web publik tidak dijalankan: WEB_ADDRESS kosong",
        "en": "The public web site is off: WEB_ADDRESS is empty",
    },
    "web_demo_site_failed": {
        "id": "Situs web publik demo tidak dapat dijalankan: {reason}",
        "en": "The demo's public web site cannot start: {reason}",
    },
    "web_demo_page_home": {"id": "Beranda", "en": "Home"},
    "web_demo_page_dip": {"id": "Daftar Informasi Publik", "en": "Public information list"},
    "web_demo_page_item": {"id": "Halaman informasi yang baru diumumkan", "en": "The page of the item just announced"},
    "web_demo_page_exempt": {"id": "Daftar Informasi yang Dikecualikan", "en": "Exempt information list"},
    "web_demo_page_search": {"id": "Cari", "en": "Search"},
    "web_demo_page_feed": {"id": "Umpan Atom pengumuman", "en": "Atom feed of announcements"},
    "web_demo_page_english": {"id": "Versi bahasa Inggris", "en": "In English"},
    "web_demo_stay": {
        "id": "Situs tetap berjalan sampai Anda menekan Ctrl+C",
        "en": "The site keeps running until you press Ctrl+C",
    },
}
