"""Choosing the next question within an area, and saying why in plain words."""

from __future__ import annotations

import random

import numpy as np

from quizengine.engine.config import SelectionMethod
from quizengine.engine.irt import fisher_information
from quizengine.engine.pool import IntArray, ItemPool

# Each earlier question on the same topic (in this area, this attempt) scales an item's information by this
# factor when ranking, so topics are spread unless a repeat is clearly more informative.
TOPIC_REPEAT_DISCOUNT = 0.85
# |b - theta| within this band counts as "near your current estimate" in the reason text.
NEAR_BAND = 0.5


def choose_item(
    pool: ItemPool,
    candidates: IntArray,
    theta: float,
    topic_counts: IntArray,
    method: SelectionMethod,
    top_k: int,
    rng: random.Random,
) -> int:
    """Pool position of the next item among `candidates` (non-empty, ascending positions).

    adaptive: rank by Fisher information at theta (discounted for repeated topics) and draw among the top k
    (randomesque exposure control) with probability proportional to that score, so variety costs less
    precision than a uniform draw. random: draw uniformly among all candidates.
    """
    if method == "random":
        return int(candidates[rng.randrange(len(candidates))])
    information = fisher_information(theta, pool.a[candidates], pool.b[candidates], pool.c[candidates])
    score = information * TOPIC_REPEAT_DISCOUNT ** topic_counts[pool.topic_codes[candidates]]
    k = min(top_k, len(candidates))
    top = np.argpartition(-score, k - 1)[:k] if k < len(candidates) else np.arange(len(candidates))
    # Fixed order (best first, ties by position) so the seeded draw is reproducible.
    ranked = sorted(top.tolist(), key=lambda i: (-float(score[i]), i))
    weights = [float(score[i]) for i in ranked]
    draw = rng.random() * sum(weights)
    for index, weight in zip(ranked, weights, strict=True):
        draw -= weight
        if draw < 0:
            return int(candidates[index])
    return int(candidates[ranked[-1]])  # draw landed on the rounding edge, or every score is 0


def selection_reason(
    area_title: str,
    several_areas: bool,
    method: SelectionMethod,
    item_b: float,
    theta: float,
    new_topic: bool,
) -> str:
    """E.g. "Statistics: least precise area so far; difficulty near your current estimate"."""
    parts: list[str] = []
    if several_areas:
        parts.append("least precise area so far")
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
