"""The public web site on a large register: the reads behind its pages, and its pages over a socket.

`publish_register(db, files)` turns a generated office (`bench.dataset`, one published cycle per
10 items) into a register that is mostly on the public record, straight in SQL as the dataset is
made: every active item that is not dikecualikan gets a published cycle (a draft, its
`draft_submitted` and `published` events, the publication, its `public_files` token, a data file
posted with it for one item in three, the eight elements of the announcement for serta merta),
except one item in ten, which stays unpublished; one item in four has a second, older
publication; one item in a hundred has its only publication withdrawn, and another its newer one. The dates run over the 500
days before `NOW`, so the year filter has two years to offer.

Then, on the bot's real services (clock at `NOW`):

- `measure_reads`: each read behind a page (`bot.public_site.dip` on its first, a middle and a
  filtered page, `units_with_items`, `years`, `item_view`, `latest`, `current_serta_merta`,
  `exempt`) timed in process: the median and the slowest of a few runs after one warm-up;
- `measure_http`: the site served by uvicorn (`web.server.SiteServer` on port 0, in this process's
  event loop, as in the bot) and loaded from a second process (`python -m bench.web load`) over
  keep-alive connections: a static file of the same app (`/static/style.css`, the framework's
  floor), Beranda, the DIP's first page, and item pages (a different item each request). Each
  target gives requests per second and latency percentiles; the pages are also given as a share
  of the static file's rate.

The load generator is a minimal HTTP/1.1 client over asyncio streams (pure Python, nothing to
install): httpx spends about as much CPU per request as the server does for a static file, so on
a small machine it would measure itself instead of the server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.dataset import CHANNEL_ID, NOW, OPERATOR_IDS, UNITS, _ts, pelaksana_ids

ROOT = Path(__file__).resolve().parent.parent

ANNOUNCEMENT = {
    "danger": "Banjir setinggi 1 meter di tiga kelurahan",
    "affected": "Warga di bantaran sungai",
    "evacuation": "Menuju Gedung Serbaguna Kecamatan",
    "avoidance": "Menjauhi aliran sungai dan mematikan listrik",
    "help": "Posko BPBD, telepon 112",
    "announcer": "PPID Utama",
    "emergency_channel": "Pengeras suara masjid dan kanal resmi",
    "authority_action": "BPBD menyiapkan perahu karet dan dapur umum",
}


@dataclasses.dataclass(frozen=True)
class PublishedRegister:
    """What `publish_register` left on the public record."""

    items: int
    visible_items: int  # active, not dikecualikan, with a publication not withdrawn
    publications: int
    withdrawn: int
    public_files: int
    exempt_items: int
    sample_items: tuple[int, ...]  # visible items for the item pages (a spread over the register)
    serta_merta_item: int | None
    seconds: float


def publish_register(db_path: Path) -> PublishedRegister:
    """Put most of the generated office's register on the public record (see the module's docstring)."""
    started = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        _publish(conn)
        conn.execute("COMMIT")  # no ANALYZE: the bot never runs one, so its planner has no statistics
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - a generator bug
            raise RuntimeError(f"published rows break foreign keys: {problems[:3]}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count = lambda sql: int(conn.execute(sql).fetchone()[0])  # noqa: E731
        visible = (
            " FROM info_items AS i WHERE i.status = 'active' AND i.category <> 'dikecualikan' AND EXISTS"
            " (SELECT 1 FROM publications AS p WHERE p.item_id = i.id AND p.withdrawn_at IS NULL)"
        )
        ids = [int(row[0]) for row in conn.execute(f"SELECT i.id{visible} ORDER BY i.id")]
        step = max(1, len(ids) // 64)
        serta_merta = conn.execute(
            f"SELECT i.id{visible} AND i.category = 'serta_merta' ORDER BY i.id DESC LIMIT 1"
        ).fetchone()
        return PublishedRegister(
            items=count("SELECT COUNT(*) FROM info_items"),
            visible_items=len(ids),
            publications=count("SELECT COUNT(*) FROM publications"),
            withdrawn=count("SELECT COUNT(*) FROM publications WHERE withdrawn_at IS NOT NULL"),
            public_files=count("SELECT COUNT(*) FROM public_files"),
            exempt_items=count("SELECT COUNT(*) FROM info_items WHERE status = 'active' AND category = 'dikecualikan'"),
            sample_items=tuple(ids[::step][:64]),
            serta_merta_item=None if serta_merta is None else int(serta_merta[0]),
            seconds=time.perf_counter() - started,
        )
    finally:
        conn.close()


def _token(number: int) -> str:
    """A public file token (32 hex digits), unique per row and as opaque as any to the site."""
    return os.urandom(12).hex() + f"{number:08x}"


def _publish(conn: sqlite3.Connection) -> None:
    sha256, size, stored_path = conn.execute(
        "SELECT sha256, size, stored_path FROM documents WHERE kind = 'draft' ORDER BY id LIMIT 1"
    ).fetchone() or conn.execute("SELECT '', 0, ''").fetchone()
    taken = {int(row[0]) for row in conn.execute("SELECT DISTINCT item_id FROM update_cycles")}
    items = conn.execute("SELECT id, category, status FROM info_items ORDER BY id").fetchall()
    cycle_id = int(conn.execute("SELECT IFNULL(MAX(id), 0) FROM update_cycles").fetchone()[0])
    event_id = int(conn.execute("SELECT IFNULL(MAX(id), 0) FROM step_events").fetchone()[0])
    document_id = int(conn.execute("SELECT IFNULL(MAX(id), 0) FROM documents").fetchone()[0])
    publication_id = int(conn.execute("SELECT IFNULL(MAX(id), 0) FROM publications").fetchone()[0])
    message_id = 10 * publication_id + 1_000_000
    # The dataset's own published cycles: the draft they posted gets its token too.
    files = [
        (_token(n), int(row[0]), int(row[1]))
        for n, row in enumerate(conn.execute(
            "SELECT p.id, d.id FROM publications AS p JOIN documents AS d ON d.cycle_id = p.cycle_id"
            " WHERE d.kind = 'draft' AND NOT EXISTS (SELECT 1 FROM public_files AS f WHERE f.publication_id = p.id)"
        ).fetchall())
    ]
    cycles, events, documents, publications = [], [], [], []
    latest: dict[int, str] = {}
    day = timedelta(days=1)
    for item_id, category, status in items:
        if status != "active" or category == "dikecualikan" or item_id in taken or item_id % 10 == 5:
            continue
        kind = "serta_merta" if category == "serta_merta" else "berkala"  # the cycle kinds there are
        unit_id = (item_id - 1) % UNITS + 1
        author, operator = pelaksana_ids(unit_id)[0], OPERATOR_IDS[item_id % len(OPERATOR_IDS)]
        newest = NOW - day * (1 + item_id % 500) - timedelta(hours=item_id % 7)
        times = [newest - day * 90, newest] if item_id % 4 == 1 else [newest]
        for number, published_at in enumerate(times, start=1):
            cycle_id += 1
            document_id += 1
            publication_id += 1
            message_id += 2
            opened = published_at - day * 3
            cycles.append(
                (cycle_id, item_id, kind, 7, "published", operator, _ts(opened), _ts(published_at),
                 _ts(published_at + day), _ts(published_at))
            )
            draft = document_id
            documents.append(
                (draft, cycle_id, "draft", 1, sha256, size, "pdf", f"informasi_{item_id}_{number}.pdf", stored_path,
                 author, _ts(opened + day), None)
            )
            files.append((_token(len(files)), publication_id, draft))
            if item_id % 3 == 0:
                document_id += 1
                documents.append(
                    (document_id, cycle_id, "data_file", 1, sha256, size, "pdf", f"data_{item_id}_{number}.pdf",
                     stored_path, author, _ts(opened + day * 2), message_id + 1)
                )
                files.append((_token(len(files)), publication_id, document_id))
            note: dict[str, Any] = {"version": 1, "files": [draft]}
            if kind == "serta_merta":
                note["announcement"] = ANNOUNCEMENT
            event_id += 2
            events.append((event_id - 1, cycle_id, 3, "draft_submitted", author, _ts(opened + day), "Kelengkapan",
                           "Output", json.dumps(note, ensure_ascii=False), 1))
            events.append((event_id, cycle_id, 7, "published", operator, _ts(published_at), "Kelengkapan", "Output",
                           None, 1))
            # One item in a hundred has its only publication withdrawn (it leaves the public record);
            # another has only its newer one withdrawn (it stays, with the older one as its latest).
            withdrawn = item_id % 100 == 7 or (item_id % 100 == 21 and number == 2)
            publications.append(
                (publication_id, cycle_id, item_id, CHANNEL_ID, message_id, operator, _ts(published_at),
                 _ts(published_at + day) if withdrawn else None, operator if withdrawn else None,
                 "Salah unggah berkas" if withdrawn else None)
            )
            if not withdrawn:
                latest[item_id] = _ts(published_at)
    conn.executemany(
        "INSERT INTO update_cycles (id, item_id, kind, current_step, state, opened_by, opened_at, step_started_at,"
        " step_deadline_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cycles,
    )
    conn.executemany(
        "INSERT INTO documents (id, cycle_id, kind, version, sha256, size, detected_type, original_name, stored_path,"
        " uploaded_by, uploaded_at, channel_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        documents,
    )
    conn.executemany(
        "INSERT INTO step_events (id, cycle_id, step_no, action, actor_id, at, kelengkapan, output, note, on_time)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    conn.executemany(
        "INSERT INTO publications (id, cycle_id, item_id, channel_chat_id, channel_message_id, published_by,"
        " published_at, withdrawn_at, withdrawn_by, withdrawal_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        publications,
    )
    conn.executemany("INSERT INTO public_files (token, publication_id, document_id) VALUES (?, ?, ?)", files)
    conn.executemany(
        "UPDATE info_items SET last_published_at = ? WHERE id = ?", [(at, item_id) for item_id, at in latest.items()]
    )


# -- the reads behind the pages, in process ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Timing:
    """One read's runs (ms) after its warm-up."""

    name: str
    runs_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def worst_ms(self) -> float:
        return max(self.runs_ms)


async def _time(name: str, read: Callable[[], Awaitable[Any]], runs: int) -> Timing:
    await read()  # the warm-up: the pages of the database the read needs are in the cache after it
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        await read()
        measured.append((time.perf_counter() - started) * 1000)
    return Timing(name, tuple(measured))


async def measure_reads(services: Any, register: PublishedRegister, runs: int = 9) -> list[Timing]:
    """Time every read behind the site's pages on `services` (the bot's, on the published register).

    The DIP's reads run on a repository of their own each time, so each counts its list as after
    any change to the database (the worst case: `dip_count` keeps a count while nothing changes);
    "dip, page 1, count kept" is the same page asked again with nothing changed, as a reader mostly
    finds it.
    """
    from bot import public_site
    from bot.public_site import DIP_PAGE_SIZE, DipQuery
    from storage.public_site import DipFilter, PublicSiteRepository

    def counting() -> Any:
        return dataclasses.replace(services, public_site=PublicSiteRepository(services.db))

    first = await public_site.dip(services, DipQuery(), 1)
    middle = max(1, first.position.count // 2)
    years = first.years or (NOW.year,)
    year = years[-1]  # the older year: its items are the ones found later in the register's order
    unit = first.units[len(first.units) // 2][0] if first.units else 1
    item = register.sample_items[len(register.sample_items) // 2] if register.sample_items else 1
    serta_merta = register.serta_merta_item or item
    site = services.public_site
    checks: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("dip, page 1", lambda: public_site.dip(counting(), DipQuery(), 1)),
        ("dip, page 1, count kept", lambda: public_site.dip(services, DipQuery(), 1)),
        (f"dip, page {middle} (middle)", lambda: public_site.dip(counting(), DipQuery(), middle)),
        ("dip, past the last page", lambda: public_site.dip(counting(), DipQuery(), first.position.count + 5)),
        ("dip, category setiap_saat", lambda: public_site.dip(counting(), DipQuery(category="setiap_saat"), 1)),
        (f"dip, unit {unit}", lambda: public_site.dip(counting(), DipQuery(unit_id=unit), 1)),
        (f"dip, year {year}", lambda: public_site.dip(counting(), DipQuery(year=year), 1)),
        (f"dip, year {year}, middle page", lambda: public_site.dip(counting(), DipQuery(year=year), middle // 2)),
        (f"dip, berkala + unit {unit} + year {year}",
         lambda: public_site.dip(counting(), DipQuery(category="berkala", unit_id=unit, year=year), 1)),
        ("dip_count alone", lambda: counting().public_site.dip_count(DipFilter())),
        ("dip_rows alone, page 1", lambda: site.dip_rows(DipFilter(), limit=DIP_PAGE_SIZE, offset=0)),
        ("units_with_items", site.units_with_items),
        ("years", lambda: public_site.years(services)),
        (f"item_view {item}", lambda: public_site.item_view(services, item)),
        (f"item_view {serta_merta} (serta merta)", lambda: public_site.item_view(services, serta_merta)),
        ("latest", lambda: public_site.latest(services)),
        ("current_serta_merta", lambda: public_site.current_serta_merta(services)),
        ("exempt, page 1", lambda: public_site.exempt(services, 1)),
    ]
    return [await _time(name, read, runs) for name, read in checks]


async def _with_bot(db_path: Path, files_dir: Path, work: Callable[[Any], Awaitable[Any]]) -> Any:
    from bench.office import build_bot, make_fake

    app = build_bot(db_path, files_dir, make_fake(staff=False))
    await app.initialize()
    try:
        return await work(app.services)
    finally:
        await app.shutdown()


def run_reads(db_path: Path, files_dir: Path, register: PublishedRegister, runs: int = 9) -> list[Timing]:
    return asyncio.run(_with_bot(db_path, files_dir, lambda services: measure_reads(services, register, runs)))



# -- the pages over a socket: uvicorn in this process, the load from a second one ----------------


@dataclasses.dataclass(frozen=True)
class Target:
    """What the load generator asks for: `paths` in turn, over `connections` keep-alive connections."""

    name: str
    paths: tuple[str, ...]
    connections: int
    seconds: float


@dataclasses.dataclass(frozen=True)
class Load:
    """One target's answers: how many, their statuses and latencies (ms), over how long."""

    name: str
    connections: int
    requests: int
    wall_s: float
    statuses: dict[str, int]
    latencies_ms: tuple[float, ...]
    bytes: int

    @property
    def per_second(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    @property
    def ok(self) -> bool:
        """Every answer a 200 (a page that is not there yet, 404, is no measurement of it)."""
        return self.requests > 0 and set(self.statuses) == {"200"}

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> tuple[int, int, bool]:
    """One GET on a keep-alive connection: (status, body bytes, whether the server keeps it open)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: ppid-bench\r\nAccept: */*\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    size = 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    return status, size, headers.get("connection", "").lower() != "close"


async def _load(host: str, port: int, target: Target, warm_up: int = 1) -> Load:
    """Ask for `target`'s paths for `target.seconds`, each connection one request after another."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    sizes = [0]
    turn = [0]
    warmed = [0]  # connections that have had their warm-up answers
    deadline = [0.0]

    def next_path() -> str:
        turn[0] += 1
        return target.paths[turn[0] % len(target.paths)]

    async def connection(ready: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for _ in range(warm_up):
                await _exchange(reader, writer, host, next_path())
            warmed[0] += 1
            await ready.wait()
            while time.perf_counter() < deadline[0]:
                started = time.perf_counter()
                status, size, keep = await _exchange(reader, writer, host, next_path())
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                sizes[0] += size
                if not keep:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    ready = asyncio.Event()
    workers = [asyncio.create_task(connection(ready)) for _ in range(target.connections)]
    await asyncio.sleep(0)
    while warmed[0] < target.connections and not any(task.done() for task in workers):
        await asyncio.sleep(0.005)
    started = time.perf_counter()
    deadline[0] = started + target.seconds
    ready.set()
    await asyncio.gather(*workers)
    wall = time.perf_counter() - started
    return Load(target.name, target.connections, len(latencies), wall, statuses, tuple(latencies), sizes[0])


def _load_main(argv: Sequence[str]) -> None:
    """`python -m bench.web load HOST PORT TARGETS_JSON`: print `RESULT {json}` with every Load."""
    host, port, spec = argv[0], int(argv[1]), json.loads(argv[2])
    targets = [Target(t["name"], tuple(t["paths"]), int(t["connections"]), float(t["seconds"])) for t in spec]

    async def run_all() -> list[Load]:
        return [await _load(host, port, target) for target in targets]

    print("RESULT " + json.dumps([dataclasses.asdict(load) for load in asyncio.run(run_all())]), flush=True)


async def measure_http(services: Any, targets: Sequence[Target]) -> list[Load]:
    """Serve the site (uvicorn, port 0, this event loop) and load it from a second process."""
    from web.server import SiteServer

    server = SiteServer(services, "127.0.0.1", 0)
    await server.start()
    try:
        spec = json.dumps([dataclasses.asdict(target) for target in targets])
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.web", "load", server.host, str(server.port), spec,
            cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        out, _ = await process.communicate()
    finally:
        await server.stop()
    if process.returncode != 0:
        raise RuntimeError(f"the load generator failed ({process.returncode})")
    line = next(line for line in out.decode().splitlines() if line.startswith("RESULT "))
    return [
        Load(**{**value, "latencies_ms": tuple(value["latencies_ms"])})
        for value in json.loads(line.removeprefix("RESULT "))
    ]


def site_targets(register: PublishedRegister, seconds: float, connections: int) -> list[Target]:
    """The static file, Beranda, the DIP and item pages: each alone (one reader: its latency) and
    over `connections` connections at once (the rate the site sustains)."""
    items = tuple(f"/informasi/{item_id}/" for item_id in register.sample_items) or ("/informasi/1/",)
    pages = (
        ("static", ("/static/style.css",)),
        ("beranda", ("/",)),
        ("dip", ("/dip/",)),
        ("item", items),
    )
    return [
        Target(f"{name}@{count}", paths, count, seconds)
        for count in (1, connections)
        for name, paths in pages
    ]


@dataclasses.dataclass(frozen=True)
class WebResult:
    """The web benchmark: the register, its reads and its pages."""

    register: PublishedRegister
    reads: list[Timing]
    loads: list[Load]

    def load(self, name: str, connections: int) -> Load:
        return next(load for load in self.loads if load.name == f"{name}@{connections}")


def run_web(db_path: Path, files_dir: Path, *, seconds: float, connections: int, read_runs: int = 9) -> WebResult:
    """Publish most of the register at `db_path`, then time its reads and load its pages."""
    register = publish_register(db_path)

    async def work(services: Any) -> WebResult:
        reads = await measure_reads(services, register, read_runs)
        loads = await measure_http(services, site_targets(register, seconds, connections))
        return WebResult(register, reads, loads)

    return asyncio.run(_with_bot(db_path, files_dir, work))


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        _load_main(sys.argv[2:])
    else:  # python -m bench.web [ITEMS]: the reads and pages alone, for working on them
        import tempfile

        from bench.dataset import make_workspace

        items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
        with tempfile.TemporaryDirectory(prefix="ppid-bench-web-") as folder:
            workspace = make_workspace(Path(folder) / "office", items)
            db, files = workspace.copy_to(Path(folder) / "run")
            result = run_web(db, files, seconds=2.0, connections=8)
            for timing in result.reads:
                print(f"{timing.name:<45} median {timing.median_ms:8.2f} ms  worst {timing.worst_ms:8.2f} ms")
            for load in result.loads:
                print(
                    f"{load.name:<12} {load.per_second:8.1f} req/s  p50 {load.percentile(0.5):7.2f} ms"
                    f"  p95 {load.percentile(0.95):7.2f} ms  {load.statuses}"
                )
