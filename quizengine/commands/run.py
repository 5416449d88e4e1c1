"""Open the terminal app: load banks, upgrade the database, then hand over to the Textual UI."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.problems import BankError
from quizengine.services.context import ServiceContext

MAX_PROBLEMS_SHOWN = 20


def open_context(db_url: str, bank_paths: Sequence[Path] | None = None) -> ServiceContext:
    """Open banks and database, turning a user's mistake into one-line errors and exit status 1."""
    try:
        return ServiceContext.open(db_url, bank_paths)
    except BankError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(str(problem), err=True)
        more = len(exc.problems) - MAX_PROBLEMS_SHOWN
        if more > 0:
            click.echo(f"... and {more} more; run 'quizengine bank validate' for the full list", err=True)
        click.echo("error: the question banks have problems; fix them and start again", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        original = getattr(exc, "orig", None)
        reason = str(original) if original is not None else str(exc).splitlines()[0]
        fail_database(db_url, reason.strip().splitlines()[0] if reason.strip() else type(exc).__name__)
    except ImportError as exc:
        fail_database(db_url, f"its driver is not installed ({exc.name}); for PostgreSQL: "
                              "pip install 'quizengine[postgres]'")
    except OSError as exc:
        fail_database(db_url, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))


def fail_database(db_url: str, reason: str) -> NoReturn:
    click.echo(f"error: cannot open the database {db_url}: {reason}", err=True)
    sys.exit(1)


def run_app(db_url: str, bank_paths: Sequence[Path] | None = None) -> None:
    context = open_context(db_url, bank_paths)
    from quizengine.tui.app import QuizApp  # textual is imported only when the UI is wanted

    try:
        QuizApp(context).run()
    finally:
        context.close()
