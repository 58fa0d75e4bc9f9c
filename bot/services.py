"""The application's services: settings, the SOP, the clock and calendar, the database and its
repositories, the file store and the workflow engine.

One `Services` object lives on the `Application` (see `bot.app`); handlers reach it as
`context.services`. `Services.open` opens the database (applying migrations) and
`Services.close` closes it; the app does both around its own start and stop (`read_only=True`:
a reader beside the running bot, such as the static export, that migrates nothing, creates no
audit key and takes no instance lock). Every repository
reads the time from the same clock, so a test that moves the clock moves everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.pdf_conversion import PdfConverter, find_soffice
from bot.sop import Sop
from bot.workdays import WorkCalendar, work_calendar
from storage.audit import AuditLog, open_audit_log
from storage.cycles import CycleRepository
from storage.database import Database, open_database
from storage.documents import DocumentRepository
from storage.exemption_documents import ExemptionDocumentRepository
from storage.letter_numbers import LetterNumberRepository
from storage.files import FileStore
from storage.invites import InviteRepository
from storage.items import ItemRepository
from storage.kv import ConversationStore, KeyValueStore
from storage.migrations import require_current_schema
from storage.public_site import PublicSiteRepository
from storage.units import UnitRepository
from storage.users import UserRepository

if TYPE_CHECKING:
    from bot.reminders import ReminderEngine
    from bot.workflow import Workflow


@dataclass
class Services:
    """Everything a handler needs, built once per process."""

    settings: Settings
    sop: Sop
    clock: Clock
    calendar: WorkCalendar
    db: Database
    files: FileStore
    audit: AuditLog
    users: UserRepository
    units: UnitRepository
    invites: InviteRepository
    items: ItemRepository
    cycles: CycleRepository
    documents: DocumentRepository
    conversations: ConversationStore
    kv: KeyValueStore
    public_site: PublicSiteRepository
    letter_numbers: LetterNumberRepository
    exemption_documents: ExemptionDocumentRepository
    _pdf_converter: PdfConverter | None = field(default=None, repr=False)
    _workflow: Workflow | None = field(default=None, repr=False)
    _reminders: ReminderEngine | None = field(default=None, repr=False)

    @classmethod
    async def open(cls, settings: Settings, sop: Sop, clock: Clock | None = None, *, read_only: bool = False) -> Services:
        """The services over the configured database. `read_only`: open an existing database as
        it is (DatabaseOlderThanCode when it still needs migrations) and write nothing to it; the
        caller then only reads (nothing checks it: a write would still go through)."""
        clock = clock or SystemClock()
        now = clock.now
        db = await open_database(settings.database_path, migrate=not read_only)
        try:
            if read_only:
                await require_current_schema(db)
            audit = await open_audit_log(db, settings.audit_key_file, clock=now, create=not read_only)
        except BaseException:
            await db.close()
            raise
        calendar = work_calendar(settings)
        # Indonesia's holidays take ~0.1 s to compute the first time: pay it at start, not in the
        # first person's answer (this year's and next, which deadlines near December reach).
        this_year = calendar.local(now()).year
        for year in (this_year, this_year + 1):
            calendar.national_days_off(year)
        return cls(
            settings=settings,
            sop=sop,
            clock=clock,
            calendar=calendar,
            db=db,
            files=FileStore(settings.files_dir),
            audit=audit,
            users=UserRepository(db, now),
            units=UnitRepository(db, now),
            invites=InviteRepository(db, now),
            items=ItemRepository(db, now),
            cycles=CycleRepository(db, now),
            documents=DocumentRepository(db),
            conversations=ConversationStore(db, now),
            kv=KeyValueStore(db, now),
            public_site=PublicSiteRepository(db),
            letter_numbers=LetterNumberRepository(db),
            exemption_documents=ExemptionDocumentRepository(db),
        )

    @property
    def workflow(self) -> Workflow:
        """The SOP engine over these services."""
        if self._workflow is None:
            from bot.workflow import Workflow

            self._workflow = Workflow(self)
        return self._workflow

    @property
    def pdf_converter(self) -> PdfConverter:
        """LibreOffice for PDF copies (one conversion at a time in this process)."""
        if self._pdf_converter is None:
            self._pdf_converter = PdfConverter(
                find_soffice(self.settings.soffice_path) if self.settings.make_pdf else None,
                self.settings.pdf_conversion_seconds,
            )
        return self._pdf_converter

    @property
    def reminders(self) -> ReminderEngine:
        """The reminder sweep over these services."""
        if self._reminders is None:
            from bot.reminders import ReminderEngine

            self._reminders = ReminderEngine(self)
        return self._reminders

    async def record_report(
        self, actor_id: int, action: str, entity_type: str, entity_id: object, details: dict[str, Any]
    ) -> None:
        """One audit entry, alone in its transaction, for something read out (a report, an export)."""
        async with self.db.transaction() as conn:
            await self.audit.append(
                conn, actor_id=actor_id, action=action, entity_type=entity_type, entity_id=entity_id, details=details
            )

    async def close(self) -> None:
        await self.db.close()
