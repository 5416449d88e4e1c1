"""Simulated takers with known abilities run through the engine: how well can a bank measure?

Pure: the caller supplies the items (a real bank or `synthetic_items`) and gets plain numbers back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from quizengine.engine.config import SessionConfig
from quizengine.engine.irt import FloatArray, probability_correct
from quizengine.engine.items import ItemParams
from quizengine.engine.pool import IntArray, ItemPool
from quizengine.engine.session import AdaptiveSession

DECILES = 10
PERCENTILE_NAMES = ("min", "p10", "median", "p90", "max")


def synthetic_items(items_per_area: int, areas: int, seed: int, topics_per_area: int = 4) -> list[ItemParams]:
    """A 2PL bank: a ~ U(0.8, 2.0), b ~ N(0, 1), items spread evenly over a few topics per area."""
    rng = np.random.default_rng(seed)
    items: list[ItemParams] = []
    for area_number in range(1, areas + 1):
        area = f"area-{area_number}"
        a = rng.uniform(0.8, 2.0, items_per_area)
        b = rng.normal(0.0, 1.0, items_per_area)
        for i in range(items_per_area):
            topic = f"{area}.topic-{i % topics_per_area + 1}"
            items.append(ItemParams(f"{area}.q{i + 1:05d}", area, topic, float(a[i]), float(b[i])))
    return items


def correlated_abilities(takers: int, areas: int, correlation: float, seed: int) -> FloatArray:
    """True abilities (takers x areas): standard normal per area, equal correlation between areas."""
    if not 0.0 <= correlation <= 1.0:
        raise ValueError("correlation must be in [0, 1]")
    rng = np.random.default_rng(seed)
    shared = rng.standard_normal((takers, 1))
    own = rng.standard_normal((takers, areas))
    result: FloatArray = np.sqrt(correlation) * shared + np.sqrt(1.0 - correlation) * own
    return result


@dataclass(frozen=True)
class SimulationRun:
    """Per taker and area (rows: takers, columns: config.areas), plus how often each pool item was asked."""

    true_theta: FloatArray
    estimate: FloatArray
    se: FloatArray
    items_asked: IntArray
    item_exposure: FloatArray  # fraction of takers who saw each item, in pool order


def run_simulation(pool: ItemPool, config: SessionConfig, true_theta: FloatArray, seed: int) -> SimulationRun:
    """Each taker answers at random according to the model at their true ability in each area."""
    takers, areas = true_theta.shape
    if areas != len(config.areas):
        raise ValueError("true_theta needs one column per configured area")
    column = {area: k for k, area in enumerate(config.areas)}
    estimate = np.zeros_like(true_theta)
    se = np.zeros_like(true_theta)
    items_asked = np.zeros((takers, areas), dtype=np.int64)
    seen = np.zeros(len(pool), dtype=np.int64)
    for taker in range(takers):
        # Independent, reproducible streams per taker: answers from one, the session seed from another.
        answer_seed, session_seed = np.random.SeedSequence([seed, taker]).generate_state(2)
        answers = np.random.default_rng(int(answer_seed))
        session = AdaptiveSession(pool, config, seed=int(session_seed))
        while (selection := session.next_item()) is not None:
            position = pool.position[selection.item_id]
            theta = true_theta[taker, column[selection.area]]
            p = float(probability_correct(theta, pool.a[position], pool.b[position], pool.c[position]))
            session.record(selection.item_id, bool(answers.random() < p))
            seen[position] += 1
        for k, area_estimate in enumerate(session.estimates.values()):
            estimate[taker, k] = area_estimate.theta
            se[taker, k] = area_estimate.se
            items_asked[taker, k] = area_estimate.n_items
    return SimulationRun(true_theta, estimate, se, items_asked, seen / max(takers, 1))


@dataclass(frozen=True)
class SimulationSummary:
    """Test length is per taker (all areas together); accuracy figures pool every (taker, area) pair."""

    takers: int
    areas: int
    mean_length: float
    length_percentiles: dict[str, float]  # min, p10, median, p90, max
    mean_items_per_area: float
    rmse: float
    bias: float
    correlation: float
    mean_se: float
    rmse_by_decile: list[float]  # deciles of true ability, lowest first
    max_exposure: float
    overlap: float  # mean share of a test that two takers have in common

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def summarize(run: SimulationRun) -> SimulationSummary:
    lengths = run.items_asked.sum(axis=1)
    truth = run.true_theta.ravel()
    error = run.estimate.ravel() - truth
    order = np.argsort(truth, kind="stable")
    groups = [group for group in np.array_split(order, DECILES) if len(group)]
    deciles = [float(np.sqrt(np.mean(error[group] ** 2))) for group in groups]
    spread = float(np.std(truth)) * float(np.std(run.estimate))
    correlation = float(np.corrcoef(truth, run.estimate.ravel())[0, 1]) if spread > 0 else float("nan")
    quantiles = np.percentile(lengths, [0, 10, 50, 90, 100])
    return SimulationSummary(
        takers=int(run.true_theta.shape[0]),
        areas=int(run.true_theta.shape[1]),
        mean_length=float(lengths.mean()),
        length_percentiles=dict(zip(PERCENTILE_NAMES, map(float, quantiles), strict=True)),
        mean_items_per_area=float(run.items_asked.mean()),
        rmse=float(np.sqrt(np.mean(error**2))),
        bias=float(error.mean()),
        correlation=correlation,
        mean_se=float(run.se.mean()),
        rmse_by_decile=deciles,
        max_exposure=float(run.item_exposure.max()) if len(run.item_exposure) else 0.0,
        overlap=test_overlap(run.item_exposure, lengths),
    )


def test_overlap(exposure: FloatArray, lengths: IntArray) -> float:
    """Mean number of questions two different takers share, over the mean test length (Chen, Ankenmann and
    Spray 2003). Ordered pairs sharing item i number n_i (n_i - 1), with n_i the takers who saw it."""
    takers = len(lengths)
    if takers < 2 or lengths.mean() == 0:
        return 0.0
    seen_by = exposure * takers
    shared = float((seen_by * (seen_by - 1.0)).sum()) / (takers * (takers - 1))
    return shared / float(lengths.mean())


def simulate(items: Sequence[ItemParams] | ItemPool, config: SessionConfig, takers: int, seed: int,
             area_correlation: float) -> SimulationSummary:
    """Draw takers whose abilities correlate `area_correlation` across areas and summarise their attempts."""
    pool = items if isinstance(items, ItemPool) else ItemPool.build(items)
    true_theta = correlated_abilities(takers, len(config.areas), area_correlation, seed)
    return summarize(run_simulation(pool, config, true_theta, seed))
