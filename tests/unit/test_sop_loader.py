"""The SOP loader: the shipped file mirrors the seed, and each kind of error names its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sop import DEFAULT_SOP_RESOURCE, Duration, SopError, load_sop, parse_sop
from bot.sop_view import render_sop
from bot.telegram_limits import MESSAGE_TEXT_MAX, telegram_length

SEED_ACTIVITIES = [
    "Updating konten informasi publik berkala dan serta merta",
    "Mengkoordinasikan pengumpulan informasi publik yang berkala dan serta merta",
    "Menyiapkan informasi publik berkala dan serta merta",
    "Mengklarifikasi jenis informasi publik yang berkala dan serta merta",
    "Mengkoordinasikan dan mempublikasikan informasi publik yang berkala dan serta merta",
    "Memperbaharui informasi publik secara berkala",
    "Mempublikasikan informasi publik berkala dan serta merta",
]


def shipped_text() -> str:
    from importlib import resources

    return resources.files("bot").joinpath("data").joinpath(DEFAULT_SOP_RESOURCE).read_text("utf-8")


def test_shipped_sop_mirrors_the_seed_row_for_row() -> None:
    sop = load_sop()
    assert [step.activity for step in sop.steps] == SEED_ACTIVITIES
    assert [step.actor for step in sop.steps] == [
        "admin", "operator", "pelaksana", "utama", "operator", "pelaksana", "operator"
    ]
    assert sop.step(2).kelengkapan == "Surat Koordinasi"
    assert sop.step(2).output == "Dokumen laporan koordinasi"
    assert sop.step(3).waktu("berkala") == Duration("working_days", 3)
    assert sop.step(3).waktu("serta_merta") == Duration("hours", 2)
    assert sop.step(6).waktu("berkala") == Duration("period")
    assert sop.step(6).waktu("serta_merta") == Duration("none")
    assert len(sop.header.legal_basis) == 5
    assert sop.actors["utama"] == "PPID Utama"
    assert sop.step_of_kind("verify").no == 4


def test_rendered_sop_shows_everything_within_telegram_limits() -> None:
    sop = load_sop()
    messages = render_sop(sop)
    assert all(telegram_length(message) <= MESSAGE_TEXT_MAX for message in messages)
    whole = "\n".join(messages)
    for activity in SEED_ACTIVITIES:
        assert activity in whole
    assert "Langkah 4 dari 7" in whole
    assert "Dasar Hukum" in whole and "Peringatan" in whole and "Pencatatan dan Pendataan" in whole
    assert "3 hari kerja (berkala), 2 jam (serta merta)" in whole


def test_rendered_sop_is_split_when_an_office_writes_a_long_one() -> None:
    long_warning = "Peringatan panjang sekali. " * 400
    text = shipped_text().replace(
        'warning = "Jika SOP ini', f'warning = "{long_warning}Jika SOP ini'
    )
    messages = render_sop(parse_sop(text))
    assert len(messages) >= 4
    assert all(telegram_length(message) <= MESSAGE_TEXT_MAX for message in messages)
    assert "".join(messages).count("Peringatan panjang sekali.") == 400


def broken(old: str, new: str, count: int = 1) -> str:
    text = shipped_text()
    assert old in text
    return text.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "location", "problem"),
    [
        (broken('actor = "utama"', 'actor = "kepala"'), "steps[3] (No 4).actor", "aktor tidak dikenal 'kepala'"),
        (broken("no = 5", "no = 4"), "steps[4].no", "nomor langkah 4 ganda"),
        (broken("no = 7", "no = 8"), "steps", "langkah nomor 7 tidak ada"),
        (broken('waktu_berkala = "3 hari kerja"', 'waktu_berkala = "3 hari"'), "steps[2] (No 3).waktu_berkala", "durasi tidak dikenali '3 hari'"),
        (broken('waktu_serta_merta = "1 jam"', 'waktu_serta_merta = "0 jam"'), "steps[0] (No 1).waktu_serta_merta", "durasi tidak dikenali"),
        (broken("no = 2\n", ""), "steps[1].no", "nomor langkah wajib"),
        (broken('kind = "verify"', 'kind = "approve"'), "steps[3] (No 4).kind", "jenis langkah tidak dikenal"),
        (broken('kind = "publish"', 'kind = "verify"'), "steps (No 7).kind", "sudah dipakai di langkah 4"),
        (broken('kelengkapan = "Surat Koordinasi"', "kelengkapan = 3"), "steps[1] (No 2).kelengkapan", "harus berupa teks"),
        (broken("[actors]", "[actors]\nkepala = \"Kepala Dinas\""), "actors.kepala", "peran tidak dikenal"),
        (broken('utama = "PPID Utama"\n', ""), "actors.utama", "wajib diisi"),
        (broken("[header]", "[kepala]"), "header", "bagian ini wajib ada"),
        (broken("legal_basis = [", "legal_basis = 1\nold = ["), "header.legal_basis", "daftar teks"),
        (broken("[[steps]]", "[[steps]", 1), "", "TOML tidak valid"),
    ],
)
def test_each_loader_error_names_its_place(text: str, location: str, problem: str) -> None:
    with pytest.raises(SopError) as caught:
        parse_sop(text, "kantor.toml")
    assert caught.value.location == location
    assert problem in caught.value.problem
    assert str(caught.value).startswith("kantor.toml")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SopError, match="berkas tidak ditemukan"):
        load_sop(tmp_path / "tidak-ada.toml")


def test_another_office_sop_of_the_same_form_loads(tmp_path: Path) -> None:
    path = tmp_path / "dinkes.toml"
    path.write_text(
        shipped_text()
        .replace("Dinas Sosial Kota Pontianak", "Dinas Kesehatan Kota Pontianak")
        .replace('waktu_berkala = "2 hari kerja"', 'waktu_berkala = "5 hari kerja"'),
        encoding="utf-8",
    )
    sop = load_sop(path)
    assert sop.header.organisation == "Pemerintah Kota Pontianak, Dinas Kesehatan Kota Pontianak"
    assert sop.step(4).waktu("berkala") == Duration("working_days", 5)
