"""Flood control: token buckets, 429 answers, and PTB's AIORateLimiter surviving them."""

from __future__ import annotations

import asyncio
import time
import warnings
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.sandbox import FakeTelegram, RateLimits
from bot.sandbox.ratelimit import FloodControl, TokenBucket


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore")
        value: Any = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def test_token_bucket_refills_at_its_rate() -> None:
    bucket = TokenBucket.full(rate=2.0, burst=3.0, now=0.0)
    for _ in range(3):
        assert bucket.wait_time(0.0) == 0
        bucket.take(0.0)
    assert bucket.wait_time(0.0) == pytest.approx(0.5)
    assert bucket.wait_time(0.5) == 0
    bucket.take(0.5)
    assert bucket.wait_time(10.0) == 0
    assert bucket.tokens == 3.0  # never above the burst


def test_flood_control_per_chat_group_and_overall() -> None:
    now = [0.0]
    flood = FloodControl(
        RateLimits(overall_rate=30, overall_burst=5, chat_rate=1, chat_burst=2,
                   group_rate=20 / 60, group_burst=1),
        clock=lambda: now[0],
    )
    assert flood.retry_after(1) == 0
    assert flood.retry_after(1) == 0
    assert flood.retry_after(1) == 1  # private chat: burst 2, then 1/s
    assert flood.retry_after(-100) == 0
    assert flood.retry_after(-100) == 3  # group: 20/min -> one per 3 s
    assert flood.retry_after(2) == 0
    assert flood.retry_after(3) == 0
    assert flood.retry_after(4) == 1  # overall burst of 5 used up
    now[0] = 1.0
    assert flood.retry_after(1) == 0
    assert flood.retry_after(-100) == 2
    assert FloodControl(RateLimits.disabled()).retry_after(1) == 0


async def test_burst_beyond_the_rate_is_retry_after() -> None:
    fake = FakeTelegram(limits=RateLimits(chat_rate=1, chat_burst=1))
    person = fake.user(1001, "Siti")
    async with fake.make_bot() as bot:
        await bot.send_message(person.id, "satu")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(person.id, "dua")
    assert _retry_after_seconds(caught.value) >= 1
    refused = fake.calls_to("sendMessage")[-1]
    assert refused.status == 429
    assert refused.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert person.texts() == ["satu"]


async def test_default_chat_burst_allows_a_few_messages_in_a_row(
    fake: FakeTelegram,
) -> None:
    person = fake.user(1001, "Siti")
    async with fake.make_bot() as bot:
        for number in range(5):
            await bot.send_message(person.id, f"pesan {number}")
    assert len(person.messages()) == 5


async def test_channel_limit_is_20_per_minute() -> None:
    fake = FakeTelegram(limits=RateLimits(group_burst=20))
    channel = fake.channel(-100777, "Pengumuman")
    async with fake.make_bot() as bot:
        for number in range(20):
            await bot.send_message(channel.id, f"post {number}")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(channel.id, "post 21")
    assert _retry_after_seconds(caught.value) == 3


async def test_aio_rate_limiter_survives_the_burst() -> None:
    fake = FakeTelegram(limits=RateLimits(chat_rate=5, chat_burst=2))
    person = fake.user(1001, "Siti")
    app = fake.application_builder().rate_limiter(AIORateLimiter(max_retries=3)).build()
    started = time.monotonic()
    async with app:
        await asyncio.gather(*(app.bot.send_message(person.id, f"m{n}") for n in range(4)))
    assert sorted(person.texts()) == ["m0", "m1", "m2", "m3"]
    statuses = [call.status for call in fake.calls_to("sendMessage")]
    assert statuses.count(429) >= 1
    assert statuses.count(200) == 4
    assert time.monotonic() - started < 4
