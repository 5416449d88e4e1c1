"""Item parameters for the IRT model, and their seeds from a question's difficulty label and type."""

from __future__ import annotations

import math
from dataclasses import dataclass

# b for difficulty labels 1..5: evenly spread over the central part of a N(0, 1) ability scale, so a label-3
# question is answered correctly by about half of a typical population.
DIFFICULTY_TO_B: dict[int, float] = {1: -1.5, 2: -0.75, 3: 0.0, 4: 0.75, 5: 1.5}
# a = 1 on the logistic scale (0.59 in the normal-ogive metric) is a modest discrimination for hand-written,
# uncalibrated items; overstating a would make every interval too narrow, understating it only too wide.
DEFAULT_DISCRIMINATION = 1.0
# A label places an item only roughly: its true difficulty is taken to lie within about +/- 1 level step of the
# label's b (SD 0.5). Averaging the logistic over that uncertainty flattens it to a / sqrt(1 + pi a^2 s^2 / 8).
LABEL_B_SD = 0.5
# The guessing floor c is capped here (the schema allows up to this): above it an item says almost nothing.
MAX_GUESSING = 0.5
# True/false: chance is 0.5, but statements written to lure a misconception are answered below chance by the
# learners who hold it, so the floor sits a little under 0.5.
TRUE_FALSE_GUESSING = 0.45


@dataclass(frozen=True, slots=True)
class ItemParams:
    """One question as the engine sees it: 3PL parameters plus where it belongs (c = 0 gives 2PL)."""

    id: str
    area: str
    topic: str
    a: float
    b: float
    c: float = 0.0

    def __post_init__(self) -> None:
        if not self.a > 0:
            raise ValueError(f"item {self.id!r}: discrimination a must be positive, got {self.a}")
        if not 0.0 <= self.c <= MAX_GUESSING:
            raise ValueError(f"item {self.id!r}: guessing floor c must be in [0, {MAX_GUESSING}], got {self.c}")


def guessing_floor(kind: str, option_count: int = 0) -> float:
    """The chance of a right answer by guessing alone, by question type.

    single_choice: 1/k for k options. multiple_choice (select all that apply, graded all-or-nothing): one of the
    2^k - 1 non-empty selections, 1 / (2^k - 1). true_false: TRUE_FALSE_GUESSING. Typed answers (numeric,
    short_text): 0.
    """
    if kind == "single_choice":
        return min(MAX_GUESSING, 1.0 / max(option_count, 2))
    if kind == "multiple_choice":
        return 1.0 / float((1 << max(option_count, 1)) - 1)
    if kind == "true_false":
        return TRUE_FALSE_GUESSING
    return 0.0


def label_discrimination(a: float) -> float:
    """The discrimination a label-seeded item shows once its difficulty's uncertainty is averaged out."""
    return float(a / math.sqrt(1.0 + math.pi * a * a * LABEL_B_SD**2 / 8.0))


def seed_params(
    difficulty: int,
    a: float | None = None,
    b: float | None = None,
    c: float | None = None,
    *,
    kind: str = "numeric",
    option_count: int = 0,
) -> tuple[float, float, float]:
    """(a, b, c) for a question: explicit (or calibrated) values win; otherwise b from its label 1..5 (with a
    flattened for the label's uncertainty) and c from its type."""
    if difficulty not in DIFFICULTY_TO_B:
        raise ValueError(f"difficulty must be 1..5, got {difficulty}")
    seeded_a = DEFAULT_DISCRIMINATION if a is None else a
    return (
        label_discrimination(seeded_a) if b is None else seeded_a,
        DIFFICULTY_TO_B[difficulty] if b is None else b,
        guessing_floor(kind, option_count) if c is None else c,
    )
