"""The README's screenshots of the public site: the DIP page at a phone's width and a desktop's.

Builds a small demo register on the offline sandbox (a throwaway data folder; the items go
through the real workflow and are posted to the fake channel), serves its site on a free port of
127.0.0.1 and photographs `/dip/` in Debian's headless Chromium (the browser tests' harness,
`tests/web/browser.py`). Run from the repository's root after `make .venv/.installed-test`:

    .venv/bin/python -m docs.screenshot

It writes `docs/situs-dip-ponsel.png` (360x740, from the page's title on) and
`docs/situs-dip-desktop.png` (1280x900).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from bot.config import load_settings
from tests.bot.cycle_helpers import build_office
from tests.conftest import ADMIN_ID, CHANNEL_ID
from tests.web.browser import (
    DESKTOP,
    NOT_INSTALLED,
    PHONE,
    Viewport,
    in_browser,
    installed,
    open_page,
    publish,
    publish_register,
    serving,
    start_chromium,
    use_viewport,
)

DOCS = Path(__file__).resolve().parent
SHOTS: dict[Viewport, Path] = {PHONE: DOCS / "situs-dip-ponsel.png", DESKTOP: DOCS / "situs-dip-desktop.png"}
MORE_ITEMS = (  # besides the browser tests' register: (summary, category, in Dinas Kesehatan)
    ("Data Penerima Bantuan Sosial Semester II 2026", "berkala", False),
    ("Profil Kesehatan Kota Pontianak 2026", "berkala", True),
)


def photograph(driver: WebDriver, address: str) -> None:
    for viewport, path in SHOTS.items():
        use_viewport(driver, viewport)
        open_page(driver, f"{address}dip/")
        title = driver.find_element(By.TAG_NAME, "h1").text
        if title in ("400", "404", "500"):
            raise SystemExit(f"{address}dip/ is an error page ({title}): is the DIP page in this branch?")
        if viewport.mobile:  # a phone's screen holds the filters or the table: show from the title on
            driver.execute_script("scrollTo(0, document.querySelector('main h1').getBoundingClientRect().top + scrollY - 12)")
        driver.save_screenshot(str(path))
        print(f"{path.relative_to(DOCS.parent)} ({viewport.width}x{viewport.height})")


async def main() -> int:
    if not installed():
        print(NOT_INSTALLED, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ppid-screenshot-") as folder:
        settings = load_settings({"ADMIN_IDS": str(ADMIN_ID), "PUBLIC_CHANNEL": str(CHANNEL_ID)}, base_dir=Path(folder))
        office = await build_office(settings)
        driver = start_chromium(Path(folder) / "chromium")
        try:
            await publish_register(office)
            for summary, category, other_unit in MORE_ITEMS:
                await publish(office, summary, category=category, other_unit=other_unit)
            async with serving(office.services) as address:
                await in_browser(photograph, driver, address)
        finally:
            driver.quit()
            await office.app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
