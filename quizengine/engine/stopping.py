"""Classification stopping: is an area's verdict against its target cut decided, or out of reach?"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from quizengine.engine.config import DECISION_CONFIDENCE
from quizengine.engine.irt import FloatArray, fisher_information
from quizengine.engine.levels import probability_at_or_above

# Stochastic curtailment: an area stops early as "too close to call" when, even if the best remaining
# questions are asked up to its limit, a verdict has less than this chance of being reached. Those questions
# would rarely change what the learner is told; they are better spent on areas that can still be decided.
FUTILITY = 0.2
_Z = NormalDist().inv_cdf(DECISION_CONFIDENCE)


def decided(theta: float, se: float, cut: float) -> bool:
    chance = probability_at_or_above(theta, se, cut)
    return chance >= DECISION_CONFIDENCE or chance <= 1.0 - DECISION_CONFIDENCE


def verdict_reachable(theta: float, se: float, cut: float, a: FloatArray, b: FloatArray, c: FloatArray,
                      remaining: int) -> bool:
    """Whether a verdict can still be reached with `remaining` more questions among items (a, b, c).

    The best `remaining` informations at the cut give the SE at the limit, se_f. The estimate at the limit is
    predicted as N(theta, se^2 - se_f^2) (the law of total variance); a verdict needs |theta_f - cut| >= z se_f.
    """
    if remaining <= 0 or len(a) == 0:
        return False
    information = np.sort(fisher_information(cut, a, b, c))[::-1][:remaining]
    final_se = 1.0 / math.sqrt(1.0 / se**2 + float(information.sum()))
    spread = math.sqrt(max(se**2 - final_se**2, 1e-12))
    distance = theta - cut
    normal = NormalDist()
    chance = normal.cdf((distance - _Z * final_se) / spread) + normal.cdf((-distance - _Z * final_se) / spread)
    return chance >= FUTILITY
