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
    "step_not_reached": {
        "id": "Langkah {step} belum sampai: siklus ini masih di langkah {current}. Tombol ini berlaku setelah langkah sebelumnya selesai.",
        "en": "Step {step} has not been reached: this cycle is still at step {current}. This button works once the steps before it are done.",
    },
    "step_passed": {
        "id": "Langkah {step} sudah selesai untuk siklus ini; tombol ini tidak berlaku lagi. Lihat /tugas.",
        "en": "Step {step} of this cycle is already done; this button no longer applies. See /tugas.",
    },
    "cycle_stopped": {
        "id": "Siklus ini sudah dihentikan sebelum langkah {step} selesai; tombol ini tidak berlaku lagi. Lihat /tugas.",
        "en": "This cycle was stopped before step {step} was done; this button no longer applies. See /tugas.",
    },
    "role_revoked": {
        "id": "Maaf, peran {role} Bapak/Ibu sudah dicabut, jadi langkah ini tidak dapat dikerjakan lagi. Hubungi Admin PPID bila ini keliru.",
        "en": "Sorry, your {role} role has been revoked, so this step can no longer be done. Contact the Admin PPID if this is a mistake.",
    },
    "not_your_unit": {
        "id": "Maaf, informasi ini milik unit lain; hanya PPID Pelaksana unit tersebut yang dapat mengerjakannya.",
        "en": "Sorry, this item belongs to another unit; only that unit's PPID Pelaksana can work on it.",
    },
    "no_pelaksana_for_unit": {
        "id": "Unit ini belum memiliki PPID Pelaksana. Mintalah Admin PPID mengundang PPID Pelaksana unit ini (/undang).",
        "en": "This unit has no PPID Pelaksana yet. Ask an admin to invite one (/undang).",
    },
    "not_your_letter": {
        "id": "Surat koordinasi ini tidak ditujukan kepada Bapak/Ibu.",
        "en": "This coordination letter is not addressed to you.",
    },
    "already_acknowledged": {
        "id": "Surat koordinasi ini sudah Bapak/Ibu terima sebelumnya.",
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
        "id": "Bapak/Ibu tidak dapat memverifikasi draf yang diunggah sendiri. Mintalah {verifier} lain.",
        "en": "You cannot verify a draft you uploaded yourself. Ask another {verifier}.",
    },
    "no_self_approval_sender": {
        "id": "Bapak/Ibu tidak dapat memverifikasi draf yang dikirim sendiri. Mintalah {verifier} lain.",
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
        "id": "⛔ Siklus pembaruan \"{summary}\" dihentikan di langkah {step}: Admin PPID mengubah informasi ini menjadi dikecualikan di register, jadi tidak akan dipublikasikan. Tugas ini tidak perlu dilanjutkan.",
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
        "id": "Tidak ada tugas yang menunggu Bapak/Ibu saat ini. 👍",
        "en": "No tasks are waiting for you right now. 👍",
    },
    "tasks_none_admin": {
        "id": "Tidak ada tugas yang menunggu Bapak/Ibu. Buka siklus pembaruan dari /informasi.",
        "en": "No tasks are waiting for you. Open an update cycle from /informasi.",
    },
    "tasks_heading": {"id": "Tugas Bapak/Ibu ({count}):", "en": "Your tasks ({count}):"},
    "task_button": {"id": "Langkah {step}: {summary}", "en": "Step {step}: {summary}"},
    "ack_button_task": {"id": "Terima surat: {summary}", "en": "Acknowledge letter: {summary}"},
    "card_item": {"id": "Informasi", "en": "Information"},
    "card_unit": {"id": "Unit", "en": "Unit"},
    "card_category": {"id": "Kategori", "en": "Category"},
    "card_kelengkapan": {"id": "Kelengkapan", "en": "Required input"},
    "card_output": {"id": "Output", "en": "Output"},
    "card_no_deadline": {"id": "tanpa batas waktu", "en": "no deadline"},
    "card_late": {"id": "⚠️ terlambat", "en": "⚠️ late"},
    "card_version": {"id": "Versi draf", "en": "Draft version"},
    "card_returned_reason": {"id": "Dikembalikan dengan alasan", "en": "Returned with the reason"},
    "card_draft_files": {
        "id": "Versi draf {version} kini berisi {count} berkas.",
        "en": "Draft version {version} now holds {count} file(s).",
    },
    "card_draft_no_files": {
        "id": "Versi draf {version} belum berisi berkas.",
        "en": "Draft version {version} holds no file yet.",
    },
    # -- the sentence opening each step card (bot.step_instruction): the action, then by when --
    "do_open_cycle": {"id": "Buka siklus pembaruan {summary}", "en": "Open the update cycle of {summary}"},
    "do_coordinate": {
        "id": "Kirim surat koordinasi {summary} kepada {pelaksana} {unit}",
        "en": "Send the coordination letter for {summary} to the {pelaksana} of {unit}",
    },
    "do_prepare_draft": {"id": "Unggah draf {summary}", "en": "Upload the draft of {summary}"},
    "do_verify": {
        "id": "Verifikasi draf {summary} (versi {version}, dari {sender})",
        "en": "Verify the draft of {summary} (version {version}, from {sender})",
    },
    "do_coordinate_publication": {"id": "Koordinasikan publikasi {summary}", "en": "Coordinate the publication of {summary}"},
    "do_refresh_data": {"id": "Perbarui data {summary}", "en": "Refresh the data of {summary}"},
    "do_publish": {"id": "Publikasikan {summary} di kanal publik", "en": "Publish {summary} in the public channel"},
    "do_confirm": {"id": "Selesaikan \"{activity}\" untuk {summary}", "en": "Complete \"{activity}\" for {summary}"},
    "do_by": {"id": "{action} paling lambat {when}.", "en": "{action} by {when}."},
    "do_by_late": {
        "id": "{action} paling lambat {when} (⚠️ sudah terlambat).",
        "en": "{action} by {when} (⚠️ already late).",
    },
    "do_no_deadline": {"id": "{action}; langkah ini tanpa batas waktu.", "en": "{action}; this step has no deadline."},
    "when_at": {"id": "{weekday}, {date} pukul {time}", "en": "{weekday}, {date} at {time}"},
    # -- step 1 -----------------------------------------------------------------------------
    "cycle_opened": {
        "id": "Siklus pembaruan dibuka untuk \"{summary}\". {actor} sudah diberi tahu.",
        "en": "Update cycle opened for \"{summary}\". {actor} has been told.",
    },
    "new_task": {"id": "📌 Tugas baru untuk Bapak/Ibu:", "en": "📌 A new task for you:"},
    # -- step 2 -----------------------------------------------------------------------------
    "btn_letter_generate": {"id": "📝 Buat surat dari templat", "en": "📝 Generate letter from template"},
    "btn_letter_upload": {"id": "📎 Unggah surat sendiri", "en": "📎 Upload my own letter"},
    "letter_upload_prompt": {
        "id": "Kirim berkas surat koordinasi (PDF, DOCX, DOC, ODT, JPG, PNG, atau foto HEIC dari iPhone). Ketik /batal untuk membatalkan.",
        "en": "Send the coordination letter file (PDF, DOCX, DOC, ODT, JPG, PNG, or an iPhone HEIC photo). Type /batal to cancel.",
    },
    "letter_sent": {
        "id": "✅ Surat koordinasi terkirim kepada {names}. Langkah 2 selesai; PPID Pelaksana kini menyiapkan draf.",
        "en": "✅ Coordination letter sent to {names}. Step 2 is done; the PPID Pelaksana now prepares the draft.",
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
            "Kirim berkas draf satu per satu (PDF, Word, Excel, PowerPoint, OpenDocument, CSV, JPG, PNG, HEIC; "
            "foto juga bisa). "
            "Setelah semua terkirim, tekan Selesai. Ketik /batal untuk berhenti; berkas yang sudah "
            "diterima tetap tersimpan."
        ),
        "en": (
            "Send the draft files one by one (PDF, Word, Excel, PowerPoint, OpenDocument, CSV, JPG, PNG, HEIC; "
            "photos too). When "
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
    "announce_too_long": {
        "id": (
            "Jawaban terlalu panjang ({length} huruf). Mohon ringkas menjadi paling banyak {maximum} huruf"
            " agar pengumuman muat utuh dalam satu pesan di kanal publik."
        ),
        "en": (
            "The answer is too long ({length} characters). Please shorten it to at most {maximum} characters"
            " so the announcement fits whole in one message in the public channel."
        ),
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
    "btn_approve": {"id": "✅ Setujui", "en": "✅ Approve"},
    "btn_return": {"id": "↩️ Kembalikan", "en": "↩️ Return"},
    "btn_recategorise": {"id": "🏷️ Ubah kategori", "en": "🏷️ Change category"},
    "return_reason_prompt": {
        "id": "Ketik alasan pengembalian draf (wajib). Ketik /batal untuk membatalkan.",
        "en": "Type the reason for returning the draft (required). Type /batal to cancel.",
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
    "draft_being_fixed": {
        "id": "✏️ {name} sedang memperbaiki draf ini: \"{summary}\" (versi {version}). Bapak/Ibu tidak perlu mengunggahnya juga.",
        "en": "✏️ {name} is correcting this draft: \"{summary}\" (version {version}). You need not upload it too.",
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
        "id": "Kanal publik belum diatur (PUBLIC_CHANNEL). Hubungi Admin PPID.",
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
    "published_notice_link": {
        "id": "📢 \"{summary}\" sudah dipublikasikan di kanal publik. Siklus selesai. Lihat: {link}",
        "en": "📢 \"{summary}\" has been published in the public channel. The cycle is complete. See: {link}",
    },
    "publish_preview": {
        "id": "👀 <b>Pratinjau publikasi</b> \"{summary}\"\nKanal: {channel}\n{what}\nBerkas ({count}):\n{files}\n\nKirim ke kanal publik sekarang?",
        "en": "👀 <b>Publication preview</b> \"{summary}\"\nChannel: {channel}\n{what}\nFiles ({count}):\n{files}\n\nSend to the public channel now?",
    },
    "publish_preview_announcement": {
        "id": "Pesan di atas adalah pengumuman yang diposting lebih dulu, lalu berkas berikut.",
        "en": "The message above is the announcement, posted first, then the files below.",
    },
    "publish_preview_announcement_alone": {
        "id": "Pesan di atas adalah pengumuman persis seperti yang akan diposting, tanpa berkas.",
        "en": "The message above is the announcement exactly as it will be posted, with no file.",
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
    # -- step 6: the File Informasi Data (bot.data_file) ----------------------------------------
    "btn_data_file_attach": {"id": "📊 Lampirkan File Informasi Data", "en": "📊 Attach the data file"},
    "data_file_offer": {
        "id": (
            "📊 Draf \"{summary}\" sudah disetujui PPID Utama. Langkah {step} SOP: Bapak/Ibu dapat "
            "melampirkan File Informasi Data (data di balik dokumen, berupa Excel XLSX atau CSV) "
            "sebelum dipublikasikan; berkas itu ikut diposting bersama dokumennya."
        ),
        "en": (
            "📊 The draft \"{summary}\" was approved by PPID Utama. SOP step {step}: you may attach the "
            "data file (the data behind the document, as Excel XLSX or CSV) before it is published; "
            "it is posted together with the document."
        ),
    },
    "data_file_prompt": {
        "id": "Kirim File Informasi Data sebagai satu berkas Excel (XLSX) atau CSV. Ketik /batal untuk membatalkan.",
        "en": "Send the data file as one Excel (XLSX) or CSV file. Type /batal to cancel.",
    },
    "data_file_refused_type": {
        "id": (
            "Maaf, berkas ini {detected}, bukan File Informasi Data. File Informasi Data harus berupa "
            "lembar kerja Excel (XLSX) atau data CSV."
        ),
        "en": "Sorry, this file is a {detected}, not a data file. A data file must be an Excel spreadsheet (XLSX) or CSV data.",
    },
    "data_file_saved": {
        "id": (
            "✅ File Informasi Data tersimpan: {name} ({kind}, {size}). Berkas ini dipublikasikan bersama "
            "dokumen \"{summary}\" pada langkah {step}."
        ),
        "en": "✅ Data file saved: {name} ({kind}, {size}). It is published with the document \"{summary}\" at step {step}.",
    },
    "data_file_no_step": {
        "id": "SOP yang berlaku tidak memiliki langkah pembaruan data, jadi File Informasi Data tidak dilampirkan.",
        "en": "The SOP in force has no data refresh step, so no data file is attached.",
    },
    "data_file_not_berkala": {
        "id": "File Informasi Data hanya untuk informasi berkala.",
        "en": "A data file is for periodic (berkala) information only.",
    },
    "data_file_not_yet": {
        "id": "Langkah ini belum sampai: File Informasi Data dapat dilampirkan setelah draf disetujui PPID Utama (langkah {step}).",
        "en": "This step has not been reached: the data file can be attached once PPID Utama approved the draft (step {step}).",
    },
    "data_file_published": {
        "id": "Informasi ini sudah dipublikasikan; File Informasi Data tidak dapat dilampirkan lagi pada siklus ini.",
        "en": "This item has been published already; no data file can be attached to this cycle any more.",
    },
    "data_file_closed": {
        "id": "Siklus ini sudah ditutup; File Informasi Data tidak dapat dilampirkan.",
        "en": "This cycle is closed; no data file can be attached.",
    },
    "data_file_publishing": {
        "id": "Informasi ini sedang dipublikasikan; File Informasi Data tidak dapat diubah sekarang.",
        "en": "This item is being published right now; the data file cannot be changed.",
    },
    "data_file_wrong_type": {
        "id": "File Informasi Data harus berupa lembar kerja Excel (XLSX) atau data CSV.",
        "en": "A data file must be an Excel spreadsheet (XLSX) or CSV data.",
    },
    "publish_preview_data_file": {"id": "{name} (File Informasi Data, langkah {step})", "en": "{name} (data file, step {step})"},
    "data_file_caption": {"id": "📊 File Informasi Data: {summary}", "en": "📊 Data file: {summary}"},
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
        "id": "🗑️ Publikasi \"{summary}\" ditarik ({count} pesan dihapus dari kanal). Alasan: {reason}\nVersi yang diperbaiki dapat dipublikasikan melalui siklus baru (Admin PPID membukanya dari kartu informasi).",
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
        "en": "Sorry, only the Operator PPID or PPID Utama can withdraw a publication.",
    },
    "history_withdraw_pick": {
        "id": "Publikasi yang dapat ditarik (Operator PPID / PPID Utama):",
        "en": "Publications that can be withdrawn (Operator PPID / PPID Utama):",
    },
    "withdraw_button_cycle": {"id": "🗑️ Tarik publikasi siklus #{id}", "en": "🗑️ Withdraw the publication of cycle #{id}"},
    # -- an admin cancels a cycle or hands its step over; a removed holder (bot.cycle_admin) --
    "btn_cancel_cycle": {"id": "🛑 Batalkan siklus", "en": "🛑 Cancel the cycle"},
    "btn_handover": {"id": "👤 Serahkan langkah", "en": "👤 Hand the step over"},
    "cycle_admin_not_admin": {
        "id": "Maaf, hanya admin yang dapat membatalkan siklus atau menyerahkan langkah.",
        "en": "Sorry, only an admin can cancel a cycle or hand a step over.",
    },
    "cycle_not_open": {
        "id": "Siklus ini sudah selesai (dipublikasikan atau dibatalkan); tidak ada yang diubah.",
        "en": "This cycle has already ended (published or cancelled); nothing was changed.",
    },
    "cancel_publication_under_way": {
        "id": "Publikasi siklus ini sedang berjalan atau terhenti di tengah jalan; Operator PPID perlu memastikannya di kanal dulu. Siklus tidak dibatalkan.",
        "en": "This cycle's publication is going out or was interrupted; the PPID operator must check the channel first. The cycle was not cancelled.",
    },
    "cancel_reason_prompt": {
        "id": "Membatalkan siklus #{id} \"{summary}\" (sekarang di langkah {step}). Ketik alasan pembatalan (wajib, minimal {minimum} huruf). Ketik /batal bila tidak jadi.",
        "en": "Cancelling cycle #{id} \"{summary}\" (now at step {step}). Type the reason (required, at least {minimum} characters). Type /batal to keep it.",
    },
    "cancel_reason_too_short": {
        "id": "Alasan pembatalan wajib diisi (minimal {minimum} huruf). Silakan ketik alasannya.",
        "en": "A reason for the cancellation is required (at least {minimum} characters). Please type it.",
    },
    "cycle_cancelled_done": {
        "id": "🛑 Siklus #{id} \"{summary}\" dibatalkan. Alasan: {reason}\nRiwayatnya tetap tersimpan (/riwayat {item_id}).",
        "en": "🛑 Cycle #{id} \"{summary}\" was cancelled. Reason: {reason}\nIts history is kept (/riwayat {item_id}).",
    },
    "cycle_cancelled_still_due": {
        "id": "ℹ️ Informasi berkala ini tetap jatuh tempo {due}; siklus baru dibuka otomatis menjelang tanggal itu. Bila tidak perlu, jeda pengingatnya di /jadwal atau ubah informasinya di /informasi.",
        "en": "ℹ️ This periodic item is still due {due}; a new cycle opens automatically as that date nears. If it is not needed, pause its reminders in /jadwal or edit the item in /informasi.",
    },
    "cycle_cancelled_notice": {
        "id": "🛑 Siklus \"{summary}\" dibatalkan oleh admin {name}; langkah {step} tidak perlu Bapak/Ibu kerjakan lagi.\nAlasan: {reason}",
        "en": "🛑 The cycle of \"{summary}\" was cancelled by the admin {name}; step {step} no longer needs you.\nReason: {reason}",
    },
    "handover_pick": {
        "id": "Serahkan langkah {step} ({role}) siklus \"{summary}\" kepada siapa? Sekarang dipegang oleh: {holders}.",
        "en": "Hand step {step} ({role}) of the cycle of \"{summary}\" to whom? Held now by: {holders}.",
    },
    "handover_no_candidates": {
        "id": "Tidak ada {role} lain yang dapat menerima langkah {step}. Beri perannya kepada petugas lain di /staf atau undang lewat /undang.",
        "en": "No other {role} can take step {step}. Give the role to someone in /staf or invite someone with /undang.",
    },
    "handover_nobody_acts": {
        "id": "Tidak ada yang mengerjakan langkah ini; tidak ada yang dapat diserahkan.",
        "en": "Nobody acts at this step; there is nothing to hand over.",
    },
    "handover_not_holder": {
        "id": "{name} tidak lagi memegang peran {role}; langkah tidak diserahkan.",
        "en": "{name} no longer holds the role {role}; the step was not handed over.",
    },
    "handover_own_draft": {
        "id": "{name} mengunggah draf ini sendiri dan tidak dapat memverifikasinya; pilih PPID Utama lain.",
        "en": "{name} uploaded this draft and cannot verify it; choose another PPID Utama.",
    },
    "handover_own_draft_sender": {
        "id": "{name} mengirim draf ini sendiri dan tidak dapat memverifikasinya; pilih PPID Utama lain.",
        "en": "{name} sent this draft and cannot verify it; choose another PPID Utama.",
    },
    "handover_blocked": {
        "id": "{name} telah memblokir bot, jadi tidak akan menerima langkah ini; langkah tidak diserahkan.",
        "en": "{name} has blocked the bot and would never receive this step; the step was not handed over.",
    },
    "handover_already": {
        "id": "Langkah ini sudah dipegang oleh {name} saja.",
        "en": "This step is held by {name} alone already.",
    },
    "handover_done": {
        "id": "👤 Langkah {step} siklus \"{summary}\" diserahkan kepada {name}. Hanya {name} yang kini memegangnya sampai langkah ini selesai.",
        "en": "👤 Step {step} of the cycle of \"{summary}\" was handed to {name}. Only {name} holds it now, until the step is done.",
    },
    "handover_to_you": {
        "id": "👤 Admin {admin} menyerahkan langkah ini kepada Bapak/Ibu:",
        "en": "👤 The admin {admin} handed this step to you:",
    },
    "handover_away": {
        "id": "👤 Langkah {step} siklus \"{summary}\" diserahkan oleh admin {admin} kepada {name}; Bapak/Ibu tidak perlu mengerjakannya lagi.",
        "en": "👤 Step {step} of the cycle of \"{summary}\" was handed by the admin {admin} to {name}; it no longer needs you.",
    },
    "step_handed_to_other": {
        "id": "Langkah ini sudah diserahkan admin kepada petugas lain; Bapak/Ibu tidak perlu mengerjakannya. Lihat /tugas.",
        "en": "An admin handed this step to someone else; it no longer needs you. See /tugas.",
    },
    "removal_new_holder": {
        "id": "📌 {name} tidak lagi memegang langkah ini; kini Bapak/Ibu yang memegangnya:",
        "en": "📌 {name} no longer holds this step; it is yours now:",
    },
    "removal_nobody_left": {
        "id": "⚠️ Tidak ada lagi yang memegang langkah {step} ({role}) siklus \"{summary}\": peran {name} dicabut dan tidak ada {role} lain. Beri perannya kepada petugas lain di /staf atau undang lewat /undang, lalu serahkan langkahnya; atau batalkan siklusnya.",
        "en": "⚠️ Nobody holds step {step} ({role}) of the cycle of \"{summary}\" any more: {name}'s role was revoked and there is no other {role}. Give the role to someone in /staf or invite someone with /undang, then hand the step over; or cancel the cycle.",
    },
    "action_cycle_cancelled_by_admin": {"id": "siklus dibatalkan oleh admin", "en": "cycle cancelled by an admin"},
    "action_step_handed_over": {"id": "langkah diserahkan kepada", "en": "step handed over to"},
    "action_assignment_dropped": {
        "id": "penyerahan langkah berakhir: peran petugasnya dicabut",
        "en": "hand-over ended: its holder's role was revoked",
    },
    # -- history ----------------------------------------------------------------------------
    "history_pick": {"id": "Pilih informasi untuk melihat riwayatnya:", "en": "Choose an item to see its history:"},
    "history_none": {"id": "Belum ada siklus untuk informasi ini.", "en": "This item has no cycle yet."},
    "history_no_items": {"id": "Belum ada informasi dengan siklus pembaruan.", "en": "No item has an update cycle yet."},
    "history_channel_link": {"id": '🔗 <a href="{link}">Kanal publik</a>', "en": '🔗 <a href="{link}">Public channel</a>'},
    "history_web_link": {"id": '🌐 <a href="{link}">Situs web PPID</a>', "en": '🌐 <a href="{link}">PPID web site</a>'},
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
    "action_data_file_attached": {"id": "File Informasi Data dilampirkan", "en": "data file attached"},
    "action_data_refresh_not_applicable": {"id": "tidak berlaku untuk informasi serta merta", "en": "not applicable to immediate information"},
    "action_cycle_cancelled": {
        "id": "siklus dihentikan: informasi diubah menjadi dikecualikan di register",
        "en": "cycle ended: the item was changed to exempt in the register",
    },
    "action_published": {"id": "dipublikasikan di kanal publik", "en": "published in the public channel"},
    "action_publication_withdrawn": {"id": "publikasi ditarik dari kanal publik", "en": "publication withdrawn from the public channel"},
    # -- serta merta without delay (/sertamerta: bot/serta_merta.py, handlers/serta_merta.py) -----
    "action_serta_merta_started": {
        "id": "informasi serta merta didaftarkan di DIP dan siklus dibuka (/sertamerta)",
        "en": "immediate information registered in the DIP and its cycle opened (/sertamerta)",
    },
    "action_coordination_by_phone": {
        "id": "dikoordinasikan lewat telepon (tanpa surat koordinasi)",
        "en": "coordinated by phone (no coordination letter)",
    },
    "sm_not_allowed": {
        "id": "Informasi serta merta dimulai oleh Operator PPID, PPID Utama atau Admin PPID. Peran Bapak/Ibu tidak termasuk.",
        "en": "Immediate information is started by the PPID Operator, PPID Utama or a PPID Admin. Your role is not one of them.",
    },
    "sm_not_author": {
        "id": "Pengumuman ini dimulai oleh petugas lain: dia atau PPID Pelaksana unitnya yang memperbaikinya.",
        "en": "Someone else started this announcement: they or the unit's PPID Pelaksana correct it.",
    },
    "sm_intro": {
        "id": "⚡ <b>Informasi serta merta</b> diumumkan tanpa penundaan (UU 14/2008 Pasal 10).\nKetik judul informasinya, mis. \"Peringatan dini banjir Kota Pontianak\". Ketik /batal untuk membatalkan.",
        "en": "⚡ <b>Immediate information</b> is announced without delay (UU 14/2008 art. 10).\nType its title, e.g. \"Early flood warning for Pontianak\". Type /batal to cancel.",
    },
    "sm_title_too_long": {
        "id": (
            "Judul terlalu panjang untuk pengumuman ({length} huruf). Mohon ringkas menjadi paling banyak"
            " {maximum} huruf; rinciannya dapat ditulis pada unsur pengumuman."
        ),
        "en": (
            "The title is too long for the announcement ({length} characters). Please shorten it to at most"
            " {maximum} characters; the details can go into the announcement's elements."
        ),
    },
    "sm_ask_unit": {
        "id": "Unit (OPD/bidang) mana yang memegang informasi ini?",
        "en": "Which unit (OPD/bidang) holds this information?",
    },
    "sm_unit_chosen": {"id": "Unit: {unit}", "en": "Unit: {unit}"},
    "sm_ask_coordination": {
        "id": "Langkah 2, koordinasi dengan unit: kirim surat koordinasinya (PDF, DOCX atau foto) bila ada, atau tekan \"📞 Lewat telepon\" bila koordinasi sudah dilakukan lewat telepon.",
        "en": "Step 2, coordination with the unit: send the coordination letter (PDF, DOCX or photo) if there is one, or press \"📞 By phone\" if you coordinated by phone.",
    },
    "btn_sm_by_phone": {"id": "📞 Lewat telepon", "en": "📞 By phone"},
    "sm_by_phone_noted": {
        "id": "📞 Dicatat: koordinasi lewat telepon oleh {name}, {time}.",
        "en": "📞 Recorded: coordinated by phone by {name}, {time}.",
    },
    "sm_letter_saved": {"id": "✅ Surat koordinasi diterima: {name}.", "en": "✅ Coordination letter received: {name}."},
    "sm_preview_intro": {
        "id": "👀 Inilah pengumuman persis seperti yang akan diposting di kanal publik. Untuk melampirkan foto atau berkas, kirimkan sekarang; tanpa lampiran, pengumuman diposting sebagai teks saja.",
        "en": "👀 This is the announcement exactly as it will be posted in the public channel. To attach a photo or a file, send it now; without one, the announcement is posted as text only.",
    },
    "sm_files_kept": {
        "id": "Lampiran versi sebelumnya ikut dikirim lagi ({count} berkas) kecuali Bapak/Ibu mengirim lampiran baru.",
        "en": "The attachments of the previous version go again ({count} file(s)) unless you send new ones.",
    },
    "sm_file_saved": {
        "id": "✅ Lampiran diterima: {name}. Pengumuman akan diposting dengan {count} berkas.",
        "en": "✅ Attachment received: {name}. The announcement will be posted with {count} file(s).",
    },
    "btn_sm_send": {"id": "✅ Kirim ke PPID Utama", "en": "✅ Send to PPID Utama"},
    "sm_preview_outdated": {
        "id": "Pratinjau ini sudah tidak berlaku. Mulai lagi dengan /sertamerta.",
        "en": "This preview is no longer valid. Start again with /sertamerta.",
    },
    "sm_sent": {
        "id": "📤 \"{summary}\" terdaftar di DIP sebagai informasi serta merta; pengumuman versi {version} ({files}) terkirim ke PPID Utama untuk diverifikasi.",
        "en": "📤 \"{summary}\" is registered in the DIP as immediate information; announcement version {version} ({files}) sent to PPID Utama for verification.",
    },
    "sm_resent": {
        "id": "📤 Pengumuman versi {version} ({files}) terkirim lagi ke PPID Utama untuk diverifikasi.",
        "en": "📤 Announcement version {version} ({files}) sent to PPID Utama again for verification.",
    },
    "sm_publish_now": {
        "id": "⚡ Pengumuman serta merta \"{summary}\" disetujui PPID Utama. Di bawah ini persis yang akan diposting: \"Ya, kirim\" mencatat koordinasi publikasi (langkah 5) dan langsung mempostingnya (langkah 7).",
        "en": "⚡ The immediate announcement \"{summary}\" was approved by PPID Utama. Below is exactly what will be posted: \"Yes, send\" records the publication's coordination (step 5) and posts it at once (step 7).",
    },
    "sm_returned_to_you": {
        "id": "↩️ Pengumuman serta merta \"{summary}\" (versi {version}) dikembalikan oleh PPID Utama.\nAlasan: {reason}\nTekan \"✏️ Perbaiki pengumuman\" untuk mengubah unsurnya dan mengirimnya lagi.",
        "en": "↩️ The immediate announcement \"{summary}\" (version {version}) was returned by PPID Utama.\nReason: {reason}\nPress \"✏️ Correct the announcement\" to change its elements and send it again.",
    },
    "sm_returned_to_author": {
        "id": "↩️ Pengumuman versi {version} dikembalikan kepada {name}, yang memulainya, dengan alasan: {reason}",
        "en": "↩️ Announcement version {version} returned to {name}, who started it, with the reason: {reason}",
    },
    "sm_files": {"id": "{count} berkas", "en": "{count} file(s)"},
    "sm_text_only": {"id": "teks saja, tanpa lampiran", "en": "text only, no attachment"},
    "publish_preview_text_only": {
        "id": "• (tidak ada: pengumuman diposting sebagai teks saja)",
        "en": "• (none: the announcement is posted as text only)",
    },
    "btn_sm_fix": {"id": "✏️ Perbaiki pengumuman", "en": "✏️ Correct the announcement"},
    "action_step_confirmed": {"id": "langkah dicatat selesai", "en": "step recorded as done"},
    "sm_draft_with_author": {
        "id": (
            "Pengumuman serta merta ini dikembalikan kepada pembuatnya, yang memperbaikinya sendiri "
            "(\"✏️ Perbaiki pengumuman\"); Bapak/Ibu tidak perlu mengunggah draf. Lihat /tugas."
        ),
        "en": (
            "This serta merta announcement was returned to its author, who corrects it "
            "(\"✏️ Correct the announcement\"); you need not upload a draft. See /tugas."
        ),
    },
    "task_button_sm_fix": {"id": "✏️ Perbaiki pengumuman: {summary}", "en": "✏️ Correct the announcement: {summary}"},
}
