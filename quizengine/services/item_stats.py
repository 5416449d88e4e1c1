"""Classical item analysis of the stored measuring answers, with Moodle's quiz statistics definitions.

Moodle ("Quiz statistics calculations", docs.moodle.org/dev) defines, for item scores x_i in [0, 1] and the rest
of the test X_i = T - x_i (T: the attempt's total):
  facility index F_i = 100 * mean(x_i)                          (the item's mean score, as a percentage)
  discrimination index D_i = 100 * r(x_i, X_i)                  (Pearson correlation with the rest of the test)
  discriminative efficiency E_i = 100 * C(x_i, X_i) / C_max     (C_max: the covariance of both lists sorted, the
                                                                  largest any pairing of these scores can reach)
  coefficient of internal consistency = 100 * P/(P-1) * (1 - sum V(x_i) / V(T))  (Cronbach's alpha, P items)
with sample (n - 1) variances and covariances. Moodle flags E_i < 15% and calls alpha > 75% satisfactory and
< 64% unsatisfactory.

Adaptive attempts see different questions, so here a "test" is one attempt's answers in one area, each item's
figures are over the attempts that saw it, and alpha is that of a test of the area's median length drawn from its
questions: k c / (v + (k - 1) c) with v the mean item variance and c the mean covariance of question pairs seen
together, which is exactly Moodle's alpha when every attempt sees the same questions.

Every stored Response is a measuring answer (given before its feedback); review answers live in review_logs and
never count here.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from sqlalchemy import select

from quizengine.bank.library import Library, question_hash
from quizengine.bank.models import AnyQuestion, ChoiceQuestion
from quizengine.bank.text_safety import neutralise
from quizengine.services.calibrate import calibration_for
from quizengine.services.context import ServiceContext
from quizengine.store.models import Attempt, Response

LOW_EFFICIENCY = 15.0  # Moodle flags discriminative efficiency below 15%
NEAR_ZERO_DISCRIMINATION = 10.0  # |D| below 10%: the item hardly tells stronger from weaker takers
ALPHA_SATISFACTORY = 75.0
ALPHA_UNSATISFACTORY = 64.0
MIN_EXTREME_RESPONSES = 5  # "nobody/everybody right" from fewer answers than this is not a finding
MIN_CORRELATION_RESPONSES = 10  # fewer answers than this: discrimination is not flagged (it is mostly noise)

CAVEAT = ("Adaptive data: attempts see different questions, so each question's figures are over the attempts that "
          "saw it, 'rest of test' is the rest of that attempt's answers in the same area, and alpha is for a test "
          "of the area's median length drawn from its questions. The engine picks questions near each taker's level, "
          "which by design flattens facility towards 50% and lowers discrimination and alpha against a fixed "
          "test: compare questions with each other, not with paper-test norms. Every attempt counts as a separate "
          "taker; review answers never count.")


# ---- the formulas (pure) ---------------------------------------------------------------------------------------

def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Sample covariance (n - 1 denominator); None for fewer than two pairs."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("covariance needs two lists of the same length")
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def facility_index(scores: Sequence[float]) -> float | None:
    """Mean score as a percentage of the maximum (scores are 0..1)."""
    return 100.0 * sum(scores) / len(scores) if scores else None


def discrimination_index(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """100 * the correlation of the item's scores with the rest of the test; None when either does not vary."""
    cov, var_item, var_rest = covariance(item, rest), covariance(item, item), covariance(rest, rest)
    if cov is None or var_item is None or var_rest is None or var_item <= 0 or var_rest <= 0:
        return None
    return 100.0 * cov / math.sqrt(var_item * var_rest)


def discriminative_efficiency(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """100 * C(item, rest) / C_max, C_max being the covariance of both lists sorted ascending."""
    cov = covariance(item, rest)
    largest = covariance(sorted(item), sorted(rest))
    if cov is None or largest is None or largest <= 0:
        return None
    return 100.0 * cov / largest


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Moodle's coefficient of internal consistency (percent) for complete data: one row per attempt, one column
    per item, every attempt scored on every item."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    items = len(rows[0])
    columns = [[row[i] for row in rows] for i in range(items)]
    item_variance = sum(covariance(column, column) or 0.0 for column in columns)
    totals = [sum(row) for row in rows]
    total_variance = covariance(totals, totals)
    if not total_variance:
        return None
    return 100.0 * items / (items - 1) * (1.0 - item_variance / total_variance)


def pooled_alpha(attempts: Sequence[Mapping[str, float]], length: float) -> float | None:
    """Alpha (percent) of a `length`-item test drawn from the items these attempts saw: length*c / (v + (length-1)*c)
    with v the mean item variance and c the mean covariance over item pairs seen together in two or more attempts
    (weighted by how many). Equals `cronbach_alpha` when every attempt has the same items."""
    if length < 2:
        return None
    by_item: dict[str, list[float]] = defaultdict(list)
    for attempt in attempts:
        for item, score in attempt.items():
            by_item[item].append(score)
    variances = [v for scores in by_item.values() if (v := covariance(scores, scores)) is not None]
    pairs: dict[tuple[str, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for attempt in attempts:
        names = sorted(attempt)
        for i, first in enumerate(names):
            for second in names[i + 1:]:
                xs, ys = pairs[first, second]
                xs.append(attempt[first])
                ys.append(attempt[second])
    weighted = [(len(xs) - 1, cov) for xs, ys in pairs.values() if (cov := covariance(xs, ys)) is not None]
    weight = sum(w for w, _ in weighted)
    if not variances or weight == 0:
        return None
    mean_variance = sum(variances) / len(variances)
    mean_covariance = sum(w * cov for w, cov in weighted) / weight
    denominator = mean_variance + (length - 1) * mean_covariance
    if denominator <= 0:
        return None
    return 100.0 * length * mean_covariance / denominator


def alpha_verdict(alpha: float | None) -> str:
    if alpha is None:
        return "not enough data"
    if alpha > ALPHA_SATISFACTORY:
        return "satisfactory"
    if alpha < ALPHA_UNSATISFACTORY:
        return "unsatisfactory"
    return "borderline"


def plain_line(text: str) -> str:
    """Bank text for a one-line summary: control characters shown harmlessly, line breaks and runs of spaces as one
    space (a stem's code block reads as one line)."""
    return " ".join(neutralise(text).split())


# ---- the report ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionRate:
    text: str  # plain, one line, control characters neutralised
    correct: bool
    rate: float  # share of the item's respondents (same question version) who selected it, 0..1


@dataclass(frozen=True)
class ItemStatistics:
    question_id: str
    area: str
    type: str  # "" when the question is no longer in the loaded banks
    stem: str  # plain, one line, control characters neutralised
    responses: int
    learners: int  # distinct learners behind the responses
    exposure: float  # share of the area's attempts that saw the item, 0..1
    facility: float | None
    sd: float | None  # of the item score, percent
    discrimination: float | None
    efficiency: float | None
    median_latency_ms: float | None  # over answers whose time was measured
    dont_know_rate: float
    options: tuple[OptionRate, ...]
    flags: tuple[str, ...]
    # Which parameters the engine measures with: "calibrated" (a and b from answers), "b_only", or "provisional"
    # (the label's guesses, until `bank calibrate` has enough answers for the item).
    parameters: str = "provisional"


@dataclass(frozen=True)
class AreaStatistics:
    area: str
    title: str
    attempts: int
    learners: int
    items: int
    median_length: float
    alpha: float | None
    alpha_verdict: str


@dataclass(frozen=True)
class ItemReport:
    caveat: str
    responses: int
    areas: tuple[AreaStatistics, ...]
    items: tuple[ItemStatistics, ...]

    @property
    def flagged(self) -> tuple[ItemStatistics, ...]:
        return tuple(item for item in self.items if item.flags)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class StoredAnswer:
    learner_id: int
    attempt_id: int
    question_id: str
    question_hash: str
    area: str
    score: float
    answer: Mapping[str, object]
    latency_ms: int


def item_flags(facility: float | None, discrimination: float | None, efficiency: float | None,
               responses: int) -> tuple[str, ...]:
    flags = []
    if responses >= MIN_EXTREME_RESPONSES and facility is not None and facility <= 0.0:
        flags.append("nobody right")
    if responses >= MIN_EXTREME_RESPONSES and facility is not None and facility >= 100.0:
        flags.append("everybody right")
    if responses >= MIN_CORRELATION_RESPONSES:
        if discrimination is not None and discrimination < 0:
            flags.append("negative discrimination")
        elif discrimination is not None and discrimination < NEAR_ZERO_DISCRIMINATION:
            flags.append("near-zero discrimination")
        if efficiency is not None and efficiency < LOW_EFFICIENCY:
            flags.append("efficiency < 15%")
    return tuple(flags)


def _selected(answer: Mapping[str, object]) -> list[int]:
    if answer.get("kind") != "choice":
        return []
    chosen = answer.get("selected")
    return [int(i) for i in chosen if isinstance(i, int)] if isinstance(chosen, list) else []


def _option_rates(question: AnyQuestion | None, answers: Sequence[StoredAnswer]) -> tuple[OptionRate, ...]:
    """Choice rates over the answers given to this very version of the question (option indices are the bank's)."""
    if not isinstance(question, ChoiceQuestion):
        return ()
    current = question_hash(question)
    same = [a for a in answers if a.question_hash == current]
    counts = [0] * len(question.options)
    for stored in same:
        for index in set(_selected(stored.answer)):
            if 0 <= index < len(counts):
                counts[index] += 1
    return tuple(OptionRate(plain_line(option.text), option.correct, count / len(same) if same else 0.0)
                 for option, count in zip(question.options, counts, strict=True))


def item_statistics(question_id: str, question: AnyQuestion | None, answers: Sequence[StoredAnswer],
                    totals: Mapping[tuple[int, str], float], area_attempts: int) -> ItemStatistics:
    """One item's figures from its answers; `totals` is each (attempt, area)'s summed score."""
    area = answers[0].area
    scores = [a.score for a in answers]
    rest = [totals[a.attempt_id, area] - a.score for a in answers]
    facility = facility_index(scores)
    variance = covariance(scores, scores)
    discrimination = discrimination_index(scores, rest)
    efficiency = discriminative_efficiency(scores, rest)
    timed = [a.latency_ms for a in answers if a.latency_ms > 0]
    attempts = len({a.attempt_id for a in answers})
    return ItemStatistics(
        question_id=question_id, area=area, type=question.type if question else "",
        stem=plain_line(question.stem) if question else "(not in the loaded banks)",
        responses=len(answers), learners=len({a.learner_id for a in answers}),
        exposure=attempts / area_attempts if area_attempts else 0.0,
        facility=facility, sd=100.0 * math.sqrt(variance) if variance is not None else None,
        discrimination=discrimination, efficiency=efficiency,
        median_latency_ms=float(statistics.median(timed)) if timed else None,
        dont_know_rate=sum(a.answer.get("kind") == "dont_know" for a in answers) / len(answers),
        options=_option_rates(question, answers),
        flags=item_flags(facility, discrimination, efficiency, len(answers)),
    )


def build_report(library: Library, answers: Sequence[StoredAnswer]) -> ItemReport:
    """The whole report from stored answers (already filtered to the areas wanted)."""
    totals: dict[tuple[int, str], float] = defaultdict(float)
    per_attempt: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    by_item: dict[str, list[StoredAnswer]] = defaultdict(list)
    for stored in answers:
        totals[stored.attempt_id, stored.area] += stored.score
        per_attempt[stored.attempt_id, stored.area][stored.question_id] = stored.score
        by_item[stored.question_id].append(stored)
    attempts_per_area: dict[str, list[Mapping[str, float]]] = defaultdict(list)
    for (_attempt, area), scores in per_attempt.items():
        attempts_per_area[area].append(scores)
    learners_per_area: dict[str, set[int]] = defaultdict(set)
    for stored in answers:
        learners_per_area[stored.area].add(stored.learner_id)
    known = {question.id: question for question in library.questions}
    items = [item_statistics(qid, known.get(qid), item_answers, totals, len(attempts_per_area[item_answers[0].area]))
             for qid, item_answers in by_item.items()]
    items.sort(key=lambda item: (item.area, item.question_id))
    areas = []
    for area in sorted(attempts_per_area):
        attempts = attempts_per_area[area]
        length = float(statistics.median(len(scores) for scores in attempts))
        alpha = pooled_alpha(attempts, length)
        seen = {question for scores in attempts for question in scores}
        areas.append(AreaStatistics(area, plain_line(library.area_title(area)), len(attempts),
                                    len(learners_per_area[area]), len(seen), length, alpha, alpha_verdict(alpha)))
    return ItemReport(CAVEAT, len(answers), tuple(areas), tuple(items))


class ItemStatsService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def stored_answers(self, area: str | None = None) -> list[StoredAnswer]:
        query = (select(Attempt.learner_id, Response.attempt_id, Response.question_id, Response.question_hash,
                        Response.area, Response.score, Response.answer, Response.latency_ms)
                 .join(Attempt, Response.attempt_id == Attempt.id).order_by(Response.id))
        if area is not None:
            query = query.where(Response.area == area)
        with self.context.transaction() as db:
            return [StoredAnswer(row.learner_id, row.attempt_id, row.question_id, row.question_hash, row.area,
                                 row.score, row.answer, row.latency_ms) for row in db.execute(query).all()]

    def report(self, area: str | None = None) -> ItemReport:
        report = build_report(self.context.library, self.stored_answers(area))
        calibration = calibration_for(self.context.bank_paths).calibration
        if calibration is None:
            return report
        return replace(report, items=tuple(replace(item, parameters=calibration.status_of(item.question_id))
                                           for item in report.items))
