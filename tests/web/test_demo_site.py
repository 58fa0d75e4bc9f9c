"""The demo (`make run` without a token) serves its public web site beside the sandbox.

Over a real socket, at the address it prints: Beranda shows what the demo announced. When the
configured port is taken, the demo says so and serves on a free one. Outside a terminal (here, a
test) the demo ends by itself. The transcript shows the coordination letter on its letterhead and
the exemption decision, read back from the DOCX files it keeps; the exempt item is listed by
/dikecualikan and on /dikecualikan/, and on no other public page.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

import httpx

from bot.config import Settings
from bot.demo import EXEMPT_SUMMARY, run_demo
from tests.samples import docx_text

ADDRESS = re.compile(r"Situs web publik demo berjalan di (http://127\.0\.0\.1:\d+/);")
LETTER_LINES = (  # the letterhead, the office's number, the body and the signature block, in order
    "PEMERINTAH KOTA PONTIANAK, DINAS SOSIAL KOTA PONTIANAK", "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI (PPID)",
    "Nomor : 000.5/1/PPID-DINSOS/2026", "Perihal : Koordinasi Pengumpulan Informasi Publik",
    "PPID Pelaksana Dinas Sosial", "Dengan hormat,", "Informasi : Laporan Realisasi Anggaran Semester II 2026",
    "PPID Utama Kota Pontianak", "Umar Hakim, S.Sos., M.Si", "NIP 19750817 200003 1 004",
)
DECISION_LINES = (
    "PEMERINTAH KOTA PONTIANAK, DINAS SOSIAL KOTA PONTIANAK", "KEPUTUSAN PPID", "NOMOR 188.4/1/KEP-PPID-DINSOS/2026",
    "PENETAPAN INFORMASI YANG DIKECUALIKAN", f"Informasi : {EXEMPT_SUMMARY} (nomor register 4)",
    "Bagian yang dikecualikan : Nama, alamat dan nomor telepon pelapor", "Dasar hukum : UU 14/2008 Pasal 17 huruf h",
    "h. dapat mengungkap rahasia pribadi", "Jangka waktu pengecualian : sampai dengan 1 Des 2030",
    "PPID Utama Kota Pontianak", "Umar Hakim, S.Sos., M.Si",
)
PUBLIC_PAGES = ("/", "/dip/", "/dip.json", "/dip.csv", "/cari/?q=pelapor", "/feed.atom", "/en/", "/informasi/4/")


def shown_document(output: str, name: str) -> tuple[list[str], list[Path]]:
    """The lines the demo printed of the DOCX `name`, and the files it says it kept."""
    block = output[output.index(f"📄 Isi {name}, dibaca kembali dari berkas DOCX") :]
    text = []
    for line in block.split("\n")[1:]:
        if not line.startswith("   │"):
            break
        text.append(line.removeprefix("   │").strip())
    stem = name.removesuffix(".docx")
    kept = re.findall(rf"^💾 Berkas tersimpan, siap dibuka: (\S+/{re.escape(stem)}\.\w+) ", block, re.MULTILINE)
    return text, [Path(path) for path in kept]


def in_order(text: list[str], expected: tuple[str, ...]) -> bool:
    at = 0
    for line in text:
        if at < len(expected) and line == expected[at]:
            at += 1
    return at == len(expected)


async def test_the_demo_serves_beranda_with_its_announcement_at_the_printed_address(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    taken = socket.create_server(("127.0.0.1", 0))  # another program already listens on the configured port
    port = int(taken.getsockname()[1])
    lines: list[str] = []
    pages: dict[str, httpx.Response] = {}

    async def visit(_: str) -> None:
        printed = ADDRESS.search("\n".join(lines))
        assert printed is not None, lines[-12:]
        async with httpx.AsyncClient(base_url=printed.group(1)) as reader:
            pages["home"] = await reader.get("/")
            pages["english"] = await reader.get("/en/")
            for path in ("/dikecualikan/", *PUBLIC_PAGES):
                pages[path] = await reader.get(path)

    try:
        code = await run_demo(
            make_settings(web_address=("127.0.0.1", port)), lines.append, stay=False, visit=visit,
            documents=tmp_path / "dokumen",
        )
    finally:
        taken.close()

    assert code == 0
    output = "\n".join(lines)
    printed = ADDRESS.search(output)
    assert printed is not None and printed.group(1) != f"http://127.0.0.1:{port}/"
    assert f"Alamat 127.0.0.1:{port} sedang dipakai program lain; situs demo memakai {printed.group(1)}" in output
    home = pages["home"]
    assert home.status_code == 200 and home.headers["x-content-type-options"] == "nosniff"
    assert "Laporan Realisasi Anggaran Semester II 2026" in home.text  # the demo's berkala announcement
    assert "Pohon tumbang di Jalan Ahmad Yani" in home.text  # and its /sertamerta one
    assert "Latest announcements" in pages["english"].text
    # The pages a reader would open, Indonesian first, each at the printed address.
    site = printed.group(1)
    for name, path in (("Beranda", ""), ("Daftar Informasi Publik", "dip/"), ("Daftar Informasi yang Dikecualikan", "dikecualikan/"),
                       ("Cari", "cari/?q=anggaran"), ("Umpan Atom pengumuman", "feed.atom")):
        assert re.search(rf"^  {re.escape(name)} \([^)]+\): {re.escape(site + path)}$", output, re.MULTILINE), name
    assert re.search(rf"^  Halaman informasi yang baru diumumkan \([^)]+\): {re.escape(site)}informasi/\d+/$", output, re.MULTILINE)
    assert "Ctrl+C" not in output  # not at a terminal: the demo did not wait
    assert output.index("Log audit:") < printed.start()  # the site comes at the end of the transcript
    the_letter_was_shown(output, tmp_path / "dokumen")
    the_exemption_was_shown(output, lines, pages, tmp_path / "dokumen")



def the_letter_was_shown(output: str, folder: Path) -> None:
    """The coordination letter, before it is sent: printed as the DOCX reads, and kept to be opened."""
    assert f"Surat dan keputusan demo disimpan di {folder} (tidak dihapus, agar dapat dibuka)" in output
    letter, kept = shown_document(output, "surat_koordinasi_1.docx")
    assert in_order(letter, LETTER_LINES), letter
    assert kept == [folder / "surat_koordinasi_1.docx"]  # SOFFICE_PATH=off here: no PDF, and said so
    assert output.index("surat_koordinasi_1.docx, dibaca kembali") < output.index("▶ Oki: [ ✅ Ya, kirim ]")
    for line in LETTER_LINES:
        assert line.replace(" : ", "\t: ") in docx_text(kept[0].read_bytes()), line


def the_exemption_was_shown(output: str, lines: list[str], pages: dict[str, httpx.Response], folder: Path) -> None:
    """The consequence test in chat, the decision document, /dikecualikan; in public, the exempt item
    is on the list of exempt information and nowhere else (channel, pages, open data)."""
    assert "◀ Bot → Rina: 🔒 Uji konsekuensi (UU 14/2008 Pasal 17, Perki 1/2021)" in output
    decision, kept = shown_document(output, "keputusan_pengecualian_4_2026_1.docx")
    assert in_order(decision, DECISION_LINES), decision
    assert kept == [folder / "keputusan_pengecualian_4_2026_1.docx"]
    for line in DECISION_LINES:
        assert line.replace(" : ", "\t: ") in docx_text(kept[0].read_bytes()), line
    assert output.count("ℹ️ Tanpa PDF: LibreOffice tidak ada atau dimatikan (SOFFICE_PATH=off)") == 2
    listed = output[output.index("▶ Rina: /dikecualikan") :]
    assert listed.startswith(
        "▶ Rina: /dikecualikan\n◀ Bot → Rina: 🔒 Daftar Informasi yang Dikecualikan (1)\n" + " " * 14 + "\n"
        + " " * 14 + f"#4 {EXEMPT_SUMMARY} (Dinas Sosial)\n"
        + " " * 14 + "Dasar: UU 14/2008 Pasal 17 huruf h. Dikecualikan sampai dengan 1 Des 2030."
    ), listed[:400]
    assert pages["/dikecualikan/"].status_code == 200 and EXEMPT_SUMMARY in pages["/dikecualikan/"].text
    assert "Pasal 17 huruf h" in pages["/dikecualikan/"].text
    for path in PUBLIC_PAGES:
        assert "Pelapor Pengaduan" not in pages[path].text, path
    assert pages["/informasi/4/"].status_code == 404
    assert not [line for line in lines if line.startswith("📢") and "Pelapor Pengaduan" in line]
