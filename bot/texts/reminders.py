"""Texts of reminders, escalations and delivery problems (see `bot.texts`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "user_blocked_bot": {
        "id": "⚠️ {name} memblokir bot, sehingga pengingat tidak terkirim kepadanya. Mohon hubungi yang bersangkutan.",
        "en": "⚠️ {name} blocked the bot, so reminders no longer reach them. Please contact them.",
    },
}
