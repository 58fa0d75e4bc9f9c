"""`/dip`: the register of public information (DIP) as an XLSX workbook and a CSV file.

The columns are the regulation's (summary of content, unit holding it, person responsible, time
and place made, form, retention period) plus category, period, the legal basis of an exemption,
status, last published, the link to the latest post in the public channel and the link to the
File Informasi Data posted with it (step 6). Every item is
listed, inactive and exempt (dikecualikan) ones too, since this is a staff export: the status and
category columns say what each one is. The public open data (`/dip.csv`, `/dip.json` of the
web site) has the same columns, made by the same `DipRowMaker` from the public rows only.

Who exports what: a PPID Pelaksana with no other role gets their own unit(s) only, everyone else
the whole register (`bot.register.visible_unit_ids`).

The workbook has a second sheet, "Informasi yang Dikecualikan": the Daftar Informasi yang
Dikecualikan of the export's units (`bot.exemption.exempt_register`, as in chat and on the web
site), each exempt item with its legal basis, the letters of Pasal 17, the part exempted, the
period and whether it has ended; nothing of any other item.

A register can hold 100,000 items, so the rows are streamed: the workbook and the CSV are written
in one pass in a worker thread (the bot keeps answering others meanwhile), which reads the
register page by page from the database (`storage.exports`) through the event loop and puts each
row into both files. Only one page of items is in memory at a time; the two files themselves are,
since they are sent from memory (about 3.5 s and 50 MiB at 100,000 items, `bench.export`). Each
export records one audit entry (who exported which units, how many items, which files).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from bot.exemption import ExemptEntry, exempt_register, ground_label, part_label
from bot.public_links import channel_post_link
from bot.register import (
    category_label,
    field_label,
    form_label,
    period_label,
    status_label,
    visible_unit_ids,
)
from bot.services import Services
from bot.spreadsheets import Cell, CsvWriter, Table, xlsx_bytes
from bot.staff import Person
from bot.telegram_limits import BOT_UPLOAD_MAX_BYTES
from bot.texts import raw
from storage.exports import DipRow, ExportRepository
from storage.items import CATEGORIES, FORMS, PERIODS, STATUSES, InfoItem
from storage.public_site import PublicItemRow

__all__ = [
    "FILE_LANGUAGE", "PAGE_SIZE", "DipExport", "DipRowMaker", "DipPlan", "ExportFile", "dip_headers", "exempt_cells",
    "exempt_headers", "export_dip", "plan_dip",
]

PAGE_SIZE = 2000  # items read from the database at a time
PAGE_WAIT_SECONDS = 60  # the writing thread gives up when a page does not come (the bot is stopping)
FILE_LANGUAGE = "id"  # the files are the office's record: Indonesian headers and labels


@dataclass(frozen=True)
class ExportFile:
    """One file to send: its name and bytes."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def too_large(self) -> bool:
        """Whether Telegram would refuse it (a bot sends documents of at most 50 MB)."""
        return self.size > BOT_UPLOAD_MAX_BYTES


@dataclass(frozen=True)
class DipPlan:
    """What an export of the person will hold: the units (None: all), their names, the items."""

    unit_ids: frozenset[int] | None
    unit_names: tuple[str, ...]
    count: int
    up_to: int  # the highest item id when the export began; later items are left out


@dataclass(frozen=True)
class DipExport:
    """The files of one export (XLSX first, then CSV) and what they hold."""

    plan: DipPlan
    made_at: datetime
    xlsx: ExportFile
    csv: ExportFile

    @property
    def files(self) -> tuple[ExportFile, ExportFile]:
        return (self.xlsx, self.csv)


def _plain(key: str, **values: object) -> str:
    """A text written into a file: plain text (never HTML-escaped), in the file's language."""
    return raw(key, FILE_LANGUAGE).format(**values)


async def plan_dip(services: Services, person: Person) -> DipPlan:
    """Which items an export by `person` holds (a PPID Pelaksana: their units' only)."""
    unit_ids = visible_unit_ids(person.roles, person.unit_ids)
    names: list[str] = []
    for unit_id in sorted(unit_ids or ()):
        unit = await services.units.get(unit_id)
        names.append(unit.name if unit else str(unit_id))
    count, up_to = await ExportRepository(services.db).dip_bounds(unit_ids)
    return DipPlan(unit_ids, tuple(names), count, up_to)


def dip_headers(zone: str) -> list[str]:
    """The header row of the register (Indonesian)."""
    return [
        _plain("rpt_col_no"),
        _plain("rpt_col_item_id"),
        *(
            field_label(name, FILE_LANGUAGE)
            for name in (
                "summary", "unit_id", "responsible", "made_time_place", "form", "retention",
                "category", "period", "legal_basis", "status",
            )
        ),
        _plain("rpt_col_zone", label=field_label("last_published_at", FILE_LANGUAGE), zone=zone),
        _plain("rpt_col_channel_link"),
        _plain("rpt_col_data_file_link"),
    ]


class DipRowMaker:
    """Turns register rows into the cells of `dip_headers`: labels looked up once, times in office
    time. The one definition of the DIP's columns, for the staff export and for the public open
    data (`web/pages/opendata.py`), which hands it the public rows (:meth:`public_cells`)."""

    def __init__(self, services: Services, *, keep_zone: bool = False) -> None:
        """`keep_zone`: times as aware office times (for JSON), else naive ones (XLSX, CSV)."""
        self._calendar = services.calendar
        self._channel = services.settings.public_channel
        self._keep_zone = keep_zone
        self._categories = {value: category_label(value, FILE_LANGUAGE) for value in CATEGORIES}
        self._periods = {value: period_label(value, FILE_LANGUAGE) for value in PERIODS}
        self._forms = {value: form_label(value, FILE_LANGUAGE) for value in FORMS}
        self._statuses = {value: status_label(value, FILE_LANGUAGE) for value in STATUSES}

    def _post_link(self, chat_id: int | None, message_id: int | None) -> str | None:
        if chat_id is None or message_id is None:
            return None
        return channel_post_link(self._channel, chat_id, message_id)

    def link(self, row: DipRow) -> str | None:
        """The link of the item's latest post in the public channel (None: never published)."""
        return self._post_link(row.channel_chat_id, row.channel_message_id)

    def data_link(self, row: DipRow) -> str | None:
        """The link of the File Informasi Data posted with that post (None: none was)."""
        return None if row.channel_chat_id is None else self._post_link(row.channel_chat_id, row.data_file_message_id)

    def _cells(
        self, number: int, item: InfoItem, unit_name: str, published_at: datetime | None,
        link: str | None, data_link: str | None,
    ) -> list[Cell]:
        published = None if published_at is None else self._calendar.local(published_at)
        if published is not None and not self._keep_zone:
            published = published.replace(tzinfo=None)
        return [
            number,
            item.id,
            item.summary,
            unit_name,
            item.responsible,
            item.made_time_place,
            self._forms.get(item.form, item.form),
            item.retention,
            self._categories.get(item.category, item.category),
            None if item.period is None else self._periods.get(item.period, item.period),
            item.legal_basis,
            self._statuses.get(item.status, item.status),
            published,
            link,
            data_link,
        ]

    def cells(self, number: int, row: DipRow) -> list[Cell]:
        """A staff register row (any item, published or not)."""
        return self._cells(number, row.item, row.unit_name, row.item.last_published_at, self.link(row), self.data_link(row))

    def public_cells(self, number: int, row: PublicItemRow) -> list[Cell]:
        """A row of the public DIP: its latest publication still standing gives the time and links."""
        return self._cells(
            number, row.item, row.unit_name, row.latest_published_at,
            self._post_link(row.channel_chat_id, row.channel_message_id),
            self._post_link(row.channel_chat_id, row.data_file_message_id),
        )


class _Stopped(Exception):
    """The export was abandoned (its task cancelled): the writing thread stops."""


def _stream(
    services: Services, plan: DipPlan, loop: asyncio.AbstractEventLoop, stop: threading.Event
) -> Iterator[list[Cell]]:
    """The register's rows, read a page at a time; runs in a worker thread, the reads on `loop`."""
    repository = ExportRepository(services.db)
    maker = DipRowMaker(services)
    after, number = 0, 0
    while True:
        if stop.is_set():
            raise _Stopped
        page = asyncio.run_coroutine_threadsafe(
            repository.dip_page(after_id=after, up_to=plan.up_to, limit=PAGE_SIZE, unit_ids=plan.unit_ids), loop
        ).result(timeout=PAGE_WAIT_SECONDS)
        if not page:
            return
        for row in page:
            number += 1
            yield maker.cells(number, row)
        after = page[-1].item.id


def exempt_headers() -> list[str]:
    """The header row of the sheet of exempt information (Indonesian)."""
    return [
        _plain("rpt_col_no"),
        _plain("rpt_col_item_id"),
        field_label("summary", FILE_LANGUAGE),
        field_label("unit_id", FILE_LANGUAGE),
        field_label("legal_basis", FILE_LANGUAGE),
        part_label("grounds", FILE_LANGUAGE),
        part_label("part", FILE_LANGUAGE),
        part_label("until", FILE_LANGUAGE),
        _plain("rpt_col_exempt_ended"),
    ]


def exempt_cells(number: int, entry: ExemptEntry) -> list[Cell]:
    """A line of the Daftar Informasi yang Dikecualikan: the ground's letters with their names, the
    period's last day (a date) or why there is none, and whether it has ended."""
    recorded = entry.until is not None
    return [
        number,
        entry.item_id,
        entry.summary,
        entry.unit_name,
        entry.legal_basis or None,
        "; ".join(ground_label(letter, FILE_LANGUAGE) for letter in entry.grounds) or None,
        entry.part,
        entry.until if recorded else _plain("ex_list_no_period"),
        _plain("rpt_exempt_ended_yes" if entry.ended else "rpt_exempt_ended_no") if recorded else None,
    ]


async def _exempt_table(services: Services, plan: DipPlan, now: datetime, preamble: list[str]) -> Table:
    """The sheet of exempt information: `exempt_register` (as in chat and on the web site), in the
    export's units and up to its last item."""
    entries = [
        entry for entry in await exempt_register(services, now)
        if entry.item_id <= plan.up_to and (plan.unit_ids is None or entry.unit_id in plan.unit_ids)
    ]
    rows = [exempt_cells(number, entry) for number, entry in enumerate(entries, start=1)]
    lines = [_plain("rpt_exempt_title"), *preamble[1:3], _plain("rpt_dip_count", count=len(rows)), *preamble[4:]]
    return Table(_plain("rpt_exempt_sheet"), exempt_headers(), rows, preamble=lines)


async def _write_in_thread(
    write: Callable[[], tuple[bytes, bytes]], stop: threading.Event
) -> tuple[bytes, bytes]:
    """`write()` in a worker thread; if this task is cancelled, the thread stops at the next page."""
    try:
        return await asyncio.to_thread(write)
    except asyncio.CancelledError:
        stop.set()
        raise


async def export_dip(services: Services, person: Person, plan: DipPlan) -> DipExport:
    """Write the register of `plan` as XLSX (with the sheet of exempt information) and CSV (named
    DIP-<office date>) and audit the export. The register is read once: each row goes into both files."""
    now = services.clock.now()
    zone = services.calendar.zone_abbreviation(now)
    day = services.calendar.local(now).date().isoformat()
    scope = (
        _plain("rpt_dip_scope_all")
        if plan.unit_ids is None
        else _plain("rpt_dip_scope_units", units=", ".join(plan.unit_names))
    )
    preamble = [
        _plain("rpt_dip_title"),
        _plain("rpt_organisation", organisation=services.sop.header.organisation),
        scope,
        _plain("rpt_dip_count", count=plan.count),
        _plain("rpt_made_by", time=services.calendar.format_local(now, FILE_LANGUAGE), name=person.full_name),
    ]
    headers = dip_headers(zone)
    exempt = await _exempt_table(services, plan, now, preamble)
    loop = asyncio.get_running_loop()
    stop = threading.Event()

    def write() -> tuple[bytes, bytes]:
        csv_file = CsvWriter(headers)

        def rows() -> Iterator[list[Cell]]:
            for cells in _stream(services, plan, loop, stop):
                csv_file.add(cells)
                yield cells

        register = Table(_plain("rpt_dip_sheet"), headers, rows(), preamble=preamble)
        workbook = xlsx_bytes([register, exempt])
        return workbook, csv_file.finish()

    workbook, table = await _write_in_thread(write, stop)
    xlsx = ExportFile(f"DIP-{day}.xlsx", workbook)
    csv = ExportFile(f"DIP-{day}.csv", table)
    await services.record_report(
        person.telegram_id, "dip.export", "dip", None,
        {
            "unit_ids": None if plan.unit_ids is None else sorted(plan.unit_ids),
            "items": plan.count,
            "files": {file.name: file.size for file in (xlsx, csv)},
        },
    )
    return DipExport(plan, now, xlsx, csv)
