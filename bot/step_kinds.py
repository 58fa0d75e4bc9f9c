"""What each step kind of an SOP file does, as the engine runs it: the one table of step kinds.

A step's `kind` names the transition the bot runs at it (`bot.workflow`); its `actor` (from the
SOP file) is the role that transition checks. This table says, for each kind, what the loader
(`bot.sop`) lets an office write: whether the kind must be there and may appear more than once,
where it may stand, which roles it can run with, and whether someone acts at it (a step nobody
acts at has no deadline of its own and never waits in anyone's /tugas).

Adding a kind: a row here, its transition in `bot/workflow.py` (one transaction, one audit entry,
the gate `Workflow.require_holder` inside it), its keyboard in `handlers/step_keyboards.py` and
its handler, its texts, and a test running a whole cycle through an SOP file that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[str, ...] = ("admin", "operator", "pelaksana", "utama")
STAFF_ROLES: tuple[str, ...] = ("admin", "operator", "utama")  # the office-wide roles (no unit)


@dataclass(frozen=True)
class StepKind:
    """The rules of one step kind.

    `after`: kinds that must stand earlier in the file; `directly_after`: the kind that must stand
    right before it; `first`/`last`: it must be step 1 / the last step. `actors`: the roles it runs
    with (a `pelaksana` step is unit-scoped: only the item's unit's PPID Pelaksana hold it; any
    other role is held by every holder of that role). `acted`: someone acts at it (False: it is
    recorded by the step before it, so it has no deadline and never waits for anyone).
    """

    name: str
    required: bool = True
    repeatable: bool = False
    first: bool = False
    last: bool = False
    after: tuple[str, ...] = ()
    directly_after: str | None = None
    actors: tuple[str, ...] = ROLES
    acted: bool = True


STEP_KIND_TABLE: tuple[StepKind, ...] = (
    # The register's "Buka siklus" button is on the admin's item card only (handlers/register_card.py).
    StepKind("open_cycle", first=True, actors=("admin",)),
    # The letter goes to the unit's PPID Pelaksana, who then prepare the draft.
    StepKind("coordinate", after=("open_cycle",), actors=STAFF_ROLES),
    # The draft is the unit's own: only its PPID Pelaksana prepare it (unit-scoped).
    StepKind("prepare_draft", after=("coordinate",), actors=("pelaksana",)),
    # Verified by someone outside the unit; "Kembalikan" goes back to the prepare_draft step. Right
    # after it: submitting the draft hands its files and the review card to the verifiers.
    StepKind("verify", directly_after="prepare_draft", actors=STAFF_ROLES),
    StepKind("coordinate_publication", after=("verify",), actors=STAFF_ROLES),
    # Recorded by coordinate_publication (the next due date is set when publication is coordinated).
    # The cycle never waits at it; its actor may attach the File Informasi Data of a berkala item
    # from approval until publication (bot/data_file.py), which step 7 posts with the document.
    StepKind("refresh_data", required=False, directly_after="coordinate_publication", acted=False),
    # Posts to the channel and closes the cycle: nothing can come after it.
    StepKind("publish", last=True, after=("coordinate_publication",), actors=STAFF_ROLES),
    # An office's own extra step: its actor confirms it is done (one button, an optional note).
    StepKind("confirm", required=False, repeatable=True, after=("open_cycle",)),
)
STEP_KINDS: dict[str, StepKind] = {kind.name: kind for kind in STEP_KIND_TABLE}


def rules_of(kind: StepKind) -> str:
    """The rules of one kind, in Indonesian (the loader's errors quote them)."""
    rules = ["wajib" if kind.required else "boleh tidak ada", "boleh berulang" if kind.repeatable else "sekali saja"]
    if kind.first:
        rules.append("langkah pertama")
    if kind.last:
        rules.append("langkah terakhir")
    if kind.after:
        rules.append("setelah " + " dan ".join(kind.after))
    if kind.directly_after:
        rules.append(f"tepat setelah {kind.directly_after}")
    rules.append("aktor " + "/".join(kind.actors))
    if not kind.acted:
        rules.append("dicatat otomatis, tanpa batas waktu")
    return f"{kind.name}: {', '.join(rules)}"


def supported_combinations() -> str:
    """Every kind with its rules: what the loader accepts (said by its errors of order and count)."""
    return "; ".join(rules_of(kind) for kind in STEP_KIND_TABLE)
