"""The SOP as data: the model of an SOP table and the loader of its TOML file.

The workflow engine is generic over this model, so another office's SOP of the same form (the
standard "SOP Administrasi Pemerintahan" table: header, activities, actors, Mutu Baku) can be
loaded instead of the one shipped with the bot. `load_sop` validates the file and raises
`SopError` naming the place of the first problem, in Indonesian, for the person installing the bot:
besides the form of each row, it refuses any file the engine cannot run, by the rules of each step
kind in `bot.step_kinds` (how often, where, with which actors), and says what it supports.
The steps run in the file's order (`Sop.next_step`); any number of steps is allowed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal


from bot.placed_error import PlacedError
from bot.step_kinds import ROLES, STEP_KINDS, StepKind, rules_of, supported_combinations

DEFAULT_SOP_RESOURCE = "sop_pengumuman_informasi_publik.toml"

DurationUnit = Literal["working_days", "hours", "period", "none"]


class SopError(PlacedError):
    """The SOP file cannot be used; `location` names the place (e.g. `steps[3].actor`)."""


@dataclass(frozen=True)
class Duration:
    """A time standard (Waktu) of one step."""

    unit: DurationUnit
    amount: int = 0

    def label(self, language: str = "id") -> str:
        if self.unit == "working_days":
            return f"{self.amount} hari kerja" if language == "id" else f"{self.amount} working day(s)"
        if self.unit == "hours":
            return f"{self.amount} jam" if language == "id" else f"{self.amount} hour(s)"
        if self.unit == "period":
            return "sesuai periode" if language == "id" else "by the item's period"
        return "-"


@dataclass(frozen=True)
class SopStep:
    """One activity row of the SOP table."""

    no: int
    kind: str
    activity: str
    activity_en: str
    actor: str
    kelengkapan: str
    output: str
    waktu_berkala: Duration
    waktu_serta_merta: Duration

    def waktu(self, category: str) -> Duration:
        return self.waktu_serta_merta if category == "serta_merta" else self.waktu_berkala


@dataclass(frozen=True)
class SopHeader:
    """The document's identity and its header boxes."""

    title: str
    number: str
    organisation: str
    unit: str
    made_on: str
    revised_on: str
    effective_on: str
    approved_by: str
    legal_basis: tuple[str, ...]
    qualifications: tuple[str, ...]
    equipment: tuple[str, ...]
    related_sops: tuple[str, ...]
    warning: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class Sop:
    """A whole SOP: header, the actor of each role, and the steps in order."""

    header: SopHeader
    actors: dict[str, str]
    steps: tuple[SopStep, ...]

    def step(self, no: int) -> SopStep:
        for step in self.steps:
            if step.no == no:
                return step
        raise KeyError(no)

    def step_of_kind(self, kind: str) -> SopStep:
        """The step of a kind that appears once (the loader's rules: every kind but `confirm`)."""
        if STEP_KINDS[kind].repeatable:
            raise ValueError(f"{kind!r} may appear more than once: ask for a step by its number")
        for step in self.steps:
            if step.kind == kind:
                return step
        raise KeyError(kind)

    def actor_of(self, step: int | str) -> str:
        """The role that acts at a step ("utama"), the step named by its number or by a kind that
        appears once ("verify"): texts name whoever holds that step by it (`bot.texts.role_name`),
        so an office that changes an actor reads the right role everywhere."""
        found = self.step(step) if isinstance(step, int) else self.step_of_kind(step)
        return found.actor

    def next_step(self, no: int) -> SopStep | None:
        """The step after step `no` in the file's order (None after the last)."""
        return self.step(no + 1) if no < len(self.steps) else None

    def previous_step(self, no: int) -> SopStep | None:
        """The step before step `no` (None before the first)."""
        return self.step(no - 1) if no > 1 else None

    @property
    def step_count(self) -> int:
        return len(self.steps)


_DURATION_PATTERNS: tuple[tuple[re.Pattern[str], DurationUnit], ...] = (
    (re.compile(r"(\d{1,3})\s+hari\s+kerja"), "working_days"),
    (re.compile(r"(\d{1,3})\s+jam"), "hours"),
)


def parse_duration(text: str) -> Duration | None:
    """`"3 hari kerja"`, `"2 jam"`, `"sesuai periode"` or `"-"`; None when not understood."""
    cleaned = " ".join(text.lower().split())
    if cleaned == "-":
        return Duration("none")
    if cleaned == "sesuai periode":
        return Duration("period")
    for pattern, unit in _DURATION_PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match and int(match.group(1)) > 0:
            return Duration(unit, int(match.group(1)))
    return None


class _Reader:
    """Typed access to the parsed TOML that raises `SopError` with the place of a problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, location: str, problem: str) -> SopError:
        return SopError(self.source, location, problem)

    def text(self, table: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
        location = f"{where}.{key}" if where else key
        if key not in table:
            if optional:
                return ""
            raise self.fail(location, "wajib diisi (missing)")
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(location, f"harus berupa teks, bukan {type(value).__name__}")
        if not optional and not value.strip():
            raise self.fail(location, "tidak boleh kosong (empty)")
        return value.strip()

    def texts(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        location = f"{where}.{key}"
        value = table.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(location, "harus berupa daftar teks yang tidak kosong (non-empty list)")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{location}[{index}]", "harus berupa teks yang tidak kosong")
        return tuple(item.strip() for item in value)

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "bagian ini wajib ada (missing table)")
        return value


def parse_sop(text: str, source: str = "SOP") -> Sop:
    """Parse and validate the TOML text of an SOP."""
    reader = _Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise reader.fail("", f"TOML tidak valid: {error}") from None

    header_table = reader.table(data, "header")
    header = SopHeader(
        title=reader.text(header_table, "title", "header"),
        number=reader.text(header_table, "number", "header", optional=True),
        organisation=reader.text(header_table, "organisation", "header"),
        unit=reader.text(header_table, "unit", "header", optional=True),
        made_on=reader.text(header_table, "made_on", "header", optional=True),
        revised_on=reader.text(header_table, "revised_on", "header", optional=True),
        effective_on=reader.text(header_table, "effective_on", "header", optional=True),
        approved_by=reader.text(header_table, "approved_by", "header", optional=True),
        legal_basis=reader.texts(header_table, "legal_basis", "header"),
        qualifications=reader.texts(header_table, "qualifications", "header"),
        equipment=reader.texts(header_table, "equipment", "header"),
        related_sops=reader.texts(header_table, "related_sops", "header"),
        warning=reader.text(header_table, "warning", "header"),
        records=reader.texts(header_table, "records", "header"),
    )

    actors_table = reader.table(data, "actors")
    for role in actors_table:
        if role not in ROLES:
            raise reader.fail(f"actors.{role}", f"peran tidak dikenal; pilihan: {', '.join(ROLES)}")
    actors = {role: reader.text(actors_table, role, "actors") for role in ROLES}

    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise reader.fail("steps", "wajib ada minimal satu langkah ([[steps]])")
    steps = [_parse_step(reader, raw, index) for index, raw in enumerate(raw_steps)]
    _check_numbering(reader, steps)
    _check_kinds(reader, steps)
    return Sop(header=header, actors=actors, steps=tuple(sorted(steps, key=lambda s: s.no)))


def _parse_step(reader: _Reader, raw: Any, index: int) -> SopStep:
    where = f"steps[{index}]"
    if not isinstance(raw, dict):
        raise reader.fail(where, "harus berupa tabel [[steps]]")
    number = raw.get("no")
    if isinstance(number, bool) or not isinstance(number, int):
        raise reader.fail(f"{where}.no", "nomor langkah wajib berupa bilangan bulat (missing step number)")
    where = f"steps[{index}] (No {number})"
    actor = reader.text(raw, "actor", where)
    if actor not in ROLES:
        raise reader.fail(f"{where}.actor", f"aktor tidak dikenal {actor!r}; pilihan: {', '.join(ROLES)}")
    kind = reader.text(raw, "kind", where)
    if kind not in STEP_KINDS:
        raise reader.fail(f"{where}.kind", f"jenis langkah tidak dikenal {kind!r}; pilihan: {', '.join(STEP_KINDS)}")
    if actor not in STEP_KINDS[kind].actors:
        raise reader.fail(
            f"{where}.actor",
            f"jenis {kind!r} tidak dapat dijalankan oleh aktor {actor!r} ({rules_of(STEP_KINDS[kind])})",
        )
    durations: dict[str, Duration] = {}
    for key in ("waktu_berkala", "waktu_serta_merta"):
        value = reader.text(raw, key, where)
        duration = parse_duration(value)
        if duration is None:
            raise reader.fail(
                f"{where}.{key}",
                f"durasi tidak dikenali {value!r}; gunakan \"N hari kerja\", \"N jam\", "
                "\"sesuai periode\" atau \"-\"",
            )
        durations[key] = duration
    return SopStep(
        no=number,
        kind=kind,
        activity=reader.text(raw, "activity", where),
        activity_en=reader.text(raw, "activity_en", where, optional=True),
        actor=actor,
        kelengkapan=reader.text(raw, "kelengkapan", where),
        output=reader.text(raw, "output", where),
        waktu_berkala=durations["waktu_berkala"],
        waktu_serta_merta=durations["waktu_serta_merta"],
    )


def _check_numbering(reader: _Reader, steps: list[SopStep]) -> None:
    seen: dict[int, int] = {}
    for index, step in enumerate(steps):
        if step.no in seen:
            raise reader.fail(
                f"steps[{index}].no", f"nomor langkah {step.no} ganda (duplicate), sudah dipakai di steps[{seen[step.no]}]"
            )
        seen[step.no] = index
    for expected in range(1, len(steps) + 1):
        if expected not in seen:
            raise reader.fail("steps", f"langkah nomor {expected} tidak ada (missing step number); nomor harus 1 sampai {len(steps)}")


def _check_kinds(reader: _Reader, steps: list[SopStep]) -> None:
    """Refuse a file the engine cannot run: each kind as often and where `bot.step_kinds` says.

    Called after `_check_numbering`, so the numbers are 1..N; `steps` is in the file's order."""
    index_of = {step.no: index for index, step in enumerate(steps)}
    ordered = sorted(steps, key=lambda s: s.no)

    def fail(step: SopStep, problem: str, kind: StepKind) -> SopError:
        return reader.fail(f"steps[{index_of[step.no]}] (No {step.no}).kind", f"{problem} ({rules_of(kind)})")

    seen: dict[str, int] = {}
    for step in ordered:
        if step.kind in seen and not STEP_KINDS[step.kind].repeatable:
            raise reader.fail(f"steps (No {step.no}).kind", f"jenis {step.kind!r} sudah dipakai di langkah {seen[step.kind]}")
        seen.setdefault(step.kind, step.no)
    missing = [kind.name for kind in STEP_KINDS.values() if kind.required and kind.name not in seen]
    if missing:
        raise reader.fail(
            "steps",
            f"jenis langkah berikut tidak ada: {', '.join(missing)}. Yang didukung: {supported_combinations()}",
        )
    for position, step in enumerate(ordered):
        kind = STEP_KINDS[step.kind]
        before = {earlier.kind for earlier in ordered[:position]}
        if kind.first and position != 0:
            raise fail(step, f"jenis {step.kind!r} harus langkah nomor 1", kind)
        if kind.last and position != len(ordered) - 1:
            raise fail(step, f"jenis {step.kind!r} harus langkah terakhir (nomor {len(ordered)})", kind)
        for needed in kind.after:
            if needed not in before:
                raise fail(step, f"jenis {step.kind!r} harus sesudah langkah {needed!r}", kind)
        if kind.directly_after and (position == 0 or ordered[position - 1].kind != kind.directly_after):
            raise fail(step, f"jenis {step.kind!r} harus tepat sesudah langkah {kind.directly_after!r}", kind)


def load_sop(path: Path | None = None) -> Sop:
    """Load the SOP from `path`, or the one shipped with the bot when `path` is None."""
    if path is None:
        text = resources.files("bot").joinpath("data").joinpath(DEFAULT_SOP_RESOURCE).read_text(encoding="utf-8")
        return parse_sop(text, DEFAULT_SOP_RESOURCE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SopError(str(path), "", "berkas tidak ditemukan (file not found)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SopError(str(path), "", f"berkas tidak dapat dibaca: {error}") from None
    return parse_sop(text, str(path))
