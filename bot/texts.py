"""Every text a person sees, in Indonesian first and English second.

`t(key, language, **values)` picks the text for a language (falling back to Indonesian) and fills
its placeholders; values are HTML-escaped, since the bot sends HTML (`ParseMode.HTML`). Texts are
written for staff reading on a phone: short lines, one idea per message.
"""

from __future__ import annotations

from html import escape
from typing import Any

DEFAULT_LANGUAGE = "id"

TEXTS: dict[str, dict[str, str]] = {
    "refusal": {
        "id": (
            "Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar.\n"
            "Jika Anda petugas, mintalah tautan undangan kepada admin PPID.\n\n"
            "<i>Sorry, this bot is only for registered PPID staff. If you are staff, ask a PPID "
            "admin for an invite link.</i>"
        ),
        "en": (
            "Sorry, this bot is only for registered PPID staff.\n"
            "If you are staff, ask a PPID admin for an invite link."
        ),
    },
    "refusal_short": {
        "id": "Maaf, Anda belum terdaftar sebagai petugas PPID.",
        "en": "Sorry, you are not registered as PPID staff.",
    },
    "welcome": {
        "id": "Selamat datang, <b>{name}</b>.\nPeran Anda: {roles}.",
        "en": "Welcome, <b>{name}</b>.\nYour roles: {roles}.",
    },
    "commands_heading": {"id": "Perintah yang tersedia:", "en": "Available commands:"},
    "help_footer": {
        "id": "Ketik /batal kapan saja untuk membatalkan langkah yang sedang berjalan.",
        "en": "Type /batal at any time to cancel the step in progress.",
    },
    "error_generic": {
        "id": (
            "Maaf, terjadi gangguan pada sistem. Data yang sudah Anda kirim tetap aman. "
            "Silakan coba lagi sebentar lagi."
        ),
        "en": "Sorry, something went wrong. What you already sent is safe. Please try again shortly.",
    },
    "unknown_input": {
        "id": "Maaf, saya tidak memahami pesan itu. Ketik /bantuan untuk melihat perintah.",
        "en": "Sorry, I did not understand that. Type /bantuan to see the commands.",
    },
    "stale_button": {
        "id": "Tombol ini sudah tidak berlaku. Ketik /bantuan untuk melihat perintah.",
        "en": "This button is no longer valid. Type /bantuan to see the commands.",
    },
}

# Command menu per language: (command, description). Descriptions stay under Telegram's 256.
COMMANDS: dict[str, list[tuple[str, str]]] = {
    "id": [
        ("start", "Mulai dan lihat peran Anda"),
        ("sop", "Tampilkan SOP Pengumuman Informasi Publik"),
        ("bantuan", "Daftar perintah"),
    ],
    "en": [
        ("start", "Start and see your roles"),
        ("sop", "Show the SOP for announcing public information"),
        ("bantuan", "List of commands"),
    ],
}


def language_of(preferred: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The language to speak: the person's choice when known, else the configured default."""
    return preferred if preferred in ("id", "en") else default


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text `key` in `language` with HTML-escaped `values` filled in."""
    variants = TEXTS[key]
    template = variants.get(language) or variants[DEFAULT_LANGUAGE]
    return template.format(**{name: escape(str(value)) for name, value in values.items()})


def raw(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The text `key` without placeholders filled (for texts that are already HTML)."""
    variants = TEXTS[key]
    return variants.get(language) or variants[DEFAULT_LANGUAGE]


def command_list(language: str) -> str:
    """The commands of the menu as lines of HTML."""
    lines = [raw("commands_heading", language)]
    lines += [f"/{name}: {escape(description)}" for name, description in COMMANDS[language]]
    return "\n".join(lines)
