"""Layering rules: only the tui package talks to Textual; the engine stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizengine"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules_outside(subpackage: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if subpackage not in p.relative_to(PACKAGE).parts[:1]]


def test_nothing_outside_tui_imports_textual() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in modules_outside("tui")
                 if any(m == "textual" or m.startswith("textual.") for m in imported_modules(p))]
    assert offenders == []


def test_engine_does_no_io_and_knows_no_other_layer() -> None:
    forbidden = ("sqlalchemy", "textual", "click", "yaml", "quizengine.store", "quizengine.bank",
                 "quizengine.services", "quizengine.tui", "os", "pathlib", "sqlite3")
    for path in (PACKAGE / "engine").rglob("*.py"):
        bad = [m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden)]
        assert bad == [], f"{path.name} imports {bad}"


def test_no_module_is_giant() -> None:
    long_modules = [(p.name, n) for p in PACKAGE.rglob("*.py")
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long_modules == []
