"""Texts of the reports sent as files: /dip (the register) and /laporan_koordinasi (see `bot.texts`).

Two kinds of text live here. Chat texts (captions, answers) are HTML, filled with `t`, in the
person's language. Texts written into the files (sheet titles, column headers, preamble lines,
cell values) are plain text, filled with `str.format` by `bot.dip_export` and
`bot.coordination_report`, and always taken in Indonesian (the file is the office's record).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- in the files: shared ---------------------------------------------------------------
    "rpt_col_no": {"id": "No", "en": "No"},
    "rpt_col_zone": {"id": "{label} ({zone})", "en": "{label} ({zone})"},
    "rpt_made_by": {"id": "Dibuat: {time} oleh {name}", "en": "Made: {time} by {name}"},
    "rpt_organisation": {"id": "Instansi: {organisation}", "en": "Organisation: {organisation}"},
    # -- in the files: the DIP --------------------------------------------------------------
    "rpt_dip_title": {"id": "Daftar Informasi Publik (DIP)", "en": "Register of public information (DIP)"},
    "rpt_dip_sheet": {"id": "DIP", "en": "DIP"},
    "rpt_dip_scope_all": {"id": "Cakupan: semua unit", "en": "Scope: every unit"},
    "rpt_dip_scope_units": {"id": "Cakupan: {units}", "en": "Scope: {units}"},
    "rpt_dip_count": {"id": "Jumlah informasi: {count}", "en": "Items: {count}"},
    "rpt_col_item_id": {"id": "ID informasi", "en": "Item id"},
    "rpt_col_channel_link": {"id": "Tautan di kanal publik", "en": "Link in the public channel"},
    "rpt_col_data_file_link": {"id": "Tautan File Informasi Data", "en": "Link to the data file"},
    # -- in the files: the DIP's sheet of exempt information (Daftar Informasi yang Dikecualikan) --
    "rpt_exempt_sheet": {"id": "Informasi yang Dikecualikan", "en": "Exempt information"},
    "rpt_exempt_title": {"id": "Daftar Informasi yang Dikecualikan", "en": "List of exempt information"},
    "rpt_col_exempt_ended": {"id": "Jangka waktu sudah berakhir", "en": "Period ended"},
    "rpt_exempt_ended_yes": {"id": "Ya", "en": "Yes"},
    "rpt_exempt_ended_no": {"id": "Tidak", "en": "No"},
    # -- in the files: the coordination report ----------------------------------------------
    "rpt_coord_title": {
        "id": "Dokumen Laporan Koordinasi (Output langkah {step} SOP {sop})",
        "en": "Coordination report (Output of step {step} of the SOP {sop})",
    },
    "rpt_coord_item": {"id": "Informasi: {summary} (ID {id})", "en": "Information: {summary} (id {id})"},
    "rpt_coord_unit": {"id": "Unit penguasa informasi: {unit}", "en": "Unit holding the information: {unit}"},
    "rpt_coord_cycle": {"id": "Siklus pembaruan: #{id} ({kind})", "en": "Update cycle: #{id} ({kind})"},
    "rpt_coord_step_start": {"id": "Langkah {step} dimulai: {time}", "en": "Step {step} began: {time}"},
    "rpt_coord_step_deadline": {"id": "Batas waktu langkah {step}: {time}", "en": "Deadline of step {step}: {time}"},
    "rpt_coord_no_deadline": {"id": "tanpa batas waktu", "en": "no deadline"},
    "rpt_coord_letter_sent": {
        "id": "Surat koordinasi dikirim: {time} ({timing})",
        "en": "Coordination letter sent: {time} ({timing})",
    },
    "rpt_coord_on_time": {"id": "tepat waktu", "en": "on time"},
    "rpt_coord_late": {"id": "terlambat", "en": "late"},
    "rpt_coord_not_sent": {
        "id": "Surat koordinasi belum dikirim.",
        "en": "The coordination letter has not been sent yet.",
    },
    "rpt_coord_tally": {
        "id": "Ditanyakan kepada {asked} petugas; {acknowledged} sudah mengonfirmasi.",
        "en": "{asked} people asked; {acknowledged} acknowledged.",
    },
    "rpt_coord_sheet": {"id": "Koordinasi", "en": "Coordination"},
    "rpt_col_name": {"id": "Nama petugas", "en": "Name"},
    "rpt_col_username": {"id": "Username Telegram", "en": "Telegram username"},
    "rpt_col_asked_at": {"id": "Ditanyakan pada", "en": "Asked at"},
    "rpt_col_letter": {"id": "Surat koordinasi", "en": "Coordination letter"},
    "rpt_col_acknowledged_at": {"id": "Dikonfirmasi pada", "en": "Acknowledged at"},
    "rpt_not_acknowledged": {"id": "belum", "en": "not yet"},
    "rpt_letter_cell": {"id": "{name} (versi {version})", "en": "{name} (version {version})"},
    "rpt_docs_sheet": {"id": "Dokumen", "en": "Documents"},
    "rpt_col_kind": {"id": "Jenis", "en": "Kind"},
    "rpt_col_version": {"id": "Versi", "en": "Version"},
    "rpt_col_file_name": {"id": "Nama berkas", "en": "File name"},
    "rpt_col_size": {"id": "Ukuran (byte)", "en": "Size (bytes)"},
    "rpt_col_uploaded_by": {"id": "Diunggah oleh", "en": "Uploaded by"},
    "rpt_col_uploaded_at": {"id": "Waktu unggah", "en": "Uploaded at"},
    "rpt_doc_coordination_letter": {"id": "Surat koordinasi", "en": "Coordination letter"},
    "rpt_doc_draft": {"id": "Rancangan dokumen (draf)", "en": "Draft document"},
    "rpt_doc_data_file": {"id": "File Informasi Data", "en": "Data file"},
    # -- in chat: /dip ------------------------------------------------------------------------
    "rpt_dip_caption_xlsx": {
        "id": "📑 <b>Daftar Informasi Publik (DIP)</b>\n{count} informasi, {scope}.\nPer {time}.",
        "en": "📑 <b>Register of public information (DIP)</b>\nItems: {count} ({scope}).\nAs of {time}.",
    },
    "rpt_dip_caption_csv": {
        "id": "📑 DIP yang sama dalam format CSV, untuk diolah di aplikasi lain.",
        "en": "📑 The same DIP as CSV, for other applications.",
    },
    "rpt_scope_all": {"id": "semua unit", "en": "every unit"},
    "rpt_scope_units": {"id": "unit {units}", "en": "unit {units}"},
    "rpt_dip_preparing": {
        "id": "⏳ Menyiapkan berkas DIP ({count} informasi), mohon tunggu sebentar…",
        "en": "⏳ Preparing the DIP files ({count} items), one moment please…",
    },
    "rpt_dip_empty": {
        "id": "Belum ada informasi di DIP ({scope}), jadi belum ada yang bisa diekspor. Tambahkan lewat /informasi.",
        "en": "The DIP has no items yet ({scope}), so there is nothing to export. Add them with /informasi.",
    },
    "rpt_too_large": {
        "id": (
            "⚠️ Berkas {name} tidak dapat dikirim: ukurannya {size} MB, melebihi batas Telegram untuk "
            "berkas dari bot ({limit} MB). Mohon hubungi pengelola sistem untuk mengambil data DIP "
            "langsung dari server."
        ),
        "en": (
            "⚠️ The file {name} cannot be sent: it is {size} MB, more than Telegram allows a bot to send "
            "({limit} MB). Please ask the system administrator to take the DIP data from the server."
        ),
    },
    # -- in chat: /laporan_koordinasi -----------------------------------------------------------
    "rpt_coord_caption": {
        "id": (
            "📋 <b>Laporan koordinasi</b> siklus #{id}\n{summary}\n"
            "{asked} petugas ditanya, {acknowledged} sudah mengonfirmasi; {documents} dokumen."
        ),
        "en": (
            "📋 <b>Coordination report</b> of cycle #{id}\n{summary}\n"
            "{asked} people asked, {acknowledged} acknowledged; {documents} documents."
        ),
    },
    "rpt_coord_pick": {
        "id": (
            "📋 Pilih siklus untuk laporan koordinasinya ({count} terbaru).\n"
            "Atau ketik /laporan_koordinasi diikuti nomor siklus, misalnya /laporan_koordinasi {example}."
        ),
        "en": (
            "📋 Choose a cycle for its coordination report ({count} most recent).\n"
            "Or type /laporan_koordinasi and the cycle number, e.g. /laporan_koordinasi {example}."
        ),
    },
    "rpt_coord_button": {"id": "#{id} {summary} ({date})", "en": "#{id} {summary} ({date})"},
    "rpt_coord_none": {
        "id": "Belum ada siklus pembaruan yang dapat Bapak/Ibu lihat laporannya.",
        "en": "There is no update cycle whose report you can see yet.",
    },
    "rpt_bad_number": {
        "id": (
            "Nomor siklus harus berupa angka, misalnya /laporan_koordinasi 12.\n"
            "Ketik /laporan_koordinasi saja untuk memilih dari siklus terbaru."
        ),
        "en": (
            "The cycle number must be a number, e.g. /laporan_koordinasi 12.\n"
            "Type just /laporan_koordinasi to choose from the most recent cycles."
        ),
    },
    "rpt_cycle_not_found": {
        "id": "Siklus #{id} tidak ditemukan. Ketik /laporan_koordinasi untuk melihat siklus terbaru.",
        "en": "Cycle #{id} was not found. Type /laporan_koordinasi to see the most recent cycles.",
    },
    "rpt_not_your_cycle": {
        "id": (
            "Maaf, siklus #{id} milik unit lain. Laporan koordinasinya hanya untuk unit itu, "
            "Admin PPID, Operator PPID, dan PPID Utama."
        ),
        "en": (
            "Sorry, cycle #{id} belongs to another unit. Its coordination report is only for that unit, "
            "the admins, the operators and PPID Utama."
        ),
    },
    # -- the admins' daily digest (bot/daily_digest.py) ---------------------------------------
    "digest_title": {"id": "🧾 <b>Ringkasan harian log audit</b> ({time})", "en": "🧾 <b>Daily audit log digest</b> ({time})"},
    "digest_head": {
        "id": "Jumlah entri: <b>{entries}</b>\nKepala rantai: <code>{hash}</code>",
        "en": "Entries: <b>{entries}</b>\nHead of the chain: <code>{hash}</code>",
    },
    "digest_previous": {
        "id": "Terakhir diumumkan: {entries} entri, kepala <code>{hash}</code>.",
        "en": "Last published: {entries} entries, head <code>{hash}</code>.",
    },
    "digest_ok": {
        "id": (
            "✅ Rantai utuh, diperiksa dengan kunci audit. Simpan pesan ini: jika kelak jumlah entri turun atau "
            "kepala rantai berubah tanpa pemulihan cadangan, log audit telah diubah."
        ),
        "en": (
            "✅ The chain is intact, checked with the audit key. Keep this message: if the number of entries ever "
            "drops or the head changes without a restore from a backup, the audit log was altered."
        ),
    },
    "digest_broken": {
        "id": "⚠️ <b>{problem}.</b>\nPeriksa di server dengan <code>python -m bot verify-audit</code>.",
        "en": "⚠️ <b>{problem}.</b>\nCheck on the server with <code>python -m bot verify-audit</code>.",
    },
}
