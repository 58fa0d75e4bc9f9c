"""The page of one item (/informasi/<id>/): its DIP row, every publication newest first with its
files (type and size, the File Informasi Data marked), the channel link and, for serta merta, the
whole announcement; and the same 404 for every item the public may not see, or no item at all."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from bot.demo import SERTA_MERTA_ANSWERS
from bot.task_view import ANNOUNCEMENT_LABELS
from bot.texts import raw
from bot.workflow import ANNOUNCEMENT_ELEMENTS
from tests.bot.cycle_helpers import Office
from tests.samples import CSV_COMMA, MINIMAL_PDF, make_docx
from tests.web.publishing import (
    deactivate,
    make_exempt,
    publish_cycle,
    publish_item,
    publish_serta_merta,
    publish_with_data_file,
    withdraw_publication,
)

SUMMARY = "Laporan Keuangan Dinas Sosial 2026"


def main_of(page: httpx.Response) -> str:
    """The page's <main> (the part that differs between pages)."""
    found = re.search(r"<main id=\"isi\">(.*)</main>", page.text, re.S)
    assert found is not None, page.text
    return found.group(1)


def sections(page: httpx.Response) -> list[str]:
    return re.findall(r"<section class=\"publication\".*?</section>", page.text, re.S)


def file_links(html: str) -> list[str]:
    return re.findall(r'<a href="((?:\.\./)+berkas/[0-9a-f]{32}/[^"]+)"', html)


async def test_the_page_shows_the_dip_row_and_the_publication_with_its_files(office: Office, site: httpx.AsyncClient) -> None:
    item_id, cycle_id = await publish_with_data_file(office, SUMMARY)
    page = await site.get(f"/informasi/{item_id}/")

    assert page.status_code == 200
    assert page.text.count("<h1>") == 1 and f"<h1>{SUMMARY}</h1>" in page.text
    row = re.search(r'<dl class="dip-row"[^>]*>(.*?)</dl>', page.text, re.S)
    assert row is not None
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", row.group(1))
    assert pairs == [
        ("Pejabat/unit yang menguasai", "Dinas Sosial"),
        ("Penanggung jawab", "Kepala Bidang"),
        ("Waktu dan tempat pembuatan", "Pontianak, 2026"),
        ("Bentuk informasi yang tersedia", "Softcopy"),
        ("Jangka waktu penyimpanan", "5 tahun"),
        ("Kategori", "Berkala"),
        ("Periode pembaruan", "Semesteran"),
        ("Terakhir diumumkan", '<time datetime="2026-11-30T02:00:00+00:00">30 Nov 2026 09.00 WIB</time>'),
    ]

    [section] = sections(page)
    assert '<time datetime="2026-11-30T02:00:00+00:00">Diumumkan 30 Nov 2026 09.00 WIB</time>' in section
    tokens = await office.services.db.fetch_all(
        "SELECT f.token, d.kind, d.size FROM public_files AS f JOIN documents AS d ON d.id = f.document_id"
        " JOIN publications AS p ON p.id = f.publication_id WHERE p.cycle_id = ? ORDER BY d.kind = 'data_file'",
        (cycle_id,),
    )
    assert [row["kind"] for row in tokens] == ["draft", "data_file"]
    assert file_links(section) == [
        f"../../berkas/{tokens[0]['token']}/draf.docx", f"../../berkas/{tokens[1]['token']}/data_aset.csv",
    ]
    items = re.findall(r"<li( class=\"data-file\")?>(.*?)</li>", section.split('<ul class="files">')[1].split("</ul>")[0], re.S)
    document, data = items
    assert document[0] == "" and f"(Dokumen Word (DOCX), {tokens[0]['size']} B)" in document[1]
    assert "File Informasi Data" not in document[1]
    assert data[0] == ' class="data-file"' and f"(Data CSV, {len(CSV_COMMA)} B)" in data[1]
    assert '<strong class="tag">File Informasi Data</strong>' in data[1]
    assert '<a href="https://t.me/c/1000000001/1" rel="external noopener">Lihat di kanal Telegram</a>' in section
    assert '<a href="https://t.me/c/1000000001/2" rel="external noopener">File Informasi Data di kanal Telegram</a>' in section


async def test_every_publication_newest_first_and_a_withdrawn_one_is_gone(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    office.clock.advance(timedelta(days=40))
    second = await publish_cycle(office, item_id, [("laporan_semester.pdf", MINIMAL_PDF, "pdf")])

    both = sections(await site.get(f"/informasi/{item_id}/"))
    assert "Diumumkan 9 Jan 2027" in both[0] and "Diumumkan 30 Nov 2026" in both[1]
    assert [file_links(section)[0].rsplit("/", 1)[1] for section in both] == ["laporan_semester.pdf", "draf.docx"]

    await withdraw_publication(office, second)
    [left] = sections(await site.get(f"/informasi/{item_id}/"))
    assert "30 Nov 2026" in left and "laporan_semester.pdf" not in left
    page = await site.get(f"/informasi/{item_id}/")
    assert "Terakhir diumumkan</dt><dd><time datetime=\"2026-11-30T02:00:00+00:00\">" in page.text


async def test_a_serta_merta_page_gives_the_whole_announcement_with_labels_in_each_language(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_serta_merta(office, "Peringatan dini banjir Kota Pontianak")

    for prefix, labels in (("", ANNOUNCEMENT_LABELS), ("/en", [raw(f"web_element_{key}", "en") for key in ANNOUNCEMENT_ELEMENTS])):
        page = await site.get(f"{prefix}/informasi/{item_id}/")
        assert page.status_code == 200
        elements = re.search(r'<dl class="elements">(.*?)</dl>', page.text, re.S)
        assert elements is not None
        shown = re.findall(r"<dt>(\d)\. (.*?)</dt>\s*<dd>(.*?)</dd>", elements.group(1))
        assert shown == [(str(number), label, answer) for number, (label, answer) in enumerate(zip(labels, SERTA_MERTA_ANSWERS), start=1)]
        assert re.search(r"\.\./\.\./berkas/[0-9a-f]{32}/foto_[^\"]*\.png", page.text)  # the photo posted with it
    english = await site.get(f"/en/informasi/{item_id}/")
    assert "The danger and its size" in english.text and "Immediate (serta merta)" in english.text


def test_the_indonesian_element_labels_are_the_channel_posts_own() -> None:
    assert [raw(f"web_element_{key}", "id") for key in ANNOUNCEMENT_ELEMENTS] == list(ANNOUNCEMENT_LABELS)


async def test_an_item_the_public_may_not_see_is_the_same_404_as_no_item(office: Office, site: httpx.AsyncClient) -> None:
    unpublished = await office.add_item("Rencana Kerja Belum Terbit")
    exempt, _ = await publish_item(office, "Data Penyidikan yang Dikecualikan")
    inactive, _ = await publish_item(office, "Laporan Lama yang Dinonaktifkan")
    withdrawn, withdrawn_cycle = await publish_item(office, "Laporan yang Ditarik Semua")
    for item_id in (exempt, inactive, withdrawn):
        assert (await site.get(f"/informasi/{item_id}/")).status_code == 200
    await make_exempt(office, exempt)
    await deactivate(office, inactive)
    await withdraw_publication(office, withdrawn_cycle)

    nothing = await site.get("/informasi/9999/")
    assert nothing.status_code == 404
    for item_id in (unpublished, exempt, inactive, withdrawn):
        page = await site.get(f"/informasi/{item_id}/")
        assert page.status_code == 404
        assert main_of(page) == main_of(nothing)
        for summary in ("Rencana Kerja", "Penyidikan", "Dinonaktifkan", "Ditarik"):
            assert summary not in page.text


NO_IDS = (
    "0", "-1", "abc", "1e3", "1.0", "01", "%D9%A1", "%001", "1%00", "+1", "%201", "1%20", "0x1",
    "99999999999999999999999", str(2**63), str(2**63 - 1), "1" * 19, "1" * 5000,
)


async def test_an_id_that_is_no_id_is_a_404_never_a_500(office: Office, site: httpx.AsyncClient) -> None:
    await publish_item(office, SUMMARY)  # item 1 is public: "01", "+1", "1.0", "%D9%A1" (Arabic 1) must not reach it
    assert (await site.get("/informasi/1/")).status_code == 200
    for raw_id in NO_IDS:
        page = await site.get(f"/informasi/{raw_id}/")
        assert page.status_code == 404, raw_id
        assert SUMMARY not in page.text and "Traceback" not in page.text, raw_id


async def test_a_draft_file_name_is_escaped_on_the_page(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_item(office, SUMMARY)
    await publish_cycle(office, item_id, [('<script>alert("x")</script>.docx', make_docx(), "docx")])
    page = await site.get(f"/informasi/{item_id}/")
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;.docx" in page.text
    assert re.search(r'berkas/[0-9a-f]{32}/script_alert_x_script_.docx"', page.text)  # the link's name is ASCII-safe


async def test_the_beranda_banner_gives_the_first_elements_and_links_to_the_whole_announcement(office: Office, site: httpx.AsyncClient) -> None:
    item_id, _ = await publish_serta_merta(office, "Peringatan dini banjir Kota Pontianak")
    home = await site.get("/")
    banner = re.search(r'<section class="banner".*?</section>', home.text, re.S)
    assert banner is not None
    shown = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", banner.group(0))
    assert shown == list(zip(ANNOUNCEMENT_LABELS[:3], SERTA_MERTA_ANSWERS[:3]))
    assert SERTA_MERTA_ANSWERS[3] not in banner.group(0)
    assert f'href="informasi/{item_id}/"' in banner.group(0)
    english = await site.get("/en/")
    assert "<dt>The danger and its size</dt>" in english.text
