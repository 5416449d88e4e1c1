"""`quizengine bank ...`: commands for bank authors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from quizengine.bank.loader import default_bank_dir, load_library
from quizengine.bank.schema import write_schemas
from quizengine.commands.bank_authoring import AUTHORING_COMMANDS
from quizengine.commands.calibrate import calibrate
from quizengine.commands.stats import stats


@click.group()
def bank() -> None:
    """Write, check, lint, import and export question banks."""


@bank.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print problems and the summary as JSON.")
def validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check bank files or folders (default: the shipped banks).

    Prints every problem as path:line:col: location: message and exits 1, or a one-line summary and 0.
    """
    result = load_library(list(paths) or [default_bank_dir()])
    library = result.library
    questions = library.questions
    by_area = Counter(q.area for q in questions)
    by_type = Counter(q.type for q in questions)
    if as_json:
        click.echo(json.dumps({
            "ok": result.ok,
            "problems": [p.as_dict() for p in result.problems],
            "files": len(result.files),
            "questions": len(questions),
            "by_area": dict(sorted(by_area.items())),
            "by_type": dict(sorted(by_type.items())),
            "resources": len(library.resources),
            "roles": len(library.roles),
        }, indent=2))
    else:
        for problem in result.problems:
            click.echo(str(problem))
        if result.problems:
            files = len({p.path for p in result.problems})
            click.echo(f"{len(result.problems)} problem(s) in {files} file(s)", err=True)
        else:
            areas = ", ".join(f"{area} {count}" for area, count in sorted(by_area.items()))
            types = ", ".join(f"{kind} {count}" for kind, count in sorted(by_type.items()))
            click.echo(f"ok: {len(result.files)} files, {len(questions)} questions ({areas}; {types}), "
                       f"{len(library.resources)} resources, {len(library.roles)} roles")
    raise SystemExit(0 if result.ok else 1)


@bank.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/schema"),
              show_default=True, help="Folder to write the JSON Schema files into.")
def schema(out_dir: Path) -> None:
    """Write JSON Schema files so editors (yaml-language-server) can complete and check banks."""
    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}")


for _command in (*AUTHORING_COMMANDS, stats, calibrate):
    bank.add_command(_command)
