"""Texts about uploaded files: accepted types and the reasons a file is refused (see `bot.texts`).

The refusal keys are `file_refused_<reason>` for the reasons of `bot.filetypes.check_upload`;
their placeholders come from `UploadVerdict.text_values(language)`.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "file_accepted_types": {
        "id": "Jenis berkas yang diterima: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, foto JPG atau PNG.",
        "en": "Accepted files: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, JPG or PNG pictures.",
    },
    "file_refused_empty": {
        "id": "Maaf, berkas ini kosong (0 byte). Silakan periksa lalu kirim ulang.",
        "en": "Sorry, this file is empty (0 bytes). Please check it and send it again.",
    },
    "file_refused_too_large": {
        "id": (
            "Maaf, berkas ini terlalu besar. Ukuran maksimal {limit_mb} MB.\n"
            "Silakan perkecil (misalnya simpan ulang sebagai PDF) lalu kirim lagi."
        ),
        "en": (
            "Sorry, this file is too large. The limit is {limit_mb} MB.\n"
            "Please make it smaller (for example, save it again as PDF) and send it again."
        ),
    },
    "file_refused_unsupported": {
        "id": (
            "Maaf, jenis berkas ini tidak dapat diterima.\n"
            "Kirim dalam bentuk PDF, Word (DOCX), Excel (XLSX), ODT, CSV, atau foto JPG/PNG."
        ),
        "en": (
            "Sorry, this type of file cannot be accepted.\n"
            "Please send a PDF, Word (DOCX), Excel (XLSX), ODT, CSV, or a JPG/PNG picture."
        ),
    },
    "file_refused_duplicate": {
        "id": "Berkas yang sama sudah Anda kirim untuk draf ini. Tidak perlu dikirim lagi.",
        "en": "You already sent this same file for this draft. No need to send it again.",
    },
    "file_name_mismatch": {
        "id": (
            "Catatan: nama berkas <b>{name}</b> tidak sesuai dengan isinya. "
            "Berkas diterima sebagai {detected}."
        ),
        "en": "Note: the file name <b>{name}</b> does not match its content. It was accepted as {detected}.",
    },
}
