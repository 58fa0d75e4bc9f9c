"""`/laporan_koordinasi`: the coordination report of a cycle as an XLSX workbook.

The report is the Output of step 2 of the SOP ("Dokumen laporan koordinasi"): who was asked, when
and with which letter, who acknowledged and when, and the documents the coordination gathered in
the cycle (the letters, the draft versions the unit sent back, the data files). Above the tables:
the organisation, the item, its unit, the cycle and the start and deadline of step 2.

Who may see it: admins, operators and PPID Utama any cycle; a PPID Pelaksana with no other role
only the cycles of their own unit(s) (`bot.register.visible_unit_ids`). A refusal is a
`WorkflowError` whose text the handler shows. Each report made records one audit entry on the
cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.register import category_label, visible_unit_ids
from bot.services import Services
from bot.sop import Sop
from bot.spreadsheets import Cell, Table, xlsx_bytes
from bot.staff import Person
from bot.texts import raw, role_name
from bot.workflow import WorkflowError
from storage.exports import (
    AskedPerson,
    CycleOverview,
    ExportRepository,
    GatheredDocument,
)

__all__ = [
    "RECENT_LIMIT", "CoordinationReport", "coordination_report", "report_readers", "reportable_cycles",
    "require_report_reader",
]

RECENT_LIMIT = 10  # cycles offered by /laporan_koordinasi without a number
FILE_LANGUAGE = "id"


@dataclass(frozen=True)
class CoordinationReport:
    """One cycle's report: the file and what it holds."""

    cycle: CycleOverview
    asked: list[AskedPerson]
    documents: list[GatheredDocument]
    name: str
    data: bytes

    @property
    def acknowledged(self) -> int:
        return sum(1 for entry in self.asked if entry.acknowledged_at is not None)


def _plain(key: str, **values: object) -> str:
    """A text written into the file: plain text, in the file's language."""
    return raw(key, FILE_LANGUAGE).format(**values)


def report_readers(sop: Sop) -> frozenset[str]:
    """Who may read any cycle's coordination report in chat (the button under the sent letter and
    on the `coordinate_publication` card): the actors of those two steps, from the SOP file, and
    the admins and PPID Utama, who oversee every cycle."""
    return frozenset(
        {sop.step_of_kind("coordinate").actor, sop.step_of_kind("coordinate_publication").actor, "admin", "utama"}
    )


def require_report_reader(sop: Sop, person: Person) -> None:
    """Refuse (`not_allowed`, naming the coordinating actor) unless `person` is a `report_readers`."""
    if not person.roles & report_readers(sop):
        raise WorkflowError("not_allowed", role=role_name(sop.step_of_kind("coordinate").actor))


def _may_see(person: Person, cycle: CycleOverview) -> bool:
    units = visible_unit_ids(person.roles, person.unit_ids)
    return units is None or cycle.unit_id in units


async def reportable_cycles(services: Services, person: Person, limit: int = RECENT_LIMIT) -> list[CycleOverview]:
    """The most recently opened cycles whose report `person` may see, newest first."""
    units = visible_unit_ids(person.roles, person.unit_ids)
    return await ExportRepository(services.db).recent_cycles(limit, units)


def _name(full_name: str | None, telegram_id: int) -> str:
    return full_name or str(telegram_id)


async def coordination_report(services: Services, person: Person, cycle_id: int) -> CoordinationReport:
    """The report of cycle `cycle_id` for `person` (WorkflowError when it does not exist or is not
    theirs to see); audits ``coordination.report`` on the cycle."""
    exports = ExportRepository(services.db)
    cycle = await exports.cycle(cycle_id)
    if cycle is None:
        raise WorkflowError("rpt_cycle_not_found", id=cycle_id)
    if not _may_see(person, cycle):
        raise WorkflowError("rpt_not_your_cycle", id=cycle_id)
    asked = await exports.asked(cycle.id)
    documents = await exports.gathered_documents(cycle.id)
    calendar = services.calendar
    now = services.clock.now()
    zone = calendar.zone_abbreviation(now)

    def local(moment: datetime) -> datetime:
        return calendar.local(moment).replace(tzinfo=None)

    def with_zone(key: str) -> str:
        return _plain("rpt_col_zone", label=_plain(key), zone=zone)

    step = services.sop.step_of_kind("coordinate")
    # The workflow moves a cycle to step 2 the moment it opens (step 1 is the opening itself).
    started = cycle.opened_at
    deadline = services.workflow.deadline(step.no, cycle.kind, started)
    preamble = [
        _plain("rpt_coord_title", step=step.no, sop=services.sop.header.title),
        _plain("rpt_organisation", organisation=services.sop.header.organisation),
        _plain("rpt_coord_item", summary=cycle.item_summary, id=cycle.item_id),
        _plain("rpt_coord_unit", unit=cycle.unit_name),
        _plain("rpt_coord_cycle", id=cycle.id, kind=category_label(cycle.kind, FILE_LANGUAGE)),
        _plain("rpt_coord_step_start", step=step.no, time=calendar.format_local(started, FILE_LANGUAGE)),
        _plain(
            "rpt_coord_step_deadline",
            step=step.no,
            time=_plain("rpt_coord_no_deadline") if deadline is None else calendar.format_local(deadline, FILE_LANGUAGE),
        ),
    ]
    if asked:
        sent = min(entry.asked_at for entry in asked)
        timing = "rpt_coord_on_time" if deadline is None or sent <= deadline else "rpt_coord_late"
        preamble.append(
            _plain("rpt_coord_letter_sent", time=calendar.format_local(sent, FILE_LANGUAGE), timing=_plain(timing))
        )
        acknowledged = sum(1 for entry in asked if entry.acknowledged_at is not None)
        preamble.append(_plain("rpt_coord_tally", asked=len(asked), acknowledged=acknowledged))
    else:
        preamble.append(_plain("rpt_coord_not_sent"))
    preamble.append(_plain("rpt_made_by", time=calendar.format_local(now, FILE_LANGUAGE), name=person.full_name))

    coordination_rows: list[list[Cell]] = [
        [
            number,
            _name(entry.full_name, entry.asked_user_id),
            f"@{entry.username}" if entry.username else None,
            local(entry.asked_at),
            None
            if entry.letter_name is None
            else _plain("rpt_letter_cell", name=entry.letter_name, version=entry.letter_version),
            _plain("rpt_not_acknowledged") if entry.acknowledged_at is None else local(entry.acknowledged_at),
        ]
        for number, entry in enumerate(asked, start=1)
    ]
    document_rows: list[list[Cell]] = [
        [
            number,
            _plain(f"rpt_doc_{document.kind}"),
            document.version,
            document.original_name,
            document.size,
            _name(document.uploader_name, document.uploaded_by),
            local(document.uploaded_at),
        ]
        for number, document in enumerate(documents, start=1)
    ]
    tables = [
        Table(
            _plain("rpt_coord_sheet"),
            [
                _plain("rpt_col_no"),
                _plain("rpt_col_name"),
                _plain("rpt_col_username"),
                with_zone("rpt_col_asked_at"),
                _plain("rpt_col_letter"),
                with_zone("rpt_col_acknowledged_at"),
            ],
            coordination_rows,
            preamble=preamble,
            widths=[6, 30, 20, 22, 40, 22],
        ),
        Table(
            _plain("rpt_docs_sheet"),
            [
                _plain("rpt_col_no"),
                _plain("rpt_col_kind"),
                _plain("rpt_col_version"),
                _plain("rpt_col_file_name"),
                _plain("rpt_col_size"),
                _plain("rpt_col_uploaded_by"),
                with_zone("rpt_col_uploaded_at"),
            ],
            document_rows,
            widths=[6, 26, 8, 40, 14, 30, 22],
        ),
    ]
    data = xlsx_bytes(tables)
    name = f"Laporan-Koordinasi-Siklus-{cycle.id}-{calendar.local(now).date().isoformat()}.xlsx"
    await services.record_report(
        person.telegram_id, "coordination.report", "cycle", cycle.id,
        {"file": name, "asked": len(asked), "documents": len(documents)},
    )
    return CoordinationReport(cycle, asked, documents, name, data)
