"""Hostile data against every kind of button of the bot: the codec refuses it (None), never raises.

Every `CallbackData` kind the handlers declare is tried with data no button of the bot carries:
other spellings of a number (leading zeros, a sign, a space, Arabic-Indic or full-width digits),
too many or too few fields, oversized data, a lone surrogate, and for free text every kind of
line break and control character.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing

import pytest

import handlers
from handlers.callbacks import _PREFIXES, CallbackData

for _module in pkgutil.iter_modules(handlers.__path__):
    importlib.import_module(f"handlers.{_module.name}")

KINDS: list[type[CallbackData]] = sorted(
    (kind for kind in _PREFIXES.values() if kind.__module__.startswith("handlers.")), key=lambda kind: kind.prefix
)
ODD_NUMBERS = ("٣", "１", "¹", "+1", "-1", " 1", "1 ", "01", "00", "1_0", "0x1", "1e3", "1.0", "")
BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\x1b", "\x7f", "\t")


def sample(kind: type[CallbackData]) -> list[str]:
    """The parts of one valid button of `kind` (every optional field given)."""
    parts = []
    for field in kind._fields():
        parts.append({"int": "1", "bool": "1", "word": "abc", "text": "kata"}.get(field.kind) or field.choices[0])
    return parts


def data_of(kind: type[CallbackData], parts: list[str]) -> str:
    return ":".join([kind.prefix, *parts])


def test_every_kind_of_the_bot_is_tried() -> None:
    assert len(KINDS) > 60
    for kind in KINDS:
        assert kind.unpack(data_of(kind, sample(kind))) is not None, kind.prefix


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.prefix)
def test_odd_spellings_of_a_number_are_refused(kind: type[CallbackData]) -> None:
    parts = sample(kind)
    for index, field in enumerate(kind._fields()):
        if field.kind != "int":
            continue
        for odd in ODD_NUMBERS:
            forged = data_of(kind, [*parts[:index], odd, *parts[index + 1 :]])
            assert kind.unpack(forged) is None, forged


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.prefix)
def test_wrong_counts_oversized_data_and_surrogates_are_refused(kind: type[CallbackData]) -> None:
    fields, parts = kind._fields(), sample(kind)
    required = sum(1 for field in fields if not field.optional)
    forged = [kind.prefix + ":", data_of(kind, parts) + "9" * 64, data_of(kind, parts) + "\ud800", kind.prefix + ":\ud800"]
    if required:
        forged.append(data_of(kind, parts[: required - 1]))  # one too few
    if not any(field.kind == "text" for field in fields):
        forged.append(data_of(kind, [*parts, "1"]))  # one too many
    for data in forged:
        assert kind.unpack(data) is None, repr(data)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if any(f.kind == "text" for f in kind._fields())], ids=lambda kind: kind.prefix)
def test_free_text_never_holds_a_line_break_or_control_character(kind: type[CallbackData]) -> None:
    parts = sample(kind)
    for odd in BREAKS:
        forged = data_of(kind, [*parts[:-1], f"ka{odd}ta"])
        assert kind.unpack(forged) is None, repr(forged)
    assert kind.unpack(data_of(kind, [*parts[:-1], "pajak: 2026 – ąé"])) is not None  # what people type passes


def test_no_literal_choice_of_the_bot_is_a_number() -> None:
    """A choice decodes as text: a Literal of numbers would compare unequal to what it meant."""
    for kind in KINDS:
        hints = typing.get_type_hints(kind)
        for name, hint in hints.items():
            if typing.get_origin(hint) is typing.Literal:
                assert all(isinstance(choice, str) for choice in typing.get_args(hint)), (kind.prefix, name)
