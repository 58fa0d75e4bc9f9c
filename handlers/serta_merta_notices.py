"""What a `/sertamerta` cycle's people are told after PPID Utama decides, and the one-press post.

On approval, each holder of the publication step gets the post exactly as it will go out with
"Ya, kirim", which records the coordination of the publication (and the data refresh step after
it) and posts at once (`publish_now`): the SOP's steps 5 to 7, each its own transition. On a
return, the person who started it is told with "✏️ Perbaiki pengumuman" (and the unit's PPID
Pelaksana, who never saw it, are not asked to upload a new version). Cycles opened any other way
get the ordinary cards.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.application import PpidContext
from bot.contacts import contacts_of
from bot.serta_merta import starter_of
from bot.services import Services
from bot.staff import Person
from bot.texts import raw, t
from bot.workflow import Transition, WorkflowError
from handlers.cycle_buttons import cycle_button
from handlers.notify import languages_for, send_to
from handlers.publication import publish_previewed, send_preview
from handlers.serta_merta_buttons import SmFix, SmPublish


async def offer_publication(context: PpidContext, services: Services, transition: Transition) -> bool:
    """After approval of a /sertamerta cycle: the preview with "Ya, kirim" to each holder of the
    publication step. False (nothing sent) for any other cycle, or one that may not go public."""
    cycle, item = transition.cycle, transition.item
    step = services.sop.step(cycle.current_step) if cycle.is_open else None
    if step is None or step.kind != "coordinate_publication" or await starter_of(services, cycle.id) is None:
        return False
    if services.settings.public_channel is None or not await _may_be_public(services, item.id):
        return False
    version = await services.workflow.submitted_version(cycle.id)
    for user_id, language in (await languages_for(services, transition.notify)).items():
        if await send_to(context, user_id, t("sm_publish_now", language, summary=item.summary)):
            try:
                await send_preview(context, user_id, language, item, cycle, SmPublish(cycle.id, version))
            except TelegramError:
                continue
    return True


async def _may_be_public(services: Services, item_id: int) -> bool:
    try:
        await services.workflow.require_public(item_id)
    except WorkflowError:
        return False
    return True


@cycle_button(SmPublish)
async def publish_now(update: Update, context: PpidContext, person: Person, data: SmPublish) -> None:
    """"Ya, kirim": step 5 (and the step 6 it records) unless done already, then step 7's post of
    what the preview showed. Each is the workflow's own transition, gate and transaction."""
    workflow = context.services.workflow
    cycle, _ = await workflow.cycle_with_item(data.cycle_id)
    coordinate = workflow.step_of_kind("coordinate_publication")
    if cycle.is_open and cycle.current_step == coordinate.no:
        await workflow.coordinate_publication(person, data.cycle_id)
    await workflow.require_actor(person, data.cycle_id, "publish")
    await publish_previewed(update, context, person, data.cycle_id, data.version)


async def tell_author_of_return(
    context: PpidContext, services: Services, transition: Transition, version: int, reason: str
) -> str | None:
    """After a return of a /sertamerta cycle: its starter may correct it ("✏️ Perbaiki pengumuman").
    Their contact name (what the verifier is told), None for a cycle opened another way: its
    draft goes back to the unit's PPID Pelaksana as usual."""
    starter = await starter_of(services, transition.cycle.id)
    if starter is None or not transition.cycle.is_open:
        return None
    language = (await languages_for(services, [starter]))[starter]
    keyboard = InlineKeyboardMarkup([[SmFix(transition.cycle.id).button(raw("btn_sm_fix", language))]])
    text = t("sm_returned_to_you", language, summary=transition.item.summary, version=version, reason=reason)
    await send_to(context, starter, text, reply_markup=keyboard)
    return (await contacts_of(services, [starter]))[starter]


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(publish_now, pattern=SmPublish.pattern()))
