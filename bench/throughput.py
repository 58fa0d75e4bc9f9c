"""Workflow throughput: 200 simulated staff run the SOP by chat; a bare echo bot gives the floor.

The office of `bench.dataset` (2 admins, 4 operators, 2 PPID Utama, 4 PPID Pelaksana in each of 48
units) runs whole update cycles through the real handlers, unit after unit, phase by phase:

1. an admin searches the register (`/informasi <kata>`), opens the item's card and presses
   "Buka siklus";
2. an operator looks at `/tugas`, then presses "Buat surat dari templat" on the task card the bot
   sent when the cycle opened (a PDF letter goes to the unit's 4 PPID Pelaksana);
3. each PPID Pelaksana presses "Terima" on the letter; one presses "Unggah draf", sends a small PDF
   and presses "Selesai" (both PPID Utama receive the file and the card);
4. a PPID Utama approves; in every fourth unit the draft is first returned with a typed reason and
   uploaded again as version 2;
5. an operator presses "Koordinasikan publikasi" and "Publikasikan sekarang" (the file goes to the
   public channel).

Between the phases everybody reads: `/tugas`, `/jadwal`, `/sop`, `/bantuan`, `/riwayat [id]`,
`/informasi`, or sends a text the bot does not expect. Each update is handed to
`application.process_update` on its own (no rate limiter, no concurrency: the bot's own cost), and
its latency is the time until that call returns, by which time every answer has been sent. The
updates per second are the updates divided by the sum of those times; building the users' side of
the chat (finding the button to press) is not counted.

The echo bot (a bare PTB application: it answers every message with its text and every button
press with `answerCallbackQuery`) gets the same stream of updates on the same sandbox: the floor.
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bench.dataset import (
    ADMIN_IDS,
    OPERATOR_IDS,
    UNITS,
    UTAMA_IDS,
    item_summary,
    iter_free_items,
    pdf_bytes,
    pelaksana_ids,
    staff_ids,
)
from bench.office import build_bot, make_fake
from bot.sandbox import ApiCall, FakeTelegram, SimUser
from bot.sandbox.driving import deliver
from bot.sandbox.keyboards import inline_buttons

READS = ("/tugas", "/jadwal", "/sop", "/bantuan", "/riwayat", "/riwayat {item}", "/informasi", "text")


@dataclasses.dataclass(frozen=True)
class Action:
    """One update sent by a person: a text, a command, a document or a button press."""

    person: int
    kind: str  # "text" | "command" | "document" | "press"
    value: str
    data: bytes = b""
    # What the bot did with it (`bench.floor` replays it): the update as the bot got it, the Bot API
    # calls it made for it and the files it downloaded, in order.
    update: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    calls: tuple[ApiCall, ...] = dataclasses.field(default=(), compare=False, repr=False)
    downloads: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)


@dataclasses.dataclass
class Throughput:
    """Result of driving one bot with a stream of updates."""

    name: str
    latencies_ms: list[float]
    wall_seconds: float = 0.0
    bot_calls: int = 0
    refusals: int = 0
    cycles_published: int = 0
    kinds: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def updates(self) -> int:
        return len(self.latencies_ms)

    @property
    def busy_seconds(self) -> float:
        return sum(self.latencies_ms) / 1000

    @property
    def per_second(self) -> float:
        return self.updates / self.busy_seconds if self.busy_seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies_ms) if self.latencies_ms else 0.0


def by_kind(actions: list[Action], latencies_ms: list[float]) -> dict[str, dict[str, float]]:
    """Count, mean and total milliseconds per kind of update (a command, a button's prefix...)."""
    groups: dict[str, list[float]] = {}
    for action, latency in zip(actions, latencies_ms, strict=True):
        if action.kind == "press":
            key = "press " + ":".join(part for part in action.value.split(":") if not part.isdigit())
        elif action.kind == "command":
            key = action.value.split()[0]
        else:
            key = action.kind
        groups.setdefault(key, []).append(latency)
    return {
        key: {"count": len(values), "mean_ms": statistics.fmean(values), "total_ms": sum(values)}
        for key, values in sorted(groups.items(), key=lambda kv: -sum(kv[1]))
    }


class ScenarioError(RuntimeError):
    """The scenario could not go on (the bot did not offer the button it should have)."""


class Driver:
    """Sends one update at a time as a person and times the application on it."""

    def __init__(self, fake: FakeTelegram, app: Application[Any, Any, Any, Any, Any, Any], name: str) -> None:
        self.fake = fake
        self.app = app
        self.result = Throughput(name, [])
        self.actions: list[Action] = []
        self.users: dict[int, SimUser] = {}

    def user(self, telegram_id: int) -> SimUser:
        person = self.users.get(telegram_id)
        if person is None:
            person = self.users[telegram_id] = self.fake.user(telegram_id, f"Staf {telegram_id}")
        return person

    async def _process(self, action: Action) -> None:
        calls_before, downloads_before = len(self.fake.calls), len(self.fake.downloads)
        started = time.perf_counter()
        processed = await deliver(self.app, self.fake)
        elapsed = time.perf_counter() - started
        if len(processed) != 1:  # pragma: no cover - a driver bug
            raise ScenarioError(f"expected one update, processed {len(processed)}")
        if len(self.fake.calls) == calls_before:
            raise ScenarioError(f"{action} got no answer")
        self.result.latencies_ms.append(elapsed * 1000)
        self.result.kinds[action.kind] = self.result.kinds.get(action.kind, 0) + 1
        self.actions.append(dataclasses.replace(
            action, update=processed[0], calls=tuple(self.fake.calls[calls_before:]),
            downloads=tuple(self.fake.downloads[downloads_before:]),
        ))

    async def command(self, telegram_id: int, text: str) -> None:
        name, *args = text.split()
        self.user(telegram_id).send_command(name, *args)
        await self._process(Action(telegram_id, "command", text))

    async def text(self, telegram_id: int, text: str) -> None:
        self.user(telegram_id).send_text(text)
        await self._process(Action(telegram_id, "text", text))

    async def document(self, telegram_id: int, data: bytes, name: str) -> None:
        self.user(telegram_id).send_document(data, name, "application/pdf")
        await self._process(Action(telegram_id, "document", name, data))

    async def press(self, telegram_id: int, data: str, *, prefix: bool = False) -> str:
        """Press the newest button whose callback data is `data` (or starts with it); returns the data."""
        person = self.user(telegram_id)
        for message in reversed(person.messages()):
            for button in inline_buttons(message.get("reply_markup")):
                found = button.get("callback_data")
                if found is not None and (found.startswith(data) if prefix else found == data):
                    person.press(message, found, require_button=True)
                    await self._process(Action(telegram_id, "press", found))
                    return str(found)
        texts = [m.get("text", m.get("caption", ""))[:80] for m in person.messages()[-3:]]
        raise ScenarioError(f"{telegram_id} has no button {data!r}{'*' if prefix else ''}; last messages: {texts}")


@dataclasses.dataclass
class CyclePlan:
    unit_id: int
    item_id: int
    returned: bool
    cycle_id: int = 0


async def _cycle_id(app: Any, item_id: int) -> int:
    value = await app.services.db.fetch_value(
        "SELECT id FROM update_cycles WHERE item_id = ? AND state = 'open'", (item_id,)
    )
    if value is None:
        raise ScenarioError(f"no open cycle for item {item_id}")
    return int(value)


def _next_item(items: Iterator[int], unit_id: int) -> int:
    try:
        return next(items)
    except StopIteration:
        raise ScenarioError(f"unit {unit_id} has no item left for a new cycle: make the register bigger") from None


async def _reads(driver: Driver, people: list[int], wave: int, items_seen: list[int]) -> None:
    for index, telegram_id in enumerate(people):
        read = READS[(index + wave) % len(READS)]
        if read == "text":
            await driver.text(telegram_id, "halo, mau tanya jadwal")
        elif "{item}" in read:
            await driver.command(telegram_id, read.format(item=items_seen[(index + wave) % len(items_seen)]))
        else:
            await driver.command(telegram_id, read)


async def run_rounds(driver: Driver, total_items: int, units: int, rounds: int, readers: list[int]) -> int:
    """Run `rounds` cycles in each of the first `units` units; returns the cycles published."""
    rows = await driver.app.services.db.fetch_all("SELECT item_id FROM update_cycles")  # type: ignore[attr-defined]
    used = {int(row[0]) for row in rows}
    free = {u: iter_free_items(total_items, u, used) for u in range(1, units + 1)}
    published = 0
    wave = 0
    slices = 6
    for round_no in range(rounds):
        plans = [CyclePlan(u, _next_item(free[u], u), returned=(u + round_no) % 4 == 0) for u in range(1, units + 1)]
        seen = [plan.item_id for plan in plans]

        async def reads(seen: list[int] = seen) -> None:
            nonlocal wave
            wave += 1
            share = readers[(wave % slices)::slices]
            await _reads(driver, share, wave, seen)

        for plan in plans:  # 1. the admin opens the cycle from the item's card
            admin = ADMIN_IDS[plan.unit_id % len(ADMIN_IDS)]
            await driver.command(admin, f"/informasi {item_summary(plan.item_id)[-12:]}")
            await driver.press(admin, f"dip:v:{plan.item_id}")
            await driver.press(admin, f"cyc:open:{plan.item_id}")
            plan.cycle_id = await _cycle_id(driver.app, plan.item_id)
        await reads()
        for plan in plans:  # 2. an operator sends the coordination letter made from the template
            operator = OPERATOR_IDS[plan.unit_id % len(OPERATOR_IDS)]
            await driver.command(operator, "/tugas")
            await driver.press(operator, f"co:gen:{plan.cycle_id}")
            await driver.press(operator, f"co:yes:{plan.cycle_id}")  # "Ya, kirim" under the letter's preview
        await reads()
        for plan in plans:  # 3. the unit acknowledges; one PPID Pelaksana uploads the draft
            team = pelaksana_ids(plan.unit_id)
            for telegram_id in team:
                await driver.press(telegram_id, "co:ack:", prefix=True)
            await _upload(driver, team[0], plan, version=1)
        await reads()
        for plan in plans:  # 4. PPID Utama decides (every fourth unit: returned once with a reason)
            utama = UTAMA_IDS[plan.unit_id % len(UTAMA_IDS)]
            version = 1
            if plan.returned:
                await driver.press(utama, f"rv:ret:{plan.cycle_id}:1")
                await driver.text(utama, f"Lampiran tabel anggaran unit {plan.unit_id} belum ada")
                await _upload(driver, pelaksana_ids(plan.unit_id)[1], plan, version=2)
                version = 2
            await driver.press(utama, f"rv:ok:{plan.cycle_id}:{version}")
        await reads()
        for plan in plans:  # 5-7. the operator coordinates and publishes
            operator = OPERATOR_IDS[(plan.unit_id + 1) % len(OPERATOR_IDS)]
            await driver.press(operator, f"pb:co:{plan.cycle_id}")
            await driver.press(operator, f"pb:go:{plan.cycle_id}")
            await driver.press(operator, f"pb:yes:{plan.cycle_id}:", prefix=True)  # under the preview
        await reads()
        for plan in plans:
            state = await driver.app.services.db.fetch_value(  # type: ignore[attr-defined]
                "SELECT state FROM update_cycles WHERE id = ?", (plan.cycle_id,)
            )
            if state != "published":
                raise ScenarioError(f"cycle {plan.cycle_id} ended {state!r}, not published")
            published += 1
        await reads()
    return published


async def _upload(driver: Driver, telegram_id: int, plan: CyclePlan, *, version: int) -> None:
    await driver.press(telegram_id, f"dr:up:{plan.cycle_id}")
    await driver.document(telegram_id, pdf_bytes(f"cycle {plan.cycle_id} v{version}", 24 * 1024), f"draf_{plan.item_id}_v{version}.pdf")
    await driver.press(telegram_id, f"dr:done:{plan.cycle_id}")


def _refusals(fake: FakeTelegram) -> int:
    return sum(1 for call in fake.calls_to("answerCallbackQuery") if call.params.get("show_alert"))


async def ppid_workflow(db_path: Path, files_dir: Path, total_items: int, units: int = UNITS, rounds: int = 2) -> tuple[Throughput, list[Action]]:
    """The PPID bot on the office database: whole cycles in `units` units, `rounds` times."""
    fake = make_fake()
    app = build_bot(db_path, files_dir, fake)
    people = staff_ids()
    readers = [*ADMIN_IDS, *OPERATOR_IDS, *UTAMA_IDS]
    for unit_id in range(1, units + 1):
        readers += pelaksana_ids(unit_id)
    async with app:
        assert app.post_init is not None
        await app.post_init(app)  # as run_polling does in production, before the first update
        driver = Driver(fake, app, "PPID bot")
        for telegram_id in people:
            driver.user(telegram_id)
        calls_before = len(fake.bot_calls())
        started = time.perf_counter()
        driver.result.cycles_published = await run_rounds(driver, total_items, units, rounds, readers)
        driver.result.wall_seconds = time.perf_counter() - started
        driver.result.bot_calls = len(fake.bot_calls()) - calls_before
        driver.result.refusals = _refusals(fake)
    return driver.result, driver.actions


async def echo_floor(actions: list[Action]) -> Throughput:
    """A bare PTB echo bot on the same sandbox, given the same stream of updates."""
    fake = make_fake()
    app = fake.application_builder().build()

    async def echo(update: Update, _: Any) -> None:
        message = update.effective_message
        assert message is not None
        await message.reply_text(message.text or message.caption or "diterima")

    async def answer(update: Update, _: Any) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()

    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        driver = Driver(fake, app, "echo bot (floor)")
        started = time.perf_counter()
        for action in actions:
            person = driver.user(action.person)
            if action.kind == "command":
                name, *args = action.value.split()
                person.send_command(name, *args)
            elif action.kind == "text":
                person.send_text(action.value)
            elif action.kind == "document":
                person.send_document(action.data, action.value, "application/pdf")
            else:
                last = person.last_message()
                if last is None:  # the PPID bot wrote first (a notification): so does the echo bot
                    await app.bot.send_message(action.person, "menu")
                    last = person.last_message()
                assert last is not None
                person.press(last, action.value)
            await driver._process(action)
        driver.result.wall_seconds = time.perf_counter() - started
        driver.result.bot_calls = len(fake.bot_calls())
    return driver.result


def run_pair(
    db_path: Path, files_dir: Path, total_items: int, units: int, rounds: int
) -> tuple[Throughput, Throughput, list[Action]]:
    """The PPID bot, then the echo bot on the same stream (which is returned too)."""
    bot, actions = asyncio.run(ppid_workflow(db_path, files_dir, total_items, units, rounds))
    floor = asyncio.run(echo_floor(actions))
    return bot, floor, actions
