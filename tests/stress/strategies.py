"""Hypothesis strategies for hostile input: what a careless, confused or malicious person can send.

Texts (unicode, bidi and zero-width marks, HTML- and Markdown-looking, up to Telegram's 4096),
commands with odd arguments, file names (path traversal, control characters, very long, bidi
overrides), files whose content and name disagree, and callback data (random, and the bot's own
prefixes with ids that do not exist or fields that do not parse).

Each drawn input is a small frozen dataclass with `send(person)`, which queues the update in the
sandbox, and the facts a test needs to know what the bot should do with it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from hypothesis import strategies as st

from bot.sandbox import SimUser
from bot.telegram_limits import (
    CALLBACK_DATA_MAX_BYTES,
    CAPTION_MAX,
    MESSAGE_TEXT_MAX,
    telegram_length,
)
from tests.samples import (
    CSV_COMMA,
    EXE,
    HTML,
    MINIMAL_JPEG,
    MINIMAL_PDF,
    MINIMAL_PNG,
    make_docx,
    zip_bytes,
)

BOT_USERNAME = "ppid_sandbox_bot"


def short(value: object, limit: int = 70) -> str:
    """`repr(value)` cut to about `limit` characters, so failures stay readable."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 12]}...<{len(text)} chars>"


def fit(text: str, limit: int = MESSAGE_TEXT_MAX) -> str:
    """`text` cut to at most `limit` UTF-16 code units, never inside a surrogate pair."""
    if telegram_length(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > limit:
            break
        out.append(char)
        used += size
    return "".join(out)


def fit_bytes(text: str, limit: int = CALLBACK_DATA_MAX_BYTES) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, on a character boundary."""
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


# -- text ---------------------------------------------------------------------------------------

BIDI_AND_INVISIBLE = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u202b",
    "\u202c",
    "\u200f",  # RLM
    "\u200e",  # LRM
    "\u2066",
    "\u2067",
    "\u2069",
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\u2029",
]

NASTY_PIECES = [
    *BIDI_AND_INVISIBLE,
    "<b>", "</b>", "<i>x</i>", "<a href=\"javascript:alert(1)\">x</a>", "<script>", "</code>", "<pre>",
    "&amp;", "&", "&lt;", "&#0;", "&#x202e;", "<", ">", "<<>>", "<br>", "<tg-spoiler>",
    "*tebal*", "_miring_", "`kode`", "```\nblok\n```", "[tautan](http://contoh.id)", "\\", "||rahasia||",
    "~coret~", "{name}", "{0}", "{", "}", "{{", "%s", "%(x)s", "%", "'", '"', "' OR 1=1 --",
    "; DROP TABLE users; --", "../../etc/passwd", "..\\..\\boot.ini", "\x00", "\x07", "\x1b[31m",
    "\t", "\n", "\r\n", "   ", "مرحبا بالعالم", "שלום", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐", "💥", "👩‍👩‍👧‍👦", "🇮🇩",
    "𝕷𝖆𝖕𝖔𝖗𝖆𝖓", "ﷺ", "Laporan Keuangan 2026", "Dinas Sosial", "1", "-1", "0", "99999999999999999999",
    "²", "١٢٣", "１２", "/start", "/batal", "@ppid_sandbox_bot", "dip:add", "rv:ok:1:1", "null", "None",
    "NaN", "true", "[]", "{}", "\"\"",
]

_LONG_UNITS = ["a", "💥", "<b>", "&amp;", " x", "\u202e", "Laporan ", "\u200b", "ب", "\n"]


def _not_blank(text: str) -> bool:
    # Telegram clients trim a message and refuse to send one that is empty after trimming.
    return bool(text.strip())


def hostile_text(max_length: int = MESSAGE_TEXT_MAX) -> st.SearchStrategy[str]:
    """Text a person may type: random unicode, nasty pieces glued together, or very long."""
    random_unicode = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120)
    glued = st.lists(st.sampled_from(NASTY_PIECES) | st.text(max_size=4), min_size=1, max_size=12).map("".join)
    very_long = st.builds(
        lambda unit, count, tail: unit * count + tail,
        st.sampled_from(_LONG_UNITS),
        st.integers(min_value=200, max_value=4200),
        st.text(max_size=3),
    )
    exactly_max = st.sampled_from(["x" * MESSAGE_TEXT_MAX, "💥" * (MESSAGE_TEXT_MAX // 2), "&" * MESSAGE_TEXT_MAX])
    return (
        st.one_of(random_unicode, glued, very_long, exactly_max)
        .map(lambda text: fit(text, max_length))
        .filter(_not_blank)
    )


# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Text:
    """A plain text message."""

    text: str

    kind = "text"

    def __repr__(self) -> str:
        return f"Text(text={short(self.text)})"

    def send(self, person: SimUser) -> dict[str, Any]:
        return person.send_text(self.text)


@dataclass(frozen=True, repr=False)
class Command:
    """`/name args` with a bot_command entity on the name."""

    name: str
    args: str

    kind = "command"

    @property
    def base(self) -> str:
        """The command without the slash and the @bot part, lowercased as PTB matches it."""
        return self.name[1:].split("@", 1)[0].lower()

    @property
    def addressed_elsewhere(self) -> bool:
        """`/cmd@other_bot`: a command for another bot in the same chat."""
        return "@" in self.name and self.name.split("@", 1)[1].lower() != BOT_USERNAME

    def __repr__(self) -> str:
        return f"Command(name={short(self.name)}, args={short(self.args)})"

    def send(self, person: SimUser) -> dict[str, Any]:
        return person.send_command(self.name, *([self.args] if self.args else []))


@dataclass(frozen=True)
class Sample:
    """File content with what the bot should make of it."""

    label: str
    data: bytes
    draft_ok: bool | None  # accepted as a draft file (None: no fixed expectation)
    letter_ok: bool | None  # accepted as a coordination letter


@dataclass(frozen=True, repr=False)
class Document:
    """A file sent as a document, with a name, an announced MIME type and a caption."""

    sample: Sample
    file_name: str
    mime_type: str | None
    caption: str | None

    kind = "document"

    def __repr__(self) -> str:
        return f"Document(label={short(self.sample.label)}, file_name={short(self.file_name)}, mime_type={short(self.mime_type)}, caption={short(self.caption)})"

    def send(self, person: SimUser) -> dict[str, Any]:
        return person.send_document(self.sample.data, self.file_name, mime_type=self.mime_type, caption=self.caption)


@dataclass(frozen=True, repr=False)
class Photo:
    """A photo (Telegram recompresses photos to JPEG; the sandbox keeps the bytes as given)."""

    sample: Sample
    caption: str | None

    kind = "photo"

    def __repr__(self) -> str:
        return f"Photo(label={short(self.sample.label)}, caption={short(self.caption)})"

    def send(self, person: SimUser) -> dict[str, Any]:
        return person.send_photo(self.sample.data, caption=self.caption)


@dataclass(frozen=True, repr=False)
class Press:
    """A button press with any callback data on the newest message the bot sent the person.

    `forged` is True when the data cannot be valid for anyone: an id that does not exist, a field
    that does not parse, a prefix nobody uses. Such a press must change nothing.
    """

    data: str
    forged: bool
    note: str = ""

    kind = "press"

    def __repr__(self) -> str:
        return f"Press(data={short(self.data)}, forged={short(self.forged)}, note={short(self.note)})"

    def send(self, person: SimUser) -> dict[str, Any]:
        message = person.last_message()
        assert message is not None, f"{person} has no message from the bot to press a button on"
        return person.press(message, self.data)


Input = Text | Command | Document | Photo | Press

# -- commands -------------------------------------------------------------------------------------

BOT_COMMANDS = [
    "start", "tugas", "informasi", "riwayat", "jadwal", "sop", "undang", "staf", "unit", "bahasa", "batal",
    "bantuan", "help",
]
ODD_ARGS = [
    "../../etc", "../../etc/passwd", "%_'\"", "%", "_", "-1", "0", "99999999999999999999", "1e9", "0x10",
    "²", "١٢", "１", "٣", "⑤", "1.5", " 1 ", "a" * 64, "b" * 65, "x" * 300, "' OR 1=1 --", "<b>x</b>", "&amp;",
    "\u202e1", "1\u200b", "dip:v:1", "$(reboot)", "`id`", "1 2 3", "\n1", "NaN", "None",
]


@st.composite
def commands(draw: st.DrawFn) -> Command:
    """A command of the bot (or an unknown one), maybe addressed to a bot, with odd arguments."""
    base = draw(st.sampled_from(BOT_COMMANDS) | st.text(string.ascii_lowercase + "_", min_size=1, max_size=20))
    suffix = draw(st.sampled_from(["", "", "", f"@{BOT_USERNAME}", "@other_bot", "@PPID_SANDBOX_BOT"]))
    name = "/" + (base.upper() if draw(st.booleans()) and draw(st.booleans()) else base) + suffix
    args = draw(st.one_of(st.just(""), st.sampled_from(ODD_ARGS), hostile_text(400)))
    return Command(name, fit(args, MESSAGE_TEXT_MAX - telegram_length(name) - 1))


# -- files ----------------------------------------------------------------------------------------

SAMPLES = [
    Sample("pdf", MINIMAL_PDF, True, True),
    Sample("png", MINIMAL_PNG, True, True),
    Sample("jpeg", MINIMAL_JPEG, True, True),
    Sample("docx", make_docx(), True, True),
    Sample("csv", CSV_COMMA, True, False),
    Sample("exe", EXE, False, False),
    Sample("empty", b"", False, False),
    Sample("html", HTML.encode(), False, False),
    Sample("elf", b"\x7fELF\x02\x01\x01" + bytes(120), False, False),
    Sample("plain zip", zip_bytes([("a.txt", "halo"), ("b/c.bin", b"\x00\x01")]), False, False),
    Sample("pdf header only", b"%PDF", None, None),
    Sample("nul bytes", bytes(64), False, False),
]
REFUSED_SAMPLES = [sample for sample in SAMPLES if sample.draft_ok is False]
MIME_TYPES = [None, "application/pdf", "application/x-msdownload", "image/png", "text/html", "", "../../x", "a/b/c"]

FILE_NAMES = [
    "../../x.pdf",
    "..\\..\\x.pdf",
    "/etc/passwd",
    "C:\\Windows\\System32\\laporan.pdf",
    "laporan\x00.pdf",
    "a\nb\r\tc.pdf",
    "\x1b[2Jbersih.pdf",
    "gnp.\u202epdf",
    "\u202ecod.exe",
    "laporan\u200b.pdf",
    "\u2066rahasia\u2069.docx",
    "...",
    ".",
    "..",
    "",
    " ",
    "CON",
    "nul.pdf",
    "COM1.docx",
    "a" * 1000 + ".pdf",
    "😀" * 300 + ".pdf",
    "<script>alert(1)</script>.pdf",
    "&amp;.pdf",
    "laporan.pdf.exe",
    "LAPORAN.PDF",
    "laporan",
    "%2e%2e%2fx.pdf",
    "~/.ssh/id_rsa",
    "x/",
    "x" * 255,
    "كشف.pdf",
]


def file_names() -> st.SearchStrategy[str]:
    """Hostile document names."""
    random_name = st.text(st.characters(exclude_categories=("Cs",)), max_size=60).map(lambda s: s + ".pdf")
    glued = st.lists(st.sampled_from(NASTY_PIECES + ["/", "\\", ".", "..", ".pdf"]), max_size=8).map("".join)
    return st.one_of(st.sampled_from(FILE_NAMES), random_name, glued)


def captions() -> st.SearchStrategy[str | None]:
    return st.none() | hostile_text(CAPTION_MAX)


def sandbox_can_serve(file_name: str) -> bool:
    """Whether the sandbox's download URL for this name works.

    The sandbox keeps the name's extension in the file_path (`documents/file_7.ini#0`); a `#`,
    `?` or line break there cuts the download URL, and the download answers 404. Telegram's own
    file paths carry no such characters, so such extensions are left out (a sandbox limit, not
    the bot's).
    """
    suffix = PurePosixPath(file_name).suffix
    path = f"/documents/file_1{suffix}"
    return urlsplit("http://127.0.0.1" + path).path == path


def documents(samples: list[Sample] | None = None) -> st.SearchStrategy[Document]:
    """A document with a hostile name: its content from `samples` (default: every sample)."""
    return st.builds(
        Document,
        st.sampled_from(samples or SAMPLES),
        file_names().filter(sandbox_can_serve),
        st.sampled_from(MIME_TYPES),
        captions(),
    )


def photos(samples: list[Sample] | None = None) -> st.SearchStrategy[Photo]:
    usable = [sample for sample in (samples or SAMPLES) if sample.data]  # Telegram has no empty photos
    return st.builds(Photo, st.sampled_from(usable), captions())


# -- callback data --------------------------------------------------------------------------------

# Every prefix the bot's keyboards use (see handlers.step_keyboards, handlers.register_buttons,
# handlers.invites, handlers.staff, handlers.units, handlers.language, handlers.schedule,
# handlers.history) and how many id fields follow it.
PREFIXES = [
    "tsk", "cyc:open", "co:gen", "co:up", "co:ack", "co:rep", "dr:up", "dr:done", "rv:ok", "rv:ret", "rv:cat",
    "rv:c", "pb:co", "pb:go", "hst", "jdw:p", "jdw:r", "dip:pg", "dip:px", "dip:v", "dip:add", "dip:e",
    "dip:f", "dip:u", "dip:cat", "dip:per", "dip:form", "dip:save", "dip:drop", "dip:x", "dip:off", "dip:offy",
    "dip:offn", "dip:on", "inv:role", "inv:unit", "inv:upg", "stf:ls", "stf:p", "stf:add", "stf:gr", "stf:gu",
    "stf:rev", "stf:revok", "stf:off", "stf:offok", "unit:ls", "unit:add", "unit:kind", "unit:ren", "lang",
]
# Ids that exist nowhere in the test office (users, units, items, cycles, versions, coordination).
FAKE_IDS = ["0", "999", "987654", "4294967296", "999999999999"]
# Other spellings of real ids ("0001", Arabic-Indic and full-width digits): no keyboard sends them,
# but a lenient parser may read them as the real id, which is harmless. Not counted as forged.
ALIASES = ["0001", "00000000001", "١", "１", "٢"]
JUNK_FIELDS = [
    "", "-1", "1.0", "1e3", " 1", "1 ", "abc", "²", "0x1", "+1", "1;DROP TABLE reviews", "%", "..",
    "../..", "\u202e", "\u200b1", "99999999999999999999", "nan", "dikecualikan ", "ADMIN", "Admin", "en ", "EN",
    "berkala\n", "save", ":", "null", "👍",
]
WORDS = [
    "admin", "operator", "pelaksana", "utama", "berkala", "serta_merta", "setiap_saat", "dikecualikan", "monthly",
    "semester", "soft", "both", "summary", "opd", "bidang", "id",
]


@st.composite
def garbage_presses(draw: st.DrawFn, real_ids: list[str], near: tuple[str, ...] = ()) -> Press:
    """Callback data no keyboard of the bot carries: random, or a real prefix with a bad field.

    `near`: prefixes of the flow the person is in, drawn more often (a stale button of the same
    flow is the likeliest accident).
    """
    shape = draw(st.sampled_from(["random", "prefix", "prefix", "prefix"]))
    if shape == "random":
        data = draw(st.text(min_size=1, max_size=64).map(fit_bytes).filter(bool))
        # Random text does not hit a real format (a prefix, its fields and their values).
        return Press(data, forged=True, note="random")
    prefix = draw(st.sampled_from(near) | st.sampled_from(PREFIXES) if near else st.sampled_from(PREFIXES))
    fields = draw(st.lists(st.sampled_from(real_ids + WORDS) | st.sampled_from(FAKE_IDS), max_size=4))
    bad_index = draw(st.integers(min_value=0, max_value=len(fields)))
    bad = draw(st.sampled_from(FAKE_IDS + JUNK_FIELDS + ALIASES))
    fields.insert(bad_index, bad)
    joined = ":".join([prefix, *fields])
    data = fit_bytes(joined)
    # Forged for sure when the bad field survived the cut to 64 bytes and is no alias of a real id.
    forged = data == joined and bad not in ALIASES
    return Press(data, forged=forged, note="prefix with a bad field")
