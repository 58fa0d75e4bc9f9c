"""Cari (/cari/): the same search and rules as /cari in chat (bot.public_search)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
