"""storage/ sits at the bottom: it never imports telegram, handlers or bot."""

from __future__ import annotations

import ast
from pathlib import Path

import storage

FORBIDDEN = ("telegram", "handlers", "bot")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_storage_imports_no_upper_layer() -> None:
    root = Path(storage.__file__).parent
    sources = sorted(root.rglob("*.py"))
    assert len(sources) >= 8
    offenders = {
        f"{path.relative_to(root)}: {name}"
        for path in sources
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()
