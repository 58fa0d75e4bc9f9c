"""The bot as an office installs it: a wheel (not an editable checkout) in a fresh environment.

The editable install the rest of the suite runs on finds every module in the source tree, so a
package missing from the wheel (once `bot.texts`) would never be noticed. Here the wheel is built
as pip builds it for an office (its build backend comes from the package registry),
installed without the repository on the path into a new virtual environment outside it, and its
`ppid-bot` command runs the demo and checks an office against the HTTP sandbox from there. The
runtime dependencies come from the suite's own environment (a path entry, not an install), so only
the build backend comes from the package registry.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import site
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.sandbox import FakeTelegram, RateLimits, SandboxHTTPServer

REPO = Path(__file__).resolve().parent.parent
CONFIG_PREFIXES = ("TELEGRAM_", "ADMIN_", "DATABASE_", "FILES_", "PUBLIC_", "SOP_", "HTTPS_PROXY", "https_proxy")
BUILD_LEFTOVERS = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")


def _leftovers(directory: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves behind: build leftovers, and the demo's data folder."""
    left = set(shutil.ignore_patterns(*BUILD_LEFTOVERS)(directory, names))
    return left | ({"data"} & set(names) if Path(directory) == REPO else set())


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False)


@dataclass(frozen=True)
class Installed:
    """The office's environment: its `ppid-bot` command, and the environment to run it with."""

    command: Path
    folder: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from a clean copy of the checkout and installed alone in a fresh virtual
    environment outside it (the runtime dependencies from the suite's own environment)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    # From a copy without the editable install's leftovers: setuptools would take the modules its
    # stale SOURCES.txt lists as package data and hide a package missing from the configuration.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=_leftovers)
    wheels = tmp_path / "wheels"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)], cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("ppid_sop_bot-*.whl")

    office = tmp_path / "office"
    venv.EnvBuilder(with_pip=True).create(office / "env")
    python = office / "env" / "bin" / "python"
    env_site = Path(_run([str(python), "-c", "import site; print(site.getsitepackages()[0])"], cwd=office).stdout.strip())
    # The dependencies, as a plain path entry: the suite's editable finder (a .pth there) is not run.
    (env_site / "runtime_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    unpacked = _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)], cwd=office)
    assert unpacked.returncode == 0, unpacked.stderr

    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(CONFIG_PREFIXES)}
    clean_env.pop("PYTHONPATH", None)
    where = _run([str(python), "-c", "import bot, handlers, storage; print(bot.__file__)"], cwd=office, env=clean_env)
    assert where.returncode == 0, where.stderr
    assert str(REPO) not in where.stdout, "the installed package must not come from the checkout"
    return Installed(office / "env" / "bin" / "ppid-bot", office, clean_env)


@pytest.mark.timeout(300)
def test_the_installed_ppid_bot_command_runs_the_demo(installed: Installed, tmp_path: Path) -> None:
    demo = _run([str(installed.command), "demo"], cwd=installed.folder, env={**installed.env, "TMPDIR": str(tmp_path)})
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr
    assert "/tugas" in demo.stdout  # the transcript of the staff's conversation was printed
    # The shipped templates are package data: the letter and the decision were made from them.
    (kept,) = tmp_path.glob("ppid-demo-dokumen-*")
    assert {"surat_koordinasi_1.docx", "keputusan_pengecualian_4_2026_1.docx"} <= {path.name for path in kept.iterdir()}


def test_the_installed_web_site_has_its_templates_and_styles(installed: Installed) -> None:
    """The site's templates and style sheet are package data: without them every page is a 500."""
    python = installed.command.parent / "python"
    script = (
        "import pathlib, web; folder = pathlib.Path(web.__file__).parent;"
        "print(sorted(p.name for p in (folder / 'templates').iterdir()), (folder / 'static' / 'style.css').is_file())"
    )
    found = _run([str(python), "-c", script], cwd=installed.folder, env=installed.env)
    assert found.returncode == 0, found.stderr
    names = sorted(path.name for path in (REPO / "web" / "templates").iterdir())
    assert found.stdout.strip() == f"{names} True"


@pytest.mark.timeout(300)
async def test_the_installed_ppid_bot_checks_an_office_against_the_sandbox(installed: Installed) -> None:
    fake = FakeTelegram(limits=RateLimits.disabled())
    fake.channel(-1001000000001, "Informasi Publik", username="ppid_test")
    async with SandboxHTTPServer(fake) as server:
        env = dict(
            installed.env, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=server.base_url,
            TELEGRAM_BASE_FILE_URL=server.base_file_url, ADMIN_IDS="710001", PUBLIC_CHANNEL="@ppid_test",
        )
        process = await asyncio.create_subprocess_exec(
            str(installed.command), "check", cwd=installed.folder, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, out.decode() + err.decode()
    assert "OK       token diterima: berjalan sebagai @ppid_sandbox_bot" in out.decode()
    assert "OK       kanal publik Informasi Publik (@ppid_test): bot boleh mengirim" in out.decode()
