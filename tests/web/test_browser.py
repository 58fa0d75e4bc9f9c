"""The public site in a real browser (headless Chromium), at a phone's width and a desktop's.

What a reader does with the pages: reads Beranda, switches language, narrows the DIP with its
filters by keyboard and by clicks, opens an item and downloads its document (the bytes are those
the bot posted to the channel), searches and follows a result. On every page: no sideways
scrolling, every field labelled, no Content-Security-Policy error in the console.

The site is served over a real socket in the test's event loop; Selenium's blocking calls run in a
worker thread (`tests.web.browser.in_browser`). One browser serves the whole module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from bot.texts import raw
from tests.bot.cycle_helpers import Office
from tests.web.browser import (
    ANGGARAN,
    DRAFT,
    IMUNISASI,
    LAPORAN,
    NOT_INSTALLED,
    PHONE,
    PUSKESMAS,
    STANDAR,
    VIEWPORTS,
    Register,
    Viewport,
    channel_document,
    choose_by_keyboard,
    csp_errors,
    data_page,
    download_into,
    horizontal_overflow,
    in_browser,
    installed,
    navigate,
    open_page,
    press,
    publish_register,
    reset,
    serving,
    start_chromium,
    tab_to,
    unlabelled_fields,
    wait_until,
    wait_for_download,
)

pytestmark = pytest.mark.skipif(not installed(), reason=NOT_INSTALLED)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    driver = start_chromium(tmp_path_factory.mktemp("chromium"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(params=VIEWPORTS, ids=[viewport.name for viewport in VIEWPORTS])
def viewport(request: pytest.FixtureRequest) -> Viewport:
    found: Viewport = request.param
    return found


@pytest.fixture
def browser(chromium: WebDriver, viewport: Viewport) -> WebDriver:
    """The module's browser on a blank page at this test's viewport, its console emptied."""
    reset(chromium, viewport)
    return chromium


def item_links(driver: WebDriver, within: str = "main") -> list[tuple[str, str]]:
    """(text, address) of each link to an item page inside `within`, in page order."""
    return [
        (link.text.strip(), link.get_attribute("href") or "")
        for link in driver.find_elements(By.CSS_SELECTOR, f"{within} a[href*='informasi/']")
    ]


def heading(driver: WebDriver) -> str:
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{len(headings)} <h1> on {driver.current_url}"
    return headings[0].text.strip()


def dip_rows(driver: WebDriver, register: Register) -> set[str]:
    """Which of the register's summaries the DIP table shows."""
    table = " ".join(element.text for element in driver.find_elements(By.CSS_SELECTOR, "table.dip"))
    return {summary for summary in register.summaries.values() if summary in table}


# -- Beranda and the language (built in this branch) --


async def test_beranda_shows_the_published_announcements(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)

    def read(address: str) -> tuple[str, list[tuple[str, str]], str, list[str]]:
        open_page(browser, address)
        return heading(browser), item_links(browser), browser.find_element(By.TAG_NAME, "body").text, csp_errors(browser)

    async with serving(office.services) as address:
        title, links, body, errors = await in_browser(read, address)

    assert title == "Pengumuman terbaru"
    assert [text for text, _ in links] == [ANGGARAN, STANDAR, IMUNISASI, PUSKESMAS, LAPORAN]  # newest first
    assert links[0][1] == f"{address}informasi/{register.anggaran}/"
    assert DRAFT not in body
    assert errors == []


async def test_the_language_link_switches_to_english_and_back(office: Office, browser: WebDriver) -> None:
    await publish_register(office)

    def switch(address: str) -> list[tuple[str, str, str]]:
        seen = []
        open_page(browser, address)
        for language in ("en", "id"):
            navigate(browser, browser.find_element(By.CSS_SELECTOR, f"nav a[hreflang='{language}']").click)
            html = browser.find_element(By.TAG_NAME, "html")
            seen.append((browser.current_url, html.get_attribute("lang") or "", heading(browser)))
        assert csp_errors(browser) == []
        return seen

    async with serving(office.services) as address:
        seen = await in_browser(switch, address)

    assert seen == [
        (f"{address}en/", "en", raw("web_home_heading", "en")),
        (address, "id", raw("web_home_heading", "id")),
    ]


# -- the pages built on other branches --


async def test_the_dip_filters_narrow_the_table_with_the_keyboard(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)

    def filter_by_keyboard(address: str) -> tuple[set[str], set[str], str, list[str]]:
        open_page(browser, f"{address}dip/")
        before = dip_rows(browser, register)
        for name, value in (("kategori", "berkala"), ("unit", str(office.unit_id)), ("tahun", "2026")):
            field = browser.find_element(By.CSS_SELECTOR, f"form.filters select[name='{name}']")
            tab_to(browser, field)
            choose_by_keyboard(browser, field, value)
        tab_to(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type='submit']"))
        navigate(browser, lambda: browser.switch_to.active_element.send_keys(Keys.ENTER))
        return before, dip_rows(browser, register), browser.current_url, csp_errors(browser)

    async with serving(office.services) as address:
        before, after, url, errors = await in_browser(filter_by_keyboard, address)

    assert before == {LAPORAN, PUSKESMAS, IMUNISASI, STANDAR, ANGGARAN}
    assert after == {LAPORAN}  # berkala, Dinas Sosial, 2026: each other item fails one of the three
    assert "kategori=berkala" in url and "tahun=2026" in url
    assert errors == []


async def test_the_dip_filters_narrow_the_table_with_clicks(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)
    choices = [
        {"kategori": "", "unit": str(office.other_unit_id), "tahun": ""},
        {"kategori": "", "unit": "", "tahun": "2027"},
        {"kategori": "setiap_saat", "unit": "", "tahun": ""},
        {"kategori": "berkala", "unit": str(office.other_unit_id), "tahun": ""},
    ]

    def filter_by_clicks(address: str) -> tuple[list[set[str]], list[str]]:
        open_page(browser, f"{address}dip/")
        shown = []
        for choice in choices:
            for name, value in choice.items():
                Select(browser.find_element(By.CSS_SELECTOR, f"form.filters select[name='{name}']")).select_by_value(value)
            navigate(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type='submit']").click)
            shown.append(dip_rows(browser, register))
        return shown, csp_errors(browser)

    async with serving(office.services) as address:
        shown, errors = await in_browser(filter_by_clicks, address)

    assert shown == [{PUSKESMAS, IMUNISASI}, {ANGGARAN}, {PUSKESMAS, STANDAR}, {IMUNISASI}]
    assert errors == []


async def test_on_a_phone_the_dip_table_scrolls_sideways_from_the_keyboard(office: Office, chromium: WebDriver) -> None:
    """At 360 px the DIP's columns do not fit: their frame takes the focus and the arrow keys scroll
    it, so a keyboard user reaches the last column too (the page itself never scrolls sideways)."""
    await publish_register(office)
    reset(chromium, PHONE)

    def scroll(address: str) -> tuple[int, int, int]:
        open_page(chromium, f"{address}dip/")
        frame = chromium.find_element(By.CSS_SELECTOR, ".table-wrap")
        room = int(chromium.execute_script("return arguments[0].scrollWidth - arguments[0].clientWidth", frame))
        tab_to(chromium, frame)
        press(chromium, Keys.ARROW_RIGHT, 5)
        wait_until(chromium, lambda driver: driver.execute_script("return arguments[0].scrollLeft", frame) > 0)
        return room, int(chromium.execute_script("return arguments[0].scrollLeft", frame)), horizontal_overflow(chromium)

    async with serving(office.services) as address:
        room, scrolled, overflow = await in_browser(scroll, address)

    assert room > 0  # the table is wider than the phone
    assert scrolled > 0
    assert overflow == 0


async def test_an_item_page_downloads_the_file_that_was_published(office: Office, browser: WebDriver, tmp_path: Path) -> None:
    register = await publish_register(office)
    downloads = tmp_path / "unduhan"

    def open_and_download(address: str) -> tuple[str, list[str], bytes, list[str]]:
        download_into(browser, downloads)
        open_page(browser, f"{address}informasi/{register.laporan}/")
        title = heading(browser)
        files = browser.find_elements(By.CSS_SELECTOR, "ul.files a")
        names = [link.text for link in files]
        files[0].click()
        return title, names, wait_for_download(downloads).read_bytes(), csp_errors(browser)

    async with serving(office.services) as address:
        title, names, downloaded, errors = await in_browser(open_and_download, address)

    assert title == LAPORAN
    assert len(names) == 1 and LAPORAN.split()[0] in names[0]
    assert downloaded == channel_document(office, LAPORAN)
    assert downloaded != channel_document(office, ANGGARAN)  # the documents differ: the right one came
    assert errors == []


async def test_the_search_finds_the_item_and_leads_to_its_page(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)

    def search(address: str) -> tuple[list[str], str, str, list[str]]:
        open_page(browser, f"{address}cari/")
        box = browser.find_element(By.CSS_SELECTOR, "form.search input[name='q']")
        tab_to(browser, box)
        box.send_keys("puskesmas")
        navigate(browser, lambda: box.send_keys(Keys.ENTER))
        results = item_links(browser, "ol.results")
        target = next(link for link in browser.find_elements(By.CSS_SELECTOR, "ol.results a[href*='informasi/']"))
        navigate(browser, target.click)
        return [text for text, _ in results], browser.current_url, heading(browser), csp_errors(browser)

    async with serving(office.services) as address:
        results, url, title, errors = await in_browser(search, address)

    assert any(PUSKESMAS in text for text in results)
    assert not any(DRAFT in text or LAPORAN in text for text in results)
    assert url == f"{address}informasi/{register.puskesmas}/"
    assert title == PUSKESMAS
    assert errors == []


# -- every page: fits the screen, labels its fields, keeps the CSP --

HERE = ("", "en/")
ON_OTHER_BRANCHES = ("dip/", "en/dip/", "dikecualikan/", "informasi/{laporan}/", "en/informasi/{laporan}/", "cari/?q=laporan")


def problems_of_pages(driver: WebDriver, address: str, paths: tuple[str, ...], register: Register) -> list[str]:
    """What a reader would stumble on, page by page: an error page, sideways scrolling, a field
    without a label, a complaint of the browser's security checks in the console."""
    found = []
    for path in paths:
        url = address + path.format(laporan=register.laporan)
        open_page(driver, url)
        if heading(driver) in ("400", "404", "500"):
            found.append(f"{path}: an error page")
        if overflow := horizontal_overflow(driver):
            found.append(f"{path}: scrolls sideways by {overflow} px")
        found += [f"{path}: no label: {field}" for field in unlabelled_fields(driver)]
        found += [f"{path}: console: {error}" for error in csp_errors(driver)]
    return found


async def test_beranda_fits_the_screen_and_keeps_the_csp(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)
    async with serving(office.services) as address:
        problems = await in_browser(problems_of_pages, browser, address, HERE, register)
    assert problems == []


async def test_every_page_fits_the_screen_labels_its_fields_and_keeps_the_csp(office: Office, browser: WebDriver) -> None:
    register = await publish_register(office)
    async with serving(office.services) as address:
        problems = await in_browser(problems_of_pages, browser, address, ON_OTHER_BRANCHES, register)
    assert problems == []


# -- the checks themselves can fail --


def test_the_checks_see_a_broken_page(browser: WebDriver, viewport: Viewport) -> None:
    """A page that scrolls sideways, has an unlabelled field and an inline style under a CSP is
    caught by each check (so their passing above means something)."""
    page = data_page(
        "<meta name=viewport content='width=device-width'>"
        "<meta http-equiv=Content-Security-Policy content=\"style-src 'self'\">"
        "<p style='color:red'>x</p><input name=q><select name=s></select>"
        "<label for=ok>Ok</label><input id=ok><table width=3000><tr><td>wide</td></tr></table>"
    )
    open_page(browser, page)
    assert horizontal_overflow(browser) > 0
    unlabelled = unlabelled_fields(browser)
    assert len(unlabelled) == 2 and 'name="q"' in unlabelled[0] and 'name="s"' in unlabelled[1]
    assert any("style-src" in error for error in csp_errors(browser))
    assert csp_errors(browser) == []  # reading empties the console


async def test_the_keyboard_reaches_and_submits_a_form(office: Office, chromium: WebDriver) -> None:
    """`tab_to`, `choose_by_keyboard` and Enter on the button: a keyboard user's filter, on a form
    that sends its choice to the live site (whose Beranda ignores the query). At one width: this
    proves the harness, not a page."""
    browser = chromium
    reset(browser, PHONE)

    def submit(address: str) -> str:
        open_page(
            browser,
            data_page(f"<a href='#'>a</a><form action='{address}'><label for=k>K</label>"
            "<select id=k name=kategori><option value=''>Semua<option value=berkala>Berkala"
            "<option value=setiap_saat>Setiap saat</select><button type=submit>Tampilkan</button></form>"),
        )
        field = browser.find_element(By.NAME, "kategori")
        tab_to(browser, field)
        choose_by_keyboard(browser, field, "setiap_saat")
        choose_by_keyboard(browser, field, "berkala")
        tab_to(browser, browser.find_element(By.TAG_NAME, "button"))
        navigate(browser, lambda: browser.switch_to.active_element.send_keys(Keys.ENTER))
        return browser.current_url

    async with serving(office.services) as address:
        url = await in_browser(submit, address)

    assert url == f"{address}?kategori=berkala"
