"""From an ability estimate to a named level and a 0-100 score with an interval.

Levels follow the difficulty labels of the questions: level L is the label whose seeded difficulty b
(-1.5, -0.75, 0, 0.75, 1.5) lies nearest the estimate, i.e. "you answer about half of level-L questions".
The cut points are the midpoints between those b values:

    Novice        theta < -1.125
    Beginner     -1.125 <= theta < -0.375
    Intermediate -0.375 <= theta <  0.375
    Advanced      0.375 <= theta <  1.125
    Expert        1.125 <= theta

The score is the percentile of the estimate in the reference population (abilities ~ N(0, 1)):
score = round(100 * Phi(theta)), so the level cuts sit at scores 13, 35, 65 and 87. The interval maps
theta +/- 1.96 SE the same way (a 95% credible interval, clipped to 0..100 by construction).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

LEVEL_NAMES = ("Novice", "Beginner", "Intermediate", "Advanced", "Expert")
LEVEL_CUTS = (-1.125, -0.375, 0.375, 1.125)
INTERVAL_Z = 1.96


@dataclass(frozen=True)
class LevelReport:
    level: int  # 1..5
    name: str
    score: int  # 0..100
    score_low: int
    score_high: int


def level_of_theta(theta: float) -> int:
    """Level 1..5 of an ability estimate (see the module docstring for the cut points)."""
    return bisect.bisect_right(LEVEL_CUTS, theta) + 1


def score_of_theta(theta: float) -> int:
    """0-100 score: the percentile of theta under the standard normal reference population."""
    percentile = 0.5 * (1.0 + math.erf(theta / math.sqrt(2.0)))
    return round(100.0 * percentile)


def level_band(theta: float, se: float) -> tuple[int, int]:
    """The levels at the two ends of the 95% interval: the band the ability lies in, as far as is known."""
    return level_of_theta(theta - INTERVAL_Z * se), level_of_theta(theta + INTERVAL_Z * se)


def band_name(theta: float, se: float) -> str:
    """E.g. "Intermediate" when the whole interval is in one level, "Beginner to Advanced" when it spans three."""
    low, high = level_band(theta, se)
    return LEVEL_NAMES[low - 1] if low == high else f"{LEVEL_NAMES[low - 1]} to {LEVEL_NAMES[high - 1]}"


def cut_of_level(target: int | None) -> float | None:
    """The ability at which a target level begins (None for levels 0 and 1, which every learner meets)."""
    if target is None or target <= 1:
        return None
    return LEVEL_CUTS[min(target, len(LEVEL_NAMES)) - 2]


def probability_at_or_above(theta: float, se: float, cut: float) -> float:
    """Posterior probability (normal approximation) that the ability is at or above the cut point."""
    if se <= 0:
        return 1.0 if theta >= cut else 0.0
    return 0.5 * (1.0 + math.erf((theta - cut) / (se * math.sqrt(2.0))))


def level_report(theta: float, se: float) -> LevelReport:
    if not (math.isfinite(theta) and math.isfinite(se)) or se < 0:
        raise ValueError(f"need a finite estimate and a non-negative SE, got theta={theta}, se={se}")
    level = level_of_theta(theta)
    return LevelReport(
        level=level,
        name=LEVEL_NAMES[level - 1],
        score=score_of_theta(theta),
        score_low=score_of_theta(theta - INTERVAL_Z * se),
        score_high=score_of_theta(theta + INTERVAL_Z * se),
    )
