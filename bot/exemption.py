"""The consequence test (uji konsekuensi) of exempt information: its parts and their rules.

UU 14/2008 Pasal 17 and Perki 1/2021 ask, before information is classified as dikecualikan: the
part of the information exempted, the ground (one or more letters a..j of Pasal 17), the
consequence if it were disclosed, the weighing of that consequence against the public interest,
the exemption period (until a date, or a number of years) and the official who decides.

Pure rules, no Telegram. The chat asks the parts one by one (:func:`next_part`, each answer
checked by :func:`check_answer`) and keeps the answers as JSON values; :func:`exemption_from`
turns complete answers into a :class:`storage.items.Exemption`, refusing with
:class:`ExemptionError` (naming what is missing) anything incomplete. The register
(``bot/register.py``) and the review (``bot.workflow.Workflow.recategorise``) call it inside the
transaction that classifies the item. Also here: the period's state on a card
(:func:`exemption_lines`), the Daftar Informasi yang Dikecualikan (:func:`exempt_register`) and the
fields of the decision document (:func:`decision_fields`, the seam for the DOCX template).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, get_args

from bot.texts import raw, t
from bot.typed_text import clean_typed
from bot.workdays import WorkCalendar, add_months
from storage.items import Exemption, InfoItem

if TYPE_CHECKING:  # bot.services builds the workflow, which checks its tests here
    from bot.services import Services

__all__ = [
    "CONSEQUENCE_MIN",
    "GROUND_LETTERS",
    "PARTS",
    "TEXT_MAX",
    "YEARS_MAX",
    "ExemptEntry",
    "ExemptionError",
    "GroundLetter",
    "Part",
    "check_answer",
    "decision_fields",
    "exempt_register",
    "exempt_register_text",
    "exemption_from",
    "exemption_lines",
    "ground_description",
    "ground_label",
    "has_ended",
    "period_ended",
    "legal_basis_of",
    "missing_parts",
    "next_part",
    "parse_until",
    "part_label",
    "toggle_ground",
]

GroundLetter = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
GROUND_LETTERS: tuple[GroundLetter, ...] = get_args(GroundLetter)
# The parts, in the order the chat asks them.
Part = Literal["part", "grounds", "consequence", "public_interest", "until", "decider_name", "decider_position"]
PARTS: tuple[Part, ...] = get_args(Part)
TYPED_PARTS: frozenset[Part] = frozenset({"part", "consequence", "public_interest", "until", "decider_name", "decider_position"})

# The reasoning parts must say something: a consequence or a weighing of one word is no test.
CONSEQUENCE_MIN = 30
_MIN: dict[str, int] = {
    "part": 5, "consequence": CONSEQUENCE_MIN, "public_interest": CONSEQUENCE_MIN,
    "decider_name": 3, "decider_position": 3,
}
TEXT_MAX: dict[str, int] = {
    "part": 500, "consequence": 2000, "public_interest": 2000, "decider_name": 200, "decider_position": 200,
}
# The law allows a fixed period, never a permanent one; thirty years is the longest we accept.
YEARS_MAX = 30
# The key of the letters ticked so far (the ground is answered once "Selesai" is pressed).
PICKED = "picked"


class ExemptionError(Exception):
    """A part refused, or a test incomplete: `key` names the text, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, language: str) -> str:
        """The message in `language` (HTML, values escaped)."""
        return t(self.key, language, **self.values)


# --- labels -----------------------------------------------------------------------------------


def part_label(part: str, language: str = "id") -> str:
    """The name of a part, e.g. "Bagian informasi yang dikecualikan" (plain text)."""
    return raw(f"ex_part_{part}", language)


def ground_label(letter: str, language: str = "id") -> str:
    """A letter of Pasal 17 with its short description, for a button: "a. Penegakan hukum"."""
    return f"{letter}. {raw(f'ex_ground_{letter}', language)}"


def ground_description(letter: str, language: str = "id") -> str:
    """A letter of Pasal 17 with its description as the law words it (plain text)."""
    return f"{letter}. {raw(f'ex_ground_long_{letter}', language)}"


def legal_basis_of(grounds: Sequence[str]) -> str:
    """The ground as the register's legal basis: "UU 14/2008 Pasal 17 huruf a, c" (a citation,
    the same in every language)."""
    return "UU 14/2008 Pasal 17 huruf " + ", ".join(sorted(grounds))


# --- the answers, one by one ------------------------------------------------------------------


def next_part(answers: Mapping[str, Any]) -> Part | None:
    """The first part still to be answered, or None when every part is."""
    return next((part for part in PARTS if part not in answers), None)


def toggle_ground(answers: Mapping[str, Any], letter: object) -> dict[str, Any]:
    """The answers with `letter` ticked or unticked among the ground's letters."""
    if letter not in GROUND_LETTERS:
        raise ExemptionError("ex_err_ground")
    picked = [g for g in answers.get(PICKED, []) if g in GROUND_LETTERS]
    picked = [g for g in picked if g != letter] if letter in picked else sorted({*picked, str(letter)})
    return {**answers, PICKED: picked}


def _bounded(part: str, value: object) -> str:
    text = clean_typed(value)
    minimum, maximum = _MIN[part], TEXT_MAX[part]
    if len(text) < minimum:
        raise ExemptionError("ex_err_too_short", part=part_label(part), min=minimum, length=len(text))
    if len(text) > maximum:
        raise ExemptionError("ex_err_too_long", part=part_label(part), max=maximum, length=len(text))
    return text


_YEARS = re.compile(r"(\d{1,3})\s*(tahun|thn|th|years?|yrs?)?", re.IGNORECASE)
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_until(value: object, today: date) -> date:
    """The last day of an exemption, typed as a number of years from `today` ("5", "5 tahun": the day
    before the fifth anniversary) or a date ("31-12-2030", "31/12/2030", "2030-12-31"): after today,
    within `YEARS_MAX` years."""
    text = clean_typed(value)
    years = _YEARS.fullmatch(text)
    if years is not None:
        count = int(years.group(1))
        if not 1 <= count <= YEARS_MAX:
            raise ExemptionError("ex_err_years", max=YEARS_MAX)
        # N years from today end on the day before the anniversary: the date kept is the last day
        # the exemption holds ("sampai dengan", as the signed decision says).
        return _last_day_after_years(today, count)
    found = _DAY_FIRST.fullmatch(text) or _ISO.fullmatch(text)
    if found is None:
        raise ExemptionError("ex_err_until")
    numbers = [int(n) for n in found.groups()]
    day, month, year = numbers if found.re is _DAY_FIRST else reversed(numbers)
    try:
        until = date(year, month, day)
    except ValueError:
        raise ExemptionError("ex_err_until") from None
    return _within_period(until, today)


def _last_day_after_years(today: date, years: int) -> date:
    return add_months(today, 12 * years) - timedelta(days=1)


def _within_period(until: date, today: date) -> date:
    if until <= today:
        raise ExemptionError("ex_err_until_past")
    if until > _last_day_after_years(today, YEARS_MAX):
        raise ExemptionError("ex_err_years", max=YEARS_MAX)
    return until


def check_answer(part: Part, value: object, today: date) -> Any:
    """A typed part checked, as the JSON value the answers keep (the period: an ISO date)."""
    if part == "until":
        return parse_until(value, today).isoformat()
    if part not in TYPED_PARTS:
        raise ExemptionError("ex_err_use_buttons")
    return _bounded(part, value)


def missing_parts(answers: Mapping[str, Any] | None) -> list[Part]:
    """The parts `answers` lacks (every part for None)."""
    given = answers or {}
    return [part for part in PARTS if given.get(part) in (None, "", [])]


def exemption_from(answers: object, now: datetime, calendar: WorkCalendar) -> Exemption:
    """A complete consequence test from `answers` (a mapping of the parts, or an `Exemption`),
    every part checked again at `now`; `ExemptionError` naming what is missing or wrong."""
    if isinstance(answers, Exemption):
        answers = {
            "part": answers.part, "grounds": list(answers.grounds), "consequence": answers.consequence,
            "public_interest": answers.public_interest, "until": answers.until.isoformat(),
            "decider_name": answers.decider_name, "decider_position": answers.decider_position,
        }
    if not isinstance(answers, Mapping):
        answers = {}
    missing = missing_parts(answers)
    if missing:
        names = ", ".join(part_label(part) for part in missing)
        raise ExemptionError("ex_err_incomplete", parts=names)
    grounds = answers["grounds"]
    if not isinstance(grounds, list) or not all(g in GROUND_LETTERS for g in grounds):
        raise ExemptionError("ex_err_ground")
    today = calendar.local(now).date()
    try:
        until = date.fromisoformat(str(answers["until"]))
    except ValueError:
        raise ExemptionError("ex_err_until") from None
    return Exemption(
        part=_bounded("part", answers["part"]),
        grounds=tuple(sorted(set(grounds))),
        consequence=_bounded("consequence", answers["consequence"]),
        public_interest=_bounded("public_interest", answers["public_interest"]),
        until=_within_period(until, today),
        decider_name=_bounded("decider_name", answers["decider_name"]),
        decider_position=_bounded("decider_position", answers["decider_position"]),
        decided_at=now,
    )


# --- the period on the card -------------------------------------------------------------------


def has_ended(exemption: Exemption, now: datetime, calendar: WorkCalendar) -> bool:
    """Whether the exemption period is over at `now`: from the day after its last day (local date).
    `until` is the last day the exemption holds: the decision says "sampai dengan" that date."""
    return period_ended(exemption.until, now, calendar)


def period_ended(until: date, now: datetime, calendar: WorkCalendar) -> bool:
    """The rule of :func:`has_ended` for a period known by its date only (the public exempt list)."""
    return calendar.local(now).date() > until


def exemption_lines(
    item: InfoItem, calendar: WorkCalendar, language: str = "id", *, now: datetime | None = None, admin: bool = False
) -> list[str]:
    """The consequence test's lines of an exempt item's card (HTML; the ground letters are its legal
    basis line): the part exempted, the period and who decided,
    flagged once the period has ended (with `now`); an item classified before the test existed
    shows "uji konsekuensi belum lengkap" to an `admin`. None for an item that is not exempt."""
    if item.category != "dikecualikan":
        return []
    exemption = item.exemption
    if exemption is None:
        return [t("ex_card_incomplete", language)] if admin else []
    lines = [
        t("ex_card_part", language, part=exemption.part),
        t("ex_card_until", language, date=calendar.format_date(exemption.until, language)),
        t("ex_card_decider", language, name=exemption.decider_name, position=exemption.decider_position),
    ]
    if now is not None and has_ended(exemption, now, calendar):
        lines.append(t("ex_card_ended", language, date=calendar.format_date(exemption.until, language)))
    return lines


# --- the Daftar Informasi yang Dikecualikan and the decision document ------------------------------


@dataclass(frozen=True)
class ExemptEntry:
    """One line of the Daftar Informasi yang Dikecualikan: what is public of an exempt item (its
    summary, ground and period; never its documents)."""

    item_id: int
    summary: str
    unit_id: int
    unit_name: str
    legal_basis: str
    grounds: tuple[str, ...]  # empty for an item whose test is not recorded
    part: str | None  # the part of the information exempted (None: the test is not recorded)
    until: date | None
    ended: bool


async def exempt_register(services: Services, now: datetime | None = None) -> list[ExemptEntry]:
    """The active exempt items with their ground letters and period (`now`: the office clock),
    for the list in chat, the `/dip` export and the public site."""
    moment = now if now is not None else services.clock.now()
    items = await services.items.exempt_items()
    units = {unit.id: unit.name for unit in await services.units.list(active_only=False)}
    return [
        ExemptEntry(
            item_id=item.id,
            summary=item.summary,
            unit_id=item.unit_id,
            unit_name=units.get(item.unit_id, f"#{item.unit_id}"),
            legal_basis=item.legal_basis or "",
            grounds=item.exemption.grounds if item.exemption else (),
            part=item.exemption.part if item.exemption else None,
            until=item.exemption.until if item.exemption else None,
            ended=item.exemption is not None and has_ended(item.exemption, moment, services.calendar),
        )
        for item in items
    ]


def exempt_register_text(entries: Sequence[ExemptEntry], calendar: WorkCalendar, language: str = "id") -> list[str]:
    """The Daftar Informasi yang Dikecualikan as chat lines (HTML), one per item: its summary, unit,
    ground and period (flagged when ended); a heading first. For a command or a page of it."""
    lines = [t("ex_list_title", language, count=len(entries))]
    for entry in entries:
        until = calendar.format_date(entry.until, language) if entry.until is not None else raw("ex_list_no_period", language)
        key = "ex_list_line_ended" if entry.ended else "ex_list_line"
        lines.append(t(key, language, id=entry.item_id, summary=entry.summary, unit=entry.unit_name,
                       basis=entry.legal_basis, until=until))
    return lines


def decision_fields(item: InfoItem, unit_name: str, calendar: WorkCalendar, language: str = "id") -> dict[str, Any]:
    """The fields of the exemption decision document (the DOCX template's context): the item, its
    consequence test with each ground's description, the period and who decided. `ExemptionError`
    for an item without a recorded test."""
    exemption = item.exemption
    if item.category != "dikecualikan" or exemption is None:
        raise ExemptionError("ex_err_incomplete", parts=", ".join(part_label(p) for p in PARTS))
    return {
        "item_id": item.id,
        "summary": item.summary,
        "unit": unit_name,
        "part": exemption.part,
        "legal_basis": legal_basis_of(exemption.grounds),
        "grounds": [{"letter": g, "description": raw(f"ex_ground_long_{g}", language)} for g in exemption.grounds],
        "consequence": exemption.consequence,
        "public_interest": exemption.public_interest,
        "until": calendar.format_date(exemption.until, language),
        "until_iso": exemption.until.isoformat(),
        "decider_name": exemption.decider_name,
        "decider_position": exemption.decider_position,
        "decided_at": calendar.format_local(exemption.decided_at, language),
    }

