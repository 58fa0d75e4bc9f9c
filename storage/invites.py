"""Placeholder for the invites repository (being written for issue 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from storage.database import Database
from storage.timestamps import utc_now


class InviteRepository:
    """Access to the invites table."""

    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or utc_now
