"""One page per public item (/informasi/<id>/): its DIP row and every publication."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
