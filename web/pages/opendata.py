"""The DIP as open data (/dip.csv, /dip.json) with the columns of the /dip export."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
