"""Who hears about a cycle besides the holders of its current step.

- The end: when a cycle is published, whoever prepared it (the uploaders of the published version
  and who sent it for verification: a PPID Pelaksana, or the author of a /sertamerta; who attached
  the File Informasi Data published with it), the PPID Utama who approved that version and the
  admins are told, each once however many of those they are; the publisher is told by their own
  answer, and nobody deactivated, left without a role or who blocked the bot is written to.
  `published_link` is the post's address.
- A returned draft: every PPID Pelaksana of the unit is told it came back; the first of them to
  start on the new version (pressing "Unggah draf" or sending its first file) is recorded once, in
  the key-value store, and the others are told who it is, so two people do not fix it at once.
  A notice, not a workflow change: no step event, no audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.data_file import to_publish
from bot.public_links import channel_post_link
from bot.services import Services
from bot.staff import Person

FIXERS = "draft_fixers"  # kv namespace: "<cycle id>:<version>" -> the telegram id who started first


async def end_audience(services: Services, cycle_id: int, publisher_id: int) -> list[int]:
    """Who is told that the cycle was published, in this order: its uploaders and its sender, who
    attached its data file, its approver, the admins; each once, the publisher, anyone unreachable
    and anyone no longer staff left out."""
    workflow = services.workflow
    version = await workflow.submitted_version(cycle_id)
    wanted = [document.uploaded_by for document in await workflow.draft_files(cycle_id, version)]
    # and who sent that version: a /sertamerta's author, whose text-only announcement has no file
    wanted += sorted(await workflow.preparers(cycle_id))
    data_file = await to_publish(services, await workflow.cycle(cycle_id))
    if data_file is not None:  # step 6's File Informasi Data went out with it: its PPID Pelaksana too
        wanted.append(data_file.uploaded_by)
    review = await services.cycles.final_review(cycle_id, version)
    if review is not None and review.decision == "approved":
        wanted.append(review.reviewer_id)
    wanted += await workflow.holders("admin")
    audience = [user_id for user_id in dict.fromkeys(wanted) if user_id != publisher_id]
    users = await services.users.get_many(audience)
    reachable = [
        user_id for user_id in audience
        if user_id in users and users[user_id].active and users[user_id].blocked_at is None
    ]
    # Staff only: someone whose every role was taken away since (left the unit, moved on) is no
    # longer told about the office's work, like every other message of the bot.
    return [user_id for user_id in reachable if await services.users.active_roles(user_id)]


async def published_link(services: Services, cycle_id: int) -> str | None:
    """The link to the cycle's post in the public channel (None when it cannot be made)."""
    publication = await services.cycles.publication(cycle_id)
    if publication is None:
        return None
    return channel_post_link(
        services.settings.public_channel, publication.channel_chat_id, publication.channel_message_id
    )


@dataclass(frozen=True)
class Fixing:
    """Someone started on a returned draft: which version, of which item, whom to tell."""

    version: int
    summary: str
    others: list[int]


async def claim_fixing(services: Services, person: Person, cycle_id: int) -> Fixing | None:
    """`person` starts on the cycle's draft (they hold its prepare_draft step: the caller checked).
    When the version being prepared follows a returned one and nobody started on it before, they
    are recorded as the one fixing it and the step's other holders are returned to be told; else
    None (a first version, or someone already started)."""
    workflow = services.workflow
    version = await workflow.working_version(cycle_id)
    key = f"{cycle_id}:{version}"
    if version < 2 or await services.kv.get(FIXERS, key) is not None:
        return None
    async with services.db.transaction() as conn:
        if await services.kv.get(FIXERS, key) is not None:  # a colleague a moment earlier
            return None
        await services.kv.set(conn, FIXERS, key, person.telegram_id)
    cycle, item = await workflow.cycle_with_item(cycle_id)
    holders = await workflow.actors_of_step(cycle, item)
    return Fixing(version, item.summary, [user_id for user_id in holders if user_id != person.telegram_id])
