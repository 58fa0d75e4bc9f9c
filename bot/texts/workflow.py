"""Texts of the update cycle: tasks, coordination, drafts, verification, publication, history."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- refusals from the workflow engine (bot.workflow.WorkflowError keys) --------------------
    "item_not_found": {"id": "Informasi itu tidak ditemukan.", "en": "That information item was not found."},
    "cycle_not_found": {"id": "Siklus itu tidak ditemukan.", "en": "That cycle was not found."},
    "item_inactive": {
        "id": "Informasi ini sudah dinonaktifkan; aktifkan dulu sebelum membuka siklus.",
        "en": "This item is deactivated; activate it before opening a cycle.",
    },
    "item_not_announceable": {
        "id": "Siklus pengumuman hanya untuk informasi berkala dan serta merta.",
        "en": "Announcement cycles are only for periodic (berkala) and immediate (serta merta) information.",
    },
    "cycle_already_open": {
        "id": "Informasi ini sudah memiliki siklus pembaruan yang berjalan. Lihat /tugas.",
        "en": "This item already has an update cycle in progress. See /tugas.",
    },
    "step_not_current": {
        "id": "Langkah {step} sudah tidak berlaku untuk siklus ini (mungkin sudah dikerjakan). Lihat /tugas.",
        "en": "Step {step} no longer applies to this cycle (it may be done already). See /tugas.",
    },
    "not_your_unit": {
        "id": "Maaf, informasi ini milik unit lain; hanya PPID Pelaksana unit tersebut yang dapat mengerjakannya.",
        "en": "Sorry, this item belongs to another unit; only that unit's PPID Pelaksana can work on it.",
    },
    "no_pelaksana_for_unit": {
        "id": "Unit ini belum memiliki PPID Pelaksana. Mintalah admin mengundang PPID Pelaksana unit ini (/undang).",
        "en": "This unit has no PPID Pelaksana yet. Ask an admin to invite one (/undang).",
    },
    "not_your_letter": {
        "id": "Surat koordinasi ini tidak ditujukan kepada Anda.",
        "en": "This coordination letter is not addressed to you.",
    },
    "already_acknowledged": {
        "id": "Surat koordinasi ini sudah Anda terima sebelumnya.",
        "en": "You already acknowledged this coordination letter.",
    },
    "draft_empty": {
        "id": "Belum ada berkas pada draf ini. Kirim minimal satu berkas, lalu tekan Selesai.",
        "en": "This draft has no file yet. Send at least one file, then press Done.",
    },
    "announcement_incomplete": {
        "id": "Kedelapan unsur pengumuman serta merta wajib diisi.",
        "en": "All eight elements of the immediate announcement are required.",
    },
    "draft_outdated": {
        "id": "Draf ini sudah tidak berlaku (ada versi yang lebih baru atau siklus sudah berpindah langkah).",
        "en": "This draft is out of date (there is a newer version or the cycle has moved on).",
    },
    "already_decided": {
        "id": "Draf ini sudah diputuskan oleh {name}.",
        "en": "This draft has already been decided by {name}.",
    },
    "no_self_approval": {
        "id": "Anda tidak dapat memverifikasi draf yang Anda unggah sendiri. Mintalah {verifier} lain.",
        "en": "You cannot verify a draft you uploaded yourself. Ask another {verifier}.",
    },
    "no_self_approval_sender": {
        "id": "Anda tidak dapat memverifikasi draf yang Anda kirim sendiri. Mintalah {verifier} lain.",
        "en": "You cannot verify a draft you sent yourself. Ask another {verifier}.",
    },
    "reason_too_short": {
        "id": "Alasan pengembalian wajib diisi (minimal {minimum} huruf). Silakan ketik alasannya.",
        "en": "A reason is required (at least {minimum} characters). Please type the reason.",
    },
    "reason_too_long": {
        "id": "Alasan terlalu panjang (paling banyak {maximum} huruf). Mohon ringkas lalu ketik lagi.",
        "en": "The reason is too long (at most {maximum} characters). Please shorten it and type it again.",
    },
    "legal_basis_too_long": {
        "id": "Dasar hukum terlalu panjang. Mohon ringkas (paling banyak 1000 huruf) lalu ketik lagi.",
        "en": "The legal basis is too long. Please shorten it (at most 1000 characters) and type it again.",
    },
    "legal_basis_required": {
        "id": "Informasi dikecualikan wajib disertai dasar hukum (minimal 10 huruf), misalnya \"UU 14/2008 Pasal 17 huruf b\".",
        "en": "Exempt information needs its legal basis (at least 10 characters), e.g. \"UU 14/2008 art. 17(b)\".",
    },
    "item_not_public": {
        "id": "Informasi ini tidak boleh diumumkan: di register kini dikecualikan atau tidak aktif. Tidak ada yang dipublikasikan.",
        "en": "This item may not be announced: the register now has it as exempt or inactive. Nothing was published.",
    },
    "draft_not_approved": {
        "id": "Draf siklus ini belum disetujui pada langkah verifikasi, jadi tidak dapat dipublikasikan. Tidak ada yang diubah.",
        "en": "This cycle's draft has not been approved at the verification step, so it cannot be published. Nothing was changed.",
    },
    "draft_closed_meanwhile": {
        "id": "Berkas ini tidak disimpan: draf sudah dikirim ke {verifier} (atau siklus sudah berpindah langkah) sebelum berkas ini tiba. Jika masih diperlukan, kirim lagi saat draf dikembalikan.",
        "en": "This file was not saved: the draft had already been sent to {verifier} (or the cycle moved on) before it arrived. If it is still needed, send it again when the draft is returned.",
    },
    "draft_too_many_files": {
        "id": "Berkas ini tidak disimpan: satu versi draf paling banyak berisi {maximum} berkas. Tekan Selesai untuk mengirim draf, atau gabungkan beberapa berkas.",
        "en": "This file was not saved: one draft version holds at most {maximum} files. Press Done to send the draft, or combine some files.",
    },
    "cycle_ended_exempt": {
        "id": "⛔ Siklus pembaruan \"{summary}\" dihentikan di langkah {step}: admin mengubah informasi ini menjadi dikecualikan di register, jadi tidak akan dipublikasikan. Tugas ini tidak perlu dilanjutkan.",
        "en": "⛔ The update cycle of \"{summary}\" was ended at step {step}: an admin changed this item to exempt in the register, so it will not be published. This task need not be continued.",
    },
    "cycle_ended_exempt_admin": {
        "id": "⛔ Siklus pembaruan yang berjalan (langkah {step}) dihentikan dan tidak akan dipublikasikan; yang memegang langkah itu sudah diberi tahu.",
        "en": "⛔ The update cycle in progress (step {step}) was ended and will not be published; whoever held that step has been told.",
    },
    "file_refused_duplicate_draft": {
        "id": "Berkas yang sama sudah ada di draf ini.",
        "en": "The same file is already in this draft.",
    },
    # -- the task list and the step card -----------------------------------------------------
    "tasks_none": {
        "id": "Tidak ada tugas yang menunggu Anda saat ini. 👍",
        "en": "No tasks are waiting for you right now. 👍",
    },
    "tasks_none_admin": {
        "id": "Tidak ada tugas yang menunggu Anda. Buka siklus pembaruan dari /informasi.",
        "en": "No tasks are waiting for you. Open an update cycle from /informasi.",
    },
    "tasks_heading": {"id": "Tugas Anda ({count}):", "en": "Your tasks ({count}):"},
    "task_button": {"id": "Langkah {step}: {summary}", "en": "Step {step}: {summary}"},
    "ack_button_task": {"id": "Terima surat: {summary}", "en": "Acknowledge letter: {summary}"},
    "card_item": {"id": "Informasi", "en": "Information"},
    "card_unit": {"id": "Unit", "en": "Unit"},
    "card_category": {"id": "Kategori", "en": "Category"},
    "card_kelengkapan": {"id": "Kelengkapan", "en": "Required input"},
    "card_output": {"id": "Output", "en": "Output"},
    "card_deadline": {"id": "Batas waktu", "en": "Deadline"},
    "card_no_deadline": {"id": "tanpa batas waktu", "en": "no deadline"},
    "card_late": {"id": "⚠️ terlambat", "en": "⚠️ late"},
    "card_version": {"id": "Versi draf", "en": "Draft version"},
    "card_returned_reason": {"id": "Dikembalikan dengan alasan", "en": "Returned with the reason"},
    # -- step 1 -----------------------------------------------------------------------------
    "cycle_opened": {
        "id": "Siklus pembaruan dibuka untuk \"{summary}\". {actor} sudah diberi tahu.",
        "en": "Update cycle opened for \"{summary}\". {actor} has been told.",
    },
    "new_task": {"id": "📌 Tugas baru untuk Anda:", "en": "📌 A new task for you:"},
    # -- step 2 -----------------------------------------------------------------------------
    "btn_letter_generate": {"id": "📝 Buat surat dari templat", "en": "📝 Generate letter from template"},
    "btn_letter_upload": {"id": "📎 Unggah surat sendiri", "en": "📎 Upload my own letter"},
    "letter_upload_prompt": {
        "id": "Kirim berkas surat koordinasi (PDF, DOCX, ODT, JPG atau PNG). Ketik /batal untuk membatalkan.",
        "en": "Send the coordination letter file (PDF, DOCX, ODT, JPG or PNG). Type /batal to cancel.",
    },
    "letter_sent": {
        "id": "✅ Surat koordinasi terkirim kepada {names}. Langkah 2 selesai; PPID Pelaksana kini menyiapkan draf.",
        "en": "✅ Coordination letter sent to {names}. Step 2 is done; the PPID Pelaksana now prepares the draft.",
    },
    "letter_preview": {
        "id": "👀 Pratinjau surat koordinasi untuk \"{summary}\". Surat ini akan dikirim kepada PPID Pelaksana unit {unit}: {names}. Kirim sekarang?",
        "en": "👀 Preview of the coordination letter for \"{summary}\". It will be sent to the PPID Pelaksana of {unit}: {names}. Send it now?",
    },
    "letter_cancelled": {
        "id": "Surat koordinasi tidak dikirim; tidak ada yang berubah. Pilih lagi bila sudah siap.",
        "en": "The coordination letter was not sent; nothing changed. Choose again when ready.",
    },
    "letter_preview_outdated": {
        "id": "Pratinjau surat ini sudah tidak berlaku. Tekan \"Buat surat dari templat\" lagi.",
        "en": "This letter preview is no longer valid. Press \"Generate letter from template\" again.",
    },
    "letter_received": {
        "id": "📨 Surat koordinasi untuk \"{summary}\" dari {sender}. Mohon tekan Terima, lalu siapkan draf dokumennya.",
        "en": "📨 Coordination letter for \"{summary}\" from {sender}. Please press Acknowledge, then prepare the draft.",
    },
    "btn_acknowledge": {"id": "✅ Terima", "en": "✅ Acknowledge"},
    "acknowledged": {
        "id": "Terima kasih, surat koordinasi sudah diterima ({time}).",
        "en": "Thank you, the coordination letter is acknowledged ({time}).",
    },
    "coordination_report": {"id": "Laporan koordinasi", "en": "Coordination report"},
    "coordination_line": {
        "id": "{name}: diminta {asked}, {ack}",
        "en": "{name}: asked {asked}, {ack}",
    },
    "coordination_ack_at": {"id": "diterima {time}", "en": "acknowledged {time}"},
    "coordination_not_ack": {"id": "belum diterima", "en": "not acknowledged yet"},
    "btn_coordination_report": {"id": "📋 Laporan koordinasi", "en": "📋 Coordination report"},
    # -- step 3 -----------------------------------------------------------------------------
    "btn_upload_draft": {"id": "📎 Unggah draf", "en": "📎 Upload draft"},
    "draft_upload_prompt": {
        "id": (
            "Kirim berkas draf satu per satu (PDF, DOCX, XLSX, ODT, CSV, JPG, PNG; foto juga bisa). "
            "Setelah semua terkirim, tekan Selesai. Ketik /batal untuk berhenti; berkas yang sudah "
            "diterima tetap tersimpan."
        ),
        "en": (
            "Send the draft files one by one (PDF, DOCX, XLSX, ODT, CSV, JPG, PNG; photos too). When "
            "all are sent, press Done. Type /batal to stop; files already received stay saved."
        ),
    },
    "draft_file_saved": {
        "id": "✅ Diterima: {name} ({kind}, {size}). Versi {version} kini berisi {count} berkas.",
        "en": "✅ Received: {name} ({kind}, {size}). Version {version} now has {count} file(s).",
    },
    "btn_draft_done": {"id": "✅ Selesai, kirim ke {verifier}", "en": "✅ Done, send to {verifier}"},
    "draft_submitted": {
        "id": "📤 Draf versi {version} ({count} berkas) terkirim ke {verifier} untuk diverifikasi.",
        "en": "📤 Draft version {version} ({count} file(s)) sent to {verifier} for verification.",
    },
    "announce_intro": {
        "id": "Informasi serta merta wajib memuat 8 unsur pengumuman. Jawab satu per satu.",
        "en": "Immediate information must carry 8 announcement elements. Answer them one by one.",
    },
    "announce_q_danger": {
        "id": "1/8. Jenis bahaya dan besarnya bahaya?",
        "en": "1/8. What is the danger and how large is it?",
    },
    "announce_q_affected": {
        "id": "2/8. Siapa saja yang berpotensi terdampak?",
        "en": "2/8. Who may be affected?",
    },
    "announce_q_evacuation": {
        "id": "3/8. Prosedur dan tempat evakuasi?",
        "en": "3/8. Evacuation procedure and place?",
    },
    "announce_q_avoidance": {
        "id": "4/8. Cara menghindari bahaya?",
        "en": "4/8. How to avoid the danger?",
    },
    "announce_q_help": {
        "id": "5/8. Cara memperoleh bantuan?",
        "en": "5/8. How to get help?",
    },
    "announce_q_announcer": {
        "id": "6/8. Pihak yang wajib mengumumkan?",
        "en": "6/8. Who must make the announcement?",
    },
    "announce_q_emergency_channel": {
        "id": "7/8. Tata cara penyampaian pengumuman dalam keadaan darurat?",
        "en": "7/8. How is the announcement made in an emergency?",
    },
    "announce_q_authority_action": {
        "id": "8/8. Upaya yang dilakukan pemerintah/instansi terkait?",
        "en": "8/8. What are the authorities doing?",
    },
    "announce_too_short": {
        "id": "Jawaban terlalu pendek. Mohon tulis minimal 3 huruf.",
        "en": "The answer is too short. Please write at least 3 characters.",
    },
    "announce_preview_intro": {
        "id": "👀 Inilah pengumuman serta merta persis seperti yang akan diposting di kanal publik. Periksa kedelapan unsurnya:",
        "en": "👀 This is the immediate announcement exactly as it will be posted in the public channel. Check its eight elements:",
    },
    "announce_previous": {
        "id": "Unsur pengumuman dari versi sebelumnya dipakai lagi. Kirim apa adanya, atau ubah unsur yang perlu diperbaiki.",
        "en": "The announcement elements of the previous version are used again. Send them as they are, or correct an element.",
    },
    "btn_send_yes": {"id": "✅ Ya, kirim", "en": "✅ Yes, send"},
    "btn_cancel_send": {"id": "❌ Batal", "en": "❌ Cancel"},
    "btn_edit_element": {"id": "✏️ Ubah unsur", "en": "✏️ Correct an element"},
    "announce_choose_element": {
        "id": "Pilih unsur yang ingin diubah:",
        "en": "Choose the element to correct:",
    },
    "announce_current": {
        "id": "Isi saat ini: {value}\nKetik isi yang baru (minimal 3 huruf).",
        "en": "Now: {value}\nType the new text (at least 3 characters).",
    },
    "announce_preview_outdated": {
        "id": "Pratinjau ini sudah tidak berlaku. Tekan \"Selesai\" lagi dari /tugas untuk melihat pengumuman terbaru.",
        "en": "This preview is no longer valid. Press \"Done\" again from /tugas to see the current announcement.",
    },
    # -- step 4 -----------------------------------------------------------------------------
    "review_request": {
        "id": "🔎 Mohon verifikasi draf versi {version} untuk \"{summary}\" dari {sender}.",
        "en": "🔎 Please verify draft version {version} of \"{summary}\" from {sender}.",
    },
    "btn_approve": {"id": "✅ Setujui", "en": "✅ Approve"},
    "btn_return": {"id": "↩️ Kembalikan", "en": "↩️ Return"},
    "btn_recategorise": {"id": "🏷️ Ubah kategori", "en": "🏷️ Change category"},
    "return_reason_prompt": {
        "id": "Ketik alasan pengembalian draf (wajib). Ketik /batal untuk membatalkan.",
        "en": "Type the reason for returning the draft (required). Type /batal to cancel.",
    },
    "legal_basis_prompt": {
        "id": "Ketik dasar hukum pengecualian (uji konsekuensi, UU 14/2008 Pasal 17). Ketik /batal untuk membatalkan.",
        "en": "Type the legal basis of the exemption (consequence test, UU 14/2008 art. 17). Type /batal to cancel.",
    },
    "choose_category": {"id": "Pilih kategori yang benar:", "en": "Choose the right category:"},
    "approved": {
        "id": "✅ Draf versi {version} disetujui. {actor} diberi tahu untuk publikasi.",
        "en": "✅ Draft version {version} approved. {actor} has been told to publish.",
    },
    "approved_exempt": {
        "id": "✅ Draf disetujui sebagai informasi dikecualikan: tidak dipublikasikan. Siklus ditutup.",
        "en": "✅ Draft approved as exempt information: it is not published. The cycle is closed.",
    },
    "returned": {
        "id": "↩️ Draf versi {version} dikembalikan kepada PPID Pelaksana dengan alasan: {reason}",
        "en": "↩️ Draft version {version} returned to the PPID Pelaksana with the reason: {reason}",
    },
    "returned_to_you": {
        "id": "↩️ Draf versi {version} untuk \"{summary}\" dikembalikan oleh {verifier}.\nAlasan: {reason}\nMohon perbaiki dan unggah versi baru.",
        "en": "↩️ Draft version {version} of \"{summary}\" was returned by {verifier}.\nReason: {reason}\nPlease correct it and upload a new version.",
    },
    "recategorised": {
        "id": "🏷️ Kategori diubah menjadi {category}. Silakan setujui atau kembalikan draf.",
        "en": "🏷️ Category changed to {category}. Now approve or return the draft.",
    },
    "card_announcement": {
        "id": "<b>Pengumuman yang akan diposting di kanal publik:</b>",
        "en": "<b>The announcement as it will be posted in the public channel:</b>",
    },
    "card_announcement_above": {
        "id": "Pengumuman serta merta yang akan diposting ada pada pesan di atas.",
        "en": "The immediate announcement to be posted is in the message above.",
    },
    "decided_marker": {"id": "Keputusan: {decision} oleh {name}", "en": "Decision: {decision} by {name}"},
    "decision_approved": {"id": "disetujui", "en": "approved"},
    "decision_returned": {"id": "dikembalikan", "en": "returned"},
    # -- steps 5 to 7 -----------------------------------------------------------------------
    "btn_coordinate_publication": {"id": "🤝 Koordinasikan publikasi", "en": "🤝 Coordinate publication"},
    "btn_publish": {"id": "📢 Publikasikan sekarang", "en": "📢 Publish now"},
    "publication_coordinated": {
        "id": "🤝 Publikasi dikoordinasikan. {refresh}Lanjutkan ke langkah {step}: {next}.",
        "en": "🤝 Publication coordinated. {refresh}Go on to step {step}: {next}.",
    },
    "refresh_scheduled": {
        "id": "Pembaruan data berikutnya (langkah {step}): {due}. ",
        "en": "Next data refresh (step {step}): {due}. ",
    },
    # what the step after coordinate_publication is (`bot.step_kinds`: publish or an office's confirm)
    "next_kind_publish": {"id": "publikasi", "en": "publication"},
    "next_kind_confirm": {"id": "konfirmasi", "en": "confirmation"},
    # -- an office's own step (kind "confirm"): its actor says it is done ---------------------
    "btn_step_done": {"id": "✅ Selesai", "en": "✅ Done"},
    "btn_step_done_note": {"id": "📝 Selesai, dengan catatan", "en": "📝 Done, with a note"},
    "step_done_note_prompt": {
        "id": "Ketik catatan untuk langkah {step} (\"{summary}\"), lalu kirim. Langkah ini dicatat selesai bersama catatan itu. /batal untuk membatalkan.",
        "en": "Type the note for step {step} (\"{summary}\") and send it. The step is recorded as done with that note. /batal to cancel.",
    },
    "step_done": {
        "id": "✅ Langkah {step} dicatat selesai untuk \"{summary}\". Tugas diteruskan ke langkah berikutnya.",
        "en": "✅ Step {step} recorded as done for \"{summary}\". The task goes on to the next step.",
    },
    "published": {
        "id": "📢 Dipublikasikan di kanal publik. {next}",
        "en": "📢 Published in the public channel. {next}",
    },
    "next_due": {"id": "Jatuh tempo berikutnya: {due}.", "en": "Next due: {due}."},
    "no_channel": {
        "id": "Kanal publik belum diatur (PUBLIC_CHANNEL). Hubungi admin.",
        "en": "The public channel is not configured (PUBLIC_CHANNEL). Contact an admin.",
    },
    "publish_failed": {
        "id": "Gagal memposting ke kanal publik ({reason}). Pastikan bot adalah admin kanal, lalu coba lagi. Tidak ada yang berubah.",
        "en": "Could not post to the public channel ({reason}). Make sure the bot is a channel admin, then try again. Nothing changed.",
    },
    "publish_uncertain": {
        "id": "Publikasi sebelumnya terhenti (bot berhenti mendadak), jadi mungkin sudah ada di kanal. Mohon periksa kanal publik.",
        "en": "The previous publication was interrupted (the bot stopped), so it may already be in the channel. Please check the public channel.",
    },
    "publish_uncertain_choose": {
        "id": "⚠️ Publikasi \"{summary}\" terhenti sebelum tercatat. Periksa kanal publik, lalu pilih:",
        "en": "⚠️ The publication of \"{summary}\" stopped before it was recorded. Check the public channel, then choose:",
    },
    "btn_already_posted": {"id": "✅ Sudah ada di kanal", "en": "✅ It is in the channel"},
    "btn_repost": {"id": "📢 Belum ada, posting ulang", "en": "📢 Not there, post again"},
    "published_notice": {
        "id": "📢 \"{summary}\" sudah dipublikasikan. Siklus selesai.",
        "en": "📢 \"{summary}\" has been published. The cycle is complete.",
    },
    "publish_preview": {
        "id": "👀 <b>Pratinjau publikasi</b> \"{summary}\"\nKanal: {channel}\n{what}\nBerkas ({count}):\n{files}\n\nKirim ke kanal publik sekarang?",
        "en": "👀 <b>Publication preview</b> \"{summary}\"\nChannel: {channel}\n{what}\nFiles ({count}):\n{files}\n\nSend to the public channel now?",
    },
    "publish_preview_announcement": {
        "id": "Pesan di atas adalah pengumuman yang diposting lebih dulu, lalu berkas berikut.",
        "en": "The message above is the announcement, posted first, then the files below.",
    },
    "publish_preview_caption": {
        "id": "Pesan di atas adalah keterangan (caption) berkas pertama.",
        "en": "The message above is the caption of the first file.",
    },
    "publish_preview_outdated": {
        "id": "Pratinjau ini sudah tidak berlaku. Tekan \"Publikasikan sekarang\" lagi untuk melihat yang terbaru.",
        "en": "This preview is no longer valid. Press \"Publish now\" again to see the current one.",
    },
    "publish_cancelled": {
        "id": "Publikasi dibatalkan; tidak ada yang dikirim ke kanal. Tekan tombol di bawah bila sudah siap.",
        "en": "Publication cancelled; nothing was sent to the channel. Press the button below when ready.",
    },
    # -- withdrawing a publication ------------------------------------------------------------
    "btn_withdraw": {"id": "🗑️ Tarik publikasi", "en": "🗑️ Withdraw publication"},
    "withdraw_reason_prompt": {
        "id": "Menarik publikasi \"{summary}\": pesannya dihapus dari kanal publik dan informasi ini tidak lagi tampil di pencarian. Ketik alasan penarikan (wajib, minimal {minimum} huruf). Ketik /batal untuk membatalkan.",
        "en": "Withdrawing the publication of \"{summary}\": its messages are deleted from the public channel and the item no longer appears in the search. Type the reason (required, at least {minimum} characters). Type /batal to cancel.",
    },
    "withdraw_reason_too_short": {
        "id": "Alasan penarikan wajib diisi (minimal {minimum} huruf). Silakan ketik alasannya.",
        "en": "A reason for the withdrawal is required (at least {minimum} characters). Please type it.",
    },
    "withdrawn": {
        "id": "🗑️ Publikasi \"{summary}\" ditarik ({count} pesan dihapus dari kanal). Alasan: {reason}\nVersi yang diperbaiki dapat dipublikasikan melalui siklus baru (admin membukanya dari kartu informasi).",
        "en": "🗑️ The publication of \"{summary}\" was withdrawn ({count} message(s) deleted from the channel). Reason: {reason}\nA corrected version can be published in a new cycle (an admin opens it from the item's card).",
    },
    "withdrawn_delete_by_hand": {
        "id": "⚠️ Penarikan sudah tercatat, tetapi Telegram menolak menghapus {count} pesan di kanal (pesan lebih dari 48 jam atau bot bukan admin kanal). Mohon hapus sendiri pesan tersebut di kanal publik: {links}",
        "en": "⚠️ The withdrawal is recorded, but Telegram refused to delete {count} message(s) in the channel (older than 48 hours, or the bot is not a channel admin). Please delete them by hand in the public channel: {links}",
    },
    "withdrawn_messages_unknown": {
        "id": "⚠️ Penarikan sudah tercatat, tetapi pesan publikasi ini di kanal tidak diketahui bot (publikasi dicatat setelah terhenti). Mohon hapus sendiri pesannya di kanal publik.",
        "en": "⚠️ The withdrawal is recorded, but the bot does not know this publication's messages in the channel (it was recorded after an interruption). Please delete them by hand in the public channel.",
    },
    "withdrawn_notice": {
        "id": "🗑️ Publikasi \"{summary}\" ditarik oleh {name}. Alasan: {reason}",
        "en": "🗑️ The publication of \"{summary}\" was withdrawn by {name}. Reason: {reason}",
    },
    "not_published": {
        "id": "Siklus ini tidak memiliki publikasi yang dapat ditarik.",
        "en": "This cycle has no publication that can be withdrawn.",
    },
    "already_withdrawn": {
        "id": "Publikasi ini sudah ditarik sebelumnya.",
        "en": "This publication has already been withdrawn.",
    },
    "withdraw_not_allowed": {
        "id": "Maaf, hanya Operator PPID atau PPID Utama yang dapat menarik publikasi.",
        "en": "Sorry, only the PPID operator or PPID Utama can withdraw a publication.",
    },
    "history_withdraw_pick": {
        "id": "Publikasi yang dapat ditarik (Operator PPID / PPID Utama):",
        "en": "Publications that can be withdrawn (PPID operator / PPID Utama):",
    },
    "withdraw_button_cycle": {"id": "🗑️ Tarik publikasi siklus #{id}", "en": "🗑️ Withdraw the publication of cycle #{id}"},
    # -- history ----------------------------------------------------------------------------
    "history_pick": {"id": "Pilih informasi untuk melihat riwayatnya:", "en": "Choose an item to see its history:"},
    "history_none": {"id": "Belum ada siklus untuk informasi ini.", "en": "This item has no cycle yet."},
    "history_no_items": {"id": "Belum ada informasi dengan siklus pembaruan.", "en": "No item has an update cycle yet."},
    "history_cycle": {
        "id": "<b>Siklus #{id}</b> ({kind}), dibuka {opened}: {state}",
        "en": "<b>Cycle #{id}</b> ({kind}), opened {opened}: {state}",
    },
    "state_open": {"id": "berjalan, langkah {step}", "en": "in progress, step {step}"},
    "state_published": {"id": "dipublikasikan", "en": "published"},
    "state_withdrawn": {"id": "dipublikasikan, lalu ditarik", "en": "published, then withdrawn"},
    "state_cancelled": {"id": "ditutup tanpa publikasi", "en": "closed without publication"},
    "history_actor": {"id": "Pelaksana", "en": "Actor"},
    "history_time": {"id": "Waktu", "en": "Time"},
    "history_on_time": {"id": "✅ tepat waktu", "en": "✅ on time"},
    "history_late": {"id": "⚠️ terlambat", "en": "⚠️ late"},
    "history_system": {"id": "sistem", "en": "system"},
    "history_step_gone": {
        "id": "<b>Langkah {step}</b> (tidak ada lagi di berkas SOP yang berlaku)",
        "en": "<b>Step {step}</b> (no longer in the SOP file in force)",
    },
    "history_note": {"id": "Catatan", "en": "Note"},
    # -- the actions of the history (step_events.action) ----------------------------------------
    "action_cycle_opened": {"id": "siklus pembaruan dibuka", "en": "update cycle opened"},
    "action_cycle_opened_automatically": {"id": "siklus dibuka otomatis (jatuh tempo)", "en": "cycle opened automatically (falling due)"},
    "action_coordination_sent": {"id": "surat koordinasi dikirim", "en": "coordination letter sent"},
    "action_coordination_acknowledged": {"id": "surat koordinasi diterima", "en": "coordination letter acknowledged"},
    "action_draft_submitted": {"id": "draf dikirim untuk verifikasi", "en": "draft submitted for verification"},
    "action_draft_returned": {"id": "draf dikembalikan", "en": "draft returned"},
    "action_draft_approved": {"id": "draf disetujui", "en": "draft approved"},
    "action_recategorised": {"id": "kategori diubah", "en": "category changed"},
    "action_publication_coordinated": {"id": "publikasi dikoordinasikan", "en": "publication coordinated"},
    "action_data_refresh_scheduled": {"id": "pembaruan data dijadwalkan", "en": "data refresh scheduled"},
    "action_data_refresh_not_applicable": {"id": "tidak berlaku untuk informasi serta merta", "en": "not applicable to immediate information"},
    "action_cycle_cancelled": {
        "id": "siklus dihentikan: informasi diubah menjadi dikecualikan di register",
        "en": "cycle ended: the item was changed to exempt in the register",
    },
    "action_published": {"id": "dipublikasikan di kanal publik", "en": "published in the public channel"},
    "action_publication_withdrawn": {"id": "publikasi ditarik dari kanal publik", "en": "publication withdrawn from the public channel"},
    "action_step_confirmed": {"id": "langkah dicatat selesai", "en": "step recorded as done"},
}
