"""Item parameters for the IRT model, and their seeds from a question's difficulty label."""

from __future__ import annotations

from dataclasses import dataclass

# b for difficulty labels 1..5: evenly spread over the central part of a N(0, 1) ability scale, so a label-3
# question is answered correctly by about half of a typical population.
DIFFICULTY_TO_B: dict[int, float] = {1: -1.5, 2: -0.75, 3: 0.0, 4: 0.75, 5: 1.5}
DEFAULT_DISCRIMINATION = 1.0


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
        if not 0.0 <= self.c < 1.0:
            raise ValueError(f"item {self.id!r}: guessing floor c must be in [0, 1), got {self.c}")


def seed_params(
    difficulty: int, a: float | None = None, b: float | None = None, c: float | None = None
) -> tuple[float, float, float]:
    """(a, b, c) for a question: explicit (or calibrated) values win, otherwise seeds from its label 1..5."""
    if difficulty not in DIFFICULTY_TO_B:
        raise ValueError(f"difficulty must be 1..5, got {difficulty}")
    return (
        DEFAULT_DISCRIMINATION if a is None else a,
        DIFFICULTY_TO_B[difficulty] if b is None else b,
        0.0 if c is None else c,
    )
