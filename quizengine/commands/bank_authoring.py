"""`quizengine bank new|lint|preview|import|export`: writing banks, and moving questions in and out of other formats.

Every failure is one line naming the file (and line, where there is one); exit 1 for problems found, 2 for
unusable arguments (click's own convention).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from quizengine.bank.interchange.api import FORMATS, export_bank, import_quiz
from quizengine.bank.interchange.common import InterchangeError
from quizengine.bank.interchange.writer import ImportOptions
from quizengine.bank.lint import CODES, lint_paths
from quizengine.bank.loader import default_bank_dir
from quizengine.bank.starter import StarterError, new_bank
from quizengine.bank.text_safety import neutralise, one_line
from quizengine.services.preview import Preview, PreviewService


def _fail(message: str, code: int = 1) -> None:
    click.echo(one_line(f"error: {message}"), err=True)
    raise SystemExit(code)


@click.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--area", required=True, help="The bank's area: an area id of the taxonomy.")
@click.option("--topic", help="Topic of the example questions (default: the area's first topic).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path: Path, area: str, topic: str | None, force: bool) -> None:
    """Write a commented starter bank with one question of every type."""
    try:
        starter = new_bank(path, area, topic, force=force)
    except StarterError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{path}: cannot write: {exc.strerror or exc}")
    for problem in starter.problems:
        click.echo(str(problem), err=True)
    if starter.problems:
        _fail(f"{path}: the starter does not validate (a bug; please report it)")
    click.echo(f"wrote {path} (5 example questions in area '{area}'; schema {starter.schema})")
    click.echo(f"next: edit it, then `quizengine bank validate {path}` and `quizengine bank lint {path}`")


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings are failures (exit 1).")
@click.option("--json", "as_json", is_flag=True, help="Print problems and warnings as JSON.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date for the expiry check.")
@click.option("--codes", "list_codes", is_flag=True, help="List the warning codes and exit.")
@click.option("--against", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
              help="Also look for near-duplicate stems in these banks (e.g. question_banks); they are not linted.")
def lint(paths: tuple[Path, ...], strict: bool, as_json: bool, today: dt.datetime | None, list_codes: bool,
         against: tuple[Path, ...]) -> None:
    """Warn about valid banks that would still serve learners badly (default: the shipped banks).

    Prints path:line: code: message. Exit 1 on validation problems, or on warnings with --strict.
    """
    if list_codes:
        for code, meaning in CODES.items():
            click.echo(f"{code:16} {meaning}")
        return
    result = lint_paths(list(paths) or [default_bank_dir()], today.date() if today else None,
                        against=list(against))
    failed = bool(result.problems) or (strict and bool(result.warnings))
    if as_json:
        click.echo(json.dumps({"ok": not failed, "problems": [p.as_dict() for p in result.problems],
                               "warnings": [w.as_dict() for w in result.warnings],
                               "questions": result.questions}, indent=2))
        raise SystemExit(1 if failed else 0)
    for problem in result.problems:
        click.echo(str(problem))
    for warning in result.warnings:
        click.echo(str(warning))
    summary = f"{len(result.warnings)} warning(s) in {result.questions} question(s)"
    if result.problems:
        summary = f"{len(result.problems)} validation problem(s) (fix them first: lint checks what loads); {summary}"
    click.echo(summary, err=True)
    raise SystemExit(1 if failed else 0)


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source_format", type=click.Choice(FORMATS), required=True, help="The source's format.")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The bank file to write (.yaml).")
@click.option("--area", required=True, help="Area of the imported questions.")
@click.option("--topic", help="Topic of questions without a category naming one (default: the area's first).")
@click.option("--difficulty", type=click.IntRange(1, 5), default=3, show_default=True,
              help="Difficulty of questions whose source does not say.")
@click.option("--id-prefix", help="Prefix of generated question ids (default: the area).")
@click.option("--license", "licence", default="unknown: record the source's licence here", show_default=True,
              help="The source's licence, recorded in the bank metadata.")
@click.option("--author", "authors", multiple=True, help="Author(s) of the source (repeatable).")
@click.option("--title", help="Bank title (default: 'Imported from SOURCE').")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def import_command(source: Path, source_format: str, out: Path, area: str, topic: str | None, difficulty: int,
                   id_prefix: str | None, licence: str, authors: tuple[str, ...], title: str | None,
                   force: bool) -> None:
    """Convert a GIFT, Aiken or Markdown quiz into a bank; every question that cannot be converted is reported."""
    if out.suffix.lower() not in (".yaml", ".yml"):
        _fail(f"{out}: the output must end in .yaml or .yml", 2)
    if out.exists() and not force:  # an imported bank is often edited afterwards: never lose that work
        _fail(f"{out}: already exists; choose another path (or --force to overwrite)")
    options = ImportOptions(area=area, topic=topic, difficulty=difficulty, id_prefix=id_prefix, license=licence,
                            authors=authors or ("imported",), title=title)
    try:
        outcome = import_quiz(source_format, source, out, options)
    except InterchangeError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    for note in outcome.notes:
        click.echo(str(note))
    skipped = sum(note.skipped for note in outcome.notes)
    click.echo(f"wrote {outcome.written} question(s) to {out}; {skipped} skipped; validated with the bank loader",
               err=True)


@click.command("export")
@click.argument("bank_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "target_format", type=click.Choice(FORMATS), required=True, help="The format to write.")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
def export_command(bank_file: Path, target_format: str, out: Path | None) -> None:
    """Write a bank's questions as GIFT, Aiken or a Markdown quiz; what the format cannot hold is reported."""
    try:
        text, notes, written = export_bank(target_format, bank_file)
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
    except InterchangeError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    for note in notes:
        click.echo(str(note), err=True)
    skipped = sum(note.skipped for note in notes)
    click.echo(f"exported {written} question(s) as {target_format}; {skipped} skipped", err=True)


def _print_preview(preview: Preview, show_key: bool) -> None:
    """The preview as plain text: what the screen shows, for a pipe, a terminal log or CI."""
    for number, item in enumerate(preview.items, start=1):
        click.echo(f"--- Q{number}/{len(preview.items)} · line {item.line} · {one_line(item.question_id)}")
        if item.question is None:
            click.echo("does not validate:")
            for problem in item.problems:
                click.echo(f"  {problem}")
            continue
        view = item.question
        click.echo(neutralise(view.stem))
        options = ["True", "False"] if view.type == "true_false" else view.options
        for letter, option in zip("abcdefgh", options, strict=False):
            click.echo(f"  {letter}) {neutralise(option)}")
        if view.type == "numeric":
            click.echo(f"  [a number{f' in {neutralise(view.unit)}' if view.unit else ''}]")
        elif view.type == "short_text":
            click.echo("  [a short text answer]")
        if show_key and item.feedback is not None:
            click.echo(f"key: {neutralise(item.feedback.key)}")
            click.echo(f"explanation: {neutralise(item.feedback.explanation)}")
    for problem in preview.file_problems:
        click.echo(str(problem))


@click.command("preview")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text", "as_text", is_flag=True, help="Print the questions instead of opening the preview screen.")
@click.option("--key/--no-key", "show_key", default=True, show_default=True, help="With --text: print keys too.")
def preview_command(path: Path, as_text: bool, show_key: bool) -> None:
    """Show each question of one bank file as a taker sees it; reloads when the file is saved.

    Keys: n/p next and previous, k the key and explanation, r reload, q quit. Never touches learner history.
    """
    if not path.exists():
        _fail(f"{path}: no such file", 2)
    service = PreviewService(path)
    if as_text:
        result = service.load()
        _print_preview(result, show_key)
        raise SystemExit(0 if result.ok else 1)
    from quizengine.tui.screens.preview import PreviewApp  # textual is imported only when the screen is wanted

    PreviewApp(service).run()


AUTHORING_COMMANDS = (new, lint, preview_command, import_command, export_command)
