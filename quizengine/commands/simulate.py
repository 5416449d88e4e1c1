"""`quizengine simulate`: simulated takers through the adaptive engine, to see how well a bank measures."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import cast, get_args

import click

from quizengine.bank.library import Library
from quizengine.bank.loader import load_library
from quizengine.engine import simulation
from quizengine.engine.config import Mode, SelectionMethod
from quizengine.engine.items import ItemParams
from quizengine.services.measurement import item_params, session_config

MAX_PROBLEMS_SHOWN = 10


def _bank_items(paths: tuple[Path, ...]) -> tuple[list[ItemParams], dict[str, str], Library]:
    result = load_library(list(paths))
    if result.problems:
        for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(str(problem), err=True)
        click.echo("error: the bank has problems; see 'quizengine bank validate'", err=True)
        sys.exit(1)
    library = result.library
    items = item_params(library.questions)  # the parameters the app uses: c by type, a for label uncertainty
    titles = {item.area: library.area_title(item.area) for item in items}
    return items, titles, library


@click.command()
@click.option("--bank", "bank_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Bank file or folder to simulate (repeatable).")
@click.option("--synthetic-items", type=click.IntRange(min=1), metavar="N",
              help="Instead of a bank: N synthetic 2PL items per area, a ~ U(0.8, 2), b ~ N(0, 1).")
@click.option("--areas", "area_count", type=click.IntRange(min=1), default=1, show_default=True,
              help="Number of synthetic areas.")
@click.option("--area", "only_areas", multiple=True, metavar="AREA",
              help="Assess only these areas (repeatable; focus mode needs exactly one).")
@click.option("--area-correlation", type=click.FloatRange(0.0, 0.99), default=0.5, show_default=True,
              help="Correlation between a simulated taker's true abilities in different areas.")
@click.option("--takers", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--mode", type=click.Choice(get_args(Mode)), default="quick", show_default=True)
@click.option("--selection", type=click.Choice(get_args(SelectionMethod)), default="adaptive",
              show_default=True, help="random: ignore information, to see what adaptivity buys.")
@click.option("--max-items", type=click.IntRange(min=1), metavar="N", help="Cap on questions per attempt.")
@click.option("--role", metavar="ROLE", help="Judge each area against this role's target level, as the app does "
              "for a learner aiming at it (stopping once the verdict is clear). Needs --bank.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def simulate(bank_paths: tuple[Path, ...], synthetic_items: int | None, area_count: int,
             only_areas: tuple[str, ...], area_correlation: float, takers: int, seed: int, mode: str,
             selection: str, max_items: int | None, role: str | None, as_json: bool) -> None:
    """Run simulated takers with known abilities through the engine and report how well it measures.

    Prints test length, RMSE, bias and correlation with the true ability, RMSE by ability decile and the
    highest share of takers who saw any one question.
    """
    if bool(bank_paths) == (synthetic_items is not None):
        raise click.UsageError("give either --bank PATH or --synthetic-items N")
    targets: dict[str, int] = {}
    if bank_paths:
        items, titles, library = _bank_items(bank_paths)
        if role is not None:
            if role not in library.roles:
                raise click.UsageError(f"unknown role {role!r}; roles: {', '.join(library.roles) or 'none loaded'}")
            targets = dict(library.roles[role].levels)
    else:
        assert synthetic_items is not None
        if role is not None:
            raise click.UsageError("--role needs --bank (roles come from the loaded banks)")
        items, titles = simulation.synthetic_items(synthetic_items, area_count, seed), {}
    available = list(dict.fromkeys(item.area for item in items))
    unknown = [area for area in only_areas if area not in available]
    if unknown:
        raise click.UsageError(f"no questions in area(s) {', '.join(unknown)}; areas: {', '.join(available)}")
    areas = tuple(only_areas) or tuple(available)
    if mode == "focus" and len(areas) != 1:
        raise click.UsageError(f"focus mode assesses one area; pick it with --area ({', '.join(areas)})")
    config = dataclasses.replace(session_config(mode, areas, titles, targets),
                                 selection=cast(SelectionMethod, selection), max_total_items=max_items)
    pool = [item for item in items if item.area in areas]
    summary = simulation.simulate(pool, config, takers, seed, area_correlation)
    settings = {"items": len(pool), "areas": list(areas), "mode": mode, "selection": selection, "max_items": max_items,
                "role": role, "takers": takers, "seed": seed, "area_correlation": area_correlation}
    if as_json:
        click.echo(json.dumps({"settings": settings, "summary": summary.as_dict()}, indent=2))
    else:
        click.echo(render_summary(summary, settings))


def render_summary(summary: simulation.SimulationSummary, settings: dict[str, object]) -> str:
    lengths = summary.length_percentiles
    deciles = "  ".join(f"{i}:{rmse:.2f}" for i, rmse in enumerate(summary.rmse_by_decile, start=1))
    lines = [
        f"{summary.takers} simulated takers, {settings['items']} questions in {summary.areas} area(s), "
        f"mode {settings['mode']}, {settings['selection']} selection, seed {settings['seed']}",
        "",
        f"  questions per taker   mean {summary.mean_length:.1f}   min {lengths['min']:.0f}   "
        f"p10 {lengths['p10']:.0f}   median {lengths['median']:.0f}   p90 {lengths['p90']:.0f}   "
        f"max {lengths['max']:.0f}",
        f"  per area              mean {summary.mean_items_per_area:.1f}",
        f"  RMSE                  {summary.rmse:.3f}   (mean reported SE {summary.mean_se:.3f})",
        f"  bias                  {summary.bias:+.3f}",
        f"  correlation with true {summary.correlation:.3f}",
        f"  RMSE by true-ability decile (lowest first)   {deciles}",
        f"  max item exposure     {summary.max_exposure:.0%} of takers saw the most-used question",
        f"  test overlap          {summary.overlap:.0%} of a test is shared, on average, by two takers",
    ]
    return "\n".join(lines)
