"""An upload goes through a staging file in the store's folder, never whole in memory (issue 18,
point 2): a refused or failed one leaves nothing behind, a process killed mid-download leaves
nothing that anything refers to (and the next start sweeps its leftover), and from a self-hosted
Bot API server in local mode the file is copied from the path it gives, stored under its sha256."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import handlers.uploads
from bot.config import SELF_HOSTED_DOWNLOAD_LIMIT_MB, Settings
from bot.sandbox import FakeTelegram, RateLimits
from storage.files import FileStore
from tests.bot.cycle_helpers import Office, build_office, waiting_for_draft
from tests.bot.test_file_safety import sent_documents, submit
from tests.samples import EXE, unique_pdf

ROOT = Path(__file__).resolve().parents[2]


def stored_files(office: Office) -> set[str]:
    """Every file under the store's folder (the staging folder included), relative to it."""
    root = office.services.settings.files_dir
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


async def test_a_refused_file_leaves_no_staging_file_behind(office: Office) -> None:
    await waiting_for_draft(office)
    before = stored_files(office)
    office.pelaksana.send_document(EXE, "laporan.pdf")
    await office.deliver()
    assert "bukan PDF yang sah" in (office.pelaksana.last_text() or "")
    assert stored_files(office) == before
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'") == 0


async def test_a_check_that_fails_leaves_no_staging_file_behind(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    await waiting_for_draft(office)
    before = stored_files(office)

    def broken_check(*args: object, **kwargs: object) -> object:
        raise OSError("disk gone")

    monkeypatch.setattr(handlers.uploads, "check_file", broken_check)
    office.pelaksana.send_document(unique_pdf("rusak"), "laporan.pdf")
    await office.deliver()
    assert stored_files(office) == before
    assert await office.db_value("SELECT COUNT(*) FROM documents WHERE kind = 'draft'") == 0


async def test_a_local_mode_upload_is_copied_from_the_servers_disk_and_stored_under_its_sha256(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    server_disk = tmp_path / "telegram-bot-api"
    fake = FakeTelegram(limits=RateLimits.disabled(), local_files_dir=server_disk)
    office = await build_office(make_settings(local_mode=True, max_download_mb=SELF_HOSTED_DOWNLOAD_LIMIT_MB), fake)
    try:
        cycle_id = await waiting_for_draft(office)
        content = unique_pdf("lokal", 3 * 1024 * 1024)  # several chunks
        source = server_disk / "documents" / "file_9.pdf"
        source.parent.mkdir(parents=True)
        source.write_bytes(content)
        office.pelaksana.send_document_file(source, "laporan_besar.pdf", "application/octet-stream")
        await office.deliver()
        assert "Versi 1 kini berisi 1 berkas." in (office.pelaksana.last_text() or "")
        row = await office.services.db.fetch_one(
            "SELECT sha256, size FROM documents WHERE cycle_id = ? AND kind = 'draft'", (cycle_id,)
        )
        assert row is not None and (row[0], row[1]) == (hashlib.sha256(content).hexdigest(), len(content))
        assert office.services.files.path_for(row[0]).read_bytes() == content
        assert source.read_bytes() == content  # the server's own file is left as it was
        assert list((office.services.settings.files_dir / ".staging").iterdir()) == []

        # On to PPID Utama as a path the server reads, under the document's own name.
        await submit(office)
        received = office.utama.documents()[-1]
        assert received["file_name"] == "laporan_besar.pdf"
        assert office.fake.file_bytes(received["file_id"]) == content
        assert str(sent_documents(office, office.utama.id)[-1].params["document"]).startswith("file://")
        assert list((office.services.settings.files_dir / ".staging").iterdir()) == []
    finally:
        await office.app.shutdown()


async def test_a_stored_file_goes_on_streamed_from_the_store_never_read_whole(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the public Bot API the bot's own upload of a stored draft is an open file that HTTPX
    reads in chunks: the store is never asked for the whole file."""
    await waiting_for_draft(office)
    content = unique_pdf("dialirkan", 3 * 1024 * 1024)
    office.pelaksana.send_document(content, "laporan.pdf", "application/octet-stream")  # so no file id is reused
    await office.deliver()

    async def no_whole_read(self: FileStore, sha256: str) -> bytes:
        raise AssertionError("a stored file was read whole to be sent")

    monkeypatch.setattr(FileStore, "read", no_whole_read)
    await submit(office)
    for verifier in (office.utama, office.utama2):
        received = verifier.documents()[-1]
        assert (received["file_name"], received["mime_type"]) == ("laporan.pdf", "application/pdf")
        assert office.fake.file_bytes(received["file_id"]) == content


# The child: an office in local mode whose upload stops for good after its first chunk is staged,
# telling the parent, which then kills it.
_KILLED_MID_DOWNLOAD = textwrap.dedent(
    """
    import asyncio, dataclasses, os, sys, time
    from pathlib import Path

    from bot.config import load_settings
    from bot.sandbox import FakeTelegram, RateLimits
    from storage.files import StagedFile
    from tests.bot.cycle_helpers import build_office, waiting_for_draft
    from tests.conftest import ADMIN_ID, CHANNEL_ID
    from tests.samples import unique_pdf

    folder = Path(sys.argv[1])
    written = StagedFile.write

    def write_then_hang(self, chunk, max_size=None):
        written(self, chunk, max_size)
        self._handle.flush()
        print("MIDWAY", flush=True)
        time.sleep(600)

    async def main():
        base = load_settings(
            {"ADMIN_IDS": str(ADMIN_ID), "PUBLIC_CHANNEL": str(CHANNEL_ID), "WEB_ADDRESS": "", "SOFFICE_PATH": "off"},
            base_dir=folder,
        )
        settings = dataclasses.replace(base, local_mode=True, max_download_mb=2000)
        fake = FakeTelegram(limits=RateLimits.disabled(), local_files_dir=folder / "telegram-bot-api")
        office = await build_office(settings, fake)
        await waiting_for_draft(office)
        source = folder / "telegram-bot-api" / "besar.pdf"
        source.parent.mkdir(parents=True)
        source.write_bytes(unique_pdf("terbunuh", 3 * 1024 * 1024))
        print("STORED " + " ".join(sorted(p.relative_to(settings.files_dir).as_posix() for p in settings.files_dir.rglob("*") if p.is_file())), flush=True)
        StagedFile.write = write_then_hang
        office.pelaksana.send_document_file(source, "besar.pdf")
        await office.deliver()

    try:
        asyncio.run(main())
    finally:
        os._exit(1)  # never a hang on a failure (the bot's threads are not daemons)
    """
)


async def test_a_process_killed_mid_download_leaves_nothing_referenced(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_DOWNLOAD, str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    stored_before: set[str] = set()
    try:
        for line in child.stdout:
            if line.startswith("STORED "):
                stored_before = set(line.split()[1:])
            if line.startswith("MIDWAY"):
                break
        else:
            pytest.fail("the child never reached the download")
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    settings = make_settings(local_mode=True)
    files_dir = settings.files_dir
    leftovers = {path.relative_to(files_dir).as_posix() for path in files_dir.rglob("*") if path.is_file()} - stored_before
    assert len(leftovers) == 1 and leftovers.pop().startswith(".staging/.tmp-")  # only the staging file
    with sqlite3.connect(settings.database_path) as db:
        assert db.execute("SELECT COUNT(*) FROM documents WHERE kind = 'draft'").fetchone() == (0,)
        referenced = {row[0] for row in db.execute("SELECT sha256 FROM documents")}
    assert all(f"{sha[:2]}/{sha[2:4]}/{sha}" in stored_before for sha in referenced)

    # The next start removes the leftover once it is old enough not to be another process's.
    (staged,) = (files_dir / ".staging").iterdir()
    an_hour_ago = time.time() - 3700
    os.utime(staged, (an_hour_ago, an_hour_ago))
    office = await build_office(settings)
    try:
        assert list((files_dir / ".staging").iterdir()) == []
    finally:
        await office.app.shutdown()
