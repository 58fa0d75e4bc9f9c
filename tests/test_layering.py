"""The layers go one way: handlers/ -> bot/ -> storage/, and nothing imports the composition root.

The public web site (web/) is a second front door beside handlers/: it uses bot/'s services only
(never storage/ directly, never Telegram, never handlers/), and only the composition root of bot/
knows it.

- storage/ imports neither telegram, nor bot/, nor handlers/;
- bot/ never imports handlers/, except `bot/app.py`, the composition root that wires them in;
- nothing in handlers/ imports `bot.app` (the application class and the handlers' context are in
  `bot.application`), so there is no import cycle through the root;
- no module uses a private part of python-telegram-bot (`telegram.ext._...`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSITION_ROOT = "bot/app.py"


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(ROOT).parent.parts
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def offenders(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        for name in sorted(imports_of(path)):
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden):
                found.append(f"{relative}: {name}")
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden", "allowed"),
    [
        ("storage", ("telegram", "bot", "handlers"), ()),
        ("bot", ("handlers",), (COMPOSITION_ROOT,)),
        ("handlers", ("bot.app", "web"), ()),
        ("bot", ("web",), (COMPOSITION_ROOT,)),
        ("storage", ("web",), ()),
        ("web", ("handlers", "telegram", "bot.app", "storage"), ()),
    ],
)
def test_layers_go_one_way(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    assert offenders(folder, forbidden, allowed) == []


def test_no_private_module_of_python_telegram_bot() -> None:
    private = [
        entry for folder in ("bot", "handlers", "storage") for entry in offenders(folder, ("telegram.ext._", "telegram._"))
    ]
    assert private == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The test above can fail: a handler importing the composition root is found, and so is an
    import of handlers/ hidden inside a function of bot/."""
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "bad.py").write_text("from bot.app import build_application\n")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "worse.py").write_text("def f():\n    from handlers import register_handlers\n")
    globals()["ROOT"], saved = tmp_path, ROOT
    try:
        assert offenders("handlers", ("bot.app",)) == ["handlers/bad.py: bot.app", "handlers/bad.py: bot.app.build_application"]
        assert offenders("bot", ("handlers",), (COMPOSITION_ROOT,)) == [
            "bot/worse.py: handlers", "bot/worse.py: handlers.register_handlers"
        ]
    finally:
        globals()["ROOT"] = saved
