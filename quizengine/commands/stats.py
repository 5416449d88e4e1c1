"""`quizengine bank stats`: classical item analysis of the stored measuring answers (Moodle's definitions)."""

from __future__ import annotations

import json
import string
from pathlib import Path

import click

from quizengine.bank.text_safety import clip, one_line
from quizengine.commands.run import open_context, reading_database
from quizengine.services.item_stats import (
    ALPHA_SATISFACTORY,
    ALPHA_UNSATISFACTORY,
    LOW_EFFICIENCY,
    AreaStatistics,
    ItemReport,
    ItemStatistics,
    ItemStatsService,
)

STEM_WIDTH = 72
INDENT = " " * 8
LETTERS = string.ascii_uppercase


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def share(value: float) -> str:
    return f"{100.0 * value:.0f}%"


def seconds(milliseconds: float | None) -> str:
    return "-" if milliseconds is None else f"{milliseconds / 1000:.1f}s"


def area_line(area: AreaStatistics) -> str:
    return (f"{area.area} ({clip(area.title, 40)}): {area.attempts} attempt(s), {area.items} question(s) seen, "
            f"median {area.median_length:g} per attempt; alpha {percent(area.alpha)} ({area.alpha_verdict})")


def item_lines(item: ItemStatistics) -> list[str]:
    lines = [f"{item.responses:>5} {share(item.exposure):>5} {percent(item.facility):>5} "
             f"{percent(item.discrimination):>6} {percent(item.efficiency):>5} {seconds(item.median_latency_ms):>7}  "
             f"{one_line(item.question_id)}  [{item.parameters}]",
             f"{INDENT}{clip(item.stem, STEM_WIDTH)}"]
    if item.options:
        rates = [f"{LETTERS[i]}{'*' if option.correct else ''} {share(option.rate)}"
                 for i, option in enumerate(item.options)]
        lines.append(f"{INDENT}choices: {' · '.join(rates)} · don't know {share(item.dont_know_rate)}")
    if item.flags:
        lines.append(f"{INDENT}flags: {', '.join(item.flags)}")
    return lines


def render_text(report: ItemReport) -> list[str]:
    if not report.items:
        return ["No measuring answers are stored yet: item statistics need answered attempts."]
    lines = [report.caveat, "",
             f"Thresholds: discriminative efficiency < {LOW_EFFICIENCY:g}% is flagged; alpha > "
             f"{ALPHA_SATISFACTORY:g}% satisfactory, < {ALPHA_UNSATISFACTORY:g}% unsatisfactory.", ""]
    lines += [area_line(area) for area in report.areas]
    lines += ["", f"{'n':>5} {'seen':>5} {'F':>5} {'D':>6} {'E':>5} {'median':>7}  question"]
    for item in report.items:
        lines += item_lines(item)
    lines += ["", f"{len(report.items)} question(s) from {report.responses} answer(s); "
                  f"{len(report.flagged)} flagged. F facility, D discrimination (vs rest of the area), "
                  "E discriminative efficiency; * marks a key; [provisional] questions are measured with their "
                  "label's guessed parameters until `bank calibrate` has enough answers for them."]
    return lines


@click.command()
@click.option("--area", metavar="AREA", help="Only this area's questions.")
@click.option("--bank", "bank_paths", multiple=True, type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="The banks the answers were given on (repeatable; default: the shipped banks).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, area: str | None, bank_paths: tuple[Path, ...], as_json: bool) -> None:
    """Item analysis from the stored measuring answers: facility, discrimination, efficiency, alpha per area,
    choice rates, exposure and median time, with flags for questions to look at."""
    db_url = ctx.obj["db_url"]
    context = open_context(db_url, list(bank_paths) or None)
    try:
        if area is not None and area not in context.library.areas:
            known = ", ".join(sorted(context.library.areas))
            click.echo(f"error: unknown area '{clip(one_line(area))}' (known: {known})", err=True)
            raise SystemExit(1)
        with reading_database(db_url):
            report = ItemStatsService(context).report(area)
    finally:
        context.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for line in render_text(report):
            click.echo(line)
