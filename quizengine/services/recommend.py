"""Gap analysis against a target role, and a ranked study plan for each gap. Pure functions, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

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


# How many study hours a gap is worth: a miss or two one level short is a short read, not a textbook. A resource
# below the learner's level is only offered as a refresher if it fits this budget.
SMALL_GAP_HOURS, MEDIUM_GAP_HOURS, LARGE_GAP_HOURS = 8.0, 25.0, 80.0
# A resource covering none of the missed topics still fits a topic-specific gap if it is a guide to the area as a
# whole: it covers at least this share of the area's topics (or has no topic tags). Half is not enough: a Vertex AI
# certification covers half of the cloud topics and is no answer to a missed SageMaker question.
BROAD_SHARE = 2 / 3
# Reference documentation is looked up, not read through: its hours are the whole reference, so a long one still
# serves as a refresher for the part that was missed.
LOOKED_UP_KINDS = frozenset({"docs"})


def hours_budget(level_gap: int | None, misses: int) -> float:
    """The study time a gap calls for, from how many levels short the learner is and how many questions they missed."""
    gap = level_gap or 0
    if gap >= 2 or misses >= 6:
        return LARGE_GAP_HOURS
    if misses >= 3:
        return MEDIUM_GAP_HOURS
    return SMALL_GAP_HOURS


def _is_broad(resource: Resource, area_topics: Sequence[str]) -> bool:
    if not resource.topics:
        return True
    covered = sum(1 for topic in area_topics if topic in resource.topics)
    return bool(area_topics) and covered / len(area_topics) >= BROAD_SHARE


def _level_fit(resource: Resource, level: int) -> int:
    """0 for the next step up, 1 for the learner's own level, then two steps up (a stretch), then further above or
    any level below (a refresher)."""
    step = resource.level - level
    if step == 1:
        return 0
    if step == 0:
        return 1
    return step if step > 1 else 2 - step


def _size_fit(resource: Resource, budget: float) -> int:
    if resource.hours <= budget:
        return 0
    return 1 if resource.hours <= 3 * budget else 2


def _reason(resource: Resource, library: Library, missed: Mapping[str, int], level: int, budget: float) -> str:
    parts = []
    hit_topics = sorted((t for t in resource.topics if missed.get(t)), key=lambda t: -missed[t])
    if hit_topics:
        misses = sum(missed[t] for t in hit_topics)
        titles = ", ".join(library.topic_title(t) for t in hit_topics[:3])
        more = f" and {len(hit_topics) - 3} more" if len(hit_topics) > 3 else ""
        parts.append(f"covers {titles}{more}, where you missed {misses} question{'s' if misses != 1 else ''}")
    elif any(missed.values()):
        parts.append(f"a broad guide to {library.area_title(resource.areas[0])}, not aimed at what you missed")
    else:
        parts.append(f"covers {library.area_title(resource.areas[0]) if resource.areas else 'this area'}")
    step = resource.level - level
    if step == 1:
        parts.append("one step above your current level")
    elif step == 0:
        parts.append("at your current level")
    elif step > 1:
        parts.append(f"{LEVEL_NAMES[resource.level - 1].lower()} level, a stretch")
    elif resource.kind in LOOKED_UP_KINDS:
        parts.append("a reference below your level" + (": look up the part you missed" if hit_topics else ""))
    else:
        parts.append("a short refresher below your level")
    if _size_fit(resource, budget) == 2 and resource.kind not in LOOKED_UP_KINDS:
        chapters = ": pick the chapters you need" if resource.kind in ("book", "course", "video") else ""
        parts.append(f"long ({resource.hours:g} h) for a gap this size{chapters}")
    parts.append("free" if resource.free else "paid")
    return "; ".join(parts)


def study_plan(library: Library, area: str, level: int, missed_topics: Counter[str],
               limit: int = PLAN_LENGTH, *, target: int | None = None, done: Collection[str] = (),
               started: Collection[str] = ()) -> list[ResourceSuggestion]:
    """Resources for one gap, best first.

    Only active offerings of the area the learner has not marked done. Ones they started come first. Then topic
    match: a resource covering a missed topic ranks above every one that doesn't, and for a gap with missed topics
    a resource aimed at other topics only (not a broad guide to the area) is not offered at all; each pick
    prefers a missed topic the earlier picks leave uncovered. Then level fit
    (the next step up is best), then size against the gap (a short read for a small gap; anything below the
    learner's level must be a short refresher), then how many of the misses it covers, free before paid, fewer
    hours. Resources sharing a URL are offered once.
    """
    misses = sum(missed_topics.values())
    budget = hours_budget(None if target is None else target - level, misses)
    area_model = library.areas.get(area)
    area_topics = [topic.id for topic in area_model.topics] if area_model else []
    candidates: list[Resource] = []
    for resource in library.resources.values():
        if area not in resource.areas or resource.status != "active" or resource.id in done:
            continue
        covers_a_miss = any(missed_topics.get(t) for t in resource.topics)
        if misses and not covers_a_miss and not _is_broad(resource, area_topics):
            continue  # aimed at topics this gap is not about
        if (resource.level < level and resource.hours > budget and resource.kind not in LOOKED_UP_KINDS
                and resource.id not in started):
            continue  # a long course or book below the learner's level is not a refresher
        candidates.append(resource)

    def key(resource: Resource, uncovered: set[str]) -> tuple[int, int, int, int, int, int, int, float, str]:
        covered = sum(missed_topics[t] for t in resource.topics if missed_topics.get(t))
        # Among those that cover a miss, one that covers a missed topic no earlier pick covers comes first, so a
        # plan for three missed topics does not spend all three places on one of them.
        new_topic = any(t in uncovered for t in resource.topics)
        return (0 if resource.id in started else 1, 0 if covered or not misses else 1, 0 if new_topic else 1,
                _level_fit(resource, level), _size_fit(resource, budget), -covered, 0 if resource.free else 1,
                resource.hours, resource.id)

    plan: list[ResourceSuggestion] = []
    uncovered = {topic for topic, count in missed_topics.items() if count}
    urls: set[str] = set()
    while candidates and len(plan) < limit:
        best = min(candidates, key=lambda resource: key(resource, uncovered))
        candidates.remove(best)
        if best.url in urls:
            continue
        urls.add(best.url)
        uncovered -= set(best.topics)
        plan.append(ResourceSuggestion(best.id, best.title, best.url, best.kind, best.level, best.free, best.hours,
                                       _reason(best, library, missed_topics, level, budget)))
    return plan
