"""Every text a person sees, in Indonesian first and English second.

Texts live in one catalogue per flow (`common`, `compliance`, `documents`, `files`, `onboarding`, `public_copy`,
`register`, `reminders`, `reports`, `required_info`, `schedule`, `search`, `web`, `workflow`), merged here; a key may be defined once
only. `t(key, language, **values)` picks the text for a language (falling back to Indonesian) and
fills its placeholders; values are HTML-escaped, since the bot sends HTML (`ParseMode.HTML`). Texts
are written for staff reading on a phone: short lines, one idea per message.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from bot.texts import (
    common,
    compliance,
    documents,
    files,
    onboarding,
    public_copy,
    register,
    reminders,
    reports,
    required_info,
    schedule,
    search,
    web,
    workflow,
)

DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")


def _merge(*catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for catalogue in catalogues:
        for key, variants in catalogue.items():
            if key in merged:
                raise ValueError(f"text {key!r} is defined twice")
            if DEFAULT_LANGUAGE not in variants:
                raise ValueError(f"text {key!r} has no Indonesian version")
            merged[key] = variants
    return merged


TEXTS = _merge(
    common.TEXTS, files.TEXTS, onboarding.TEXTS, register.TEXTS, reminders.TEXTS, schedule.TEXTS, workflow.TEXTS,
    search.TEXTS, reports.TEXTS, compliance.TEXTS, web.TEXTS, documents.TEXTS,
    public_copy.TEXTS, required_info.TEXTS,
)


@dataclass(frozen=True)
class Command:
    """A command of the menu; `roles` None means every registered person."""

    name: str
    id: str
    en: str
    roles: frozenset[str] | None = None
    group: str = "general"  # its heading in /start and /bantuan: `cmd_group_<group>` in bot.texts.common

    def description(self, language: str) -> str:
        return self.en if language == "en" else self.id


_ADMIN = frozenset({"admin"})
COMMANDS: tuple[Command, ...] = (
    Command("tugas", "Tugas saya yang menunggu", "My pending tasks", group="tasks"),
    Command("sop", "Tampilkan SOP Pengumuman Informasi Publik", "Show the SOP for announcing public information", group="tasks"),
    Command("informasi", "Daftar Informasi Publik (DIP)", "Register of public information (DIP)", group="register"),
    Command("riwayat", "Riwayat siklus pembaruan suatu informasi", "History of an item's update cycles", group="register"),
    Command("cari", "Cari informasi publik yang sudah diumumkan", "Search published public information", group="register"),
    Command("undang", "Buat tautan undangan petugas", "Create a staff invite link", _ADMIN, group="admin"),
    Command("staf", "Kelola petugas dan perannya", "Manage staff and their roles", _ADMIN, group="admin"),
    Command("unit", "Kelola unit (OPD/bidang)", "Manage units (OPD/bidang)", _ADMIN, group="admin"),
    Command(
        "sertamerta", "Umumkan informasi serta merta segera", "Announce immediate information now",
        frozenset({"operator", "utama", "admin"}), group="tasks",
    ),
    Command("jadwal", "Jadwal jatuh tempo informasi", "Coming due dates", group="tasks"),
    Command("dip", "Unduh DIP (XLSX dan CSV)", "Download the DIP (XLSX and CSV)", group="reports"),
    Command(
        "dikecualikan", "Daftar Informasi yang Dikecualikan", "List of exempt information", group="register",
    ),
    Command("laporan_koordinasi", "Laporan koordinasi suatu siklus (XLSX)", "Coordination report of a cycle (XLSX)", group="reports"),
    Command("kepatuhan", "Kepatuhan per unit: tabel dan grafik", "Compliance per unit: table and chart", group="reports"),
    Command(
        "laporan_tahunan", "Laporan tahunan untuk Komisi Informasi (DOCX, PDF, XLSX)",
        "Yearly report for the Information Commission (DOCX, PDF, XLSX)", _ADMIN, group="reports",
    ),
    Command("bahasa", "Ganti bahasa (Indonesia/English)", "Change language (Indonesian/English)"),
    Command("batal", "Batalkan langkah yang sedang berjalan", "Cancel the step in progress"),
    Command("bantuan", "Daftar perintah", "List of commands"),
    Command("start", "Mulai dan lihat peran Bapak/Ibu", "Start and see your roles"),
)
# The order of the groups in /start and /bantuan: the day's work first, the account last.
COMMAND_GROUPS = ("tasks", "register", "reports", "admin", "general")


PUBLIC_COMMANDS = frozenset({"start", "cari"})  # in the menu of people who are not staff


def language_of(preferred: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The language to speak: the person's choice when known, else the configured default."""
    return preferred if preferred in LANGUAGES else default


def raw(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The text `key` without placeholders filled (for texts that are already HTML)."""
    variants = TEXTS[key]
    return variants.get(language) or variants[DEFAULT_LANGUAGE]


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text `key` in `language` with HTML-escaped `values` filled in."""
    return raw(key, language).format(**{name: escape(str(value)) for name, value in values.items()})


def commands_for(roles: frozenset[str] | set[str] | None) -> list[Command]:
    """The commands a person holding `roles` may use (None: the public menu, all staff commands)."""
    return [c for c in COMMANDS if c.roles is None or roles is None or c.roles & set(roles)]


def command_list(language: str, roles: frozenset[str] | set[str] | None = None) -> str:
    """The commands of `roles` as lines of HTML for /start and /bantuan, grouped by task under
    headings (a group none of whose commands the person may use is left out)."""
    commands = commands_for(roles)
    blocks = [raw("commands_heading", language)]
    for group in COMMAND_GROUPS:
        lines = [f"/{c.name}: {escape(c.description(language))}" for c in commands if c.group == group]
        if lines:
            blocks.append("\n".join([raw(f"cmd_group_{group}", language), *lines]))
    return "\n\n".join(blocks)


def role_name(role: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The one name of a role people read everywhere (menu, invite, welcome, history, refusals):
    `onb_role_<role>` ("Operator PPID"). The SOP file's own `[actors]` wording is shown where the
    SOP itself is quoted (/sop)."""
    return raw(f"onb_role_{role}", language)
