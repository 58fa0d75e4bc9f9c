"""Public documents by their opaque token (/berkas/<token>/<name>)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
