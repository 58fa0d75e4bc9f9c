"""Telling the people around a cycle (`bot.cycle_notices`): everyone who had a hand in a
publication gets one short notice with the link to the post; when someone starts fixing a
returned draft, the unit's other PPID Pelaksana are told who. Sent after the commit; a delivery
failure is logged and does not stop the others (`handlers.notify.send_to`).
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.cycle_notices import claim_fixing, end_audience, published_link
from bot.services import Services
from bot.staff import Person
from bot.task_view import shorten
from bot.texts import t
from bot.workflow import Transition
from handlers.notify import languages_for, send_to

SUMMARY_IN_NOTICE = 200


async def tell_published(
    context: ContextTypes.DEFAULT_TYPE, services: Services, transition: Transition, publisher_id: int
) -> None:
    """After step 7: the uploaders of the published version, its approver and the admins, once each."""
    cycle_id = transition.cycle.id
    audience = await end_audience(services, cycle_id, publisher_id)
    if not audience:
        return
    link = await published_link(services, cycle_id)
    summary = shorten(transition.item.summary, SUMMARY_IN_NOTICE)
    for user_id, language in (await languages_for(services, audience)).items():
        if link:
            text = t("published_notice_link", language, summary=summary, link=link)
        else:
            text = t("published_notice", language, summary=summary)
        await send_to(context, user_id, text)


async def tell_fixing(context: ContextTypes.DEFAULT_TYPE, services: Services, person: Person, cycle_id: int) -> None:
    """`person` started on the cycle's draft: if it is a returned draft's new version and they are
    the first, the step's other holders are told, once."""
    fixing = await claim_fixing(services, person, cycle_id)
    if fixing is None:
        return
    summary = shorten(fixing.summary, SUMMARY_IN_NOTICE)
    for user_id, language in (await languages_for(services, fixing.others)).items():
        await send_to(
            context, user_id,
            t("draft_being_fixed", language, name=person.full_name, summary=summary, version=fixing.version),
        )
