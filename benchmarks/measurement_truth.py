"""The realistic truth of the measurement issue, and the figures every engine version is judged by.

Fixed before any engine was run against it (issue 10):
- true b = label b + N(0, 0.5); true a = seed a x lognormal(0, 0.3); true c by type: 0.8/k for single choice with
  k options (0.20 for four), 0.40 true/false, 0.05 select-all, 0 for typed answers;
- theta per area N(0, 1), equal correlation between areas (0.5 and 0.8 are reported);
- each taker aims at one of the shipped roles in turn; responses come from the true parameters, the engine
  works with its own.

Only engine APIs that every version has are used here (ItemParams, ItemPool, SessionConfig, AdaptiveSession and
`probability_correct`), so the same code measures today's engine and the one it replaces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quizengine.engine.config import SessionConfig
from quizengine.engine.irt import probability_correct
from quizengine.engine.items import DIFFICULTY_TO_B
from quizengine.engine.levels import LEVEL_CUTS, level_of_theta
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession

FloatArray = npt.NDArray[np.float64]

TRUE_B_SD = 0.5
TRUE_LOG_A_SD = 0.3
SEED_A = 1.0
VERDICT_CONFIDENCE = 0.9  # the verdict rule both sides are judged by (the app's rule from engine version 2)
LOW_ABILITY = -1.5


def true_guessing(kind: str, option_count: int) -> float:
    if kind == "single_choice":
        return 0.8 / max(option_count, 2)
    if kind == "true_false":
        return 0.40
    if kind == "multiple_choice":
        return 0.05
    return 0.0


@dataclass(frozen=True)
class TrueItem:
    a: float
    b: float
    c: float


def true_items(questions: Sequence[object], seed: int) -> dict[str, TrueItem]:
    """One draw of true parameters around each question's label (the same draw for every engine)."""
    rng = np.random.default_rng([seed, 101])
    truth = {}
    for question in questions:
        label_b = DIFFICULTY_TO_B[question.difficulty]  # type: ignore[attr-defined]
        options = getattr(question, "options", None) or []
        truth[question.id] = TrueItem(  # type: ignore[attr-defined]
            a=SEED_A * math.exp(rng.normal(0.0, TRUE_LOG_A_SD)),
            b=label_b + rng.normal(0.0, TRUE_B_SD),
            c=true_guessing(question.type, len(options)),  # type: ignore[attr-defined]
        )
    return truth


def true_abilities(takers: int, areas: int, correlation: float, seed: int) -> FloatArray:
    rng = np.random.default_rng([seed, 202])
    shared = rng.standard_normal((takers, 1))
    own = rng.standard_normal((takers, areas))
    result: FloatArray = math.sqrt(correlation) * shared + math.sqrt(1.0 - correlation) * own
    return result


def cut_of(target: int | None) -> float | None:
    """Lower cut point of a target level (levels 0 and 1 have none: everyone meets them)."""
    if not target or target <= 1:
        return None
    return LEVEL_CUTS[target - 2]


def probability_at_or_above(theta: float, se: float, cut: float) -> float:
    return 0.5 * (1.0 + math.erf((theta - cut) / (max(se, 1e-9) * math.sqrt(2.0))))


@dataclass
class Outcome:
    """Per taker and area (rows: takers, columns: areas)."""

    truth: FloatArray
    estimate: FloatArray
    se: FloatArray
    items: npt.NDArray[np.int64]
    cuts: list[list[float | None]]
    seen: npt.NDArray[np.bool_]  # takers x pool items


ConfigFor = Callable[[tuple[str, ...], dict[str, int]], SessionConfig]


def run(pool: ItemPool, truth: dict[str, TrueItem], config_for: ConfigFor, areas: tuple[str, ...],
        roles: Sequence[dict[str, int]], abilities: FloatArray, seed: int) -> Outcome:
    takers = abilities.shape[0]
    estimate = np.zeros_like(abilities)
    se = np.zeros_like(abilities)
    items = np.zeros(abilities.shape, dtype=np.int64)
    seen = np.zeros((takers, len(pool)), dtype=bool)
    cuts: list[list[float | None]] = []
    column = {area: k for k, area in enumerate(areas)}
    configs = [config_for(areas, role) for role in roles]
    for taker in range(takers):
        role = roles[taker % len(roles)]
        cuts.append([cut_of(role.get(area)) for area in areas])
        answer_seed, session_seed = np.random.SeedSequence([seed, taker]).generate_state(2)
        answers = np.random.default_rng(int(answer_seed))
        session = AdaptiveSession(pool, configs[taker % len(roles)], seed=int(session_seed))
        while (selection := session.next_item()) is not None:
            true = truth[selection.item_id]
            theta = abilities[taker, column[selection.area]]
            p = float(probability_correct(theta, true.a, true.b, true.c))
            session.record(selection.item_id, bool(answers.random() < p))
            seen[taker, pool.position[selection.item_id]] = True
        for k, area in enumerate(areas):
            area_estimate = session.estimates[area]
            estimate[taker, k], se[taker, k] = area_estimate.theta, area_estimate.se
            items[taker, k] = area_estimate.n_items
    return Outcome(abilities, estimate, se, items, cuts, seen)


@dataclass(frozen=True)
class Figures:
    rmse: float
    bias: float
    low_bias: float  # bias where true theta < -1.5
    coverage: float  # share of true thetas inside estimate +/- 1.96 SE
    mean_items: float  # per taker and area (or per taker, for the whole attempt)
    level_accuracy: float
    decisive_share: float  # of the (taker, area) pairs with a target above level 1
    verdict_accuracy: float  # of decisive verdicts
    predicted_wrong: float  # the engine's own mean chance that a decisive verdict is wrong
    false_meets: float  # of truly-below pairs, the share told "meets target"

    @property
    def observed_wrong(self) -> float:
        return 1.0 - self.verdict_accuracy


def figures(outcome: Outcome, column: int | None = None, confidence: float = VERDICT_CONFIDENCE,
            min_items: int = 3) -> Figures:
    """Figures over one area (column) or all of them; a verdict needs `confidence` and `min_items` answers."""
    columns = range(outcome.truth.shape[1]) if column is None else [column]
    truth, estimate, se, items = (m[:, list(columns)] for m in
                                  (outcome.truth, outcome.estimate, outcome.se, outcome.items))
    error = estimate - truth
    low = truth < LOW_ABILITY
    decisive = correct = truly_below = told_meets = 0
    predicted = 0.0
    targeted = 0
    for taker in range(truth.shape[0]):
        for j, k in enumerate(columns):
            cut = outcome.cuts[taker][k]
            if cut is None:
                continue
            targeted += 1
            meets = bool(truth[taker, j] >= cut)
            truly_below += not meets
            if items[taker, j] < min_items:
                continue
            chance = probability_at_or_above(float(estimate[taker, j]), float(se[taker, j]), cut)
            if chance >= confidence or chance <= 1.0 - confidence:
                says_meets = chance >= confidence
                decisive += 1
                correct += says_meets == meets
                told_meets += says_meets and not meets
                predicted += 1.0 - max(chance, 1.0 - chance)
    levels = np.vectorize(level_of_theta)
    return Figures(
        rmse=float(np.sqrt(np.mean(error**2))),
        bias=float(error.mean()),
        low_bias=float(error[low].mean()) if low.any() else float("nan"),
        coverage=float(np.mean(np.abs(error) <= 1.96 * se)),
        mean_items=float(items.mean()),
        level_accuracy=float(np.mean(levels(estimate) == levels(truth))),
        decisive_share=decisive / targeted if targeted else float("nan"),
        verdict_accuracy=correct / decisive if decisive else float("nan"),
        predicted_wrong=predicted / decisive if decisive else float("nan"),
        false_meets=told_meets / truly_below if truly_below else float("nan"),
    )


def exposure(outcome: Outcome) -> tuple[float, float]:
    """(maximum item exposure, mean test overlap): overlap is the mean number of items two takers share,
    divided by the mean test length (Chen, Ankenmann & Spray 2003, for variable-length tests)."""
    seen = outcome.seen.astype(np.float64)
    takers = seen.shape[0]
    rates = seen.mean(axis=0)
    shared = seen @ seen.T
    pairs = (shared.sum() - np.trace(shared)) / (takers * (takers - 1))
    return float(rates.max()), float(pairs / seen.sum(axis=1).mean())
