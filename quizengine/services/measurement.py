"""The measurement side of an attempt: item parameters for the engine, its settings from the learner's target
role and profile, and the ability snapshots an attempt leaves (its part of the learner's profile)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from quizengine.bank.calibration_file import CALIBRATION_FILE_NAME, CalibratedItem, CalibrationFile, Status
from quizengine.bank.library import question_hash
from quizengine.bank.loader import default_bank_dir
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, Role
from quizengine.engine.config import DEFAULT_AREA_CORRELATION, MODE_RULES, SessionConfig, check_correlation_matrix
from quizengine.engine.items import DEFAULT_DISCRIMINATION, ItemParams, seed_params
from quizengine.engine.levels import cut_of_level, level_report
from quizengine.engine.session import AdaptiveSession
from quizengine.services.calibrate import load_calibration
from quizengine.services.profile import AreaEvidence, carried_priors
from quizengine.store.models import AbilitySnapshot, utcnow
from quizengine.store.repositories import LearnerRepository, SnapshotRepository


def item_params(questions: Sequence[AnyQuestion], calibration: CalibrationFile | None = None) -> list[ItemParams]:
    """The engine's parameters: the label's (seed_params), or the calibration file's where an item has enough
    answers and is unchanged since it was calibrated (see `calibrated_values`)."""
    items = []
    for question in questions:
        options = len(question.options) if isinstance(question, ChoiceQuestion) else 0
        a, b, c = seed_params(question.difficulty, question.a, question.b, question.c, kind=question.type,
                              option_count=options)
        entry = calibration.items.get(question.id) if calibration else None
        if entry is not None and entry.status != "provisional" and entry.question_hash == question_hash(question):
            a, b = calibrated_values(entry, DEFAULT_DISCRIMINATION if question.a is None else question.a)
            c = entry.c
        items.append(ItemParams(question.id, question.area or "", question.topic, a, b, c))
    return items


def calibrated_values(entry: CalibratedItem, seed_a: float) -> tuple[float, float]:
    """(a, b) for a calibrated item. With only b calibrated, a stays at the seed, flattened for what is still
    unknown of b (its SE) the way the label's a is flattened for the label's uncertainty."""
    if entry.status == "calibrated":
        return entry.a, entry.b
    return seed_a / math.sqrt(1.0 + math.pi * seed_a**2 * entry.se_b**2 / 8.0), entry.b


def calibration_status(question_id: str, bank_dir: Path | None = None) -> Status:
    """"calibrated", "b_only" or "provisional" (no valid calibration file, or too few answers) for a question
    of the banks in `bank_dir` (default: the shipped banks)."""
    loaded = load_calibration((bank_dir or default_bank_dir()) / CALIBRATION_FILE_NAME)
    return loaded.calibration.status_of(question_id) if loaded.calibration else "provisional"


def borrowed_correlation(calibration: CalibrationFile | None, areas: Sequence[str]) -> float:
    """The correlation the borrowed prior assumes: a calibration's estimate from real answers for these areas when
    it is lower than the default, never a higher one (the prior may shorten a test, never hide a gap)."""
    estimated = calibration.mean_correlation(areas) if calibration else None
    return DEFAULT_AREA_CORRELATION if estimated is None else _capped(estimated)


def _capped(correlation: float) -> float:
    return min(DEFAULT_AREA_CORRELATION, max(0.0, correlation))


def borrowed_correlations(calibration: CalibrationFile | None,
                          areas: Sequence[str]) -> tuple[tuple[float, ...], ...] | None:
    """The correlation matrix the borrowed prior uses, from a calibration's estimates (None: none, so the single
    `borrowed_correlation` applies). Each pair takes its own estimate capped as that one is, to [0, default];
    a pair the calibration did not estimate takes `borrowed_correlation`. None as well if the capped matrix is no
    longer positive definite (capping can do that), or for fewer than two areas."""
    mean = calibration.mean_correlation(areas) if calibration else None
    if calibration is None or mean is None:  # also for fewer than two estimated areas
        return None

    def pair(first: str, second: str) -> float:
        if first == second:
            return 1.0
        estimated = calibration.correlation(first, second)
        return round(_capped(mean if estimated is None else estimated), 4)

    matrix = tuple(tuple(pair(first, second) for second in areas) for first in areas)
    try:
        check_correlation_matrix(matrix, len(areas))
    except ValueError:
        return None
    return matrix


def session_config(mode: str, areas: Sequence[str], titles: Mapping[str, str], targets: Mapping[str, int],
                   priors: Mapping[str, tuple[float, float]] | None = None, practice_items: int = 10,
                   area_correlation: float = DEFAULT_AREA_CORRELATION,
                   area_correlations: Sequence[Sequence[float]] | None = None) -> SessionConfig:
    """The engine's settings for an attempt: the mode's rule, each area's target cut point and profile prior."""
    cuts = {area: cut for area in areas if (cut := cut_of_level(targets.get(area))) is not None}
    return SessionConfig(mode=mode if mode in MODE_RULES else "quick",  # type: ignore[arg-type]
                         areas=tuple(areas), practice_items=practice_items, area_titles=dict(titles), cuts=cuts,
                         priors={area: prior for area, prior in (priors or {}).items() if area in areas},
                         area_correlation=area_correlation,
                         area_correlations=None if area_correlations is None else tuple(
                             tuple(float(value) for value in row) for row in area_correlations))


def profile_settings(db: Session, roles: Mapping[str, Role], learner_id: int,
                     areas: Sequence[str]) -> dict[str, object]:
    """What an attempt starts from: the target level per area and the learner's carried-over profile."""
    learner = LearnerRepository(db).get(learner_id)
    role = roles.get(learner.target_role or "") if learner else None
    levels = role.levels if role else {}
    latest = {area: AreaEvidence(s.theta, s.se, s.evidence_items or s.n_items, s.created_at)
              for area, s in SnapshotRepository(db).latest_per_area(learner_id, list(areas)).items()}
    priors = carried_priors(latest, utcnow())
    return {
        "targets": {area: level for area, level in levels.items() if area in areas},
        "priors": {area: [mean, sd] for area, (mean, sd) in priors.items()},
        "evidence": {area: evidence.evidence_items for area, evidence in latest.items()},
    }


def evidence_before(settings: Mapping[str, object]) -> dict[str, int]:
    """Measuring answers the attempt's starting profile rested on, per area (stored when it started)."""
    stored = settings.get("evidence")
    return {str(k): int(v) for k, v in stored.items()} if isinstance(stored, dict) else {}


def store_snapshots(db: Session, attempt_id: int, session: AdaptiveSession,
                    evidence: Mapping[str, int] | None = None) -> None:
    """One ability snapshot per measured area, in the caller's transaction; `evidence` is what the starting
    profile rested on, so each snapshot knows how many answers in all stand behind it."""
    snapshots = []
    for area, estimate in session.estimates.items():
        if estimate.n_items == 0:
            continue
        report = level_report(estimate.theta, estimate.se)
        carried = (evidence or {}).get(area, 0)
        snapshots.append(AbilitySnapshot(attempt_id=attempt_id, area=area, theta=estimate.theta, se=estimate.se,
                                         n_items=estimate.n_items, evidence_items=carried + estimate.n_items,
                                         level=report.level, score=report.score))
    SnapshotRepository(db).add_all(snapshots)
