"""Texts of /kepatuhan (compliance) and /laporan_tahunan (yearly figures), see `bot.texts`.

Message texts are HTML filled by `t` (values escaped). Labels used in the XLSX files and on the
chart are plain text, read with `raw` (and `str.format` where they take values).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- refusals ------------------------------------------------------------------------------
    "cmp_year_invalid": {
        "id": "Tahun harus berupa angka, misalnya <code>/{command} 2026</code>.",
        "en": "The year must be a number, for example <code>/{command} 2026</code>.",
    },
    "cmp_year_out_of_range": {
        "id": "Tahun {year} di luar jangkauan: pilih tahun {first} sampai {last}.",
        "en": "Year {year} is out of range: choose a year from {first} to {last}.",
    },
    "cmp_not_allowed": {
        "id": "Maaf, laporan ini hanya untuk Admin PPID, Operator PPID, PPID Utama dan PPID Pelaksana.",
        "en": "Sorry, this report is for admins, operators, PPID Utama and PPID Pelaksana only.",
    },
    # -- /kepatuhan ----------------------------------------------------------------------------
    "cmp_heading": {
        "id": "<b>📊 Kepatuhan pengumuman informasi berkala</b>\n{period}{scope}\nPer {now}.",
        "en": "<b>📊 Compliance of periodic information announcements</b>\n{period}{scope}\nAs of {now}.",
    },
    "cmp_scope_units": {"id": " (unit Bapak/Ibu: {units})", "en": " (your units: {units})"},
    "cmp_overall": {
        "id": (
            "Jatuh tempo: <b>{due}</b>\n✅ Tepat waktu: {on_time}\n🟠 Terlambat: {late}\n"
            "🔴 Lewat jatuh tempo: {overdue}\n⏳ Belum jatuh tempo: {pending}\n"
            "Ketepatan waktu: <b>{rate}</b>"
        ),
        "en": (
            "Due: <b>{due}</b>\n✅ On time: {on_time}\n🟠 Late: {late}\n"
            "🔴 Overdue: {overdue}\n⏳ Not yet due: {pending}\n"
            "On-time rate: <b>{rate}</b>"
        ),
    },
    "cmp_lagging_heading": {
        "id": "<b>Unit yang paling tertinggal</b>",
        "en": "<b>Units lagging most</b>",
    },
    "cmp_lagging_line": {
        "id": "{no}. {unit}: {rate} tepat waktu ({late} terlambat, {overdue} lewat jatuh tempo)",
        "en": "{no}. {unit}: {rate} on time ({late} late, {overdue} overdue)",
    },
    "cmp_none_lagging": {
        "id": "Semua yang jatuh tempo diumumkan tepat waktu. 👍",
        "en": "Everything due was announced on time. 👍",
    },
    "cmp_nothing_due": {
        "id": "Tidak ada informasi berkala yang jatuh tempo pada periode ini.",
        "en": "No periodic information falls due in this period.",
    },
    "cmp_files_hint": {
        "id": "Grafik dan tabel lengkap (XLSX) menyusul.",
        "en": "The chart and the full table (XLSX) follow.",
    },
    "cmp_chart_caption": {
        "id": "Kepatuhan per unit, {period}",
        "en": "Compliance per unit, {period}",
    },
    "cmp_xlsx_caption": {
        "id": "Tabel kepatuhan {period}: per unit per bulan, dan total per unit.",
        "en": "Compliance table {period}: per unit per month, and totals per unit.",
    },
    # -- labels (plain text: XLSX, chart) -------------------------------------------------------
    "cmp_months": {
        "id": "Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember",
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
    },
    "cmp_months_short": {
        "id": "Jan,Feb,Mar,Apr,Mei,Jun,Jul,Agu,Sep,Okt,Nov,Des",
        "en": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    },
    "cmp_period": {"id": "{first}–{last} {year}", "en": "{first}–{last} {year}"},
    "cmp_period_one": {"id": "{first} {year}", "en": "{first} {year}"},
    "cmp_title": {
        "id": "Kepatuhan pengumuman informasi berkala per unit",
        "en": "Compliance of periodic information announcements per unit",
    },
    "cmp_col_unit": {"id": "Unit", "en": "Unit"},
    "cmp_col_month": {"id": "Bulan", "en": "Month"},
    "cmp_col_due": {"id": "Jatuh tempo", "en": "Due"},
    "cmp_col_on_time": {"id": "Tepat waktu", "en": "On time"},
    "cmp_col_late": {"id": "Terlambat", "en": "Late"},
    "cmp_col_overdue": {"id": "Lewat jatuh tempo", "en": "Overdue"},
    "cmp_col_pending": {"id": "Belum jatuh tempo", "en": "Not yet due"},
    "cmp_col_rate": {"id": "% tepat waktu", "en": "% on time"},
    "cmp_all_units": {"id": "Semua unit", "en": "All units"},
    "cmp_sheet_months": {"id": "Per unit per bulan", "en": "Per unit per month"},
    "cmp_sheet_totals": {"id": "Total per unit", "en": "Totals per unit"},
    "cmp_preamble_period": {"id": "Periode: {period}", "en": "Period: {period}"},
    "cmp_preamble_now": {"id": "Keadaan per {now}", "en": "As of {now}"},
    "cmp_preamble_rules": {
        "id": (
            "Tepat waktu: diumumkan paling lambat pada tanggal jatuh tempo. Terlambat: diumumkan "
            "sesudahnya. Lewat jatuh tempo: belum diumumkan dan tanggalnya sudah lewat. "
            "% tepat waktu = tepat waktu / (tepat waktu + terlambat + lewat jatuh tempo)."
        ),
        "en": (
            "On time: announced on or before the due date. Late: announced after it. Overdue: not "
            "announced and the date has passed. % on time = on time / (on time + late + overdue)."
        ),
    },
    "cmp_chart_subtitle": {
        "id": "Jumlah informasi berkala yang jatuh tempo, per {now}",
        "en": "Periodic information items due, as of {now}",
    },
    "cmp_chart_more": {
        "id": "Ditampilkan {shown} unit yang paling tertinggal dari {total}; semua unit ada di XLSX.",
        "en": "Showing the {shown} units lagging most out of {total}; every unit is in the XLSX.",
    },
    "cmp_chart_empty": {
        "id": "Tidak ada informasi berkala yang jatuh tempo pada periode ini.",
        "en": "No periodic information falls due in this period.",
    },
    "cmp_file_name": {"id": "kepatuhan_{year}_{first:02d}-{last:02d}.xlsx", "en": "compliance_{year}_{first:02d}-{last:02d}.xlsx"},
    "cmp_chart_name": {"id": "kepatuhan_{year}.png", "en": "compliance_{year}.png"},
    # -- /laporan_tahunan -------------------------------------------------------------------------
    "yr_heading": {
        "id": "<b>📘 Laporan tahunan {year}</b> (untuk Komisi Informasi){scope}\nPer {now}.",
        "en": "<b>📘 Yearly figures {year}</b> (for the Information Commission){scope}\nAs of {now}.",
    },
    "yr_published_heading": {
        "id": "<b>Informasi yang diumumkan, per kategori</b>",
        "en": "<b>Information announced, by category</b>",
    },
    "yr_published_line": {
        "id": "• {category}: {items} informasi, {publications} pengumuman",
        "en": "• {category}: {items} items, {publications} announcements",
    },
    "yr_published_none": {"id": "Belum ada pengumuman pada tahun ini.", "en": "Nothing was announced this year."},
    "yr_rate": {
        "id": "<b>Ketepatan waktu informasi berkala:</b> {rate} ({on_time} dari {decided} jatuh tempo tepat waktu)",
        "en": "<b>On-time rate of periodic information:</b> {rate} ({on_time} of {decided} dues on time)",
    },
    "yr_rate_none": {
        "id": "<b>Ketepatan waktu informasi berkala:</b> belum ada yang jatuh tempo.",
        "en": "<b>On-time rate of periodic information:</b> nothing has fallen due yet.",
    },
    "yr_serta_merta": {
        "id": (
            "<b>Informasi serta merta:</b> {count} siklus, {published} diumumkan; "
            "median selang {median} jam, terlama {longest} jam; {within} dalam {policy} jam (standar SOP)."
        ),
        "en": (
            "<b>Immediate information (serta merta):</b> {count} cycles, {published} announced; "
            "median {median} hours, longest {longest} hours; {within} within {policy} hours (SOP standard)."
        ),
    },
    "yr_serta_merta_none": {
        "id": "<b>Informasi serta merta:</b> tidak ada pada tahun ini.",
        "en": "<b>Immediate information (serta merta):</b> none this year.",
    },
    "yr_serta_merta_unpublished": {
        "id": "<b>Informasi serta merta:</b> {count} siklus, belum ada yang diumumkan.",
        "en": "<b>Immediate information (serta merta):</b> {count} cycles, none announced yet.",
    },
    "yr_files_hint": {
        "id": "Rincian (per kategori, per unit, per bulan, dan daftar serta merta) ada di berkas XLSX.",
        "en": "The details (by category, per unit, per month and the serta merta list) are in the XLSX file.",
    },
    "yr_xlsx_caption": {"id": "Laporan tahunan {year}", "en": "Yearly figures {year}"},
    "yr_file_name": {"id": "laporan_tahunan_{year}.xlsx", "en": "yearly_figures_{year}.xlsx"},
    # -- /laporan_tahunan: the report document (DOCX/PDF from the template, bot/yearly_report.py) ---
    "yrd_not_allowed": {
        "id": "Maaf, laporan tahunan untuk Komisi Informasi hanya dapat dibuat oleh Admin PPID. "
        "Angka kepatuhan per unit tersedia melalui /kepatuhan.",
        "en": "Sorry, only the Admin PPID can make the yearly report for the Information Commission. "
        "The compliance figures per unit are in /kepatuhan.",
    },
    "yrd_template_broken": {
        "id": "Templat laporan tahunan tidak dapat dipakai: {problem}. "
        "Mohon perbaiki templat (TEMPLATE_YEARLY_REPORT) lalu coba lagi.",
        "en": "The yearly report template cannot be used: {problem}. "
        "Please fix the template (TEMPLATE_YEARLY_REPORT) and try again.",
    },
    "yrd_docx_caption": {
        "id": "Laporan tahunan {year} (DOCX, dapat disunting). Bagian bertanda [diisi oleh PPID: ...] mohon "
        "dilengkapi Bapak/Ibu sebelum ditandatangani.",
        "en": "Yearly report {year} (DOCX, editable). Please complete the parts marked [diisi oleh PPID: ...] "
        "before it is signed.",
    },
    "yrd_pdf_caption": {"id": "Laporan tahunan {year} (PDF)", "en": "Yearly report {year} (PDF)"},
    "yrd_docx_name": {"id": "laporan_tahunan_{year}.docx", "en": "yearly_report_{year}.docx"},
    "yrd_pdf_name": {"id": "laporan_tahunan_{year}.pdf", "en": "yearly_report_{year}.pdf"},
    "yrd_no_pdf_install": {
        "id": "ℹ️ Salinan PDF laporan belum dapat dibuat karena LibreOffice belum terpasang di server bot; "
        "laporan dikirim sebagai DOCX saja. Mohon minta pengelola server memasang paket {package} "
        "(Debian/Ubuntu: sudo apt-get install {package}).",
        "en": "ℹ️ No PDF copy of the report could be made because LibreOffice is not installed on the bot's "
        "server; the report goes as DOCX only. Ask the server's administrator to install the package "
        "{package} (Debian/Ubuntu: sudo apt-get install {package}).",
    },
    "yrd_pdf_failed": {
        "id": "⚠️ Salinan PDF laporan gagal dibuat kali ini (LibreOffice tidak berhasil); laporan dikirim sebagai "
        "DOCX saja.",
        "en": "⚠️ The PDF copy of the report could not be made this time (LibreOffice failed); the report goes "
        "as DOCX only.",
    },
    "yrd_exempt_until": {"id": "sampai dengan {until}", "en": "up to and including {until}"},
    "yrd_exempt_ended": {"id": "berakhir pada {until} (perlu uji ulang)", "en": "ended on {until} (to be re-tested)"},
    "yrd_exempt_untested": {"id": "belum ada uji konsekuensi", "en": "no consequence test recorded"},
    # -- labels (plain text: XLSX) --------------------------------------------------------------------
    "yr_title": {
        "id": "Laporan tahunan pengumuman informasi publik {year}",
        "en": "Yearly figures of public information announcements {year}",
    },
    "yr_sheet_summary": {"id": "Ringkasan", "en": "Summary"},
    "yr_sheet_categories": {"id": "Per kategori", "en": "By category"},
    "yr_sheet_units": {"id": "Kepatuhan per unit", "en": "Compliance per unit"},
    "yr_sheet_months": {"id": "Kepatuhan per bulan", "en": "Compliance per month"},
    "yr_sheet_serta_merta": {"id": "Serta merta", "en": "Serta merta"},
    "yr_col_figure": {"id": "Angka", "en": "Figure"},
    "yr_col_value": {"id": "Nilai", "en": "Value"},
    "yr_col_category": {"id": "Kategori", "en": "Category"},
    "yr_col_registered": {"id": "Terdaftar di DIP (aktif)", "en": "In the register (active)"},
    "yr_col_items_published": {"id": "Informasi diumumkan", "en": "Items announced"},
    "yr_col_publications": {"id": "Jumlah pengumuman", "en": "Announcements"},
    "yr_col_no": {"id": "No", "en": "No"},
    "yr_col_cycle": {"id": "ID siklus", "en": "Cycle id"},
    "yr_col_item": {"id": "Informasi", "en": "Information"},
    "yr_col_state": {"id": "Status", "en": "State"},
    "yr_col_opened": {"id": "Dibuka", "en": "Opened"},
    "yr_col_published": {"id": "Diumumkan", "en": "Announced"},
    "yr_col_hours": {"id": "Selang (jam)", "en": "Elapsed (hours)"},
    "yr_col_working_days": {"id": "Selang (hari kerja)", "en": "Elapsed (working days)"},
    "yr_state_open": {"id": "Berjalan", "en": "In progress"},
    "yr_state_published": {"id": "Diumumkan", "en": "Announced"},
    "yr_state_cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
    "yr_total": {"id": "Jumlah", "en": "Total"},
    "yr_fig_publications": {"id": "Jumlah pengumuman", "en": "Announcements"},
    "yr_fig_items_published": {"id": "Informasi diumumkan", "en": "Items announced"},
    "yr_fig_due": {"id": "Informasi berkala jatuh tempo", "en": "Periodic items due"},
    "yr_fig_on_time": {"id": "Tepat waktu", "en": "On time"},
    "yr_fig_late": {"id": "Terlambat", "en": "Late"},
    "yr_fig_overdue": {"id": "Lewat jatuh tempo", "en": "Overdue"},
    "yr_fig_pending": {"id": "Belum jatuh tempo", "en": "Not yet due"},
    "yr_fig_rate": {"id": "% tepat waktu", "en": "% on time"},
    "yr_fig_sm_count": {"id": "Siklus serta merta", "en": "Serta merta cycles"},
    "yr_fig_sm_published": {"id": "Serta merta diumumkan", "en": "Serta merta announced"},
    "yr_fig_sm_median": {"id": "Median selang serta merta (jam)", "en": "Median serta merta elapsed (hours)"},
    "yr_fig_sm_longest": {"id": "Selang serta merta terlama (jam)", "en": "Longest serta merta elapsed (hours)"},
    "yr_fig_sm_within": {
        "id": "Serta merta dalam {policy} jam (standar SOP)",
        "en": "Serta merta within {policy} hours (SOP standard)",
    },
    "yr_preamble_registered": {
        "id": "Terdaftar di DIP: informasi aktif yang didaftarkan sebelum akhir tahun.",
        "en": "In the register: active items registered before the end of the year.",
    },
}
