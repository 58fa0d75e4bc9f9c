"""The DIP as open data (/dip.csv, /dip.json) with the columns of the /dip export.

Both files hold the whole public DIP (every item the public may see, no filter), by item id, with
the header row of the staff export (`bot.dip_export.dip_headers`) and its cells made by the same
`bot.dip_export.DipRowMaker`: one definition of the columns for the office's spreadsheet and for
the regional Satu Data portal. The rows are read a page at a time (`bot.public_site.dip_pages`)
and sent as they are made (Starlette's `StreamingResponse`), so a register of 100,000 items is
never in memory at once.

* `/dip.csv`: as `bot.spreadsheets.csv_bytes` writes the staff export: UTF-8 with a BOM (Excel),
  RFC 4180 quoting, CRLF, the header row first, a text a spreadsheet would run as a formula
  (`=`, `+`, `-`, `@`, ...) prefixed with an apostrophe; times in office time, "YYYY-MM-DD HH:MM".
* `/dip.json`: UTF-8, one object, stable in shape::

      {"title": "Daftar Informasi Publik (DIP)", "organisation": "<the office>",
       "generated_at": "<ISO 8601 with the office's offset>", "language": "id",
       "columns": ["No", "ID informasi", "Ringkasan isi informasi", ...],
       "items": [{"No": 1, "ID informasi": 12, "Ringkasan isi informasi": "...", ...}, ...]}

  Each item has every column as a key, in the order of `columns`; a missing value is null; the
  time of the last publication is ISO 8601 with the office's offset (e.g. "2026-12-31T23:30:00+07:00").

Both are downloads (`Content-Disposition: attachment`, named `DIP-<office date>.csv|json`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from bot import public_site
from bot.dip_export import FILE_LANGUAGE, DipRowMaker, dip_headers
from bot.services import Services
from bot.spreadsheets import Cell, csv_line
from bot.texts import raw
from web.rendering import services_of
from web.security import attachment

__all__ = ["ROUTES"]

BOM = "\ufeff"


def _file_name(services: Services, extension: str) -> str:
    return f"DIP-{services.calendar.local(services.clock.now()).date().isoformat()}.{extension}"


def _headers(services: Services) -> list[str]:
    return dip_headers(services.calendar.zone_abbreviation(services.clock.now()))


async def _numbered_pages(services: Services, *, keep_zone: bool) -> AsyncIterator[list[list[Cell]]]:
    """The public DIP's rows as cells, numbered from 1, a page of the register at a time."""
    maker = DipRowMaker(services, keep_zone=keep_zone)
    number = 0
    async for rows in public_site.dip_pages(services):
        cells: list[list[Cell]] = []
        for row in rows:
            number += 1
            cells.append(maker.public_cells(number, row))
        yield cells


async def _csv(services: Services) -> AsyncIterator[bytes]:
    """The CSV's bytes: the header line, then one chunk per page of rows."""
    yield (BOM + csv_line(_headers(services))).encode("utf-8")
    async for page in _numbered_pages(services, keep_zone=False):
        yield "".join(csv_line(cells) for cells in page).encode("utf-8")


def _json_value(value: Cell) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


async def _json_chunks(services: Services) -> AsyncIterator[bytes]:
    """The JSON's bytes: everything up to `"items": [`, one chunk per page of items, the end."""
    headers = _headers(services)
    now = services.calendar.local(services.clock.now()).replace(microsecond=0)
    head = {
        "title": raw("rpt_dip_title", FILE_LANGUAGE),
        "organisation": services.sop.header.organisation,
        "generated_at": now.isoformat(),
        "language": FILE_LANGUAGE,
        "columns": headers,
    }
    yield (_json(head)[:-1] + ', "items": [').encode("utf-8")
    separator = "\n"
    async for page in _numbered_pages(services, keep_zone=True):
        items = (_json({header: _json_value(value) for header, value in zip(headers, cells, strict=True)}) for cells in page)
        yield (separator + ",\n".join(items)).encode("utf-8")
        separator = ",\n"
    yield b"\n]}\n"


async def dip_csv(request: Request) -> Response:
    """The whole public DIP as CSV."""
    services = services_of(request)
    return StreamingResponse(
        _csv(services), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": attachment(_file_name(services, "csv"))},
    )


async def dip_json(request: Request) -> Response:
    """The whole public DIP as JSON (the shape is in the module's docstring)."""
    services = services_of(request)
    return StreamingResponse(
        _json_chunks(services), media_type="application/json",
        headers={"content-disposition": attachment(_file_name(services, "json"))},
    )


ROUTES: list[BaseRoute] = [
    Route("/dip.csv", dip_csv, methods=["GET"]),
    Route("/dip.json", dip_json, methods=["GET"]),
]
