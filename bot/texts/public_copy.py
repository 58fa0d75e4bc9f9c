"""Texts of step 7's public copy (issue 17): the PDF posted in place of an office document draft
file (the JPEG in place of a HEIC photo), what the preview says when none could be made, and the operator's own PDF upload."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "publish_preview_pdf_copy": {
        "id": "{name} ({copy} dari {source})",
        "en": "{name} ({copy} of {source})",
    },
    "public_copy_missing": {
        "id": "ℹ️ Salinan PDF dari {names} {why}. Bila Bapak/Ibu menekan \"Ya, kirim\" di pratinjau di bawah, "
        "berkas itu diposting apa adanya. Agar yang diposting PDF, tekan \"📄 Unggah PDF\" di bawah pesan ini "
        "dan kirim PDF-nya lebih dulu.",
        "en": "ℹ️ The PDF copy of {names} {why}. If you press \"Yes, send\" under the preview below, that file "
        "is posted as it is. To post a PDF instead, press \"📄 Upload PDF\" under this message and send the PDF first.",
    },
    "publish_preview_as_it_is": {
        "id": "ℹ️ Tanpa salinan PDF, diposting apa adanya: {names} (lihat pesan di atas).",
        "en": "ℹ️ No PDF copy, posted as it is: {names} (see the message above).",
    },
    "public_copy_why_no_libreoffice": {
        "id": "belum dapat dibuat karena LibreOffice belum terpasang di server bot",
        "en": "cannot be made because LibreOffice is not installed on the bot's server",
    },
    "public_copy_why_failed": {
        "id": "gagal dibuat kali ini (LibreOffice tidak berhasil)",
        "en": "could not be made this time (LibreOffice failed)",
    },
    "btn_public_pdf_upload": {
        "id": "📄 Unggah PDF: {name}",
        "en": "📄 Upload PDF: {name}",
    },
    "public_pdf_ask": {
        "id": "Kirim PDF dari \"{source}\" sebagai satu berkas PDF. PDF itulah yang diposting di kanal publik "
        "dan ditampilkan di situs web sebagai \"{name}\"; berkas aslinya tetap tersimpan. Ketik /batal untuk "
        "membatalkan.",
        "en": "Send the PDF of \"{source}\" as one PDF file. That PDF is what is posted to the public channel "
        "and shown on the web site as \"{name}\"; the original stays in the record. Type /batal to cancel.",
    },
    "public_pdf_prompt": {
        "id": "Kirim salinan PDF-nya sebagai satu berkas PDF. Ketik /batal untuk membatalkan.",
        "en": "Send its PDF copy as one PDF file. Type /batal to cancel.",
    },
    "public_pdf_refused_type": {
        "id": "Maaf, berkas ini {detected}, bukan PDF. Yang diposting menggantikan draf harus berupa PDF. "
        "Silakan kirim PDF-nya, atau ketik /batal.",
        "en": "Sorry, this file is {detected}, not a PDF. What is posted in place of the draft must be a PDF. "
        "Please send the PDF, or type /batal.",
    },
    "public_pdf_saved": {
        "id": "✅ PDF tersimpan: \"{name}\" akan diposting menggantikan \"{source}\". Tekan \"📢 Publikasikan "
        "sekarang\" untuk melihat pratinjau yang baru.",
        "en": "✅ PDF saved: \"{name}\" will be posted in place of \"{source}\". Press \"📢 Publish now\" to see "
        "the new preview.",
    },
    "public_pdf_not_needed": {
        "id": "Berkas ini tidak lagi menunggu PDF (drafnya sudah berganti atau sudah dipublikasikan). Tidak ada "
        "yang berubah.",
        "en": "This file no longer waits for a PDF (its draft changed or was published). Nothing changed.",
    },
}
