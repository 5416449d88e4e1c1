"""`quizengine report`: one learner's levels, gaps, plan, progress and review statistics, as Markdown or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click
from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.text_safety import one_line
from quizengine.commands.run import open_context
from quizengine.services.context import ServiceContext
from quizengine.services.report import REPORT_FORMATS, ReportError, ReportFormat, ReportService
from quizengine.store.database import as_url, describe, error_line
from quizengine.store.models import utcnow
from quizengine.store.repositories import LearnerRepository


def pick_learner(context: ServiceContext, name: str | None) -> int:
    """The learner named, or the only one; a one-line usage error otherwise."""
    with context.transaction() as db:
        learners = [(learner.id, learner.name) for learner in LearnerRepository(db).all()]
    if name is not None:
        for learner_id, learner_name in learners:
            if learner_name == name:
                return learner_id
        known = ", ".join(one_line(n) for _, n in learners) or "none yet"
        raise click.UsageError(f"no learner named {one_line(name)!r}; learners: {known}")
    if not learners:
        raise click.UsageError("no learners yet: create a profile in the app (run quizengine) first")
    if len(learners) > 1:
        raise click.UsageError("several learners; pick one with --learner NAME: "
                               + ", ".join(one_line(n) for _, n in learners))
    return learners[0][0]


@click.command()
@click.option("--format", "output_format", type=click.Choice(REPORT_FORMATS), default="md", show_default=True,
              help="Markdown (reads well on GitHub) or JSON (schema: docs/report-schema.json).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of printing it.")
@click.option("--learner", "learner_name", metavar="NAME", help="Whose report (default: the only learner).")
@click.option("--bank", "bank_paths", multiple=True, type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="The banks the learner answered (repeatable; default: the shipped banks).")
@click.pass_context
def report(ctx: click.Context, output_format: str, output: Path | None, learner_name: str | None,
           bank_paths: tuple[Path, ...]) -> None:
    """Per area: the level band with its interval, the verdict against the target role, the study plan, progress
    over time, review statistics and confidence calibration."""
    db_url = ctx.obj["db_url"]
    context = open_context(db_url, list(bank_paths) or None)
    fmt = cast(ReportFormat, output_format)
    try:
        learner_id = pick_learner(context, learner_name)
        service = ReportService(context)
        if output is None:
            click.echo(service.render(learner_id, fmt, utcnow()), nl=False)
        else:
            service.write_report(learner_id, output, fmt, utcnow())
            click.echo(f"wrote {output}")
    except ReportError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except SQLAlchemyError as exc:
        click.echo(f"error: reading the database {describe(db_url)} failed: {error_line(exc, as_url(db_url))}",
                   err=True)
        raise SystemExit(1) from None
    finally:
        context.close()
