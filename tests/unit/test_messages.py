"""Packing long texts into Telegram messages: never over the limit, nothing lost, cut at blocks first."""

from __future__ import annotations

from bot.messages import pack_messages
from bot.telegram_limits import telegram_length


def test_blocks_are_kept_whole_when_they_fit() -> None:
    assert pack_messages(["satu", "dua", "tiga"], limit=9) == ["satu\n\ndua", "tiga"]


def test_long_block_is_cut_between_lines_and_long_line_is_cut_hard() -> None:
    block = "\n".join(["baris pendek"] * 3 + ["x" * 25])
    messages = pack_messages([block], limit=20)
    assert all(telegram_length(message) <= 20 for message in messages)
    assert "".join(message.replace("\n", "") for message in messages) == block.replace("\n", "")


def test_length_counts_utf16_like_telegram() -> None:
    emoji = "📄"  # outside the BMP: two UTF-16 code units
    messages = pack_messages([emoji * 5], limit=4)
    assert messages == [emoji * 2, emoji * 2, emoji]
