"""Command-line entry point: `quizengine` opens the app; subcommands serve authors and operators."""

from __future__ import annotations

from pathlib import Path

import click

from quizengine import paths
from quizengine.bank.loader import default_bank_dir
from quizengine.commands.bank import bank
from quizengine.commands.cohort import cohort
from quizengine.commands.report import report
from quizengine.commands.simulate import simulate
from quizengine.store.database import describe


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quizengine", prog_name="quizengine", message="%(prog)s %(version)s")
@click.option("--db", "db_url", metavar="URL", help=f"SQLAlchemy database URL (default: ${paths.DB_ENV} or "
              "a SQLite file in the user data dir).")
@click.option("--banks", "bank_paths", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
              help="Preview these bank files or folders in the app (repeatable). Answers go to a throwaway "
                   "preview database, never your history (or to --db URL if you give one).")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, bank_paths: tuple[Path, ...]) -> None:
    """quizengine: measure your machine-learning engineering skills, see the gaps, close them.

    With no command, opens the terminal app on the shipped question banks.
    """
    ctx.obj = {"db_url": paths.resolve_db_url(db_url)}
    if ctx.invoked_subcommand is None:
        from quizengine.commands.run import run_app, run_preview  # imports textual only when the app is wanted

        if bank_paths:
            run_preview(list(bank_paths), db_url)  # never $QUIZENGINE_DB or the default: the learner's history
        else:
            run_app(ctx.obj["db_url"])


@cli.command()
@click.pass_context
def locate(ctx: click.Context) -> None:
    """Print where the database, config and banks are."""
    click.echo(f"database: {describe(ctx.obj['db_url'])}")  # the password hidden
    click.echo(f"config:   {paths.config_dir()}")
    click.echo(f"banks:    {default_bank_dir()}")


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Upgrade the database schema to the latest version (the app also does this on start)."""
    from quizengine.commands.run import open_context

    context = open_context(ctx.obj["db_url"])  # loads the banks and upgrades, with one-line errors
    click.echo(f"database at head: {describe(ctx.obj['db_url'])}")
    context.close()


cli.add_command(bank)
cli.add_command(simulate)
cli.add_command(cohort)
cli.add_command(report)


def main() -> None:
    cli(prog_name="quizengine")
