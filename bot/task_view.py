"""How a cycle looks in chat: the step card, the channel caption, the serta merta announcement,
the coordination report and the history table. All HTML, escaped, within Telegram's limits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from html import escape

from bot.messages import pack_messages
from bot.register import category_label
from bot.services import Services
from bot.sop import SopStep
from bot.sop_view import step_title
from bot.step_instruction import step_instruction
from bot.telegram_limits import CAPTION_MAX, MESSAGE_TEXT_MAX, shorten, telegram_length
from bot.texts import raw, role_name, t
from bot.workflow import ANNOUNCEMENT_ELEMENTS
from storage.cycles import Coordination, Cycle, StepEvent
from storage.items import InfoItem

# The headings of the 8 elements in the channel post (the public reads Indonesian).
ANNOUNCEMENT_LABELS = (
    "Bahaya dan besarnya",
    "Pihak yang berpotensi terdampak",
    "Prosedur dan tempat evakuasi",
    "Cara menghindari bahaya",
    "Cara memperoleh bantuan",
    "Pihak yang wajib mengumumkan",
    "Tata cara penyampaian dalam keadaan darurat",
    "Upaya pemerintah/instansi terkait",
)

TASK_LABEL_SUMMARY = 40  # characters of an item's summary on a task button
ANNOUNCEMENT_SUMMARY_MAX = 300  # characters of the title in a serta merta announcement
ELEMENT_MAX = 400  # characters of each element: typed longer is refused (`bot.serta_merta.clean_element`)

# Actions done at a step by someone other than the step's actor.
ACTION_ROLES = {
    "coordination_acknowledged": "pelaksana",
    "cycle_cancelled": "admin",
    **dict.fromkeys(("cycle_cancelled_by_admin", "step_handed_over", "assignment_dropped"), "admin"),  # bot.cycle_admin
}
# Actions whose note is plain text to show as it is (a reason; a name).
PLAIN_NOTES = (
    "draft_returned", "publication_withdrawn", "cycle_cancelled_by_admin", "step_handed_over", "assignment_dropped",
)


def _line(label_key: str, value: str, language: str) -> str:
    return f"{raw(label_key, language)}: {escape(value)}"


def deadline_text(services: Services, deadline: datetime | None, language: str) -> str:
    """The deadline in office time, marked when it has passed."""
    if deadline is None:
        return raw("card_no_deadline", language)
    text = services.calendar.format_local(deadline, language)
    if services.clock.now() > deadline:
        text += " " + raw("card_late", language)
    return text


async def unit_name(services: Services, unit_id: int) -> str:
    unit = await services.units.get(unit_id)
    return unit.name if unit else str(unit_id)


def task_label(item_id: int | None, summary: str, limit: int = TASK_LABEL_SUMMARY) -> str:
    """An item on a task button: its number, then its summary cut to fit ("#12 Laporan Real…"),
    so two items whose titles begin alike can be told apart. Plain text (a button's label)."""
    short = shorten(summary, limit)
    return short if item_id is None else f"#{item_id} {short}"


async def step_card(
    services: Services, cycle: Cycle, item: InfoItem, step: SopStep, language: str, *, version: int | None = None
) -> str:
    """What to do, then the step for reference: the one sentence of the action and its deadline
    (`bot.step_instruction`), at step 3 how many files the open version holds and why the last one
    was returned; then "Langkah N dari 7", the item, its unit and category, the SOP's Kelengkapan
    and Output (and at step 4 the version under verification).

    `version`: the draft version of a step 3 or 4 card, when the caller has it already.
    """
    unit = await unit_name(services, item.unit_id)
    workflow = services.workflow
    head: list[str] = []
    reference = [
        step_title(services.sop, step, language),
        _line("card_item", item.summary, language),
        _line("card_unit", unit, language),
        _line("card_category", category_label(item.category, language), language),
        _line("card_kelengkapan", step.kelengkapan, language),
        _line("card_output", step.output, language),
    ]
    if step.kind == "prepare_draft":
        version = version or await workflow.working_version(cycle.id)
        count = len(await workflow.draft_files(cycle.id, version))
        head.append(t("card_draft_files" if count else "card_draft_no_files", language, version=version, count=count))
        returned = [r for r in await services.cycles.reviews(cycle.id) if r.decision == "returned"]
        if returned and returned[-1].draft_version == version - 1:
            head.append(_line("card_returned_reason", returned[-1].reason or "", language))
    elif step.kind == "verify":
        version = version or await workflow.submitted_version(cycle.id)
        reference.append(f"{raw('card_version', language)}: {version}")
    sentence = await step_instruction(services, cycle, item, step, language, unit=unit, version=version or 0)
    return "\n".join([sentence, *head]) + "\n\n" + "\n".join(reference)


async def channel_caption(services: Services, item: InfoItem, cycle: Cycle) -> str:
    """The caption of the published document: title, category, unit, date (at most 1024)."""
    language = "id"
    tail = "\n".join(
        [
            _line("card_category", category_label(item.category, language), language),
            _line("card_unit", await unit_name(services, item.unit_id), language),
            f"Tanggal: {escape(services.calendar.format_date(services.calendar.local(services.clock.now()).date()))}",
            "#InformasiPublik #PPID",
        ]
    )
    budget = CAPTION_MAX - telegram_length(tail) - 20
    return f"<b>{escape(shorten(item.summary, budget))}</b>\n{tail}"


def announcement_text(item: InfoItem, elements: dict[str, str], date_text: str) -> str:
    """The serta merta announcement with its 8 elements (as a channel message, at most 4096)."""
    return announcement_of(item.summary, elements, date_text)


def announcement_of(summary: str, elements: dict[str, str], date_text: str) -> str:
    """`announcement_text` for information titled `summary` (registered or not yet)."""
    title = escape(shorten(summary, ANNOUNCEMENT_SUMMARY_MAX))
    blocks = [f"⚠️ <b>PENGUMUMAN SERTA MERTA</b>\n<b>{title}</b>\n{escape(date_text)}"]
    for number, (key, label) in enumerate(zip(ANNOUNCEMENT_ELEMENTS, ANNOUNCEMENT_LABELS), start=1):
        blocks.append(f"<b>{number}. {label}</b>\n{escape(shorten(elements.get(key, ''), ELEMENT_MAX))}")
    # Each element is cut to 400 characters and the summary to 300: the announcement Telegram
    # counts (after parsing the HTML) stays under 4096, so it is always one whole message.
    return "\n\n".join(blocks)


def announcement_now(services: Services, item: InfoItem, elements: dict[str, str]) -> str:
    """The serta merta announcement as it would be posted now (dated in office time)."""
    return announcement_text(item, elements, services.calendar.format_local(services.clock.now(), "id"))


async def publication_text(services: Services, item: InfoItem, cycle: Cycle) -> str:
    """What step 7 posts as text: the serta merta announcement, or the caption of the first file."""
    if cycle.kind == "serta_merta":
        return announcement_now(services, item, await services.workflow.announcement(cycle.id) or {})
    return await channel_caption(services, item, cycle)


async def review_messages(
    services: Services, cycle: Cycle, item: InfoItem, card: str, language: str
) -> list[str]:
    """A step 4 card and, for serta merta, the whole announcement as it will be posted: one
    message when both fit in Telegram's 4096 characters, else the announcement first and the card
    (which carries the buttons) last."""
    elements = await services.workflow.announcement(cycle.id) if cycle.kind == "serta_merta" else None
    if not elements:
        return [card]
    announcement = announcement_now(services, item, elements)
    together = f"{card}\n\n{raw('card_announcement', language)}\n\n{announcement}"
    if telegram_length(together) <= MESSAGE_TEXT_MAX:
        return [together]
    return [announcement, f"{card}\n\n{raw('card_announcement_above', language)}"]


async def coordination_report(services: Services, cycle: Cycle, entries: list[Coordination], language: str) -> str:
    """Who was asked when, who acknowledged when: the Output of step 2."""
    lines = [f"<b>{raw('coordination_report', language)}</b>"]
    for entry in entries:
        person = await services.users.get(entry.asked_user_id)
        ack = (
            t("coordination_ack_at", language, time=services.calendar.format_local(entry.acknowledged_at, language))
            if entry.acknowledged_at
            else raw("coordination_not_ack", language)
        )
        lines.append(
            t(
                "coordination_line",
                language,
                name=person.full_name if person else entry.asked_user_id,
                asked=services.calendar.format_local(entry.asked_at, language),
                ack=ack,
            )
        )
    return "\n".join(lines)


async def history_messages(
    services: Services, item: InfoItem, cycles: list[tuple[Cycle, list[StepEvent]]], language: str,
    cycle_lines: Mapping[int, str] | None = None,
) -> list[str]:
    """Each cycle like the filled-in SOP table: step, actor, time, Kelengkapan, Output, on time.

    `cycle_lines` (cycle id -> a line of HTML) is shown under a cycle's heading (`/riwayat` puts
    a standing publication's links there)."""
    if not cycles:
        return [raw("history_none", language)]
    blocks = [f"<b>{escape(item.summary)}</b>"]
    names: dict[int, str] = {}
    for cycle, events in cycles:
        withdrawn = any(event.action == "publication_withdrawn" for event in events)
        state = (
            t("state_open", language, step=cycle.current_step)
            if cycle.is_open
            else raw("state_withdrawn" if withdrawn else f"state_{cycle.state}", language)
        )
        blocks.append(
            t(
                "history_cycle",
                language,
                id=cycle.id,
                kind=category_label(cycle.kind, language),
                opened=services.calendar.format_local(cycle.opened_at, language),
                state=state,
            )
            + (f"\n{cycle_lines[cycle.id]}" if cycle_lines and cycle.id in cycle_lines else "")
        )
        for event in events:
            # A step an earlier SOP file had and this one has not (bot.sop_change): named by its number.
            step = services.sop.step(event.step_no) if event.step_no <= services.sop.step_count else None
            if event.actor_id is None:
                actor = raw("history_system", language)
            else:
                if event.actor_id not in names:
                    person = await services.users.get(event.actor_id)
                    names[event.actor_id] = person.full_name if person else str(event.actor_id)
                role = _acting_role(event) or ACTION_ROLES.get(event.action, step.actor if step else None)
                actor = f"{names[event.actor_id]} ({role_name(role, language)})" if role else names[event.actor_id]
            lines = [
                step_title(services.sop, step, language) if step else t("history_step_gone", language, step=event.step_no),
                f"<i>{escape(raw('action_' + event.action, language))}</i>",
                f"{raw('history_actor', language)}: {escape(actor)}",
                f"{raw('history_time', language)}: {escape(services.calendar.format_local(event.at, language))}",
            ]
            if event.kelengkapan:
                lines.append(_line("card_kelengkapan", event.kelengkapan, language))
            if event.output:
                lines.append(_line("card_output", event.output, language))
            note = _note_text(services, event, language)
            if note:
                lines.append(_line("history_note", note, language))
            if event.on_time is not None:
                lines.append(raw("history_on_time" if event.on_time else "history_late", language))
            blocks.append("\n".join(lines))
    return pack_messages(blocks)


def _acting_role(event: StepEvent) -> str | None:
    """The role an event's note says its actor acted in (a step done through /sertamerta by
    someone who is not the step's actor); None when it does not say."""
    if event.action in ("draft_returned", "publication_withdrawn"):  # typed reasons, never a role
        return None
    try:
        data = json.loads(event.note) if event.note and event.note.startswith("{") else None
    except ValueError:
        return None
    role = data.get("as_role") if isinstance(data, dict) else None
    return role if isinstance(role, str) else None


def _note_text(services: Services, event: StepEvent, language: str) -> str:
    """The human part of an event's note (a reason, a next due date)."""
    if not event.note:
        return ""
    if event.action in PLAIN_NOTES:
        return event.note
    try:
        data = json.loads(event.note)
    except ValueError:
        return event.note
    if isinstance(data, dict) and data.get("next_due_at"):
        return services.calendar.format_local(datetime.fromisoformat(data["next_due_at"]), language)
    if isinstance(data, dict) and "to" in data:
        return f"{data.get('from')} → {data.get('to')}"
    return ""
