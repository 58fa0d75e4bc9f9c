"""Telling people about their new tasks: the step card with its buttons, in each person's language.

Sent after the workflow has committed. A person who blocked the bot, or any other delivery failure,
is logged and does not stop the others from being told.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from typing import BinaryIO

from telegram import InputFile, Message
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.filetypes import FILE_TYPES_BY_KEY, FileType, outgoing_name
from bot.services import Services
from bot.task_view import step_card
from bot.texts import language_of, raw
from bot.workflow import Task, Transition
from handlers.step_keyboards import step_keyboard
from storage.documents import Document
from storage.users import User

LOG = logging.getLogger(__name__)


async def languages_for(services: Services, user_ids: Iterable[int]) -> dict[int, str]:
    """The language of each of these people, in one read (the default for anyone unknown)."""
    wanted = list(user_ids)
    return languages_of(services, await services.users.get_many(wanted), wanted)


def languages_of(services: Services, users: Mapping[int, User], user_ids: Iterable[int]) -> dict[int, str]:
    """The language of each of these people, from their rows already read (`users.get_many`)."""
    default = services.settings.default_language
    return {
        user_id: language_of(users[user_id].language if user_id in users else None, default) for user_id in user_ids
    }


async def task_message(services: Services, task: Task, language: str) -> tuple[str, object]:
    """The card text and keyboard of a task."""
    version = await services.workflow.submitted_version(task.cycle.id) if task.step.kind == "verify" else None
    text = await step_card(services, task.cycle, task.item, task.step, language, version=version)
    return text, step_keyboard(task, language, services.sop, version or 0)


async def send_to(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, **kwargs: object) -> bool:
    """Send one message; False (logged) when Telegram refuses."""
    try:
        await context.bot.send_message(chat_id, text, **kwargs)  # type: ignore[arg-type]
        return True
    except TelegramError as error:
        LOG.warning("could not send to %s: %s", chat_id, error)
        return False


async def notify_new_task(
    context: ContextTypes.DEFAULT_TYPE, services: Services, transition: Transition, exclude: Iterable[int] = ()
) -> None:
    """Tell the holders of the cycle's current step that it is their turn."""
    if not transition.cycle.is_open:
        return
    step = services.sop.step(transition.cycle.current_step)
    task = Task(transition.cycle, transition.item, step)
    skip = set(exclude)
    recipients = await languages_for(services, [user_id for user_id in transition.notify if user_id not in skip])
    messages: dict[str, tuple[str, object]] = {}  # the card is the same for everyone of one language
    for user_id, language in recipients.items():
        if language not in messages:
            messages[language] = await task_message(services, task, language)
        text, keyboard = messages[language]
        await send_to(context, user_id, f"{raw('new_task', language)}\n\n{text}", reply_markup=keyboard)


def outgoing_document_name(document: Document) -> str:
    """The name a stored document goes out under (and the name to show in a preview): its own,
    with the extension of the type read from its content (`bot.filetypes.outgoing_name`)."""
    return outgoing_name(document.original_name, FILE_TYPES_BY_KEY.get(document.detected_type or ""))


async def send_stored_document(
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    chat_id: int | str,
    document: Document,
    *,
    data: bytes | None = None,
    **kwargs: object,
) -> Message:
    """Send a stored document on, only ever under its real type: a photo as a photo (by its file
    id); a document under `outgoing_name` (its name with the extension of the type read from its
    content) with that type's MIME type. Telegram's file id is used when the name needed no
    change and the id works; otherwise the bytes go as the bot's own upload (`data` when the
    caller holds them already, else streamed from the file store: see `_send_from_store`)."""
    file_type = FILE_TYPES_BY_KEY.get(document.detected_type or "")
    name = outgoing_document_name(document)
    if document.telegram_file_id and document.telegram_file_kind == "photo":
        try:
            return await context.bot.send_photo(chat_id, document.telegram_file_id, **kwargs)  # type: ignore[arg-type]
        except BadRequest:
            LOG.info("photo file id of document %s not usable; uploading its bytes", document.id)
    elif document.telegram_file_id and name == document.original_name:
        try:
            return await context.bot.send_document(chat_id, document.telegram_file_id, **kwargs)  # type: ignore[arg-type]
        except BadRequest:
            LOG.info("file id of document %s not usable; uploading its bytes", document.id)
    if data is None:
        return await _send_from_store(context, services, chat_id, document.sha256, name, file_type, **kwargs)
    return await context.bot.send_document(chat_id, _upload(data, name, file_type), **kwargs)  # type: ignore[arg-type]


async def _send_from_store(
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    chat_id: int | str,
    sha256: str,
    name: str,
    file_type: FileType | None,
    **kwargs: object,
) -> Message:
    """Send a stored file without reading it into memory. To a self-hosted server in local mode,
    its path (PTB sends it as a `file://` URI; the server reads the file itself and names the
    document after it, so the path is a hard link under `name`, whose extension gives the type).
    Otherwise an open file that PTB hands to HTTPX unread (`read_file_handle=False`), which sends
    it in 64 KiB chunks (rewinding it for a retry); also in local mode when no hard link can be
    made (a file system without them, such as exFAT: EPERM; the staging folder on another file
    system than the files: EXDEV)."""
    if context.bot.local_mode:
        with contextlib.ExitStack() as stack:
            try:
                path = stack.enter_context(services.files.named(sha256, name))
            except OSError as error:
                LOG.warning("no hard link for sending %s (%s); uploading it instead", sha256, error)
            else:
                return await context.bot.send_document(chat_id, path, **kwargs)  # type: ignore[arg-type]
    with open(services.files.path_for(sha256), "rb") as handle:
        return await context.bot.send_document(chat_id, _upload(handle, name, file_type), **kwargs)  # type: ignore[arg-type]


def _upload(content: bytes | BinaryIO, name: str, file_type: FileType | None) -> InputFile:
    """The bot's own upload under `name`, with its type's MIME type; an open file is left unread
    for HTTPX to send in chunks."""
    upload = InputFile(content, filename=name, read_file_handle=False)
    if file_type is not None:
        upload.mimetype = file_type.mime_type
    return upload
