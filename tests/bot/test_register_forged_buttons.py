"""Forged `dip:` data of every kind of register button, pressed by an admin wherever the kind's
own handler listens (the list, every step of adding, the choice of field to edit), gets the stale
pop-up and changes nothing: no row, no audit entry, no message, the step where it was.

The kinds are read from `handlers.register_buttons`, so a new kind is forged here too."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import typing
from typing import Any, Literal, get_args, get_origin

import pytest

from bot.sandbox import SimUser
from handlers import register_buttons
from handlers.callbacks import CallbackData
from tests.bot.test_register import add_items, add_units, answer_until_category, item_audit, item_rows
from tests.conftest import ADMIN_ID, BotUnderTest

STALE = "Tombol ini sudah tidak berlaku."
KINDS = [
    kind
    for _, kind in inspect.getmembers(register_buttons, inspect.isclass)
    if issubclass(kind, CallbackData) and kind is not CallbackData
]


def a_valid_value(kind: type[CallbackData], name: str, real_id: int) -> str:
    """A value the field `name` of `kind` accepts (a real row's id for an id)."""
    hint = typing.get_type_hints(kind)[name]
    if get_origin(hint) is Literal:
        return str(get_args(hint)[0])
    return str(real_id) if hint is int else "0123abcd"


def forged_of(kind: type[CallbackData], real_id: int) -> list[str]:
    """Data that starts like `kind` but no button of the bot carries."""
    prefix = kind.prefix
    fields = dataclasses.fields(kind)
    if not fields:
        return [f"{prefix}:1", f"{prefix}:", f"{prefix}:x:1"]
    if fields[-1].default is None:  # a list page: an offset, then the search words if any
        return [prefix, f"{prefix}:", f"{prefix}:abc", f"{prefix}:-1", f"{prefix}:01", f"{prefix}:0:",
                f"{prefix}:0: pajak", f"{prefix}:10:" + "y" * 41]
    forged = [prefix, f"{prefix}:", f"{prefix}:ABC", f"{prefix}:-1", f"{prefix}: 1", f"{prefix}:1.0"]
    valid = ":".join(a_valid_value(kind, field.name, real_id) for field in fields)
    forged.append(f"{prefix}:{valid}:1")
    if fields[0].name.endswith("_id"):
        forged += [f"{prefix}:0", f"{prefix}:0{real_id}"]
    return forged


# The steps of adding after the category question, and the answer that leaves each.
ADDING = [("add_category", "Berkala"), ("add_period", "Tahunan"), ("add_form", "Softcopy"), ("add_retention", None)]


async def at(bot: BotUnderTest, rina: SimUser, state: str, item_id: int) -> None:
    """Bring the admin to `state` of the register (idle: the list is on screen)."""
    rina.send_command("/informasi")
    await bot.deliver()
    if state == "edit_field":
        rina.press(rina.last_message(), f"dip:v:{item_id}")
        await bot.deliver()
        rina.press_button("✏️ Ubah")
        await bot.deliver()
    elif state == "add_unit":
        rina.press_button("➕ Tambah informasi")
        await bot.deliver()
        rina.send_text("Laporan realisasi anggaran Dinas Sosial 2025")
        await bot.deliver()
    elif state != "idle":
        await answer_until_category(bot, rina)
        for step, answer in ADDING:
            if step == state:
                return
            if answer is None:
                rina.send_text("10 tahun")
            else:
                rina.press_button(answer)
            await bot.deliver()
        assert state == "add_confirm" and rina.buttons()[0]["text"] == "Simpan"


async def conversation_of(bot: BotUnderTest) -> dict[Any, Any]:
    await bot.app.update_persistence()
    return await bot.app.services.conversations.get_all("register_add")


@pytest.mark.parametrize("state", ["idle", "add_unit", "add_category", "add_period", "add_form", "add_confirm", "edit_field"])
async def test_forged_dip_data_of_every_kind_is_stale_and_changes_nothing(running_bot: BotUnderTest, state: str) -> None:
    services = running_bot.app.services
    (dinsos,) = await add_units(services, "Dinas Sosial")
    (item,) = await add_items(services, dinsos, "Data penerima bantuan")
    rina = running_bot.fake.user(ADMIN_ID, "Rina")
    await at(running_bot, rina, state, item.id)
    assert list((await conversation_of(running_bot)).values()) == ([] if state == "idle" else [state])
    rows, audit, conversation = await item_rows(services), await item_audit(services), await conversation_of(running_bot)
    screen = copy.deepcopy(rina.messages())
    forged = [data for kind in KINDS for data in forged_of(kind, item.id)] + ["dip:", "dip:zz", "dip:zz:1", "dip:v:1:2"]
    assert len(KINDS) == 17 and all(kind.prefix.startswith("dip:") for kind in KINDS)
    for data in forged:
        answers = len(rina.callback_answers)
        rina.press(rina.last_message(), data)
        await running_bot.deliver()
        assert len(rina.callback_answers) == answers + 1, data
        answer = rina.last_callback_answer()
        assert answer is not None and answer["text"].startswith(STALE) and answer["show_alert"] is True, data
    assert rina.messages() == screen
    assert await conversation_of(running_bot) == conversation
    assert await item_rows(services) == rows
    assert await item_audit(services) == audit
