"""Processing updates concurrently where that is safe: different people in parallel, one person's
updates in the order they sent them, and no chat's backlog in anyone else's way.

PTB's own `SimpleUpdateProcessor` would also run two updates of one person at once, which breaks
conversations (a file could be handled before the button that asked for it). Here each chat has
its own turn (a lock); the workflow's transactions and compare-and-set moves keep cross-person
actions (two verifiers on one draft) to exactly one outcome.

The order of waiting matters. `BaseUpdateProcessor.process_update` (final in PTB) takes a slot of
its semaphore *before* calling `do_process_update`; had that semaphore been the bound, a stranger
sending 300 commands in a burst would fill every slot with updates that only wait for their own
chat's turn, and an admin's `/tugas` would queue behind all of them. So PTB's semaphore is made
wide enough never to be the bound, and the bound (`max_concurrent_updates` slots) is taken here,
*after* the chat's turn: an update holds a slot only while it actually runs, so a chat occupies at
most one slot however long its backlog.

Each chat's backlog is bounded too (`max_pending_per_chat`): beyond it, new updates of that chat
are dropped, and `on_overflow` is called once for the first dropped update of a backlog, so the
person can be told (once) to slow down.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.logging_setup import UPDATE_LOG

LOG = logging.getLogger(__name__)
UPDATES_LOG = logging.getLogger(UPDATE_LOG)  # one line per update, shown with LOG_LEVEL=debug

DEFAULT_MAX_CONCURRENT_UPDATES = 64
DEFAULT_MAX_PENDING_PER_CHAT = 50
# PTB's semaphore, taken before a chat's turn, must never be what bounds the work (see above).
# The number of updates waiting is bounded by the per-chat backlog instead.
_NOT_A_BOUND = 2**31 - 1

Overflow = Callable[[Update], Awaitable[None]]


@dataclass
class _ChatTurn:
    """One chat's turn: its lock, how many of its updates are waiting or running, and whether the
    person was told about a dropped update during this backlog."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pending: int = 0
    told: bool = False
    dropped: int = 0


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop an update's processing coroutine without running it (and without a never-awaited warning)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently across chats and one at a time within a chat; a chat's updates wait
    for their turn before they take one of the `max_concurrent_updates` slots."""

    def __init__(
        self,
        max_concurrent_updates: int = DEFAULT_MAX_CONCURRENT_UPDATES,
        *,
        max_pending_per_chat: int = DEFAULT_MAX_PENDING_PER_CHAT,
        on_overflow: Overflow | None = None,
    ) -> None:
        if max_concurrent_updates < 1 or max_pending_per_chat < 1:
            raise ValueError("the number of slots and the backlog per chat must be positive")
        super().__init__(_NOT_A_BOUND)
        self.slots = max_concurrent_updates
        self.max_pending_per_chat = max_pending_per_chat
        self._on_overflow = on_overflow
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._turns: dict[int, _ChatTurn] = {}

    @staticmethod
    def _key(update: object) -> int | None:
        if not isinstance(update, Update):
            return None
        if update.effective_chat is not None:
            return update.effective_chat.id
        return update.effective_user.id if update.effective_user is not None else None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        turn = self._turns.setdefault(key, _ChatTurn())
        if turn.pending >= self.max_pending_per_chat:
            _discard(coroutine)
            await self._overflowed(turn, update)
            return
        turn.pending += 1
        try:
            async with turn.lock, self._slots:
                started = time.perf_counter()
                await coroutine
                if UPDATES_LOG.isEnabledFor(logging.DEBUG):
                    UPDATES_LOG.debug(
                        "update %s of chat %s handled in %.1f ms",
                        getattr(update, "update_id", "?"), key, (time.perf_counter() - started) * 1000,
                    )
        finally:
            turn.pending -= 1
            if turn.pending == 0:  # nobody else waits on this chat: forget its turn
                del self._turns[key]
                if turn.dropped:
                    LOG.warning("dropped %d updates of chat %s in all, its backlog was full", turn.dropped, key)

    async def _overflowed(self, turn: _ChatTurn, update: object) -> None:
        """A chat's backlog is full: tell it once per backlog (best effort), drop the update. Logged
        once when the backlog fills and once with the count when it drains: a flood of updates must
        not become a flood of log lines (250 lines of a 300-update burst cost the others 15 ms)."""
        turn.dropped += 1
        if turn.dropped == 1:
            LOG.warning("dropping the updates of a chat with %d updates waiting", turn.pending)
        if turn.told or self._on_overflow is None or not isinstance(update, Update):
            return
        turn.told = True
        try:
            await self._on_overflow(update)
        except Exception:  # the drop stands whatever the notice does
            LOG.warning("could not tell a chat that its updates were dropped", exc_info=True)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
