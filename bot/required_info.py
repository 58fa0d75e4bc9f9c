"""The checklist of information every public body must announce periodically (informasi yang wajib
disediakan dan diumumkan secara berkala: UU 14/2008 Pasal 9, Perki 1/2021 Pasal 11-12), its import
into a unit's register, and what each unit still lacks.

The checklist is data, `bot/data/informasi_wajib_berkala.toml`; `load_required_info` checks it like
`bot.sop.load_sop` checks the SOP and raises `RequiredInfoError` naming the place of the first
problem (e.g. ``entries[3].period``), in Indonesian.

The import (`import_required_info`, an admin, for one unit, in one step) turns each entry the unit
does not have yet into an **inactive** berkala item of the register, marked with the entry's key
(`storage.required_info`, migration 0019). Inactive is how "to complete" is represented: an
inactive item is outside the register's sweep and never reaches the public (search, web site,
channel); the admin fills in its DIP fields on its card and reactivates it, and from then on it is
an ordinary berkala item, public only once published. A second import adds nothing: the key is
remembered per item, whatever its status (a deactivated one is not imported again).

An entry counts as present in a unit when the unit has an active item carrying its key;
`missing_by_unit` is what `/kepatuhan` lists.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bot.placed_error import PlacedError
from bot.register import ADMIN_ROLE, NotAllowed, RegisterError, validate_summary
from bot.services import Services
from bot.task_view import shorten
from bot.texts import t
from storage.items import FORMS, PERIODS, Form, Period
from storage.required_info import RequiredInfoRepository

__all__ = [
    "DEFAULT_RESOURCE",
    "ImportResult",
    "RequiredEntry",
    "RequiredInfoError",
    "import_required_info",
    "load_required_info",
    "missing_by_unit",
    "missing_text",
    "parse_required_info",
]

DEFAULT_RESOURCE = "informasi_wajib_berkala.toml"
# The file the bot reads; None: the one shipped with it (a test may point it elsewhere).
DATA_PATH: Path | None = None
_KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
KEY_MAX = 40


class RequiredInfoError(PlacedError):
    """The checklist file cannot be used; `location` names the place (e.g. `entries[3].period`)."""


@dataclass(frozen=True)
class RequiredEntry:
    """One entry of the checklist: what the register item imported from it starts with."""

    key: str
    summary: str
    period: Period
    form: Form
    source: str


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the items it created (ids, in the file's order) and the entries the
    unit already had."""

    unit_id: int
    created: tuple[int, ...]
    already: int


def _text(source: str, table: dict[str, Any], key: str, where: str) -> str:
    location = f"{where}.{key}"
    value = table.get(key)
    if value is None:
        raise RequiredInfoError(source, location, "wajib diisi (missing)")
    if not isinstance(value, str):
        raise RequiredInfoError(source, location, f"harus berupa teks, bukan {type(value).__name__}")
    if not value.strip():
        raise RequiredInfoError(source, location, "tidak boleh kosong (empty)")
    return " ".join(value.split())


def _entry(source: str, table: object, where: str) -> RequiredEntry:
    if not isinstance(table, dict):
        raise RequiredInfoError(source, where, "harus berupa tabel [[entries]]")
    unknown = sorted(set(table) - {"key", "summary", "period", "form", "source"})
    if unknown:
        raise RequiredInfoError(source, f"{where}.{unknown[0]}", "kolom tidak dikenal (unknown key)")
    key = _text(source, table, "key", where)
    if len(key) > KEY_MAX or not set(key) <= _KEY_CHARACTERS:
        raise RequiredInfoError(
            source, f"{where}.key", f"hanya huruf kecil, angka dan _ (paling banyak {KEY_MAX} karakter)"
        )
    summary = _text(source, table, "summary", where)
    try:
        validate_summary(summary)
    except RegisterError:
        raise RequiredInfoError(source, f"{where}.summary", "panjang ringkasan tidak sesuai aturan register") from None
    period = _text(source, table, "period", where)
    if period not in PERIODS:
        raise RequiredInfoError(source, f"{where}.period", f"harus salah satu dari: {', '.join(PERIODS)}")
    form = _text(source, table, "form", where)
    if form not in FORMS:
        raise RequiredInfoError(source, f"{where}.form", f"harus salah satu dari: {', '.join(FORMS)}")
    return RequiredEntry(key, summary, period, form, _text(source, table, "source", where))  # type: ignore[arg-type]


def parse_required_info(text: str, source: str = DEFAULT_RESOURCE) -> tuple[RequiredEntry, ...]:
    """Parse and check the TOML text of the checklist: at least one entry, each key once."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RequiredInfoError(source, "", f"bukan TOML yang sah: {error}") from None
    tables = data.get("entries")
    if not isinstance(tables, list) or not tables:
        raise RequiredInfoError(source, "entries", "harus berupa daftar [[entries]] yang tidak kosong")
    entries: list[RequiredEntry] = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        entry = _entry(source, table, f"entries[{index}]")
        if entry.key in seen:
            raise RequiredInfoError(source, f"entries[{index}].key", f"kunci {entry.key!r} sudah dipakai")
        seen.add(entry.key)
        entries.append(entry)
    return tuple(entries)


def load_required_info(path: Path | None = None) -> tuple[RequiredEntry, ...]:
    """The checklist from `path` (default `DATA_PATH`, else the file shipped with the bot)."""
    path = path if path is not None else DATA_PATH
    if path is None:
        text = resources.files("bot").joinpath("data").joinpath(DEFAULT_RESOURCE).read_text(encoding="utf-8")
        return parse_required_info(text, DEFAULT_RESOURCE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RequiredInfoError(str(path), "", "berkas tidak ditemukan (file not found)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RequiredInfoError(str(path), "", f"berkas tidak dapat dibaca: {error}") from None
    return parse_required_info(text, str(path))


def repository(services: Services) -> RequiredInfoRepository:
    return RequiredInfoRepository(services.db)


async def import_required_info(
    services: Services, actor_id: int, unit_id: int, entries: tuple[RequiredEntry, ...]
) -> ImportResult:
    """Add, for an active unit, an inactive berkala item for each entry it has not had yet; one
    transaction with one audit entry ``item.import_required`` (none when nothing is added).

    `NotAllowed` unless the actor is an admin now; `RegisterError("req_err_unit")` for a unit that
    does not exist or is inactive.
    """
    store = repository(services)
    async with services.db.transaction() as conn:
        if not await services.users.has_role(actor_id, ADMIN_ROLE):
            raise NotAllowed()
        unit = await services.units.get(unit_id)
        if unit is None or not unit.active:
            raise RegisterError("req_err_unit")
        imported = await store.imported_keys(unit_id)
        new = [entry for entry in entries if entry.key not in imported]
        created: list[int] = []
        now = services.clock.now()
        for entry in new:
            item = await services.items.add(
                conn, summary=entry.summary, unit_id=unit_id, responsible="", made_time_place="",
                form=entry.form, retention="", category="berkala", period=entry.period, legal_basis=None,
            )
            # Inactive until completed; its first due date is set now, as `add_item` does, so
            # that reactivating it puts it in the sweep.
            await services.items.update(
                conn, item.id, status="inactive", next_due_at=services.calendar.next_due(now, entry.period)
            )
            await store.mark(conn, item.id, entry.key)
            created.append(item.id)
        if created:
            await services.audit.append(
                conn,
                actor_id=actor_id,
                action="item.import_required",
                entity_type="unit",
                entity_id=unit_id,
                details={"items": dict(zip((entry.key for entry in new), created, strict=True))},
            )
    return ImportResult(unit_id, tuple(created), len(entries) - len(new))


async def missing_by_unit(
    services: Services, entries: tuple[RequiredEntry, ...], unit_ids: Collection[int] | None = None
) -> list[tuple[str, tuple[RequiredEntry, ...]]]:
    """Per active unit (by name; only `unit_ids` when given), the entries it lacks as an active
    item of its register; units lacking nothing are left out."""
    present = await repository(services).present_keys(unit_ids)
    missing: list[tuple[str, tuple[RequiredEntry, ...]]] = []
    for unit in await services.units.list():
        if unit_ids is not None and unit.id not in unit_ids:
            continue
        has = present.get(unit.id, frozenset())
        lacks = tuple(entry for entry in entries if entry.key not in has)
        if lacks:
            missing.append((unit.name, lacks))
    return missing


ENTRY_IN_TEXT = 90  # characters of an entry's summary in a message


def missing_text(missing: list[tuple[str, tuple[RequiredEntry, ...]]], total: int, language: str = "id") -> list[str]:
    """The section of `/kepatuhan`: per unit, the entries it lacks of the `total` of the checklist
    (HTML blocks for `bot.messages.pack_messages`)."""
    heading = t("req_missing_heading", language)
    if not missing:
        return [heading + "\n" + t("req_missing_none", language)]
    blocks = [heading]
    # A unit lacking every entry (not imported yet, the usual start) is one line, so that an office
    # of many units reads a short list; the others name each entry they lack.
    lacking_all = [name for name, lacks in missing if len(lacks) == total]
    if lacking_all:
        blocks.append(
            "\n".join(t("req_missing_all", language, unit=shorten(name, 60), count=total) for name in lacking_all)
        )
    for unit_name, lacks in missing:
        if len(lacks) == total:
            continue
        lines = [t("req_missing_unit", language, unit=shorten(unit_name, 60), count=len(lacks))]
        lines += [t("req_missing_entry", language, summary=shorten(entry.summary, ENTRY_IN_TEXT)) for entry in lacks]
        blocks.append("\n".join(lines))
    blocks.append(t("req_missing_hint", language))
    return blocks
