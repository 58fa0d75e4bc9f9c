"""A staffed office with a register of any size, written straight into a throwaway database.

`build_office_db(path, items)` creates the real schema (the bot's own migrations), then fills it in
one transaction with `executemany`:

- 48 units; 200 people: 2 admins, 4 operators, 2 PPID Utama and 192 PPID Pelaksana (4 per unit);
- `items` information items (80% berkala with mixed periods, then setiap saat, serta merta and
  dikecualikan; 2% inactive), each with its `item.add` audit entry;
- a proportional history: one published cycle per 10 items, each with its 8 step events, 4
  coordination rows, 2 documents (the letter and the draft, both pointing at one real stored
  PDF), a review, a publication, 3 sent reminders and 8 audit entries;
- the work in progress, the same at every size: one open cycle per unit (steps 2 to 7, some due
  today, some late, 4 of them serta merta) and 10 items not published for more than 6 months.

The audit entries are hash-chained exactly as `storage.audit` chains them (`python -m bot
verify-audit` passes). Everything is dated before `NOW` (Monday 30 November 2026, 09:00 WIB), the
clock the benchmarks run the bot on; berkala items fall due 15 days to 6 months after it, so a
sweep finds only the work in progress to do, whatever the size of the register.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storage.audit import GENESIS_HASH, canonical_json, entry_hash
from storage.database import open_database
from storage.files import FileStore
from storage.timestamps import format_utc

# Monday 30 November 2026, 09:00 WIB (Asia/Pontianak, UTC+7): a working morning.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
CHANNEL_ID = -1001000000001

UNITS = 48
PELAKSANA_PER_UNIT = 4
ADMIN_IDS = (900001, 900002)
OPERATOR_IDS = (910001, 910002, 910003, 910004)
UTAMA_IDS = (920001, 920002)
PELAKSANA_BASE = 930000
OPEN_CYCLES = UNITS  # one per unit, at every register size
STALE_ITEMS = 10
PERIODS = ("monthly", "quarterly", "semester", "yearly")

SAMPLE_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def pdf_bytes(tag: str, size: int = 0) -> bytes:
    """A small valid PDF made unique by `tag`, padded with a comment up to `size` bytes; the
    comments go before its `%%EOF` (the bot refuses a PDF with anything but white space after it)."""
    comment = f"% {tag}\n".encode()
    if size > len(SAMPLE_PDF) + len(comment):
        comment += b"%" + b"0" * (size - len(SAMPLE_PDF) - len(comment) - 2) + b"\n"
    end = SAMPLE_PDF.rindex(b"%%EOF")
    return SAMPLE_PDF[:end] + comment + SAMPLE_PDF[end:]


def pelaksana_ids(unit_id: int) -> list[int]:
    """The 4 PPID Pelaksana of a unit (units are numbered from 1)."""
    return [PELAKSANA_BASE + (unit_id - 1) * PELAKSANA_PER_UNIT + k + 1 for k in range(PELAKSANA_PER_UNIT)]


def staff_ids() -> list[int]:
    """All 200 people."""
    return list(staff_names())


def staff_names() -> dict[int, str]:
    """All 200 people and their names (as Telegram shows them, and as the database has them)."""
    people = {uid: f"Admin {uid}" for uid in ADMIN_IDS}
    people.update({uid: f"Operator {uid}" for uid in OPERATOR_IDS})
    people.update({uid: f"Utama {uid}" for uid in UTAMA_IDS})
    for unit_id in range(1, UNITS + 1):
        people.update({uid: f"Pelaksana {uid}" for uid in pelaksana_ids(unit_id)})
    return people


def item_summary(item_id: int) -> str:
    return f"Laporan Kegiatan Unit Nomor {item_id:06d}"


@dataclasses.dataclass
class OfficeFacts:
    """What was generated (for checks and the table)."""

    items: int
    closed_cycles: int
    open_cycles: int
    step_events: int
    reminders: int
    audit_entries: int
    seconds: float = 0.0
    open_items_by_unit: dict[int, int] = dataclasses.field(default_factory=dict)


def _ts(moment: datetime) -> str:
    """`storage.timestamps.format_utc`, for UTC datetimes, without strftime (900k calls at 100k items)."""
    if moment.tzinfo is not UTC:
        return format_utc(moment)
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"


class _Audit:
    """Builds hash-chained audit rows in order."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.prev = GENESIS_HASH

    def add(self, at: datetime, actor: int | None, action: str, entity_type: str, entity_id: int, details: dict[str, Any]) -> None:
        at_text = _ts(at)
        entity_text = str(entity_id)
        details_text = canonical_json(details)
        digest = entry_hash(
            self.prev, at=at_text, actor_id=actor, action=action, entity_type=entity_type,
            entity_id=entity_text, details=details,
        )
        self.rows.append((at_text, actor, action, entity_type, entity_text, details_text, self.prev, digest))
        self.prev = digest


def _category(item_id: int) -> tuple[str, str | None, str | None]:
    slot = item_id % 20
    if slot < 16:
        return "berkala", PERIODS[item_id % 4], None
    if slot < 18:
        return "setiap_saat", None, None
    if slot == 18:
        return "serta_merta", None, None
    return "dikecualikan", None, "UU 14/2008 Pasal 17 huruf a: uji konsekuensi"


def build_office_db(db_path: Path, files_dir: Path, items: int) -> OfficeFacts:
    """Create the office's database at `db_path` (must not exist) with `items` items."""
    import time

    started = time.perf_counter()
    asyncio.run(_migrate(db_path))
    sample = asyncio.run(FileStore(files_dir).put(SAMPLE_PDF, "draf.pdf"))
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB: the indexes stay in memory while filling
        # A throwaway file filled once: no journal (a WAL would write every page twice), and the
        # migrations' own indexes built after the rows are in (sorting once is far cheaper than
        # keeping 20 B-trees in order row by row); the schema ends exactly as the migrations made it.
        conn.execute("PRAGMA journal_mode = OFF")
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
        conn.execute("BEGIN")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        facts = _fill(conn, items, sample.sha256, sample.relative_path, sample.size)
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - a generator bug
            raise RuntimeError(f"generated rows break foreign keys: {problems[:3]}")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    facts.seconds = time.perf_counter() - started
    return facts


async def _migrate(db_path: Path) -> None:
    db = await open_database(db_path)
    await db.close()


def _fill(conn: sqlite3.Connection, items: int, sha256: str, stored_path: str, size: int) -> OfficeFacts:
    start = NOW - timedelta(days=400)
    audit = _Audit()

    conn.executemany(
        "INSERT INTO units (id, name, kind, created_at) VALUES (?, ?, 'opd', ?)",
        [(u, f"Unit Kerja {u:02d}", _ts(start)) for u in range(1, UNITS + 1)],
    )
    people = list(staff_names().items())
    grants: list[tuple[int, str, int | None]] = [(uid, "admin", None) for uid in ADMIN_IDS]
    grants += [(uid, "operator", None) for uid in OPERATOR_IDS]
    grants += [(uid, "utama", None) for uid in UTAMA_IDS]
    for unit_id in range(1, UNITS + 1):
        grants += [(uid, "pelaksana", unit_id) for uid in pelaksana_ids(unit_id)]
    conn.executemany(
        "INSERT INTO users (telegram_id, full_name, created_at) VALUES (?, ?, ?)",
        [(uid, name, _ts(start)) for uid, name in people],
    )
    conn.executemany(
        "INSERT INTO user_roles (telegram_id, role, unit_id, granted_at) VALUES (?, ?, ?, ?)",
        [(uid, role, unit, _ts(start)) for uid, role, unit in grants],
    )
    for uid, role, unit in grants:
        audit.add(start, None, "role.grant", "user", uid, {"role": role, "unit_id": unit})

    # -- which items carry the history and the work in progress --------------------------------
    closed = [i for i in range(1, items + 1) if i % 10 == 0 and _category(i)[0] == "berkala" and i % 50 != 49]
    taken = set(closed)
    open_items: dict[int, int] = {}  # unit -> item
    serta_merta_open = 0
    for i in range(1, items + 1):
        if len(open_items) == OPEN_CYCLES:
            break
        unit_id = (i - 1) % UNITS + 1
        category = _category(i)[0]
        if unit_id in open_items or i in taken or i % 50 == 49:
            continue
        if category == "berkala" or (category == "serta_merta" and serta_merta_open < 4):
            serta_merta_open += category == "serta_merta"
            open_items[unit_id] = i
    open_set = set(open_items.values())
    stale = [
        i for i in range(1, items + 1)
        if _category(i)[0] == "berkala" and i not in taken and i not in open_set and i % 50 != 49 and i % 7 == 3
    ][:STALE_ITEMS]
    stale_set = set(stale)

    # -- the register ----------------------------------------------------------------------------
    span = timedelta(days=200)
    item_rows = []
    for i in range(1, items + 1):
        category, period, legal_basis = _category(i)
        created = start + span * (i / items)
        status = "inactive" if i % 50 == 49 else "active"
        last_published = None
        next_due = None
        if i in stale_set:
            last_published = NOW - timedelta(days=240 + i % 30)
        elif i not in taken:
            last_published = NOW - timedelta(days=1 + i % 150)
        if category == "berkala" and status == "active":
            next_due = NOW + timedelta(days=5) if i in open_set else NOW + timedelta(days=15 + i % 165)
        item_rows.append(
            (
                i, item_summary(i), (i - 1) % UNITS + 1, f"Kepala Unit {(i - 1) % UNITS + 1}", "Pontianak, 2026",
                "soft", "5 tahun", category, period, legal_basis, status,
                None if last_published is None else _ts(last_published),
                None if next_due is None else _ts(next_due), _ts(created), _ts(created),
            )
        )
        audit.add(created, ADMIN_IDS[0], "item.add", "item", i, {"summary": item_summary(i), "category": category})
    conn.executemany(
        "INSERT INTO info_items (id, summary, unit_id, responsible, made_time_place, form, retention, category,"
        " period, legal_basis, status, last_published_at, next_due_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item_rows,
    )

    # -- the history: one published cycle per 10 items -----------------------------------------------
    cycles, events, coordination, documents, reviews, publications, reminders = [], [], [], [], [], [], []
    event_id = coordination_id = document_id = 0
    cycle_id = 0
    for n, item_id in enumerate(closed):
        cycle_id += 1
        unit_id = (item_id - 1) % UNITS + 1
        pelaksana = pelaksana_ids(unit_id)
        operator = OPERATOR_IDS[n % len(OPERATOR_IDS)]
        utama = UTAMA_IDS[n % len(UTAMA_IDS)]
        opened = NOW - timedelta(days=170) + timedelta(days=150) * (n / max(1, len(closed)))
        day = timedelta(days=1)
        closed_at = opened + 6 * day
        cycles.append(
            (cycle_id, item_id, "berkala", 7, "published", ADMIN_IDS[0], _ts(opened), _ts(opened + 5 * day),
             _ts(opened + 6 * day), _ts(closed_at))
        )
        steps = [
            (1, "cycle_opened", ADMIN_IDS[0], opened),
            (2, "coordination_sent", operator, opened + day / 4),
            (2, "coordination_acknowledged", pelaksana[0], opened + day / 2),
            (3, "draft_submitted", pelaksana[0], opened + 2 * day),
            (4, "draft_approved", utama, opened + 3 * day),
            (5, "publication_coordinated", operator, opened + 4 * day),
            (6, "data_refresh_scheduled", operator, opened + 4 * day),
            (7, "published", operator, closed_at),
        ]
        for step_no, action, actor, at in steps:
            event_id += 1
            events.append((event_id, cycle_id, step_no, action, actor, _ts(at), "Kelengkapan", "Output", None, 1))
        document_id += 1
        letter_id = document_id
        documents.append(
            (letter_id, cycle_id, "coordination_letter", 1, sha256, size, "pdf", f"surat_koordinasi_{cycle_id}.pdf",
             stored_path, operator, _ts(opened + day / 4))
        )
        document_id += 1
        documents.append(
            (document_id, cycle_id, "draft", 1, sha256, size, "pdf", "draf.pdf", stored_path, pelaksana[0],
             _ts(opened + 2 * day))
        )
        for uid in pelaksana:
            coordination_id += 1
            coordination.append((coordination_id, cycle_id, letter_id, uid, _ts(opened + day / 4), _ts(opened + day / 2)))
        reviews.append((cycle_id, 1, utama, "approved", _ts(opened + 3 * day)))
        publications.append((cycle_id, item_id, CHANNEL_ID, cycle_id, operator, _ts(closed_at)))
        for kind, at in (("cycle_opened", opened), ("before_1", opened + day), ("due", opened + 2 * day)):
            reminders.append((cycle_id, 3 if kind != "cycle_opened" else 2, pelaksana[0], kind, _ts(at), _ts(at), _ts(at)))
        for action, at, actor in (
            ("cycle.open", opened, ADMIN_IDS[0]),
            ("coordination.send", opened + day / 4, operator),
            ("coordination.acknowledge", opened + day / 2, pelaksana[0]),
            ("draft.upload", opened + day, pelaksana[0]),
            ("draft.submit", opened + 2 * day, pelaksana[0]),
            ("review.approve", opened + 3 * day, utama),
            ("publication.coordinate", opened + 4 * day, operator),
            ("publication.publish", closed_at, operator),
        ):
            audit.add(at, actor, action, "cycle", cycle_id, {"item_id": item_id})
        conn.execute("UPDATE info_items SET last_published_at = ? WHERE id = ?", (_ts(closed_at), item_id))

    # -- the work in progress: one open cycle per unit, the same at every size ----------------------
    for unit_id, item_id in sorted(open_items.items()):
        cycle_id += 1
        kind = _category(item_id)[0]
        step = 2 + unit_id % 6
        started_at = NOW - timedelta(days=1 + unit_id % 4)
        if kind == "serta_merta":
            started_at = NOW - timedelta(hours=1 + unit_id % 3)
            deadline = NOW + timedelta(hours=unit_id % 3 - 1)
        else:
            deadline = NOW.replace(hour=9) + timedelta(days=unit_id % 7 - 4)
        cycles.append(
            (cycle_id, item_id, kind, step, "open", ADMIN_IDS[0], _ts(started_at - timedelta(days=1)), _ts(started_at),
             _ts(deadline), None)
        )
        event_id += 1
        events.append((event_id, cycle_id, 1, "cycle_opened", ADMIN_IDS[0], _ts(started_at - timedelta(days=1)), None, None, None, 1))
        audit.add(started_at - timedelta(days=1), ADMIN_IDS[0], "cycle.open", "cycle", cycle_id, {"item_id": item_id})

    conn.executemany(
        "INSERT INTO update_cycles (id, item_id, kind, current_step, state, opened_by, opened_at, step_started_at,"
        " step_deadline_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cycles,
    )
    conn.executemany(
        "INSERT INTO step_events (id, cycle_id, step_no, action, actor_id, at, kelengkapan, output, note, on_time)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    conn.executemany(
        "INSERT INTO documents (id, cycle_id, kind, version, sha256, size, detected_type, original_name, stored_path,"
        " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        documents,
    )
    conn.executemany(
        "INSERT INTO coordination (id, cycle_id, letter_document_id, asked_user_id, asked_at, acknowledged_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        coordination,
    )
    conn.executemany(
        "INSERT INTO reviews (cycle_id, draft_version, reviewer_id, decision, decided_at) VALUES (?, ?, ?, ?, ?)",
        reviews,
    )
    conn.executemany(
        "INSERT INTO publications (cycle_id, item_id, channel_chat_id, channel_message_id, published_by, published_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        publications,
    )
    conn.executemany(
        "INSERT INTO reminders (cycle_id, step_no, recipient_id, kind, due_key, claimed_at, sent_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        reminders,
    )
    conn.executemany(
        "INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        audit.rows,
    )
    return OfficeFacts(
        items=items,
        closed_cycles=len(closed),
        open_cycles=len(open_items),
        step_events=len(events),
        reminders=len(reminders),
        audit_entries=len(audit.rows),
        open_items_by_unit=dict(open_items),
    )


@dataclasses.dataclass
class Workspace:
    """A generated office kept as a template: copy it for each measurement."""

    folder: Path
    items: int
    facts: OfficeFacts

    @property
    def db_path(self) -> Path:
        return self.folder / "template" / "ppid.sqlite3"

    @property
    def files_dir(self) -> Path:
        return self.folder / "template" / "files"

    def copy_to(self, target: Path) -> tuple[Path, Path]:
        """A fresh copy of the database and file store under `target`; returns (db, files)."""
        target.mkdir(parents=True, exist_ok=True)
        db = target / "ppid.sqlite3"
        shutil.copyfile(self.db_path, db)
        shutil.copytree(self.files_dir, target / "files", dirs_exist_ok=True)
        return db, target / "files"


def make_workspace(folder: Path, items: int) -> Workspace:
    """Generate the office with `items` items under `folder/template`."""
    template = folder / "template"
    template.mkdir(parents=True, exist_ok=True)
    facts = build_office_db(template / "ppid.sqlite3", template / "files", items)
    return Workspace(folder, items, facts)


def iter_free_items(items: int, unit_id: int, skip: set[int]) -> Iterator[int]:
    """Active berkala items of a unit with no history or open cycle (for new cycles), in id order."""
    for i in range(unit_id, items + 1, UNITS):
        if i % 10 == 0 or i % 50 == 49 or i in skip or _category(i)[0] != "berkala":
            continue
        yield i
