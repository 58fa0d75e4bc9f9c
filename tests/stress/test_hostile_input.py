"""Hostile input (issue item 2): property-based tests that throw at the real bot, on the in-process
sandbox, what careless, confused or malicious people send, in every conversation state.

One office (the bot with its people, cycles at every step, and the callback data of every role's
keyboards) is built per test function, without PTB's rate limiter; Hypothesis then draws many
inputs against it. Before each example the person is put (again) into the state under test through
the chat itself, so every example starts from a known step.

Properties checked after every hostile input (`Outcome.verify` for P1-P3):

P1  no unhandled exception: no ERROR log record (the error handler logs "error while handling an
    update") and no message equal to the generic error text "Maaf, terjadi gangguan...";
P2  every Bot API call the bot made succeeded, so Telegram's limits held (text <= 4096, caption
    <= 1024, pop-up <= 200, well-formed HTML), apart from Telegram's normal "message is not
    modified" and "query is too old";
P3  the person got an answer: at least one non-empty text that is one of the bot's Indonesian texts
    (not the English variant), as a message, an edited message or a pop-up; and a button press is
    always answered (answerCallbackQuery), so the phone stops spinning;
P4  the database is unchanged where nothing should change: every row of units, users, user_roles,
    invites, info_items, update_cycles, step_events, documents, coordination, reviews,
    publications, reminders and audit_log, and the set of files in the file store;
P5  where the input is refused, the person stays at the same step of their conversation; where a
    typed answer is valid, the step moves on and the value is stored as typed (cleaned the bot's
    one way), and every screen that shows it again still works (P1-P3 on each).

Tests:

- `test_hostile_input_in_every_state[state]`, 10 states: no conversation (any person, a stranger
  too), the DIP add conversation at the summary, unit and category questions, the /unit add flow at
  the name, the operator's letter upload, PPID Pelaksana's draft upload, the serta merta
  8-question flow, PPID Utama's return reason and legal basis. Inputs: random and nasty text (bidi
  overrides, zero-width and control characters, HTML and Markdown look-alikes, up to 4096 UTF-16
  units), commands (known and unknown, for this bot or another, odd arguments), documents (hostile
  names, lying names and MIME types, zero-byte, executables, captions), photos, and callback data
  no keyboard carries (random, or a real prefix with an id that does not exist or a field that
  does not parse, drawn more often from the state's own flow). P1-P3 always; P4, P5 as they apply.
- `test_buttons_of_other_roles_and_stale_buttons_are_refused`: the exact callback data of the
  keyboards other roles received (the admin's register, staff, unit, invite and schedule buttons,
  the operator's letter and publication buttons, PPID Pelaksana's draft and acknowledge buttons,
  PPID Utama's decision and category buttons), pressed by people without that role (PPID
  Pelaksana of another unit, a stranger) while in one of their own conversation states; and real
  buttons of one's own role whose moment has passed (a decided draft, a cycle that moved on, an
  item that already has an open cycle, a draft token that is gone). P1-P5.
- `test_hostile_file_names_are_stored_harmlessly`: valid drafts and letters under hostile names:
  stored under a display name with no path, no control or bidi characters, at most 200
  characters; the file itself inside the store, named by its sha256; the letter forwarded to PPID
  Pelaksana carries the cleaned name; a draft submitted with such names reaches PPID Utama. P1-P3.
- `test_oversized_files_are_refused_without_download`: a 21 MB document and a 21 MB photo in the
  two upload states and where no file is expected: refused (with the size where a file is
  expected), getFile never called. P1-P5.
- `test_odd_command_arguments`: the command cases of the issue (/start ../../etc, /informasi
  %_'", /riwayat -1 and 99999999999999999999, 64+ characters...), from every role and a stranger.
  P1-P4.
- `test_dip_item_added_with_hostile_answers`: every typed answer of "Tambah informasi" hostile,
  through "Simpan": saved as typed (cleaned), no control or format character kept; the card, the
  list and /jadwal still show. P1-P3.
- `test_serta_merta_announced_with_hostile_answers`: the 8 elements answered with hostile text,
  then verified, coordinated and published: every step answers, and the channel announcement
  carries every element. P1-P3.

Bugs these properties found are pinned in `test_hostile_regressions.py` (plain tests once fixed,
strict xfail while open).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import logging
import os
import re
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from telegram.ext import ConversationHandler

from bot.app import build_application
from bot.config import Settings
from bot.exemption import TEXT_MAX as EXEMPTION_TEXT_MAX
from bot.register import (
    ValidationError,
    validate_text_field,
)
from bot.sandbox import ApiCall, SimUser
from bot.sandbox.entities import parse_formatted
from bot.sop_view import LABELS as SOP_LABELS
from bot.task_view import ELEMENT_MAX, shorten
from bot.telegram_limits import telegram_length
from bot.texts import TEXTS
from bot.typed_text import clean_typed
from bot.workflow import (
    ANNOUNCEMENT_ELEMENTS,
    MAX_REASON_LENGTH,
    MIN_REASON_LENGTH,
    Upload,
)
from storage.files import MAX_DISPLAY_NAME_LENGTH
from tests.bot import cycle_helpers
from tests.bot.cycle_helpers import ADMIN_ID, Office, build_office, person
from tests.samples import MINIMAL_PDF, MINIMAL_PNG, make_docx, unique_pdf
from tests.stress.strategies import (
    SAMPLES,
    Command,
    Document,
    Input,
    Photo,
    Press,
    Sample,
    Text,
    commands,
    documents,
    garbage_presses,
    hostile_text,
    photos,
    short,
)

STRANGER_ID = 799001
GENERIC_ERROR = TEXTS["error_generic"]["id"]
NORMAL_FAILURES = ("message is not modified", "query is too old")
WATCHED_TABLES = (
    "units", "users", "user_roles", "invites", "info_items", "update_cycles", "step_events", "documents",
    "coordination", "reviews", "publications", "reminders", "audit_log",
)
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def examples(count: int) -> int:
    """`count` Hypothesis examples, times HOSTILE_SCALE (e.g. HOSTILE_SCALE=10 with --timeout=0 for a
    long hunt; the defaults keep the whole module within about 30 seconds on 2 cores)."""
    return max(1, round(count * float(os.environ.get("HOSTILE_SCALE", "1"))))


HYPOTHESIS = settings(
    max_examples=examples(50),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- is it one of the bot's Indonesian texts? -----------------------------------------------------


def _plain(text: str) -> str:
    try:
        return parse_formatted(text, "HTML")[0]
    except Exception:  # noqa: BLE001 - a text with a stray "<" in a placeholder-free part
        return html.unescape(re.sub(r"<[^>]+>", "", text))


def _fragments(text: str) -> set[str]:
    parts = re.split(r"\{[^}]*\}|\n", _plain(text))
    return {part.strip(" .,:;!?()\"'") for part in parts if len(part.strip(" .,:;!?()\"'")) >= 10}


def _indonesian_fragments() -> frozenset[str]:
    indonesian: set[str] = set()
    english: set[str] = set()
    for variants in TEXTS.values():
        indonesian |= _fragments(variants["id"])
        if "en" in variants:
            english |= _fragments(variants["en"])
    indonesian |= {label for label in SOP_LABELS["id"].values() if len(label) >= 10}
    english |= set(SOP_LABELS["en"].values())
    return frozenset(fragment for fragment in indonesian if not any(fragment in e for e in english))


INDONESIAN = _indonesian_fragments()


def is_indonesian(text: str) -> bool:
    """Whether `text` contains a piece of the bot's Indonesian texts found in none of its English ones."""
    return any(fragment in text for fragment in INDONESIAN)


# -- watching the bot -------------------------------------------------------------------------------


class ErrorWatch(logging.Handler):
    """Collects every ERROR (and worse) record of every logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _chat_id(call: ApiCall) -> int | None:
    chat = call.params.get("chat_id")
    try:
        return int(chat) if chat is not None else None
    except (TypeError, ValueError):
        return None


@dataclasses.dataclass
class Outcome:
    """What the bot did with one input."""

    who: SimUser
    sent: Input
    update: dict[str, Any]
    calls: list[ApiCall]
    errors: list[logging.LogRecord]

    @property
    def query_id(self) -> str | None:
        query = self.update.get("callback_query")
        return query["id"] if query else None

    def texts(self) -> list[str]:
        """Every text the person saw in answer: messages, captions, edits, pop-ups."""
        seen: list[str] = []
        for call in self.calls:
            if not call.ok:
                continue
            shown = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto", "editMessageCaption")
            if call.method in shown and _chat_id(call) == self.who.id and isinstance(call.result, dict):
                text = call.result.get("text") or call.result.get("caption")
                if text:
                    seen.append(text)
            elif (
                call.method == "answerCallbackQuery"
                and call.params.get("callback_query_id") == self.query_id
                and call.params.get("text")
            ):
                seen.append(str(call.params["text"]))
        return seen

    def verify(self) -> None:
        """P1, P2 and P3."""
        if currently_in_test_context():
            note(f"bot calls: {[(c.method, short(c.params.get('text') or c.params.get('caption')), c.response.get('description')) for c in self.calls]}")
        # P1: no unhandled exception, no generic error message.
        assert not self.errors, f"unhandled error for {self.sent!r}: " + "\n".join(
            logging.Formatter().formatException(r.exc_info).splitlines()[-1] for r in self.errors if r.exc_info
        )
        texts = self.texts()
        assert GENERIC_ERROR not in texts, f"the generic error text was sent for {self.sent!r}"
        # P2: every call within Telegram's limits.
        failed = [
            (c.method, c.response.get("description"))
            for c in self.calls
            if not c.ok and not any(normal in str(c.response.get("description", "")).lower() for normal in NORMAL_FAILURES)
        ]
        assert not failed, f"Telegram refused calls of the bot for {self.sent!r}: {failed}"
        # P3: a clear answer in Indonesian; a press is answered.
        if self.query_id is not None:
            answers = [c for c in self.calls if c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == self.query_id]
            assert answers, f"the press {self.sent!r} was never answered"
        assert texts, f"no answer to {self.sent!r}"
        assert all(text.strip() for text in texts)
        assert any(is_indonesian(text) for text in texts), f"no Indonesian answer to {self.sent!r}: {[short(t, 300) for t in texts]}"


# -- the office under attack ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Situation:
    """A conversation state: who is in it, and the ConversationHandler (name, state) it is."""

    who: str | None
    flow: str | None = None
    state: str | None = None


SITUATIONS: dict[str, Situation] = {
    "idle": Situation(None),
    "dip_summary": Situation("admin", "register_add", "add_summary"),
    "dip_unit": Situation("admin", "register_add", "add_unit"),
    "dip_category": Situation("admin", "register_add", "add_category"),
    "unit_name": Situation("admin", "unit", "unit_name"),
    "letter_upload": Situation("operator", "letter_upload", "waiting_letter"),
    "draft_upload": Situation("pelaksana", "draft", "uploading"),
    "announcing": Situation("pelaksana", "draft", "announcing"),
    "return_reason": Situation("utama", "review", "typing_reason"),
    "legal_basis": Situation("utama", "review", "review_ex_part"),  # the consequence test's first part
}
PEOPLE = ("admin", "operator", "pelaksana", "utama", "utama2", "other_pelaksana", "stranger")

# Which role a button needs, by prefix (the rest may be pressed by anyone registered, read-only);
# "a b": either role may press it.
ROLE_OF_PREFIX: tuple[tuple[str, str], ...] = (
    ("dip:add", "admin"), ("dip:e:", "admin"), ("dip:off:", "admin"), ("dip:offy:", "admin"), ("dip:on:", "admin"),
    ("dip:px:", "admin"), ("cyc:open:", "admin"), ("inv:", "admin"), ("stf:", "admin"), ("unit:", "admin"),
    ("jdw:", "admin"), ("co:gen:", "operator"), ("co:up:", "operator"), ("co:yes:", "operator"),
    ("co:no:", "operator"), ("pb:wd:", "operator utama"), ("pb:", "operator"),
    ("rv:", "utama"), ("dr:", "pelaksana"), ("co:ack:", "pelaksana"),
)


def role_needed(data: str) -> str | None:
    for prefix, role in ROLE_OF_PREFIX:
        if data.startswith(prefix):
            return role
    return None


class World:
    """The office, its cycles at every step, and the keyboards every role has received."""

    def __init__(self, office: Office, watch: ErrorWatch) -> None:
        self.office = office
        self.watch = watch
        self.stranger = office.fake.user(STRANGER_ID, "Orang Asing")
        self.keyboards: dict[str, set[str]] = {}
        self.stale: dict[str, set[str]] = {}
        self._counter = 0
        self.uploads = 0
        self.cycle_id = 0  # the cycle of the state entered last (0: none)

    # people -----------------------------------------------------------------------------------
    def who(self, key: str) -> SimUser:
        return self.stranger if key == "stranger" else getattr(self.office, key)

    def roles_of(self, key: str) -> set[str]:
        return {
            "admin": {"admin"}, "operator": {"operator"}, "pelaksana": {"pelaksana"}, "utama": {"utama"},
            "utama2": {"utama"}, "other_pelaksana": {"pelaksana:other"}, "stranger": set(),
        }[key]

    # driving ----------------------------------------------------------------------------------
    async def act(self, someone: SimUser, sent: Input) -> Outcome:
        """Send one input and collect everything the bot did about it."""
        calls, errors = len(self.office.fake.calls), len(self.watch.records)
        update = sent.send(someone)
        await self.office.deliver()
        return Outcome(someone, sent, update, self.office.fake.calls[calls:], self.watch.records[errors:])

    async def step(self, someone: SimUser, sent: Input) -> None:
        """A normal step of setting up: it must work without any error."""
        outcome = await self.act(someone, sent)
        assert not outcome.errors, [r.getMessage() for r in outcome.errors]

    async def press(self, someone: SimUser, data: str) -> None:
        await self.step(someone, Press(data, forged=False))

    def conversation(self, flow: str, someone: SimUser) -> object:
        """The person's state in the ConversationHandler `flow` (None: not in it)."""
        for handlers in self.office.app.handlers.values():
            for handler in handlers:
                if isinstance(handler, ConversationHandler) and handler.name == flow:
                    return handler._conversations.get((someone.id, someone.id))
        raise AssertionError(f"no conversation {flow!r}")

    def situation_of(self, someone: SimUser) -> dict[str, object]:
        """Every conversation state the person is in."""
        states: dict[str, object] = {}
        for handlers in self.office.app.handlers.values():
            for handler in handlers:
                if isinstance(handler, ConversationHandler):
                    state = handler._conversations.get((someone.id, someone.id))
                    if state is not None:
                        states[str(handler.name)] = state
        return states

    async def snapshot(self) -> tuple[object, ...]:
        """Every row that matters, and the files in the store."""
        db = self.office.services.db
        rows = []
        for table in WATCHED_TABLES:
            rows.append(tuple(tuple(row) for row in await db.fetch_all(f"SELECT * FROM {table} ORDER BY rowid")))
        root = Path(self.office.settings.files_dir)
        files = tuple(sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())) if root.exists() else ()
        return tuple(rows), files

    # the office's cycles ------------------------------------------------------------------------
    async def cycle_at(self, step: int, kind: str = "berkala") -> tuple[int, int]:
        """An open cycle of Dinas Sosial at `step` (made through the workflow if none); (id, version)."""
        services = self.office.services
        tag = f"Uji langkah {step} {kind}"
        found = await services.db.fetch_value(
            "SELECT c.id FROM update_cycles c JOIN info_items i ON i.id = c.item_id"
            " WHERE c.state = 'open' AND c.current_step = ? AND c.kind = ? AND i.summary LIKE ?"
            " ORDER BY c.id LIMIT 1",
            (step, kind, "Uji langkah%"),
        )
        if found is None:
            self._counter += 1
            category, period = ("serta_merta", None) if kind == "serta_merta" else ("berkala", "semester")
            item_id = await self.office.add_item(f"{tag} #{self._counter}", category=category, period=period)
            found = await self.advance(item_id, step)
        version = await services.workflow.submitted_version(found) if step >= 4 else 0
        return int(found), int(version or 0)

    async def advance(self, item_id: int, step: int) -> int:
        """Open a cycle for the item and take it, through the workflow, to `step` (2, 3, 4 or 5)."""
        services = self.office.services
        workflow = services.workflow
        transition = await workflow.open_cycle(await person(self.office, ADMIN_ID), item_id)
        cycle = transition.cycle
        if step >= 3:
            letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
            await workflow.send_coordination(await person(self.office, self.office.operator.id), cycle.id, Upload(letter, "pdf", None), "surat.pdf")
            self._counter += 1
            draft = await services.files.put(make_docx() + str(self._counter).encode(), "draf.docx")
            pelaksana = await person(self.office, self.office.pelaksana.id)
            await workflow.add_draft_file(pelaksana, cycle.id, Upload(draft, "docx", None), "draf.docx")
        if step >= 4:
            answers = {key: "Jawaban uji yang cukup panjang" for key in ANNOUNCEMENT_ELEMENTS} if cycle.kind == "serta_merta" else None
            await workflow.submit_draft(pelaksana, cycle.id, answers)
        if step >= 5:
            await workflow.approve(await person(self.office, self.office.utama.id), cycle.id, 1)
        return cycle.id

    # conversation states --------------------------------------------------------------------------
    async def enter(self, name: str, idle_person: str = "admin") -> SimUser:
        """Put the situation's person, through the chat, into the conversation state `name`."""
        situation = SITUATIONS[name]
        office = self.office
        someone = self.who(situation.who or idle_person)
        self.cycle_id = 0
        await self.step(someone, Command("/batal", ""))
        if name == "idle":
            pass
        elif name.startswith("dip_"):
            await self.step(someone, Command("/informasi", ""))
            await self.press(someone, "dip:add")
            if name in ("dip_unit", "dip_category"):
                await self.step(someone, Text("Laporan keuangan daerah 2026"))
            if name == "dip_category":
                await self.press(someone, f"dip:u:{office.unit_id}")
                await self.step(someone, Text("Kepala Bidang Anggaran"))
                await self.step(someone, Text("Januari 2026, Pontianak"))
        elif name == "unit_name":
            await self.step(someone, Command("/unit", ""))
            await self.press(someone, "unit:add")
            await self.press(someone, "unit:kind:opd")
        elif name == "letter_upload":
            self.cycle_id, _ = await self.cycle_at(2)
            await self.press(someone, f"co:up:{self.cycle_id}")
        elif name == "draft_upload":
            self.cycle_id, _ = await self.cycle_at(3)
            await self.press(someone, f"dr:up:{self.cycle_id}")
        elif name == "announcing":
            self.cycle_id, _ = await self.cycle_at(3, "serta_merta")
            await self.press(someone, f"dr:done:{self.cycle_id}")
        elif name == "return_reason":
            self.cycle_id, version = await self.cycle_at(4)
            await self.press(someone, f"rv:ret:{self.cycle_id}:{version}")
        elif name == "legal_basis":
            self.cycle_id, version = await self.cycle_at(4)
            await self.press(someone, f"rv:cat:{self.cycle_id}:{version}")
            await self.press(someone, f"rv:c:{self.cycle_id}:{version}:dikecualikan")
        if situation.flow is not None:
            state = self.conversation(situation.flow, someone)
            assert state == situation.state, f"could not enter {name}: {situation.flow} is {state!r}"
        return someone

    # setting up ---------------------------------------------------------------------------------
    def _harvest(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for key in PEOPLE:
            someone = self.who(key)
            found[key] = {
                button["callback_data"]
                for message in someone.messages()
                for button in someone.buttons(message)
                if "callback_data" in button
            }
        return found

    async def setup(self) -> None:
        """Greet everyone, make cycles at every step, open every role's screens, note their buttons."""
        office = self.office
        for key in PEOPLE:
            await self.step(self.who(key), Command("/start", ""))
        for step in (2, 3, 4):
            await self.cycle_at(step)
        await self.cycle_at(3, "serta_merta")
        admin, operator, putri, umar = office.admin, office.operator, office.pelaksana, office.utama
        # The admin's screens: the register and a card, staff and a person's card, units, invites, schedule.
        item_id = await office.add_item("Uji kartu informasi tanpa siklus")
        await self.step(admin, Command("/informasi", ""))
        await self.press(admin, f"dip:v:{item_id}")
        await self.step(admin, Command("/staf", ""))
        await self.press(admin, f"stf:p:{operator.id}")
        await self.press(admin, f"stf:add:{putri.id}")
        await self.step(admin, Command("/staf", ""))
        await self.press(admin, f"stf:p:{putri.id}")
        await self.step(admin, Command("/unit", ""))
        await self.step(admin, Command("/undang", ""))
        await self.step(admin, Command("/jadwal", ""))
        await self.step(admin, Command("/riwayat", ""))
        # Every step card of the cycle people see through /tugas.
        for someone in (operator, putri, umar):
            await self.step(someone, Command("/tugas", ""))
            for button in someone.buttons():
                await self.press(someone, button["callback_data"])
        review_cycle, version = await self.cycle_at(4)
        await self.press(umar, f"rv:cat:{review_cycle}:{version}")
        # A coordination letter sent through the chat gives PPID Pelaksana an acknowledge button.
        letter_cycle, _ = await self.cycle_at(2)
        await self.press(operator, f"co:gen:{letter_cycle}")
        # A cycle at step 5 gives the operator a publication button.
        await self.cycle_at(5)
        await self.step(operator, Command("/tugas", ""))
        for button in operator.buttons():
            await self.press(operator, button["callback_data"])
        self.keyboards = self._harvest()
        # Stale: the buttons of a cycle that moved on, pressed by the role they were for.
        stale_item = await office.add_item("Uji tombol kedaluwarsa")
        moved = await self.advance(stale_item, 4)
        await self.step(umar, Command("/tugas", ""))
        umar_buttons = [b["callback_data"] for b in umar.buttons() if b["callback_data"] == f"tsk:{moved}"]
        for data in umar_buttons:
            await self.press(umar, data)
        await self.press(umar, f"rv:cat:{moved}:1")
        await office.services.workflow.approve(await person(office, umar.id), moved, 1)
        open_item = await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", review_cycle)
        self.stale = {
            "utama": {d for d in self._harvest()["utama"] if d.startswith("rv:") and f":{moved}:" in d},
            "operator": {f"co:gen:{review_cycle}", f"co:up:{review_cycle}", f"pb:go:{review_cycle}", f"pb:co:{review_cycle}"},
            "pelaksana": {f"dr:up:{moved}", f"dr:done:{moved}"},
            "admin": {f"cyc:open:{open_item}", "dip:save:0123abcd", "dip:drop:0123abcd", "dip:per:monthly", "unit:kind:opd"},
        }
        assert self.stale["utama"], "no decision buttons to make stale"
        for key in PEOPLE:
            await self.step(self.who(key), Command("/batal", ""))
        assert not self.watch.records


@pytest.fixture
async def world(make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[World]:
    """One office per test function, shared by its Hypothesis examples.

    Without PTB's AIORateLimiter: the sandbox has no flood limits here, and the limiter's 30 calls
    a second would make each example wait instead of testing.
    """
    monkeypatch.setattr(cycle_helpers, "build_application", functools.partial(build_application, rate_limiter=False))
    # Nor the budget of requests a minute of people who are not staff (the clock stands still and
    # every input must be answered; tests/bot/test_flood.py proves the budget).
    office = await build_office(make_settings(public_requests_per_minute=1_000_000))
    watch = ErrorWatch()
    root = logging.getLogger()
    root.addHandler(watch)
    try:
        world = World(office, watch)
        await world.setup()
        yield world
    finally:
        root.removeHandler(watch)
        await office.app.shutdown()


# -- what should happen -----------------------------------------------------------------------------


def cleaned(text: str) -> str:
    """Typed text as the bot stores it (control and format characters dropped, blanks collapsed)."""
    return clean_typed(text)


@dataclasses.dataclass(frozen=True)
class Expect:
    """Whether the database must stay as it is, and the conversation state expected after the input
    (`KEEP`: the same as before; None: not checked)."""

    unchanged: bool
    state_after: object = None


KEEP = object()
EXEMPTION_PART_MIN = 5


def expectation(state: str, sent: Input, who: str) -> Expect:
    """What the bot must do with `sent` from `who` in `state` (see the module docstring)."""
    if who == "stranger":
        return Expect(True, KEEP)
    if isinstance(sent, Command):
        ends_flow = sent.base in ("batal", "unit") and not sent.addressed_elsewhere
        return Expect(True, None if ends_flow else KEEP)
    if isinstance(sent, Press):
        return Expect(sent.forged, KEEP if sent.forged else None)
    if isinstance(sent, (Document, Photo)):
        if state == "letter_upload":
            ok = sent.sample.letter_ok
        elif state == "draft_upload":
            ok = sent.sample.draft_ok
        else:
            return Expect(True, KEEP)
        if ok is False:
            return Expect(True, KEEP)
        if ok and state == "draft_upload":
            return Expect(False, KEEP)
        return Expect(False, None)
    # Typed text.
    text = cleaned(sent.text)
    if state == "dip_summary":
        return Expect(True, "add_unit" if 5 <= len(text) <= 500 else KEEP)
    if state == "unit_name":
        return Expect(True, KEEP) if not text or len(text) > 100 else Expect(False, None)
    if state == "return_reason":
        refused = not MIN_REASON_LENGTH <= len(text) <= MAX_REASON_LENGTH
        return Expect(True, KEEP) if refused else Expect(False, ConversationHandler.END)
    if state == "legal_basis":  # the part exempted: kept in the conversation, the ground asked next
        accepted = EXEMPTION_PART_MIN <= len(text) <= EXEMPTION_TEXT_MAX["part"]
        return Expect(True, "review_ex_grounds" if accepted else KEEP)
    if state == "announcing":
        return Expect(True, KEEP)  # answers live in the conversation until the eighth
    return Expect(True, KEEP)


# The buttons of each state's own flow: their stale or forged variants are drawn more often there.
NEAR_PREFIXES: dict[str, tuple[str, ...]] = {
    "dip_summary": ("dip:add", "dip:e", "dip:u", "dip:cat", "dip:save", "dip:drop", "dip:x"),
    "dip_unit": ("dip:add", "dip:e", "dip:u", "dip:cat"),
    "dip_category": ("dip:add", "dip:e", "dip:cat", "dip:per", "dip:form"),
    "unit_name": ("unit:add", "unit:ren", "unit:kind", "unit:ls"),
    "letter_upload": ("co:up", "co:gen", "co:ack"),
    "draft_upload": ("dr:up", "dr:done"),
    "announcing": ("dr:up", "dr:done"),
    "return_reason": ("rv:ret", "rv:ok", "rv:cat", "rv:c"),
    "legal_basis": ("rv:ret", "rv:ok", "rv:cat", "rv:c"),
}
REAL_IDS = ["1", "2", str(ADMIN_ID), "720001", "730001"]  # units, the admin, the operator, PPID Pelaksana


@functools.cache
def inputs_for(state: str) -> st.SearchStrategy[Input]:
    """Hostile inputs, weighted towards what the state is about."""
    texts = hostile_text().map(Text)
    files = documents()
    refused_files = documents([sample for sample in SAMPLES if sample.draft_ok is False])
    presses = garbage_presses(REAL_IDS, NEAR_PREFIXES.get(state, ()))
    if state in ("letter_upload", "draft_upload"):
        return st.one_of(files, files, photos(), texts, commands(), presses)
    if state == "idle":
        return st.one_of(texts, commands(), commands(), files, photos(), presses, presses)
    return st.one_of(texts, texts, texts, commands(), refused_files, photos(), presses)


async def check_accepted(world: World, state: str, sent: Input, before: tuple[object, ...]) -> None:
    """Where a valid answer changed the database: it was stored as typed (cleaned the one way), and
    every screen that shows it again still works (P1-P3 on each)."""
    office = world.office
    db = office.services.db
    item_id = await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", world.cycle_id)
    if isinstance(sent, Text) and state == "return_reason":
        if await world.snapshot() == before:
            return
        reason = await db.fetch_value("SELECT reason FROM reviews WHERE decision = 'returned' ORDER BY id DESC LIMIT 1")
        assert reason == cleaned(sent.text)
        await look(world, office.pelaksana, Press(f"tsk:{world.cycle_id}", forged=False))
        await look(world, office.admin, Command("/riwayat", str(item_id)))
    elif isinstance(sent, Text) and state == "unit_name":
        if await world.snapshot() != before:
            names = [row[0] for row in await db.fetch_all("SELECT name FROM units")]
            assert cleaned(sent.text) in names
            await look(world, office.admin, Command("/unit", ""))
            await look(world, office.admin, Command("/undang", ""))
            await look(world, office.admin, Press("inv:role:pelaksana", forged=False))
            await look(world, office.admin, Command("/informasi", ""))
            await look(world, office.admin, Press("dip:add", forged=False))
            await look(world, office.admin, Text("Ringkasan untuk memilih unit"))
            await look(world, office.admin, Command("/batal", ""))
    elif isinstance(sent, (Document, Photo)):
        await check_stored_names(world)


async def look(world: World, someone: SimUser, sent: Input) -> None:
    """A screen shown again after a change: P1-P3."""
    outcome = await world.act(someone, sent)
    outcome.verify()


async def check_stored_names(world: World) -> None:
    """Every stored document has a harmless display name, and its file is inside the store."""
    root = Path(world.office.settings.files_dir).resolve()
    for name, stored_path, sha256 in await world.office.services.db.fetch_all(
        "SELECT original_name, stored_path, sha256 FROM documents"
    ):
        assert name and name == name.strip(), repr(name)
        assert "/" not in name and "\\" not in name, repr(name)
        assert not set(name) & BIDI, repr(name)
        assert not any(unicodedata.category(c) == "Cc" for c in name), repr(name)
        assert len(name) <= MAX_DISPLAY_NAME_LENGTH, len(name)
        path = (root / stored_path).resolve()
        assert path.is_relative_to(root) and path.is_file() and sha256 in str(path), stored_path


# Valid letters and drafts whose bytes may be followed by more bytes (PDF, PNG, JPEG).
UNIQUE_SAMPLES = [sample for sample in SAMPLES if sample.label in ("pdf", "png", "jpeg")]


# -- the tests --------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(SITUATIONS))
@HYPOTHESIS
@given(data=st.data())
async def test_hostile_input_in_every_state(world: World, state: str, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(PEOPLE), label="who") if state == "idle" else SITUATIONS[state].who
    assert who is not None
    sent = data.draw(inputs_for(state), label="input")
    someone = await world.enter(state, idle_person=who)
    expect = expectation(state, sent, who)
    before_state = world.situation_of(someone)
    before = await world.snapshot()
    outcome = await world.act(someone, sent)
    outcome.verify()
    if expect.unchanged:
        assert await world.snapshot() == before, f"the database changed after {sent!r} in {state}"
    else:
        await check_accepted(world, state, sent, before)
    situation = SITUATIONS[state]
    if expect.state_after is KEEP:
        assert world.situation_of(someone) == before_state, f"{sent!r} moved {who} out of {state}"
    elif expect.state_after is not None and situation.flow is not None:
        after = world.conversation(situation.flow, someone)
        wanted = None if expect.state_after == ConversationHandler.END else expect.state_after
        assert after == wanted, f"{sent!r} in {state}: {situation.flow} is {after!r}, expected {wanted!r}"


def _own_states(key: str) -> list[str]:
    return ["idle"] + [name for name, s in SITUATIONS.items() if s.who == key]


@settings(HYPOTHESIS, max_examples=examples(150))
@given(data=st.data())
async def test_buttons_of_other_roles_and_stale_buttons_are_refused(world: World, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(PEOPLE), label="who")
    roles = world.roles_of(who)
    foreign = sorted(
        {
            button
            for owner, buttons in world.keyboards.items()
            if owner != who
            for button in buttons
            if not button.startswith("lang:")
            and (who == "stranger" or (needed := role_needed(button)) is None or not set(needed.split()) & set(roles))
        }
    )
    stale = sorted(world.stale.get("utama" if who == "utama2" else who, set()))
    pool = foreign + stale if stale else foreign
    button = data.draw(st.sampled_from(pool), label="button")
    state = data.draw(st.sampled_from(_own_states(who) if who != "stranger" else ["idle"]), label="state")
    sent = Press(button, forged=True, note="stale" if button in stale else "another role's button")
    someone = await world.enter(state, idle_person=who)
    before_state = world.situation_of(someone)
    before = await world.snapshot()
    outcome = await world.act(someone, sent)
    outcome.verify()
    assert await world.snapshot() == before, f"the database changed after {who} pressed {button!r} in {state}"
    assert world.situation_of(someone) == before_state, f"{who} pressing {button!r} ended their {state}"


@settings(HYPOTHESIS, max_examples=examples(40))
@given(data=st.data())
async def test_hostile_file_names_are_stored_harmlessly(world: World, data: st.DataObject) -> None:
    state = data.draw(st.sampled_from(["draft_upload", "letter_upload"]), label="state")
    sent = data.draw(documents(UNIQUE_SAMPLES), label="document")
    # A fresh content each time, so it is never a duplicate: bytes after the end marker of an
    # image, a comment before the end marker of a PDF (nothing but white space may follow that).
    world.uploads += 1
    data = unique_pdf(b"%d" % world.uploads) if sent.sample.label == "pdf" else sent.sample.data + b"\n%%%d\n" % world.uploads
    sample = dataclasses.replace(sent.sample, data=data)
    sent = dataclasses.replace(sent, sample=sample)
    someone = await world.enter(state)
    outcome = await world.act(someone, sent)
    outcome.verify()
    await check_stored_names(world)
    if state == "letter_upload":
        received = world.office.pelaksana.documents()[-1]
    else:
        # Submitted: PPID Utama receives the files, under their cleaned names.
        await look(world, someone, Press(f"dr:done:{world.cycle_id}", forged=False))
        received = world.office.utama.documents()[-1]
    name = received.get("file_name") or ""
    assert name and "/" not in name and "\\" not in name and not set(name) & BIDI, repr(name)


BIG = 21 * 1024 * 1024


async def test_oversized_files_are_refused_without_download(world: World) -> None:
    big_pdf = Sample("21 MB pdf", b"%PDF-1.4\n" + bytes(BIG), False, False)
    big_photo = Sample("21 MB photo", MINIMAL_PNG + bytes(BIG), False, False)
    for state in ("draft_upload", "letter_upload", "idle", "dip_summary", "return_reason"):
        for sent in (Document(big_pdf, "../../besar.pdf", "application/pdf", None), Photo(big_photo, "foto besar")):
            someone = await world.enter(state, idle_person="pelaksana")
            before_state = world.situation_of(someone)
            before = await world.snapshot()
            get_file = len(world.office.fake.calls_to("getFile"))
            outcome = await world.act(someone, sent)
            outcome.verify()
            assert len(world.office.fake.calls_to("getFile")) == get_file, f"downloaded in {state}: {sent!r}"
            assert await world.snapshot() == before, (state, sent)
            assert world.situation_of(someone) == before_state, (state, sent)
            if state in ("draft_upload", "letter_upload"):
                assert any("terlalu besar" in text and "20 MB" in text for text in outcome.texts()), outcome.texts()


ISSUE_COMMANDS = [
    ("/start", "../../etc"),
    ("/informasi", "%_'\""),
    ("/riwayat", "-1"),
    ("/riwayat", "99999999999999999999"),
    ("/riwayat", "²"),
    ("/riwayat", "١٢"),
    ("/riwayat", "abc"),
    ("/start", "a" * 64),
    ("/start", "b" * 200),
    ("/informasi", "x" * 300),
    ("/informasi", "\u202e"),
    ("/informasi", "%"),
    ("/jadwal", "../../"),
    ("/sop", "<b>"),
    ("/bahasa", "xx"),
    ("/batal", "semua"),
    ("/tugas", "-1"),
    ("/unit", "' OR 1=1 --"),
    ("/staf", "99999999999999999999"),
    ("/undang", "admin"),
    ("/bantuan", "\x00"),
    ("/start@other_bot", ""),
    ("/hapus_semua", "--force"),
]


async def test_odd_command_arguments(world: World) -> None:
    for who in ("admin", "operator", "pelaksana", "utama", "other_pelaksana", "stranger"):
        someone = world.who(who)
        for name, args in ISSUE_COMMANDS:
            sent = Command(name, args)
            before = await world.snapshot()
            outcome = await world.act(someone, sent)
            outcome.verify()
            assert await world.snapshot() == before, (who, sent)


# -- whole conversations answered with hostile text ---------------------------------------------------

VALID_FALLBACK = {
    "summary": "Laporan keuangan daerah 2026",
    "responsible": "Kepala Bidang Anggaran",
    "made_time_place": "Januari 2026, Pontianak",
    "part": "Lampiran daftar nama penerima",
    "consequence": "Membuka lampiran ini mengungkap rahasia usaha para penyedia yang tercantum.",
    "retention": "5 tahun",
}


async def _answer(world: World, someone: SimUser, field: str, text: str) -> str:
    """Type `text` for `field`; when the bot refuses it (and asks again), type a valid answer."""
    outcome = await world.act(someone, Text(text))
    outcome.verify()
    try:
        return validate_text_field(field, text)
    except ValidationError:
        outcome = await world.act(someone, Text(VALID_FALLBACK[field]))
        outcome.verify()
        return VALID_FALLBACK[field]


async def _choose(world: World, someone: SimUser, data: str) -> None:
    outcome = await world.act(someone, Press(data, forged=False))
    outcome.verify()


@settings(HYPOTHESIS, max_examples=examples(15))
@given(data=st.data())
async def test_dip_item_added_with_hostile_answers(world: World, data: st.DataObject) -> None:
    """Every typed answer of "Tambah informasi" hostile; what was accepted is saved as typed and
    every screen showing the item still works."""
    rina = await world.enter("dip_summary")
    text = hostile_text(600)
    category = data.draw(st.sampled_from(["berkala", "serta_merta", "setiap_saat", "dikecualikan"]), label="category")
    saved: dict[str, object] = {"category": category}
    saved["summary"] = await _answer(world, rina, "summary", data.draw(text, label="summary"))
    await _choose(world, rina, f"dip:u:{world.office.unit_id}")
    saved["responsible"] = await _answer(world, rina, "responsible", data.draw(text, label="responsible"))
    saved["made_time_place"] = await _answer(world, rina, "made_time_place", data.draw(text, label="made_time_place"))
    await _choose(world, rina, f"dip:cat:{category}")
    if category == "berkala":
        await _choose(world, rina, "dip:per:quarterly")
    if category == "dikecualikan":
        # Hostile text at the test's first part is test_hostile_input_in_every_state's "legal_basis";
        # here the test is answered plainly, in two deliveries (the module keeps its time budget).
        rina.send_text(VALID_FALLBACK["part"])
        await world.office.deliver()
        question = rina.last_message()
        rina.press(question, next(b["callback_data"] for b in rina.buttons() if "b. " in b["text"]))
        rina.press(question, rina.buttons()[-1]["callback_data"])  # Selesai
        for answer in (VALID_FALLBACK["consequence"], VALID_FALLBACK["consequence"], "5 tahun", "Umar", "PPID Utama"):
            rina.send_text(answer)
        await world.office.deliver()
        saved["legal_basis"] = "UU 14/2008 Pasal 17 huruf b"
        saved["exempt_part"] = VALID_FALLBACK["part"]
    await _choose(world, rina, "dip:form:both")
    saved["retention"] = await _answer(world, rina, "retention", data.draw(text, label="retention"))
    assert rina.last_text().startswith("📝 Periksa lagi informasi baru ini:")
    await _choose(world, rina, rina.buttons()[0]["callback_data"])  # Simpan
    row = await world.office.services.db.fetch_one("SELECT * FROM info_items ORDER BY id DESC LIMIT 1")
    assert row is not None
    for field, value in saved.items():
        assert row[field] == value, field
        if isinstance(value, str):
            assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in value), (field, value)
    for screen in (Press(f"dip:v:{row['id']}", forged=False), Command("/informasi", ""), Command("/jadwal", "")):
        await look(world, rina, screen)


@settings(HYPOTHESIS, max_examples=examples(10))
@given(data=st.data())
async def test_serta_merta_announced_with_hostile_answers(world: World, data: st.DataObject) -> None:
    """The 8 elements of a serta merta announcement answered with hostile text, then verified and
    published: every step answers, and the channel gets the announcement within Telegram's limits."""
    putri = await world.enter("announcing")
    cycle_id = world.cycle_id
    answers: list[str] = []
    answer_text = st.one_of(
        hostile_text(200), hostile_text(200), hostile_text(), st.sampled_from(["🌊" * 450, "Air < 1 m & arus > 2 m/s; " * 20])
    )
    for number in range(1, 9):
        text = data.draw(answer_text, label=f"answer {number}")
        outcome = await world.act(putri, Text(text))
        outcome.verify()
        if len(cleaned(text)) < 3 or telegram_length(cleaned(text)) > ELEMENT_MAX:
            # Refused (too short, or longer than the post shows of an element): asked again.
            assert world.conversation("draft", putri) == "announcing"
            outcome = await world.act(putri, Text("Jawaban cadangan"))
            outcome.verify()
            text = "Jawaban cadangan"
        answers.append(cleaned(text))
    # The whole announcement is shown exactly as it will be posted, then sent with "Ya, kirim".
    assert world.conversation("draft", putri) == "confirming"
    await _choose(world, putri, f"dr:send:{cycle_id}")
    assert world.conversation("draft", putri) is None
    office = world.office
    assert await office.db_value("SELECT current_step FROM update_cycles WHERE id = ?", cycle_id) == 4
    await _choose(world, office.utama, f"tsk:{cycle_id}")
    await _choose(world, office.utama, f"rv:ok:{cycle_id}:1")
    await _choose(world, office.operator, f"pb:co:{cycle_id}")
    posts = len(office.channel.posts())
    await _choose(world, office.operator, f"pb:go:{cycle_id}")
    await _choose(world, office.operator, f"pb:yes:{cycle_id}:1")
    announcement = "\n".join(post.get("text") or "" for post in office.channel.posts()[posts:])
    assert announcement.startswith("⚠️ PENGUMUMAN SERTA MERTA")
    for number, answer in enumerate(answers, start=1):
        assert f"{number}. " in announcement and shorten(answer, 400)[:-1] in announcement, number

