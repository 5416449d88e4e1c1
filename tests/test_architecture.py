"""Layering rules: only the tui package talks to Textual; the engine stays pure."""

from __future__ import annotations

import ast
import subprocess
import sys
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


TUI_MAY_IMPORT = ("quizengine.services", "quizengine.paths", "quizengine.tui", "textual", "textual_plot", "rich",
                  "markdown_it")


def tui_modules() -> list[Path]:
    return sorted((PACKAGE / "tui").rglob("*.py"))


def test_tui_imports_only_services_textual_rich_and_the_standard_library() -> None:
    for path in tui_modules():
        bad = [m for m in imported_modules(path) if m.split(".")[0] not in sys.stdlib_module_names
               and not any(m == allowed or m.startswith(allowed + ".") for allowed in TUI_MAY_IMPORT)]
        assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}"


def test_tui_has_no_function_level_imports() -> None:
    # Imports hidden in functions are how cycles get dodged; the app navigates, so none is needed.
    for path in tui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = [(node.name, inner.lineno) for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  for inner in ast.walk(node) if isinstance(inner, ast.Import | ast.ImportFrom)]
        assert hidden == [], f"{path.relative_to(PACKAGE)} imports inside {hidden}"


def test_tui_modules_import_each_other_without_a_cycle() -> None:
    names = {".".join(("quizengine", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): p
             for p in tui_modules()}
    edges = {name: {m for m in imported_modules(path) if m in names} for name, path in names.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, f"import cycle: {' -> '.join((*trail, name))}"
        if name not in done:
            for imported in edges[name]:
                visit(imported, (*trail, name))
            done.add(name)

    for name in names:
        visit(name, ())


def test_the_app_imports_cleanly_in_a_fresh_interpreter() -> None:
    result = subprocess.run([sys.executable, "-c", "import quizengine.tui.app"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
