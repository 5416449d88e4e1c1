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
    aim: float,
    topic_counts: npt.NDArray[np.int64],
    method: SelectionMethod,
    top_k: int,
    rng: random.Random,
) -> int:
    """Index (within the area's arrays) of the next item among those `allowed` (at least one).

    adaptive: rank by Fisher information at `aim` (the estimate, or the target's cut point), discounted for
    repeated topics, and draw uniformly among the top k. Ties are ranked in random order: label-seeded items
    share their parameters, and breaking ties by file order would give the same first questions to everyone.
    random: draw uniformly among the allowed items.
    """
    candidates = np.flatnonzero(allowed)
    if method == "random":
        return int(candidates[rng.randrange(len(candidates))])
    topic_factor: FloatArray = TOPIC_REPEAT_DISCOUNT ** topic_counts.astype(np.float64)
    score = (fisher_information(aim, area.a[candidates], area.b[candidates], area.c[candidates])
             * topic_factor[area.topic_codes[candidates]])
    # A random key orders equal scores; the seeded stream keeps the draw reproducible for replay.
    tie_break = np.random.default_rng(rng.getrandbits(64)).random(len(candidates))
    ranked = np.lexsort((tie_break, -score))
    best = ranked[: max(1, min(top_k, len(ranked)))]
    return int(candidates[best[rng.randrange(len(best))]])


def selection_reason(
    area_title: str,
    area_note: str | None,
    method: SelectionMethod,
    item_b: float,
    aim: float,
    new_topic: bool,
    *,
    at_cut: bool = False,
) -> str:
    """E.g. "Statistics: least precise area so far; difficulty near your current estimate"."""
    parts: list[str] = []
    if area_note:
        parts.append(area_note)
    if method == "random":
        parts.append("picked at random")
    else:
        gap = item_b - aim
        where = "the threshold of your target level" if at_cut else "your current estimate"
        if abs(gap) <= NEAR_BAND:
            parts.append(f"difficulty near {where}")
        elif gap > 0:
            parts.append(f"a step above {where}")
        else:
            parts.append(f"a step below {where}")
    if new_topic:
        parts.append("a topic not asked yet")
    return f"{area_title}: {'; '.join(parts)}"
