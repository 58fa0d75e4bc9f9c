"""The buttons of each SOP step: their callback data (one `CallbackData` class per kind of button,
see `handlers.callbacks`) and the step cards' keyboards. The step modules handle the presses.

Each class's docstring says what its button does; its prefix and fields are what goes on the wire
(``Approve(7, 2)`` is ``rv:ok:7:2``), so old buttons in people's chats keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.sop import Sop
from bot.texts import raw, role_name
from bot.workflow import ANNOUNCEMENT_ELEMENTS, Task
from handlers.callbacks import CallbackData
from storage.items import CATEGORIES, Category


@dataclass(frozen=True)
class OpenCycle(CallbackData, prefix="cyc:open"):
    """Open an update cycle (step 1), from an item's card in /informasi."""

    item_id: int


@dataclass(frozen=True)
class ShowTask(CallbackData, prefix="tsk"):
    """Show a cycle's current step card (from /tugas, /jadwal and the reminders)."""

    cycle_id: int


@dataclass(frozen=True)
class LetterGenerate(CallbackData, prefix="co:gen"):
    """Step 2: make the coordination letter from the template and preview it."""

    cycle_id: int


@dataclass(frozen=True)
class LetterUpload(CallbackData, prefix="co:up"):
    """Step 2: the operator uploads a letter of their own."""

    cycle_id: int


@dataclass(frozen=True)
class LetterConfirm(CallbackData, prefix="co:yes"):
    """Step 2: "Ya, kirim" under the letter's preview."""

    cycle_id: int


@dataclass(frozen=True)
class LetterCancel(CallbackData, prefix="co:no"):
    """Step 2: "Batal" under the letter's preview."""

    cycle_id: int


@dataclass(frozen=True)
class Acknowledge(CallbackData, prefix="co:ack"):
    """Step 2: a PPID Pelaksana acknowledges the letter."""

    coordination_id: int


@dataclass(frozen=True)
class CoordinationReport(CallbackData, prefix="co:rep"):
    """The coordination report of a cycle (who was asked, who acknowledged)."""

    cycle_id: int


@dataclass(frozen=True)
class DraftUpload(CallbackData, prefix="dr:up"):
    """Step 3: "Unggah draf", files follow."""

    cycle_id: int


@dataclass(frozen=True)
class DraftDone(CallbackData, prefix="dr:done"):
    """Step 3: "Selesai", submit the draft."""

    cycle_id: int


@dataclass(frozen=True)
class AnnounceSend(CallbackData, prefix="dr:send"):
    """Step 3 (serta merta): the previewed announcement is right."""

    cycle_id: int


@dataclass(frozen=True)
class AnnounceEdit(CallbackData, prefix="dr:edit"):
    """Step 3 (serta merta): choose an element of the announcement to correct."""

    cycle_id: int


@dataclass(frozen=True)
class AnnounceElement(CallbackData, prefix="dr:el"):
    """Step 3 (serta merta): correct element `element` (1..8) of the announcement."""

    cycle_id: int
    element: int


@dataclass(frozen=True)
class Approve(CallbackData, prefix="rv:ok"):
    """Step 4: approve draft `version`."""

    cycle_id: int
    version: int


@dataclass(frozen=True)
class Return(CallbackData, prefix="rv:ret"):
    """Step 4: return draft `version` (a reason is typed next)."""

    cycle_id: int
    version: int


@dataclass(frozen=True)
class Recategorise(CallbackData, prefix="rv:cat"):
    """Step 4: offer the categories for draft `version`'s item."""

    cycle_id: int
    version: int


@dataclass(frozen=True)
class CategoryChoice(CallbackData, prefix="rv:c"):
    """Step 4: give the item `category` (dikecualikan: its legal basis is typed next)."""

    cycle_id: int
    version: int
    category: Category


@dataclass(frozen=True)
class CoordinatePublication(CallbackData, prefix="pb:co"):
    """Step 5: coordinate the publication."""

    cycle_id: int


@dataclass(frozen=True)
class Publish(CallbackData, prefix="pb:go"):
    """Step 7: "Publikasikan sekarang", which shows the preview first."""

    cycle_id: int


@dataclass(frozen=True)
class PublishConfirm(CallbackData, prefix="pb:yes"):
    """Step 7: "Ya, kirim" under the preview of draft `version`."""

    cycle_id: int
    version: int


@dataclass(frozen=True)
class PublishCancel(CallbackData, prefix="pb:no"):
    """Step 7: "Batal" under the preview."""

    cycle_id: int


@dataclass(frozen=True)
class ConfirmPosted(CallbackData, prefix="pb:ok"):
    """After an interrupted publication: it is in the channel, record it."""

    cycle_id: int


@dataclass(frozen=True)
class Repost(CallbackData, prefix="pb:re"):
    """After an interrupted publication: it is not in the channel, post it again."""

    cycle_id: int


@dataclass(frozen=True)
class Withdraw(CallbackData, prefix="pb:wd"):
    """"Tarik publikasi": a reason is typed next."""

    cycle_id: int


REVIEW_CATEGORIES: tuple[Category, ...] = CATEGORIES

def acknowledge_keyboard(coordination_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[Acknowledge(coordination_id).button(raw("btn_acknowledge", language))]])


def draft_keyboard(cycle_id: int, language: str, sop: Sop, *, with_upload: bool = True) -> InlineKeyboardMarkup:
    """"Unggah draf" and "Selesai, kirim ke <the verify step's actor, as the SOP file names it>"."""
    rows = [[DraftUpload(cycle_id).button(raw("btn_upload_draft", language))]] if with_upload else []
    done = raw("btn_draft_done", language).format(verifier=role_name(sop.actor_of("verify"), language))
    rows.append([DraftDone(cycle_id).button(done)])
    return InlineKeyboardMarkup(rows)


def review_keyboard(cycle_id: int, version: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                Approve(cycle_id, version).button(raw("btn_approve", language)),
                Return(cycle_id, version).button(raw("btn_return", language)),
            ],
            [Recategorise(cycle_id, version).button(raw("btn_recategorise", language))],
        ]
    )


def confirm_keyboard(
    language: str, yes: CallbackData, no: CallbackData, no_label: str = "btn_cancel_send"
) -> InlineKeyboardMarkup:
    """ "Ya, kirim" (button data `yes`) and "Batal" (or `no_label`, data `no`) under a preview."""
    return InlineKeyboardMarkup([[yes.button(raw("btn_send_yes", language)), no.button(raw(no_label, language))]])


def element_keyboard(button_of: Callable[[int], CallbackData], language: str) -> InlineKeyboardMarkup:
    """One button per element (1..8) of a serta merta announcement, labelled with its question."""
    return InlineKeyboardMarkup(
        [[button_of(number).button(raw(f"announce_q_{key}", language))] for number, key in enumerate(ANNOUNCEMENT_ELEMENTS, 1)]
    )


def letter_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [LetterGenerate(cycle_id).button(raw("btn_letter_generate", language))],
            [LetterUpload(cycle_id).button(raw("btn_letter_upload", language))],
        ]
    )


def publish_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[Publish(cycle_id).button(raw("btn_publish", language))]])


def withdraw_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[Withdraw(cycle_id).button(raw("btn_withdraw", language))]])


def coordination_report_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[CoordinationReport(cycle_id).button(raw("btn_coordination_report", language))]])


def step_keyboard(task: Task, language: str, sop: Sop, version: int = 0) -> InlineKeyboardMarkup | None:
    """The action buttons of a task's step (`version`: the draft version for step 4)."""
    cycle_id = task.cycle.id
    if task.coordination is not None:
        return acknowledge_keyboard(task.coordination.id, language)
    kind = task.step.kind
    if kind == "coordinate":
        return letter_keyboard(cycle_id, language)
    if kind == "prepare_draft":
        return draft_keyboard(cycle_id, language, sop)
    if kind == "verify":
        return review_keyboard(cycle_id, version, language)
    if kind == "coordinate_publication":
        return InlineKeyboardMarkup(
            [
                [CoordinatePublication(cycle_id).button(raw("btn_coordinate_publication", language))],
                [CoordinationReport(cycle_id).button(raw("btn_coordination_report", language))],
            ]
        )
    if kind == "publish":
        return publish_keyboard(cycle_id, language)
    if kind == "confirm":
        return step_done_keyboard(cycle_id, task.step.no, language)
    return None


# -- an office's own step (kind "confirm", handled by handlers/confirm_step.py) ---------------------


@dataclass(frozen=True)
class StepDone(CallbackData, prefix="sd:ok"):
    """ "Selesai" on a confirm step's card: the step is done (no note)."""

    cycle_id: int
    step_no: int


@dataclass(frozen=True)
class StepDoneWithNote(CallbackData, prefix="sd:note"):
    """ "Selesai, dengan catatan": the note is typed next, then the step is done."""

    cycle_id: int
    step_no: int


def step_done_keyboard(cycle_id: int, step_no: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [StepDone(cycle_id, step_no).button(raw("btn_step_done", language))],
            [StepDoneWithNote(cycle_id, step_no).button(raw("btn_step_done_note", language))],
        ]
    )
