"""Texts about uploaded files: accepted types and the reasons a file is refused (see `bot.texts`).

The refusal keys are `file_refused_<reason>` for the reasons of `bot.filetypes.check_upload`;
their placeholders come from `UploadVerdict.text_values(language)`.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "file_accepted_types": {
        "id": "Jenis berkas yang diterima: PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument (ODT, ODS, ODP), CSV, foto JPG, PNG atau HEIC.",
        "en": "Accepted files: PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument (ODT, ODS, ODP), CSV, JPG, PNG or HEIC pictures.",
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
            "Maaf, berkas ini tidak dapat diterima: isinya {found}.{instead}\n"
            "Jenis berkas yang diterima: PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument (ODT, ODS, ODP), CSV, foto JPG, PNG atau HEIC."
        ),
        "en": (
            "Sorry, this file cannot be accepted: it holds {found}.{instead}\n"
            "Accepted files: PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument (ODT, ODS, ODP), CSV, JPG, PNG or HEIC pictures."
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
        "id": "berkas Office 97-2003 yang rusak atau bukan dokumen Word, Excel atau PowerPoint (misalnya Visio atau Publisher)",
        "en": "an Office 97-2003 file that is damaged or no Word, Excel or PowerPoint document (Visio or Publisher, say)",
    },
    "file_found_encrypted": {
        "id": "dokumen Office yang dilindungi kata sandi, sehingga isinya tidak dapat diperiksa",
        "en": "an Office document protected by a password, so its content cannot be checked",
    },
    "file_found_too_big": {
        "id": "dokumen atau foto yang terlalu besar untuk diperiksa isinya",
        "en": "a document or photo too big to have its content checked",
    },
    "file_found_email": {"id": "pesan email Outlook (MSG), bukan dokumen", "en": "an Outlook email message (MSG), not a document"},
    "file_found_rtf": {"id": "dokumen RTF (Rich Text Format)", "en": "an RTF (Rich Text Format) document"},
    "file_found_office_other": {
        "id": "dokumen Office yang rusak atau berjenis lain (misalnya PowerPoint)",
        "en": "an Office document that is damaged or of another kind (PowerPoint, say)",
    },
    "file_found_archive": {"id": "arsip terkompresi (ZIP, RAR dan sejenisnya), bukan dokumen", "en": "a compressed archive (ZIP, RAR and the like), not a document"},
    "file_found_image_with_archive": {"id": "gambar yang disisipi arsip lain", "en": "a picture with an archive attached to it"},
    "file_found_image_gif": {"id": "gambar GIF", "en": "a GIF picture"},
    "file_found_image_webp": {"id": "gambar WEBP", "en": "a WEBP picture"},
    "file_found_image_tiff": {"id": "gambar TIFF", "en": "a TIFF picture"},
    "file_found_image_bmp": {"id": "gambar BMP", "en": "a BMP picture"},
    "file_found_image_ico": {"id": "gambar ICO (ikon)", "en": "an ICO picture (an icon)"},
    "file_found_image_avif": {"id": "gambar AVIF", "en": "an AVIF picture"},
    "file_found_image_heic": {"id": "foto HEIC yang rusak atau disisipi data lain", "en": "a HEIC photo that is damaged or has other data attached"},
    # What to send instead, after what it is (`file_refused_unsupported`'s {instead}); a kind
    # without one here gets nothing more than the list of accepted types.
    "file_instead_image": {
        "id": " Simpan ulang atau ekspor gambarnya sebagai JPG atau PNG, lalu kirim lagi.",
        "en": " Save or export the picture again as JPG or PNG, then send it again.",
    },
    "file_instead_encrypted": {
        "id": " Hapus kata sandinya (atau simpan sebagai PDF), lalu kirim lagi.",
        "en": " Remove its password (or save it as PDF), then send it again.",
    },
    "file_instead_document": {
        "id": " Buka dengan programnya, simpan sebagai PDF atau DOCX, lalu kirim lagi.",
        "en": " Open it in its program, save it as PDF or DOCX, then send it again.",
    },
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
            "Maaf, berkas ini adalah {kind}{made_by}: makro adalah kode program yang dapat berjalan saat berkas dibuka, "
            "jadi berkas ini tidak dapat diterima.\n"
            "Simpan ulang sebagai {instead} tanpa makro, lalu kirim lagi."
        ),
        "en": (
            "Sorry, this file is {kind}{made_by}: macros are program code that can run when the file is opened, "
            "so it cannot be accepted.\n"
            "Save it again as {instead} without macros, then send it again."
        ),
    },
    # What a document refused for macros is ({kind} above), by `bot.filetypes.MACRO_KINDS`.
    "file_macros_kind_docx": {"id": "dokumen Word dengan makro (DOCM)", "en": "a Word document with macros (DOCM)"},
    "file_macros_kind_xlsx": {"id": "lembar kerja Excel dengan makro (XLSM)", "en": "an Excel spreadsheet with macros (XLSM)"},
    "file_macros_kind_pptx": {"id": "presentasi PowerPoint dengan makro (PPTM)", "en": "a PowerPoint presentation with macros (PPTM)"},
    "file_macros_kind_odt": {"id": "dokumen OpenDocument (ODT) dengan makro", "en": "an OpenDocument text (ODT) with macros"},
    "file_macros_kind_ods": {"id": "lembar kerja OpenDocument (ODS) dengan makro", "en": "an OpenDocument spreadsheet (ODS) with macros"},
    "file_macros_kind_odp": {"id": "presentasi OpenDocument (ODP) dengan makro", "en": "an OpenDocument presentation (ODP) with macros"},
    "file_macros_kind_doc": {"id": "dokumen Word lama (DOC 97-2003) dengan makro", "en": "an old Word document (DOC 97-2003) with macros"},
    "file_macros_kind_xls": {"id": "lembar kerja Excel lama (XLS 97-2003) dengan makro", "en": "an old Excel spreadsheet (XLS 97-2003) with macros"},
    "file_macros_kind_ppt": {"id": "presentasi PowerPoint lama (PPT 97-2003) dengan makro", "en": "an old PowerPoint presentation (PPT 97-2003) with macros"},
    "file_made_by": {"id": " (dibuat dengan {program})", "en": " (made with {program})"},
    "file_macros_kind_office": {"id": "dokumen Office dengan makro", "en": "an Office document with macros"},
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
