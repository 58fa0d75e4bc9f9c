"""A small harness for driving the public site in a real browser: Debian's headless Chromium
through Selenium, against the site served over a real socket in the test's own event loop.

* :func:`start_chromium` starts the browser, offline: the driver is Debian's `/usr/bin/chromedriver`
  given by path, so Selenium Manager never runs (and `SE_OFFLINE` forbids it to download anything
  if it ever did); a fresh profile; downloads into a folder of the caller's.
* :func:`serving` serves the office's site with `web.server.SiteServer` on a free port of
  127.0.0.1. Selenium blocks, so its calls go through :func:`in_browser` (a worker thread) while
  the loop goes on serving.
* :data:`PHONE` and :data:`DESKTOP` are the two viewports of every test (:func:`use_viewport`
  emulates them exactly, a phone as a mobile device that honours the viewport meta tag).
* The checks a reader's browser makes: :func:`csp_errors` (the console's Content-Security-Policy
  complaints and other security refusals), :func:`horizontal_overflow`, :func:`unlabelled_fields`,
  and the keyboard: :func:`tab_to` (which also wants the focus visible), :func:`choose_by_keyboard`,
  :func:`press`.
* :func:`publish_register`: the small register the browser tests and `docs/screenshot.py` read.

A machine without Chromium or its driver skips the browser tests with :data:`NOT_INSTALLED`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from bot.services import Services
from bot.workflow import Upload
from tests.bot.cycle_helpers import (
    OTHER_PELAKSANA_ID,
    PELAKSANA_ID,
    Office,
    approve_and_publish,
    open_first_task,
    person,
)
from tests.conftest import ADMIN_ID
from tests.samples import MINIMAL_PDF, make_docx
from web.server import SiteServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NOT_INSTALLED = "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)
PAGE_LOAD_SECONDS = 15
WAIT_SECONDS = 10
POLL_SECONDS = 0.02

T = TypeVar("T")


def installed() -> bool:
    """Whether this machine has Debian's Chromium and its driver."""
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


PHONE = Viewport("ponsel", 360, 740, mobile=True)
DESKTOP = Viewport("desktop", 1280, 900, mobile=False)
VIEWPORTS = (PHONE, DESKTOP)


def start_chromium(profile: Path) -> WebDriver:
    """Headless Chromium with a fresh profile in `profile`, its console log readable."""
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager, should anything call it, downloads nothing
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option(
        "prefs", {"download.prompt_for_download": False, "download.default_directory": str(profile / "unduhan")}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
    return driver


def use_viewport(driver: WebDriver, viewport: Viewport) -> None:
    """Make the page area exactly `viewport` (a phone: a mobile device, so the viewport meta counts)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": viewport.width, "height": viewport.height, "deviceScaleFactor": 1, "mobile": viewport.mobile},
    )


def download_into(driver: WebDriver, folder: Path) -> None:
    """Save the next downloads into `folder`, without asking."""
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def wait_for_download(folder: Path, timeout: float = WAIT_SECONDS) -> Path:
    """The one file downloaded into `folder`, once Chromium has finished writing it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [path for path in folder.iterdir() if not path.name.endswith((".crdownload", ".tmp"))]
        partial = [path for path in folder.iterdir() if path.name.endswith(".crdownload")]
        if done and not partial:
            assert len(done) == 1, f"more than one download: {sorted(p.name for p in done)}"
            return done[0]
        time.sleep(0.05)
    raise AssertionError(f"nothing was downloaded into {folder} within {timeout} s")


def csp_errors(driver: WebDriver) -> list[str]:
    """The console's Content-Security-Policy complaints (and the browser's other security refusals,
    such as a stylesheet served as HTML) since the last call; reading empties the console."""
    return [
        entry["message"] for entry in driver.get_log("browser")
        if "Content Security Policy" in entry.get("message", "") or entry.get("source") == "security"
    ]


def horizontal_overflow(driver: WebDriver) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling).

    Measured against the root's `clientWidth`, not `innerWidth`: a phone lays a too-wide page out
    in a wider viewport (zoomed out), so there `innerWidth` grows with the content and hides it."""
    width, viewport = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return max(0, int(width) - int(viewport))


def unlabelled_fields(driver: WebDriver) -> list[str]:
    """The form fields (`input`, `select`, `textarea`; hidden ones aside) that have no label a
    screen reader would announce: no `<label for>` (or wrapping label) with text."""
    missing = []
    for field in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea"):
        labels = driver.execute_script(
            "return Array.from(arguments[0].labels || []).map(l => l.textContent.trim()).filter(t => t)", field
        )
        if not labels or not field.accessible_name.strip():
            missing.append(field.get_attribute("outerHTML")[:120])
    return missing


def data_page(html: str) -> str:
    """A `data:` address of the page `html` (for the harness's own checks)."""
    return "data:text/html;charset=utf-8," + quote(html)


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], object]) -> None:
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=POLL_SECONDS).until(condition)


def loaded(driver: WebDriver) -> bool:
    return bool(driver.execute_script("return document.readyState") == "complete")


def open_page(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_until(driver, loaded)


def navigate(driver: WebDriver, action: Callable[[], object]) -> None:
    """Run `action` (a click, a key) and wait until the page it leads to has loaded.

    The old page is marked on its `window` (a new document has a new one); while the pages change
    over, the driver's commands may fail (an element of the old page, a script in an unloading
    document), so the wait ignores those failures until the new page has loaded."""
    driver.execute_script("window.ppidOldPage = true")
    action()
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=POLL_SECONDS, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return window.ppidOldPage === undefined && document.readyState === 'complete'")
    )


def tab_to(driver: WebDriver, element: WebElement, limit: int = 80) -> None:
    """Press Tab until `element` has the focus, as a keyboard user would reach it; the focus must
    show (an outline drawn around it)."""
    for _ in range(limit):
        if driver.switch_to.active_element == element:
            style, width = driver.execute_script(
                "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, parseFloat(s.outlineWidth)]", element
            )
            assert style != "none" and width > 0, f"no visible focus on {element.get_attribute('outerHTML')[:120]}"
            return
        webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"{element.get_attribute('outerHTML')[:120]} cannot be reached with Tab")


def press(driver: WebDriver, key: str, times: int = 1) -> None:
    """Press `key` on whatever has the focus."""
    for _ in range(times):
        webdriver.ActionChains(driver).send_keys(key).perform()


def choose_by_keyboard(driver: WebDriver, select: WebElement, value: str) -> None:
    """With `select` focused, move through its options with the arrow keys to the one of `value`."""
    options = [option.get_attribute("value") for option in Select(select).options]
    assert value in options, f"no option {value!r} in {options}"
    chosen = Select(select)
    now = options.index(chosen.first_selected_option.get_attribute("value"))
    key = Keys.ARROW_DOWN if options.index(value) > now else Keys.ARROW_UP
    for _ in range(len(options)):
        if chosen.first_selected_option.get_attribute("value") == value:
            return
        webdriver.ActionChains(driver).send_keys(key).perform()
    raise AssertionError(f"the arrow keys never reached {value!r}")


def reset(driver: WebDriver, viewport: Viewport) -> None:
    """A clean start for the next test: blank page, `viewport`, the console emptied."""
    driver.get("about:blank")
    use_viewport(driver, viewport)
    driver.get_log("browser")


async def in_browser(scenario: Callable[..., T], *args: object) -> T:
    """Run the blocking `scenario(*args)` in a worker thread while this loop serves the site."""
    return await asyncio.to_thread(scenario, *args)


@contextlib.asynccontextmanager
async def serving(services: Services) -> AsyncIterator[str]:
    """The site of `services` on a free port of 127.0.0.1; yields its address (`http://.../`)."""
    server = SiteServer(services, "127.0.0.1", 0)
    await server.start()
    try:
        yield server.address
    finally:
        await server.stop()


# -- the register the browser tests read --


@dataclass(frozen=True)
class Register:
    """Published items that the DIP's filters tell apart (for each filter, an item that only it
    leaves out of "berkala, Dinas Sosial, 2026"), and one that is not public."""

    laporan: int  # berkala, Dinas Sosial, published 2026: the one "berkala, Dinas Sosial, 2026" keeps
    puskesmas: int  # setiap saat, Dinas Kesehatan, 2026
    imunisasi: int  # berkala, Dinas Kesehatan, 2026: only the unit leaves it out
    standar: int  # setiap saat, Dinas Sosial, 2026: only the category leaves it out
    anggaran: int  # berkala, Dinas Sosial, 2027: only the year leaves it out
    draft: int  # berkala, Dinas Sosial, never published
    summaries: dict[int, str]


LAPORAN = "Laporan Keuangan Dinas Sosial 2026"
PUSKESMAS = "Daftar Puskesmas dan Jam Layanan"
IMUNISASI = "Jadwal Imunisasi Anak 2026"
STANDAR = "Standar Pelayanan Bantuan Sosial"
ANGGARAN = "Rencana Anggaran Dinas Sosial 2027"
DRAFT = "Rencana Kerja Rahasia Belum Terbit"
NEXT_YEAR = datetime(2027, 1, 5, 2, 0, tzinfo=timezone.utc)  # Tuesday 5 January 2027, 09:00 WIB
BETWEEN_POSTS = timedelta(minutes=10)  # each announcement its own time, so "newest first" has one order


async def publish(office: Office, summary: str, *, category: str = "berkala", other_unit: bool = False) -> int:
    """An item (in Dinas Kesehatan when `other_unit`) taken through its cycle by the workflow and
    the chat, re-classified `category` by PPID Utama at step 4, and posted to the channel; its id."""
    item_id = await office.add_item(summary, unit_id=office.other_unit_id if other_unit else None)
    workflow = office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await office.services.files.put(MINIMAL_PDF, "surat.pdf")
    operator = await person(office, office.operator.id)
    await workflow.send_coordination(operator, cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    uploader = await person(office, OTHER_PELAKSANA_ID if other_unit else PELAKSANA_ID)
    # each item's document its own bytes, so a download proves which file came
    draft = await office.services.files.put(make_docx(extra_entries=(("docProps/custom.xml", f"<p>{summary}</p>"),)), "draf.docx")
    await workflow.add_draft_file(uploader, cycle_id, Upload(draft, "docx", None), f"{summary}.docx")
    await workflow.submit_draft(uploader, cycle_id)
    if category != "berkala":  # only berkala and serta merta items have cycles: PPID Utama re-classifies it
        await workflow.recategorise(await person(office, office.utama.id), cycle_id, 1, category)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    published = await office.db_value("SELECT COUNT(*) FROM publications WHERE cycle_id = ?", cycle_id)
    assert published == 1, f"{summary!r} was not published"
    return item_id


async def publish_register(office: Office) -> Register:
    """The register of the browser tests (and of the screenshots): see :class:`Register`."""
    published = {}
    for summary, category, other_unit in (
        (LAPORAN, "berkala", False), (PUSKESMAS, "setiap_saat", True), (IMUNISASI, "berkala", True),
        (STANDAR, "setiap_saat", False),
    ):
        published[summary] = await publish(office, summary, category=category, other_unit=other_unit)
        office.clock.advance(BETWEEN_POSTS)
    draft = await office.add_item(DRAFT)
    office.clock.set(NEXT_YEAR)
    published[ANGGARAN] = await publish(office, ANGGARAN)
    return Register(
        laporan=published[LAPORAN], puskesmas=published[PUSKESMAS], imunisasi=published[IMUNISASI],
        standar=published[STANDAR], anggaran=published[ANGGARAN], draft=draft,
        summaries={**{item_id: summary for summary, item_id in published.items()}, draft: DRAFT},
    )


def channel_document(office: Office, item_summary: str) -> bytes:
    """The bytes of the document the bot posted to the channel for `item_summary` (the oracle of a
    download: what went out, read from the fake Telegram, not from the site's store)."""
    for post in office.channel.posts():
        document = post.get("document")
        if document and document.get("file_name") == f"{item_summary}.docx":
            return office.fake.file_bytes(document["file_id"])
    names = [post.get("document", {}).get("file_name") for post in office.channel.posts()]
    raise AssertionError(f"no channel document for {item_summary!r}; documents: {names}")
