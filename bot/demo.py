"""The built-in demo: simulated staff run a whole berkala cycle with the real bot, offline.

`make run` without a Telegram token lands here. The bot is the real application (same factory,
same handlers, a real SQLite database in a temporary folder); only Telegram is simulated, by the
sandbox. The admin sets up a unit, invites the operator, the PPID Pelaksana and PPID Utama by
deep link, registers an item, and the cycle runs through its 7 steps with one revision round,
ending with the post in the public channel (the letter and the post previewed before they go);
then a serta merta cycle shows its 8 elements whole, corrected, on PPID Utama's card, and posted;
then `/sertamerta` announces one without delay (six taps to the channel post, every SOP step still
in /riwayat); then the admin registers an item as dikecualikan with its consequence test, the
decision document comes for signature, and /dikecualikan lists it. Everything is printed as a
readable transcript.

The coordination letter (on the office's letterhead, numbered as an office numbers them) and the
exemption decision are filled from the shipped DOCX templates; the demo prints their text read back
from the DOCX and keeps the DOCX (and the PDF, where LibreOffice is installed) in a folder of the
system's temporary directory that it does not delete, so a person can open them.

At the end the public web site of the demo's register is served at WEB_ADDRESS (a free port when
that one is taken, said so), and the pages a reader would open are printed. When a person watches
the terminal (`make run`, `ppid-bot demo` in a shell: standard input and output are terminals) the
site stays up until Ctrl+C; otherwise (a pipe, a test, CI) the demo ends at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bot.app import PpidApplication, SiteServer, StartFailed, build_application, serve_site, set_command_menus
from bot.clock import ManualClock
from bot.config import Settings
from bot.letters import render_pdf
from bot.office_templates import document_lines
from bot.pdf_conversion import INSTALL_HINT
from bot.sandbox import FakeTelegram, RateLimits, SimChannel, SimUser
from bot.services import Services
from bot.texts import raw
from storage.timestamps import parse_utc

DEMO_ADMIN_ID = 710001
DEMO_CHANNEL_ID = -1001000000001
# Monday 30 November 2026, 09:00 WIB: a working morning, so the deadlines read naturally.
DEMO_START = datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)
INVITE_LINK = re.compile(r"\?start=([A-Za-z0-9_-]+)")
# What an office sets in .env: its numbering, and who signs its letters.
DEMO_LETTERS = {
    "letter_number_format": "000.5/{nomor}/PPID-DINSOS/{tahun}",
    "decision_number_format": "188.4/{nomor}/KEP-PPID-DINSOS/{tahun}",
    "signatory_name": "Umar Hakim, S.Sos., M.Si",
    "signatory_title": "PPID Utama Kota Pontianak",
    "signatory_nip": "19750817 200003 1 004",
}

Out = Callable[[str], Any]
Visit = Callable[[str], Awaitable[object]]


class Transcript:
    """Lets simulated people act, has the bot process it, and prints every chat's new messages."""

    def __init__(
        self, fake: FakeTelegram, application: PpidApplication, channel: SimChannel, clock: ManualClock, out: Out,
        documents: Path,
    ) -> None:
        self.fake = fake
        self.documents = documents
        self.application = application
        self.channel = channel
        self.clock = clock
        self.out = out
        self.people: list[SimUser] = []
        self._shown: dict[tuple[int, int], str] = {}
        self._answers: dict[int, int] = {}

    def join(self, person: SimUser) -> SimUser:
        self.people.append(person)
        return person

    def note(self, text: str, *, hours_later: float = 0) -> None:
        """A narrator's line; the office clock moves on by `hours_later`."""
        if hours_later:
            self.clock.advance(timedelta(hours=hours_later))
        local = self.application.services.calendar.format_local(self.clock.now())
        self.out(f"\n— {text} ({local})")

    async def act(self, person: SimUser, label: str, action: Callable[[], Any]) -> None:
        """Print what `person` does, let the bot process it, then print what everyone got."""
        self.out(f"\n▶ {person.first_name}: {label}")
        action()
        await self.fake.deliver(self.application)
        for someone in [person, *(p for p in self.people if p is not person)]:
            self._print_chat(f"◀ Bot → {someone.first_name}", someone.id, someone.messages())
            answers = someone.callback_answers
            for answer in answers[self._answers.get(someone.id, 0) :]:
                if answer.get("text"):
                    self.out(f"   (pemberitahuan untuk {someone.first_name}: {answer['text']})")
            self._answers[someone.id] = len(answers)
        self._print_chat("📢 Kanal publik", self.channel.id, self.channel.posts())

    def _print_chat(self, prefix: str, chat_id: int, messages: list[dict[str, Any]]) -> None:
        """New messages, and earlier ones the bot has edited since they were shown."""
        for message in messages:
            key = (chat_id, message["message_id"])
            rendered = self._render(prefix, message)
            before = self._shown.get(key)
            if before == rendered:
                continue
            self._shown[key] = rendered
            if before is None:
                self.out(rendered)
            elif self._text_part(before) == self._text_part(rendered):
                buttons = rendered[len(self._text_part(rendered)) :].strip("\n") or "(tanpa tombol)"
                self.out(f"{prefix} (tombol pesan sebelumnya kini): {buttons.strip()}")
            else:
                self.out(rendered.replace(f"{prefix}: ", f"{prefix} (diubah): ", 1))

    def show_documents(self, person: SimUser, prefix: str) -> None:
        """The documents named `prefix`... that `person` last got (a DOCX and its PDF): kept in the
        documents folder to be opened, and the DOCX's text printed as it reads."""
        sent = [m["document"] for m in person.messages() if m.get("document", {}).get("file_name", "").startswith(prefix)]
        latest = sent[-1]["file_name"].rsplit(".", 1)[0]
        for document in (d for d in sent if d["file_name"].rsplit(".", 1)[0] == latest):
            data = self.fake.file_bytes(document["file_id"])
            path = self.documents / document["file_name"]
            path.write_bytes(data)
            if path.suffix == ".docx":
                self.out(f"\n{_both('demo_document_text', name=path.name)}:")
                self.out("\n".join(f"   │ {line.replace(chr(9), ' ')}".rstrip() for line in document_lines(data)))
            self.out(_both("demo_document_saved", path=path))
        if not any(d["file_name"].endswith(".pdf") for d in sent if d["file_name"].startswith(latest)):
            self.out(_both("demo_document_no_pdf", package=INSTALL_HINT))

    @staticmethod
    def _text_part(rendered: str) -> str:
        lines = rendered.split("\n")
        while lines and lines[-1].lstrip().startswith("[ "):
            lines.pop()
        return "\n".join(lines)

    async def sweep(self) -> None:
        """Let the bot's scheduled reminder job run once now, and print what it sent."""
        self.out("\n⏲ (pengingat terjadwal berjalan)")
        for job in self.application.job_queue.get_jobs_by_name("reminder_sweep"):
            await job.run(self.application)
        await self.act_quietly()

    async def act_quietly(self) -> None:
        """Print what arrived without anyone acting."""
        for someone in self.people:
            self._print_chat(f"◀ Bot → {someone.first_name}", someone.id, someone.messages())
        self._print_chat("📢 Kanal publik", self.channel.id, self.channel.posts())

    async def say(self, person: SimUser, text: str) -> None:
        await self.act(person, text, lambda: person.send_text(text))

    async def command(self, person: SimUser, command: str, *args: str) -> None:
        await self.act(person, " ".join([command, *args]), lambda: person.send_command(command, *args))

    async def tap(self, person: SimUser, button: str) -> None:
        await self.act(person, f"[ {button} ]", lambda: person.press_button(button))

    async def send_file(self, person: SimUser, data: bytes, name: str) -> None:
        await self.act(person, f"(mengirim berkas {name})", lambda: person.send_document(data, name))

    @staticmethod
    def _render(prefix: str, message: dict[str, Any]) -> str:
        body = message.get("text") or message.get("caption") or ""
        if "document" in message:
            body = f"[berkas: {message['document'].get('file_name', 'dokumen')}]\n{body}".strip()
        elif "photo" in message:
            body = f"[gambar]\n{body}".strip()
        indent = " " * (len(prefix) + 2)
        lines = [f"{prefix}: {line}" if index == 0 else f"{indent}{line}" for index, line in enumerate(body.split("\n"))]
        for row in (message.get("reply_markup") or {}).get("inline_keyboard") or []:
            lines.append(indent + " ".join(f"[ {button['text']} ]" for button in row))
        return "\n".join(lines)


def _invite_token(admin: SimUser) -> str:
    match = INVITE_LINK.search(admin.last_text() or "")
    if match is None:
        raise RuntimeError("the invite link was not shown")
    return match.group(1)


async def _invite(transcript: Transcript, admin: SimUser, person: SimUser, role: str, unit: str | None = None) -> None:
    await transcript.command(admin, "/undang")
    await transcript.tap(admin, role)
    if unit is not None:
        await transcript.tap(admin, unit)
    await transcript.command(transcript.join(person), "/start", _invite_token(admin))


def _sample_docx() -> bytes:
    """A small real DOCX, as Word would save the revision a PPID Pelaksana sends from their phone."""
    import io

    from docx import Document

    document = Document()
    document.add_heading("Laporan Realisasi Anggaran Semester II 2026 (revisi)", level=1)
    document.add_paragraph("Dinas Sosial Kota Pontianak — realisasi belanja ≥ 95% dari pagu.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


async def _register_item(
    transcript: Transcript, admin: SimUser, summary: str, responsible: str, category: list[str], retention: str,
    then: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """The admin adds an item of Dinas Sosial to the DIP ("Tambah informasi"); `category`: the
    buttons tapped for the category (and period), `then`: what is asked after it (the
    consequence test of an exempt item)."""
    await transcript.command(admin, "/informasi")
    await transcript.tap(admin, "➕ Tambah informasi")
    await transcript.say(admin, summary)
    await transcript.tap(admin, "Dinas Sosial")
    await transcript.say(admin, responsible)
    await transcript.say(admin, "Desember 2026, Kantor Dinas Sosial")
    for label in category:
        await transcript.tap(admin, label)
    if then is not None:
        await then()
    await transcript.tap(admin, "Softcopy")
    await transcript.say(admin, retention)
    await transcript.tap(admin, "Simpan")


SERTA_MERTA_ANSWERS = (
    "Banjir setinggi 1 meter di Kelurahan Tambelan Sampit",
    "Warga bantaran Sungai Kapuas",
    "Mengungsi ke Masjid Raya Mujahidin",
    "Matikan listrik dan jauhi arus air",
    "Hubungi posko BPBD 112",
    "Dinas Sosial Kota Pontianak",
    "Pengeras suara masjid dan kanal resmi PPID",
    "Dapur umum dan perahu karet telah disiagakan",
)


async def _serta_merta(transcript: Transcript, rina: SimUser, oki: SimUser, putri: SimUser, umar: SimUser) -> None:
    """A serta merta cycle: the 8 elements, seen whole and corrected before sending, shown whole on
    PPID Utama's card, and previewed again before the operator publishes."""
    transcript.note("Informasi serta merta: peringatan banjir, diumumkan segera.", hours_later=2)
    await _register_item(
        transcript, rina, "Peringatan Dini Banjir Kota Pontianak", "Kepala Bidang Perlindungan Sosial",
        ["Serta merta"], "1 tahun",
    )
    await transcript.tap(rina, "🔄 Buka siklus pembaruan")
    await transcript.tap(oki, "📝 Buat surat dari templat")
    await transcript.tap(oki, "✅ Ya, kirim")
    await transcript.tap(putri, "✅ Terima")
    transcript.note("PPID Pelaksana mengunggah draf dan mengisi 8 unsur pengumuman.", hours_later=0.5)
    await transcript.tap(putri, "📎 Unggah draf")
    await transcript.send_file(putri, render_pdf(["Peringatan Dini Banjir", "Dinas Sosial Kota Pontianak"]), "peringatan_banjir.pdf")
    await transcript.tap(putri, "✅ Selesai, kirim ke PPID Utama")
    for answer in SERTA_MERTA_ANSWERS:
        await transcript.say(putri, answer)
    transcript.note("PPID Pelaksana melihat pengumuman utuh dan memperbaiki satu unsur sebelum mengirim.")
    await transcript.tap(putri, "✏️ Ubah unsur")
    await transcript.tap(putri, "5/8. Cara memperoleh bantuan?")
    await transcript.say(putri, "Hubungi posko BPBD 112 atau Dinas Sosial 0561-123456")
    await transcript.tap(putri, "✅ Ya, kirim")
    transcript.note("PPID Utama melihat pengumuman persis seperti yang akan diposting, lalu menyetujuinya.")
    await transcript.tap(umar, "✅ Setujui")
    await transcript.tap(oki, "🤝 Koordinasikan publikasi")
    await transcript.tap(oki, "📢 Publikasikan sekarang")
    await transcript.tap(oki, "✅ Ya, kirim")


SERTA_MERTA_FAST_ANSWERS = (
    "Angin puting beliung merobohkan pohon dan tiang listrik di Jalan Ahmad Yani",
    "Pengguna jalan dan warga sekitar Jalan Ahmad Yani",
    "Menjauh ke Kantor Camat Pontianak Selatan",
    "Hindari Jalan Ahmad Yani sampai pukul 18.00 WIB",
    "Hubungi posko Dinas Sosial 0561-123456",
    "Dinas Sosial Kota Pontianak",
    "Kanal resmi PPID dan radio daerah",
    "Tim reaksi cepat dan petugas PLN sedang di lokasi",
)


async def _serta_merta_fast(transcript: Transcript, oki: SimUser, umar: SimUser) -> None:
    """/sertamerta: the operator registers and announces at once (6 taps to the channel post, the
    coordination by phone, the post text only); every SOP step is still recorded."""
    transcript.note("Informasi serta merta tanpa penundaan: operator memakai /sertamerta.", hours_later=1)
    await transcript.command(oki, "/sertamerta")
    await transcript.say(oki, "Pohon tumbang di Jalan Ahmad Yani")
    await transcript.tap(oki, "Dinas Sosial")
    await transcript.tap(oki, "📞 Lewat telepon")
    for answer in SERTA_MERTA_FAST_ANSWERS:
        await transcript.say(oki, answer)
    await transcript.tap(oki, "✅ Kirim ke PPID Utama")
    transcript.note("PPID Utama menerima pengumuman utuh dan menyetujuinya.", hours_later=0.25)
    await transcript.tap(umar, "✅ Setujui")
    transcript.note("Operator langsung melihat pratinjau posting dan mengirimnya (langkah 5 sampai 7).", hours_later=0.1)
    await transcript.tap(oki, "✅ Ya, kirim")


EXEMPT_SUMMARY = "Identitas Pelapor Pengaduan Bansos 2026 — ≥ 40 laporan"
EXEMPTION_ANSWERS = (
    "Nama, alamat dan nomor telepon pelapor",
    "Identitas pelapor terbuka sehingga pelapor dapat diintimidasi oleh pihak yang dilaporkan.",
    "Melindungi pelapor menjaga kepercayaan warga pada saluran pengaduan bansos, lebih besar dari manfaat membukanya.",
    "4 tahun",
    DEMO_LETTERS["signatory_name"],
    DEMO_LETTERS["signatory_title"],
)


async def _exemption(transcript: Transcript, rina: SimUser) -> None:
    """An item classified dikecualikan with its consequence test in chat, its decision document
    for signature, and /dikecualikan listing it."""
    transcript.note("Informasi yang dikecualikan: admin mencatat uji konsekuensinya.", hours_later=1)

    async def consequence_test() -> None:
        await transcript.say(rina, EXEMPTION_ANSWERS[0])
        await transcript.tap(rina, "▫️ h. Rahasia pribadi")
        await transcript.tap(rina, "✔️ Selesai")
        for answer in EXEMPTION_ANSWERS[1:]:
            await transcript.say(rina, answer)

    await _register_item(
        transcript, rina, EXEMPT_SUMMARY, "Kepala Bidang Perlindungan Sosial", ["Dikecualikan"], "5 tahun",
        then=consequence_test,
    )
    transcript.note("Dokumen keputusan pengecualian dibuat dari templat untuk ditandatangani.")
    transcript.show_documents(rina, "keputusan_pengecualian_")
    transcript.note("Daftar Informasi yang Dikecualikan, dengan dasar dan jangka waktunya.")
    await transcript.command(rina, "/dikecualikan")


def _both(key: str, **values: object) -> str:
    return f"{raw(key, 'id').format(**values)} ({raw(key, 'en').format(**values)})"


def demo_pages(address: str, item_id: int) -> list[tuple[str, str]]:
    """The pages a reader would open on the demo's site: (text key of their name, address)."""
    return [
        ("web_demo_page_home", address),
        ("web_demo_page_dip", f"{address}dip/"),
        ("web_demo_page_item", f"{address}informasi/{item_id}/"),
        ("web_demo_page_exempt", f"{address}dikecualikan/"),
        ("web_demo_page_search", f"{address}cari/?q=anggaran"),
        ("web_demo_page_feed", f"{address}feed.atom"),
        ("web_demo_page_english", f"{address}en/"),
    ]


def _watched() -> bool:
    """A person at a terminal runs the demo (not a pipe, a test or CI)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


async def _until_interrupted() -> None:
    """Wait for Ctrl+C (asyncio.run cancels the demo's task on it): the demo then ends normally."""
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()


async def _open_site(services: Services, settings: Settings, out: Out) -> SiteServer | None:
    """The demo's public site at WEB_ADDRESS, or at a free port when that one is taken (said)."""
    if settings.web_address is None:
        out(_both("web_demo_site_off"))
        return None
    host, port = settings.web_address
    try:
        server = await serve_site(services, host, port, any_port_if_taken=True)
    except StartFailed as error:
        out(_both("web_demo_site_failed", reason=error))
        return None
    if port != 0 and server.port != port:  # port 0 asks for any free port: nothing to say
        out(_both("web_demo_port_taken", wanted=f"{host}:{port}", address=server.address))
    return server


async def _show_site(
    services: Services, settings: Settings, item_id: int, out: Out, *, stay: bool, visit: Visit | None
) -> None:
    """Serve the site, print its pages, then stay until Ctrl+C (`stay`) or let `visit` read it."""
    out("")
    server = await _open_site(services, settings, out)
    if server is None:
        return
    try:
        out(_both("web_demo_site", address=server.address) + ":")
        for key, address in demo_pages(server.address, item_id):
            out(f"  {raw(key, 'id')} ({raw(key, 'en')}): {address}")
        if visit is not None:
            await visit(server.address)
        if stay:
            out(_both("web_demo_stay"))
            await _until_interrupted()
    finally:
        await server.stop()


async def run_demo(
    settings: Settings, out: Out = print, *, stay: bool | None = None, visit: Visit | None = None,
    documents: Path | None = None,
) -> int:
    """Run the scripted demo; returns the process exit code.

    `stay`: keep the demo's web site up until Ctrl+C (default: when a person watches the
    terminal). `visit` (tests) is awaited with the site's address while the site is up.
    `documents`: where the letters and decisions are kept (default: a new folder in the system's
    temporary directory, left for the person to open)."""
    stay = _watched() if stay is None else stay
    documents = Path(tempfile.mkdtemp(prefix="ppid-demo-dokumen-")) if documents is None else documents
    documents.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ppid-demo-") as folder:
        # No flood limits: the demo runs many minutes of office work in a few seconds (the bot's
        # handling of Telegram's 429 answers is proven by the tests, not shown here).
        fake = FakeTelegram(limits=RateLimits.disabled())
        demo_settings = dataclasses.replace(
            settings,
            bot_token=fake.token,
            database_path=Path(folder) / "demo.sqlite3",
            files_dir=Path(folder) / "files",
            audit_key_path=Path(folder) / "audit.key",
            admin_ids=(DEMO_ADMIN_ID,),
            public_channel=DEMO_CHANNEL_ID,
            **DEMO_LETTERS,
        )
        channel = fake.channel(DEMO_CHANNEL_ID, "Informasi Publik (demo)", username="ppid_demo")
        clock = ManualClock(DEMO_START)
        application = build_application(
            demo_settings, request=fake.request(), get_updates_request=fake.request(), clock=clock
        )
        transcript = Transcript(fake, application, channel, clock, out, documents)
        rina = transcript.join(fake.user(DEMO_ADMIN_ID, "Rina", last_name="Wulandari", username="rina_ppid"))
        oki = fake.user(720001, "Oki", username="oki_operator")
        putri = fake.user(730001, "Putri", username="putri_dinsos")
        umar = fake.user(740001, "Umar", username="umar_ppid")
        budi = transcript.join(fake.user(790001, "Budi", username="budi"))
        out("=== Demo bot SOP Pengumuman Informasi Publik (sandbox offline) ===")
        out("Rina: admin PPID (dari ADMIN_IDS). Oki, Putri dan Umar diundang Rina. Budi tidak terdaftar.")
        out(_both("demo_documents_folder", folder=documents))
        async with application:
            await set_command_menus(application)
            transcript.note("Orang yang tidak terdaftar hanya mendapat penolakan yang sopan.")
            await transcript.say(budi, "Halo, saya mau lihat dokumen")

            transcript.note("Admin menyiapkan unit dan mengundang petugas.")
            await transcript.command(rina, "/start")
            await transcript.command(rina, "/unit")
            await transcript.tap(rina, "➕ Tambah unit")
            await transcript.tap(rina, "OPD")
            await transcript.say(rina, "Dinas Sosial")
            await _invite(transcript, rina, oki, "Operator PPID")
            await _invite(transcript, rina, putri, "PPID Pelaksana", "Dinas Sosial")
            await _invite(transcript, rina, umar, "PPID Utama")

            transcript.note("Admin mendaftarkan informasi berkala di DIP.")
            await _register_item(
                transcript, rina, "Laporan Realisasi Anggaran Semester II 2026", "Kepala Sub Bagian Keuangan",
                ["Berkala", "Semesteran"], "5 tahun",
            )

            transcript.note("Langkah 1: admin membuka siklus pembaruan dari kartu informasi.", hours_later=0.5)
            await transcript.tap(rina, "🔄 Buka siklus pembaruan")

            transcript.note("Langkah 2: operator mengirim surat koordinasi; PPID Pelaksana menerimanya.", hours_later=1)
            await transcript.tap(oki, "📝 Buat surat dari templat")
            transcript.note("Surat koordinasi dibuat dari templat, dengan kop surat dan nomor surat kantor.")
            transcript.show_documents(oki, "surat_koordinasi_")
            transcript.note("Operator melihat surat dan penerimanya lebih dulu, lalu mengirimnya.")
            await transcript.tap(oki, "✅ Ya, kirim")
            await transcript.tap(putri, "✅ Terima")

            transcript.note("Langkah 3: PPID Pelaksana mengunggah draf.", hours_later=24)
            await transcript.tap(putri, "📎 Unggah draf")
            await transcript.send_file(putri, b"MZ\x90\x00 bukan dokumen", "laporan.pdf")
            pdf = render_pdf(["Laporan Realisasi Anggaran Semester II 2026", "Dinas Sosial Kota Pontianak"])
            await transcript.send_file(putri, pdf, "laporan_realisasi_anggaran.pdf")
            await transcript.tap(putri, "✅ Selesai, kirim ke PPID Utama")

            transcript.note("Langkah 4: PPID Utama mengembalikan draf dengan alasan.", hours_later=3)
            await transcript.tap(umar, "↩️ Kembalikan")
            await transcript.say(umar, "Mohon lampirkan tabel realisasi per program")

            transcript.note("Langkah 3 lagi: versi 2 dari PPID Pelaksana.", hours_later=2)
            await transcript.tap(putri, "📎 Unggah draf")
            await transcript.send_file(putri, _sample_docx(), "laporan_realisasi_anggaran_revisi.docx")
            await transcript.tap(putri, "✅ Selesai, kirim ke PPID Utama")

            transcript.note("Langkah 4 lagi: PPID Utama menyetujui.", hours_later=18)
            await transcript.tap(umar, "✅ Setujui")

            transcript.note("Langkah 5 sampai 7: operator mengoordinasikan lalu mempublikasikan.", hours_later=1)
            await transcript.tap(oki, "🤝 Koordinasikan publikasi")
            await transcript.tap(oki, "📢 Publikasikan sekarang")
            transcript.note("Operator melihat pratinjau persis seperti yang akan dikirim ke kanal, lalu mengirimnya.")
            await transcript.tap(oki, "✅ Ya, kirim")
            item_id = await application.services.db.fetch_value("SELECT MAX(id) FROM info_items")

            await _serta_merta(transcript, rina, oki, putri, umar)
            await _serta_merta_fast(transcript, oki, umar)
            fast_item = await application.services.db.fetch_value("SELECT MAX(id) FROM info_items")
            await _exemption(transcript, rina)

            transcript.note("Riwayat siklus, seperti tabel SOP yang terisi.", hours_later=0.5)
            await transcript.command(rina, "/riwayat", str(item_id))
            await transcript.command(rina, "/riwayat", str(fast_item))
            transcript.note("Siapa pun, termasuk Budi yang tidak terdaftar, dapat mencari informasi yang sudah diumumkan.")
            await transcript.command(budi, "/cari", "realisasi", "anggaran")
            transcript.note("Laporan: DIP sebagai XLSX dan CSV, lalu kepatuhan per unit (tabel, grafik, XLSX).")
            await transcript.command(rina, "/dip")
            await transcript.command(rina, "/kepatuhan")
            services = application.services
            due = await services.db.fetch_value("SELECT next_due_at FROM info_items WHERE id = ?", (item_id,))
            # The sweep opens cycles in office hours only: the first working moment of the lead time.
            lead = timedelta(days=services.settings.auto_open_lead_days)
            clock.set(services.calendar.next_working_moment(parse_utc(due) - lead))
            transcript.note("Menjelang jatuh tempo berikutnya, bot membuka siklus baru dengan sendirinya.")
            await transcript.sweep()
            check = await application.services.audit.verify(application.services.db)
            out(f"\nLog audit: {check.checked} entri, rantai hash {'utuh' if check.ok else 'RUSAK'}.")
            await _show_site(services, demo_settings, int(item_id), out, stay=stay, visit=visit)
        out("\n=== Demo selesai. Isi TELEGRAM_BOT_TOKEN di .env untuk menjalankan bot sungguhan. ===")
    return 0
