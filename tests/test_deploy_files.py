"""The deployment files in `deploy/` are what systemd accepts, and say what the README promises.

`systemd-analyze verify` reads the units as systemd would (unknown keys, bad values, a missing
program); it runs against a scratch root holding the system's own units and a stand-in for the
installed `ppid-bot` command, so nothing is installed on the machine that runs the suite.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = ("ppid-bot.service", "ppid-bot-backup.service", "ppid-bot-backup.timer")
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
INSTALLED_COMMAND = "opt/ppid-bot/.venv/bin/ppid-bot"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_service_restarts_after_a_crash_but_not_after_a_configuration_error() -> None:
    service = _unit("ppid-bot.service")["Service"]
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"  # bot/__main__.py: EXIT_CONFIG
    assert service["User"] == "ppid-bot"
    assert service["ExecStart"].endswith("ppid-bot run")
    assert service["WorkingDirectory"] == "/var/lib/ppid-bot"
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "true"
    assert service["ReadWritePaths"].split() == ["/var/lib/ppid-bot"]
    unit = _unit("ppid-bot.service")["Unit"]
    assert unit["After"] == "network-online.target" and unit["Wants"] == "network-online.target"


def test_the_nightly_backup_prunes_old_backups() -> None:
    assert "--keep" in _unit("ppid-bot-backup.service")["Service"]["ExecStart"]
    assert _unit("ppid-bot-backup.timer")["Timer"]["Persistent"] == "true"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed (apt-get install systemd)")
@pytest.mark.skipif(not SYSTEM_UNITS.is_dir(), reason=f"{SYSTEM_UNITS} is missing: systemd is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(SYSTEM_UNITS, root / "usr/lib/systemd/system", symlinks=True)
    command = root / INSTALLED_COMMAND
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    installed = root / "etc/systemd/system"
    installed.mkdir(parents=True)
    for name in UNITS:
        shutil.copy(DEPLOY / name, installed / name)
    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={root}", *(f"/etc/systemd/system/{name}" for name in UNITS)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    # systemd only warns (exit 0) about an unknown key: any output at all is a mistake in a unit.
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


def _install_section() -> str:
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Memasang di server kantor")
    return readme[start : readme.index("\n## ", start + 1)]


def test_the_install_section_installs_what_it_uses() -> None:
    """A minimal Debian 12 has no sudo (root logs in), and Ubuntu 22.04's python3 is 3.10, below
    requires-python: the section's commands failed there as written."""
    section = _install_section()
    apt_line = next(line for line in section.splitlines() if "apt-get install" in line)
    if "sudo " in section:
        assert " sudo" in apt_line
    if "22.04" in section:
        assert "python3.11 -m venv" in section and "python3.11-venv" in section


def _dockerfile_commands() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).replace("\\\n", " ").split("\n")


def test_the_image_holds_libreoffice_and_fonts_so_documents_come_as_pdf() -> None:
    """Without LibreOffice in the image letters, decisions and public copies go out as DOCX only;
    without a font holding "≥" and "—" the PDF shows empty boxes for them."""
    commands = _dockerfile_commands()
    installs = [command.split() for command in commands if "apt-get install" in command]
    assert len(installs) == 1, installs
    words = installs[0]
    assert "--no-install-recommends" in words  # the desktop and Java stay out of the image
    for package in ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "libreoffice-impress-nogui"):
        assert package in words, package
    assert {"fonts-dejavu-core", "fonts-liberation2"} & set(words)
    assert not any("SOFFICE_PATH" in command for command in commands)  # found on the PATH, never turned off
