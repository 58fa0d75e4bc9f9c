"""The buttons of `/sertamerta` (one `CallbackData` class per kind, see `handlers.callbacks`).

`form` is the number of the form the person has open (`handlers.serta_merta` keeps it): a button
of a form they left behind is refused as outdated, never applied to the one in hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.callbacks import CallbackData


@dataclass(frozen=True)
class SmUnit(CallbackData, prefix="sm:u"):
    """The unit holding the information."""

    form: int
    unit_id: int


@dataclass(frozen=True)
class SmByPhone(CallbackData, prefix="sm:tel"):
    """Step 2 was done by phone: no letter."""

    form: int


@dataclass(frozen=True)
class SmSend(CallbackData, prefix="sm:send"):
    """The previewed announcement is right: register it and send it to PPID Utama."""

    form: int


@dataclass(frozen=True)
class SmEdit(CallbackData, prefix="sm:edit"):
    """Choose an element of the previewed announcement to correct."""

    form: int


@dataclass(frozen=True)
class SmElement(CallbackData, prefix="sm:el"):
    """Correct element `element` (1..8) of the previewed announcement."""

    form: int
    element: int


@dataclass(frozen=True)
class SmFix(CallbackData, prefix="sm:fix"):
    """After a return: the person who started it corrects the announcement."""

    cycle_id: int


@dataclass(frozen=True)
class SmPublish(CallbackData, prefix="sm:pub"):
    """"Ya, kirim" under the preview sent on approval: coordinate the publication and post it."""

    cycle_id: int
    version: int
