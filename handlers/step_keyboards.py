"""The buttons of each SOP step and their callback-data prefixes (the cycle flow's keyboards).

Every prefix is followed by ids only (see `handlers.callbacks`); the step modules handle them.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.texts import raw
from bot.workflow import Task
from handlers.callbacks import CallbackData, button

OPEN_CYCLE = "cyc:open"  # cyc:open:<item id>  (the button on an item's card in /informasi)
SHOW_TASK = "tsk"  # tsk:<cycle id>
LETTER_GENERATE = "co:gen"  # co:gen:<cycle id>
LETTER_UPLOAD = "co:up"  # co:up:<cycle id>
ACKNOWLEDGE = "co:ack"  # co:ack:<coordination id>
COORDINATION_REPORT = "co:rep"  # co:rep:<cycle id>
DRAFT_UPLOAD = "dr:up"  # dr:up:<cycle id>
DRAFT_DONE = "dr:done"  # dr:done:<cycle id>
APPROVE = "rv:ok"  # rv:ok:<cycle id>:<version>
RETURN = "rv:ret"  # rv:ret:<cycle id>:<version>
RECATEGORISE = "rv:cat"  # rv:cat:<cycle id>:<version>
CATEGORY_CHOICE = "rv:c"  # rv:c:<cycle id>:<version>:<category>
COORDINATE_PUBLICATION = "pb:co"  # pb:co:<cycle id>
PUBLISH = "pb:go"  # pb:go:<cycle id>
CONFIRM_POSTED = "pb:ok"  # pb:ok:<cycle id>  (after an interrupted publication: it is in the channel)
REPOST = "pb:re"  # pb:re:<cycle id>  (after an interrupted publication: it is not, post again)
PUBLISH_CONFIRM = "pb:yes"  # pb:yes:<cycle id>:<draft version>  ("Ya, kirim" under the preview)
PUBLISH_CANCEL = "pb:no"  # pb:no:<cycle id>
WITHDRAW = "pb:wd"  # pb:wd:<cycle id>  ("Tarik publikasi": a reason is typed next)
LETTER_CONFIRM = "co:yes"  # co:yes:<cycle id>  (send the previewed letter)
LETTER_CANCEL = "co:no"  # co:no:<cycle id>
ANNOUNCE_SEND = "dr:send"  # dr:send:<cycle id>  (the previewed serta merta announcement is right)
ANNOUNCE_EDIT = "dr:edit"  # dr:edit:<cycle id>  (choose an element to correct)
ANNOUNCE_ELEMENT = "dr:el"  # dr:el:<cycle id>:<element number 1..8>

REVIEW_CATEGORIES = ("berkala", "serta_merta", "setiap_saat", "dikecualikan")


def acknowledge_keyboard(coordination_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(raw("btn_acknowledge", language), ACKNOWLEDGE, coordination_id)]])


def draft_keyboard(cycle_id: int, language: str, *, with_upload: bool = True) -> InlineKeyboardMarkup:
    rows = [[button(raw("btn_upload_draft", language), DRAFT_UPLOAD, cycle_id)]] if with_upload else []
    rows.append([button(raw("btn_draft_done", language), DRAFT_DONE, cycle_id)])
    return InlineKeyboardMarkup(rows)


def review_keyboard(cycle_id: int, version: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(raw("btn_approve", language), APPROVE, cycle_id, version),
                button(raw("btn_return", language), RETURN, cycle_id, version),
            ],
            [button(raw("btn_recategorise", language), RECATEGORISE, cycle_id, version)],
        ]
    )


def confirm_keyboard(
    language: str, yes: tuple[str | int, ...], no: tuple[str | int, ...], no_label: str = "btn_cancel_send"
) -> InlineKeyboardMarkup:
    """ "Ya, kirim" (callback data `yes`) and "Batal" (or `no_label`, data `no`) under a preview."""
    return InlineKeyboardMarkup([[button(raw("btn_send_yes", language), *yes), button(raw(no_label, language), *no)]])


def letter_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(raw("btn_letter_generate", language), LETTER_GENERATE, cycle_id)],
            [button(raw("btn_letter_upload", language), LETTER_UPLOAD, cycle_id)],
        ]
    )


def publish_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(raw("btn_publish", language), PUBLISH, cycle_id)]])


def withdraw_keyboard(cycle_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(raw("btn_withdraw", language), WITHDRAW, cycle_id)]])


def step_keyboard(task: Task, language: str, version: int = 0) -> InlineKeyboardMarkup | None:
    """The action buttons of a task's step (`version`: the draft version for step 4)."""
    cycle_id = task.cycle.id
    if task.coordination is not None:
        return acknowledge_keyboard(task.coordination.id, language)
    kind = task.step.kind
    if kind == "coordinate":
        return letter_keyboard(cycle_id, language)
    if kind == "prepare_draft":
        return draft_keyboard(cycle_id, language)
    if kind == "verify":
        return review_keyboard(cycle_id, version, language)
    if kind == "coordinate_publication":
        return InlineKeyboardMarkup(
            [
                [button(raw("btn_coordinate_publication", language), COORDINATE_PUBLICATION, cycle_id)],
                [button(raw("btn_coordination_report", language), COORDINATION_REPORT, cycle_id)],
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
