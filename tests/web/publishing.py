"""Putting things on the public record for the web tests, through the real chat workflow."""

from __future__ import annotations

from tests.bot.cycle_helpers import Office, approve_and_publish, cycle_at_review, open_first_task


async def publish_item(office: Office, summary: str) -> tuple[int, int]:
    """A berkala item taken through its whole cycle by chat and posted; (item id, cycle id)."""
    _, cycle_id = await cycle_at_review(office, summary)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    item_id = int(await office.db_value("SELECT item_id FROM update_cycles WHERE id = ?", cycle_id))
    assert await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id) == 1
    return item_id, cycle_id
