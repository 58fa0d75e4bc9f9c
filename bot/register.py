"""The register of public information (DIP): its rules, labels, item card, and changes.

Pure domain logic, no Telegram: the handlers (``handlers/register_list.py``,
``handlers/register_form.py``) and later flows (review, publication) call these functions.

* Validation of every field, with messages in the person's language (Indonesian first): a
  failing check raises :class:`ValidationError`, whose ``text(language)`` is ready to send.
* Labels of categories, periods, forms and statuses, and :func:`item_card`, the HTML card of an
  item listing the DIP columns plus category, period, status, last published and next due.
* The changes - :func:`add_item`, :func:`edit_item`, :func:`deactivate_item`,
  :func:`reactivate_item` - each ONE transaction with ONE audit entry, each checking again in the
  database, inside that transaction, that the actor holds the admin role.

Rules (design.md): a berkala item has a period (monthly, quarterly, semester - the maximum - or
yearly) and only a berkala item has one; an exempt (dikecualikan) item has a complete consequence
test (``bot/exemption.py``: the part, the ground letters of Pasal 17, the consequence, the weighing,
the period, the deciding official), whose ground letters are its legal basis, and only an exempt
item has one. An item classified before the test existed keeps its typed legal basis until it is
re-tested. Which fields an item of a category has,
which question of a draft comes next and what a change of category clears are here alone
(:func:`fields_of`, :func:`next_question`, :func:`with_category`): the conversation asks them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any, Literal, cast, get_args

from bot.exemption import PARTS, ExemptionError, exemption_from, exemption_lines, legal_basis_of, part_label
from bot.public_search import refresh_item
from bot.services import Services
from bot.texts import raw, t
from bot.typed_text import clean_typed
from bot.workdays import WorkCalendar
from storage.cycles import Cycle
from storage.items import (
    CATEGORIES,
    FORMS,
    PERIODS,
    Category,
    Exemption,
    Form,
    InfoItem,
    ItemStatus,
    Period,
    exemption_columns,
)
from storage.units import Unit

__all__ = [
    "ADMIN_ROLE",
    "DRAFT_FIELDS",
    "EDITABLE_FIELDS",
    "ONLY_FOR",
    "LEGAL_BASIS_MAX",
    "LEGAL_BASIS_MIN",
    "SUMMARY_MAX",
    "SUMMARY_MIN",
    "TEXT_FIELDS",
    "TEXT_MAX",
    "Change",
    "DraftField",
    "ItemMissing",
    "NotAllowed",
    "RegisterError",
    "ValidationError",
    "add_item",
    "category_label",
    "check_exemption",
    "classification_label",
    "clean_text",
    "deactivate_item",
    "draft_card",
    "edit_item",
    "exemption_details",
    "field_label",
    "field_of_category",
    "fields_of",
    "form_label",
    "has_field",
    "item_card",
    "next_question",
    "parse_category",
    "parse_form",
    "parse_period",
    "period_label",
    "reactivate_item",
    "require_field",
    "status_label",
    "validate_classification",
    "validate_draft",
    "validate_legal_basis",
    "validate_made_time_place",
    "validate_responsible",
    "validate_retention",
    "validate_summary",
    "validate_text_field",
    "validate_unit",
    "visible_unit_ids",
    "with_category",
]

ADMIN_ROLE = "admin"

SUMMARY_MIN, SUMMARY_MAX = 5, 500
LEGAL_BASIS_MIN, LEGAL_BASIS_MAX = 10, 1000
# Upper bounds of the other free-text fields (they keep an item card well within one message).
TEXT_MAX: dict[str, int] = {"responsible": 200, "made_time_place": 200, "retention": 100}

# The fields an item must have filled in to be in the register (reactivated).
COMPLETE_FIELDS: tuple[str, ...] = ("responsible", "made_time_place", "retention")
# Free-text fields, validated by `validate_text_field`.
TEXT_FIELDS: tuple[str, ...] = ("summary", "responsible", "made_time_place", "retention", "legal_basis")
# The fields of a draft, in the order the guided conversation asks them.
DraftField = Literal[
    "summary",
    "unit_id",
    "responsible",
    "made_time_place",
    "category",
    "period",
    "legal_basis",
    "form",
    "retention",
]
DRAFT_FIELDS: tuple[DraftField, ...] = get_args(DraftField)
# What `edit_item` may change (status changes go through deactivate/reactivate).
EDITABLE_FIELDS: tuple[str, ...] = DRAFT_FIELDS
# The fields only one category has: the period of a berkala item, the legal basis of an exempt
# one. Every other field belongs to every item.
ONLY_FOR: dict[DraftField, Category] = {"period": "berkala", "legal_basis": "dikecualikan"}
_NOT_FOR_OTHERS: dict[DraftField, str] = {
    "period": "dip_err_period_only_berkala",
    "legal_basis": "dip_err_basis_only_exempt",
}


# --- errors ---------------------------------------------------------------------------------


class RegisterError(Exception):
    """A refusal with a message for the person: ``text(language)`` renders it."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, language: str) -> str:
        """The message in ``language`` (HTML, values escaped)."""
        values = {
            name: field_label(value, language) if name == "field" else value for name, value in self.values.items()
        }
        return t(self.key, language, **values)


class ValidationError(RegisterError):
    """An answer that does not fit the field; the question should be asked again."""


class NotAllowed(RegisterError):
    """The actor does not hold the admin role (checked in the database)."""

    def __init__(self) -> None:
        super().__init__("dip_err_not_admin")


class ItemMissing(RegisterError):
    """No item with that id."""

    def __init__(self, item_id: int) -> None:
        super().__init__("dip_err_not_found", id=item_id)


@dataclass(frozen=True)
class Change:
    """The outcome of a change: the item as it is now, and whether anything was written."""

    item: InfoItem
    changed: bool
    ended_cycle: Cycle | None = None  # the open cycle this change ended (as it was: its step)


# --- which fields an item has ---------------------------------------------------------------


def has_field(category: str | None, field: str) -> bool:
    """Whether an item of `category` has `field`: the period only a berkala item, the legal basis
    only an exempt one, every other field every item (None: no category chosen yet)."""
    owner = ONLY_FOR.get(cast(DraftField, field))
    return owner is None or owner == category


def fields_of(category: str | None) -> tuple[DraftField, ...]:
    """The fields of an item of `category`, in the order the conversation asks them (with no
    category yet: the fields every item has). An admin may edit exactly these."""
    return tuple(field for field in DRAFT_FIELDS if has_field(category, field))


def require_field(category: str | None, field: str) -> None:
    """Refuse `field` for an item of `category` that does not have it (ValidationError)."""
    if not has_field(category, field):
        raise ValidationError(_NOT_FOR_OTHERS[cast(DraftField, field)])


def field_of_category(category: str | None) -> DraftField | None:
    """The field only `category` has, asked right after choosing it (berkala: the period,
    dikecualikan: the legal basis), or None."""
    return next((field for field, owner in ONLY_FOR.items() if owner == category), None)


def next_question(draft: Mapping[str, Any]) -> DraftField | None:
    """The first field of `draft` still to be answered, or None when the draft is complete."""
    return next((field for field in fields_of(draft.get("category")) if field not in draft), None)


def with_category(draft: Mapping[str, Any], category: str) -> dict[str, Any]:
    """`draft` with `category` chosen: the answers only a category has are dropped, so a new
    category asks for its own (a berkala draft turned exempt keeps no period)."""
    changed = {**draft, "category": category}
    for field in ONLY_FOR:
        changed.pop(field, None)
    changed.pop("exemption", None)  # the consequence test goes with the legal basis it gave
    return changed


# --- validation -----------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """Typed text, cleaned as everywhere (`bot.typed_text.clean_typed`)."""
    return clean_typed(value)


def _bounded(field: str, value: object, minimum: int, maximum: int) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError("dip_err_required", field=field)
    if len(text) < minimum:
        raise ValidationError("dip_err_too_short", field=field, min=minimum, length=len(text))
    if len(text) > maximum:
        raise ValidationError("dip_err_too_long", field=field, max=maximum, length=len(text))
    return text


def validate_summary(value: object) -> str:
    """The summary of content: 5 to 500 characters."""
    return _bounded("summary", value, SUMMARY_MIN, SUMMARY_MAX)


def validate_responsible(value: object) -> str:
    """The person (or office) responsible: not empty."""
    return _bounded("responsible", value, 1, TEXT_MAX["responsible"])


def validate_made_time_place(value: object) -> str:
    """When and where the information was made: not empty."""
    return _bounded("made_time_place", value, 1, TEXT_MAX["made_time_place"])


def validate_retention(value: object) -> str:
    """The retention period: not empty."""
    return _bounded("retention", value, 1, TEXT_MAX["retention"])


def validate_legal_basis(value: object) -> str:
    """The legal basis of an exemption: at least 10 characters (e.g. "UU 14/2008 Pasal 17 huruf a")."""
    text = clean_text(value)
    if len(text) < LEGAL_BASIS_MIN:
        raise ValidationError("dip_err_legal_basis", min=LEGAL_BASIS_MIN)
    if len(text) > LEGAL_BASIS_MAX:
        raise ValidationError("dip_err_too_long", field="legal_basis", max=LEGAL_BASIS_MAX, length=len(text))
    return text


_TEXT_VALIDATORS = {
    "summary": validate_summary,
    "responsible": validate_responsible,
    "made_time_place": validate_made_time_place,
    "retention": validate_retention,
    "legal_basis": validate_legal_basis,
}


def validate_text_field(field: str, value: object) -> str:
    """Validate the free-text ``field`` (one of ``TEXT_FIELDS``)."""
    validator = _TEXT_VALIDATORS.get(field)
    if validator is None:
        raise ValidationError("dip_err_field")
    return validator(value)


def parse_category(value: object) -> Category:
    """One of ``CATEGORIES``."""
    if value not in CATEGORIES:
        raise ValidationError("dip_err_choice", field="category")
    return cast(Category, value)


def parse_period(value: object) -> Period:
    """One of ``PERIODS``."""
    if value not in PERIODS:
        raise ValidationError("dip_err_choice", field="period")
    return cast(Period, value)


def parse_form(value: object) -> Form:
    """One of ``FORMS``."""
    if value not in FORMS:
        raise ValidationError("dip_err_choice", field="form")
    return cast(Form, value)


def validate_classification(
    category: object, period: object, legal_basis: object, exemption: Exemption | None = None
) -> tuple[Category, Period | None, str | None]:
    """Category with its period (berkala only, required) and legal basis (dikecualikan only,
    required: the ground letters of its consequence test `exemption`, which is required too)."""
    chosen = parse_category(category)
    if chosen == "dikecualikan":
        _no_period(period)
        if exemption is None:
            raise ValidationError("ex_err_incomplete", parts=_all_parts())
        return chosen, None, legal_basis_of(exemption.grounds)
    if exemption is not None:
        require_field(chosen, "legal_basis")
    checked_period: Period | None = None
    if has_field(chosen, "period"):
        if period is None:
            raise ValidationError("dip_err_period_required")
        checked_period = parse_period(period)
    elif period is not None:
        require_field(chosen, "period")
    if legal_basis is not None and clean_text(legal_basis):
        require_field(chosen, "legal_basis")
    return chosen, checked_period, None


def _no_period(period: object) -> None:
    """An item that is not berkala has no period (refused if one is given)."""
    if period is not None:
        require_field("dikecualikan", "period")


def _all_parts() -> str:
    """The names of every part of the test (the refusal of an exempt item without one)."""
    return ", ".join(part_label(part) for part in PARTS)


def check_exemption(services: Services, answers: object) -> Exemption:
    """A complete consequence test from `answers` (the chat's answers or an `Exemption`), checked
    at the office clock's now; ValidationError naming what is missing."""
    try:
        return exemption_from(answers, services.clock.now(), services.calendar)
    except ExemptionError as error:
        raise ValidationError(error.key, **error.values) from None


def exemption_details(exemption: Exemption | None) -> dict[str, Any] | None:
    """A consequence test as JSON values (the audit entry's and the step event's record)."""
    if exemption is None:
        return None
    return {
        "part": exemption.part,
        "grounds": list(exemption.grounds),
        "consequence": exemption.consequence,
        "public_interest": exemption.public_interest,
        "until": exemption.until.isoformat(),
        "decider_name": exemption.decider_name,
        "decider_position": exemption.decider_position,
    }


async def validate_unit(services: Services, unit_id: object) -> Unit:
    """An existing, active unit."""
    if isinstance(unit_id, bool) or not isinstance(unit_id, int):
        raise ValidationError("dip_err_unit")
    unit = await services.units.get(unit_id)
    if unit is None or not unit.active:
        raise ValidationError("dip_err_unit")
    return unit


async def validate_draft(services: Services, draft: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a draft checked again; returns the values ``ItemRepository.add`` takes."""
    exempt = draft.get("category") == "dikecualikan"
    exemption = check_exemption(services, draft.get("exemption")) if exempt else None
    if not exempt and draft.get("exemption") is not None:
        require_field(draft.get("category"), "legal_basis")
    category, period, legal_basis = validate_classification(
        draft.get("category"), draft.get("period"), draft.get("legal_basis"), exemption
    )
    unit = await validate_unit(services, draft.get("unit_id"))
    return {
        "summary": validate_summary(draft.get("summary")),
        "unit_id": unit.id,
        "responsible": validate_responsible(draft.get("responsible")),
        "made_time_place": validate_made_time_place(draft.get("made_time_place")),
        "form": parse_form(draft.get("form")),
        "retention": validate_retention(draft.get("retention")),
        "category": category,
        "period": period,
        "legal_basis": legal_basis,
        "exemption": exemption,
    }


# --- labels and the card --------------------------------------------------------------------


def category_label(category: str, language: str = "id") -> str:
    """"Berkala", "Serta merta", "Setiap saat" or "Dikecualikan" (plain text)."""
    return raw(f"dip_cat_{category}", language)


def period_label(period: str, language: str = "id") -> str:
    """"Bulanan", "Triwulanan", "Semesteran" or "Tahunan" (plain text)."""
    return raw(f"dip_period_{period}", language)


def form_label(form: str, language: str = "id") -> str:
    """"Softcopy", "Hardcopy" or "Softcopy dan hardcopy" (plain text)."""
    return raw(f"dip_form_{form}", language)


def status_label(status: ItemStatus | str, language: str = "id") -> str:
    """"Aktif" or "Nonaktif" (plain text)."""
    return raw(f"dip_status_{status}", language)


def field_label(field: str, language: str = "id") -> str:
    """The name of a DIP column for people, e.g. "Ringkasan isi informasi" (plain text)."""
    return raw(f"dip_field_{field}", language)


def classification_label(category: str, period: str | None, language: str = "id") -> str:
    """The category with its period, e.g. "Berkala (Bulanan)" (plain text)."""
    label = category_label(category, language)
    return f"{label} ({period_label(period, language)})" if category == "berkala" and period else label


def _line(field: str, value: str, language: str) -> str:
    return f"<b>{escape(field_label(field, language))}:</b> {escape(value)}"


def _dip_lines(values: Mapping[str, Any], unit_name: str, language: str) -> list[str]:
    """The DIP columns and the classification of an item or a draft, one HTML line each."""
    lines = [
        _line("summary", str(values.get("summary") or ""), language),
        _line("unit_id", unit_name, language),
        _line("responsible", str(values.get("responsible") or ""), language),
        _line("made_time_place", str(values.get("made_time_place") or ""), language),
        _line("form", form_label(str(values.get("form")), language) if values.get("form") else "", language),
        _line("retention", str(values.get("retention") or ""), language),
    ]
    category = values.get("category")
    if category:
        lines.append(_line("category", category_label(str(category), language), language))
        if has_field(str(category), "period") and values.get("period"):
            lines.append(_line("period", period_label(str(values["period"]), language), language))
        if has_field(str(category), "legal_basis"):
            lines.append(_line("legal_basis", str(values.get("legal_basis") or ""), language))
    return lines


def item_card(
    item: InfoItem,
    unit_name: str,
    calendar: WorkCalendar,
    language: str = "id",
    *,
    now: datetime | None = None,
    admin: bool = False,
) -> str:
    """The HTML card of an item: DIP columns, category, period, status, last published, next due;
    for an exempt item its consequence test's period, flagged when it has ended at `now` (the
    office clock), and for an `admin` a test not recorded yet."""
    values = {name: getattr(item, name) for name in DRAFT_FIELDS}
    lines = [t("dip_card_title", language, id=item.id), *_dip_lines(values, unit_name, language)]
    lines += exemption_lines(item, calendar, language, now=now, admin=admin)
    lines.append(_line("status", status_label(item.status, language), language))
    for field in ("last_published_at", "next_due_at"):
        moment = getattr(item, field)
        shown = calendar.format_local(moment, language) if moment is not None else raw("dip_never", language)
        lines.append(_line(field, shown, language))
    return "\n".join(lines)


def draft_card(draft: Mapping[str, Any], unit_name: str, calendar: WorkCalendar, language: str = "id") -> str:
    """The HTML summary of a draft before it is saved (the DIP columns and the classification,
    with the consequence test of an exempt one; its period as the card will show it)."""
    lines = [raw("dip_draft_title", language), *_dip_lines(draft, unit_name, language)]
    answers = draft.get("exemption")
    if draft.get("category") == "dikecualikan" and isinstance(answers, Mapping):
        for part in ("part", "consequence", "public_interest", "until", "decider_name", "decider_position"):
            if not answers.get(part):
                continue
            if part == "until" and _iso_date(answers[part]) is not None:
                day = calendar.format_date(_iso_date(answers[part]), language)  # type: ignore[arg-type]
                lines.append(t("ex_card_until", language, date=day))
            else:
                lines.append(f"<b>{escape(part_label(part, language))}:</b> {escape(str(answers[part]))}")
    return "\n".join(lines)


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def visible_unit_ids(roles: Collection[str], unit_ids: Collection[int]) -> frozenset[int] | None:
    """Which units' items a person may see: None for every unit; a PPID Pelaksana with no other
    role sees only the items of their own unit(s)."""
    if set(roles) <= {"pelaksana"}:
        return frozenset(unit_ids)
    return None


# --- changes (one transaction, one audit entry each) ----------------------------------------


async def _require_admin(services: Services, actor_id: int) -> None:
    """Refuse unless the actor holds the admin role now (read inside the caller's transaction)."""
    if not await services.users.has_role(actor_id, ADMIN_ROLE):
        raise NotAllowed()


async def _existing(services: Services, item_id: int) -> InfoItem:
    item = await services.items.get(item_id)
    if item is None:
        raise ItemMissing(item_id)
    return item


def _dip_details(item: InfoItem) -> dict[str, Any]:
    """The DIP fields of an item as JSON values (what ``item.add`` records), with the consequence
    test of an exempt one."""
    details = {name: getattr(item, name) for name in DRAFT_FIELDS}
    if item.exemption is not None:
        details["exemption"] = exemption_details(item.exemption)
    return details


async def add_item(services: Services, actor_id: int, draft: Mapping[str, Any]) -> InfoItem:
    """Register a new item from a complete draft (every field checked again); audit ``item.add``."""
    async with services.db.transaction() as conn:
        await _require_admin(services, actor_id)
        values = await validate_draft(services, draft)
        item = await services.items.add(conn, **values)  # with the consequence test of an exempt item
        if item.category == "berkala" and item.period:
            # First due one period from registration; the sweep opens its cycle ahead of that.
            next_due = services.calendar.next_due(services.clock.now(), item.period)
            item = await services.items.update(conn, item.id, next_due_at=next_due)
        await services.audit.append(
            conn,
            actor_id=actor_id,
            action="item.add",
            entity_type="item",
            entity_id=item.id,
            details=_dip_details(item),
        )
    return item


def _next_due(services: Services, item: InfoItem, category: str, period: str | None) -> Any:
    """The due date after a change of category or period: one period after the last publication
    (or from now, if never published); none for information that is not berkala."""
    if category != "berkala" or not period:
        return None
    return services.calendar.next_due(item.last_published_at or services.clock.now(), period)


async def _edit_values(
    services: Services, item: InfoItem, field: str, value: object, period: object, legal_basis: object,
    exemption: object,
) -> dict[str, Any]:
    """The columns an edit of ``field`` writes, validated against the item as it is (``exemption``:
    the item's own value of the consequence test, not a column)."""
    if field == "category":
        test = check_exemption(services, exemption) if value == "dikecualikan" else None
        if test is None and exemption is not None:
            require_field(parse_category(value), "legal_basis")
        category, checked_period, checked_basis = validate_classification(value, period, legal_basis, test)
        return {"category": category, "period": checked_period, "legal_basis": checked_basis, "exemption": test}
    if field == "period":
        require_field(item.category, field)
        return {"period": parse_period(value)}
    if field == "legal_basis":
        # The legal basis of an exempt item is its consequence test's ground: a re-test.
        require_field(item.category, field)
        test = check_exemption(services, exemption)
        return {"legal_basis": legal_basis_of(test.grounds), "exemption": test}
    if field == "unit_id":
        return {"unit_id": (await validate_unit(services, value)).id}
    if field == "form":
        return {"form": parse_form(value)}
    if field in TEXT_FIELDS:
        return {field: validate_text_field(field, value)}
    raise ValidationError("dip_err_field")


async def edit_item(
    services: Services,
    actor_id: int,
    item_id: int,
    field: str,
    value: object,
    *,
    period: object = None,
    legal_basis: object = None,
    exemption: object = None,
) -> Change:
    """Change one field of an item; audit ``item.edit`` with the old and new values.

    ``field`` is one of ``EDITABLE_FIELDS``. Changing the ``category`` also sets its ``period``
    (berkala) or its consequence test ``exemption`` and the legal basis it gives (dikecualikan)
    and clears the other; editing the ``legal_basis`` of an exempt item is a new consequence test
    (``exemption``, complete, required). A value equal to the current one writes nothing
    (``changed`` False, no audit entry).
    """
    if field not in EDITABLE_FIELDS:
        raise ValidationError("dip_err_field")
    async with services.db.transaction() as conn:
        await _require_admin(services, actor_id)
        item = await _existing(services, item_id)
        values = await _edit_values(services, item, field, value, period, legal_basis, exemption)
        old = {name: getattr(item, name) for name in values}
        if old == values:
            return Change(item, False)
        if values.get("category") == "dikecualikan" and await services.workflow.publication_under_way(item_id):
            # The post is going out (its claim committed): ending the cycle now would not stop it,
            # and it would be recorded as a publication of exempt information. After it is
            # recorded, the change goes through and the publication can be withdrawn.
            raise RegisterError("dip_err_publishing")
        written = {name: value for name, value in values.items() if name != "exemption"}
        if "exemption" in values:
            written.update(exemption_columns(values["exemption"]))
        if field in ("category", "period"):
            category, period = values.get("category", item.category), values.get("period", item.period)
            written["next_due_at"] = _next_due(services, item, category, period)
        try:
            updated = await services.items.update(conn, item_id, **written)
        except sqlite3.IntegrityError as error:  # pragma: no cover - validation covers the CHECKs
            raise ValidationError("dip_err_field") from error
        await refresh_item(conn, services, item_id)  # the public search shows the item as it is now
        details: dict[str, Any] = {"field": field}
        recorded = {
            name: exemption_details(v) if name == "exemption" else v
            for name, v in values.items()
            if name != "exemption" or v is not None  # a test is recorded when there is one
        }
        if field == "category":
            details.update(old={name: v for name, v in old.items() if name != "exemption"}, new=recorded)
        else:
            details.update(old=old[field], new=recorded[field])
            if "exemption" in recorded:
                details["exemption"] = recorded["exemption"]
        ended = None
        if values.get("category") == "dikecualikan":
            # Exempt information is never announced: its open cycle ends in this same transaction.
            ended = await services.workflow.end_open_cycle(conn, item_id, actor_id=actor_id, reason="item_exempt")
            if ended is not None:
                details["ended_cycle_id"] = ended.id
        await services.audit.append(
            conn, actor_id=actor_id, action="item.edit", entity_type="item", entity_id=item_id, details=details
        )
    return Change(updated, True, ended)


async def _set_status(services: Services, actor_id: int, item_id: int, status: ItemStatus, action: str) -> Change:
    async with services.db.transaction() as conn:
        await _require_admin(services, actor_id)
        item = await _existing(services, item_id)
        if item.status == status:
            return Change(item, False)
        if status == "inactive" and await services.items.has_open_cycle(item_id):
            raise RegisterError("dip_err_open_cycle")
        if status == "active" and not all(getattr(item, name).strip() for name in COMPLETE_FIELDS):
            # An item imported from the checklist (`bot.required_info`) starts with these empty.
            raise RegisterError("req_err_incomplete")
        await services.items.set_status(conn, item_id, status)
        await refresh_item(conn, services, item_id)  # an inactive item leaves the public search
        await services.audit.append(
            conn,
            actor_id=actor_id,
            action=action,
            entity_type="item",
            entity_id=item_id,
            details={"old": item.status, "new": status},
        )
        updated = await _existing(services, item_id)
    return Change(updated, True)


async def deactivate_item(services: Services, actor_id: int, item_id: int) -> Change:
    """Take an item out of the register (not while an update cycle is open); audit ``item.deactivate``."""
    return await _set_status(services, actor_id, item_id, "inactive", "item.deactivate")


async def reactivate_item(services: Services, actor_id: int, item_id: int) -> Change:
    """Put a deactivated item back in the register; audit ``item.reactivate``."""
    return await _set_status(services, actor_id, item_id, "active", "item.reactivate")
