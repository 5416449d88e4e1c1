"""Open the terminal app: load banks, check and upgrade the database, then hand over to the Textual UI."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy import URL
from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.problems import BankError
from quizengine.services.context import ServiceContext
from quizengine.store.database import DatabaseProblem, as_url, describe, error_line, explain

MAX_PROBLEMS_SHOWN = 20


def announce(message: str) -> None:
    click.echo(message, err=True)


@contextmanager
def reading_database(db_url: str | URL) -> Iterator[None]:
    """A failed read is one line naming the database (its password hidden) and exit status 1, never a traceback."""
    try:
        yield
    except SQLAlchemyError as exc:
        click.echo(f"error: reading the database {describe(db_url)} failed: {error_line(exc, as_url(db_url))}",
                   err=True)
        raise SystemExit(1) from None


def open_context(db_url: str | URL, bank_paths: Sequence[Path] | None = None) -> ServiceContext:
    """Open banks and database, turning a user's mistake into one-line errors and exit status 1."""
    try:
        return ServiceContext.open(db_url, bank_paths, announce)
    except BankError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(str(problem), err=True)
        more = len(exc.problems) - MAX_PROBLEMS_SHOWN
        if more > 0:
            click.echo(f"... and {more} more; run 'quizengine bank validate' for the full list", err=True)
        click.echo("error: the question banks have problems; fix them and start again", err=True)
        sys.exit(1)
    except DatabaseProblem as exc:
        fail_database(db_url, str(exc))
    except SQLAlchemyError as exc:  # raised before the database was reached, e.g. by a dialect's own checks
        fail_database(db_url, explain(exc, _parsed_or_none(db_url)))
    except ImportError as exc:
        fail_database(db_url, f"its driver is not installed ({exc.name}); for PostgreSQL: "
                              "pip install 'quizengine[postgres]'")


def _parsed_or_none(db_url: str | URL) -> URL | None:
    try:
        return as_url(db_url)
    except DatabaseProblem:
        return None


def fail_database(db_url: str | URL, reason: str) -> NoReturn:
    click.echo(f"error: cannot open the database {describe(db_url)}: {reason}", err=True)
    sys.exit(1)


def run_app(db_url: str | URL, bank_paths: Sequence[Path] | None = None, preview: str | None = None,
            notice: str | None = None) -> None:
    context = open_context(db_url, bank_paths)
    if notice:  # said once the banks loaded, so a refusal stays the first line
        announce(notice)
    from quizengine.tui.app import QuizApp  # textual is imported only when the UI is wanted

    try:
        QuizApp(context, preview=preview).run()
    finally:
        context.close()


def run_preview(bank_paths: Sequence[Path], db_url: str | None = None) -> None:
    """Open the app on other banks without touching the learner's history: a throwaway SQLite file in a fresh
    temporary folder (removed on exit), or the --db URL the author gave explicitly."""
    if db_url:
        run_app(db_url, bank_paths, preview=describe(db_url),
                notice=f"previewing {', '.join(map(str, bank_paths))}: answers go to {describe(db_url)}")
        return
    folder = Path(tempfile.mkdtemp(prefix="quizengine-preview-"))
    try:
        url = URL.create("sqlite", database=str(folder / "preview.sqlite3"))
        run_app(url, bank_paths, preview=str(folder),
                notice=f"previewing {', '.join(map(str, bank_paths))}: answers go to a throwaway database in "
                       f"{folder} (removed on exit), never your history")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
