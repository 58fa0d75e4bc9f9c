"""Daftar Informasi Publik: the DIP page with its filters and pages (/dip/)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
