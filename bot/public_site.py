"""What the public web site shows, as plain data for its pages (`web/`), from the register.

The site is a front door beside `handlers/`: it calls these functions and renders what they
return; it never reads the database itself. Every function returns only what the public may see
(`storage.public_site` applies the one rule of `storage.public_search` in each statement), so a
page cannot show more than this module gives it.

* :func:`dip` / :func:`exempt`: the Daftar Informasi Publik (filtered by category, unit and year
  of publication, in the register's own order) and the Daftar Informasi yang Dikecualikan, a page
  at a time (`bot.pages`).
* :func:`item_view`: one item's DIP row with every publication, its files and, for serta merta,
  the announcement's eight elements.
* :func:`latest` and :func:`current_serta_merta`: Beranda's announcements and its banner.
* :func:`served_file`: the stored file behind a public token, or None; :func:`media_type_of`,
  :func:`file_type_label`, :func:`download_name` and :func:`human_size` say what it is for a reader.
* :func:`dip_pages`: the whole public DIP, a page at a time by id (the open data, `/dip.csv` and
  `/dip.json`, streamed so a long register is never in memory at once).

Years are the office's (its time zone): an item published on 31 December at 23.30 WIB belongs to
that year, whatever UTC says.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.filetypes import FILE_TYPES_BY_KEY, outgoing_name
from bot.pages import Page, page_of
from bot.public_links import channel_post_link
from bot.services import Services
from bot.workflow import ANNOUNCEMENT_ELEMENTS
from storage.items import CATEGORIES
from storage.public_site import (
    DipFilter,
    ExemptRow,
    PublicFile,
    PublicItemRow,
    PublicPublication,
    ServedFile,
)

__all__ = [
    "DIP_PAGE_SIZE",
    "OPEN_DATA_PAGE_SIZE",
    "EXEMPT_PAGE_SIZE",
    "LATEST_COUNT",
    "PUBLIC_CATEGORIES",
    "DipPage",
    "DipQuery",
    "ExemptPage",
    "ExemptRow",
    "ItemView",
    "PublicFile",
    "PublicItemRow",
    "PublicationView",
    "current_serta_merta",
    "dip",
    "dip_pages",
    "download_name",
    "exempt",
    "file_type_label",
    "human_size",
    "item_view",
    "latest",
    "media_type_of",
    "served_file",
    "year_bounds",
    "years",
]

DIP_PAGE_SIZE = 25
EXEMPT_PAGE_SIZE = 25
OPEN_DATA_PAGE_SIZE = 500  # rows of the open data read at a time
LATEST_COUNT = 10  # announcements on Beranda (and in the Atom feed)
MAX_PAGE = 100_000  # a page number beyond any register (a longer one is refused as hostile)
# Categories an item the public sees may have (a dikecualikan item is never in the DIP's rows).
PUBLIC_CATEGORIES: tuple[str, ...] = tuple(category for category in CATEGORIES if category != "dikecualikan")


@dataclass(frozen=True)
class DipQuery:
    """The DIP's filters as the reader chose them (each None: any), already checked."""

    category: str | None = None
    unit_id: int | None = None
    year: int | None = None

    @property
    def filtered(self) -> bool:
        return self.category is not None or self.unit_id is not None or self.year is not None


@dataclass(frozen=True)
class DipPage:
    """One page of the public DIP, with what its filters can offer."""

    query: DipQuery
    position: Page
    rows: tuple[PublicItemRow, ...]
    units: tuple[tuple[int, str], ...]  # the unit filter's choices: units with public items
    years: tuple[int, ...]  # the year filter's choices, newest first


@dataclass(frozen=True)
class ExemptPage:
    position: Page
    rows: tuple[ExemptRow, ...]


@dataclass(frozen=True)
class PublicationView:
    """A publication with its files, its channel link and (serta merta) its announcement."""

    publication: PublicPublication
    files: tuple[PublicFile, ...]
    channel_link: str | None
    data_link: str | None
    announcement: dict[str, str] | None  # the eight elements, for a serta merta announcement

    @property
    def elements(self) -> tuple[tuple[str, str], ...]:
        """The announcement's elements as (key, text), in the law's order (none: not serta merta)."""
        if not self.announcement:
            return ()
        return tuple((key, self.announcement[key]) for key in ANNOUNCEMENT_ELEMENTS if self.announcement.get(key))


@dataclass(frozen=True)
class ItemView:
    row: PublicItemRow
    publications: tuple[PublicationView, ...]


def year_bounds(services: Services, year: int) -> tuple[datetime, datetime]:
    """The office's calendar year `year` as UTC bounds ``[start, end)``."""
    calendar = services.calendar
    return calendar.at_local(date(year, 1, 1), time(0, 0)), calendar.at_local(date(year + 1, 1, 1), time(0, 0))


async def years(services: Services) -> tuple[int, ...]:
    """Every office year from the first public publication to the last, newest first."""
    first, last = await services.public_site.publication_span()
    if first is None or last is None:
        return ()
    calendar = services.calendar
    return tuple(range(calendar.local(last).year, calendar.local(first).year - 1, -1))


def _clamped(page: int) -> int:
    return min(max(1, int(page)), MAX_PAGE)


async def dip(services: Services, query: DipQuery, page: int = 1) -> DipPage:
    """The `page`-th page (clamped to the pages there are) of the public DIP under `query`."""
    since, until = year_bounds(services, query.year) if query.year is not None else (None, None)
    where = DipFilter(category=query.category, unit_id=query.unit_id, published_since=since, published_until=until)
    repository = services.public_site
    # Counted first, so a page past the end is read as the last page at once (page_of clamps it).
    position = page_of(await repository.dip_count(where), _clamped(page), DIP_PAGE_SIZE)
    rows = await repository.dip_rows(where, limit=DIP_PAGE_SIZE, offset=position.offset, total=position.total)
    return DipPage(
        query=query, position=position, rows=tuple(rows),
        units=tuple(await repository.units_with_items()), years=await years(services),
    )


async def exempt(services: Services, page: int = 1) -> ExemptPage:
    """The `page`-th page of the Daftar Informasi yang Dikecualikan."""
    repository = services.public_site
    position = page_of(await repository.exempt_count(), _clamped(page), EXEMPT_PAGE_SIZE)
    rows = await repository.exempt_rows(limit=EXEMPT_PAGE_SIZE, offset=position.offset)
    return ExemptPage(position=position, rows=tuple(rows))


async def _views(services: Services, publications: list[PublicPublication]) -> tuple[PublicationView, ...]:
    files = await services.public_site.files_of([publication.id for publication in publications])
    channel = services.settings.public_channel
    views = []
    for publication in publications:
        announcement = (
            await services.workflow.announcement(publication.cycle_id) if publication.cycle_kind == "serta_merta" else None
        )
        views.append(
            PublicationView(
                publication=publication,
                files=tuple(files.get(publication.id, ())),
                channel_link=channel_post_link(channel, publication.channel_chat_id, publication.channel_message_id),
                data_link=(
                    None if publication.data_file_message_id is None
                    else channel_post_link(channel, publication.channel_chat_id, publication.data_file_message_id)
                ),
                announcement=announcement,
            )
        )
    return tuple(views)


async def item_view(services: Services, item_id: int) -> ItemView | None:
    """Everything the public may see of an item, or None when it may see nothing of it."""
    row = await services.public_site.item(item_id)
    if row is None:
        return None
    publications = await services.public_site.publications_of(item_id)
    if not publications:
        return None
    return ItemView(row=row, publications=await _views(services, publications))


async def latest(services: Services, limit: int = LATEST_COUNT) -> tuple[PublicationView, ...]:
    """The newest announcements (publications of public items), newest first."""
    return await _views(services, await services.public_site.latest_publications(limit=limit))


async def current_serta_merta(services: Services) -> tuple[PublicationView, ...]:
    """Serta merta announcements published in the last `WEB_BANNER_DAYS` days (Beranda's banner)."""
    since = services.clock.now() - timedelta(days=services.settings.web_banner_days)
    publications = await services.public_site.latest_publications(limit=LATEST_COUNT, kind="serta_merta", since=since)
    return await _views(services, publications)


async def served_file(services: Services, token: str) -> tuple[ServedFile, Path] | None:
    """The public file behind `token` and where it is stored, or None (not public, or missing)."""
    found = await services.public_site.served_file(token)
    if found is None:
        return None
    path = services.files.path_for(found.sha256)
    if not path.is_file():
        return None
    return found, path


UNKNOWN_MEDIA_TYPE = "application/octet-stream"


def media_type_of(detected_type: str | None) -> str:
    """The Content-Type of a public file, from the type judged from its bytes (never the name's)."""
    file_type = FILE_TYPES_BY_KEY.get(detected_type or "")
    return file_type.mime_type if file_type is not None else UNKNOWN_MEDIA_TYPE


def file_type_label(detected_type: str | None, language: str = "id") -> str | None:
    """What a reader calls the file's type ("Dokumen Word (DOCX)"), or None when it is not known."""
    file_type = FILE_TYPES_BY_KEY.get(detected_type or "")
    return file_type.display(language) if file_type is not None else None


def download_name(original_name: str, detected_type: str | None) -> str:
    """The name a public file goes out under: its type's extension, as on the channel
    (`bot.filetypes.outgoing_name`: a "laporan.pdf" that is a Word document is "laporan.docx")."""
    return outgoing_name(original_name, FILE_TYPES_BY_KEY.get(detected_type or ""))


_UNITS = ("B", "KB", "MB", "GB")


def human_size(size: int, language: str = "id") -> str:
    """A size for people, in units of 1024: "820 B", "1,2 MB" (English "1.2 MB")."""
    value, unit = float(max(0, int(size))), 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    if unit == 0:
        return f"{int(value)} B"
    shown = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    if language != "en":
        shown = shown.replace(".", ",")
    return f"{shown} {_UNITS[unit]}"


# -- open data ----------------------------------------------------------------------------------


async def dip_pages(services: Services, page_size: int | None = None) -> AsyncIterator[list[PublicItemRow]]:
    """Every publicly visible item of the DIP, by id, `page_size` (default `OPEN_DATA_PAGE_SIZE`)
    rows at a time, each page read under the one rule when it is asked for: an item hidden
    meanwhile is not in a later page."""
    page_size = page_size or OPEN_DATA_PAGE_SIZE
    after = 0
    while True:
        rows = await services.public_site.dip_after(after, page_size)
        if not rows:
            return
        yield rows
        if len(rows) < page_size:
            return
        after = rows[-1].item.id
