"""The bot's Indonesian is written in the office's register (issue 15, point 8), and stays so:
"berkas", not "file"; the standard spellings (mengoordinasikan, memperbarui), not
"mengkoordinasikan" or "mengupdate"; staff addressed as "Bapak/Ibu"; each role by its one name.
The SOP's own row titles are quoted verbatim wherever they appear ("File Informasi Data"), so the
SOP file's wording is taken out before a text is judged."""

from __future__ import annotations

import re

import pytest

from bot.filetypes import FILE_TYPES
from bot.sop import load_sop
from bot.texts import COMMANDS, TEXTS, role_name

FORBIDDEN = re.compile(r"\bfile\b|\bmengkoordinasikan\b|\bdikoordinasikan oleh\b|\bmengupdate\b|\bdiupdate\b|\bupdate\b", re.IGNORECASE)
# Texts read by people who are not (or not yet, or no longer) staff: they are "Anda".
ADDRESSED_TO_STRANGERS = frozenset({"refusal", "refusal_short", "onb_invite_unknown", "onb_err_not_registered"})
# The public web site's texts (bot/texts/web.py) are read by the public: "Anda" too.
PUBLIC_SITE = "web_"
# Other names the roles had before they had one.
OTHER_ROLE_NAMES = re.compile(r"\badmin PPID\b|\bPetugas Informasi / Operator\b|\boperator PPID\b|\bPPID operator\b|\bPPID admin\b")


def _sop_quotes() -> list[str]:
    """Every title of the shipped SOP file, longest first (quoted verbatim, never judged)."""
    sop = load_sop()
    quotes = {sop.header.title} | {text for step in sop.steps for text in (step.activity, step.kelengkapan, step.output)}
    quotes |= set(sop.actors.values())
    return sorted((quote for quote in quotes if quote), key=len, reverse=True)


def _indonesian_texts() -> list[tuple[str, str]]:
    texts = [(key, variants["id"]) for key, variants in TEXTS.items()]
    texts += [(f"/{command.name}", command.id) for command in COMMANDS]
    texts += [(f"type {file_type.key}", file_type.label) for file_type in FILE_TYPES]
    return texts


def _unquoted(text: str) -> str:
    for quote in _SOP_QUOTES:
        text = text.replace(quote, "")
    return text


_SOP_QUOTES = _sop_quotes()


def test_the_indonesian_texts_use_the_standard_words() -> None:
    found = [(key, match.group(0)) for key, text in _indonesian_texts() for match in FORBIDDEN.finditer(_unquoted(text))]
    assert found == []


def test_the_sop_titles_stay_verbatim_where_quoted() -> None:
    assert TEXTS["rpt_doc_data_file"]["id"] in _SOP_QUOTES  # "File Informasi Data", as the SOP has it


@pytest.mark.parametrize("word", ["file", "mengkoordinasikan", "mengupdate"])
def test_the_scan_finds_each_word(word: str) -> None:
    assert FORBIDDEN.search(_unquoted(f"Kirim {word} ini")) is not None


def test_staff_are_addressed_as_bapak_ibu() -> None:
    addressed = [
        key for key, text in _indonesian_texts()
        if re.search(r"\b[Aa]nda\b", text) and key not in ADDRESSED_TO_STRANGERS and not key.startswith(PUBLIC_SITE)
    ]
    assert addressed == []


def test_each_role_has_one_name() -> None:
    assert [role_name(role) for role in ("admin", "operator", "pelaksana", "utama")] == [
        "Admin PPID", "Operator PPID", "PPID Pelaksana", "PPID Utama",
    ]
    assert all(role_name(role, "en") == role_name(role) for role in ("admin", "operator", "pelaksana", "utama"))
    other = [(key, match.group(0)) for key, text in _indonesian_texts() for match in OTHER_ROLE_NAMES.finditer(text)]
    assert other == []
