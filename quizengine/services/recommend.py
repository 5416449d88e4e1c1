"""Gap analysis against a target role, and a ranked study plan for each gap. Pure functions, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from quizengine.bank.library import Library
from quizengine.bank.models import Resource
from quizengine.engine.config import DECISION_CONFIDENCE, QUICK_RULE
from quizengine.engine.levels import LEVEL_NAMES, cut_of_level
from quizengine.engine.levels import probability_at_or_above as chance_at_or_above_cut
from quizengine.services.views import ResourceSuggestion

# A verdict needs the engine's decision confidence on one side of the target level's lower cut point (the same
# rule the engine stops on), and at least the quick floor of answers behind the estimate (this attempt's and
# those carried in by the learner's profile), so no verdict rests on the population prior alone.
MIN_ITEMS_FOR_VERDICT = QUICK_RULE.min_items
PLAN_LENGTH = 3


def probability_at_or_above(theta: float, se: float, target: int) -> float:
    """Posterior probability (normal approximation) that the ability reaches the target level."""
    cut = cut_of_level(target)
    return 1.0 if cut is None else chance_at_or_above_cut(theta, se, cut)


def classify(theta: float, se: float, n_items: int, target: int | None) -> str:
    """meets / below / imprecise (not measured precisely enough) / not-required.

    Far from the target a wide interval still gives a clear verdict; near it, even a narrow one may not.
    """
    if target is None or target == 0:
        return "not-required"
    if n_items < MIN_ITEMS_FOR_VERDICT:
        return "imprecise"
    chance = probability_at_or_above(theta, se, target)
    if chance >= DECISION_CONFIDENCE:
        return "meets"
    if chance <= 1 - DECISION_CONFIDENCE:
        return "below"
    return "imprecise"


def _rank_key(resource: Resource, missed: Mapping[str, int], level: int) -> tuple[int, int, int, int, float]:
    """Relevant to what was missed first; then the level fit (the next step up is best, the same level next, far
    above or any level below worse); then free before paid; then breadth of missed topics; then fewer hours."""
    missed_covered = sum(1 for topic in resource.topics if missed.get(topic))
    step = resource.level - level
    level_fit = abs(step - 1) + (2 if step < 0 else 0)
    return (0 if missed_covered else 1, level_fit, 0 if resource.free else 1, -missed_covered, resource.hours)


def _reason(resource: Resource, library: Library, missed: Mapping[str, int], level: int) -> str:
    parts = []
    hit_topics = sorted((t for t in resource.topics if missed.get(t)), key=lambda t: -missed[t])
    if hit_topics:
        misses = sum(missed[t] for t in hit_topics)
        titles = ", ".join(library.topic_title(t) for t in hit_topics[:3])
        more = f" and {len(hit_topics) - 3} more" if len(hit_topics) > 3 else ""
        parts.append(f"covers {titles}{more}, where you missed {misses} question{'s' if misses != 1 else ''}")
    else:
        parts.append(f"covers {library.area_title(resource.areas[0]) if resource.areas else 'this area'}")
    step = resource.level - level
    if step == 1:
        parts.append("one step above your current level")
    elif step == 0:
        parts.append("at your current level")
    elif step > 1:
        parts.append(f"{LEVEL_NAMES[resource.level - 1].lower()} level, a stretch")
    else:
        parts.append("a refresher below your level")
    parts.append("free" if resource.free else "paid")
    return "; ".join(parts)


def study_plan(library: Library, area: str, level: int, missed_topics: Counter[str],
               limit: int = PLAN_LENGTH) -> list[ResourceSuggestion]:
    """Resources for one gap: matched by missed topics and level (next step up), free first, rough hours."""
    candidates = [r for r in library.resources.values() if area in r.areas]
    candidates.sort(key=lambda r: (_rank_key(r, missed_topics, level), r.id))
    return [
        ResourceSuggestion(r.id, r.title, r.url, r.kind, r.level, r.free, r.hours,
                           _reason(r, library, missed_topics, level))
        for r in candidates[:limit]
    ]
