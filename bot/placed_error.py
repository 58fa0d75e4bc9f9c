"""The error of a data file the bot reads at start (the SOP, the required-information checklist):
which file, which place in it (e.g. `steps[3].actor`), and what is wrong, as one line."""

from __future__ import annotations


class PlacedError(ValueError):
    """A data file that cannot be used; `location` names the place in it."""

    def __init__(self, source: str, location: str, problem: str) -> None:
        where = f"{source}: {location}" if location else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.location = location
        self.problem = problem
