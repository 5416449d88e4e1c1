"""`bank calibrate` as a use case: read the stored measuring answers, fit the items and the area correlations,
and write the calibration file beside the banks; and read that file back for the engine.

Which answers count: every stored Response (each is a measuring answer, given before its feedback; review answers
live in review_logs and never count), only to questions still in the banks with the same content (an edited
question's old answers describe another question), and only a learner's first answer to a question (a repeat
comes after its explanation was seen). The learner, not the attempt, is the unit: one ability per area across
their attempts, since a later attempt's questions depend on the earlier ones.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizengine.bank.calibration_file import (
    CalibratedItem,
    CalibrationFile,
    CalibrationFileError,
    Status,
    Thresholds,
    calibration_path,
    read_calibration,
    write_calibration,
)
from quizengine.bank.library import Library, question_hash
from quizengine.bank.loader import default_bank_dir
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, TrueFalse
from quizengine.engine.calibration import Answers, ItemPrior, calibrate
from quizengine.engine.items import DEFAULT_DISCRIMINATION, LABEL_B_SD, seed_params
from quizengine.services.context import ServiceContext
from quizengine.store.models import Attempt, Response, utcnow

# Answers an item needs before its calibrated b (MIN_B) and a (MIN_A) replace the label's, from the recovery
# figures of benchmarks/bench_calibration.py on the shipped banks under the adaptive design (docs/calibration.md).
MIN_B_RESPONSES = 200
MIN_A_RESPONSES = 1000
MODEL = ("2PL with c {guessing}; b ~ N(label b, 0.5); log a ~ N(log seed a, 0.5); areas N(0, R), R estimated")


@dataclass(frozen=True)
class CalibrationSummary:
    path: Path
    learners: int
    responses: int
    skipped_changed: int  # answers to questions edited since, or no longer in the banks
    calibrated: int
    b_only: int
    provisional: int
    iterations: int
    converged: bool
    mean_correlation: float  # mean off-diagonal of the estimated area correlation matrix
    guessing: dict[str, float]  # estimated c per guessing group (empty when c was kept fixed)


def guessing_group(question: AnyQuestion) -> str | None:
    """The group whose items share one estimated c: type and option count ("single_choice/4"). None (c stays as
    it is) for typed answers, whose c is 0, and for a c the author set."""
    if question.c is not None or not isinstance(question, ChoiceQuestion | TrueFalse):
        return None
    options = len(question.options) if isinstance(question, ChoiceQuestion) else 2
    return f"{question.type}/{options}"


def item_priors(questions: Sequence[AnyQuestion], areas: Sequence[str], free_a: Sequence[bool],
                estimate_guessing: bool = True) -> list[ItemPrior]:
    """What the EM starts from and shrinks to: b at the label's (or the author's) b, a at the seed, c as the
    engine's (by type and option count, or the author's), shared and estimated per guessing group."""
    column = {area: k for k, area in enumerate(areas)}
    groups: dict[str, int] = {}
    priors = []
    for question, free in zip(questions, free_a, strict=True):
        options = len(question.options) if isinstance(question, ChoiceQuestion) else 0
        _, b, c = seed_params(question.difficulty, question.a, question.b, question.c, kind=question.type,
                              option_count=options)
        a_seed = DEFAULT_DISCRIMINATION if question.a is None else question.a
        group = guessing_group(question) if estimate_guessing else None
        priors.append(ItemPrior(area=column[question.area or ""], b_mean=b, b_sd=LABEL_B_SD, a_seed=a_seed, c=c,
                                free_a=free, guessing_group=None if group is None else groups.setdefault(
                                    group, len(groups))))
    return priors


@dataclass(frozen=True)
class StoredAnswers:
    learner: list[int]
    item: list[int]  # index into the library's questions
    correct: list[bool]
    skipped_changed: int


def measuring_answers(db: Session, library: Library) -> StoredAnswers:
    """The answers calibration uses (see the module docstring), in the order they were given."""
    questions = library.questions
    index = {question.id: k for k, question in enumerate(questions)}
    current = {question.id: question_hash(question) for question in questions}
    rows = db.execute(select(Attempt.learner_id, Response.question_id, Response.question_hash, Response.correct)
                      .join(Attempt, Attempt.id == Response.attempt_id)
                      .order_by(Response.answered_at, Response.id))
    seen: set[tuple[int, str]] = set()
    learners, items, correct = [], [], []
    skipped = 0
    for learner_id, question_id, content_hash, right in rows:
        if current.get(question_id) != content_hash:
            skipped += 1
            continue
        if (learner_id, question_id) in seen:
            continue
        seen.add((learner_id, question_id))
        learners.append(int(learner_id))
        items.append(index[question_id])
        correct.append(bool(right))
    return StoredAnswers(learners, items, correct, skipped)


def fit(library: Library, stored: StoredAnswers, min_b: int, min_a: int, now: dt.datetime,
        estimate_guessing: bool = True) -> CalibrationFile:
    """Calibrate every question of the library from the answers; status by answer count."""
    if min_a < min_b:
        raise ValueError("--min-a must be at least --min-b")
    questions = library.questions
    areas = [area for area in library.areas if any(q.area == area for q in questions)]
    counts = [0] * len(questions)
    for item in stored.item:
        counts[item] += 1
    priors = item_priors(questions, areas, [n >= min_a for n in counts], estimate_guessing)
    result = calibrate(Answers.of(stored.learner, stored.item, stored.correct), priors, len(areas))
    guessing = {name: round(float(result.c[k]), 4) for k, question in enumerate(questions)
                if (name := guessing_group(question)) is not None and priors[k].guessing_group is not None}
    items = {}
    for k, question in enumerate(questions):
        n = int(result.n_responses[k])
        status: Status = "calibrated" if n >= min_a else "b_only" if n >= min_b else "provisional"
        se_a = float(result.se_a[k]) if status == "calibrated" else None
        items[question.id] = CalibratedItem(a=float(result.a[k]), b=float(result.b[k]), c=float(result.c[k]),
                                            se_a=se_a, se_b=float(result.se_b[k]), n_responses=n, status=status,
                                            question_hash=question_hash(question))
    model = MODEL.format(guessing="shared per type and option count, estimated" if estimate_guessing
                         else "fixed by type")
    return CalibrationFile(created=now.replace(microsecond=0), bank_fingerprint=library.fingerprint, model=model,
                           guessing=guessing,
                           learners=len(set(stored.learner)), responses=len(stored.item),
                           thresholds=Thresholds(min_b=min_b, min_a=min_a), areas=areas,
                           area_correlation=[[round(float(x), 4) for x in row] for row in result.correlation],
                           items=items, iterations=result.iterations, converged=result.converged)


def run_calibration(context: ServiceContext, out: Path, min_b: int = MIN_B_RESPONSES,
                    min_a: int = MIN_A_RESPONSES, now: dt.datetime | None = None,
                    estimate_guessing: bool = True) -> CalibrationSummary:
    """Read the stored answers, fit, write `out`; ValueError (one line) if there is nothing to fit."""
    with context.transaction() as db:
        stored = measuring_answers(db, context.library)
    if not stored.item:
        raise ValueError("no measuring answers to the current questions are stored yet; nothing to calibrate")
    calibration = fit(context.library, stored, min_b, min_a, now or utcnow(), estimate_guessing)
    write_calibration(out, calibration)
    statuses = [item.status for item in calibration.items.values()]
    size = len(calibration.areas)
    off_diagonal = [calibration.area_correlation[i][j] for i in range(size) for j in range(size) if i != j]
    return CalibrationSummary(
        path=out, learners=calibration.learners, responses=calibration.responses,
        skipped_changed=stored.skipped_changed, calibrated=statuses.count("calibrated"),
        b_only=statuses.count("b_only"), provisional=statuses.count("provisional"),
        iterations=calibration.iterations, converged=calibration.converged, guessing=dict(calibration.guessing),
        mean_correlation=sum(off_diagonal) / len(off_diagonal) if off_diagonal else float("nan"))


@dataclass(frozen=True)
class LoadedCalibration:
    calibration: CalibrationFile | None
    problem: str | None  # one line, when the file exists but cannot be used (the app then keeps label values)


_cache: dict[Path, tuple[tuple[int, int], LoadedCalibration]] = {}


def load_calibration(path: Path) -> LoadedCalibration:
    """The calibration file at `path` if present and valid. Read once per version of the file (by mtime and size),
    so an invalid file's problem is produced, and can be shown, once rather than on every attempt."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return LoadedCalibration(None, None)
    except OSError as error:
        return LoadedCalibration(None, f"{path}: cannot read the calibration file: {error.strerror}")
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == version:
        return cached[1]
    try:
        loaded = LoadedCalibration(read_calibration(path), None)
    except CalibrationFileError as error:
        loaded = LoadedCalibration(None, f"{error}; using the label parameters")
    _cache[path] = (version, loaded)
    return loaded


def calibration_for(bank_paths: Sequence[Path] | None = None) -> LoadedCalibration:
    """The calibration of these banks (default: the shipped ones), where `bank calibrate` writes it by default."""
    return load_calibration(calibration_path(list(bank_paths or [default_bank_dir()])))
