"""`/dikecualikan`: every staff role reads the Daftar Informasi yang Dikecualikan in chat, each
item with its ground and period, flagged once the period has ended; nothing that is not exempt."""

from __future__ import annotations

from datetime import date, time

from bot.register import edit_item
from tests.bot.cycle_helpers import Office
from tests.conftest import ADMIN_ID
from tests.exemption_sample import exemption


async def test_staff_read_the_exempt_list_with_grounds_and_periods(office: Office) -> None:
    services = office.services
    secret = await office.add_item("Data Penyidikan Perkara Daerah", category="setiap_saat", period=None)
    await edit_item(services, ADMIN_ID, secret, "category", "dikecualikan", exemption=exemption(("a", "c"), until="2027-01-15"))
    await office.add_item("Laporan Keuangan Terbuka")

    office.pelaksana.send_command("/dikecualikan")
    await office.deliver()
    assert office.pelaksana.last_text() == (
        "🔒 Daftar Informasi yang Dikecualikan (1)\n\n"
        f"#{secret} Data Penyidikan Perkara Daerah (Dinas Sosial)\n"
        "Dasar: UU 14/2008 Pasal 17 huruf a, c. Dikecualikan sampai dengan 15 Jan 2027."
    )

    office.clock.set(services.calendar.at_local(date(2027, 1, 16), time(9, 0)))
    office.utama.send_command("/dikecualikan")
    await office.deliver()
    assert "⚠️ masa pengecualian berakhir pada 15 Jan 2027: uji ulang diperlukan." in (office.utama.last_text() or "")
