"""The built-in demo: simulated staff talk to the real bot inside the offline sandbox.

`make run` without a Telegram token lands here. The bot is the real application (same factory,
same handlers, a real SQLite database in a temporary folder); only Telegram is simulated. The
conversation is printed as a transcript that reads like the chat on a phone.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.app import PpidApplication, build_application, set_command_menus
from bot.config import Settings
from bot.sandbox import FakeTelegram, SimUser

DEMO_ADMIN_ID = 710001
DEMO_STRANGER_ID = 790001
DEMO_CHANNEL_ID = -1001000000001


class Transcript:
    """Sends what a simulated person does to the bot and prints both sides of the chat."""

    def __init__(self, fake: FakeTelegram, application: PpidApplication, out: Callable[[str], Any]) -> None:
        self.fake = fake
        self.application = application
        self.out = out
        self._seen: dict[int, int] = {}

    async def act(self, person: SimUser, label: str, action: Callable[[], Any]) -> None:
        """Print what `person` does, let the bot process it, then print the bot's answers."""
        self.out(f"\n▶ {person.first_name}: {label}")
        action()
        await self.fake.deliver(self.application)
        messages = person.messages()
        for message in messages[self._seen.get(person.id, 0) :]:
            self.out(self._render(message))
        self._seen[person.id] = len(messages)
        answer = person.last_callback_answer()
        if answer is not None and answer.get("text"):
            self.out(f"   (pemberitahuan: {answer['text']})")

    @staticmethod
    def _render(message: dict[str, Any]) -> str:
        body = message.get("text") or message.get("caption") or ""
        if "document" in message:
            body = f"[berkas: {message['document'].get('file_name', 'dokumen')}] {body}".strip()
        lines = [f"◀ Bot: {line}" if index == 0 else f"       {line}" for index, line in enumerate(body.split("\n"))]
        keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        for row in keyboard:
            lines.append("       " + " ".join(f"[ {button['text']} ]" for button in row))
        return "\n".join(lines)


async def run_demo(settings: Settings, out: Callable[[str], Any] = print) -> int:
    """Run the scripted demo; returns the process exit code."""
    with tempfile.TemporaryDirectory(prefix="ppid-demo-") as folder:
        fake = FakeTelegram()
        demo_settings = dataclasses.replace(
            settings,
            bot_token=fake.token,
            database_path=Path(folder) / "demo.sqlite3",
            files_dir=Path(folder) / "files",
            admin_ids=(DEMO_ADMIN_ID,),
            public_channel=DEMO_CHANNEL_ID,
        )
        fake.channel(DEMO_CHANNEL_ID, "Informasi Publik (demo)", username="ppid_demo")
        admin = fake.user(DEMO_ADMIN_ID, "Rina", last_name="Wulandari", username="rina_ppid")
        stranger = fake.user(DEMO_STRANGER_ID, "Budi", username="budi")
        application = build_application(demo_settings, request=fake.request(), get_updates_request=fake.request())
        transcript = Transcript(fake, application, out)
        out("=== Demo bot SOP Pengumuman Informasi Publik (sandbox offline) ===")
        out("Rina adalah admin PPID (dari ADMIN_IDS); Budi belum terdaftar.")
        async with application:
            await set_command_menus(application)
            await transcript.act(admin, "/start", lambda: admin.send_command("/start"))
            await transcript.act(admin, "/sop", lambda: admin.send_command("/sop"))
            await transcript.act(stranger, "/start", lambda: stranger.send_command("/start"))
            await transcript.act(stranger, "Halo, saya mau lihat dokumen", lambda: stranger.send_text("Halo, saya mau lihat dokumen"))
        out("\n=== Demo selesai. Isi TELEGRAM_BOT_TOKEN di .env untuk menjalankan bot sungguhan. ===")
    return 0
