"""PDF copies of office documents, made by LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice runs as a child process of the event loop (asyncio's subprocesses: the loop never
waits on it), one conversion at a time (a second waits its turn: LibreOffice is heavy on a small
server), each with its own throwaway profile folder (`-env:UserInstallation`), so a conversion
never meets a profile locked by another LibreOffice or left broken by a killed one. A conversion
that takes longer than `PDF_CONVERSION_SECONDS` is killed with its whole process group.

The profile is written before LibreOffice starts (`PROFILE_SETTINGS`): the documents converted
include staff uploads, and LibreOffice otherwise fetches an image an ODT links to (any URL: a
request from the server into the office's network) and embeds a linked local image file (a picture
of the server's disk in a public PDF). Links are blocked, and macros never run.

Where LibreOffice is not installed (`SOFFICE_PATH` empty and no `soffice` on the PATH) `to_pdf`
answers None and the caller sends the DOCX alone. A PDF that LibreOffice wrote is judged by the
bot's own content check (`bot/filetypes.py`) like an upload before anyone receives it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path

from bot.filetypes import PDF, inspect_content

LOG = logging.getLogger(__name__)

INSTALL_HINT = "libreoffice-writer-nogui"  # Debian's package with what the conversion needs
KILL_WAIT_SECONDS = 10
# LibreOffice's own settings for every conversion (officecfg, Common/Security/Scripting): no
# external resource a document links to is loaded, no macro runs whatever its signature.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


def find_soffice(configured: Path | None) -> Path | None:
    """The LibreOffice program: `SOFFICE_PATH` when set (and there), else `soffice` on the PATH."""
    if configured is not None:
        return configured if configured.is_file() and os.access(configured, os.X_OK) else None
    found = shutil.which("soffice")
    return Path(found) if found else None


class ConversionFailed(Exception):
    """LibreOffice ran but gave no usable PDF (the message: for the log, in English)."""


class PdfConverter:
    """One per process (on `Services.pdf_converter`): converts one document at a time."""

    def __init__(self, soffice: Path | None, seconds: int) -> None:
        self.soffice = soffice
        self.seconds = seconds
        self._turn = asyncio.Lock()

    async def to_pdf(self, data: bytes, name: str) -> bytes | None:
        """The PDF of the document `data` (its file `name` tells LibreOffice the format); None
        without LibreOffice. Raises ConversionFailed when LibreOffice fails, runs out of time, or
        writes something the content check refuses."""
        if self.soffice is None:
            return None
        async with self._turn:
            folder = Path(tempfile.mkdtemp(prefix="ppid-pdf-"))
            try:
                source = folder / ("dokumen" + Path(name).suffix.lower())
                source.write_bytes(data)
                return await self._run(folder, source)
            finally:
                # The profile LibreOffice made holds hundreds of files: removed off the loop.
                await asyncio.to_thread(shutil.rmtree, folder, True)

    async def _run(self, folder: Path, source: Path) -> bytes:
        assert self.soffice is not None
        out = folder / "out"
        settings = folder / "profile" / "user" / "registrymodifications.xcu"
        settings.parent.mkdir(parents=True)
        settings.write_text(PROFILE_SETTINGS, encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            str(self.soffice), f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out), str(source),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes LibreOffice's helpers too
        )
        try:
            output, _ = await asyncio.wait_for(process.communicate(), self.seconds)
        except asyncio.TimeoutError:
            raise ConversionFailed(f"LibreOffice took longer than {self.seconds} s and was stopped") from None
        finally:
            if process.returncode is None:  # out of time, or the caller cancelled
                _kill_group(process.pid)
                try:  # bounded: a helper that left the process group could hold its output pipe open
                    await asyncio.wait_for(process.wait(), KILL_WAIT_SECONDS)
                except asyncio.TimeoutError:
                    LOG.warning("LibreOffice (pid %s) killed but not yet reaped", process.pid)
        result = out / (source.stem + ".pdf")
        if process.returncode != 0 or not result.is_file():
            said = output.decode("utf-8", "replace").strip()[-300:]
            raise ConversionFailed(f"LibreOffice exit status {process.returncode}: {said}")
        pdf = result.read_bytes()
        inspection = inspect_content(pdf)
        if not inspection.accepted or inspection.file_type != PDF:
            raise ConversionFailed(f"the converted file fails the content check ({inspection.reason})")
        return pdf


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
