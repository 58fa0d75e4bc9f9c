"""The application's services: settings, the SOP, the database and its repositories, the file store.

One `Services` object lives on the `Application` (see `bot.app`); handlers reach it as
`context.services`. `Services.open` opens the database (applying migrations) and
`Services.close` closes it; the app does both around its own start and stop.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.sop import Sop
from storage.audit import AuditLog
from storage.database import Database, open_database
from storage.files import FileStore
from storage.kv import ConversationStore, KeyValueStore
from storage.invites import InviteRepository
from storage.items import ItemRepository
from storage.units import UnitRepository
from storage.users import UserRepository


@dataclass
class Services:
    """Everything a handler needs, built once per process."""

    settings: Settings
    sop: Sop
    db: Database
    files: FileStore
    audit: AuditLog
    users: UserRepository
    units: UnitRepository
    invites: InviteRepository
    items: ItemRepository
    conversations: ConversationStore
    kv: KeyValueStore

    @classmethod
    async def open(cls, settings: Settings, sop: Sop) -> Services:
        db = await open_database(settings.database_path)
        return cls(
            settings=settings,
            sop=sop,
            db=db,
            files=FileStore(settings.files_dir),
            audit=AuditLog(),
            users=UserRepository(db),
            units=UnitRepository(db),
            invites=InviteRepository(db),
            items=ItemRepository(db),
            conversations=ConversationStore(db),
            kv=KeyValueStore(db),
        )

    async def close(self) -> None:
        await self.db.close()
