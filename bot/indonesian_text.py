"""Indonesian words for the public search: normalising, stop words and stemming.

SQLite's FTS5 has no Indonesian stemmer, so the search index and every query are reduced to words
here, the same way on both sides:

* :func:`normalize` folds case and accents ("Kesehatán" -> "kesehatan"), and is idempotent;
* :func:`words` splits into runs of letters and digits (everything else separates words, so quotes,
  ``*``, ``:``, ``-``, parentheses and emoji never survive into a query);
* :data:`STOP_WORDS` (dan, yang, di, ke, dari, untuk, ...) are dropped;
* :func:`stem` gives the root of an Indonesian word with the Sastrawi stemmer (PySastrawi:
  Nazief-Adriani with the ECS improvements, checked against its dictionary of ~30,000 root
  words), so "penganggaran", "anggaran" and "menganggarkan" all become "anggar".

The stemmer is loaded on first use, once per process (about 70 ms and 6 MiB); its results are kept
in a bounded cache, so a stream of made-up words cannot grow memory. Only plain ``a-z`` words of
3 to :data:`STEM_MAX_CHARS` letters are stemmed; anything else stays as it is.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = [
    "STEM_MAX_CHARS",
    "STOP_WORDS",
    "WORD_MAX_CHARS",
    "index_words",
    "normalize",
    "stem",
    "stemmer_loaded",
    "words",
]

WORD_MAX_CHARS = 40  # a longer "word" is cut (nobody searches for 41 letters in one word)
STEM_MAX_CHARS = 30  # longer words are not stemmed (the stemmer's cost grows with the length)
STEM_CACHE_SIZE = 8192

# Function words that carry no meaning in a search. Words that name things are never here, even
# common ones ("informasi", "tahun", "data"): someone may search for exactly those.
STOP_WORDS: frozenset[str] = frozenset(
    """
    ada adalah agar akan antara apa atas atau bagaimana bagi bahwa beberapa begitu belum bisa
    dalam dan dapat dari demikian dengan di dia harus hingga ia ialah ini itu jika juga kami kamu
    karena ke kepada ketika lagi lain maka masih maupun mereka naik oleh pada para per perlu saja
    saya sebagai secara sedang sehingga sejak semua serta seperti sudah supaya tanpa telah tentang
    terhadap tersebut tetapi untuk yaitu yakni yang
    """.split()
)

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z]{3,%d}" % STEM_MAX_CHARS)
_NORMALIZE_ROUNDS = 4


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def normalize(text: str) -> str:
    """Lower case without accents or compatibility forms ("Ｋｅｓｅｈａｔáｎ" -> "kesehatan").

    Applied until nothing changes (case folding can produce characters that decompose again), so
    ``normalize(normalize(x)) == normalize(x)``.
    """
    for _ in range(_NORMALIZE_ROUNDS):
        folded = _fold(text)
        if folded == text:
            break
        text = folded
    return text


def words(text: str) -> list[str]:
    """The normalised words of ``text`` in order: runs of letters and digits, each cut to
    :data:`WORD_MAX_CHARS` characters."""
    return [word[:WORD_MAX_CHARS] for word in _WORD.findall(normalize(text))]


_LOAD_LOCK = threading.Lock()
_STEMMER: Any = None


def _stemmer() -> Any:
    """The Sastrawi stemmer, built on first use (its dictionary is read once per process)."""
    global _STEMMER
    if _STEMMER is None:
        with _LOAD_LOCK:
            if _STEMMER is None:
                from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
                from Sastrawi.Stemmer.Stemmer import Stemmer
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                # Sastrawi's own factory wraps the stemmer in an unbounded cache; ours is bounded.
                dictionary = ArrayDictionary(StemmerFactory().get_words())
                _STEMMER = Stemmer(dictionary)
    return _STEMMER


def stemmer_loaded() -> bool:
    """Whether the stemmer has been loaded in this process."""
    return _STEMMER is not None


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem_ascii(word: str) -> str:
    result = _stemmer().stem_word(word)
    return result if isinstance(result, str) and _WORD.fullmatch(result) else word


def stem(word: str) -> str:
    """The Indonesian root of a normalised word ("pelayanan" -> "layan"); other words unchanged."""
    if not _ASCII_WORD.fullmatch(word):
        return word
    return _stem_ascii(word)


def index_words(texts: Iterable[str]) -> list[str]:
    """The words an index row holds for ``texts``: every word that is not a stop word, and its
    root where that differs, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if word in STOP_WORDS:
                continue
            seen.setdefault(word, None)
            seen.setdefault(stem(word), None)
    return list(seen)
