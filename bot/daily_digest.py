"""The admins' daily digest: the audit log's head, published outside the database.

No chain can prove its own length: deleting the newest audit entries (and lowering
``sqlite_sequence``) leaves a shorter chain that still verifies under the key (see
:mod:`storage.audit`). So once a day, at DIGEST_TIME office time, the bot verifies the whole chain
under the audit key and against the head it published last, tells every active admin the
number of entries and the head's hash (where nobody with only the database can take it back), and
records that head in the head file beside the key, so that `python -m bot verify-audit` refuses a
chain cut back below it. A broken chain is reported instead, and the recorded head is kept as it
was (the last good evidence is not overwritten by a broken chain).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.texts import t
from storage.audit import AuditCheck, AuditHead, describe_break, published_head_path, read_published_head, write_published_head


@dataclass(frozen=True)
class AuditDigest:
    """Today's check of the chain and the head published before it (None: never published)."""

    check: AuditCheck
    previous: AuditHead | None


async def check_and_publish_head(services: Services) -> AuditDigest:
    """Verify the chain against the last published head; record the new head when it is intact."""
    head_file = published_head_path(services.settings.audit_key_file)
    previous = read_published_head(head_file)
    check = await services.audit.verify(services.db, published=previous)
    if check.ok:
        write_published_head(head_file, check.head, services.clock.now())
    return AuditDigest(check, previous)


def digest_text(services: Services, digest: AuditDigest, language: str) -> str:
    """The digest message (HTML) in ``language``."""
    check = digest.check
    lines = [t("digest_title", language, time=services.calendar.format_local(services.clock.now(), language))]
    if check.ok:
        lines.append(t("digest_head", language, entries=check.head.entries, hash=check.head.short))
    if digest.previous is not None:
        lines.append(t("digest_previous", language, entries=digest.previous.entries, hash=digest.previous.short))
    if check.ok:
        lines.append(t("digest_ok", language))
    else:
        indonesian, english = describe_break(check)
        problem = english if language == "en" else indonesian
        lines.append(t("digest_broken", language, problem=problem[0].upper() + problem[1:]))
    return "\n".join(lines)


__all__ = ["AuditDigest", "check_and_publish_head", "digest_text"]
