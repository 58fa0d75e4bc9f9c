"""A complete consequence test (uji konsekuensi), as the chat collects it: what a test classifying
an item as dikecualikan passes to `bot.register.edit_item` or `Workflow.recategorise`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any


def exemption(grounds: tuple[str, ...] = ("h",), **changes: Any) -> dict[str, Any]:
    """Every part of the test (the period ends long after the office clocks of the tests)."""
    return {
        "part": "Seluruh dokumen",
        "grounds": list(grounds),
        "consequence": "Membuka informasi ini mengungkap rahasia pribadi warga yang tercantum di dalamnya.",
        "public_interest": "Perlindungan data pribadi warga lebih besar daripada manfaat membuka dokumen ini.",
        "until": "2040-12-31",
        "decider_name": "Umar",
        "decider_position": "PPID Utama",
        **changes,
    }


async def answer_the_test(person: Any, deliver: Callable[[], Awaitable[Any]], *, leave_last: bool = False) -> str:
    """Answer every part of the test in chat, as `exemption()` has them (the decider typed); with
    `leave_last`, all but the last (returned, for the caller to send)."""
    sample = exemption()
    person.send_text(sample["part"])
    await deliver()
    person.press_button("▫️ h. Rahasia pribadi")
    await deliver()
    person.press_button("✔️ Selesai")
    await deliver()
    typed = [sample["consequence"], sample["public_interest"], "31-12-2040", sample["decider_name"], sample["decider_position"]]
    for text in typed[:-1] if leave_last else typed:
        person.send_text(text)
        await deliver()
    return typed[-1]
