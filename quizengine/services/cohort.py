"""A cohort's picture from a shared database: where the learners stand per area, which gaps are common against
each role, and which questions look faulty. No learner is named, and no group figure is given for fewer than
MIN_GROUP learners (with so few, a share or a quartile tells about individuals).

Each learner counts once per area, by their latest finished measurement of it (their profile), with the verdict
the results screen gives against their own target role (services/recommend.py: `classify`).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select

from quizengine.bank.library import Library
from quizengine.bank.text_safety import one_line
from quizengine.engine.levels import LEVEL_NAMES, cut_of_level
from quizengine.services.context import ServiceContext
from quizengine.services.item_stats import ItemReport, ItemStatsService
from quizengine.services.recommend import classify
from quizengine.store.models import AbilitySnapshot, Attempt, Learner

MIN_GROUP = 5
TOO_FEW = f"fewer than {MIN_GROUP} learners: not shown"
VERDICTS = ("below", "imprecise", "meets")


@dataclass(frozen=True)
class LatestLevel:
    learner_id: int
    area: str
    theta: float
    se: float
    level: int
    evidence: int  # measuring answers behind the estimate


@dataclass(frozen=True)
class AreaDistribution:
    area: str
    title: str
    learners: int
    shown: bool  # False: fewer than MIN_GROUP learners, every figure below is withheld
    theta_quartiles: tuple[float, float, float] | None
    level_shares: dict[str, float]  # level name -> share of the area's learners, 0..1


@dataclass(frozen=True)
class AreaGap:
    area: str
    title: str
    target_level: int
    below: float  # shares of the role's learners, 0..1
    imprecise: float
    meets: float
    not_measured: float


@dataclass(frozen=True)
class RoleGaps:
    role: str
    title: str
    learners: int  # learners targeting the role
    shown: bool
    gaps: tuple[AreaGap, ...]  # the most common gap first


@dataclass(frozen=True)
class FlaggedItem:
    question_id: str
    area: str
    learners: int
    responses: int
    facility: float | None
    discrimination: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class AreaConsistency:
    area: str
    learners: int
    alpha: float | None
    verdict: str


@dataclass(frozen=True)
class CohortReport:
    learners: int  # learners with at least one finished measurement
    min_group: int
    areas: tuple[AreaDistribution, ...]
    roles: tuple[RoleGaps, ...]
    consistency: tuple[AreaConsistency, ...]
    flagged_items: tuple[FlaggedItem, ...]
    items_withheld: int  # flagged questions answered by fewer than MIN_GROUP learners
    item_caveat: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median, upper quartile (inclusive method: the median of each half, ends included)."""
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


def latest_levels(rows: Sequence[LatestLevel]) -> dict[tuple[int, str], LatestLevel]:
    """Keep each (learner, area)'s last row; rows come oldest attempt first."""
    return {(row.learner_id, row.area): row for row in rows}


def area_distribution(area: str, title: str, levels: Sequence[LatestLevel]) -> AreaDistribution:
    if len(levels) < MIN_GROUP:
        return AreaDistribution(area, title, len(levels), False, None, {})
    counts = Counter(row.level for row in levels)
    shares = {name: counts.get(level, 0) / len(levels) for level, name in enumerate(LEVEL_NAMES, start=1)}
    return AreaDistribution(area, title, len(levels), True, quartiles([row.theta for row in levels]), shares)


def role_gaps(library: Library, role_id: str, members: Sequence[int],
              latest: Mapping[tuple[int, str], LatestLevel]) -> RoleGaps:
    role = library.roles[role_id]
    title = one_line(role.title)
    if len(members) < MIN_GROUP:
        return RoleGaps(role_id, title, len(members), False, ())
    gaps = []
    for area, target in role.levels.items():
        if cut_of_level(target) is None:
            continue  # no target, or the lowest level: everybody meets it
        verdicts: Counter[str] = Counter()
        for learner_id in members:
            row = latest.get((learner_id, area))
            verdicts[classify(row.theta, row.se, row.evidence, target) if row else "not measured"] += 1
        share = {key: count / len(members) for key, count in verdicts.items()}
        gaps.append(AreaGap(area, one_line(library.area_title(area)), target, share.get("below", 0.0),
                            share.get("imprecise", 0.0), share.get("meets", 0.0), share.get("not measured", 0.0)))
    gaps.sort(key=lambda gap: (-gap.below, -gap.imprecise, gap.area))
    return RoleGaps(role_id, title, len(members), True, tuple(gaps))


def build_cohort_report(library: Library, rows: Sequence[LatestLevel], targets: Mapping[int, str | None],
                        items: ItemReport) -> CohortReport:
    """The report from every finished measurement (oldest first), each learner's target role, and item stats."""
    latest = latest_levels(rows)
    by_area: dict[str, list[LatestLevel]] = defaultdict(list)
    for row in latest.values():
        by_area[row.area].append(row)
    area_ids = [area for area in library.areas if area in by_area] + sorted(set(by_area) - set(library.areas))
    areas = tuple(area_distribution(area, one_line(library.area_title(area)), by_area[area]) for area in area_ids)
    members: dict[str, list[int]] = defaultdict(list)
    for learner_id, role in targets.items():
        if role in library.roles:
            members[role].append(learner_id)
    roles = tuple(role_gaps(library, role, members[role], latest) for role in library.roles)
    consistency = tuple(AreaConsistency(a.area, a.learners, a.alpha if a.learners >= MIN_GROUP else None,
                                        a.alpha_verdict if a.learners >= MIN_GROUP else TOO_FEW)
                        for a in items.areas)
    flagged = list(items.flagged)
    shown = tuple(FlaggedItem(i.question_id, i.area, i.learners, i.responses, i.facility, i.discrimination, i.flags)
                  for i in flagged if i.learners >= MIN_GROUP)
    measured = len({learner_id for learner_id, _area in latest})
    return CohortReport(measured, MIN_GROUP, areas, roles, consistency, shown, len(flagged) - len(shown),
                        items.caveat)


class CohortService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def measurements(self) -> list[LatestLevel]:
        """Every ability snapshot of a finished attempt, oldest attempt first."""
        query = (select(Attempt.learner_id, AbilitySnapshot.area, AbilitySnapshot.theta, AbilitySnapshot.se,
                        AbilitySnapshot.level, AbilitySnapshot.evidence_items, AbilitySnapshot.n_items)
                 .join(Attempt, AbilitySnapshot.attempt_id == Attempt.id)
                 .where(Attempt.status == "finished").order_by(Attempt.id))
        with self.context.transaction() as db:
            return [LatestLevel(row.learner_id, row.area, row.theta, row.se, row.level,
                                row.evidence_items or row.n_items) for row in db.execute(query).all()]

    def targets(self) -> dict[int, str | None]:
        with self.context.transaction() as db:
            return {row.id: row.target_role for row in db.execute(select(Learner.id, Learner.target_role)).all()}

    def report(self) -> CohortReport:
        items = ItemStatsService(self.context).report()
        return build_cohort_report(self.context.library, self.measurements(), self.targets(), items)
