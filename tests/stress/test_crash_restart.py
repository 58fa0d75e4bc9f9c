"""The bot as a real process, killed with SIGKILL at random moments while people work.

The sandbox serves the Bot API over HTTP on 127.0.0.1 from this test process; `python -m bot run`
polls it from a subprocess with its own database. A driver plays the office: for each item it
looks at the database and does whatever the cycle needs next (press a button, upload a file),
again and again, while a killer task SIGKILLs the bot a bounded number of times and starts it
again. Updates the bot had not confirmed are delivered again after each restart, as Telegram does.

Afterwards every cycle is published exactly once (one channel post each), every upload the bot
acknowledged is stored exactly once with its sha256, the audit chain verifies, and everybody can
still reach /tugas.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.sandbox import FakeTelegram, RateLimits, SandboxHTTPServer, SimUser
from storage.audit import AuditLog, read_key
from storage.database import open_database
from storage.files import FileStore
from storage.items import ItemRepository
from storage.units import UnitRepository
from storage.users import UserRepository
from tests.samples import make_docx

ROOT = Path(__file__).resolve().parents[2]
ADMIN, OPERATOR, PELAKSANA, UTAMA = 710001, 720001, 730001, 740001
CHANNEL = -1001000000001
ITEMS = (
    "Laporan Keuangan 2026",
    "Rencana Kerja 2027",
    "Profil Dinas Sosial",
    "Daftar Aset Daerah",
    "Laporan Kinerja 2026",
    "Statistik Bantuan Sosial",
)
KILLS = 4
WORKLOAD_TIMEOUT = 150.0


@dataclass
class Bot:
    """The bot process, restartable."""

    env: dict[str, str]
    cwd: Path
    process: asyncio.subprocess.Process | None = None
    starts: int = 0

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.cwd, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.starts += 1

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> bytes:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(self.process.communicate(), timeout=30)
        return stderr


async def seed(database: Path) -> list[int]:
    """The office before the bot starts: a unit, four people, three berkala items."""
    db = await open_database(database)
    users, units, items = UserRepository(db), UnitRepository(db), ItemRepository(db)
    async with db.transaction() as conn:
        unit = await units.add(conn, "Dinas Sosial")
        for telegram_id, name, role in (
            (ADMIN, "Rina", "admin"), (OPERATOR, "Oki", "operator"), (PELAKSANA, "Putri", "pelaksana"), (UTAMA, "Umar", "utama"),
        ):
            await users.upsert(conn, telegram_id=telegram_id, full_name=name, username=None)
            await users.grant_role(conn, telegram_id=telegram_id, role=role, unit_id=unit.id if role == "pelaksana" else None)  # type: ignore[arg-type]
        ids = []
        for summary in ITEMS:
            item = await items.add(
                conn, summary=summary, unit_id=unit.id, responsible="Kabid", made_time_place="Pontianak",
                form="soft", retention="5 tahun", category="berkala", period="semester", legal_basis=None,
            )
            ids.append(item.id)
    await db.close()
    return ids


def read(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """A read-only look at the bot's database while it runs (WAL lets readers in)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


class Office:
    """Plays the people: does whatever each item's cycle needs next."""

    def __init__(self, fake: FakeTelegram, database: Path) -> None:
        self.fake = fake
        self.database = database
        # One file per item, built once: sending it again is the same file (a zip holds timestamps).
        self.drafts = {index: make_docx() for index in range(len(ITEMS))}
        self.people = {uid: fake.user(uid, name) for uid, name in ((ADMIN, "Rina"), (OPERATOR, "Oki"), (PELAKSANA, "Putri"), (UTAMA, "Umar"))}

    def press(self, uid: int, data: str) -> None:
        someone: SimUser = self.people[uid]
        if someone.last_message() is None:
            someone.send_command("/start")  # a message to press on arrives once the bot answers
            return
        someone.press(someone.last_message(), data)

    def next_action(self, item_id: int, index: int) -> bool:
        """Do the next thing for the item; False when its cycle is published."""
        rows = read(self.database, "SELECT id, current_step, state FROM update_cycles WHERE item_id = ?", item_id)
        if not rows:
            self.press(ADMIN, f"cyc:open:{item_id}")
            return True
        cycle_id, step, state = rows[-1]
        if state == "published":
            return False
        submitted = read(self.database, "SELECT COUNT(*) FROM step_events WHERE cycle_id = ? AND action = 'draft_submitted'", cycle_id)[0][0]
        if step == 2:
            self.press(OPERATOR, f"co:gen:{cycle_id}")
            self.press(OPERATOR, f"co:yes:{cycle_id}")  # "Ya, kirim" under the letter's preview
        elif step == 3:
            files = read(self.database, "SELECT COUNT(*) FROM documents WHERE cycle_id = ? AND kind = 'draft'", cycle_id)[0][0]
            if files == 0:
                self.press(PELAKSANA, f"dr:up:{cycle_id}")
                self.people[PELAKSANA].send_document(self.drafts[index], f"draf_{index}.docx")
            else:
                self.press(PELAKSANA, f"dr:done:{cycle_id}")
        elif step == 4:
            self.press(UTAMA, f"rv:ok:{cycle_id}:{submitted}")
        elif step == 5:
            self.press(OPERATOR, f"pb:co:{cycle_id}")
        elif step == 7:
            operator = self.people[OPERATOR]
            last = operator.last_text() or ""
            if "terhenti sebelum tercatat" in last:
                posted = any(ITEMS[index] in (post.get("caption") or "") for post in self.fake.messages(CHANNEL))
                self.press(OPERATOR, f"pb:ok:{cycle_id}" if posted else f"pb:re:{cycle_id}")
            else:
                self.press(OPERATOR, f"pb:go:{cycle_id}")  # the preview first: "Ya, kirim" posts only what it showed
                self.press(OPERATOR, f"pb:yes:{cycle_id}:{submitted}")  # "Ya, kirim" under the preview
        return True


async def drive(office: Office, item_ids: list[int]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WORKLOAD_TIMEOUT
    pending = dict(enumerate(item_ids))
    while pending:
        if loop.time() > deadline:
            raise TimeoutError(f"workload not finished: {pending}")
        for index, item_id in list(pending.items()):
            if not office.next_action(item_id, index):
                del pending[index]
        await asyncio.sleep(0.25)


async def killer(bot: Bot, rng: random.Random, done: asyncio.Event) -> int:
    kills = 0
    while kills < KILLS and not done.is_set():
        await asyncio.sleep(rng.uniform(0.3, 1.0))
        if done.is_set():
            break
        await bot.kill()
        kills += 1
        await bot.start()
    return kills


@pytest.mark.timeout(240)
async def test_sigkill_at_random_moments_loses_and_doubles_nothing(tmp_path: Path) -> None:
    database = tmp_path / "data" / "ppid.sqlite3"
    item_ids = await seed(database)
    fake = FakeTelegram(limits=RateLimits.disabled())
    fake.channel(CHANNEL, "Informasi Publik", username="ppid_test")
    office = Office(fake, database)
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261128")))
    async with SandboxHTTPServer(fake) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_", "FILES_"))}
        env.update(
            PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=server.base_url,
            TELEGRAM_BASE_FILE_URL=server.base_file_url, ADMIN_IDS=str(ADMIN), PUBLIC_CHANNEL=str(CHANNEL),
            LOG_LEVEL="warning",
        )
        bot = Bot(env, tmp_path)
        await bot.start()
        done = asyncio.Event()
        kills_task = asyncio.create_task(killer(bot, rng, done))
        try:
            await drive(office, item_ids)
        finally:
            done.set()
            kills = await kills_task
        # Everybody can still reach their tasks after all the restarts.
        for someone in office.people.values():
            someone.send_command("/tugas")
        await fake.wait_for(lambda: all((p.last_text() or "").startswith(("Tidak ada tugas", "Tugas Bapak/Ibu")) for p in office.people.values()), timeout=30)
        stderr = await bot.stop()
    assert kills == KILLS and bot.starts == KILLS + 1
    assert b"Traceback" not in stderr, stderr.decode()[-2000:]

    # Every cycle published exactly once, one channel post each, nothing doubled.
    publications = read(database, "SELECT cycle_id, COUNT(*) FROM publications GROUP BY cycle_id")
    assert len(publications) == len(ITEMS) and all(count == 1 for _, count in publications)
    posts = [message for message in fake.messages(CHANNEL) if "document" in message]
    for summary in ITEMS:
        assert sum(summary in (post.get("caption") or "") for post in posts) == 1, summary
    assert read(database, "SELECT COUNT(*) FROM update_cycles WHERE state <> 'published'")[0][0] == 0
    assert read(database, "SELECT COUNT(*) FROM reviews WHERE decision = 'approved'")[0][0] == len(ITEMS)
    assert read(database, "SELECT COUNT(*) FROM update_cycles")[0][0] == len(ITEMS)

    # Every upload the bot acknowledged is stored exactly once, and its bytes match its sha256.
    acknowledged = [text.split(": ", 1)[1].split(" (", 1)[0] for text in office.people[PELAKSANA].texts() if text.startswith("✅ Diterima: ")]
    stored = [row[0] for row in read(database, "SELECT original_name FROM documents WHERE kind = 'draft'")]
    assert set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored)), read(database, "SELECT cycle_id, version, original_name, sha256 FROM documents WHERE kind = 'draft'")
    store = FileStore(tmp_path / "data" / "files")
    for (sha256,) in read(database, "SELECT sha256 FROM documents"):
        assert await store.verify(str(sha256))

    db = await open_database(database)
    try:
        check = await AuditLog(key=read_key(tmp_path / "audit.key")).verify(db)  # beside .env, the default
    finally:
        await db.close()
    assert check.ok, check
