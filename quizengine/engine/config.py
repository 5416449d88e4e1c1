"""Session configuration: which areas, which mode, and the stopping rule each mode implies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

# Stored with every answer. Bump it whenever the model, estimation or selection changes what an answer means,
# so stored history can always be interpreted with the engine that produced it.
ENGINE_VERSION = "2"

Mode = Literal["quick", "thorough", "focus", "practice"]
SelectionMethod = Literal["adaptive", "random"]


# A verdict ("meets the target level" or "below it") is given when the posterior puts at least this much
# probability on one side of the target level's cut point; the engine stops an area on the same rule, so what
# the results say is what the stopping decided. Under the model the posterior stays calibrated however often it
# is looked at, so about 1 in 10 decisive verdicts at the threshold (fewer beyond it) is expected to be wrong.
DECISION_CONFIDENCE = 0.9

# The area correlation the borrowed prior assumes, which only aims an area's first question: conservative (the
# shipped banks' areas are not known to correlate more), and an upper bound for a calibration's estimate.
DEFAULT_AREA_CORRELATION = 0.5


def check_correlation_matrix(matrix: Sequence[Sequence[float]], size: int) -> None:
    """ValueError unless `matrix` is a size x size correlation matrix the borrowed prior can use."""
    if len(matrix) != size or any(len(row) != size for row in matrix):
        raise ValueError(f"area_correlations must be {size} x {size}, one row and column per area")
    for i, row in enumerate(matrix):
        if row[i] != 1.0:
            raise ValueError(f"area_correlations[{i}][{i}] must be 1")
        for j, value in enumerate(row):
            if i != j and not (0.0 <= value < 1.0 and value == matrix[j][i]):
                raise ValueError(f"area_correlations[{i}][{j}] must be in [0, 1) and equal [{j}][{i}]")
    if size and float(np.linalg.eigvalsh(np.asarray(matrix, dtype=np.float64)).min()) <= 1e-9:
        raise ValueError("area_correlations must be positive definite")


@dataclass(frozen=True)
class StoppingRule:
    """Per area, once min_items are asked: stop when the area's verdict against its target cut is decided
    (classification, if `decide` and the area has a cut), or when SE <= target_se (precision); otherwise stop at
    max_items, or at untargeted_max_items for an area without a target cut (None: no such limit)."""

    min_items: int
    target_se: float | None
    max_items: int | None
    decide: bool = True
    untargeted_max_items: int | None = None

    def __post_init__(self) -> None:
        if self.min_items < 0:
            raise ValueError("min_items must be >= 0")
        if self.target_se is not None and self.target_se <= 0:
            raise ValueError("target_se must be positive (or None for no precision target)")
        for limit in (self.max_items, self.untargeted_max_items):
            if limit is not None and limit < max(self.min_items, 1):
                raise ValueError("max_items must be >= min_items and >= 1")

    def limit(self, has_cut: bool) -> int | None:
        if not has_cut and self.untargeted_max_items is not None:
            return self.untargeted_max_items
        return self.max_items


# Quick: the verdict against the target role, area by area: three answers at least; an area the role requires
# goes on until its verdict is clear, it is too close to call (see engine.stopping.FUTILITY), or 13 questions; an
# area the role does not require gets a three-question sketch. The SE rule stays for very informative answers.
# On the shipped banks this asks about 50 questions for all nine areas (benchmarks/bench_measurement.py).
QUICK_RULE = StoppingRule(min_items=3, target_se=0.4, max_items=13, untargeted_max_items=3)
# Thorough and focus: a firmer estimate as well as the verdict: five answers at least, at most twenty.
THOROUGH_RULE = StoppingRule(min_items=5, target_se=0.3, max_items=20, untargeted_max_items=8)
NO_STOPPING_RULE = StoppingRule(min_items=0, target_se=None, max_items=None, decide=False)
MODE_RULES: dict[str, StoppingRule] = {
    "quick": QUICK_RULE,
    "thorough": THOROUGH_RULE,
    "focus": THOROUGH_RULE,
    "practice": NO_STOPPING_RULE,  # practice ends after a fixed number of questions instead
}


@dataclass(frozen=True)
class SessionConfig:
    """What to assess and how.

    mode: quick / thorough / focus (exactly one area, thorough rule) / practice (practice_items questions).
    areas: the areas to assess, in display order.
    max_total_items: a cap on the whole attempt (practice: the smaller of this and practice_items).
    area_correlation: assumed correlation between areas' abilities, used only to aim the first questions of an
        area that has no evidence of its own; estimates and verdicts rest on the area's own answers (0: off).
    area_correlations: when given, one correlation per pair of areas (a symmetric positive-definite matrix in
        `areas` order, unit diagonal, off-diagonals in [0, 1)), used instead of the single area_correlation: a
        calibration's estimates, so an area borrows most from the areas that go with it.
    top_k: exposure control: the next question is drawn uniformly among the k most informative (ties in random
        order). With the shipped areas of about 50 questions, 25 keeps every question under about 30% of quick
        attempts and two learners' attempts sharing about 15% of their questions (bench_measurement.py).
    cuts: per area, the ability cut point of the learner's target level (no entry: no target for that area).
    priors: per area, (mean, SD) of the learner's profile before this attempt (no entry: the population N(0, 1)).
    selection: "random" ignores information (used to show what adaptivity buys).
    stopping: overrides the mode's per-area rule (simulations and benchmarks).
    area_titles: human names used in selection reasons (default: the area id).
    """

    mode: Mode
    areas: tuple[str, ...]
    practice_items: int = 10
    max_total_items: int | None = None
    area_correlation: float = DEFAULT_AREA_CORRELATION
    area_correlations: tuple[tuple[float, ...], ...] | None = None
    top_k: int = 25
    selection: SelectionMethod = "adaptive"
    stopping: StoppingRule | None = None
    area_titles: Mapping[str, str] = field(default_factory=dict, compare=False)
    cuts: Mapping[str, float] = field(default_factory=dict)
    priors: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODE_RULES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if not self.areas:
            raise ValueError("at least one area is needed")
        if len(set(self.areas)) != len(self.areas):
            raise ValueError("areas must be distinct")
        if self.mode == "focus" and len(self.areas) != 1:
            raise ValueError("focus mode assesses exactly one area")
        if self.practice_items < 1:
            raise ValueError("practice_items must be >= 1")
        if self.max_total_items is not None and self.max_total_items < 1:
            raise ValueError("max_total_items must be >= 1")
        if not 0.0 <= self.area_correlation < 1.0:
            raise ValueError("area_correlation must be in [0, 1)")
        if self.area_correlations is not None:
            check_correlation_matrix(self.area_correlations, len(self.areas))
        if self.top_k < 1:
            raise ValueError("top_k must be >= 1")
        if self.selection not in ("adaptive", "random"):
            raise ValueError(f"unknown selection {self.selection!r}")
        for area, (_, sd) in self.priors.items():
            if not sd > 0:
                raise ValueError(f"prior SD for {area!r} must be positive")

    @property
    def stopping_rule(self) -> StoppingRule:
        return self.stopping if self.stopping is not None else MODE_RULES[self.mode]

    @property
    def total_cap(self) -> int | None:
        """The most questions this attempt may ask (None: only the per-area rules limit it)."""
        if self.mode != "practice":
            return self.max_total_items
        if self.max_total_items is None:
            return self.practice_items
        return min(self.practice_items, self.max_total_items)

    def title(self, area: str) -> str:
        return self.area_titles.get(area, area)
