"""`quizengine cohort report`: a bootcamp's picture from its shared database, as Markdown or JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from quizengine.bank.text_safety import one_line
from quizengine.commands.run import open_context, reading_database
from quizengine.engine.levels import LEVEL_NAMES
from quizengine.services.cohort import TOO_FEW, AreaDistribution, CohortReport, CohortService, RoleGaps

# What can start markup inside a line (our text never starts one): emphasis, code, links, HTML, entities, tables.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md(text: str) -> str:
    """Bank text as literal Markdown: one line, control characters shown, every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def pct(share: float) -> str:
    return f"{100.0 * share:.0f}%"


def figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def area_rows(areas: tuple[AreaDistribution, ...]) -> list[str]:
    lines = ["| Area | Learners | θ quartiles (Q1 / median / Q3) | " + " | ".join(LEVEL_NAMES) + " |",
             "|---|---:|---|" + "---:|" * len(LEVEL_NAMES)]
    for area in areas:
        if not area.shown or area.theta_quartiles is None:
            lines.append(f"| {md(area.title)} | {area.learners} | {TOO_FEW} |" + " |" * len(LEVEL_NAMES))
            continue
        q1, q2, q3 = area.theta_quartiles
        shares = " | ".join(pct(area.level_shares[name]) for name in LEVEL_NAMES)
        lines.append(f"| {md(area.title)} | {area.learners} | {q1:+.2f} / {q2:+.2f} / {q3:+.2f} | {shares} |")
    return lines


def role_section(role: RoleGaps) -> list[str]:
    lines = [f"### {md(role.title)} ({role.learners} learner{'s' if role.learners != 1 else ''})", ""]
    if not role.shown:
        return [*lines, TOO_FEW, ""]
    lines += ["| Area | Target level | Below target | Needs more questions | Meets target | Not measured |",
              "|---|---|---:|---:|---:|---:|"]
    for gap in role.gaps:
        lines.append(f"| {md(gap.title)} | {LEVEL_NAMES[gap.target_level - 1]} | {pct(gap.below)} | "
                     f"{pct(gap.imprecise)} | {pct(gap.meets)} | {pct(gap.not_measured)} |")
    return [*lines, ""]


def render_markdown(report: CohortReport) -> str:
    lines = ["# Cohort report", "",
             f"{report.learners} learner(s) with a finished measurement. No learner is named, and no group figure "
             f"is shown for fewer than {report.min_group} learners.", "",
             "## Levels per area", "",
             "Each learner's latest measurement of the area (θ: ability on the engine's scale, 0 = average).", ""]
    lines += [*area_rows(report.areas), "", "## Common gaps against each role", "",
              "Shares of the learners targeting the role, by the verdict their results screen shows.", ""]
    for role in report.roles:
        lines += role_section(role)
    lines += ["## Item statistics", "", report.item_caveat, "",
              "| Area | Learners | Internal consistency (alpha) |", "|---|---:|---|"]
    for area in report.consistency:
        value = f"{figure(area.alpha)} ({area.verdict})" if area.alpha is not None else area.verdict
        lines.append(f"| {md(area.area)} | {area.learners} | {value} |")
    lines += ["", "Flagged questions (see `quizengine bank stats` for every figure):", ""]
    if report.flagged_items:
        lines += ["| Question | Area | Learners | Facility | Discrimination | Flags |", "|---|---|---:|---:|---:|---|"]
        lines += [f"| {md(item.question_id)} | {md(item.area)} | {item.learners} | {figure(item.facility)} | "
                  f"{figure(item.discrimination)} | {', '.join(item.flags)} |" for item in report.flagged_items]
    else:
        lines.append("None among the questions answered by enough learners.")
    if report.items_withheld:
        lines += ["", f"{report.items_withheld} more flagged question(s) answered by {TOO_FEW}."]
    return "\n".join(lines) + "\n"


@click.group()
def cohort() -> None:
    """Reports over every learner in a shared database (a bootcamp's PostgreSQL)."""


@cohort.command()
@click.option("--format", "output_format", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of printing it.")
@click.option("--bank", "bank_paths", multiple=True, type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="The banks the cohort answered (repeatable; default: the shipped banks).")
@click.pass_context
def report(ctx: click.Context, output_format: str, output: Path | None, bank_paths: tuple[Path, ...]) -> None:
    """Per-area level distributions, common gaps against each role, and flagged questions."""
    db_url = ctx.obj["db_url"]
    context = open_context(db_url, list(bank_paths) or None)
    try:
        with reading_database(db_url):
            cohort_report = CohortService(context).report()
    finally:
        context.close()
    text = (json.dumps(cohort_report.as_dict(), indent=2) + "\n" if output_format == "json"
            else render_markdown(cohort_report))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"wrote {output}")
