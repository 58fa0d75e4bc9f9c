"""`/riwayat`: the history of an item's update cycles, like the filled-in SOP table.

Under each cycle whose publication stands (not withdrawn): the link to its post in the public
channel and, when WEB_PUBLIC_URL is set and the public may see the item now, its page on the web
site (`bot.web_links`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.public_links import channel_post_link
from bot.services import Services
from bot.staff import Person
from bot.task_view import history_messages, shorten
from bot.texts import raw, t
from bot.web_links import public_item_url
from bot.withdrawal import withdrawable_cycles
from bot.workflow import WorkflowError
from handlers.access import person_of
from handlers.callbacks import CallbackData
from handlers.cycle_buttons import cycle_button
from handlers.step_keyboards import Withdraw
from storage.cycles import Cycle, StepEvent
from storage.items import InfoItem

MAX_ITEMS = 30
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # a history's links are references, not its content


@dataclass(frozen=True)
class ItemHistory(CallbackData, prefix="hst"):
    """Show the history of the item picked from the list."""

    item_id: int


def _may_see(person: Person, item: InfoItem) -> bool:
    """PPID Pelaksana who hold no other role see their own units' items only."""
    return person.roles != {"pelaksana"} or item.unit_id in person.unit_ids


async def _publication_lines(
    services: Services, item: InfoItem, cycles: list[tuple[Cycle, list[StepEvent]]], language: str
) -> dict[int, str]:
    """For each cycle whose publication stands: its channel link, and the item's web page when
    the public may see it (a withdrawn publication has neither)."""
    web = await public_item_url(services, item.id, language)
    lines: dict[int, str] = {}
    for cycle, _ in cycles:
        publication = await services.cycles.publication(cycle.id)
        if publication is None or publication.is_withdrawn:
            continue
        channel = channel_post_link(
            services.settings.public_channel, publication.channel_chat_id, publication.channel_message_id
        )
        parts = [t("history_channel_link", language, link=channel)] if channel else []
        if web:
            parts.append(t("history_web_link", language, link=web))
        if parts:
            lines[cycle.id] = " · ".join(parts)
    return lines


async def _send_history(context: PpidContext, person: Person, item: InfoItem) -> None:
    """The history; then, for the operator and PPID Utama, a "Tarik publikasi" button for each
    publication of the item still standing."""
    services = context.services
    cycles = await services.workflow.history(item.id)
    links = await _publication_lines(services, item, cycles, person.language)
    for text in await history_messages(services, item, cycles, person.language, links):
        await context.bot.send_message(person.telegram_id, text, link_preview_options=NO_PREVIEW)
    standing = await withdrawable_cycles(context.services, person, item.id)
    if standing:
        rows = [[Withdraw(cycle_id).button(t("withdraw_button_cycle", person.language, id=cycle_id))] for cycle_id in standing]
        await context.bot.send_message(
            person.telegram_id, raw("history_withdraw_pick", person.language), reply_markup=InlineKeyboardMarkup(rows)
        )


async def history(update: Update, context: PpidContext) -> None:
    """`/riwayat <id>` shows that item; `/riwayat` lists the items that have cycles."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    services = context.services
    if context.args:
        argument = context.args[0]
        item = await services.items.get(int(argument)) if re.fullmatch(r"[0-9]{1,12}", argument) else None
        if item is None or not _may_see(person, item):
            await message.reply_text(raw("item_not_found", person.language))
            return
        await _send_history(context, person, item)
        return
    item_ids = await services.cycles.item_ids_with_cycles(MAX_ITEMS)
    found = await services.items.get_many(item_ids)
    items = [found[item_id] for item_id in item_ids if item_id in found and _may_see(person, found[item_id])]
    if not items:
        await message.reply_text(raw("history_no_items", person.language))
        return
    keyboard = InlineKeyboardMarkup([[ItemHistory(item.id).button(shorten(item.summary, 50))] for item in items])
    await message.reply_text(raw("history_pick", person.language), reply_markup=keyboard)


@cycle_button(ItemHistory)
async def history_of(update: Update, context: PpidContext, person: Person, data: ItemHistory) -> None:
    """An item was picked from the list."""
    item = await context.services.workflow.item(data.item_id)
    if not _may_see(person, item):
        raise WorkflowError("item_not_found")
    await update.callback_query.answer()  # type: ignore[union-attr]
    await _send_history(context, person, item)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("riwayat", history))
    application.add_handler(CallbackQueryHandler(history_of, pattern=ItemHistory.pattern()))
