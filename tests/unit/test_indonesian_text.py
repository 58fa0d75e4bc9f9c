"""Indonesian words for the public search: normalising, stop words, the stemmer, the query builder
and the public channel links."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.indonesian_text import (
    STOP_WORDS,
    WORD_MAX_CHARS,
    index_words,
    normalize,
    stem,
    words,
)
from bot.public_links import channel_post_link
from bot.public_search import KEYWORDS_MAX_BYTES, MAX_TERMS, keywords, match_expression


@pytest.mark.parametrize(
    ("affixed", "root"),
    [
        ("penganggaran", "anggar"),
        ("anggaran", "anggar"),
        ("menganggarkan", "anggar"),
        ("pelayanan", "layan"),
        ("melayani", "layan"),
        ("kesehatan", "sehat"),
        ("perumahan", "rumah"),
        ("laporan", "lapor"),
        ("dilaporkan", "lapor"),
        ("keuangan", "uang"),
        ("pembangunan", "bangun"),
        ("kependudukan", "duduk"),
        ("perizinan", "izin"),
        ("kemiskinan", "miskin"),
        ("pengumuman", "umum"),
        ("diumumkan", "umum"),
        ("peraturan", "atur"),
    ],
)
def test_affixed_indonesian_words_share_their_root(affixed: str, root: str) -> None:
    assert stem(affixed) == root


def test_words_that_are_roots_or_not_indonesian_stay_as_they_are() -> None:
    for word in ("rumah", "dinas", "sosial", "apbd", "2026", "covid19", "ppid", "uu"):
        assert stem(word) == word
    assert stem("x" * 31) == "x" * 31  # too long to stem: left alone
    assert stem("日本語") == "日本語"


def test_normalising_folds_case_accents_and_compatibility_forms() -> None:
    assert normalize("Kesehatán") == "kesehatan"
    assert normalize("ＡＰＢＤ") == "apbd"
    assert normalize("İzin") == "izin"
    assert normalize("Straße") == "strasse"


def test_words_are_runs_of_letters_and_digits_and_nothing_else() -> None:
    text = 'summary:"x" OR NEAR(a b) -c ^d * anak-anak covid-19 😀 ' + "z" * 60
    assert words(text) == ["summary", "x", "or", "near", "a", "b", "c", "d", "anak", "anak", "covid", "19", "z" * WORD_MAX_CHARS]
    assert words("😀🎉 !!! ---") == []


def test_index_words_keep_each_word_and_its_root_once_without_stop_words() -> None:
    assert index_words(["Laporan Penganggaran dan Pelayanan", "Dinas Sosial", "Berkala"]) == [
        "laporan", "lapor", "penganggaran", "anggar", "pelayanan", "layan", "dinas", "sosial", "berkala", "kala",
    ]


def test_keywords_drop_stop_words_repeats_and_symbols_and_stay_within_a_button() -> None:
    assert keywords("Laporan dan   laporan yang DI ke Dinas-Sosial!!") == "laporan dinas sosial"
    assert keywords("dan yang di ke dari untuk") == ""
    assert keywords("😀 ** \"\" ()") == ""
    many = keywords(" ".join(f"kata{n}" for n in range(20)))
    assert len(many.split()) <= MAX_TERMS and len(many.encode()) <= KEYWORDS_MAX_BYTES
    long_words = keywords("panjangsekali " * 3 + "tambahan lagi kata")
    assert len(long_words.encode()) <= KEYWORDS_MAX_BYTES
    assert set(STOP_WORDS) >= {"dan", "yang", "di", "ke", "dari", "untuk"}


def test_the_match_expression_quotes_every_word_and_ands_them() -> None:
    assert match_expression("penganggaran dinas uu") == '("anggar" OR "penganggaran"*) AND "dinas"* AND "uu"'
    assert match_expression("") == ""
    # Whatever the keywords hold, only quoted letters and digits reach FTS5.
    assert match_expression('a" OR "b* NEAR(c) summary:d') == '"a" AND "or" AND "b" AND "near"* AND "c" AND "summary"* AND "d"'


FTS_TERM = re.compile(r'(\("[^\W_]+" OR "[^\W_]+"\*\)|"[^\W_]+"\*?)')


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_idempotent_keywords_and_a_safe_expression(text: str) -> None:
    found = keywords(text)
    assert keywords(found) == found, "keywords read back from a button must give the same keywords"
    assert len(found.encode("utf-8")) <= KEYWORDS_MAX_BYTES and "\n" not in found
    assert normalize(normalize(text)) == normalize(text)
    expression = match_expression(found)
    terms = expression.split(" AND ") if expression else []
    assert len(terms) <= MAX_TERMS
    assert all(FTS_TERM.fullmatch(term) for term in terms), expression


def test_channel_post_links() -> None:
    assert channel_post_link("@ppid_kota", -1001234567890, 42) == "https://t.me/ppid_kota/42"
    assert channel_post_link("@ppid_kota", 0, 0) == "https://t.me/ppid_kota"  # post number unknown
    assert channel_post_link(-1001234567890, -1001234567890, 42) == "https://t.me/c/1234567890/42"
    # The chat recorded with the publication wins over the configured one (the post is there).
    assert channel_post_link(-1009999999999, -1001234567890, 7) == "https://t.me/c/1234567890/7"
    assert channel_post_link(-1001234567890, 0, 7) == "https://t.me/c/1234567890/7"
    assert channel_post_link(None, -1001234567890, 7) == "https://t.me/c/1234567890/7"
    assert channel_post_link(-1001234567890, -1001234567890, 0) is None
    assert channel_post_link(-1001234567890, -1001234567890, None) is None
    assert channel_post_link(None, None, 5) is None
    assert channel_post_link(-123456789, -123456789, 5) is None  # a group, not a channel
    assert channel_post_link("-1001234567890", None, 3) == "https://t.me/c/1234567890/3"
