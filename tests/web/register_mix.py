"""A register with one item of each kind the public side must tell apart, put there through the
real workflow: published (two units, two categories), never published, exempt (re-classified
after publication, and never published), deactivated after publication, withdrawn, and an
exempt item that was then deactivated."""

from __future__ import annotations

from dataclasses import dataclass

from tests.bot.cycle_helpers import Office
from tests.web.publishing import LEGAL_BASIS, deactivate, make_exempt, publish_new, reclassify, withdraw_publication

PUBLISHED = "Laporan Keuangan Dinas Sosial 2026"
PUBLISHED_OTHER = "Daftar Fasilitas Kesehatan Kota"
UNPUBLISHED = "Rencana Kerja Belum Terbit"
EXEMPT_AFTER = "Dokumen Pengadaan Rahasia Negara"
EXEMPT_NEVER = "Data Penyidikan Perkara Daerah"
DEACTIVATED = "Laporan Kegiatan Lama Dihentikan"
WITHDRAWN = "Pengumuman Salah Unggah"
EXEMPT_DEACTIVATED = "Arsip Rahasia Sudah Tidak Aktif"
HIDDEN = (UNPUBLISHED, EXEMPT_AFTER, EXEMPT_NEVER, DEACTIVATED, WITHDRAWN, EXEMPT_DEACTIVATED)
OTHER_BASIS = "UU 14/2008 Pasal 17 huruf a"


@dataclass(frozen=True)
class Register:
    published: int  # berkala, Dinas Sosial
    published_other: int  # setiap saat, Dinas Kesehatan
    unpublished: int
    exempt_after: int
    exempt_never: int
    deactivated: int
    withdrawn: int
    exempt_deactivated: int


async def mixed_register(office: Office) -> Register:
    published, _ = await publish_new(office, PUBLISHED)
    published_other, _ = await publish_new(office, PUBLISHED_OTHER, other_unit=True)
    await reclassify(office, published_other, "setiap_saat")
    unpublished = await office.add_item(UNPUBLISHED)
    exempt_after, _ = await publish_new(office, EXEMPT_AFTER)
    await make_exempt(office, exempt_after)
    exempt_never = await office.add_item(EXEMPT_NEVER, unit_id=office.other_unit_id)
    await make_exempt(office, exempt_never, OTHER_BASIS)
    deactivated, _ = await publish_new(office, DEACTIVATED)
    await deactivate(office, deactivated)
    withdrawn, withdrawn_cycle = await publish_new(office, WITHDRAWN)
    await withdraw_publication(office, withdrawn_cycle)
    exempt_deactivated = await office.add_item(EXEMPT_DEACTIVATED)
    await make_exempt(office, exempt_deactivated)
    await deactivate(office, exempt_deactivated)
    return Register(
        published, published_other, unpublished, exempt_after, exempt_never, deactivated, withdrawn, exempt_deactivated
    )
