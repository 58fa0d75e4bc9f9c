"""The import of the checklist of required information, from `/unit`: an admin taps
"📋 Impor informasi wajib" beside a unit, and each entry of `bot/data/informasi_wajib_berkala.toml`
that unit has not had yet becomes an inactive item of its register, to complete (see
`bot.required_info`). One button, one step:

    unit:req:<unit>     import the checklist for that unit

Thin glue: the rules, the transaction and the audit entry are `bot.required_info`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery

from bot.application import PpidContext
from bot.register import RegisterError
from bot.required_info import RequiredInfoError, import_required_info, load_required_info
from bot.staff import Person
from bot.texts import t
from handlers.callbacks import CallbackData, popup
from handlers.onboarding_buttons import admin_only, on_press
from handlers.staff_views import UnitId


@dataclass(frozen=True)
class UnitImportRequired(CallbackData, prefix="unit:req"):
    unit_id: UnitId


@admin_only
@on_press(UnitImportRequired)
async def import_for_unit(query: CallbackQuery, context: PpidContext, person: Person, data: UnitImportRequired) -> None:
    """The button beside a unit: import what it lacks, say how many items were added."""
    language = person.language
    try:
        entries = load_required_info()
    except RequiredInfoError as error:
        await query.answer()
        await context.bot.send_message(person.telegram_id, t("req_err_file", language, error=str(error)))
        return
    try:
        result = await import_required_info(context.services, person.telegram_id, data.unit_id, entries)
    except RegisterError as error:
        await popup(query, error.text(language), alert=True)
        return
    unit = await context.services.units.get(data.unit_id)
    name = unit.name if unit is not None else str(data.unit_id)
    await query.answer()
    if result.created:
        text = t("req_imported", language, unit=name, count=len(result.created))
    else:
        text = t("req_nothing_new", language, unit=name, count=len(entries))
    await context.bot.send_message(person.telegram_id, text)
