"""Callback data of the buttons: the one codec that builds it (at most 64 bytes) and parses it
strictly; and the pop-up that answers a press (`popup`, the one place pop-up texts are made).

Every kind of button is a small frozen dataclass deriving from `CallbackData`, in the spirit of
aiogram's ``CallbackData``::

    @dataclass(frozen=True)
    class Approve(CallbackData, prefix="rv:ok"):
        cycle_id: int
        version: int

    Approve(7, 2).button("Setujui")          # data "rv:ok:7:2"
    Approve.unpack("rv:ok:7:2")               # Approve(cycle_id=7, version=2)
    CallbackQueryHandler(approve, pattern=Approve.pattern())

On the wire a button's data is its prefix and its fields joined with ":". A field is typed:

* ``int``: a non-negative number of at most 12 digits, written without leading zeros;
  ``Annotated[int, Digits(n)]`` sets another most (a Telegram user id needs 15; a page number of
  at most 4 keeps a forged 5-digit page a stale button);
* ``bool``: ``1`` or ``0``;
* ``str``: a lowercase word (``[a-z0-9_]``, at most 32): a field name, a token;
* ``Literal["a", "b"]``: one of those words exactly (a category);
* ``Text``: free text (the typed search words of a list page); only as the last field, it keeps
  everything after the ":" that ends the field before it, and never holds a line break (of any
  kind: ``\u2028`` and ``\x85`` too) or another control character.

A field whose default is None may be left out at the end (``dip:pg:0`` and ``dip:pg:0:pajak``).
Buttons carry only ids and fixed words; what a press may do is decided from the database at the
moment of the press, never from the button. `unpack` returns None for anything that is not
exactly one button of that kind (old, forged or broken data), which the handler answers as a stale
button. Prefixes are unique: declaring one twice, or data over Telegram's 64 bytes, is a
programming error raised at once.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from typing import Annotated, Any, ClassVar, Literal, Self, get_args, get_origin

from telegram import CallbackQuery, InlineKeyboardButton

from bot.messages import popup_text
from bot.telegram_limits import CALLBACK_DATA_MAX_BYTES

FREE_TEXT = "free text"
Text = Annotated[str, FREE_TEXT]
"""A free-text field (the last one only)."""

_PREFIX = re.compile(r"[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?")
_INT = re.compile(r"0|[1-9][0-9]*")
_INT_DIGITS = 12
_WORD = re.compile(r"[a-z0-9_]{1,32}")
# Free text holds no line break of any kind (str.splitlines' list: \v \f \x1c-\x1e \x85 \u2028
# \u2029 too) and no other control character: what a person types in one line, nothing else.
_TEXT = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_PREFIXES: dict[str, type[CallbackData]] = {}


@dataclasses.dataclass(frozen=True)
class Digits:
    """The most digits an int field carries: ``Annotated[int, Digits(15)]``."""

    count: int


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    kind: str  # "int", "bool", "word", "choice" or "text"
    choices: tuple[str, ...] = ()
    optional: bool = False
    digits: int = _INT_DIGITS

    def encode(self, value: Any) -> str:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise TypeError(f"{self.name} must be a bool, not {value!r}")
            return "1" if value else "0"
        if self.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"{self.name} must be an int, not {value!r}")
        text = str(value)
        if not self.accepts(text):
            raise ValueError(f"{self.name} cannot be carried by a button: {value!r}")
        return text

    def accepts(self, text: str) -> bool:
        if self.kind == "int":
            return len(text) <= self.digits and _INT.fullmatch(text) is not None
        if self.kind == "bool":
            return text in ("0", "1")
        if self.kind == "choice":
            return text in self.choices
        if self.kind == "text":
            return _TEXT.fullmatch(text) is not None
        return _WORD.fullmatch(text) is not None

    def decode(self, text: str) -> Any:
        if self.kind == "int":
            return int(text)
        if self.kind == "bool":
            return text == "1"
        return text


def _field_of(name: str, hint: Any, optional: bool) -> _Field:
    if get_origin(hint) in (typing.Union, types.UnionType):
        arguments = [argument for argument in get_args(hint) if argument is not type(None)]
        if len(arguments) != 1 or not optional:
            raise TypeError(f"field {name}: only `X | None = None` may be optional")
        hint = arguments[0]
    if get_origin(hint) is Annotated and FREE_TEXT in hint.__metadata__:
        return _Field(name, "text", optional=optional)
    if get_origin(hint) is Annotated and get_args(hint)[0] is int:
        digits = [entry.count for entry in hint.__metadata__ if isinstance(entry, Digits)]
        if len(digits) == 1 and digits[0] >= 1:
            return _Field(name, "int", optional=optional, digits=digits[0])
    if get_origin(hint) is Literal:
        return _Field(name, "choice", tuple(str(choice) for choice in get_args(hint)), optional)
    if hint is bool:
        return _Field(name, "bool", optional=optional)
    if hint is int:
        return _Field(name, "int", optional=optional)
    if hint is str:
        return _Field(name, "word", optional=optional)
    raise TypeError(f"field {name}: a button cannot carry {hint!r}")


class CallbackData:
    """The data of one kind of button; subclasses are frozen dataclasses named with a prefix."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if _PREFIX.fullmatch(prefix) is None:
            raise ValueError(f"bad callback prefix {prefix!r}")
        if prefix in _PREFIXES:
            raise ValueError(f"callback prefix {prefix!r} is already used by {_PREFIXES[prefix].__name__}")
        _PREFIXES[prefix] = cls
        cls.prefix = prefix

    @classmethod
    @functools.cache
    def _fields(cls) -> tuple[_Field, ...]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} must be a dataclass")
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = [_field_of(field.name, hints[field.name], field.default is None) for field in dataclasses.fields(cls)]
        for before, after in zip(fields, fields[1:]):
            if before.optional and not after.optional:
                raise TypeError(f"{cls.__name__}: optional fields come last")
        if any(field.kind == "text" for field in fields[:-1]):
            raise TypeError(f"{cls.__name__}: a Text field must be the last one")
        return tuple(fields)

    def pack(self) -> str:
        """The callback data of this button; ValueError past Telegram's 64 bytes."""
        parts = [self.prefix]
        for field in self._fields():
            value = getattr(self, field.name)
            if value is None:
                if not field.optional:
                    raise ValueError(f"{field.name} is required")
                break
            parts.append(field.encode(value))
        data = ":".join(parts)
        if len(data.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: object) -> Self | None:
        """The button `data` stands for, or None when it is not exactly one of this kind."""
        if not isinstance(data, str):
            return None
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: no text Telegram could carry
            return None
        if size > CALLBACK_DATA_MAX_BYTES:
            return None
        if data != cls.prefix and not data.startswith(cls.prefix + ":"):
            return None
        fields = cls._fields()
        rest = None if data == cls.prefix else data[len(cls.prefix) + 1 :]
        if rest is None:
            parts: list[str] = []
        elif fields and fields[-1].kind == "text":
            parts = rest.split(":", len(fields) - 1)
        else:
            parts = rest.split(":")
        required = sum(1 for field in fields if not field.optional)
        if not required <= len(parts) <= len(fields):
            return None
        values: dict[str, Any] = {}
        for field, text in zip(fields, parts):
            if not field.accepts(text):
                return None
            values[field.name] = field.decode(text)
        return cls(**values)

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        """What routes a press to this kind's handler: its prefix, whatever follows; the handler
        then `unpack`s it strictly and answers malformed data as a stale button."""
        return re.compile(rf"^{re.escape(cls.prefix)}(:|\Z)")

    def button(self, text: str) -> InlineKeyboardButton:
        """An inline button labelled `text` carrying this data."""
        return InlineKeyboardButton(text, callback_data=self.pack())


def family_pattern(family: str) -> re.Pattern[str]:
    """What routes every data of a family of kinds (``"stf"`` for ``stf:p``, ``stf:add``...).
    Registered after the family's kinds, its handler gets what none of them took (old, forged or
    broken data) and answers it as a stale button in the family's words."""
    if not any(prefix.startswith(family + ":") for prefix in _PREFIXES):
        raise ValueError(f"no kind of button belongs to the family {family!r}")
    return re.compile(rf"^{re.escape(family)}:")


def pressed(query: CallbackQuery | None, kind: type[CallbackData]) -> Any:
    """The data of the pressed button as `kind`, or None when it is not one."""
    return None if query is None else kind.unpack(query.data)


async def popup(query: CallbackQuery | None, text: str, *, alert: bool = False) -> None:
    """Answer a button press with a pop-up (``alert``: one the person must dismiss).

    ``text`` is a catalogue text as `t()`/`raw()` give it (HTML). Telegram shows pop-ups as plain
    text of at most 200 characters, so it goes out as `bot.messages.popup_text` makes it: tags
    dropped, entities decoded (``A &amp; B`` reads "A & B"), cut with an ellipsis. Every pop-up
    of the bot goes through here (tests/unit/test_popups.py holds the handlers to it).
    """
    assert query is not None
    await query.answer(popup_text(text), show_alert=alert)
