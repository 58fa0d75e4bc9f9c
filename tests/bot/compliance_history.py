"""A year of real history for the compliance tests, built through the workflow with a moving clock.

Two units: Dinas Sosial (A) and Dinas Kesehatan (B). All times are office time (WIB, UTC+7);
"now" at the end is Monday 30 November 2026, 09:00 WIB. What falls due (berkala, 2026):

| unit | month | what | outcome |
|---|---|---|---|
| A | Jan | A1 monthly, cycle 1 (due 30 Jan, published 22 Jan) | on time |
| A | Feb | A1 monthly, cycle 2 (due 22 Feb, published 2 Mar) | late |
| A | Feb | A4 quarterly, no cycle, due 1 Feb 03:00 WIB (31 Jan UTC) | overdue |
| A | Mar | A2 semester, cycle open since 2 Mar (due 16 Mar) | overdue |
| A | Apr | A1 monthly, no cycle, due 2 Apr (a month after cycle 2) | overdue |
| A | Dec | A3 yearly, no cycle, due 14 Dec | pending |
| B | Feb | B1 quarterly, cycle 1 (due 10 Feb 16:00, published 10 Feb 15:00) | on time |
| B | May | B1 quarterly, cycle 2 (due 10 May, published 11 May) | late |
| B | Jun | B2 yearly, cycle opened early (due 30 Jun, published 8 Apr) | on time |
| B | Aug | B1 quarterly, no cycle, due 11 Aug | overdue |

Not counted: A5 (its open cycle's item was deactivated), A6 (recategorised to dikecualikan: its
cycle was cancelled). Serta merta: S1 (B, 3 Mar 10:00 -> 14:00, 4 h), S2 (B, Fri 5 Jun 20:00 -> Mon
8 Jun 10:00, 62 h, 1 working day), S3 (A, opened 1 Sep, not announced).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from bot.workflow import Upload
from storage.cycles import Cycle
from storage.items import InfoItem
from tests.bot.cycle_helpers import (
    OPERATOR_ID,
    OTHER_PELAKSANA_ID,
    PELAKSANA_ID,
    UTAMA_ID,
    Office,
    person,
)
from tests.conftest import ADMIN_ID, CHANNEL_ID
from tests.samples import MINIMAL_PDF, make_docx
from tests.exemption_sample import exemption

WIB = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
ANNOUNCEMENT = {
    "danger": "Banjir setinggi 1 meter",
    "affected": "Warga bantaran sungai",
    "evacuation": "Masjid Raya",
    "avoidance": "Jauhi arus air",
    "help": "Posko BPBD 112",
    "announcer": "BPBD",
    "emergency_channel": "Pengeras suara",
    "authority_action": "Perahu karet disiagakan",
}


def wib(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    """A moment in office time, as the aware UTC datetime the bot works with."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB).astimezone(UTC)


@dataclasses.dataclass
class History:
    items: dict[str, int]
    cycles: dict[str, int]


async def _post(item: InfoItem, cycle: Cycle) -> tuple[int, int]:
    return CHANNEL_ID, cycle.id


async def run_cycle(
    office: Office,
    item_id: int,
    *,
    opened: datetime,
    published: datetime | None,
    unit: str = "A",
    serta_merta: bool = False,
) -> int:
    """Open a cycle at `opened` and take it through the SOP; published at `published` (or left at
    step 4 when None). Returns the cycle id."""
    services = office.services
    workflow = services.workflow
    uploader = await person(office, PELAKSANA_ID if unit == "A" else OTHER_PELAKSANA_ID)
    operator = await person(office, OPERATOR_ID)
    office.clock.set(opened)
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(operator, cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    draft = await services.files.put(make_docx(), "draf.docx")
    await workflow.add_draft_file(uploader, cycle_id, Upload(draft, "docx", None), "draf.docx")
    await workflow.submit_draft(uploader, cycle_id, ANNOUNCEMENT if serta_merta else None)
    if published is None:
        return cycle_id
    office.clock.set(published)
    await workflow.approve(await person(office, UTAMA_ID), cycle_id, 1)
    await workflow.coordinate_publication(operator, cycle_id)
    await workflow.publish(operator, cycle_id, _post)
    return cycle_id


async def _item(office: Office, summary: str, category: str, period: str | None, unit: str, due: datetime | None) -> int:
    item_id = await office.add_item(
        summary, category=category, period=period, unit_id=office.unit_id if unit == "A" else office.other_unit_id
    )
    if due is not None:
        async with office.services.db.transaction() as conn:
            await office.services.items.update(conn, item_id, next_due_at=due)
    return item_id


async def build_history(office: Office) -> History:
    """The history of the module docstring; the clock ends at `NOW`."""
    office.clock.set(wib(12, 1, year=2025))
    items = {
        "A1": await _item(office, "Laporan keuangan bulanan", "berkala", "monthly", "A", wib(1, 30, 16)),
        "A2": await _item(office, "Rencana kerja dinas", "berkala", "semester", "A", wib(3, 16, 16)),
        "A3": await _item(office, "Profil dinas", "berkala", "yearly", "A", wib(12, 14, 16)),
        "A4": await _item(office, "Data penerima bantuan", "berkala", "quarterly", "A", wib(2, 1, 3)),
        "A5": await _item(office, "Daftar panti asuhan", "berkala", "monthly", "A", wib(7, 15, 16)),
        "A6": await _item(office, "Data korban bencana", "berkala", "quarterly", "A", wib(8, 20, 16)),
        "B1": await _item(office, "Data kesehatan triwulan", "berkala", "quarterly", "B", wib(2, 10, 16)),
        "B2": await _item(office, "Laporan tahunan dinkes", "berkala", "yearly", "B", wib(6, 30, 16)),
        "S1": await _item(office, "Peringatan banjir", "serta_merta", None, "B", None),
        "S2": await _item(office, "Wabah demam berdarah", "serta_merta", None, "B", None),
        "S3": await _item(office, "Kebakaran hutan", "serta_merta", None, "A", None),
    }
    cycles: dict[str, int] = {}
    cycles["A1.1"] = await run_cycle(office, items["A1"], opened=wib(1, 20), published=wib(1, 22, 10))
    cycles["B1.1"] = await run_cycle(office, items["B1"], opened=wib(2, 2), published=wib(2, 10, 15), unit="B")
    cycles["A1.2"] = await run_cycle(office, items["A1"], opened=wib(2, 16), published=wib(3, 2, 10))
    cycles["A2.1"] = await run_cycle(office, items["A2"], opened=wib(3, 2), published=None)
    cycles["S1"] = await run_cycle(
        office, items["S1"], opened=wib(3, 3, 10), published=wib(3, 3, 14), unit="B", serta_merta=True
    )
    cycles["B2.1"] = await run_cycle(office, items["B2"], opened=wib(4, 6), published=wib(4, 8), unit="B")
    cycles["B1.2"] = await run_cycle(office, items["B1"], opened=wib(5, 4), published=wib(5, 11, 9), unit="B")
    cycles["S2"] = await run_cycle(
        office, items["S2"], opened=wib(6, 5, 20), published=wib(6, 8, 10), unit="B", serta_merta=True
    )
    cycles["A5.1"] = await run_cycle(office, items["A5"], opened=wib(7, 1), published=None)
    async with office.services.db.transaction() as conn:
        await office.services.items.update(conn, items["A5"], status="inactive")
    cycles["A6.1"] = await run_cycle(office, items["A6"], opened=wib(8, 3), published=None)
    office.clock.set(wib(8, 4))
    utama = await person(office, UTAMA_ID)
    await office.services.workflow.recategorise(
        utama, cycles["A6.1"], 1, "dikecualikan", exemption=exemption()
    )
    await office.services.workflow.approve(utama, cycles["A6.1"], 1)
    cycles["S3"] = await run_cycle(office, items["S3"], opened=wib(9, 1, 8), published=None, serta_merta=True)
    office.clock.set(NOW.astimezone(UTC))
    return History(items, cycles)
