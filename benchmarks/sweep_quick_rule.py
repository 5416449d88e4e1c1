"""What-if sweep of quick mode's stopping settings on the shipped banks under the realistic truth (issue 10).

Run: python benchmarks/sweep_quick_rule.py [--takers N] [--seed S] [--correlation R] [SETTING ...]
     SETTING is comma-separated key=value among stop (confidence at which an area stops), futility_confidence
     (the verdict confidence the close-call test aims at; default: stop), futility, min, max, top_k;
     without settings, the sweep recorded in issue 10's note runs.

Each setting replaces the engine's constants for one run only (tuning seed 11 by default, never the reported
seed 2026). The verdict rule the figures are judged by stays the benchmark's (P >= 0.9 with 3 answers), so every
row is comparable with engine 1's line, and a row that meets every issue-10 target except the bias below -1.5
ends with "meets the verdict targets".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from statistics import NormalDist

import bench_measurement
import measurement_truth as mt

from quizengine.engine import config, stopping
from quizengine.services import quiz

DEFAULT_SWEEP = (
    "", "stop=0.92", "stop=0.92,futility_confidence=0.9", "stop=0.91,futility_confidence=0.9",
    "stop=0.91,futility_confidence=0.9,futility=0.25", "stop=0.91,futility_confidence=0.9,futility=0.25,max=15",
    "stop=0.92,futility_confidence=0.9,futility=0.3,max=15", "futility=0.1,max=11", "top_k=1",
)


@dataclasses.dataclass(frozen=True)
class Setting:
    stop: float = stopping.DECISION_CONFIDENCE
    futility_confidence: float | None = None
    futility: float = stopping.FUTILITY
    min: int = config.QUICK_RULE.min_items
    max: int = config.QUICK_RULE.max_items or 13
    top_k: int = 25

    @classmethod
    def parse(cls, text: str) -> Setting:
        fields = {f.name: f.type for f in dataclasses.fields(cls)}
        values: dict[str, float | int] = {}
        for pair in filter(None, text.split(",")):
            key, _, value = pair.partition("=")
            if key not in fields:
                raise SystemExit(f"error: unknown setting {key!r}; known: {', '.join(fields)}")
            values[key] = int(value) if key in ("min", "max", "top_k") else float(value)
        return cls(**values)


def apply(setting: Setting) -> None:
    stopping.DECISION_CONFIDENCE = setting.stop
    stopping._Z = NormalDist().inv_cdf(setting.futility_confidence or setting.stop)
    stopping.FUTILITY = setting.futility
    config.MODE_RULES["quick"] = dataclasses.replace(config.QUICK_RULE, min_items=setting.min,
                                                     max_items=setting.max)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--takers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--correlation", type=float, default=0.5)
    parser.add_argument("settings", nargs="*", default=list(DEFAULT_SWEEP))
    args = parser.parse_args()
    design = bench_measurement.ShippedDesign.load()
    areas, titles = design.areas, design.titles
    truth = mt.true_items(design.questions, args.seed)
    abilities = mt.true_abilities(args.takers, len(areas), args.correlation, args.seed)
    engine_1 = json.loads(bench_measurement.BASELINE.read_text())[f"r={args.correlation}"]
    base = engine_1["overall"]
    print(f"engine 1 (seed 2026): questions {engine_1['questions_per_taker']:.1f}, decisive "
          f"{base['decisive_share']:.1%}, verdict accuracy {base['verdict_accuracy']:.1%}")
    for text in args.settings:
        setting = Setting.parse(text)
        apply(setting)

        def make(chosen: tuple[str, ...], role: dict[str, int], top_k: int = setting.top_k) -> config.SessionConfig:
            return dataclasses.replace(quiz.session_config("quick", chosen, titles, role), top_k=top_k)

        outcome = mt.run(design.pool, truth, make, areas, design.roles, abilities, args.seed)
        f = mt.figures(outcome)
        coverage = [mt.figures(outcome, k).coverage for k in range(len(areas))]
        max_exposure, overlap = mt.exposure(outcome)
        questions_per_taker = float(outcome.items.sum(axis=1).mean())
        low, high = bench_measurement.TARGETS["coverage"]
        fewer = 1.0 - bench_measurement.TARGETS["fewer_questions"]
        meets = (questions_per_taker <= fewer * engine_1["questions_per_taker"]
                 and f.decisive_share >= engine_1["overall"]["decisive_share"]
                 and f.verdict_accuracy >= engine_1["overall"]["verdict_accuracy"]
                 and f.observed_wrong <= f.predicted_wrong + 0.01
                 and max_exposure <= bench_measurement.TARGETS["max_exposure"]
                 and overlap <= bench_measurement.TARGETS["overlap"]
                 and all(low <= c <= high for c in coverage))
        print(f"{text or 'shipped':<58} questions {questions_per_taker:4.1f}  decisive {f.decisive_share:5.1%}  "
              f"accuracy {f.verdict_accuracy:5.1%}  wrong {f.observed_wrong:4.1%}/{f.predicted_wrong:4.1%} predicted  "
              f"coverage {min(coverage):.1%}-{max(coverage):.1%}  exposure {max_exposure:5.1%}  overlap {overlap:5.1%}"
              f"  bias<-1.5 {f.low_bias:+.2f}{'  meets the verdict targets' if meets else ''}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
