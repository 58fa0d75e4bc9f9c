"""Blocking and unblocking the bot: Telegram's my_chat_member updates mark a person, once.

The updates come from the sandbox (`SimUser.block()` / `unblock()`) and go through the real
application, access gate included.
"""

from __future__ import annotations

from bot.sandbox import SimUser
from tests.bot.cycle_helpers import Office

BLOCKED_NOTICE = "⚠️ Putri memblokir bot, sehingga pengingat tidak terkirim kepadanya. Mohon hubungi yang bersangkutan."


async def blocked_at(office: Office, someone: SimUser) -> str | None:
    return await office.db_value("SELECT blocked_at FROM users WHERE telegram_id = ?", someone.id)  # type: ignore[no-any-return]


async def user_audit(office: Office, someone: SimUser) -> list[str]:
    entries = await office.services.audit.entries(office.services.db, entity_type="user", entity_id=someone.id)
    return [entry.action for entry in entries if entry.action.startswith("user.")]


async def test_block_marks_the_person_and_tells_the_admins_once(office: Office) -> None:
    putri, admin = office.pelaksana, office.admin
    admin_messages = len(admin.messages())

    putri.block()
    await office.deliver()
    assert await blocked_at(office, putri) == "2026-11-30T02:00:00Z"
    assert admin.texts()[admin_messages:] == [BLOCKED_NOTICE]
    assert await user_audit(office, putri) == ["user.blocked"]
    # Nobody else was told, and Putri herself was not written to.
    assert office.operator.messages() == [] and office.utama.messages() == []
    assert putri.messages() == []

    putri.unblock()
    await office.deliver()
    assert await blocked_at(office, putri) is None
    assert await user_audit(office, putri) == ["user.blocked", "user.unblocked"]
    assert admin.texts()[admin_messages:] == [BLOCKED_NOTICE]  # unblocking tells nobody

    # A second round works the same way.
    office.clock.set(office.clock.now().replace(hour=3))
    putri.block()
    await office.deliver()
    assert await blocked_at(office, putri) == "2026-11-30T03:00:00Z"
    assert admin.texts()[admin_messages:] == [BLOCKED_NOTICE, BLOCKED_NOTICE]
    putri.unblock()
    await office.deliver()
    assert await blocked_at(office, putri) is None
    assert await user_audit(office, putri) == ["user.blocked", "user.unblocked"] * 2
    assert (await office.services.audit.verify(office.services.db)).ok


async def test_a_block_already_noticed_is_not_reported_twice(office: Office) -> None:
    """A failed send marked the person first; the my_chat_member update then changes nothing."""
    from bot.delivery import send

    putri, admin = office.pelaksana, office.admin
    putri.blocked = True  # blocked, and the bot finds out by sending before the update arrives
    assert await send(office.app.bot, office.services, putri.id, "Pengingat") is None
    assert await blocked_at(office, putri) is not None
    assert admin.texts() == [BLOCKED_NOTICE]
    putri.block()
    await office.deliver()
    assert admin.texts() == [BLOCKED_NOTICE]
    assert await user_audit(office, putri) == ["user.blocked"]


async def test_an_admin_who_blocks_is_marked_but_not_told(office: Office) -> None:
    admin = office.admin
    admin.block()
    await office.deliver()
    assert await blocked_at(office, admin) is not None
    assert admin.messages() == []
    admin.unblock()
    await office.deliver()
    assert await blocked_at(office, admin) is None


async def test_an_unregistered_person_blocking_changes_nothing(office: Office) -> None:
    stranger = office.fake.user(799999, "Orang Lain")
    audit_before = await office.db_value("SELECT COUNT(*) FROM audit_log")
    stranger.block()
    await office.deliver()
    stranger.unblock()
    await office.deliver()
    assert await office.db_value("SELECT COUNT(*) FROM users WHERE telegram_id = ?", stranger.id) == 0
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == audit_before
    assert office.admin.messages() == [] and stranger.messages() == []


async def test_a_blocked_person_who_writes_again_is_reachable_again(office: Office) -> None:
    putri = office.pelaksana
    putri.block()
    await office.deliver()
    assert await blocked_at(office, putri) is not None
    putri.blocked = False  # Telegram apps let a person write again without an explicit unblock update
    putri.send_command("/tugas")
    await office.deliver()
    assert await blocked_at(office, putri) is None
    assert putri.last_text().startswith("Tidak ada tugas")
    assert (await user_audit(office, putri))[-1] == "user.unblocked"
