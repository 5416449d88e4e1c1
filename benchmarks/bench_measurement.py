"""Measurement on the shipped banks under the realistic truth (issue 10): a full quick assessment per taker.

Run: python benchmarks/bench_measurement.py [--takers N] [--seed S] [--json OUT]
     (exit status 1 if a target is missed). The same script measured engine version 1 (`git worktree` of the
     commit before, PYTHONPATH pointing at it); its figures are kept in benchmarks/baseline_engine_v1.json.

Per area: RMSE, bias (all and true theta < -1.5), 95% coverage, mean questions, level accuracy, decisive share,
verdict accuracy, the engine's predicted and the observed rate of wrong decisive verdicts, false "meets target";
then the whole attempt: questions per taker, maximum exposure and mean test overlap. Verdicts: P(theta >= cut)
>= 0.9 "meets", <= 0.1 "below", from the reported estimate and SE, with at least 3 answers in the area.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import measurement_truth as mt

from quizengine.bank.loader import default_bank_dir, load_library
from quizengine.engine.config import ENGINE_VERSION, SessionConfig
from quizengine.engine.pool import ItemPool
from quizengine.services import quiz

if TYPE_CHECKING:  # annotation only: engine 1's tree is measured by this script too
    from quizengine.bank.models import AnyQuestion

TARGETS = {
    "coverage": (0.93, 0.97),
    "bias": 0.05,
    "low_bias": 0.3,
    "max_exposure": 0.30,
    "overlap": 0.20,
    "fewer_questions": 0.30,  # at least 30% fewer than engine 1's 72
}
BASELINE = Path(__file__).with_name("baseline_engine_v1.json")


@dataclass(frozen=True)
class ShippedDesign:
    """The shipped banks as the engine sees them: the pool, the areas that have questions, and the roles."""

    questions: Sequence[AnyQuestion]
    pool: ItemPool
    areas: tuple[str, ...]
    titles: dict[str, str]
    roles: list[dict[str, int]]

    @classmethod
    def load(cls) -> ShippedDesign:
        library = load_library([default_bank_dir()]).library
        questions = library.questions
        areas = tuple(a for a in library.areas if any(q.area == a for q in questions))
        return cls(questions, ItemPool.build(quiz.item_params(questions)), areas,
                   {a: library.area_title(a) for a in areas}, [dict(role.levels) for role in library.roles.values()])


def config_for(titles: dict[str, str]) -> mt.ConfigFor:
    def make(areas: tuple[str, ...], role: dict[str, int]) -> SessionConfig:
        if hasattr(quiz, "session_config"):  # engine version 2 and later
            return quiz.session_config("quick", areas, titles, role)
        return SessionConfig("quick", areas, max_total_items=8 * len(areas), area_titles=titles)  # version 1
    return make


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--takers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--correlation", type=float, nargs="+", default=[0.5, 0.8])
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    design = ShippedDesign.load()
    questions, pool, areas, titles, roles = design.questions, design.pool, design.areas, design.titles, design.roles
    truth = mt.true_items(questions, args.seed)
    report: dict[str, object] = {"engine_version": ENGINE_VERSION, "takers": args.takers, "seed": args.seed}
    failed: list[str] = []
    for rho in args.correlation:
        start = time.perf_counter()
        abilities = mt.true_abilities(args.takers, len(areas), rho, args.seed)
        outcome = mt.run(pool, truth, config_for(titles), areas, roles, abilities, args.seed)
        seconds = time.perf_counter() - start
        overall = mt.figures(outcome)
        max_exposure, overlap = mt.exposure(outcome)
        per_taker = float(outcome.items.sum(axis=1).mean())
        print(f"\nengine {ENGINE_VERSION}, area correlation {rho}, {args.takers} takers, {len(questions)} questions "
              f"({seconds:.0f} s)")
        print(f"{'area':<16}{'RMSE':>6}{'bias':>7}{'lowbias':>8}{'cover':>7}{'items':>6}{'level':>6}"
              f"{'decis':>6}{'vacc':>6}{'pred':>6}{'obs':>6}{'fmeet':>6}")
        rows = {}
        for k, area in enumerate(areas):
            f = mt.figures(outcome, k)
            rows[area] = asdict(f)
            print(f"{area:<16}{f.rmse:6.3f}{f.bias:+7.3f}{f.low_bias:+8.3f}{f.coverage:7.1%}{f.mean_items:6.2f}"
                  f"{f.level_accuracy:6.1%}{f.decisive_share:6.1%}{f.verdict_accuracy:6.1%}"
                  f"{f.predicted_wrong:6.1%}{f.observed_wrong:6.1%}{f.false_meets:6.1%}")
            low, high = TARGETS["coverage"]
            if not low <= f.coverage <= high:
                failed.append(f"r={rho} {area} coverage {f.coverage:.1%}")
        f = overall
        print(f"{'all':<16}{f.rmse:6.3f}{f.bias:+7.3f}{f.low_bias:+8.3f}{f.coverage:7.1%}{f.mean_items:6.2f}"
              f"{f.level_accuracy:6.1%}{f.decisive_share:6.1%}{f.verdict_accuracy:6.1%}"
              f"{f.predicted_wrong:6.1%}{f.observed_wrong:6.1%}{f.false_meets:6.1%}")
        print(f"questions per taker {per_taker:.1f}; max exposure {max_exposure:.1%}; mean overlap {overlap:.1%}")
        report[f"r={rho}"] = {"overall": asdict(overall), "areas": rows, "questions_per_taker": per_taker,
                              "max_exposure": max_exposure, "overlap": overlap}
        if abs(f.bias) > TARGETS["bias"]:
            failed.append(f"r={rho} bias {f.bias:+.3f}")
        if f.low_bias > TARGETS["low_bias"]:
            failed.append(f"r={rho} bias below -1.5 {f.low_bias:+.3f}")
        if f.observed_wrong > f.predicted_wrong + 0.01:
            failed.append(f"r={rho} wrong verdicts {f.observed_wrong:.1%} > predicted {f.predicted_wrong:.1%} + 1")
        if max_exposure > TARGETS["max_exposure"]:
            failed.append(f"r={rho} max exposure {max_exposure:.1%}")
        if overlap > TARGETS["overlap"]:
            failed.append(f"r={rho} overlap {overlap:.1%}")
        if BASELINE.exists() and ENGINE_VERSION != "1":
            base = json.loads(BASELINE.read_text())[f"r={rho}"]
            b = base["overall"]
            saving = 1.0 - per_taker / base["questions_per_taker"]
            print(f"vs engine 1: questions {per_taker:.1f} / {base['questions_per_taker']:.1f} ({saving:.0%} fewer); "
                  f"decisive {f.decisive_share:.1%} vs {b['decisive_share']:.1%}; verdict accuracy "
                  f"{f.verdict_accuracy:.1%} vs {b['verdict_accuracy']:.1%}")
            if saving < TARGETS["fewer_questions"]:
                failed.append(f"r={rho} only {saving:.0%} fewer questions")
            if f.decisive_share < b["decisive_share"] or f.verdict_accuracy < b["verdict_accuracy"]:
                failed.append(f"r={rho} verdicts worse than engine 1")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    print("\n" + ("all targets met" if not failed else "missed: " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
