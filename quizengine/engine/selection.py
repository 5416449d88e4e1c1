"""Choosing the next question within an area, and saying why in plain words."""

from __future__ import annotations

import random

import numpy as np
import numpy.typing as npt

from quizengine.engine.config import SelectionMethod
from quizengine.engine.irt import FloatArray, fisher_information
from quizengine.engine.pool import AreaItems

# Each earlier question on the same topic (in this area, this attempt) scales an item's information by this
# factor when ranking, so topics are spread unless a repeat is clearly more informative.
TOPIC_REPEAT_DISCOUNT = 0.85
# |b - theta| within this band counts as "near your current estimate" in the reason text.
NEAR_BAND = 0.5


def choose_item(
    area: AreaItems,
    allowed: npt.NDArray[np.bool_],
    theta: float,
    topic_counts: npt.NDArray[np.int64],
    method: SelectionMethod,
    top_k: int,
    rng: random.Random,
) -> int:
    """Index (within the area's arrays) of the next item among those `allowed` (at least one).

    adaptive: rank by Fisher information at theta (discounted for repeated topics) and draw among the top k
    (randomesque exposure control) with probability proportional to that score, so variety costs less
    precision than a uniform draw. random: draw uniformly among the allowed items.
    """
    if method == "random":
        candidates = np.flatnonzero(allowed)
        return int(candidates[rng.randrange(len(candidates))])
    topic_factor: FloatArray = TOPIC_REPEAT_DISCOUNT ** topic_counts.astype(np.float64)
    score = fisher_information(theta, area.a, area.b, area.c) * topic_factor[area.topic_codes]
    score[~allowed] = -1.0  # information is never negative, so excluded items rank last
    # Top k by repeated argmax: k is small, and this is several times faster than a partition of the pool.
    # The ranking is best first with ties to the lower index, so the seeded draw below is reproducible.
    ranked: list[int] = []
    weights: list[float] = []
    for _ in range(min(top_k, int(np.count_nonzero(allowed)))):
        best = int(np.argmax(score))
        ranked.append(best)
        weights.append(float(score[best]))
        score[best] = -np.inf
    draw = rng.random() * sum(weights)
    for index, weight in zip(ranked, weights, strict=True):
        draw -= weight
        if draw < 0:
            return index
    return ranked[-1]  # the draw landed on the rounding edge, or every score is 0


def selection_reason(
    area_title: str,
    area_note: str | None,
    method: SelectionMethod,
    item_b: float,
    theta: float,
    new_topic: bool,
) -> str:
    """E.g. "Statistics: least precise area so far; difficulty near your current estimate"."""
    parts: list[str] = []
    if area_note:
        parts.append(area_note)
    if method == "random":
        parts.append("picked at random")
    else:
        gap = item_b - theta
        if abs(gap) <= NEAR_BAND:
            parts.append("difficulty near your current estimate")
        elif gap > 0:
            parts.append("a step above your current estimate")
        else:
            parts.append("a step below your current estimate")
    if new_topic:
        parts.append("a topic not asked yet")
    return f"{area_title}: {'; '.join(parts)}"
