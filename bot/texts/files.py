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
            "Maaf, berkas ini tidak dapat diterima: isinya {found}.\n"
            "Jenis berkas yang diterima: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, foto JPG atau PNG."
        ),
        "en": (
            "Sorry, this file cannot be accepted: it holds {found}.\n"
            "Accepted files: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, JPG or PNG pictures."
        ),
    },
    "file_refused_not_genuine": {
        "id": (
            "Maaf, berkas <b>{name}</b> bukan {claimed} yang sah, jadi tidak dapat diterima: isinya {found}.\n"
            "Buka berkas aslinya, simpan ulang sebagai {claimed}, lalu kirim lagi."
        ),
        "en": (
            "Sorry, <b>{name}</b> is not a valid {claimed}, so it cannot be accepted: it holds {found}.\n"
            "Open the original, save it again as {claimed}, then send it again."
        ),
    },
    "file_refused_type_not_here": {
        "id": "Maaf, berkas ini berupa {detected}, yang tidak diterima pada langkah ini. Kirim sebagai {accepted}.",
        "en": "Sorry, this file is {detected}, which is not accepted at this step. Send it as {accepted}.",
    },
    "file_found_program": {"id": "program komputer, bukan dokumen", "en": "a computer program, not a document"},
    "file_found_old_office": {
        "id": "dokumen Office lama (DOC/XLS 97-2003)",
        "en": "an old Office document (DOC/XLS 97-2003)",
    },
    "file_found_office_other": {
        "id": "dokumen Office yang rusak atau berjenis lain (misalnya PowerPoint)",
        "en": "an Office document that is damaged or of another kind (PowerPoint, say)",
    },
    "file_found_archive": {"id": "arsip terkompresi (ZIP, RAR dan sejenisnya), bukan dokumen", "en": "a compressed archive (ZIP, RAR and the like), not a document"},
    "file_found_image_with_archive": {"id": "gambar yang disisipi arsip lain", "en": "a picture with an archive attached to it"},
    "file_found_image_other": {"id": "gambar berformat lain (misalnya GIF, WEBP, TIFF atau HEIC)", "en": "a picture of another format (GIF, WEBP, TIFF or HEIC, say)"},
    "file_found_video": {"id": "video, bukan dokumen", "en": "a video, not a document"},
    "file_found_web_page": {"id": "halaman web atau kode (HTML, XML, SVG atau JSON)", "en": "a web page or code (HTML, XML, SVG or JSON)"},
    "file_found_text": {"id": "teks biasa, bukan tabel CSV", "en": "plain text, not a CSV table"},
    "file_found_unknown": {"id": "data yang tidak dikenali sebagai dokumen", "en": "data that is not recognisable as a document"},
    "file_refused_duplicate": {
        "id": "Berkas yang sama sudah Bapak/Ibu kirim untuk draf ini. Tidak perlu dikirim lagi.",
        "en": "You already sent this same file for this draft. No need to send it again.",
    },
    "file_refused_pdf_trailing": {
        "id": (
            "Maaf, PDF ini tidak utuh atau berisi data lain setelah akhir dokumennya, jadi tidak dapat "
            "diterima.\nSimpan ulang atau cetak ulang sebagai PDF, lalu kirim lagi."
        ),
        "en": (
            "Sorry, this PDF is incomplete or carries other data after the end of the document, so it "
            "cannot be accepted.\nSave or print it again as PDF, then send it again."
        ),
    },
    "file_refused_macros": {
        "id": (
            "Maaf, berkas ini berisi makro (kode program), jadi tidak dapat diterima.\n"
            "Simpan ulang sebagai dokumen biasa tanpa makro (DOCX/XLSX, bukan DOCM/XLSM), lalu kirim lagi."
        ),
        "en": (
            "Sorry, this file contains macros (program code), so it cannot be accepted.\n"
            "Save it again as a plain document without macros (DOCX/XLSX, not DOCM/XLSM), then send it again."
        ),
    },
    "file_refused_external": {
        "id": (
            "Maaf, dokumen ini mengambil isi dari luar berkasnya saat dibuka (templat atau objek dari "
            "alamat lain, cara umum menyisipkan makro), jadi tidak dapat diterima.\n"
            "Simpan ulang sebagai dokumen baru tanpa templat atau objek tertaut, lalu kirim lagi."
        ),
        "en": (
            "Sorry, this document loads content from outside the file when it is opened (a template "
            "or an object from another address, a common way to slip in macros), so it cannot be "
            "accepted.\nSave it again as a new document without a linked template or object, then send it again."
        ),
    },
    "file_refused_archive_entries": {
        "id": (
            "Maaf, berkas ini tersusun dari terlalu banyak bagian ({count}; paling banyak {limit}), "
            "jadi tidak dapat diperiksa.\nSimpan ulang dokumennya atau kirim sebagai PDF."
        ),
        "en": (
            "Sorry, this file is made of too many parts ({count}; at most {limit}), so it cannot be "
            "checked.\nSave the document again or send it as PDF."
        ),
    },
    "file_refused_archive_size": {
        "id": (
            "Maaf, isi berkas ini bila dibuka melebihi {limit_unpacked_mb} MB, jadi tidak dapat "
            "diterima.\nSimpan ulang dokumennya atau kirim sebagai PDF."
        ),
        "en": (
            "Sorry, this file's content would unpack to more than {limit_unpacked_mb} MB, so it cannot "
            "be accepted.\nSave the document again or send it as PDF."
        ),
    },
    "file_refused_formula": {
        "id": (
            "Maaf, berkas CSV ini berisi sel yang dapat dijalankan sebagai rumus oleh Excel: baris "
            "{row}, kolom {column} (<code>{cell}</code>).\nSel tidak boleh diawali =, +, -, @, tab atau "
            "enter, kecuali angka biasa seperti -5. Hapus awalannya atau beri tanda petik (') di depannya, "
            "lalu kirim lagi."
        ),
        "en": (
            "Sorry, this CSV file has a cell that Excel could run as a formula: row {row}, column "
            "{column} (<code>{cell}</code>).\nCells must not start with =, +, -, @, tab or a line break, "
            "unless they are plain numbers like -5. Remove that first character or put an apostrophe (') "
            "in front of it, then send it again."
        ),
    },
    "file_refused_sylk": {
        "id": (
            "Maaf, berkas CSV ini diawali huruf <b>ID</b>: Excel membukanya sebagai berkas SYLK, yang dapat "
            "menjalankan perintah, jadi tidak dapat diterima.\nUbah judul kolom pertama (misalnya menjadi "
            "<b>Id</b> atau <b>No</b>), lalu kirim lagi."
        ),
        "en": (
            "Sorry, this CSV file starts with the letters <b>ID</b>: Excel opens it as a SYLK file, which "
            "can run commands, so it cannot be accepted.\nRename the first column (for example to "
            "<b>Id</b> or <b>No</b>), then send it again."
        ),
    },
    "file_name_mismatch": {
        "id": (
            "Catatan: nama berkas <b>{name}</b> tidak sesuai dengan isinya. "
            "Berkas diterima sebagai {detected} dan diteruskan dengan nama <b>{safe_name}</b>."
        ),
        "en": (
            "Note: the file name <b>{name}</b> does not match its content. "
            "It was accepted as {detected} and is passed on as <b>{safe_name}</b>."
        ),
    },
}
