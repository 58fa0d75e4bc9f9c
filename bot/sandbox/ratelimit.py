"""Telegram's flood control as token buckets: overall, per private chat, per group/channel.

Telegram's published guidance (Bot FAQ, "My bot is hitting limits"): about 30 messages per
second overall, about 1 message per second to one chat (short bursts are tolerated), and at
most 20 messages per minute to one group or channel. Each is a token bucket here with a rate
(tokens per second) and a burst (bucket size). The clock is injected so tests never sleep
longer than needed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["FloodControl", "RateLimits", "TokenBucket"]


@dataclass
class TokenBucket:
    """A token bucket: `rate` tokens per second, at most `burst` tokens stored."""

    rate: float
    burst: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, burst: float, now: float) -> TokenBucket:
        """A bucket that starts full at time `now`."""
        return cls(rate=rate, burst=burst, tokens=burst, updated=now)

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def wait_time(self, now: float, cost: float = 1.0) -> float:
        """Seconds until `cost` tokens are available (0.0 when they are now)."""
        self._refill(now)
        if self.tokens >= cost:
            return 0.0
        if self.rate <= 0:
            return math.inf
        return (cost - self.tokens) / self.rate

    def take(self, now: float, cost: float = 1.0) -> None:
        """Consume `cost` tokens (call only after `wait_time` returned 0)."""
        self._refill(now)
        self.tokens -= cost


@dataclass(frozen=True)
class RateLimits:
    """Rates are per second, bursts are bucket sizes. `enabled=False` turns flood control off."""

    overall_rate: float = 30.0
    overall_burst: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 20.0
    group_rate: float = 20.0 / 60.0
    group_burst: float = 20.0
    enabled: bool = True

    @classmethod
    def disabled(cls) -> RateLimits:
        """No flood control at all."""
        return cls(enabled=False)


@dataclass
class FloodControl:
    """Decides whether one more message to `chat_id` may go out now."""

    limits: RateLimits = field(default_factory=RateLimits)
    clock: Callable[[], float] = time.monotonic
    _overall: TokenBucket | None = None
    _chats: dict[int | str, TokenBucket] = field(default_factory=dict)

    def retry_after(self, chat_id: int | str) -> int:
        """0 and one token taken from every bucket if allowed; else whole seconds to wait (>=1).

        Group and channel ids are negative (or @usernames); they use the group bucket.
        """
        if not self.limits.enabled:
            return 0
        now = self.clock()
        if self._overall is None:
            self._overall = TokenBucket.full(
                self.limits.overall_rate, self.limits.overall_burst, now
            )
        chat_bucket = self._chats.get(chat_id)
        if chat_bucket is None:
            is_group = isinstance(chat_id, str) or chat_id < 0
            rate = self.limits.group_rate if is_group else self.limits.chat_rate
            burst = self.limits.group_burst if is_group else self.limits.chat_burst
            chat_bucket = self._chats[chat_id] = TokenBucket.full(rate, burst, now)
        wait = max(self._overall.wait_time(now), chat_bucket.wait_time(now))
        if wait > 0:
            # (tolerate float noise: 2.0000000000000004 s is 2 s)
            return max(1, math.ceil(wait - 1e-9)) if math.isfinite(wait) else 3600
        self._overall.take(now)
        chat_bucket.take(now)
        return 0

    def reset(self) -> None:
        """Forget all buckets (they start full again)."""
        self._overall = None
        self._chats.clear()
