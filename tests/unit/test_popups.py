"""Pop-ups are plain text made in one place, and long HTML is cut only between tags and entities
(issue 12, point 12)."""

from __future__ import annotations

import ast
from html import escape
from pathlib import Path

import pytest

from bot.messages import pack_messages, plain_text, popup_text
from bot.sandbox.entities import EntityParseError, parse_formatted
from bot.telegram_limits import telegram_length

ROOT = Path(__file__).resolve().parents[2]


def test_a_popup_reads_plainly() -> None:
    assert popup_text("Maaf, langkah ini hanya untuk <b>A &amp; B &lt;x&gt;</b>.") == (
        "Maaf, langkah ini hanya untuk A & B <x>."
    )
    assert popup_text("&quot;Q&quot; &#38; &#x26;") == '"Q" & &'


def test_a_long_popup_is_cut_within_200_without_splitting_an_entity() -> None:
    for filler in range(180, 200):
        text = "x" * filler + " &amp;&lt;&gt; " + "y" * 50
        shown = popup_text(text)
        assert telegram_length(shown) <= 200 and shown.endswith("…")
        assert "&am" not in shown and "&lt" not in shown and "&g" not in shown


def test_every_popup_of_the_handlers_goes_through_the_one_place() -> None:
    """No handler answers a button with a text of its own making: `handlers.callbacks.popup` does."""
    offenders = []
    for path in sorted((ROOT / "handlers").glob("*.py")):
        if path.name == "callbacks.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "answer_callback_query" or (node.func.attr == "answer" and (node.args or node.keywords)):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_the_sandbox_refuses_broken_html_as_telegram_does() -> None:
    for broken in ("<b>tebal", "sisa <i", "sisa </", "a < b", "</b>", "<b>x</i>"):
        with pytest.raises(EntityParseError):
            parse_formatted(broken, "HTML")
    assert parse_formatted("<b>A &amp; B</b> &lt;x&gt; potong &lt;b", "HTML")[0] == "A & B <x> potong <b"


def visible(parts: list[str]) -> str:
    """What Telegram shows for the parts, one after the other (every part must parse)."""
    return "".join(parse_formatted(part, "HTML")[0] for part in parts)


@pytest.mark.parametrize("shift", range(0, 14))
def test_a_long_line_of_entities_is_cut_between_them(shift: int) -> None:
    line = "Catatan: " + "y" * shift + escape("&<> A & B <x> " * 40)
    parts = pack_messages([line], limit=100)
    assert len(parts) > 1 and all(telegram_length(part) <= 100 for part in parts)
    assert visible(parts) == plain_text(line)


@pytest.mark.parametrize("limit", [48, 57, 64, 101])
def test_a_tag_open_at_a_cut_is_closed_and_reopened(limit: int) -> None:
    block = "<b>" + escape("Nama & Jabatan <PPID> ") * 8 + "</b>\n<i>" + "miring " * 12 + '</i> <a href="https://x.id/?a=1&amp;b=2">tautan panjang sekali</a>'
    parts = pack_messages([block], limit=limit)
    assert all(telegram_length(part) <= limit for part in parts)
    for part in parts:
        parse_formatted(part, "HTML")  # raises on an unclosed or cut tag
    assert visible(parts) == plain_text(block).replace("\n", "")
    assert all(part.count("<b>") == part.count("</b>") and part.count("<i>") == part.count("</i>") for part in parts)


def test_a_cut_prefers_the_end_of_a_line() -> None:
    block = "<b>judul</b>\n" + "\n".join(f"baris {number} &amp; isi" for number in range(20))
    parts = pack_messages([block], limit=60)
    assert all(not part.startswith("\n") and not part.endswith("\n") for part in parts)
    assert "\n".join(parts) == block
