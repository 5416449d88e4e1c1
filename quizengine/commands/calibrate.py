"""`quizengine bank calibrate`: item parameters from the stored measuring answers, written beside the banks."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.calibration_file import calibration_path
from quizengine.bank.loader import default_bank_dir
from quizengine.commands.run import fail_database, open_context
from quizengine.services.calibrate import MIN_A_RESPONSES, MIN_B_RESPONSES, CalibrationSummary, run_calibration
from quizengine.store.database import error_line


def render_summary(summary: CalibrationSummary, min_b: int, min_a: int) -> list[str]:
    total = summary.calibrated + summary.b_only + summary.provisional
    lines = [
        f"wrote {summary.path}",
        f"{summary.responses} answer(s) from {summary.learners} learner(s); {total} question(s): "
        f"{summary.calibrated} calibrated (>= {min_a} answers: a and b), {summary.b_only} with b only "
        f"(>= {min_b}), {summary.provisional} provisional (label parameters kept)",
        f"estimated mean correlation between areas {summary.mean_correlation:.2f}; "
        f"EM {'converged' if summary.converged else 'did NOT converge'} in {summary.iterations} iteration(s)",
    ]
    if summary.guessing:
        lines.append("guessing floor c per question type: "
                     + ", ".join(f"{group} {value:.2f}" for group, value in sorted(summary.guessing.items())))
    if summary.skipped_changed:
        lines.append(f"skipped {summary.skipped_changed} answer(s) to questions edited or removed since")
    lines.append("How close these are to the true parameters is not knowable from the answers alone; "
                 "see docs/calibration.md for the recovery figures behind the thresholds.")
    return lines


@click.command("calibrate")
@click.option("--db", "db_option", metavar="URL", help="Database URL (default: the global --db, or the default).")
@click.option("--bank", "bank_paths", multiple=True, type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="The banks the answers were given on (repeatable; default: the shipped banks).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the file (default: calibration.json in the first bank folder).")
@click.option("--min-b", type=click.IntRange(min=1), default=MIN_B_RESPONSES, show_default=True,
              help="Answers an item needs before its calibrated b is used.")
@click.option("--min-a", type=click.IntRange(min=1), default=MIN_A_RESPONSES, show_default=True,
              help="Answers an item needs before its calibrated a is used too.")
@click.option("--fixed-guessing", is_flag=True,
              help="Keep each type's guessing floor c as the app sets it (default: one c per question type and "
                   "option count, estimated from all their answers).")
@click.pass_context
def calibrate(ctx: click.Context, db_option: str | None, bank_paths: tuple[Path, ...], out: Path | None,
              min_b: int, min_a: int, fixed_guessing: bool) -> None:
    """Calibrate the questions (2PL with a guessing floor per question type, correlated areas) from the stored
    measuring answers and write the calibration file the app then uses. The bank files are never changed."""
    if min_a < min_b:
        raise click.BadParameter("must be at least --min-b", param_hint="--min-a")
    db_url = db_option or (ctx.obj or {}).get("db_url")
    if db_url is None:
        raise click.UsageError("no database: give --db URL")
    banks = list(bank_paths) or [default_bank_dir()]
    target = out or calibration_path(banks)
    context = open_context(db_url, banks)
    try:
        summary = run_calibration(context, target, min_b, min_a, estimate_guessing=not fixed_guessing)
    except SQLAlchemyError as exc:
        fail_database(db_url, error_line(exc))
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    except OSError as exc:
        click.echo(f"error: cannot write {target}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    finally:
        context.close()
    for line in render_summary(summary, min_b, min_a):
        click.echo(line)
