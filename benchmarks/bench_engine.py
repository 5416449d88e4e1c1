"""Engine benchmarks: every target of the adaptive-engine issue, with fixed seeds, one line per figure.

Run: python benchmarks/bench_engine.py   (exit status 1 if any figure misses its target)

Synthetic 2PL banks (a ~ U(0.8, 2.0), b ~ N(0, 1)), takers with abilities ~ N(0, 1). Every comparison uses
the same bank and the same takers (and the same answer random streams) on both sides.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from dataclasses import dataclass

import numpy as np

from quizengine.engine.config import SessionConfig, StoppingRule
from quizengine.engine.irt import probability_correct
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.engine.simulation import (
    SimulationRun,
    correlated_abilities,
    run_simulation,
    summarize,
    synthetic_items,
)

BANK_SEED = 1
TAKER_SEED = 7
AREA = ("area-1",)


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    target: str
    ok: bool | None  # None: shown for context, no target


FIGURES: list[Figure] = []


def report(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    figure = Figure(name, value, target, ok)
    FIGURES.append(figure)
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    print(f"{name:<46} {value:<40} {target:<22} {verdict}", flush=True)


def one_area(items: int, config: SessionConfig, takers: int) -> tuple[ItemPool, SimulationRun]:
    pool = ItemPool.build(synthetic_items(items, 1, BANK_SEED))
    true_theta = correlated_abilities(takers, 1, 0.0, TAKER_SEED)
    return pool, run_simulation(pool, config, true_theta, TAKER_SEED)


def bench_quick(takers: int) -> None:
    _, run = one_area(60, SessionConfig("quick", AREA), takers)
    s = summarize(run)
    report("60-item bank, quick: mean length", f"{s.mean_length:.2f} items", "<= 9.5", s.mean_length <= 9.5)
    report("60-item bank, quick: RMSE", f"{s.rmse:.3f}", "<= 0.42", s.rmse <= 0.42)
    report("60-item bank, quick: bias", f"{s.bias:+.3f}", "|bias| <= 0.03", abs(s.bias) <= 0.03)


def bench_fixed_length(takers: int) -> None:
    fixed = SessionConfig("practice", AREA, practice_items=10)
    _, adaptive = one_area(60, fixed, takers)
    _, random = one_area(60, SessionConfig("practice", AREA, practice_items=10, selection="random"), takers)
    a, r = summarize(adaptive).rmse, summarize(random).rmse
    report("fixed 10 items: adaptive RMSE", f"{a:.3f}", "<= 0.40", a <= 0.40)
    report("fixed 10 items: adaptive / random RMSE", f"{a:.3f} / {r:.3f} = {a / r:.3f}", "<= 0.80", a / r <= 0.8)


def bench_equal_precision(takers: int) -> None:
    rule = StoppingRule(min_items=1, target_se=0.4, max_items=60)  # SE 0.4 or the whole 60-item bank
    _, adaptive = one_area(60, SessionConfig("quick", AREA, stopping=rule), takers)
    _, random = one_area(60, SessionConfig("quick", AREA, stopping=rule, selection="random"), takers)
    # Equal precision means both reached SE 0.4; takers where either ran out of items are censored.
    both = (adaptive.se[:, 0] <= 0.4) & (random.se[:, 0] <= 0.4)
    a_items, r_items = adaptive.items_asked[both, 0].mean(), random.items_asked[both, 0].mean()
    ratio = a_items / r_items
    report("equal precision (SE 0.4): adaptive / random", f"{a_items:.2f} / {r_items:.2f} = {ratio:.3f}",
           "<= 0.55", ratio <= 0.55)
    all_ratio = adaptive.items_asked.mean() / random.items_asked.mean()
    report("  ... takers reaching SE 0.4 with both", f"{both.mean():.1%}")
    report("  ... all takers, censored at 60 items", f"{adaptive.items_asked.mean():.2f} / "
           f"{random.items_asked.mean():.2f} = {all_ratio:.3f}")


def bench_borrowed_prior(takers: int) -> None:
    areas = tuple(f"area-{k}" for k in range(1, 5))
    pool = ItemPool.build(synthetic_items(60, 4, BANK_SEED))
    true_theta = correlated_abilities(takers, 4, 0.8, TAKER_SEED)
    borrowed = summarize(run_simulation(pool, SessionConfig("quick", areas, area_correlation=0.8),
                                        true_theta, TAKER_SEED))
    alone = summarize(run_simulation(pool, SessionConfig("quick", areas, area_correlation=0.0),
                                     true_theta, TAKER_SEED))
    saving = 1.0 - borrowed.mean_length / alone.mean_length
    same_rmse = borrowed.rmse <= alone.rmse * 1.05
    report("4 areas, r=0.8, quick: items borrowed / indep.",
           f"{borrowed.mean_length:.2f} / {alone.mean_length:.2f} ({saving:.0%} fewer)", ">= 20% fewer",
           saving >= 0.20)
    report("  ... RMSE borrowed / independent", f"{borrowed.rmse:.3f} / {alone.rmse:.3f}",
           "borrowed <= 1.05 x", same_rmse)


def bench_catsim(takers: int) -> None:
    from engine_catsim import run_catsim  # bench-only dependency, imported only here

    rule = StoppingRule(min_items=1, target_se=0.3, max_items=40)
    pool = ItemPool.build(synthetic_items(500, 1, BANK_SEED))
    true_theta = correlated_abilities(takers, 1, 0.0, TAKER_SEED)
    start = time.perf_counter()
    ours = summarize(run_simulation(pool, SessionConfig("quick", AREA, stopping=rule), true_theta, TAKER_SEED))
    our_seconds = time.perf_counter() - start
    theirs = run_catsim(pool, true_theta[:, 0], target_se=0.3, max_items=40, seed=TAKER_SEED)
    report("catsim, 500 items, SE 0.3/40: mean length", f"{ours.mean_length:.2f} vs catsim {theirs.mean_length:.2f}"
           f" ({ours.mean_length / theirs.mean_length:.3f})", "<= catsim", ours.mean_length <= theirs.mean_length)
    report("  ... RMSE", f"{ours.rmse:.3f} vs catsim {theirs.rmse:.3f}", "quizengine <= 0.31", ours.rmse <= 0.31)
    report("  ... bias", f"{ours.bias:+.3f} vs catsim {theirs.bias:+.3f}")
    report("  ... time", f"{our_seconds:.2f} s vs catsim {theirs.seconds:.2f} s "
           f"({theirs.seconds / our_seconds:.1f}x faster)", "faster", our_seconds < theirs.seconds)


def bench_latency(sessions: int) -> None:
    pool = ItemPool.build(synthetic_items(10_000, 1, BANK_SEED))
    rng = np.random.default_rng(TAKER_SEED)
    config = SessionConfig("thorough", AREA)
    recent = [item.id for item in pool.items[:500]]
    durations: list[float] = []
    gc.collect()
    for taker in range(sessions):
        theta = float(rng.standard_normal())
        session = AdaptiveSession(pool, config, seed=taker, recently_seen=recent)
        while True:
            start = time.perf_counter()
            selection = session.next_item()
            if selection is None:
                break
            middle = time.perf_counter()
            position = pool.position[selection.item_id]
            correct = bool(rng.random() < probability_correct(theta, pool.a[position], pool.b[position]))
            resume = time.perf_counter()
            session.record(selection.item_id, correct)
            durations.append((middle - start) + (time.perf_counter() - resume))
    p50, p99 = (1000 * float(x) for x in np.percentile(durations, [50, 99]))
    report("next_item + record, 10,000-item pool: p99", f"{p99:.2f} ms (median {p50:.2f}, n={len(durations)})",
           "<= 5 ms", p99 <= 5.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--takers", type=int, default=1000, help="simulated takers per figure (default 1000)")
    args = parser.parse_args()
    start = time.perf_counter()
    print(f"{'figure':<46} {'value':<40} {'target':<22} result")
    bench_quick(args.takers)
    bench_fixed_length(args.takers)
    bench_equal_precision(args.takers)
    bench_borrowed_prior(args.takers)
    bench_catsim(args.takers)
    bench_latency(200)
    failed = [figure.name for figure in FIGURES if figure.ok is False]
    print(f"{len(FIGURES) - len(failed)} of {len(FIGURES)} lines fine, {len(failed)} failed "
          f"({time.perf_counter() - start:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
