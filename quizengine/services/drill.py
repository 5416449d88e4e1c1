"""A drill: a focus measurement of one area restricted to some of its topics (the weak ones).

Its answers are measuring answers like any focus attempt's (given before feedback on them), so they feed the
learner's profile; only the pool is narrower. With too few questions on those topics it drills the whole area and
says so, rather than stopping after two questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizengine.bank.library import Library
from quizengine.engine.items import ItemParams
from quizengine.engine.pool import ItemPool

# Fewer questions than this on the chosen topics cannot settle anything: drill the whole area instead.
MIN_DRILL_QUESTIONS = 5


@dataclass(frozen=True)
class DrillScope:
    area: str
    topics: tuple[str, ...]  # empty: the whole area
    question_count: int
    note: str  # for the learner: what is drilled, and why the whole area if it fell back


def drill_scope(library: Library, area: str, topics: Sequence[str]) -> DrillScope:
    """The questions a drill of `topics` in `area` would draw from; topics of other areas are ignored."""
    area_title = library.area_title(area)
    in_area = [q for q in library.questions if q.area == area]
    wanted = tuple(dict.fromkeys(t for t in topics if library.topics.get(t, ("", None))[0] == area))
    chosen = [q for q in in_area if q.topic in wanted]
    titles = ", ".join(library.topic_title(t) for t in wanted)
    if wanted and len(chosen) >= MIN_DRILL_QUESTIONS:
        return DrillScope(area, wanted, len(chosen), f"Drill on {titles}: {len(chosen)} questions.")
    if wanted:
        count = f"only {len(chosen)} question{'s' if len(chosen) != 1 else ''}"
        return DrillScope(area, (), len(in_area), f"{titles}: {count}, too few for a drill; drilling all of "
                                                  f"{area_title} ({len(in_area)} questions) instead.")
    return DrillScope(area, (), len(in_area), f"Drill on all of {area_title}: {len(in_area)} questions.")


def restricted_pool(items: Sequence[ItemParams], topics: Sequence[str]) -> ItemPool:
    """The pool a drill draws from: only the items of `topics` (the caller has already checked there are enough)."""
    wanted = set(topics)
    return ItemPool.build([item for item in items if item.topic in wanted])


def shown_mode(mode: str, settings: Mapping[str, object]) -> str:
    """The attempt's mode as lists show it: a focus attempt restricted to topics is a drill."""
    return "drill" if mode == "focus" and stored_topics(settings) else mode


def stored_topics(settings: Mapping[str, object]) -> tuple[str, ...]:
    """The drill's topics as stored with its attempt (empty for any other attempt)."""
    topics = settings.get("drill_topics")
    return tuple(str(t) for t in topics) if isinstance(topics, list) else ()
