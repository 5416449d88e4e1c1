"""Session configuration: which areas, which mode, and the stopping rule each mode implies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# Stored with every answer. Bump it whenever the model, estimation or selection changes what an answer means,
# so stored history can always be interpreted with the engine that produced it.
ENGINE_VERSION = "1"

Mode = Literal["quick", "thorough", "focus", "practice"]
SelectionMethod = Literal["adaptive", "random"]


@dataclass(frozen=True)
class StoppingRule:
    """Per area: stop once min_items are asked and SE <= target_se, or at max_items (None: no such limit)."""

    min_items: int
    target_se: float | None
    max_items: int | None

    def __post_init__(self) -> None:
        if self.min_items < 0:
            raise ValueError("min_items must be >= 0")
        if self.target_se is not None and self.target_se <= 0:
            raise ValueError("target_se must be positive (or None for no precision target)")
        if self.max_items is not None and self.max_items < max(self.min_items, 1):
            raise ValueError("max_items must be >= min_items and >= 1")


# A floor of a few questions per area so no verdict rests on one or two answers, even when the prior borrowed
# from other areas is already sharp.
QUICK_RULE = StoppingRule(min_items=3, target_se=0.4, max_items=12)
THOROUGH_RULE = StoppingRule(min_items=5, target_se=0.3, max_items=20)
NO_STOPPING_RULE = StoppingRule(min_items=0, target_se=None, max_items=None)
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
    area_correlation: assumed correlation between areas' abilities; 0 makes areas independent.
    top_k: the next question is drawn at random among the k most informative, for variety.
    selection: "random" ignores information (used to show what adaptivity buys).
    stopping: overrides the mode's per-area rule (simulations and benchmarks).
    area_titles: human names used in selection reasons (default: the area id).
    """

    mode: Mode
    areas: tuple[str, ...]
    practice_items: int = 10
    max_total_items: int | None = None
    area_correlation: float = 0.5
    top_k: int = 3
    selection: SelectionMethod = "adaptive"
    stopping: StoppingRule | None = None
    area_titles: Mapping[str, str] = field(default_factory=dict, compare=False)

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
        if self.top_k < 1:
            raise ValueError("top_k must be >= 1")
        if self.selection not in ("adaptive", "random"):
            raise ValueError(f"unknown selection {self.selection!r}")

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
