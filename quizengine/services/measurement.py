"""The measurement side of an attempt: item parameters for the engine, its settings from the learner's target
role and profile, and the ability snapshots an attempt leaves (its part of the learner's profile)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from quizengine.bank.models import AnyQuestion, ChoiceQuestion, Role
from quizengine.engine.config import MODE_RULES, SessionConfig
from quizengine.engine.items import ItemParams, seed_params
from quizengine.engine.levels import cut_of_level, level_report
from quizengine.engine.session import AdaptiveSession
from quizengine.services.profile import AreaEvidence, carried_priors
from quizengine.store.models import AbilitySnapshot, utcnow
from quizengine.store.repositories import LearnerRepository, SnapshotRepository


def item_params(questions: Sequence[AnyQuestion]) -> list[ItemParams]:
    items = []
    for question in questions:
        options = len(question.options) if isinstance(question, ChoiceQuestion) else 0
        a, b, c = seed_params(question.difficulty, question.a, question.b, question.c, kind=question.type,
                              option_count=options)
        items.append(ItemParams(question.id, question.area or "", question.topic, a, b, c))
    return items


def session_config(mode: str, areas: Sequence[str], titles: Mapping[str, str], targets: Mapping[str, int],
                   priors: Mapping[str, tuple[float, float]] | None = None, practice_items: int = 10) -> SessionConfig:
    """The engine's settings for an attempt: the mode's rule, each area's target cut point and profile prior."""
    cuts = {area: cut for area in areas if (cut := cut_of_level(targets.get(area))) is not None}
    return SessionConfig(mode=mode if mode in MODE_RULES else "quick",  # type: ignore[arg-type]
                         areas=tuple(areas), practice_items=practice_items, area_titles=dict(titles), cuts=cuts,
                         priors={area: prior for area, prior in (priors or {}).items() if area in areas})


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
