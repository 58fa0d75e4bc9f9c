"""The queue of updates waiting for the bot, with getUpdates' offset/limit/long-poll semantics.

An update stays queued until it is confirmed: getUpdates with an `offset` higher than its
`update_id` forgets it (a negative offset keeps only the last `-offset` updates), exactly as
the Bot API describes. `fetched_upto` remembers the highest update id handed out, so the
sandbox can tell when the bot has seen everything. Long polling waits on futures that are
woken thread-safely whenever an update is queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
from typing import Any

__all__ = ["DEFAULT_EXCLUDED_UPDATES", "UpdateQueue", "update_type"]

# Bot API, getUpdates.allowed_updates: by default everything except these.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_type(update: dict[str, Any]) -> str:
    """The kind of an update ("message", "callback_query", ...)."""
    return next((key for key in update if key != "update_id"), "")


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class UpdateQueue:
    """Pending updates of one fake bot."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._ids = itertools.count(first_update_id)
        self._pending: list[dict[str, Any]] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._lock = threading.RLock()
        self.fetched_upto: int = 0
        self.allowed_updates: list[str] | None = None

    # --- producing -------------------------------------------------------------------------
    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue `payload` (e.g. `{"message": {...}}`) under a new update_id; return the update."""
        with self._lock:
            update = {"update_id": next(self._ids), **payload}
            self._pending.append(update)
            waiters, self._waiters = self._waiters, []
        for future in waiters:
            with contextlib.suppress(RuntimeError):  # loop already closed
                future.get_loop().call_soon_threadsafe(_wake, future)
        return update

    # --- consuming -------------------------------------------------------------------------
    @property
    def pending(self) -> list[dict[str, Any]]:
        """Unconfirmed updates, oldest first."""
        with self._lock:
            return list(self._pending)

    @property
    def all_fetched(self) -> bool:
        """Whether every queued update has been handed to the bot at least once."""
        with self._lock:
            return all(update["update_id"] <= self.fetched_upto for update in self._pending)

    def confirm(self, offset: int | None) -> None:
        """Forget updates as getUpdates' `offset` says."""
        if not offset:
            return
        with self._lock:
            if offset > 0:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            else:
                self._pending = self._pending[offset:]

    def set_allowed(self, allowed: list[str] | None) -> None:
        """getUpdates' `allowed_updates`; None keeps the previous setting."""
        if allowed is not None:
            self.allowed_updates = list(allowed)

    def _allowed(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def take_batch(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` pending updates (not removed until confirmed)."""
        with self._lock:
            # Updates of types the bot did not ask for are dropped, as Telegram does.
            self._pending = [u for u in self._pending if self._allowed(u)]
            batch = self._pending[:limit]
            if batch:
                self.fetched_upto = max(self.fetched_upto, batch[-1]["update_id"])
            return [dict(update) for update in batch]

    def pop_all(self) -> list[dict[str, Any]]:
        """Remove and return every pending update (the test delivers them itself)."""
        with self._lock:
            batch, self._pending = self._pending, []
            if batch:
                self.fetched_upto = max(self.fetched_upto, batch[-1]["update_id"])
            return batch

    def drop_pending(self) -> None:
        """Forget every pending update (deleteWebhook/setWebhook drop_pending_updates)."""
        with self._lock:
            self._pending = []

    async def wait(self, timeout: float) -> None:
        """Return when an update is queued or `timeout` seconds passed."""
        if timeout <= 0:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        with self._lock:
            if self._pending:
                return
            self._waiters.append(future)
        try:
            await asyncio.wait({future}, timeout=timeout)
        finally:
            with self._lock:
                if future in self._waiters:
                    self._waiters.remove(future)
            future.cancel()

    def wake_all(self) -> None:
        """Release every long poll now (when the fake shuts down, or a newer poll overtakes them)."""
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for future in waiters:
            with contextlib.suppress(RuntimeError):
                future.get_loop().call_soon_threadsafe(_wake, future)
