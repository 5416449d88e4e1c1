"""Certainty-based marking and confidence calibration, as Moodle's CBM does it.

A learner who turned the confidence step on says low, medium or high after each answer. Marks reward knowing
what you know: low +1 right / 0 wrong, medium +2 / -2, high +3 / -6. Each level pays best in a band of the chance
of being right (Moodle: low below 67%, medium 67-80%, high above 80%), so answers at a level that are right less
often than its band says are overconfident, and more often, underconfident. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from quizengine.services.views import AreaCalibration, CalibrationRow

CONFIDENCE_LEVELS = ("low", "medium", "high")
# (mark if right, mark if wrong) per level.
CBM_MARKS: dict[str, tuple[int, int]] = {"low": (1, 0), "medium": (2, -2), "high": (3, -6)}
# The chance of being right for which each level earns the best expected mark, ends included (at 2/3 low and
# medium earn the same; at 4/5 medium and high do).
BEST_BAND: dict[str, tuple[Fraction, Fraction]] = {"low": (Fraction(0), Fraction(2, 3)),
                                                   "medium": (Fraction(2, 3), Fraction(4, 5)),
                                                   "high": (Fraction(4, 5), Fraction(1))}
MIN_ANSWERS_TO_JUDGE = 3  # fewer answers at a level say nothing about calibration there


@dataclass(frozen=True)
class RatedAnswer:
    """One measuring answer with the confidence the learner gave it."""

    area: str
    confidence: str
    correct: bool
    score: float  # credit 0..1 (select-all questions give partial credit)


def cbm_mark(confidence: str, score: float) -> float:
    """Moodle's rule: any credit earns the level's right mark times the credit; none earns its wrong mark."""
    right, wrong = CBM_MARKS[confidence]
    return right * score if score > 0 else float(wrong)


def _row(confidence: str, answers: list[RatedAnswer]) -> CalibrationRow:
    right = sum(1 for answer in answers if answer.correct)
    return CalibrationRow(confidence, len(answers), right, right / len(answers) if answers else 0.0,
                          sum(cbm_mark(confidence, answer.score) for answer in answers))


def reading(title: str, rows: list[CalibrationRow]) -> str:
    """One line: the level furthest outside its best band (with enough answers), or that confidence fits."""
    judged = [row for row in rows if row.answers >= MIN_ANSWERS_TO_JUDGE]
    if not judged:
        return (f"{title}: too few answers with a confidence to judge calibration "
                f"(at least {MIN_ANSWERS_TO_JUDGE} at one level).")
    worst: tuple[Fraction, str] | None = None
    for row in judged:
        low, high = BEST_BAND[row.confidence]
        share = Fraction(row.right, row.answers)  # exact, so a share on a band's end is inside it
        if share < low:
            line = (f"overconfident in {title}: '{row.confidence}' answers right {row.accuracy:.0%} of the time "
                    f"(that level pays off from {float(low):.0%})")
            gap = low - share
        elif share > high:
            line = (f"underconfident in {title}: '{row.confidence}' answers right {row.accuracy:.0%} of the time "
                    f"(a surer level would have earned more)")
            gap = share - high
        else:
            continue
        if worst is None or gap > worst[0]:
            worst = (gap, line)
    if worst is None:
        return f"{title}: your confidence fits your accuracy."
    return worst[1][0].upper() + worst[1][1:] + "."


def calibrate(answers: Iterable[RatedAnswer], title_of: Callable[[str], str]) -> list[AreaCalibration]:
    """Per area with any answer given a confidence: the three levels' counts, accuracy and marks, and a reading."""
    by_area: dict[str, dict[str, list[RatedAnswer]]] = {}
    for answer in answers:
        if answer.confidence in CBM_MARKS:
            by_area.setdefault(answer.area, {level: [] for level in CONFIDENCE_LEVELS})[answer.confidence].append(
                answer)
    result = []
    for area, levels in by_area.items():
        title = title_of(area)
        rows = [_row(level, levels[level]) for level in CONFIDENCE_LEVELS]
        count = sum(row.answers for row in rows)
        result.append(AreaCalibration(area, title, rows, sum(row.mark for row in rows),
                                      float(CBM_MARKS["high"][0] * count), reading(title, rows)))
    return result
