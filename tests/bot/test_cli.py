"""`python -m bot`: the demo without a token, one clear line for bad configuration, verify-audit."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from storage.audit import open_audit_log
from storage.database import open_database
from tests.libreoffice import SOFFICE

ROOT = Path(__file__).resolve().parents[2]
CONFIG_KEYS = (
    "TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "DATABASE_PATH", "FILES_DIR", "SOP_FILE", "PUBLIC_CHANNEL",
    "TIMEZONE", "WORKING_HOURS", "DEFAULT_LANGUAGE", "TELEGRAM_BASE_URL", "MAX_DOWNLOAD_MB",
)


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty folder (no .env) with none of the bot's keys in the environment."""
    for key in CONFIG_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_module(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_KEYS}
    environment.update(env)
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def test_without_a_token_the_bot_runs_the_demo_and_exits_zero(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    temporary = tmp_path_factory.mktemp("demo-tmp")  # the system's temporary directory, for the demo
    result = run_module([], tmp_path, TMPDIR=str(temporary))
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN belum diisi: menjalankan demo di sandbox offline." in result.stdout
    out = result.stdout
    assert "▶ Rina: /start" in out
    assert "◀ Bot → Rina: Selamat datang, Rina Wulandari." in out
    assert "◀ Bot → Budi: Mohon maaf, bot ini hanya untuk petugas PPID yang terdaftar." in out
    # The whole berkala cycle, with people who joined by invite and a revision round.
    assert "◀ Bot → Oki: ✅ Pendaftaran Bapak/Ibu berhasil." in out
    assert "Alasan: Mohon lampirkan tabel realisasi per program" in out
    assert "◀ Bot → Umar: ✅ Draf versi 2 disetujui." in out
    # The approved DOCX goes public as its PDF where LibreOffice is installed.
    public_copy = "laporan_realisasi_anggaran_revisi" + (".pdf" if SOFFICE else ".docx")
    assert f"📢 Kanal publik: [berkas: {public_copy}]" in out
    assert "Langkah 7 dari 7: Mempublikasikan informasi publik berkala dan serta merta" in out
    # /sertamerta: registered, approved and posted at once, every step in /riwayat.
    assert "▶ Oki: /sertamerta" in out
    assert "📢 Kanal publik: ⚠️ PENGUMUMAN SERTA MERTA\n" + " " * 16 + "Pohon tumbang di Jalan Ahmad Yani" in out
    assert "informasi serta merta didaftarkan di DIP dan siklus dibuka (/sertamerta)" in out
    assert "dikoordinasikan lewat telepon (tanpa surat koordinasi)" in out
    assert "📌 Siklus pembaruan dibuka otomatis karena jatuh tempo." in out
    assert "rantai hash utuh" in out
    # The letter and the exemption decision are kept where it says, as DOCX and (LibreOffice) PDF.
    (kept,) = temporary.glob("ppid-demo-dokumen-*")
    names = ["surat_koordinasi_1", "keputusan_pengecualian_4_2026_1"]
    suffixes = [".docx", ".pdf"] if SOFFICE else [".docx"]
    assert sorted(path.name for path in kept.iterdir()) == sorted(name + suffix for name in names for suffix in suffixes)
    for name in names:
        for suffix in suffixes:
            assert f"💾 Berkas tersimpan, siap dibuka: {kept / (name + suffix)} " in out, name + suffix
    if SOFFICE:
        assert (kept / "keputusan_pengecualian_4_2026_1.pdf").read_bytes().startswith(b"%PDF-")
    # Then the demo's public web site, at WEB_ADDRESS or a free port, and the pages to open.
    assert "Situs web publik demo berjalan di http://127.0.0.1:" in out and "  Beranda (Home): http://127.0.0.1:" in out
    assert "Traceback" not in result.stderr
    # The demo works in a temporary folder: nothing is left in the working directory.
    assert list(tmp_path.iterdir()) == []


def test_malformed_configuration_stops_with_one_line_naming_the_key(tmp_path: Path) -> None:
    result = run_module([], tmp_path, ADMIN_IDS="12,abc")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Konfigurasi tidak valid (invalid configuration): ADMIN_IDS: "
        "harus id pengguna Telegram dipisah koma, bukan 'abc'"
    ]


def test_env_file_is_read(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (clean_env / ".env").write_text("WORKING_HOURS=pagi\n", encoding="utf-8")
    assert main(["migrate"]) == 2
    assert "WORKING_HOURS: harus berformat JJ:MM-JJ:MM, bukan 'pagi'" in capsys.readouterr().err


def test_broken_sop_file_stops_with_one_line_naming_the_place(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (clean_env / "kantor.toml").write_text("[header]\ntitle = 'x'\n", encoding="utf-8")
    os.environ["SOP_FILE"] = "kantor.toml"
    try:
        assert main(["migrate"]) == 2
    finally:
        del os.environ["SOP_FILE"]
    err = capsys.readouterr().err.strip()
    assert err.startswith("SOP tidak valid (invalid SOP file): ")
    assert "kantor.toml: header.organisation: wajib diisi" in err
    assert len(err.splitlines()) == 1


def test_verify_audit_reports_the_first_edited_entry(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = clean_env / "data" / "ppid.sqlite3"

    async def write_entries() -> None:
        db = await open_database(database)
        audit = await open_audit_log(db, clean_env / "audit.key")
        for number in range(1, 5):
            async with db.transaction() as conn:
                await audit.append(
                    conn, actor_id=1, action="test", entity_type="item", entity_id=number, details={"n": number}
                )
        await db.close()

    asyncio.run(write_entries())
    assert main(["verify-audit"]) == 0
    assert "Log audit utuh: 4 entri diperiksa, kepala #4 " in capsys.readouterr().out

    raw = sqlite3.connect(database)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET details = '{\"n\":99}' WHERE id = 3")
    raw.commit()
    raw.close()
    assert main(["verify-audit"]) == 1
    out = capsys.readouterr().out
    assert "Log audit RUSAK pada entri #3" in out and "2 entri sebelumnya cocok" in out


def test_a_deleted_audit_key_is_a_clear_error_not_a_new_key(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = clean_env / "data" / "ppid.sqlite3"
    key_file = clean_env / "audit.key"  # the default: beside .env

    async def write_entries() -> None:
        db = await open_database(database)
        audit = await open_audit_log(db, key_file)
        async with db.transaction() as conn:
            await audit.append(conn, actor_id=1, action="test", entity_type="item", entity_id=1, details={})
        await db.close()

    asyncio.run(write_entries())
    key_file.unlink()
    for command in (["verify-audit"], ["backup", "cadangan"]):
        assert main(command) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"Kunci audit: berkas kunci audit {key_file} tidak ada, padahal log audit sudah berkunci")
        assert len(err.splitlines()) == 1
        assert not key_file.exists()
