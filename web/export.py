"""The static export (`ppid-bot web-export DIR`): the public site written as plain files.

For an office that would rather upload its pages to its existing website. Nothing is rendered
here: the site of `web.app.build_site(services, static_export=True)` is asked for each page in
process (httpx's ASGITransport, the header `x-ppid-static-export: 1`, so pages leave out the
search box and the filter forms), and what it answers is written as it is. So the export shows
exactly what the live site shows, under the same visibility rule, and follows every page the site
links to without knowing them: it crawls from `/` and `/en/` (plus the open data, the feed and
the style sheet), following the relative `<a href>`, `<link href>` and `<img src>` that stay in
the site and carry no query string (the path forms, such as `/dip/halaman/2/`, exist for that).
A path ending in `/` is written as `<path>index.html`, any other as it is.

DIR belongs to the export. It must be new, empty, or a previous export (marked by its manifest,
`ppid-export.json`); any other folder is refused, so an office's own web folder is never mixed
up with or overwritten by it. The new site is written to a temporary folder beside DIR and put in
DIR's place only when complete: an interrupted export leaves the previous one whole, and a page
that is no longer public (a withdrawn publication, a re-classified item) disappears from DIR with
the export that no longer finds it, instead of staying behind as an old file.

Every link is checked before it becomes a file name: it must stay in the site, and each part of
its path must be a plain name (no `..`, no hidden `.name` such as `.htaccess`, no separator or
control character, even percent-encoded); anything else is left out and counted.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from bot.services import Services
from web.app import build_site

__all__ = ["EXPORT_HEADER", "MANIFEST", "SEEDS", "ExportFailed", "ExportRefused", "ExportReport", "export_site", "file_for"]

MANIFEST = "ppid-export.json"
GENERATOR = "ppid-bot web-export"
EXPORT_HEADER = {"x-ppid-static-export": "1"}
# Where the crawl starts: both languages' home, and what a page may not link to but a reader needs.
SEEDS = ("/", "/en/", "/dip.csv", "/dip.json", "/feed.atom", "/static/style.css")
ORIGIN = "http://ppid.export"  # the in-process site's name: links elsewhere are not the site's
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_NAME_BYTES = 255  # a file name longer than this is refused by the usual file systems
_LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "area": "href"}


class ExportRefused(Exception):
    """DIR cannot be the export's folder (the office must choose another): exit code 2."""

    def __init__(self, indonesian: str, english: str) -> None:
        super().__init__(english)
        self.indonesian = indonesian
        self.english = english


class ExportFailed(Exception):
    """A page of the site could not be made; nothing was put in DIR: exit code 1."""

    def __init__(self, path: str, status_code: int) -> None:
        super().__init__(f"{path} answered {status_code}")
        self.path = path
        self.status_code = status_code


@dataclass
class ExportReport:
    """What an export wrote: `pages` (HTML) and `files` (everything else) in `directory`;
    `missing`: links of the site's pages that answered 404 (or another 4xx); `refused`: links left
    out as unsafe file names (or a second link to a file already written)."""

    directory: Path
    pages: int = 0
    files: int = 0
    written: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    """The link targets of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _LINK_ATTRIBUTES.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value.strip())


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.found


def site_path(current: str, link: str) -> str | None:
    """The site's path `link` (found on the page at `current`) leads to; None when it leaves the
    site, is only a fragment, or has a query string (a form's answer, which a static host cannot
    give)."""
    if not link or link.startswith("#"):
        return None
    parts = urlsplit(urljoin(ORIGIN + current, link))
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN or parts.query:
        return None
    return parts.path or "/"


def _plain_name(segment: str) -> str | None:
    """`segment` (percent-encoded, as in a URL) decoded, when it can be a file or folder name."""
    try:
        name = unquote(segment, errors="strict")
    except UnicodeDecodeError:
        return None
    if not name or name.startswith(".") or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return None  # also "." and "..", and hidden names a web server may obey (.htaccess)
    if any(character in "/\\" or ord(character) < 0x20 or ord(character) == 0x7F for character in name):
        return None
    return name


def file_for(path: str) -> PurePosixPath | None:
    """Where the page at `path` is written, relative to DIR; None when `path` cannot be a file
    inside DIR (see the module docstring)."""
    if not path.startswith("/"):
        return None
    segments = path[1:].split("/")
    if path.endswith("/"):
        segments[-1] = "index.html"
    names = [_plain_name(segment) for segment in segments]
    if any(name is None for name in names):
        return None
    relative = PurePosixPath(*[name for name in names if name is not None])
    return None if relative.as_posix() == MANIFEST else relative


def _is_previous_export(directory: Path) -> bool:
    manifest = directory / MANIFEST
    if not manifest.is_file() or manifest.is_symlink():
        return False
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(recorded, dict) and recorded.get("generator") == GENERATOR


def _check_target(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise ExportRefused(f"{directory} bukan folder", f"{directory} is not a folder")
    if any(directory.iterdir()) and not _is_previous_export(directory):
        raise ExportRefused(
            f"folder {directory} sudah berisi berkas lain dan bukan hasil ekspor sebelumnya (tidak ada {MANIFEST}); "
            "pilih folder baru atau kosong",
            f"{directory} holds other files and is not a previous export (no {MANIFEST}); choose a new or empty folder",
        )


async def _crawl(services: Services, folder: Path, report: ExportReport) -> None:
    site = build_site(services, static_export=True)
    queue: deque[str] = deque(SEEDS)
    seen: set[str] = set(SEEDS)
    taken: set[PurePosixPath] = set()
    root = folder.resolve()

    def follow(current: str, link: str) -> None:
        path = site_path(current, link)
        if path is not None and path not in seen:
            seen.add(path)
            queue.append(path)

    # A page that raises is its 500 answer (the site logs the error), not an exception here.
    transport = httpx.ASGITransport(app=site, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN, headers=EXPORT_HEADER) as client:
        while queue:
            path = queue.popleft()
            relative = file_for(path)
            if relative is None or relative in taken:
                report.refused.append(path)
                continue
            response = await client.get(path)
            if response.status_code in REDIRECTS and "location" in response.headers:
                follow(path, response.headers["location"])
                continue
            if 400 <= response.status_code < 500:  # not a page of the site (404, a refused address): said, not written
                if path not in SEEDS:  # a seed the site does not have is not a broken link
                    report.missing.append(path)
                continue
            if response.status_code != 200:  # the site failed: no half export
                raise ExportFailed(path, response.status_code)
            target = folder.joinpath(*relative.parts)
            if not target.resolve().is_relative_to(root):  # never outside DIR, whatever the name
                report.refused.append(path)
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(response.content)
            except (FileExistsError, NotADirectoryError, IsADirectoryError):  # a file where a folder is, or back
                report.refused.append(path)
                continue
            taken.add(relative)
            report.written.append(relative.as_posix())
            if response.headers.get("content-type", "").startswith("text/html"):
                report.pages += 1
                for link in links_of(response.text):
                    follow(path, link)
            else:
                report.files += 1


def _put_in_place(folder: Path, directory: Path) -> None:
    """`folder` (complete) becomes `directory`; a previous export there is removed after."""
    if not directory.exists():
        folder.rename(directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.lama-", dir=directory.parent))
    old.rmdir()
    directory.rename(old)
    folder.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


async def export_site(services: Services, directory: Path) -> ExportReport:
    """Write the public site of `services` as plain files into `directory` (see the module
    docstring). Raises ExportRefused for a folder that is not the export's, ExportFailed when a
    page cannot be made, OSError when writing fails; in each case `directory` is as it was."""
    directory = directory.expanduser().resolve()
    _check_target(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{directory.name}.baru-", dir=directory.parent))
    report = ExportReport(directory)
    try:
        await _crawl(services, folder, report)
        manifest = {
            "generator": GENERATOR,
            "written_at": services.clock.now().isoformat(),
            "pages": report.pages,
            "files": report.files,
            "written": report.written,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        folder.chmod(0o755)  # mkdtemp's folder is the owner's only; a web server must read it
        _put_in_place(folder, directory)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return report
