"""`ppid-bot web-export DIR`: the public site as plain files, exactly what the live site shows.

The export crawls the live site in process, so what it writes is the site's own answer: Beranda in
both languages, the style sheet, and whatever the pages link to. Items that are not public (never
published, re-classified as dikecualikan after publication) appear nowhere in the written files;
a folder that is not an export's is refused; a new export replaces the old one whole (a page no
longer public disappears); a hostile address never becomes a file outside DIR; and the command
works beside a running bot without writing to its database.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

import web.export
from bot.__main__ import main
from bot.app import ExportFailed, ExportRefused, export_static_site
from bot.register import edit_item
from bot.services import Services
from storage.database import open_database
from tests.exemption_sample import exemption
from tests.bot.cycle_helpers import Office
from tests.conftest import ADMIN_ID
from tests.web.publishing import publish_item
from web.app import STATIC
from web.export import MANIFEST, file_for, site_path

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = "Laporan Realisasi Anggaran Dinas Sosial 2026"
NEVER_PUBLISHED = "Rencana Kerja Rahasia Belum Terbit"
EXEMPT = "Laporan Keuangan Intelijen Kota"
LEGAL_BASIS = "UU 14/2008 Pasal 17 huruf c"



def written(directory: Path) -> dict[str, bytes]:
    """Every file of the export, by its path relative to DIR."""
    return {path.relative_to(directory).as_posix(): path.read_bytes() for path in directory.rglob("*") if path.is_file()}


async def reclassify_exempt(office: Office, item_id: int) -> None:
    """The admin's edit that makes a published item dikecualikan (it leaves the public record at once)."""
    await edit_item(office.services, ADMIN_ID, item_id, "category", "dikecualikan", exemption=exemption(("c",)))


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """An empty folder where the exports go (the office's database is elsewhere in tmp_path)."""
    folder = tmp_path / "ekspor"
    folder.mkdir()
    return folder


@pytest.fixture
async def register(office: Office) -> dict[str, int]:
    """One published item, one never published, one published then re-classified as exempt."""
    published, _ = await publish_item(office, PUBLISHED)
    never = await office.add_item(NEVER_PUBLISHED)
    exempt_id, _ = await publish_item(office, EXEMPT)
    await reclassify_exempt(office, exempt_id)
    return {"published": published, "never": never, "exempt": exempt_id}


async def test_the_export_writes_beranda_in_both_languages_and_the_style_sheet(office: Office, place: Path) -> None:
    await publish_item(office, PUBLISHED)
    target = place / "situs"

    report = await export_static_site(office.settings, target, sop=office.services.sop)

    files = written(target)
    home, english = files["index.html"].decode(), files["en/index.html"].decode()
    assert PUBLISHED in home and '<html lang="id">' in home
    assert '<html lang="en">' in english and "Latest announcements" in english
    assert 'href="static/style.css"' in home and 'href="../static/style.css"' in english  # relative: works anywhere
    assert files["static/style.css"] == (STATIC / "style.css").read_bytes()
    assert "cari/" not in home  # no search on a static host: the page was asked for as a plain file
    manifest = json.loads(files[MANIFEST])
    assert manifest["generator"] == "ppid-bot web-export"
    assert sorted(manifest["written"]) == sorted(name for name in files if name != MANIFEST)
    assert report.pages == sum(name.endswith(".html") for name in files)
    assert report.files == len(files) - report.pages - 1  # the manifest is counted in neither
    assert report.directory == target.resolve()
    assert [entry.name for entry in place.iterdir()] == ["situs"]  # the temporary folder is gone


async def test_what_is_not_public_is_in_no_written_file(office: Office, register: dict[str, int], place: Path) -> None:
    await export_static_site(office.settings, place / "situs", sop=office.services.sop)

    files = written(place / "situs")
    assert PUBLISHED in files["index.html"].decode()
    everything = b"\n".join(files.values()).decode("utf-8", "replace")
    assert NEVER_PUBLISHED not in everything
    # The exempt item may be named on the exempt list only (its summary is public there), never on any other page.
    assert [name for name, body in files.items() if EXEMPT.encode() in body and not name.startswith(("dikecualikan/", "en/dikecualikan/"))] == []
    for hidden in ("never", "exempt"):
        assert not any(name.startswith((f"informasi/{register[hidden]}/", f"en/informasi/{register[hidden]}/")) for name in files)


async def test_the_item_page_of_a_published_item_is_written_and_no_other(office: Office, register: dict[str, int], place: Path) -> None:
    await export_static_site(office.settings, place / "situs", sop=office.services.sop)

    files = written(place / "situs")
    page = files[f"informasi/{register['published']}/index.html"].decode()
    assert PUBLISHED in page
    assert f"en/informasi/{register['published']}/index.html" in files
    item_pages = {match.group(1) for name in files if (match := re.fullmatch(r"informasi/(\d+)/index\.html", name))}
    assert item_pages == {str(register["published"])}


async def test_the_exempt_list_is_written_with_the_legal_basis(office: Office, register: dict[str, int], place: Path) -> None:
    await export_static_site(office.settings, place / "situs", sop=office.services.sop)

    page = (place / "situs" / "dikecualikan" / "index.html").read_text(encoding="utf-8")
    assert EXEMPT in page and LEGAL_BASIS in page
    assert NEVER_PUBLISHED not in page


async def test_the_open_data_and_the_feed_are_written(office: Office, register: dict[str, int], place: Path) -> None:
    await export_static_site(office.settings, place / "situs", sop=office.services.sop)

    files = written(place / "situs")
    assert PUBLISHED in files["dip.csv"].decode("utf-8-sig")
    assert PUBLISHED in files["dip.json"].decode()
    assert PUBLISHED in files["feed.atom"].decode()
    assert "dip/index.html" in files
    for name in ("dip.csv", "dip.json", "feed.atom"):
        assert EXEMPT not in files[name].decode("utf-8-sig") and NEVER_PUBLISHED not in files[name].decode("utf-8-sig")


async def test_a_new_export_replaces_the_previous_one_whole(office: Office, place: Path) -> None:
    target = place / "situs"
    await export_static_site(office.settings, target, sop=office.services.sop)
    # A page of the previous export that the site no longer has (say, a withdrawn publication's).
    stale = target / "informasi" / "999" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("Pengumuman yang sudah ditarik", encoding="utf-8")
    await publish_item(office, PUBLISHED)

    await export_static_site(office.settings, target, sop=office.services.sop)

    assert not stale.exists()
    assert PUBLISHED in (target / "index.html").read_text(encoding="utf-8")
    assert [entry.name for entry in place.iterdir()] == ["situs"]  # neither the new nor the old folder is left beside


async def test_a_page_that_fails_half_way_leaves_the_previous_export_whole(
    office: Office, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = place / "situs"
    await export_static_site(office.settings, target, sop=office.services.sop)
    before = written(target)
    await publish_item(office, PUBLISHED)
    real_build_site = web.export.build_site

    def failing_site(services: Services, *, static_export: bool = False) -> Starlette:
        site = real_build_site(services, static_export=static_export)

        async def broken_page(request: Request) -> Response:
            raise RuntimeError("a bug in a page")

        site.router.routes.insert(0, Route("/en/", broken_page))  # after Beranda was written
        return site

    monkeypatch.setattr(web.export, "build_site", failing_site)

    with pytest.raises(ExportFailed) as failed:
        await export_static_site(office.settings, target, sop=office.services.sop)

    assert (failed.value.path, failed.value.status_code) == ("/en/", 500)
    assert written(target) == before  # the old export, not half of the new one
    assert PUBLISHED not in (target / "index.html").read_text(encoding="utf-8")
    assert [entry.name for entry in place.iterdir()] == ["situs"]


async def test_a_link_to_a_page_the_site_lacks_is_reported_and_not_written(
    office: Office, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build_site = web.export.build_site

    def site_with_a_broken_link(services: Services, *, static_export: bool = False) -> Starlette:
        site = real_build_site(services, static_export=static_export)

        async def home(request: Request) -> Response:
            return HTMLResponse('<a href="tidak-ada/">x</a> <a href="en/">English</a>')

        site.router.routes.insert(0, Route("/", home))
        return site

    monkeypatch.setattr(web.export, "build_site", site_with_a_broken_link)

    report = await export_static_site(office.settings, place / "situs", sop=office.services.sop)

    assert "/tidak-ada/" in report.missing
    assert not (place / "situs" / "tidak-ada").exists()
    assert (place / "situs" / "en" / "index.html").is_file()


@pytest.mark.parametrize("contents", ["own-site", "file"])
async def test_a_folder_that_is_not_an_export_is_refused_and_left_as_it_was(office: Office, place: Path, contents: str) -> None:
    target = place / "www"
    if contents == "own-site":
        target.mkdir()
        (target / "index.html").write_text("Situs kantor sendiri", encoding="utf-8")
    else:
        target.write_text("bukan folder", encoding="utf-8")
    before = written(place)

    with pytest.raises(ExportRefused) as refused:
        await export_static_site(office.settings, target, sop=office.services.sop)

    assert "ppid-export.json" in refused.value.indonesian or "bukan folder" in refused.value.indonesian
    assert written(place) == before
    assert [entry.name for entry in place.iterdir() if entry.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("current", "link", "expected"),
    [
        ("/", "dip/", "/dip/"),
        ("/informasi/12/", "../../dip/halaman/2/", "/dip/halaman/2/"),
        ("/", "../../../etc/passwd", "/etc/passwd"),  # resolved as a browser does: it stays in the site
        ("/", "https://evil.example/x", None),
        ("/", "//evil.example/x", None),
        ("/", "javascript:alert(1)", None),
        ("/", "mailto:ppid@example.go.id", None),
        ("/", "cari/?q=anggaran", None),  # a form's answer: no file for it
        ("/", "#isi", None),
    ],
)
def test_links_are_followed_only_inside_the_site_without_a_query(current: str, link: str, expected: str | None) -> None:
    assert site_path(current, link) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/%2e%2e/%2e%2e/outside.txt", "/.htaccess", "/static/.hidden/", "/a%2fb/", "/a%5c..%5c..%5cb", "/a%00b/",
        "/a%0ab", "//double/", "/%ff/", "/" + "x" * 300 + "/", "/ppid-export.json", "relative",
    ],
)
def test_a_hostile_path_never_becomes_a_file_name(path: str) -> None:
    assert file_for(path) is None


def test_a_page_becomes_its_folders_index() -> None:
    assert str(file_for("/")) == "index.html"
    assert str(file_for("/en/dip/halaman/2/")) == "en/dip/halaman/2/index.html"
    assert str(file_for("/berkas/Ab3_x/laporan%20akhir.pdf")) == "berkas/Ab3_x/laporan akhir.pdf"


async def test_hostile_paths_reached_by_the_crawl_are_left_out(
    office: Office, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = ("/%2e%2e/%2e%2e/outside.txt", "/.htaccess", "/static/%2e%2e/%2e%2e/bot/config.py")
    monkeypatch.setattr(web.export, "SEEDS", (*web.export.SEEDS, *hostile))
    target = place / "out" / "situs"

    report = await export_static_site(office.settings, target, sop=office.services.sop)

    assert sorted(report.refused) == sorted(hostile)
    assert [path.relative_to(place).as_posix() for path in place.rglob("*") if "situs" not in path.parts] == ["out"]
    assert not any(name.endswith(("outside.txt", ".htaccess", "config.py")) for name in written(target))


def _environment(office: Office) -> dict[str, str]:
    settings = office.settings
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "WEB_"))}
    environment.update(
        PYTHONPATH=str(ROOT), ADMIN_IDS=str(ADMIN_ID), PUBLIC_CHANNEL=str(settings.public_channel),
        DATABASE_PATH=str(settings.database_path), FILES_DIR=str(settings.files_dir),
        AUDIT_KEY_PATH=str(settings.audit_key_file),
    )
    return environment


async def _command(office: Office, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot", "web-export", *args], cwd=office.settings.database_path.parent,
        env=_environment(office), capture_output=True, text=True, timeout=60,
    )


async def test_the_command_exports_beside_the_running_bot_and_writes_nothing_to_its_database(office: Office, place: Path) -> None:
    await publish_item(office, PUBLISHED)
    assert office.app.instance_lock is not None and office.app.instance_lock.held  # the bot runs on this database
    audit_entries = await office.db_value("SELECT COUNT(*) FROM audit_log")
    target = place / "unggah" / "situs"

    result = await _command(office, str(target))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Situs statis ditulis: ")
    assert f"berkas di {target.resolve()} (Static site written: " in lines[0]
    assert "Traceback" not in result.stderr
    assert PUBLISHED in (target / "index.html").read_text(encoding="utf-8")
    assert await office.db_value("SELECT COUNT(*) FROM audit_log") == audit_entries


@pytest.fixture
def command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`main()` of `ppid-bot` in this process, configured by the environment for a database in
    tmp_path (no .env: the current folder is tmp_path)."""
    for key in [key for key in os.environ if key.startswith(("TELEGRAM_", "WEB_"))]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ADMIN_IDS", str(ADMIN_ID))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "ppid.sqlite3"))
    monkeypatch.setenv("FILES_DIR", str(tmp_path / "berkas"))
    monkeypatch.setenv("AUDIT_KEY_PATH", str(tmp_path / "audit.key"))
    return tmp_path / "ppid.sqlite3"


def test_the_command_refuses_an_office_folder_with_exit_code_2(command_line: Path, capsys: pytest.CaptureFixture[str]) -> None:
    async def make_database() -> None:
        await (await open_database(command_line)).close()

    asyncio.run(make_database())
    own = command_line.parent / "www"
    own.mkdir()
    (own / "index.html").write_text("Situs kantor sendiri", encoding="utf-8")

    assert main(["web-export", str(own)]) == 2

    assert capsys.readouterr().err.strip().splitlines() == [
        f"Ekspor situs ditolak: folder {own.resolve()} sudah berisi berkas lain dan bukan hasil ekspor sebelumnya "
        f"(tidak ada ppid-export.json); pilih folder baru atau kosong (Static export refused: {own.resolve()} holds "
        "other files and is not a previous export (no ppid-export.json); choose a new or empty folder)"
    ]
    assert [path.name for path in own.iterdir()] == ["index.html"]
    assert (own / "index.html").read_text(encoding="utf-8") == "Situs kantor sendiri"


def test_the_command_needs_its_folder_and_its_database(command_line: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web-export"]) == 2
    assert "Perintah web-export memerlukan folder" in capsys.readouterr().err

    assert main(["web-export", str(command_line.parent / "situs")]) == 2
    assert "Perintah web-export ditolak: basis data tidak ada" in capsys.readouterr().err
    assert not command_line.exists() and not (command_line.parent / "situs").exists()


def test_a_database_not_yet_migrated_is_refused_and_left_unwritten(command_line: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = sqlite3.connect(command_line)
    raw.execute("CREATE TABLE lama (x INTEGER)")
    raw.commit()
    raw.close()

    assert main(["web-export", str(command_line.parent / "situs")]) == 2

    err = capsys.readouterr().err
    assert err.startswith("Ekspor situs ditolak: skema basis data belum mutakhir (versi 1, 2, ")
    assert "jalankan bot atau `ppid-bot migrate` lebih dulu" in err
    raw = sqlite3.connect(command_line)
    assert [row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["lama"]
    raw.close()
    assert not (command_line.parent / "situs").exists() and not (command_line.parent / "audit.key").exists()
