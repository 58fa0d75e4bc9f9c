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
}
