"""Receiving a file from a person: size first, then download, then judge by content, then store.

Nothing is downloaded that Telegram says is too big; the file is written to a staging file in the
store's folder as it arrives, hashed on the way (from a self-hosted Bot API server in local mode,
copied in chunks from the path it gives), never whole in memory; its type is judged from that file
(a name that lies does not matter), in a worker thread so that a big or hostile file never holds
up the other chats; then it is moved into the content-addressed store before anything refers to
it. Every refusal is told to the person in their language, nothing is recorded, and the staging
file is removed.

Telegram's file id is kept for sending the file on only when it would go out exactly as the bot
would send it: under the name the bot shows (`outgoing_name`: cleaned, with the extension of its
real type) and with its type's MIME type. Otherwise it is sent as the bot's own upload.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Set
from dataclasses import dataclass

from telegram import Bot, Message, Update
from telegram.error import BadRequest
from telegram.ext import MessageHandler, filters

from bot.application import PpidContext
from bot.filetypes import FILE_TYPES, UploadVerdict, check_file, check_size, check_upload, outgoing_name
from bot.services import Services
from bot.texts import raw, t
from bot.workflow import Upload
from handlers.access import person_of
from storage.files import FileTooLargeError, StagedFile, safe_display_name

# A letter as offices send it: Word (also 97-2003), OpenDocument, PDF, or a photo of the signed paper.
LETTER_TYPES = frozenset({"pdf", "docx", "doc", "odt", "jpg", "png", "heic"})


@dataclass(frozen=True)
class Received:
    """A stored file, its cleaned name and its type key."""

    upload: Upload
    name: str


@dataclass(frozen=True)
class Incoming:
    """A file someone sent, as Telegram describes it before it is downloaded; plain values, so a
    file waiting for the person to say which draft it belongs to can be kept in `user_data`."""

    file_id: str
    file_size: int | None
    name: str  # cleaned, for showing and storing
    given_name: str | None = None  # the name it came with (None for a photo)
    mime_type: str | None = None
    photo: bool = False

    @classmethod
    def of(cls, message: Message) -> Incoming | None:
        """The message's document or photo; None when it carries neither."""
        if message.document is not None:
            document = message.document
            name = safe_display_name(document.file_name, fallback="dokumen")
            return cls(document.file_id, document.file_size, name, document.file_name, document.mime_type)
        if message.photo:
            photo = message.photo[-1]
            name = f"foto_{message.date:%Y%m%d_%H%M%S}.jpg" if message.date else "foto.jpg"
            return cls(photo.file_id, photo.file_size, name, photo=True)
        return None

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))

    @classmethod
    def from_dict(cls, value: object) -> Incoming | None:
        """What `as_dict` gave; None for anything else (scratch data from an older version)."""
        try:
            return cls(**value) if isinstance(value, dict) else None  # type: ignore[arg-type]
        except TypeError:
            return None


Say = Callable[[str], Awaitable[object]]


class _Response:
    """What PTB's `download_to_memory` writes the response into: kept by reference, not copied,
    so that hashing and writing it to disk happen in a worker thread, off the event loop."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        return len(data)


async def _download(bot: Bot, incoming: Incoming, staging: StagedFile, max_bytes: int) -> None:
    """Write the file into `staging`. From a self-hosted server in local mode PTB gives the path
    of the file on the server's disk (`download_to_drive` copies nothing then): it is copied in
    chunks. Otherwise PTB holds the response once, and it is written into the staging file once."""
    telegram_file = await bot.get_file(incoming.file_id)
    if bot.local_mode:
        source = await telegram_file.download_to_drive()
        await asyncio.to_thread(staging.copy_from, source, max_bytes)
        return
    response = _Response()
    await telegram_file.download_to_memory(response)  # type: ignore[arg-type]  # it only calls write()
    for part in response.parts:
        await asyncio.to_thread(staging.write, part, max_bytes)


def _judge(staging: StagedFile, name: str, max_bytes: int, existing_sha256s: Set[str]) -> UploadVerdict:
    """The verdict on the staged file, read back from the disk (blocking)."""
    staging.finish()
    with open(staging.path, "rb") as handle:
        return check_file(
            handle, staging.size, name, max_bytes=max_bytes, sha256=staging.digest(), already_stored_sha256s=existing_sha256s
        )


async def receive_file(
    message: Message,
    services: Services,
    language: str,
    *,
    existing_sha256s: frozenset[str] = frozenset(),
    allowed_types: frozenset[str] | None = None,
    type_refusal: str | None = None,
) -> Received | None:
    """Download, check and store the message's document or photo; None (person told) if refused.
    `allowed_types`: the type keys this flow takes; another type is refused with `type_refusal`
    (by default a text naming the accepted types)."""
    incoming = Incoming.of(message)
    if incoming is None:
        return None
    return await receive_incoming(
        message.get_bot(), incoming, message.reply_text, services, language,
        existing_sha256s=existing_sha256s, allowed_types=allowed_types, type_refusal=type_refusal,
    )


async def receive_incoming(
    bot: Bot,
    incoming: Incoming,
    say: Say,
    services: Services,
    language: str,
    *,
    existing_sha256s: frozenset[str] = frozenset(),
    allowed_types: frozenset[str] | None = None,
    type_refusal: str | None = None,
) -> Received | None:
    """Download, check and store `incoming`; None (the person told through `say`) if refused."""
    max_bytes = services.settings.max_download_bytes
    name = incoming.name
    reported = incoming.file_size
    reason = check_size(reported, max_bytes) if reported is not None else None
    if reason is not None:
        verdict = check_upload(None, reported or 0, name, max_bytes=max_bytes)
        await say(t(verdict.text_key or "", language, **verdict.text_values(language)))
        return None
    staging = await services.files.stage()
    try:
        return await _receive_staged(
            bot, incoming, say, services, language, staging,
            existing_sha256s=existing_sha256s, allowed_types=allowed_types, type_refusal=type_refusal,
        )
    finally:
        await asyncio.to_thread(staging.discard)  # nothing left behind, unless it was stored


async def _receive_staged(
    bot: Bot,
    incoming: Incoming,
    say: Say,
    services: Services,
    language: str,
    staging: StagedFile,
    *,
    existing_sha256s: frozenset[str],
    allowed_types: frozenset[str] | None,
    type_refusal: str | None,
) -> Received | None:
    """`receive_incoming` from the download on, into `staging` (which the caller removes)."""
    max_bytes = services.settings.max_download_bytes
    name = incoming.name
    try:
        await _download(bot, incoming, staging, max_bytes)
    except (BadRequest, FileTooLargeError) as error:
        if isinstance(error, BadRequest) and "too big" not in error.message.lower():
            raise
        verdict = check_upload(None, max_bytes + 1, name, max_bytes=max_bytes)
        await say(t(verdict.text_key or "", language, **verdict.text_values(language)))
        return None
    verdict = await asyncio.to_thread(_judge, staging, name, max_bytes, existing_sha256s)
    if verdict.accepted and allowed_types is not None and verdict.file_type and verdict.file_type.key not in allowed_types:
        accepted = ", ".join(file_type.extension.lstrip(".").upper() for file_type in FILE_TYPES if file_type.key in allowed_types)
        await say(t(type_refusal or "file_refused_type_not_here", language, accepted=accepted, **verdict.text_values(language)))
        return None
    if not verdict.accepted or verdict.file_type is None:
        await say(t(verdict.text_key or "", language, **verdict.text_values(language)))
        return None
    stored = await services.files.commit(staging, name)
    if not verdict.name_matches:
        await say(t("file_name_mismatch", language, **verdict.text_values(language)))
    if incoming.photo:
        upload = Upload(stored, verdict.file_type.key, incoming.file_id, "photo")
    else:
        # Sending by Telegram's file id keeps the name and MIME type it was uploaded with; a name we
        # had to clean (path parts, control or right-to-left characters) or give the extension of
        # its real type, or a MIME type that is not its type's, goes on as our own upload instead.
        reusable = (
            incoming.given_name == stored.display_name == outgoing_name(stored.display_name, verdict.file_type)
            and incoming.mime_type == verdict.file_type.mime_type
        )
        upload = Upload(stored, verdict.file_type.key, incoming.file_id if reusable else None)
    return Received(upload, stored.display_name)


def file_expected(prompt_key: str) -> MessageHandler:
    """A handler for text sent where a file is awaited: repeat what to send; the step stays."""

    async def remind(update: Update, context: PpidContext) -> None:
        """Text arrived where a file was expected."""
        message = update.effective_message
        if message is not None:
            await message.reply_text(raw(prompt_key, person_of(context).language))

    return MessageHandler(filters.TEXT & ~filters.COMMAND, remind)
