"""How a cycle looks in chat: the step card, the channel caption, the serta merta announcement,
the coordination report and the history table. All HTML, escaped, within Telegram's limits.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from bot.messages import pack_messages
from bot.register import category_label
from bot.services import Services
from bot.sop import SopStep
from bot.sop_view import step_title
from bot.telegram_limits import CAPTION_MAX, MESSAGE_TEXT_MAX, telegram_length
from bot.texts import raw, t
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

# Actions done at a step by someone other than the step's actor.
ACTION_ROLES = {"coordination_acknowledged": "pelaksana", "cycle_cancelled": "admin"}


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


async def step_card(
    services: Services, cycle: Cycle, item: InfoItem, step: SopStep, language: str, *, version: int | None = None
) -> str:
    """ "Langkah N dari 7", the activity, the item, the Kelengkapan expected and the deadline.

    `version`: the draft version of a step 3 or 4 card, when the caller has it already.
    """
    lines = [
        step_title(services.sop, step, language),
        _line("card_item", item.summary, language),
        _line("card_unit", await unit_name(services, item.unit_id), language),
        _line("card_category", category_label(item.category, language), language),
        _line("card_kelengkapan", step.kelengkapan, language),
        _line("card_output", step.output, language),
        f"{raw('card_deadline', language)}: {escape(deadline_text(services, cycle.step_deadline_at, language))}",
    ]
    if step.kind in ("prepare_draft", "verify"):
        workflow = services.workflow
        if version is None:
            version = (
                await workflow.working_version(cycle.id)
                if step.kind == "prepare_draft"
                else await workflow.submitted_version(cycle.id)
            )
        lines.append(f"{raw('card_version', language)}: {version}")
        if step.kind == "prepare_draft":
            returned = [r for r in await services.cycles.reviews(cycle.id) if r.decision == "returned"]
            if returned and returned[-1].draft_version == version - 1:
                lines.append(_line("card_returned_reason", returned[-1].reason or "", language))
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters as Telegram counts them (UTF-16 units), with an ellipsis."""
    if telegram_length(text) <= limit:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit - 1:
            return text[:index].rstrip() + "…"
    return text


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
    blocks = [f"⚠️ <b>PENGUMUMAN SERTA MERTA</b>\n<b>{escape(shorten(item.summary, 300))}</b>\n{escape(date_text)}"]
    for number, (key, label) in enumerate(zip(ANNOUNCEMENT_ELEMENTS, ANNOUNCEMENT_LABELS), start=1):
        blocks.append(f"<b>{number}. {label}</b>\n{escape(shorten(elements.get(key, ''), 400))}")
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
    services: Services, item: InfoItem, cycles: list[tuple[Cycle, list[StepEvent]]], language: str
) -> list[str]:
    """Each cycle like the filled-in SOP table: step, actor, time, Kelengkapan, Output, on time."""
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
                role = ACTION_ROLES.get(event.action, step.actor if step else None)
                actor = f"{names[event.actor_id]} ({services.sop.actors[role]})" if role else names[event.actor_id]
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


def _note_text(services: Services, event: StepEvent, language: str) -> str:
    """The human part of an event's note (a reason, a next due date)."""
    if not event.note:
        return ""
    if event.action in ("draft_returned", "publication_withdrawn"):
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
