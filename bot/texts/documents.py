"""Texts of the documents the bot makes from the office's templates (issue 17): the coordination
letter's preview, its number, and what happens without a PDF."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "letter_preview": {
        "id": "👀 Pratinjau surat koordinasi nomor {number} untuk \"{summary}\". Dua berkas di atas (DOCX dan PDF) "
        "itulah yang akan dikirim kepada PPID Pelaksana unit {unit}: {names}. Kirim sekarang?",
        "en": "👀 Preview of coordination letter no. {number} for \"{summary}\". The two files above (DOCX and PDF) "
        "are what will be sent to the PPID Pelaksana of {unit}: {names}. Send it now?",
    },
    "letter_preview_docx_only": {
        "id": "👀 Pratinjau surat koordinasi nomor {number} untuk \"{summary}\". Berkas DOCX ini (tanpa PDF) "
        "itulah yang akan dikirim kepada PPID Pelaksana unit {unit}: {names}. Kirim sekarang?",
        "en": "👀 Preview of coordination letter no. {number} for \"{summary}\". This DOCX (no PDF) is what will "
        "be sent to the PPID Pelaksana of {unit}: {names}. Send it now?",
    },
    "letter_sent_number": {
        "id": "Nomor surat: {number}.",
        "en": "Letter number: {number}.",
    },
    "letter_no_pdf_install": {
        "id": "ℹ️ Salinan PDF surat belum dapat dibuat karena LibreOffice belum terpasang di server bot, "
        "jadi surat dikirim sebagai DOCX saja. Agar surat juga dikirim sebagai PDF, mohon minta pengelola "
        "server memasang paket {package} (Debian/Ubuntu: sudo apt-get install {package}), lalu menjalankan "
        "ulang bot. Pesan ini hanya muncul sekali.",
        "en": "ℹ️ No PDF copy of the letter could be made because LibreOffice is not installed on the bot's "
        "server, so the letter goes as DOCX only. To send PDFs too, ask the server's administrator to install "
        "the package {package} (Debian/Ubuntu: sudo apt-get install {package}) and restart the bot. This "
        "message appears only once.",
    },
    "letter_pdf_failed": {
        "id": "⚠️ Salinan PDF surat gagal dibuat kali ini (LibreOffice tidak berhasil); surat dikirim sebagai "
        "DOCX saja. Bila terus terjadi, mohon sampaikan kepada pengelola server.",
        "en": "⚠️ The PDF copy of the letter could not be made this time (LibreOffice failed); the letter goes "
        "as DOCX only. If it keeps happening, please tell the server's administrator.",
    },
    "letter_template_broken": {
        "id": "Templat surat koordinasi tidak dapat dipakai: {problem}. Mohon sampaikan kepada Admin PPID; "
        "sementara itu Bapak/Ibu dapat memakai \"Unggah surat sendiri\".",
        "en": "The coordination letter template cannot be used: {problem}. Please tell the Admin PPID; meanwhile "
        "you can use \"Upload my own letter\".",
    },
    # -- the exemption decision and its signed scan (bot/exemption_decision.py) --
    "exd_sent": {
        "id": "📜 Keputusan PPID nomor {number} tentang Penetapan Informasi yang Dikecualikan: \"{summary}\". "
        "Mohon Bapak/Ibu cetak, mintakan tanda tangan {decider}, lalu unggah hasil pindaiannya dengan tombol di bawah.",
        "en": "📜 PPID decision no. {number} on the Designation of Exempt Information: \"{summary}\". Please print "
        "it, have {decider} sign it, then upload the scan with the button below.",
    },
    "exd_no_pdf": {
        "id": "ℹ️ Keputusan hanya tersedia sebagai DOCX: salinan PDF belum dapat dibuat (LibreOffice belum "
        "terpasang; pengelola server dapat memasang paket {package}).",
        "en": "ℹ️ The decision is available as DOCX only: no PDF copy could be made (LibreOffice is not installed; "
        "the server's administrator can install the package {package}).",
    },
    "exd_btn_get": {"id": "📜 Dokumen keputusan", "en": "📜 Decision document"},
    "exd_btn_upload": {"id": "📤 Unggah hasil pindaian bertanda tangan", "en": "📤 Upload the signed scan"},
    "exd_upload_prompt": {
        "id": "Silakan kirim hasil pindaian keputusan yang sudah ditandatangani (PDF, JPG, PNG, atau foto HEIC dari iPhone). /batal untuk membatalkan.",
        "en": "Please send the scan of the signed decision (PDF, JPG, PNG, or an iPhone HEIC photo). /batal to cancel.",
    },
    "exd_upload_type": {
        "id": "Berkas ini berupa {detected}, bukan hasil pindaian yang diterima di sini ({accepted}). Mohon kirim PDF, JPG, PNG atau foto HEIC.",
        "en": "This file is {detected}, not a scan accepted here ({accepted}). Please send a PDF, JPG, PNG or HEIC photo.",
    },
    "exd_signed_saved": {
        "id": "✅ Hasil pindaian keputusan nomor {number} yang bertanda tangan tersimpan bersama informasi \"{summary}\" "
        "(versi {version}). Berkas ini tidak pernah tampil di situs publik.",
        "en": "✅ The scan of signed decision no. {number} is kept with \"{summary}\" (version {version}). It is never "
        "shown on the public site.",
    },
    "exd_err_role": {
        "id": "Maaf, hanya Admin PPID atau PPID Utama yang dapat mengurus keputusan pengecualian.",
        "en": "Sorry, only an Admin PPID or the PPID Utama can handle exemption decisions.",
    },
    "exd_err_not_exempt": {
        "id": "Informasi ini tidak dikecualikan dengan uji konsekuensi yang tercatat, jadi tidak ada keputusannya.",
        "en": "This information is not exempt with a recorded consequence test, so it has no decision.",
    },
    "exd_err_no_decision": {
        "id": "Dokumen keputusan belum dibuat. Mohon tekan \"📜 Dokumen keputusan\" terlebih dahulu.",
        "en": "The decision document has not been made yet. Please press \"📜 Decision document\" first.",
    },
    "exd_err_replaced": {
        "id": "Keputusan ini sudah diganti: informasi ini diuji ulang, jadi berlaku keputusan yang baru. Mohon tekan "
        "\"📜 Dokumen keputusan\", mintakan tanda tangan keputusan yang baru itu, lalu unggah pindaiannya.",
        "en": "This decision has been replaced: the information was re-tested, so a new decision applies. Please press "
        "\"📜 Decision document\", have that new decision signed, then upload its scan.",
    },
    "exd_err_type": {
        "id": "Hasil pindaian harus PDF, JPG atau PNG.",
        "en": "The scan must be a PDF, JPG or PNG.",
    },
    "exd_template_broken": {
        "id": "Templat keputusan pengecualian tidak dapat dipakai: {problem}. Mohon sampaikan kepada Admin PPID.",
        "en": "The exemption decision template cannot be used: {problem}. Please tell the Admin PPID.",
    },
    "exd_card_unsigned": {
        "id": "🖋 Keputusan bertanda tangan: belum diunggah",
        "en": "🖋 Signed decision: not uploaded yet",
    },
    "exd_card_signed": {
        "id": "🖋 Keputusan bertanda tangan: tersimpan (versi {version}, {time})",
        "en": "🖋 Signed decision: on file (version {version}, {time})",
    },
    # -- the demo (bot/demo.py) shows the documents it made --
    "demo_document_text": {
        "id": "📄 Isi {name}, dibaca kembali dari berkas DOCX",
        "en": "contents of {name}, read back from the DOCX",
    },
    "demo_document_saved": {
        "id": "💾 Berkas tersimpan, siap dibuka: {path}",
        "en": "saved, you can open it: {path}",
    },
    "demo_document_no_pdf": {
        "id": "ℹ️ Tanpa PDF: LibreOffice tidak ada atau dimatikan (SOFFICE_PATH=off); pasang {package} untuk PDF",
        "en": "no PDF: LibreOffice is missing or turned off (SOFFICE_PATH=off); install {package} for PDFs",
    },
    "demo_documents_folder": {
        "id": "Surat dan keputusan demo disimpan di {folder} (tidak dihapus, agar dapat dibuka)",
        "en": "the demo's letters and decisions are kept in {folder} (not deleted, so you can open them)",
    },
}
