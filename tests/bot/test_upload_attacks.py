"""Streaming uploads under attack and careless use (issue 18.2 review): a full disk mid-copy, a
self-hosted server in local mode that hands out a path it should not (a device, a file that grows
past the limit), a store whose staging folder is on another file system than the files (no hard
link), a retried upload, and hostile files judged from the disk rather than from memory."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import struct
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from telegram.error import NetworkError

import storage.files
from bot.config import SELF_HOSTED_DOWNLOAD_LIMIT_MB, Settings
from bot.sandbox import FakeTelegram, RateLimits
from bot.texts import t
from storage.files import StagedFile
from tests.bot.cycle_helpers import Office, build_office, waiting_for_draft
from tests.bot.test_file_safety import draft_rows, sent_documents, submit
from tests.bot.test_upload_streaming import stored_files
from tests.samples import make_docx, unique_pdf

MIB = 1024 * 1024


@pytest.fixture
async def local_office(make_settings: Callable[..., Settings], tmp_path: Path) -> AsyncIterator[Office]:
    """The office on a self-hosted Bot API server in local mode, whose disk is `tmp_path/server`."""
    fake = FakeTelegram(limits=RateLimits.disabled(), local_files_dir=tmp_path / "server")
    office = await build_office(make_settings(local_mode=True, max_download_mb=SELF_HOSTED_DOWNLOAD_LIMIT_MB), fake)
    try:
        yield office
    finally:
        await office.app.shutdown()


def on_server(office: Office, name: str, content: bytes) -> Path:
    """A file on the self-hosted server's disk."""
    folder = office.fake.files.local_dir
    assert folder is not None
    path = folder / "documents" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


async def a_stored_draft(office: Office, content: bytes) -> str:
    """`content` uploaded through the server's disk as the draft's file; its sha256."""
    await waiting_for_draft(office)
    office.pelaksana.send_document_file(on_server(office, "file_1.pdf", content), "laporan.pdf")
    await office.deliver()
    return str(await office.db_value("SELECT sha256 FROM documents WHERE kind = 'draft'"))


# -- a full disk -------------------------------------------------------------------------------


async def test_a_full_disk_mid_upload_leaves_nothing_and_says_so(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    await waiting_for_draft(office)
    before = stored_files(office)
    written = StagedFile.write

    def fill_the_disk(self: StagedFile, chunk: bytes, max_size: int | None = None) -> None:
        written(self, chunk[:1000], max_size)  # a part of it fits, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(StagedFile, "write", fill_the_disk)
    office.pelaksana.send_document(unique_pdf("penuh", 2 * MIB), "laporan.pdf")
    await office.deliver()
    assert office.pelaksana.last_text() == t("error_disk_full", "id")
    assert stored_files(office) == before
    assert await draft_rows(office) == 0


# -- the same content twice at once ------------------------------------------------------------


async def test_two_uploads_of_the_same_content_at_once_store_it_once_and_leave_nothing(tmp_path: Path) -> None:
    store = storage.files.FileStore(tmp_path / "files")
    content = unique_pdf("kembar", 2 * MIB)
    first, second = await store.stage(), await store.stage()
    assert first.path != second.path  # each upload its own staging file
    for staging in (first, second):
        await asyncio.to_thread(staging.write, content[:MIB])
    for staging in (second, first):
        await asyncio.to_thread(staging.write, content[MIB:])
    stored = await asyncio.gather(store.commit(first, "a.pdf"), store.commit(second, "b.pdf"))
    assert {entry.sha256 for entry in stored} == {hashlib.sha256(content).hexdigest()}
    assert sorted(entry.created for entry in stored) == [False, True]
    assert store.path_for(stored[0].sha256).read_bytes() == content
    assert list((store.root / ".staging").iterdir()) == []


# -- local mode: the path the server gives -----------------------------------------------------


async def test_local_mode_a_file_that_grows_past_the_limit_while_copied_is_refused(
    make_settings: Callable[..., Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit holds on the bytes copied, not on the size Telegram reported: the copy stops at
    the limit (a file that never stops growing fills no disk)."""
    written = StagedFile.write
    staged_sizes: list[int] = []

    def noting(self: StagedFile, chunk: bytes, max_size: int | None = None) -> None:
        written(self, chunk, max_size)
        staged_sizes.append(self.size)

    monkeypatch.setattr(StagedFile, "write", noting)
    fake = FakeTelegram(limits=RateLimits.disabled(), local_files_dir=tmp_path / "server")
    office = await build_office(make_settings(local_mode=True, max_download_mb=1), fake)
    try:
        await waiting_for_draft(office)
        before = stored_files(office)
        source = on_server(office, "file_1.pdf", unique_pdf("kecil"))
        office.pelaksana.send_document_file(source, "laporan.pdf")  # reported: a few hundred bytes
        source.write_bytes(unique_pdf("tumbuh", 3 * MIB))
        await office.deliver()
        assert "terlalu besar" in (office.pelaksana.last_text() or "")
        assert staged_sizes and max(staged_sizes) <= MIB
        assert stored_files(office) == before
        assert await draft_rows(office) == 0
    finally:
        await office.app.shutdown()


def test_local_mode_a_path_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    """A device (/dev/zero never ends) or a FIFO (blocks for ever) where the server's file should be:
    refused before a byte is copied, not read up to the size limit."""
    staging = StagedFile.open(tmp_path / ".staging")
    try:
        with pytest.raises(OSError, match="not a regular file"):
            staging.copy_from(Path("/dev/zero"), 8 * MIB)
        assert staging.size == 0
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        with pytest.raises(OSError, match="not a regular file"):
            staging.copy_from(fifo, 8 * MIB)  # without O_NONBLOCK this open() never returns
    finally:
        staging.discard()


async def test_local_mode_a_symlink_in_the_servers_folder_is_not_followed(local_office: Office) -> None:
    """The server's file is a symbolic link (to a secret of the bot's own user): it is not copied."""
    office = local_office
    await waiting_for_draft(office)
    before = stored_files(office)
    secret = office.services.settings.files_dir.parent / "rahasia.pdf"
    secret.write_bytes(unique_pdf("rahasia"))
    source = on_server(office, "file_1.pdf", unique_pdf("asli"))
    office.pelaksana.send_document_file(source, "laporan.pdf")
    source.unlink()
    source.symlink_to(secret)  # swapped after getFile's answer: the bot opens the path itself
    await office.deliver()
    assert "Versi 1" not in (office.pelaksana.last_text() or "")
    assert stored_files(office) == before
    assert await draft_rows(office) == 0


# -- local mode: the hard link the server sends from ----------------------------------------------


@pytest.mark.parametrize("error", [errno.EXDEV, errno.EPERM])
async def test_local_mode_a_stored_file_goes_on_when_no_hard_link_can_be_made(
    local_office: Office, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    """`os.link` fails: the staging folder on another file system than the files (a bind mount,
    EXDEV), or a file system without hard links (exFAT on a USB disk, EPERM); the document still
    goes out, under its name, as the bot's own upload."""
    office = local_office
    await waiting_for_draft(office)
    content = unique_pdf("lintas", 2 * MIB)
    office.pelaksana.send_document_file(on_server(office, "file_1.pdf", content), "laporan.pdf", "application/octet-stream")
    await office.deliver()
    assert "Versi 1 kini berisi 1 berkas." in (office.pelaksana.last_text() or "")

    def cross_device(source: object, target: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(storage.files.os, "link", cross_device)
    await submit(office)
    received = office.utama.documents()[-1]
    assert (received["file_name"], received["mime_type"]) == ("laporan.pdf", "application/pdf")
    assert office.fake.file_bytes(received["file_id"]) == content
    assert list((office.services.settings.files_dir / ".staging").iterdir()) == []


async def test_local_mode_the_link_is_removed_when_sending_fails(
    local_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = local_office
    await waiting_for_draft(office)
    office.pelaksana.send_document_file(on_server(office, "file_1.pdf", unique_pdf("gagal")), "laporan.pdf", "application/octet-stream")
    await office.deliver()
    seen: list[Path] = []

    async def fails(bot: object, chat_id: object, document: object, **kwargs: object) -> object:
        if isinstance(document, Path):
            seen.append(document)
            assert document.exists()
        raise RuntimeError("network gone")

    monkeypatch.setattr(type(office.app.bot), "send_document", fails)
    await submit(office)
    assert seen and not any(path.exists() for path in seen)
    assert list((office.services.settings.files_dir / ".staging").iterdir()) == []


async def test_local_mode_a_link_being_sent_is_not_swept_because_its_file_is_old(local_office: Office) -> None:
    """A second bot on the same FILES_DIR (the instance lock guards the database, not the files)
    sweeps the staging folder as it starts: a link another bot is sending from right now is
    spared, though the stored file it is (one inode) was written long ago."""
    sha256 = await a_stored_draft(local_office, unique_pdf("lama"))
    store = local_office.services.files
    two_hours_ago = time.time() - 7200
    os.utime(store.path_for(sha256), (two_hours_ago, two_hours_ago))
    with store.named(sha256, "laporan.pdf") as link:
        assert storage.files.FileStore(store.root).sweep_staging() == 0
        assert link.exists()


async def test_a_send_link_left_by_a_killed_bot_is_swept_once_old(local_office: Office) -> None:
    sha256 = await a_stored_draft(local_office, unique_pdf("sisa"))
    store = local_office.services.files
    leftover = store.root / ".staging" / ".send-mati"
    leftover.mkdir()
    os.link(store.path_for(sha256), leftover / "laporan.pdf")
    two_hours_ago = time.time() - 7200
    os.utime(leftover, (two_hours_ago, two_hours_ago))
    assert store.sweep_staging() == 1
    assert list((store.root / ".staging").iterdir()) == []
    assert store.path_for(sha256).exists()


# -- the open file sent unread ----------------------------------------------------------------------


async def test_a_retried_upload_sends_the_whole_file_again_and_closes_it(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flood control (429) answered the first try: the retry sends every byte again (HTTPX rewinds
    the open file), and the file is closed afterwards."""
    await waiting_for_draft(office)
    content = unique_pdf("ulang", 2 * MIB)
    office.pelaksana.send_document(content, "laporan.pdf", "application/octet-stream")
    await office.deliver()
    original = type(office.app.bot).send_document
    handles: list[object] = []

    async def flood_once_then_send(bot: object, chat_id: object, document: object, **kwargs: object) -> object:
        upload = getattr(document, "input_file_content", None)
        if upload is not None and not isinstance(upload, bytes):
            handles.append(upload)
            if len(handles) == 1:
                await original(bot, chat_id, document, **kwargs)  # read to the end once, then "flood"
                upload.seek(0, os.SEEK_END)
                return await original(bot, chat_id, document, **kwargs)
        return await original(bot, chat_id, document, **kwargs)

    monkeypatch.setattr(type(office.app.bot), "send_document", flood_once_then_send)
    await submit(office)
    received = office.utama.documents()[-1]
    assert office.fake.file_bytes(received["file_id"]) == content
    assert handles and all(getattr(handle, "closed", False) for handle in handles)


async def test_the_open_file_is_closed_when_sending_fails(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    await waiting_for_draft(office)
    office.pelaksana.send_document(unique_pdf("putus"), "laporan.pdf", "application/octet-stream")
    await office.deliver()
    handles: list[object] = []

    async def network_gone(bot: object, chat_id: object, document: object, **kwargs: object) -> object:
        handles.append(getattr(document, "input_file_content", None))
        raise NetworkError("connection reset")

    monkeypatch.setattr(type(office.app.bot), "send_document", network_gone)
    await submit(office)
    opened = [handle for handle in handles if handle is not None and not isinstance(handle, bytes)]
    assert opened and all(getattr(handle, "closed", False) for handle in opened)


# -- hostile files judged from the disk -------------------------------------------------------------


def _pdf_with_tail_beyond_the_head() -> bytes:
    """A PDF's head, several MB, its %%EOF, then a web page far past the first chunks read."""
    return unique_pdf("ekor", 3 * MIB) + b"\n<html><script>alert(1)</script></html>\n"


def _zip_directory_offset(data: bytes, offset: int) -> bytes:
    """`data` (a ZIP) with its end record's central directory offset set to `offset`."""
    end = data.rindex(b"PK\x05\x06")
    return data[: end + 16] + struct.pack("<I", offset) + data[end + 20 :]


HOSTILE = {
    "pdf_tail_beyond_head": (_pdf_with_tail_beyond_the_head(), "laporan.pdf"),
    "pdf_truncated": (unique_pdf("potong", 2 * MIB)[: MIB + 123], "laporan.pdf"),
    "docx_truncated": (make_docx()[:-30], "laporan.docx"),
    "zip_directory_past_the_end": (_zip_directory_offset(make_docx(), 0xFFFFFF00), "laporan.docx"),
    "zip_directory_before_its_place": (_zip_directory_offset(make_docx(), 0), "laporan.docx"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
async def test_a_hostile_file_judged_from_the_disk_is_refused_and_leaves_nothing(office: Office, case: str) -> None:
    await waiting_for_draft(office)
    before = stored_files(office)
    content, name = HOSTILE[case]
    office.pelaksana.send_document(content, name)
    await office.deliver()
    assert "tidak dapat diterima" in (office.pelaksana.last_text() or "")
    assert stored_files(office) == before
    assert await draft_rows(office) == 0


async def test_an_empty_file_is_refused_as_empty(office: Office) -> None:
    await waiting_for_draft(office)
    before = stored_files(office)
    office.pelaksana.send_document(b"", "laporan.pdf")
    await office.deliver()
    assert office.pelaksana.last_text() == t("file_refused_empty", "id")
    assert stored_files(office) == before
    assert await draft_rows(office) == 0


async def test_a_stored_upload_and_its_send_link_are_readable_by_their_owner_only(local_office: Office) -> None:
    """Mode 0600 for the stored file (drafts are not public yet) and so for its hard link, which is
    the same file; a hostile outgoing name stays inside the link's own folder."""
    content = unique_pdf("izin")
    sha256 = await a_stored_draft(local_office, content)
    store = local_office.services.files
    assert store.path_for(sha256).stat().st_mode & 0o777 == 0o600
    with store.named(sha256, "../../etc/x\x00.pdf") as link:
        assert link.parent.parent == store.root / ".staging"
        assert link.name == "x.pdf"
        assert link.stat().st_mode & 0o777 == 0o600
        assert link.read_bytes() == content
    assert list((store.root / ".staging").iterdir()) == []
