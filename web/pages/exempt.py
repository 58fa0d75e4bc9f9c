"""Daftar Informasi yang Dikecualikan (/dikecualikan/): summary, unit, legal basis; never documents."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
