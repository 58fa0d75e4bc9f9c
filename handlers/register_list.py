"""`/informasi`: the register of public information (DIP) in chat - its list, search and cards,
and taking an item out of the register or back (adding and editing: `handlers.register_form`).

* `/informasi` lists the active items, 10 per page, with ◀ ▶ buttons and one button per item that
  opens its card; `/informasi <kata>` searches the summary and the person responsible. Every
  registered person may look; a PPID Pelaksana with no other role sees only their unit's items.
* Admins also get "➕ Tambah informasi" and "show inactive too" on the list and, on a card,
  "✏️ Ubah", "⛔ Nonaktifkan" (confirmed) or "✅ Aktifkan lagi", and "🔄 Buka siklus pembaruan"
  (handled by the cycle flow, not here).

The buttons are `handlers.register_buttons`. Roles come from `context.person` (read from the
database by the gate on every update), and the changes in `bot.register` check the admin role in
the database again.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.application import PpidContext
from bot.pages import page_of
from bot.register import (
    RegisterError,
    classification_label,
    clean_text,
    deactivate_item,
    reactivate_item,
    visible_unit_ids,
)
from bot.staff import Person
from bot.texts import t
from handlers.access import person_of
from handlers.callbacks import CallbackData, family_pattern, popup
from handlers.paging import navigation_row
from handlers.register_buttons import (
    AddItem,
    ConfirmDeactivate,
    Deactivate,
    FullListPage,
    KeepItem,
    ListPage,
    Reactivate,
    ViewItem,
    page_data,
    pressed_dip,
    pressed_or_stale,
)
from handlers.register_card import LIST_SUMMARY_MAX, admin_only, card, edit_message, short
from storage.items import InfoItem

PAGE_SIZE = 10
SEARCH_MAX_BYTES = 40
BUTTON_SUMMARY_MAX = 34


def _search_text_ok(query: str) -> bool:
    """A search text that fits in a page button's callback data and reads back the same."""
    return bool(query) and clean_text(query) == query and len(query.encode("utf-8")) <= SEARCH_MAX_BYTES


# --- the list ---------------------------------------------------------------------------------


async def _list_page(
    context: PpidContext, person: Person, offset: int, query: str | None, include_inactive: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and keyboard of the page `offset` entries in of the register as `person` may see it."""
    services = context.services
    language = person.language
    scope = visible_unit_ids(person.roles, person.unit_ids)
    for _ in range(2):  # a second read when the list shrank between its count and its page
        total = await services.items.count(query, unit_ids=scope, include_inactive=include_inactive)
        page = page_of(total, offset // PAGE_SIZE + 1, PAGE_SIZE)
        found = await services.items.search(
            query, unit_ids=scope, include_inactive=include_inactive, limit=page.size, offset=page.offset
        )
        if found or not total:
            break
    unit_names = {unit.id: unit.name for unit in await services.units.list(active_only=False)}
    meta = [t("dip_list_title", language)]
    if query:
        meta.append(t("dip_list_search", language, query=query))
    if scope is not None:
        meta.append(t("dip_list_scope_units", language))
    if include_inactive:
        meta.append(t("dip_list_with_inactive", language))
    if not found:
        meta.append(t("dip_list_no_match" if query else "dip_list_empty", language))
    else:
        last = page.offset + len(found)
        meta.append(t("dip_list_range", language, first=page.first, last=last, total=total))
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    for number, item in enumerate(found, start=page.first):
        detail = unit_names.get(item.unit_id, f"#{item.unit_id}") + " · "
        detail += classification_label(item.category, item.period, language)
        if not item.active:
            detail += f" · ⛔ {t('dip_list_inactive_mark', language)}"
        summary = short(item.summary, LIST_SUMMARY_MAX)
        lines.append(t("dip_list_line", language, number=number, summary=summary, detail=detail))
        rows.append([ViewItem(item.id).button(f"{number}. {short(item.summary, BUTTON_SUMMARY_MAX)}")])

    def data_for(number: int) -> CallbackData:
        return page_data((number - 1) * PAGE_SIZE, query, include_inactive=include_inactive)

    navigation = navigation_row(page, data_for, "◀", "▶")
    if navigation:
        rows.append(navigation)
    if person.has("admin"):
        rows.append([AddItem().button(t("dip_btn_add", language))])
        toggle = "dip_btn_hide_inactive" if include_inactive else "dip_btn_show_inactive"
        rows.append([page_data(0, query, include_inactive=not include_inactive).button(t(toggle, language))])
    text = "\n".join(meta) + ("\n\n" + "\n\n".join(lines) if lines else "")
    return text, InlineKeyboardMarkup(rows) if rows else None


async def show_register(update: Update, context: PpidContext) -> None:
    """`/informasi [kata]`: the first page of the register, or of the items matching `kata`."""
    message = update.effective_message
    assert message is not None
    person = person_of(context)
    query = clean_text(" ".join(context.args or [])) or None
    if query is not None and not _search_text_ok(query):
        await message.reply_text(t("dip_search_too_long", person.language, max=SEARCH_MAX_BYTES))
        return
    text, markup = await _list_page(context, person, 0, query, include_inactive=False)
    await message.reply_text(text, reply_markup=markup)


async def _turn_page(update: Update, context: PpidContext, kind: type[ListPage | FullListPage]) -> None:
    """Show the pressed page of the list in the same message (a forged one is stale)."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    data = pressed_dip(query, kind)
    if data is None or (data.words is not None and not _search_text_ok(data.words)):
        await popup(query, t("stale_button", person.language), alert=True)
        return
    await query.answer()
    text, markup = await _list_page(context, person, data.offset, data.words, kind is FullListPage)
    await edit_message(query, text, markup)


async def turn_page(update: Update, context: PpidContext) -> None:
    """◀ ▶ of the active items, and "hide inactive": another page in the same message."""
    await _turn_page(update, context, ListPage)


@admin_only
async def turn_full_page(update: Update, context: PpidContext) -> None:
    """◀ ▶ of the list with the inactive items, and "show inactive too" (admin)."""
    await _turn_page(update, context, FullListPage)


# --- the card ---------------------------------------------------------------------------------


async def _item_for(update: Update, context: PpidContext, kind: type[CallbackData]) -> InfoItem | None:
    """The item a card button is about, or None after answering why not (forged, gone, not allowed)."""
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    data = await pressed_or_stale(update, context, kind)
    if data is None:
        return None
    item = await context.services.items.get(data.item_id)
    if item is None:
        await popup(query, t("dip_err_not_found", person.language, id=data.item_id), alert=True)
        return None
    scope = visible_unit_ids(person.roles, person.unit_ids)
    if scope is not None and item.unit_id not in scope:
        await popup(query, t("dip_not_your_unit", person.language), alert=True)
        return None
    return item


async def _show_card(update: Update, context: PpidContext, kind: type[CallbackData], *, in_place: bool) -> None:
    """The card of the pressed button's item: in a new message, or in place of the pressed one."""
    item = await _item_for(update, context, kind)
    if item is None:
        return
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    text, markup = await card(context, person_of(context), item)
    if in_place:
        await edit_message(query, text, markup)
    else:
        await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def view_item(update: Update, context: PpidContext) -> None:
    """An item button of the list: send the item's card."""
    await _show_card(update, context, ViewItem, in_place=False)


@admin_only
async def ask_deactivate(update: Update, context: PpidContext) -> None:
    """"⛔ Nonaktifkan": ask for confirmation on the card itself."""
    item = await _item_for(update, context, Deactivate)
    if item is None:
        return
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    text, markup = await card(context, person, item)
    if not item.active:
        await popup(query, t("dip_no_change", person.language))
        await edit_message(query, text, markup)
        return
    await query.answer()
    buttons = [
        ConfirmDeactivate(item.id).button(t("dip_btn_confirm_deactivate", person.language)),
        KeepItem(item.id).button(t("dip_btn_keep", person.language)),
    ]
    question = t("dip_confirm_deactivate", person.language)
    await edit_message(query, text + "\n\n" + question, InlineKeyboardMarkup([buttons]))


async def _change_status(update: Update, context: PpidContext, kind: type[CallbackData], *, deactivate: bool) -> None:
    """Deactivate or reactivate the item of the pressed card, then show the card as it is now."""
    item = await _item_for(update, context, kind)
    if item is None:
        return
    query = update.callback_query
    assert query is not None
    person = person_of(context)
    change_of = deactivate_item if deactivate else reactivate_item
    try:
        change = await change_of(context.services, person.telegram_id, item.id)
    except RegisterError as error:
        await popup(query, error.text(person.language), alert=True)
        return
    if change.changed:
        await popup(query, t("dip_deactivated" if deactivate else "dip_reactivated", person.language, id=item.id))
    else:
        await popup(query, t("dip_no_change", person.language))
    text, markup = await card(context, person, change.item)
    await edit_message(query, text, markup)


@admin_only
async def confirm_deactivate(update: Update, context: PpidContext) -> None:
    """"Ya, nonaktifkan": take the item out of the register."""
    await _change_status(update, context, ConfirmDeactivate, deactivate=True)


@admin_only
async def reactivate(update: Update, context: PpidContext) -> None:
    """"✅ Aktifkan lagi": put the item back in the register."""
    await _change_status(update, context, Reactivate, deactivate=False)


async def keep_item(update: Update, context: PpidContext) -> None:
    """"Tidak jadi": show the card again, unchanged."""
    await _show_card(update, context, KeepItem, in_place=True)


async def stale_dip_button(update: Update, context: PpidContext) -> None:
    """Any other `dip:` button (malformed, forged, or from a conversation that is over)."""
    query = update.callback_query
    assert query is not None
    await popup(query, t("stale_button", person_of(context).language), alert=True)


def register(application: Application) -> None:
    """Add the list's and the cards' handlers, and last the stale `dip:` catch-all (after the
    form's conversation, `handlers.register_form.register`, so its buttons reach it first)."""
    application.add_handler(CommandHandler("informasi", show_register))
    application.add_handler(CallbackQueryHandler(turn_page, pattern=ListPage.pattern()))
    application.add_handler(CallbackQueryHandler(turn_full_page, pattern=FullListPage.pattern()))
    application.add_handler(CallbackQueryHandler(view_item, pattern=ViewItem.pattern()))
    application.add_handler(CallbackQueryHandler(ask_deactivate, pattern=Deactivate.pattern()))
    application.add_handler(CallbackQueryHandler(confirm_deactivate, pattern=ConfirmDeactivate.pattern()))
    application.add_handler(CallbackQueryHandler(keep_item, pattern=KeepItem.pattern()))
    application.add_handler(CallbackQueryHandler(reactivate, pattern=Reactivate.pattern()))
    application.add_handler(CallbackQueryHandler(stale_dip_button, pattern=family_pattern("dip")))
