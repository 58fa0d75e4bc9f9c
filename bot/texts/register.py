"""Texts of the register flow, the DIP (see `bot.texts`): labels, the item card, the list, the
guided add conversation, editing and deactivating. Every key starts with `dip_`."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- labels (plain text, no placeholders) -------------------------------------------------
    "dip_cat_berkala": {"id": "Berkala", "en": "Periodic (berkala)"},
    "dip_cat_serta_merta": {"id": "Serta merta", "en": "Immediate (serta merta)"},
    "dip_cat_setiap_saat": {"id": "Setiap saat", "en": "Available at any time (setiap saat)"},
    "dip_cat_dikecualikan": {"id": "Dikecualikan", "en": "Exempt (dikecualikan)"},
    "dip_period_monthly": {"id": "Bulanan", "en": "Monthly"},
    "dip_period_quarterly": {"id": "Triwulanan", "en": "Quarterly"},
    "dip_period_semester": {"id": "Semesteran", "en": "Every semester"},
    "dip_period_yearly": {"id": "Tahunan", "en": "Yearly"},
    "dip_form_soft": {"id": "Softcopy", "en": "Soft copy"},
    "dip_form_hard": {"id": "Hardcopy", "en": "Hard copy"},
    "dip_form_both": {"id": "Softcopy dan hardcopy", "en": "Soft and hard copy"},
    "dip_status_active": {"id": "Aktif", "en": "Active"},
    "dip_status_inactive": {"id": "Nonaktif", "en": "Inactive"},
    "dip_field_summary": {"id": "Ringkasan isi informasi", "en": "Summary of content"},
    "dip_field_unit_id": {"id": "Unit penguasa informasi", "en": "Unit holding the information"},
    "dip_field_responsible": {"id": "Penanggung jawab", "en": "Person responsible"},
    "dip_field_made_time_place": {"id": "Waktu dan tempat pembuatan", "en": "Time and place made"},
    "dip_field_form": {"id": "Bentuk informasi", "en": "Form available"},
    "dip_field_retention": {"id": "Jangka waktu penyimpanan", "en": "Retention period"},
    "dip_field_category": {"id": "Kategori", "en": "Category"},
    "dip_field_period": {"id": "Periode pembaruan", "en": "Update period"},
    "dip_field_legal_basis": {"id": "Dasar hukum pengecualian", "en": "Legal basis of the exemption"},
    "dip_field_status": {"id": "Status", "en": "Status"},
    "dip_field_last_published_at": {"id": "Terakhir diumumkan", "en": "Last published"},
    "dip_field_next_due_at": {"id": "Jatuh tempo berikutnya", "en": "Next due"},
    "dip_never": {"id": "-", "en": "-"},
    # --- cards ------------------------------------------------------------------------------------
    "dip_card_title": {"id": "<b>📄 Informasi #{id}</b>", "en": "<b>📄 Information #{id}</b>"},
    "dip_card_web_link": {
        "id": '🌐 <a href="{link}">Halaman publiknya di situs web PPID</a>',
        "en": '🌐 <a href="{link}">Its public page on the PPID web site</a>',
    },
    "dip_draft_title": {
        "id": "<b>📝 Periksa lagi informasi baru ini:</b>",
        "en": "<b>📝 Please check this new information:</b>",
    },
    # --- validation and refusals ------------------------------------------------------------------
    "dip_err_required": {"id": "{field} tidak boleh kosong.", "en": "{field} must not be empty."},
    "dip_err_too_short": {
        "id": "{field} terlalu pendek: minimal {min} karakter (sekarang {length}).",
        "en": "{field} is too short: at least {min} characters (now {length}).",
    },
    "dip_err_too_long": {
        "id": "{field} terlalu panjang: maksimal {max} karakter (sekarang {length}).",
        "en": "{field} is too long: at most {max} characters (now {length}).",
    },
    "dip_err_legal_basis": {
        "id": (
            "Informasi yang dikecualikan wajib memiliki dasar hukum, minimal {min} karakter, "
            "misalnya: UU 14/2008 Pasal 17 huruf a."
        ),
        "en": (
            "Exempt information needs its legal basis, at least {min} characters, "
            "e.g. UU 14/2008 Pasal 17 huruf a."
        ),
    },
    "dip_err_choice": {"id": "Pilihan {field} tidak dikenal.", "en": "Unknown choice of {field}."},
    "dip_err_unit": {
        "id": "Unit itu tidak ditemukan atau sudah nonaktif. Pilih unit lain.",
        "en": "That unit does not exist or is inactive. Choose another unit.",
    },
    "dip_err_period_required": {
        "id": "Informasi berkala wajib memiliki periode pembaruan.",
        "en": "Periodic information needs an update period.",
    },
    "dip_err_period_only_berkala": {
        "id": "Periode pembaruan hanya untuk informasi berkala.",
        "en": "Only periodic information has an update period.",
    },
    "dip_err_basis_only_exempt": {
        "id": "Dasar hukum pengecualian hanya untuk informasi yang dikecualikan.",
        "en": "Only exempt information has a legal basis of exemption.",
    },
    "dip_err_field": {"id": "Kolom itu tidak dapat diubah di sini.", "en": "That field cannot be changed here."},
    "dip_err_not_admin": {
        "id": "Maaf, hanya Admin PPID yang dapat mengubah Daftar Informasi Publik.",
        "en": "Sorry, only an Admin PPID can change the register of public information.",
    },
    "dip_err_not_found": {"id": "Informasi #{id} tidak ditemukan.", "en": "Information #{id} was not found."},
    "dip_err_publishing": {
        "id": (
            "Informasi ini sedang dipublikasikan ke kanal publik (atau publikasinya terhenti dan menunggu "
            "jawaban Operator PPID). Tunggu sampai tercatat, lalu ubah kategorinya dan tarik publikasinya."
        ),
        "en": (
            "This information is being published to the public channel (or its publication was "
            "interrupted and awaits the operator). Wait until it is recorded, then change the category "
            "and withdraw the publication."
        ),
    },
    "dip_err_open_cycle": {
        "id": "Informasi ini sedang dalam siklus pembaruan. Selesaikan atau batalkan siklusnya dulu.",
        "en": "This information is in an open update cycle. Finish or cancel the cycle first.",
    },
    "dip_not_your_unit": {
        "id": "Maaf, informasi ini bukan milik unit Bapak/Ibu.",
        "en": "Sorry, this information does not belong to your unit.",
    },
    "dip_search_too_long": {
        "id": "Kata pencarian terlalu panjang (maksimal {max} karakter). Coba kata yang lebih pendek.",
        "en": "The search text is too long (at most {max} characters). Try a shorter word.",
    },
    # --- the list ---------------------------------------------------------------------------------
    "dip_list_title": {"id": "<b>📚 Daftar Informasi Publik</b>", "en": "<b>📚 Register of public information</b>"},
    "dip_list_search": {"id": "Pencarian: <i>{query}</i>", "en": "Search: <i>{query}</i>"},
    "dip_list_scope_units": {"id": "Hanya informasi unit Bapak/Ibu.", "en": "Only your unit's information."},
    "dip_list_with_inactive": {"id": "Termasuk informasi nonaktif.", "en": "Inactive information included."},
    "dip_list_range": {
        "id": "Informasi {first}–{last} dari {total}. Pilih nomornya untuk melihat rincian.",
        "en": "Information {first}–{last} of {total}. Choose a number to see the details.",
    },
    "dip_list_empty": {"id": "Belum ada informasi di daftar.", "en": "The register is still empty."},
    "dip_list_no_match": {"id": "Tidak ada informasi yang cocok.", "en": "No information matches."},
    "dip_list_inactive_mark": {"id": "nonaktif", "en": "inactive"},
    "dip_list_line": {
        "id": "<b>{number}.</b> {summary}\n<i>{detail}</i>",
        "en": "<b>{number}.</b> {summary}\n<i>{detail}</i>",
    },
    # --- buttons ----------------------------------------------------------------------------------
    "dip_btn_add": {"id": "➕ Tambah informasi", "en": "➕ Add information"},
    "dip_btn_show_inactive": {"id": "🗂 Tampilkan juga yang nonaktif", "en": "🗂 Show inactive too"},
    "dip_btn_hide_inactive": {"id": "🗂 Hanya yang aktif", "en": "🗂 Active only"},
    "dip_btn_edit": {"id": "✏️ Ubah", "en": "✏️ Edit"},
    "dip_btn_deactivate": {"id": "⛔ Nonaktifkan", "en": "⛔ Deactivate"},
    "dip_btn_reactivate": {"id": "✅ Aktifkan lagi", "en": "✅ Reactivate"},
    "dip_btn_open_cycle": {"id": "🔄 Buka siklus pembaruan", "en": "🔄 Open an update cycle"},
    "dip_btn_confirm_deactivate": {"id": "Ya, nonaktifkan", "en": "Yes, deactivate"},
    "dip_btn_keep": {"id": "Tidak jadi", "en": "No, keep it"},
    "dip_btn_save": {"id": "Simpan", "en": "Save"},
    "dip_btn_cancel": {"id": "Batal", "en": "Cancel"},
    # --- card actions -----------------------------------------------------------------------------
    "dip_confirm_deactivate": {
        "id": (
            "<b>Nonaktifkan informasi ini?</b>\n"
            "Informasi nonaktif tidak tampil di daftar dan tidak dijadwalkan lagi. "
            "Bapak/Ibu dapat mengaktifkannya lagi kapan saja."
        ),
        "en": (
            "<b>Deactivate this information?</b>\n"
            "Inactive information is not listed and not scheduled any more. "
            "You can reactivate it at any time."
        ),
    },
    "dip_deactivated": {"id": "Informasi #{id} dinonaktifkan.", "en": "Information #{id} deactivated."},
    "dip_reactivated": {"id": "Informasi #{id} aktif lagi.", "en": "Information #{id} is active again."},
    "dip_no_change": {"id": "Tidak ada perubahan.", "en": "Nothing changed."},
    # --- the guided add conversation ------------------------------------------------------------
    "dip_add_start": {
        "id": (
            "<b>➕ Informasi baru</b>\n"
            "Jawab pertanyaan berikut satu per satu. Tidak ada yang disimpan sebelum Bapak/Ibu menekan "
            "<b>Simpan</b>; ketik /batal kapan saja untuk membatalkan."
        ),
        "en": (
            "<b>➕ New information</b>\n"
            "Answer the following questions one by one. Nothing is saved before you press "
            "<b>Save</b>; type /batal at any time to cancel."
        ),
    },
    "dip_no_units": {
        "id": "Belum ada unit aktif. Tambahkan unit dulu dengan /unit, lalu coba lagi.",
        "en": "There is no active unit yet. Add one with /unit first, then try again.",
    },
    "dip_q_summary": {
        "id": (
            "Ketik <b>ringkasan isi informasi</b> (5–500 karakter).\n"
            "Contoh: <i>Laporan realisasi anggaran Dinas Sosial tahun 2025</i>"
        ),
        "en": (
            "Type the <b>summary of content</b> (5–500 characters).\n"
            "Example: <i>Budget realisation report of the social affairs office, 2025</i>"
        ),
    },
    "dip_q_unit_id": {
        "id": "Pilih <b>unit penguasa informasi</b>:",
        "en": "Choose the <b>unit holding the information</b>:",
    },
    "dip_q_responsible": {
        "id": "Ketik <b>penanggung jawab</b> informasi ini.\nContoh: <i>Kepala Bidang Anggaran</i>",
        "en": "Type the <b>person responsible</b> for this information.\nExample: <i>Head of the budget division</i>",
    },
    "dip_q_made_time_place": {
        "id": (
            "Ketik <b>waktu dan tempat pembuatan</b> informasi.\n"
            "Contoh: <i>Januari 2026, Kantor Dinas Sosial</i>"
        ),
        "en": (
            "Type the <b>time and place</b> the information was made.\n"
            "Example: <i>January 2026, social affairs office</i>"
        ),
    },
    "dip_q_category": {"id": "Pilih <b>kategori</b> informasi:", "en": "Choose the <b>category</b>:"},
    "dip_q_period": {
        "id": (
            "Informasi berkala diperbarui menurut periode. Pilih <b>periode pembaruan</b>.\n"
            "Catatan: undang-undang mewajibkan informasi berkala diumumkan paling sedikit 6 bulan sekali. "
            "Informasi <b>Tahunan</b> tetap boleh dipilih, tetapi akan ditandai kepada Admin PPID bila "
            "6 bulan berlalu tanpa publikasi."
        ),
        "en": (
            "Periodic information is refreshed on a period. Choose the <b>update period</b>.\n"
            "Note: the law requires periodic information to be announced at least every 6 months. "
            "<b>Yearly</b> may still be chosen, but the item is flagged to the Admin PPID when 6 months "
            "pass without a publication."
        ),
    },
    "dip_q_form": {"id": "Pilih <b>bentuk informasi</b> yang tersedia:", "en": "Choose the <b>form available</b>:"},
    "dip_q_retention": {
        "id": "Ketik <b>jangka waktu penyimpanan</b>.\nContoh: <i>5 tahun</i>",
        "en": "Type the <b>retention period</b>.\nExample: <i>5 years</i>",
    },
    "dip_confirm_hint": {
        "id": "Tekan <b>Simpan</b> untuk mencatatnya di Daftar Informasi Publik, atau <b>Batal</b>.",
        "en": "Press <b>Save</b> to record it in the register, or <b>Cancel</b>.",
    },
    "dip_chosen": {"id": "✔️ {field}: <b>{answer}</b>", "en": "✔️ {field}: <b>{answer}</b>"},
    "dip_type_text": {
        "id": "Mohon ketik jawabannya sebagai teks, atau ketik /batal untuk membatalkan.",
        "en": "Please type the answer as text, or type /batal to cancel.",
    },
    "dip_use_buttons": {
        "id": "Mohon pilih dengan tombol di bawah ini, atau ketik /batal untuk membatalkan.",
        "en": "Please choose with the buttons below, or type /batal to cancel.",
    },
    "dip_saved": {
        "id": "✅ Informasi #{id} tersimpan di Daftar Informasi Publik.",
        "en": "✅ Information #{id} is now in the register.",
    },
    "dip_add_dropped": {
        "id": "Dibatalkan. Informasi baru tidak disimpan.",
        "en": "Cancelled. The new information was not saved.",
    },
    "dip_flow_lost": {
        "id": "Isian ini sudah tidak tersedia. Silakan mulai lagi dari /informasi.",
        "en": "This form is no longer available. Please start again from /informasi.",
    },
    # --- editing ----------------------------------------------------------------------------------
    "dip_edit_choose": {
        "id": "<b>✏️ Ubah informasi #{id}</b>\n{summary}\n\nPilih kolom yang akan diubah:",
        "en": "<b>✏️ Edit information #{id}</b>\n{summary}\n\nChoose the field to change:",
    },
    "dip_edit_type": {
        "id": "Ketik <b>{field}</b> yang baru.\nSekarang: <i>{current}</i>",
        "en": "Type the new <b>{field}</b>.\nNow: <i>{current}</i>",
    },
    "dip_edit_field_label": {"id": "Kolom", "en": "Field"},
    "dip_edit_saved": {"id": "✅ {field} diperbarui.", "en": "✅ {field} updated."},
    "dip_edit_cancelled": {"id": "Dibatalkan. Tidak ada yang berubah.", "en": "Cancelled. Nothing was changed."},

    # --- the consequence test (uji konsekuensi) of exempt information, `ex_` ---------------------
    "ex_part_part": {"id": "Bagian informasi yang dikecualikan", "en": "Part of the information exempted"},
    "ex_part_grounds": {"id": "Dasar pengecualian (UU 14/2008 Pasal 17)", "en": "Ground (UU 14/2008 art. 17)"},
    "ex_part_consequence": {"id": "Akibat bila informasi dibuka", "en": "Consequence if disclosed"},
    "ex_part_public_interest": {
        "id": "Pertimbangan terhadap kepentingan publik", "en": "Weighing against the public interest",
    },
    "ex_part_until": {"id": "Jangka waktu pengecualian", "en": "Exemption period"},
    "ex_part_decider_name": {"id": "Nama pejabat yang memutuskan", "en": "Name of the deciding official"},
    "ex_part_decider_position": {"id": "Jabatan pejabat yang memutuskan", "en": "Position of the deciding official"},
    "ex_ground_a": {"id": "Penegakan hukum", "en": "Law enforcement"},
    "ex_ground_b": {"id": "Kekayaan intelektual, persaingan usaha", "en": "Intellectual property, fair competition"},
    "ex_ground_c": {"id": "Pertahanan dan keamanan negara", "en": "National defence and security"},
    "ex_ground_d": {"id": "Kekayaan alam Indonesia", "en": "Indonesia's natural wealth"},
    "ex_ground_e": {"id": "Ketahanan ekonomi nasional", "en": "National economic resilience"},
    "ex_ground_f": {"id": "Hubungan luar negeri", "en": "Foreign relations"},
    "ex_ground_g": {"id": "Akta otentik pribadi, wasiat", "en": "Private authentic deeds, wills"},
    "ex_ground_h": {"id": "Rahasia pribadi", "en": "Personal secrets"},
    "ex_ground_i": {"id": "Memorandum antar/intra Badan Publik", "en": "Memoranda between or within public bodies"},
    "ex_ground_j": {"id": "Dilarang oleh undang-undang", "en": "Barred by statute"},
    "ex_ground_long_a": {
        "id": "dapat menghambat proses penegakan hukum",
        "en": "could obstruct law enforcement",
    },
    "ex_ground_long_b": {
        "id": "dapat mengganggu perlindungan hak atas kekayaan intelektual dan perlindungan dari persaingan usaha tidak sehat",
        "en": "could harm the protection of intellectual property and protection from unfair competition",
    },
    "ex_ground_long_c": {
        "id": "dapat membahayakan pertahanan dan keamanan negara",
        "en": "could endanger national defence and security",
    },
    "ex_ground_long_d": {"id": "dapat mengungkapkan kekayaan alam Indonesia", "en": "could reveal Indonesia's natural wealth"},
    "ex_ground_long_e": {"id": "dapat merugikan ketahanan ekonomi nasional", "en": "could harm national economic resilience"},
    "ex_ground_long_f": {"id": "dapat merugikan kepentingan hubungan luar negeri", "en": "could harm foreign relations"},
    "ex_ground_long_g": {
        "id": "dapat mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir ataupun wasiat seseorang",
        "en": "could reveal private authentic deeds and a person's last will or testament",
    },
    "ex_ground_long_h": {"id": "dapat mengungkap rahasia pribadi", "en": "could reveal personal secrets"},
    "ex_ground_long_i": {
        "id": "memorandum atau surat antar Badan Publik atau intra Badan Publik yang menurut sifatnya dirahasiakan",
        "en": "memoranda or letters between or within public bodies that are confidential by nature",
    },
    "ex_ground_long_j": {
        "id": "informasi yang tidak boleh diungkapkan berdasarkan undang-undang",
        "en": "information that may not be disclosed under a statute",
    },
    "ex_start": {
        "id": (
            "🔒 <b>Uji konsekuensi</b> (UU 14/2008 Pasal 17, Perki 1/2021)\n"
            "Informasi dikecualikan wajib disertai uji konsekuensi: bagian yang dikecualikan, dasar "
            "pengecualian, akibat bila dibuka, pertimbangan kepentingan publik, jangka waktu dan pejabat "
            "yang memutuskan. Bapak/Ibu akan ditanya satu per satu; ketik /batal kapan saja."
        ),
        "en": (
            "🔒 <b>Consequence test</b> (UU 14/2008 art. 17, Perki 1/2021)\n"
            "Exempt information needs its consequence test: the part exempted, the ground, the consequence "
            "if disclosed, the weighing against the public interest, the period and the deciding official. "
            "You will be asked one by one; type /batal at any time."
        ),
    },
    "ex_q_part": {
        "id": "Ketik <b>bagian informasi yang dikecualikan</b> (bagian mana yang ditutup).\nContoh: <i>Nama dan alamat pelapor pada lampiran 2</i>",
        "en": "Type the <b>part of the information exempted</b> (what is withheld).\nExample: <i>Names and addresses of the reporters in annex 2</i>",
    },
    "ex_q_grounds": {
        "id": (
            "Pilih <b>dasar pengecualian</b> menurut UU 14/2008 Pasal 17 (boleh lebih dari satu huruf; "
            "tekan lagi untuk membatalkan pilihan), lalu tekan <b>Selesai</b>. Informasi dikecualikan bila "
            "dibuka:\n{grounds}"
        ),
        "en": (
            "Choose the <b>ground</b> under UU 14/2008 art. 17 (one letter or more; press again to untick), "
            "then press <b>Done</b>. Information is exempt when disclosing it:\n{grounds}"
        ),
    },
    "ex_q_consequence": {
        "id": "Ketik <b>akibat bila informasi ini dibuka</b> (minimal {min} karakter).",
        "en": "Type the <b>consequence if this information were disclosed</b> (at least {min} characters).",
    },
    "ex_q_public_interest": {
        "id": (
            "Ketik <b>pertimbangan terhadap kepentingan publik</b>: mengapa menutup informasi ini melindungi "
            "kepentingan yang lebih besar daripada membukanya (minimal {min} karakter)."
        ),
        "en": (
            "Type the <b>weighing against the public interest</b>: why withholding it protects a greater "
            "interest than disclosing it (at least {min} characters)."
        ),
    },
    "ex_q_until": {
        "id": (
            "Ketik <b>jangka waktu pengecualian</b>: sampai dengan tanggal, yaitu hari terakhir pengecualian "
            "berlaku (contoh <i>31-12-2030</i>), atau jumlah tahun (contoh <i>5 tahun</i>, paling lama {max} tahun)."
        ),
        "en": (
            "Type the <b>exemption period</b>: up to and including a date, its last day (e.g. <i>31-12-2030</i>), "
            "or a number of years (e.g. <i>5 years</i>, at most {max})."
        ),
    },
    "ex_q_decider_name": {
        "id": "Ketik <b>nama pejabat yang memutuskan</b> pengecualian, atau pilih PPID Utama di bawah ini.",
        "en": "Type the <b>name of the official who decides</b> the exemption, or choose the PPID Utama below.",
    },
    "ex_q_decider_position": {
        "id": "Ketik <b>jabatan</b> {name}.\nContoh: <i>PPID Utama, Sekretaris Daerah</i>",
        "en": "Type the <b>position</b> of {name}.\nExample: <i>PPID Utama, Regional Secretary</i>",
    },
    "ex_ticked": {"id": "Huruf {letter} dipilih.", "en": "Letter {letter} chosen."},
    "ex_unticked": {"id": "Huruf {letter} tidak jadi dipilih.", "en": "Letter {letter} no longer chosen."},
    "ex_btn_done": {"id": "✔️ Selesai", "en": "✔️ Done"},
    "ex_chosen_grounds": {"id": "✔️ Dasar pengecualian: Pasal 17 huruf <b>{grounds}</b>", "en": "✔️ Ground: art. 17 letter(s) <b>{grounds}</b>"},
    "ex_chosen_decider": {"id": "✔️ Pejabat yang memutuskan: <b>{name}</b>, {position}", "en": "✔️ Deciding official: <b>{name}</b>, {position}"},
    "ex_err_too_short": {
        "id": "{part} terlalu pendek: minimal {min} karakter (sekarang {length}).",
        "en": "{part} is too short: at least {min} characters (now {length}).",
    },
    "ex_err_too_long": {
        "id": "{part} terlalu panjang: maksimal {max} karakter (sekarang {length}).",
        "en": "{part} is too long: at most {max} characters (now {length}).",
    },
    "ex_err_ground": {"id": "Huruf Pasal 17 itu tidak dikenal.", "en": "That letter of art. 17 is not known."},
    "ex_err_no_ground": {
        "id": "Pilih minimal satu huruf Pasal 17 sebelum menekan Selesai.",
        "en": "Choose at least one letter of art. 17 before pressing Done.",
    },
    "ex_err_until": {
        "id": "Jangka waktu tidak dapat dibaca. Ketik tanggal seperti <i>31-12-2030</i> atau jumlah tahun seperti <i>5 tahun</i>.",
        "en": "The period cannot be read. Type a date like <i>31-12-2030</i> or a number of years like <i>5 years</i>.",
    },
    "ex_err_until_past": {
        "id": "Tanggal berakhirnya pengecualian harus setelah hari ini.",
        "en": "The exemption must end after today.",
    },
    "ex_err_years": {
        "id": "Jangka waktu pengecualian paling lama {max} tahun dan minimal 1 tahun bila ditulis dalam tahun.",
        "en": "The exemption period is at most {max} years, and at least 1 when given in years.",
    },
    "ex_err_use_buttons": {
        "id": "Mohon pilih dengan tombol, atau ketik /batal untuk membatalkan.",
        "en": "Please choose with the buttons, or type /batal to cancel.",
    },
    "ex_err_incomplete": {
        "id": "Uji konsekuensi belum lengkap: {parts} belum diisi. Informasi tidak dapat dikecualikan tanpa uji konsekuensi yang lengkap.",
        "en": "The consequence test is not complete: {parts} missing. Information cannot be exempt without a complete consequence test.",
    },
    "ex_err_decider": {
        "id": "Orang itu kini bukan PPID Utama. Ketik nama pejabat yang memutuskan.",
        "en": "That person is no longer a PPID Utama. Type the name of the deciding official.",
    },
    "ex_card_part": {"id": "<b>Bagian yang dikecualikan:</b> {part}", "en": "<b>Part exempted:</b> {part}"},
    "ex_card_until": {"id": "<b>Masa pengecualian:</b> sampai dengan {date}", "en": "<b>Exemption period:</b> up to and including {date}"},
    "ex_card_decider": {"id": "<b>Diputuskan oleh:</b> {name}, {position}", "en": "<b>Decided by:</b> {name}, {position}"},
    "ex_card_ended": {
        "id": "⚠️ masa pengecualian berakhir pada {date}: uji ulang diperlukan",
        "en": "⚠️ the exemption period ended on {date}: the item must be re-tested",
    },
    "ex_card_incomplete": {
        "id": "⚠️ uji konsekuensi belum lengkap (hanya dasar hukum tercatat): mohon uji ulang melalui ✏️ Ubah.",
        "en": "⚠️ consequence test not complete (only a legal basis recorded): please re-test through ✏️ Edit.",
    },
    "ex_list_title": {
        "id": "<b>🔒 Daftar Informasi yang Dikecualikan</b> ({count})",
        "en": "<b>🔒 List of exempt information</b> ({count})",
    },
    "ex_list_line": {
        "id": "#{id} {summary} ({unit})\nDasar: {basis}. Dikecualikan sampai dengan {until}.",
        "en": "#{id} {summary} ({unit})\nGround: {basis}. Exempt up to and including {until}.",
    },
    "ex_list_line_ended": {
        "id": "#{id} {summary} ({unit})\nDasar: {basis}. ⚠️ masa pengecualian berakhir pada {until}: uji ulang diperlukan.",
        "en": "#{id} {summary} ({unit})\nGround: {basis}. ⚠️ the exemption period ended on {until}: it must be re-tested.",
    },
    "ex_list_no_period": {"id": "(belum ditetapkan: uji konsekuensi belum lengkap)", "en": "(not set: consequence test not complete)"},
}
