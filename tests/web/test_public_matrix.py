"""The visibility matrix of the public site (issue 16, "Done when"): every page, feed, open-data
file, document and static-export file, for a register holding every kind of item the public side
must tell apart, shows exactly the public ones and nothing of the others.

The register is put on the record through the real workflow and chat (`tests/web/publishing.py`):

* public: a published berkala item (whose first draft was returned with a reason), an item with two
  publications of which the newer was withdrawn, a serta merta announcement;
* hidden: an item never published (its draft waiting at step 4), an item exempted after its
  publication and one never published, a deactivated item, an item whose only publication was
  withdrawn, a withdrawn serta merta announcement.

Each hidden item carries its own secrets (summary, person responsible, time and place made, draft
file names, the withdrawal's reason, the announcement's elements), and each response body is
searched for each of them. The two exempt items' summaries and legal bases are public in one
place only, the Daftar Informasi yang Dikecualikan (UU 14/2008), and are looked for everywhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bot import public_site
from bot.exemption_decision import decision_document, record_signed
from bot.register import edit_item
from bot.workflow import Upload
from tests.bot.cycle_helpers import ADMIN_ID, OPERATOR_ID, PELAKSANA_ID, UTAMA_ID, Office, approve_and_publish, open_first_task, person
from tests.exemption_sample import exemption
from tests.samples import MINIMAL_PDF, make_docx, unique_pdf
from tests.web.conftest import SITE
from tests.web.publishing import (
    LEGAL_BASIS,
    deactivate,
    make_exempt,
    publish_cycle,
    publish_serta_merta,
    withdraw_publication,
)
from web.app import build_site
from web.export import export_site

SERTA_MERTA = (
    "Banjir setinggi 1 meter di Kelurahan Tambelan Sampit",
    "Warga bantaran Sungai Kapuas",
    "Mengungsi ke Masjid Raya Mujahidin",
    "Matikan listrik dan jauhi arus air",
    "Hubungi posko BPBD 112",
    "Dinas Sosial Kota Pontianak",
    "Pengeras suara masjid dan kanal resmi PPID",
    "Dapur umum dan perahu karet telah disiagakan",
)
WITHDRAWN_SERTA_MERTA = tuple(f"{answer} keliru ditarik kembali" for answer in SERTA_MERTA)
REVIEW_REASON = "Lampiran anggaran belum ditandatangani kepala dinas"
WITHDRAWAL_REASON = "Salah unggah berkas milik bidang lain"
SERTA_MERTA_WITHDRAWAL_REASON = "Peringatan dini dicabut oleh BPBD provinsi"
EXEMPT_NEVER_BASIS = "UU 14/2008 Pasal 17 huruf c"
EXEMPT_DEACTIVATED_BASIS = "UU 14/2008 Pasal 17 huruf d"
STAFF_NAMES = ("Rina", "Oki", "Putri", "Umar")  # the people who acted: never on the site


@dataclass
class Matrix:
    """The register's items by kind, and what the public may and may not read."""

    visible: dict[str, int] = field(default_factory=dict)  # summary -> item id
    hidden: dict[str, int] = field(default_factory=dict)
    exempt: dict[str, int] = field(default_factory=dict)  # public on the exempt list only
    exempt_bases: tuple[str, ...] = ()
    secrets: list[str] = field(default_factory=list)  # never in any response
    public_tokens: set[str] = field(default_factory=set)
    hidden_tokens: set[str] = field(default_factory=set)
    hidden_sha256: set[str] = field(default_factory=set)  # stored files the public may never get


def _secret_fields(key: str) -> dict[str, str]:
    return {"responsible": f"Kepala Seksi {key} Bapak Hartono", "made_time_place": f"Ruang arsip {key} lantai tiga"}


async def _add_item(office: Office, summary: str, key: str, matrix: Matrix, *, public: bool, **kwargs: object) -> int:
    """An item with its own person responsible and place made (secrets unless it is public)."""
    item_id = await office.add_item(summary, **kwargs)  # type: ignore[arg-type]
    for name, value in _secret_fields(key).items():
        await edit_item(office.services, ADMIN_ID, item_id, name, value)
        if not public:
            matrix.secrets.append(value)
    return item_id


async def _cycle_with_draft(office: Office, item_id: int, draft_name: str) -> int:
    """A new cycle of the item, its draft `draft_name` submitted to PPID Utama (step 4)."""
    services, workflow = office.services, office.services.workflow
    cycle_id = (await workflow.open_cycle(await person(office, ADMIN_ID), item_id)).cycle.id
    letter = await services.files.put(MINIMAL_PDF, "surat.pdf")
    await workflow.send_coordination(await person(office, OPERATOR_ID), cycle_id, Upload(letter, "pdf", None), "surat.pdf")
    putri = await person(office, PELAKSANA_ID)
    draft = await services.files.put(make_docx(), draft_name)
    await workflow.add_draft_file(putri, cycle_id, Upload(draft, "docx", None), draft_name)
    await workflow.submit_draft(putri, cycle_id)
    return cycle_id


async def _tokens(office: Office, cycle_id: int) -> set[str]:
    rows = await office.services.db.fetch_all(
        "SELECT f.token FROM public_files AS f JOIN publications AS p ON p.id = f.publication_id WHERE p.cycle_id = ?",
        (cycle_id,),
    )
    assert rows, f"cycle {cycle_id} published no file"
    return {row["token"] for row in rows}


async def _draft_sha256(office: Office, cycle_id: int, version: int) -> set[str]:
    rows = await office.services.db.fetch_all(
        "SELECT sha256 FROM documents WHERE cycle_id = ? AND version = ? AND kind = 'draft'", (cycle_id, version)
    )
    assert rows
    return {row["sha256"] for row in rows}


async def build_matrix(office: Office) -> Matrix:
    matrix = Matrix()
    utama = await person(office, UTAMA_ID)

    # Public: published after its first draft was returned with a reason.
    summary = "Laporan Realisasi Anggaran Dinas Sosial"
    item_id = await _add_item(office, summary, "realisasi", matrix, public=True)
    cycle_id = await _cycle_with_draft(office, item_id, "versipertamaditolak.docx")
    await office.services.workflow.return_draft(utama, cycle_id, 1, REVIEW_REASON)
    putri = await person(office, PELAKSANA_ID)
    second = await office.services.files.put(make_docx(), "versikeduadisetujui.docx")
    await office.services.workflow.add_draft_file(putri, cycle_id, Upload(second, "docx", None), "versikeduadisetujui.docx")
    await office.services.workflow.submit_draft(putri, cycle_id)
    await open_first_task(office, office.utama)
    await approve_and_publish(office)
    matrix.visible[summary] = item_id
    matrix.public_tokens |= await _tokens(office, cycle_id)
    matrix.hidden_sha256 |= await _draft_sha256(office, cycle_id, 1)
    matrix.secrets += [REVIEW_REASON, "versipertamaditolak"]

    # Public: two publications, the newer withdrawn (the older one stands).
    summary = "Daftar Aset Tanah Pemerintah Kota"
    item_id = await _add_item(office, summary, "aset", matrix, public=True)
    older = await publish_cycle(office, item_id, [("asetversilama.docx", make_docx(), "docx")])
    newer = await publish_cycle(office, item_id, [("asetversibarusalah.docx", make_docx(), "docx")])
    await withdraw_publication(office, newer, WITHDRAWAL_REASON)
    matrix.visible[summary] = item_id
    matrix.public_tokens |= await _tokens(office, older)
    matrix.hidden_tokens |= await _tokens(office, newer)
    matrix.secrets += [WITHDRAWAL_REASON, "asetversibarusalah"]

    # Public: a serta merta announcement; hidden: a withdrawn one.
    summary = "Peringatan Banjir Kelurahan Tambelan"
    item_id, cycle_id = await publish_serta_merta(office, summary, answers=SERTA_MERTA)
    matrix.visible[summary] = item_id
    matrix.public_tokens |= await _tokens(office, cycle_id)
    summary = "Peringatan Angin Puting Beliung Dibatalkan"
    item_id, cycle_id = await publish_serta_merta(office, summary, answers=WITHDRAWN_SERTA_MERTA)
    await withdraw_publication(office, cycle_id, SERTA_MERTA_WITHDRAWAL_REASON)
    matrix.hidden[summary] = item_id
    matrix.hidden_tokens |= await _tokens(office, cycle_id)
    matrix.secrets += [summary, SERTA_MERTA_WITHDRAWAL_REASON, *WITHDRAWN_SERTA_MERTA]

    # Exempt after its publication: its summary and legal basis on the exempt list only.
    summary = "Dokumen Lelang Pengamanan Markas"
    item_id = await _add_item(office, summary, "lelang", matrix, public=False)
    cycle_id = await publish_cycle(office, item_id, [("lelangpengamanan.docx", make_docx(), "docx")])
    await make_exempt(office, item_id, LEGAL_BASIS)
    matrix.exempt[summary] = item_id
    matrix.hidden_tokens |= await _tokens(office, cycle_id)
    matrix.secrets.append("lelangpengamanan")

    # Exempt, never published.
    summary = "Berkas Penyidikan Sengketa Lahan"
    item_id = await _add_item(office, summary, "sengketa", matrix, public=False, unit_id=office.other_unit_id)
    await make_exempt(office, item_id, EXEMPT_NEVER_BASIS)
    matrix.exempt[summary] = item_id
    matrix.exempt_bases = (LEGAL_BASIS, EXEMPT_NEVER_BASIS)
    # Its decision document and the signed scan: kept with the item, never served.
    decision = await decision_document(office.services, utama, item_id)
    scan = await office.services.files.put(unique_pdf("keputusanbertandatangan"), "keputusanbertandatangan.pdf")
    await record_signed(office.services, utama, item_id, Upload(scan, "pdf", None))
    matrix.hidden_sha256 |= {sha for sha in (decision.document.sha256, decision.document.pdf_sha256, scan.sha256) if sha}
    matrix.secrets += [decision.number.text, decision.docx_name, "keputusanbertandatangan"]
    # The consequence test's reasoning is the decision's, never the public's (its period is public).
    sample = exemption()
    matrix.secrets += [sample["part"], sample["consequence"], sample["public_interest"], sample["decider_position"]]

    # Exempt, then deactivated: out of the exempt list too.
    summary = "Arsip Intelijen Daerah Ditutup"
    item_id = await _add_item(office, summary, "intelijen", matrix, public=False)
    await make_exempt(office, item_id, EXEMPT_DEACTIVATED_BASIS)
    await deactivate(office, item_id)
    matrix.hidden[summary] = item_id
    matrix.secrets.append(EXEMPT_DEACTIVATED_BASIS)

    # Deactivated after its publication.
    summary = "Laporan Kegiatan Posyandu Dihentikan"
    item_id = await _add_item(office, summary, "posyandu", matrix, public=False)
    cycle_id = await publish_cycle(office, item_id, [("posyandulama.docx", make_docx(), "docx")])
    await deactivate(office, item_id)
    matrix.hidden[summary] = item_id
    matrix.hidden_tokens |= await _tokens(office, cycle_id)
    matrix.secrets += [summary, "posyandulama"]

    # Its only publication withdrawn.
    summary = "Pengumuman Seleksi Pegawai Keliru"
    item_id = await _add_item(office, summary, "seleksi", matrix, public=False)
    cycle_id = await publish_cycle(office, item_id, [("seleksipegawai.docx", make_docx(), "docx")])
    await withdraw_publication(office, cycle_id, WITHDRAWAL_REASON)
    matrix.hidden[summary] = item_id
    matrix.hidden_tokens |= await _tokens(office, cycle_id)
    matrix.secrets += [summary, "seleksipegawai"]

    # Hidden: never published, its draft waiting for PPID Utama (last: /tugas would show it first).
    summary = "Rencana Strategis Belum Disahkan"
    item_id = await _add_item(office, summary, "renstra", matrix, public=False)
    cycle_id = await _cycle_with_draft(office, item_id, "drafrenstrabelumterbit.docx")
    matrix.hidden[summary] = item_id
    matrix.hidden_sha256 |= await _draft_sha256(office, cycle_id, 1)
    matrix.secrets += [summary, "drafrenstrabelumterbit"]

    matrix.secrets += [f"{name} " for name in STAFF_NAMES]  # "Putri " (a name), not "putri" in a word
    every = {row["token"] for row in await office.services.db.fetch_all("SELECT token FROM public_files")}
    assert every == matrix.public_tokens | matrix.hidden_tokens and not matrix.public_tokens & matrix.hidden_tokens
    return matrix


def _words(summary: str) -> list[str]:
    return summary.split()


def _site_paths(matrix: Matrix, all_ids: list[int], units: list[int]) -> list[str]:
    paths = ["/", "/dip/", "/dip/halaman/2/", "/dikecualikan/", "/dikecualikan/halaman/2/", "/cari/", "/feed.atom", "/dip.csv", "/dip.json"]
    paths += [f"/dip/?kategori={category}" for category in public_site.PUBLIC_CATEGORIES]
    paths += [f"/dip/?unit={unit}" for unit in units] + ["/dip/?tahun=2026", "/dip/?tahun=2027"]
    paths += [f"/informasi/{item_id}/" for item_id in [*all_ids, max(all_ids) + 1]]
    summaries = [*matrix.visible, *matrix.hidden, *matrix.exempt]
    paths += sorted({f"/cari/?q={word}" for summary in summaries for word in _words(summary)})
    paths += [f"/berkas/{token}/x" for token in sorted(matrix.public_tokens | matrix.hidden_tokens)]
    paths += [f"/berkas/{sha256[:32]}/x" for sha256 in sorted(matrix.hidden_sha256)]
    return paths + ["/en" + path for path in paths]


def _leaks(matrix: Matrix, where: str, body: str, *, exempt_list: bool) -> list[str]:
    """The secrets found in `body` (the response of `where`)."""
    found = [f"{where}: {secret!r}" for secret in matrix.secrets if secret in body]
    found += [f"{where}: hidden {summary!r}" for summary in matrix.hidden if summary in body]
    if not exempt_list:
        found += [f"{where}: exempt {text!r}" for text in [*matrix.exempt, *matrix.exempt_bases] if text in body]
    return found


@pytest.fixture
async def matrix(office: Office) -> Matrix:
    return await build_matrix(office)


async def test_every_page_and_feed_shows_exactly_the_public_items(office: Office, site: httpx.AsyncClient, matrix: Matrix) -> None:
    all_ids = [int(row["id"]) for row in await office.services.db.fetch_all("SELECT id FROM info_items ORDER BY id")]
    units = [int(row["id"]) for row in await office.services.db.fetch_all("SELECT id FROM units")]
    leaks: list[str] = []
    statuses: dict[str, int] = {}
    for path in _site_paths(matrix, all_ids, units):
        response = await site.get(path)
        statuses[path] = response.status_code
        assert response.status_code in (200, 404), (path, response.status_code)
        leaks += _leaks(matrix, path, response.content.decode("utf-8", "replace"), exempt_list="dikecualikan" in path)
    assert leaks == []

    for prefix in ("", "/en"):
        pages = {item_id: statuses[f"{prefix}/informasi/{item_id}/"] for item_id in [*all_ids, max(all_ids) + 1]}
        assert {item_id for item_id, status in pages.items() if status == 200} == set(matrix.visible.values())
        for token in matrix.public_tokens:
            assert statuses[f"{prefix}/berkas/{token}/x"] == 200
        for token in matrix.hidden_tokens:
            assert statuses[f"{prefix}/berkas/{token}/x"] == 404
        for sha256 in matrix.hidden_sha256:
            assert statuses[f"{prefix}/berkas/{sha256[:32]}/x"] == 404
        # Where the public items must be: the DIP, Beranda, the feed, the open data, the search.
        for path in ("/dip/", "/", "/feed.atom", "/dip.csv", "/dip.json"):
            body = (await site.get(prefix + path)).text
            assert [summary for summary in matrix.visible if summary not in body] == [], path
        for summary in matrix.visible:
            body = (await site.get(f"{prefix}/cari/", params={"q": summary})).text
            assert f"informasi/{matrix.visible[summary]}/" in body, summary
        exempt_list = (await site.get(f"{prefix}/dikecualikan/")).text
        assert all(text in exempt_list for text in [*matrix.exempt, *matrix.exempt_bases])
        for item_id in matrix.exempt.values():
            assert f"informasi/{item_id}/" not in exempt_list  # a line links nowhere

    feed = (await site.get("/feed.atom")).text
    assert all(word in feed for word in SERTA_MERTA[:1])
    item_page = (await site.get(f"/informasi/{matrix.visible['Peringatan Banjir Kelurahan Tambelan']}/")).text
    assert all(element in item_page for element in SERTA_MERTA)
    rows = json.loads((await site.get("/dip.json")).text)["items"]
    assert sorted(row["ID informasi"] for row in rows) == sorted(matrix.visible.values())
    csv_lines = (await site.get("/dip.csv")).text.strip().splitlines()
    assert len(csv_lines) == 1 + len(matrix.visible)


async def test_the_static_export_holds_exactly_the_public_items(office: Office, matrix: Matrix, tmp_path: Path) -> None:
    report = await export_site(office.services, tmp_path / "situs")
    leaks: list[str] = []
    written: dict[str, str] = {}
    for file in sorted((tmp_path / "situs").rglob("*")):
        if file.is_file():
            relative = file.relative_to(tmp_path / "situs").as_posix()
            written[relative] = file.read_bytes().decode("utf-8", "replace")
            leaks += _leaks(matrix, relative, written[relative] + relative, exempt_list="dikecualikan" in relative)
    assert leaks == []
    assert report.pages > 0
    # Nothing names the in-process host the export asked (an uploaded feed would point there).
    assert [path for path, text in written.items() if "ppid.export" in text] == []
    for prefix in ("", "en/"):
        items = {path.split("/")[-2] for path in written if path.startswith(f"{prefix}informasi/")}
        assert items == {str(item_id) for item_id in matrix.visible.values()}, prefix
        assert all(summary in written[f"{prefix}dip/index.html"] for summary in matrix.visible)
    tokens = {path.split("/")[1] for path in written if path.startswith("berkas/")}
    assert tokens == matrix.public_tokens


async def _raw_get(office: Office, raw_path: bytes) -> int:
    """The status the site answers `raw_path` with, sent as it is (an HTTP client would tidy the
    dots away before the request leaves)."""
    app = build_site(office.services)
    sent: list[dict[str, object]] = []
    path = raw_path.decode("latin-1")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": raw_path, "query_string": b"", "root_path": "",
        "headers": [(b"host", SITE.removeprefix("http://").encode())], "client": ("127.0.0.1", 1), "server": ("ppid.test", 80),
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    return int(sent[0]["status"])  # type: ignore[call-overload]


TRAVERSALS = (
    b"/berkas/../../etc/passwd", b"/berkas/%2e%2e/%2e%2e/etc/passwd", b"/berkas/..%2f..%2fetc%2fpasswd",
    b"/berkas/..%2F..%2F/x", b"/static/../../bot/config.py", b"/static/%2e%2e/%2e%2e/bot/config.py",
    b"/static/..%2f..%2fbot%2fconfig.py", b"/en/berkas/../../../etc/passwd", b"/informasi/../../etc/passwd",
)


@pytest.mark.parametrize("raw_path", TRAVERSALS, ids=[path.decode() for path in TRAVERSALS])
async def test_paths_out_of_the_site_are_not_found(office: Office, raw_path: bytes) -> None:
    assert await _raw_get(office, raw_path) == 404


async def test_a_token_of_the_stored_file_with_dots_is_not_found(office: Office, site: httpx.AsyncClient, matrix: Matrix) -> None:
    token = sorted(matrix.public_tokens)[0]
    for path in (f"/berkas/{token}/../../etc/passwd", f"/berkas/{token.upper()}/x", f"/berkas/{token}0/x", f"/berkas/{token}"):
        assert (await _raw_get(office, path.encode())) == 404, path


