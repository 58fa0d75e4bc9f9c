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
    "web_dip_heading": {"id": "Daftar Informasi Publik", "en": "Public information list"},
    "web_dip_intro": {
        "id": "Daftar Informasi Publik (DIP) memuat informasi publik yang dikuasai PPID {organisation}, dengan kolom yang"
        " ditetapkan Perki 1/2021. Daftar ini sendiri juga informasi publik.",
        "en": "The public information list (DIP) holds the public information of the PPID of {organisation}, with the"
        " columns the Information Commission's regulation 1/2021 sets. The list itself is public information.",
    },
    "web_dip_count_all": {"id": "{count} informasi publik", "en": "{count} public information items"},
    "web_dip_count_filtered": {
        "id": "{count} informasi publik sesuai pilihan Anda", "en": "{count} public information items match your choice",
    },
    "web_dip_filters_label": {"id": "Saring daftar", "en": "Filter the list"},
    "web_dip_filter_category": {"id": "Kategori", "en": "Category"},
    "web_dip_filter_unit": {"id": "Unit", "en": "Unit"},
    "web_dip_filter_year": {"id": "Tahun diumumkan", "en": "Year announced"},
    "web_dip_all_categories": {"id": "Semua kategori", "en": "All categories"},
    "web_dip_all_units": {"id": "Semua unit", "en": "All units"},
    "web_dip_all_years": {"id": "Semua tahun", "en": "All years"},
    "web_dip_apply": {"id": "Tampilkan", "en": "Show"},
    "web_dip_reset": {"id": "Tampilkan semua", "en": "Show all"},
    "web_dip_caption": {
        "id": "Daftar Informasi Publik, menurut ringkasan isi (halaman {number} dari {count})",
        "en": "Public information list, by summary (page {number} of {count})",
    },
    "web_dip_none_all": {"id": "Belum ada informasi publik yang diumumkan.", "en": "No public information has been announced yet."},
    "web_dip_none_filtered": {
        "id": "Tidak ada informasi publik yang sesuai pilihan Anda.", "en": "No public information matches your choice.",
    },
    "web_dip_blank": {"id": "—", "en": "—"},
    "web_dip_open_data": {"id": "Unduh seluruh daftar sebagai data terbuka:", "en": "Download the whole list as open data:"},
    "web_dip_static_note": {
        "id": "Halaman ini tidak dapat disaring. Seluruh daftar ada dalam CSV dan JSON di bawah, untuk disaring di"
        " aplikasi lembar kerja Anda.",
        "en": "This page cannot be filtered. The whole list is in the CSV and JSON below, to filter in your spreadsheet.",
    },
    # -- Dikecualikan (web/pages/exempt.py) --
    "web_exempt_heading": {"id": "Daftar Informasi yang Dikecualikan", "en": "List of exempt information"},
    "web_exempt_law": {
        "id": "UU 14/2008 tentang Keterbukaan Informasi Publik mewajibkan daftar ini terbuka untuk umum. Isi informasinya"
        " tidak dapat diakses; daftar ini hanya memuat ringkasannya, unitnya, dasar hukum pengecualiannya, dan"
        " jangka waktu pengecualiannya.",
        "en": "Law 14/2008 on Public Information Disclosure requires this list to be public. The information itself"
        " cannot be accessed; the list gives only its summary, its unit, the legal basis of its exemption and the"
        " exemption period.",
    },
    "web_exempt_count": {"id": "{count} informasi dikecualikan", "en": "{count} exempt information items"},
    "web_exempt_caption": {
        "id": "Daftar Informasi yang Dikecualikan, menurut ringkasan (halaman {number} dari {count})",
        "en": "List of exempt information, by summary (page {number} of {count})",
    },
    "web_exempt_col_period": {"id": "Jangka waktu pengecualian", "en": "Exemption period"},
    "web_exempt_period_none": {"id": "Belum dicatat", "en": "Not recorded yet"},
    "web_exempt_period_until": {"id": "sampai dengan {date}", "en": "up to and including {date}"},
    "web_exempt_period_ended": {
        "id": "berakhir pada {date}; sedang diuji ulang",
        "en": "ended on {date}; being tested again",
    },
    "web_exempt_none": {"id": "Tidak ada informasi yang dikecualikan.", "en": "No information is exempt."},
    # -- item page, files, feed (web/pages/item.py, files.py, feeds.py) --
    "web_item_dip_caption": {"id": "Baris Daftar Informasi Publik", "en": "Row of the public information list"},
    "web_item_unit": {"id": "Pejabat/unit yang menguasai", "en": "Official or unit holding it"},
    "web_item_responsible": {"id": "Penanggung jawab", "en": "Person responsible"},
    "web_item_made": {"id": "Waktu dan tempat pembuatan", "en": "Time and place made"},
    "web_item_form": {"id": "Bentuk informasi yang tersedia", "en": "Form available"},
    "web_item_retention": {"id": "Jangka waktu penyimpanan", "en": "Retention period"},
    "web_item_category": {"id": "Kategori", "en": "Category"},
    "web_item_period": {"id": "Periode pembaruan", "en": "Update period"},
    "web_item_last_published": {"id": "Terakhir diumumkan", "en": "Last announced"},
    "web_item_publications": {"id": "Pengumuman", "en": "Announcements"},
    "web_item_files": {"id": "Berkas untuk diunduh", "en": "Files to download"},
    "web_item_no_files": {
        "id": "Pengumuman ini tidak disertai berkas.", "en": "This announcement came without files.",
    },
    "web_item_data_file": {"id": "File Informasi Data", "en": "File Informasi Data (data file)"},
    "web_item_channel": {"id": "Lihat di kanal Telegram", "en": "See it on the Telegram channel"},
    "web_item_data_channel": {
        "id": "File Informasi Data di kanal Telegram", "en": "The data file on the Telegram channel",
    },
    "web_item_announcement": {"id": "Pengumuman serta merta", "en": "Immediate announcement"},
    "web_element_danger": {"id": "Bahaya dan besarnya", "en": "The danger and its size"},
    "web_element_affected": {"id": "Pihak yang berpotensi terdampak", "en": "Who may be affected"},
    "web_element_evacuation": {"id": "Prosedur dan tempat evakuasi", "en": "Evacuation procedure and place"},
    "web_element_avoidance": {"id": "Cara menghindari bahaya", "en": "How to avoid the danger"},
    "web_element_help": {"id": "Cara memperoleh bantuan", "en": "How to get help"},
    "web_element_announcer": {"id": "Pihak yang wajib mengumumkan", "en": "Who must announce it"},
    "web_element_emergency_channel": {
        "id": "Tata cara penyampaian dalam keadaan darurat", "en": "How it is announced in an emergency",
    },
    "web_element_authority_action": {
        "id": "Upaya pemerintah/instansi terkait", "en": "What the government and agencies are doing",
    },
    "web_feed_title": {"id": "Pengumuman PPID {organisation}", "en": "Announcements of the PPID of {organisation}"},
    "web_feed_summary": {"id": "{category} dari {unit}.", "en": "{category} from {unit}."},
    # -- Cari (web/pages/search.py) --
    "web_search_heading": {"id": "Cari informasi publik", "en": "Search public information"},
    "web_search_label": {"id": "Kata kunci", "en": "Keywords"},
    "web_search_hint": {
        "id": "Misalnya: anggaran kesehatan. Yang dapat dicari hanya informasi yang sudah diumumkan.",
        "en": "For example: anggaran kesehatan. Only information already announced can be found.",
    },
    "web_search_button": {"id": "Cari", "en": "Search"},
    "web_search_usage": {
        "id": (
            "Ketik satu kata kunci atau lebih, misalnya nama unit atau jenis dokumen, lalu tekan Cari. "
            "Kata umum seperti “dan”, “yang”, “di” diabaikan."
        ),
        "en": (
            "Type one or more keywords, for example a unit's name or a kind of document, then press Search. "
            "Common Indonesian words such as “dan”, “yang”, “di” are ignored."
        ),
    },
    "web_search_no_words": {
        "id": "Tidak ada kata kunci yang dapat dicari di situ. Gunakan huruf atau angka.",
        "en": "There is nothing to search for in that. Use letters or digits.",
    },
    "web_search_results_label": {"id": "Hasil pencarian", "en": "Search results"},
    "web_search_range": {
        "id": "Hasil {first}–{last} dari {total} untuk “{keywords}”",
        "en": "Results {first}–{last} of {total} for “{keywords}”",
    },
    "web_search_none": {
        "id": (
            "Tidak ada informasi publik yang cocok dengan “{keywords}”. "
            "Coba kata kunci lain atau lebih sedikit kata."
        ),
        "en": "No public information matches “{keywords}”. Try other or fewer keywords.",
    },
    "web_search_title_of": {"id": "Cari: {keywords}", "en": "Search: {keywords}"},
    "web_search_channel": {"id": "Lihat di kanal publik", "en": "See it in the public channel"},
    "web_search_data_file": {"id": "Unduh File Informasi Data di kanal", "en": "Download the data file in the channel"},
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
