"""What the admin screens (/undang, /staf, /unit) show alike: a role as people read it, button
labels, a page of a list (its line and its arrows) and the unit picker.

Their lists carry 0-based page numbers on the wire (`WirePage`, as the buttons already in people's
chats do); `bot.pages` counts from 1, so `list_page` and `page_arrows` convert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.pages import Page, page_of
from bot.services import Services
from bot.texts import raw, t
from handlers.callbacks import CallbackData, Digits
from handlers.paging import navigation_row
from storage.units import Unit

PAGE_SIZE = 8
WirePage = Annotated[int, Digits(4)]
"""A page of a list as its buttons carry it: 0-based, at most 4 digits."""
UnitId = Annotated[int, Digits(9)]
"""A unit as its buttons carry it."""


def role_label(role: str, unit_id: int | None, unit_names: dict[int, str], language: str) -> str:
    """A role as people read it, with the unit for a PPID Pelaksana."""
    label = raw(f"onb_role_{role}", language)
    if unit_id is None:
        return label
    return raw("onb_role_with_unit", language).format(role=label, unit=unit_names.get(unit_id, f"#{unit_id}"))


async def unit_names(services: Services) -> dict[int, str]:
    """Every unit's name by id (inactive ones too: old grants may point at them)."""
    return {unit.id: unit.name for unit in await services.units.list(active_only=False)}


def label(language: str, key: str, **values: Any) -> str:
    """`t` for button labels: Telegram shows button text as is, so no HTML escaping there."""
    return raw(key, language).format(**values)


def list_page(total: int, wire_page: int) -> Page:
    """The page a list's button asks for (0-based `wire_page`, clamped to the pages there are)."""
    return page_of(total, wire_page + 1, PAGE_SIZE)


def page_line(page: Page, language: str) -> str:
    """"Page n of m" on a line of its own, or nothing for a list of one page."""
    return "" if page.count == 1 else "\n" + t("onb_page", language, page=page.number, pages=page.count)


def page_arrows(
    page: Page, language: str, data_for: Callable[[int], CallbackData]
) -> list[list[InlineKeyboardButton]]:
    """The row of ◀ ▶ buttons of `page` (no row for one page); `data_for(n)`: 0-based page n's data."""
    row = navigation_row(
        page, lambda number: data_for(number - 1), t("onb_btn_prev", language), t("onb_btn_next", language)
    )
    return [row] if row else []


def unit_picker(
    units: Sequence[Unit],
    wire_page: int,
    language: str,
    pick: Callable[[Unit], CallbackData],
    page_data: Callable[[int], CallbackData],
    back: CallbackData | None = None,
) -> tuple[InlineKeyboardMarkup, str]:
    """A page of unit buttons (data from `pick`) with its arrows (`page_data`) and a back button;
    returns it and the page line."""
    page = list_page(len(units), wire_page)
    rows = [[pick(unit).button(unit.name)] for unit in page.slice(units)]
    rows += page_arrows(page, language, page_data)
    if back is not None:
        rows.append([back.button(t("onb_btn_back", language))])
    return InlineKeyboardMarkup(rows), page_line(page, language)
