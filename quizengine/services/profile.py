"""One profile per learner: each area's estimate carries over from attempt to attempt, widened for learning.

An attempt starts each area from the learner's latest estimate (its posterior), so its snapshot combines every
measuring answer so far (answers given before any feedback on them; review answers given after seeing the
explanation never count). Between attempts the ability may have moved: the prior's variance grows by
DRIFT_VARIANCE_PER_DAY for each day since that estimate (a random walk: a learner studying for three months
can plausibly be about one logit, more than a level, away), and never beyond the population's N(0, 1).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

DRIFT_SD_PER_QUARTER = 0.5
DRIFT_VARIANCE_PER_DAY = DRIFT_SD_PER_QUARTER**2 / 91.0
POPULATION_SD = 1.0


@dataclass(frozen=True)
class AreaEvidence:
    theta: float
    se: float
    evidence_items: int
    measured_at: dt.datetime


def carried_prior(evidence: AreaEvidence, now: dt.datetime) -> tuple[float, float]:
    """(mean, SD) to start an area from: the last estimate, its SD widened by the time since, capped at 1."""
    days = max((now - evidence.measured_at).total_seconds() / 86_400.0, 0.0)
    sd = math.sqrt(evidence.se**2 + DRIFT_VARIANCE_PER_DAY * days)
    return evidence.theta, min(sd, POPULATION_SD)


def carried_priors(latest: Mapping[str, AreaEvidence], now: dt.datetime) -> dict[str, tuple[float, float]]:
    return {area: carried_prior(evidence, now) for area, evidence in latest.items()}
