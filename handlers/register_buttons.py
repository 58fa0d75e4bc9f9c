"""The buttons of the register (`dip:`): what each carries on the wire, for the list and the form.

    dip:pg:<offset>[:<words>]   a page of the active items    dip:px:...   the same, inactive too (admin)
    dip:v:<id>                  open an item's card           dip:add      start adding (admin)
    dip:e:<id>                  start editing (admin)         dip:f:<field> the field to edit
    dip:u:<unit id>             unit chosen                   dip:cat:<category>, dip:per:<period>, dip:form:<form>
    dip:save:<token>, dip:drop:<token>   save / drop the draft with that token
    dip:x                       leave the edit                dip:off:<id>, dip:offy:<id>, dip:offn:<id>  deactivate
    dip:on:<id>                 reactivate

A list page carries an offset (0, 10, 20...), as it always has: old buttons in chats keep working.
Anything else starting with `dip:` is answered as a stale button (routed last, by the codec's
`family_pattern("dip")`). The card's "🔄 Buka siklus pembaruan" is the cycle flow's button
(`cyc:open`), not one of these.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, Update

from bot.application import PpidContext
from bot.register import DraftField
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import CallbackData, Text, popup, pressed
from storage.items import Category, Form, Period


@dataclass(frozen=True)
class ListPage(CallbackData, prefix="dip:pg"):
    """A page of the register's active items, `offset` entries in, of the search `words`."""

    offset: int
    words: Text | None = None


@dataclass(frozen=True)
class FullListPage(CallbackData, prefix="dip:px"):
    """A page of the register with its inactive items too (admin)."""

    offset: int
    words: Text | None = None


@dataclass(frozen=True)
class ViewItem(CallbackData, prefix="dip:v"):
    """Send an item's card (a line of the list)."""

    item_id: int


@dataclass(frozen=True)
class AddItem(CallbackData, prefix="dip:add"):
    """"➕ Tambah informasi": start a draft."""


@dataclass(frozen=True)
class EditItem(CallbackData, prefix="dip:e"):
    """"✏️ Ubah" on a card: start editing the item."""

    item_id: int


@dataclass(frozen=True)
class EditField(CallbackData, prefix="dip:f"):
    """The field of the item to edit."""

    field: DraftField


@dataclass(frozen=True)
class ChooseUnit(CallbackData, prefix="dip:u"):
    """The unit holding the information (adding or editing)."""

    unit_id: int


@dataclass(frozen=True)
class ChooseCategory(CallbackData, prefix="dip:cat"):
    """The category (adding or editing)."""

    category: Category


@dataclass(frozen=True)
class ChoosePeriod(CallbackData, prefix="dip:per"):
    """The update period of a berkala item (adding or editing)."""

    period: Period


@dataclass(frozen=True)
class ChooseForm(CallbackData, prefix="dip:form"):
    """The form the information is available in (adding or editing)."""

    form: Form


@dataclass(frozen=True)
class SaveDraft(CallbackData, prefix="dip:save"):
    """"Simpan" under a draft's summary; `token` names the draft it was shown for."""

    token: str


@dataclass(frozen=True)
class DropDraft(CallbackData, prefix="dip:drop"):
    """"Batal" under a draft's summary: forget the draft with `token`."""

    token: str


@dataclass(frozen=True)
class LeaveEdit(CallbackData, prefix="dip:x"):
    """"Batal" on the choice of field: leave the edit."""


@dataclass(frozen=True)
class Deactivate(CallbackData, prefix="dip:off"):
    """"⛔ Nonaktifkan" on a card: ask to confirm."""

    item_id: int


@dataclass(frozen=True)
class ConfirmDeactivate(CallbackData, prefix="dip:offy"):
    """"Ya, nonaktifkan": take the item out of the register."""

    item_id: int


@dataclass(frozen=True)
class KeepItem(CallbackData, prefix="dip:offn"):
    """"Tidak jadi": keep the item, show its card again."""

    item_id: int


@dataclass(frozen=True)
class Reactivate(CallbackData, prefix="dip:on"):
    """"✅ Aktifkan lagi": put the item back in the register."""

    item_id: int


def page_data(offset: int, words: str | None = None, *, include_inactive: bool = False) -> CallbackData:
    """The button data of the list page `offset` entries in (with the inactive items, for an admin)."""
    kind = FullListPage if include_inactive else ListPage
    return kind(offset, words or None)


def pressed_dip(query: CallbackQuery | None, kind: type[CallbackData]) -> Any:
    """The pressed button as `kind`, or None when no button of the register carries that data:
    malformed, or a row id of 0 (rows are numbered from 1)."""
    data = pressed(query, kind)
    if data is None:
        return None
    ids = [getattr(data, field.name) for field in dataclasses.fields(data) if field.name.endswith("_id")]
    return None if 0 in ids else data


async def pressed_or_stale(update: Update, context: PpidContext, kind: type[CallbackData]) -> Any:
    """The pressed button as `kind`, or None after answering it as a stale button."""
    query = update.callback_query
    data = pressed_dip(query, kind)
    if data is None:
        await popup(query, t("stale_button", person_of(context).language), alert=True)
    return data
