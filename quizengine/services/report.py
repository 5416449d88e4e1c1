"""A learner's report: per area the level band with its interval, the verdict against the target role, the study
plan, progress over time, review statistics and confidence calibration; as Markdown or as JSON (schema:
docs/report-schema.json). `write_report` is the export action shared by the app and the `report` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select

from quizengine.bank.text_safety import one_line
from quizengine.engine.levels import LEVEL_NAMES, band_name, level_report
from quizengine.services.context import ServiceContext
from quizengine.services.progress import ProgressService
from quizengine.services.quiz import QuizError
from quizengine.services.recommend import classify
from quizengine.services.review import ReviewService
from quizengine.services.views import AreaCalibration, AttemptSummary, ProgressPoint, RetentionView
from quizengine.services.weak_areas import WeakAreasService
from quizengine.store.models import ReviewCard, utcnow
from quizengine.store.repositories import LearnerRepository, SnapshotRepository

ReportFormat = Literal["md", "json"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("md", "json")
SCHEMA_VERSION = 1
VERDICTS = {"meets": "meets the target", "below": "below the target", "imprecise": "needs more questions",
            "not-required": "no target", "not-measured": "not measured yet"}


class ReportError(QuizError):
    """The report could not be made or written (one line, for the learner)."""


@dataclass(frozen=True)
class PlanItem:
    resource_id: str
    title: str
    url: str
    kind: str
    level: int
    free: bool
    hours: float
    reason: str
    started: bool


@dataclass(frozen=True)
class MissedTopic:
    title: str
    missed: int


@dataclass(frozen=True)
class AreaReport:
    area: str
    title: str
    measured: bool
    level: str | None  # most likely level
    band: str | None  # the levels the 95% interval spans
    score: int | None
    score_low: int | None
    score_high: int | None
    theta: float | None
    se: float | None
    evidence: int  # measuring answers behind the estimate, across attempts
    target: str | None  # the target role's level for the area
    verdict: str  # meets / below / imprecise / not-required / not-measured
    missed_topics: list[MissedTopic]
    plan: list[PlanItem]
    progress: list[ProgressPoint]  # oldest first
    review_cards: int
    review_due: int  # cards a review session started now would show (due ones and today's new ones)
    calibration: AreaCalibration | None


@dataclass(frozen=True)
class LearnerReport:
    learner: str
    generated_at: dt.datetime
    target_role: str | None
    areas: list[AreaReport]
    retention: RetentionView
    attempts: list[AttemptSummary]

    def as_json(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO 8601 UTC ("Z"), retention rates included (null without reviews)."""
        data: dict[str, Any] = _plain(dataclasses.asdict(self))
        data["schema_version"] = SCHEMA_VERSION
        data["retention"]["rate_30d"] = self.retention.rate_30d
        data["retention"]["rate_all"] = self.retention.rate_all
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class ReportService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def build(self, learner_id: int, now: dt.datetime | None = None) -> LearnerReport:
        library = self.context.library
        now = now or utcnow()
        progress = ProgressService(self.context).progress(learner_id, now)
        weak = WeakAreasService(self.context).overview(learner_id, now)  # makes review cards for new misses
        due = ReviewService(self.context).due_counts(learner_id, now)
        with self.context.transaction() as db:
            learner = LearnerRepository(db).get(learner_id)
            if learner is None:
                raise ReportError(f"No learner {learner_id}.")
            name = learner.name
            role = library.roles.get(learner.target_role or "")
            latest = {area: (s.theta, s.se, s.evidence_items or s.n_items)
                      for area, s in SnapshotRepository(db).latest_per_area(learner_id, list(library.areas)).items()}
            card_query = (select(ReviewCard.area, func.count()).where(ReviewCard.learner_id == learner_id,
                                                                      ReviewCard.suspended.is_(False))
                          .group_by(ReviewCard.area))
            cards = {area: int(count) for area, count in db.execute(card_query).all()}
        weak_by_area = {view.area: view for view in weak.areas}
        trends = {trend.area: trend for trend in progress.areas}
        calibration = {table.area: table for table in progress.calibration}
        areas = []
        for area in library.areas:
            target = role.levels.get(area) if role else None
            target_name = LEVEL_NAMES[target - 1] if target else None
            weak_view = weak_by_area.get(area)
            missed = [MissedTopic(m.title, m.missed) for m in weak_view.missed] if weak_view else []
            plan = [PlanItem(e.suggestion.resource_id, e.suggestion.title, e.suggestion.url, e.suggestion.kind,
                             e.suggestion.level, e.suggestion.free, e.suggestion.hours, e.suggestion.reason,
                             e.mark == "started") for e in weak_view.plan] if weak_view else []
            estimate = latest.get(area)
            report = level_report(estimate[0], estimate[1]) if estimate else None
            areas.append(AreaReport(
                area=area, title=library.area_title(area), measured=estimate is not None,
                level=report.name if report else None,
                band=band_name(estimate[0], estimate[1]) if estimate else None,
                score=report.score if report else None, score_low=report.score_low if report else None,
                score_high=report.score_high if report else None,
                theta=round(estimate[0], 3) if estimate else None, se=round(estimate[1], 3) if estimate else None,
                evidence=estimate[2] if estimate else 0, target=target_name,
                verdict=classify(*estimate, target) if estimate else "not-measured",
                missed_topics=missed, plan=plan,
                progress=[dataclasses.replace(point, theta=round(point.theta, 3), se=round(point.se, 3))
                          for point in (trends[area].points if area in trends else [])],
                review_cards=cards.get(area, 0), review_due=due.get(area, 0), calibration=calibration.get(area)))
        return LearnerReport(name, now, role.title if role else None, areas, progress.retention, progress.attempts)

    def render(self, learner_id: int, output_format: ReportFormat, now: dt.datetime | None = None) -> str:
        report = self.build(learner_id, now)
        if output_format == "json":
            return json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n"
        return render_markdown(report)

    def write_report(self, learner_id: int, path: Path, output_format: ReportFormat,
                     now: dt.datetime | None = None) -> Path:
        """Write the report to `path` (its folder is made if missing); ReportError, one line, if that fails."""
        if output_format not in REPORT_FORMATS:
            raise ReportError(f"A report is written as {' or '.join(REPORT_FORMATS)}, not {output_format!r}.")
        text = self.render(learner_id, output_format, now)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ReportError(f"Cannot write the report to {one_line(str(path))}: {exc.strerror or exc}.") from None
        return path


def default_report_path(data_dir: Path, learner: str, output_format: ReportFormat, now: dt.datetime) -> Path:
    """<data dir>/reports/report-<learner>-<UTC time>.<md|json>, the learner's name reduced to safe characters."""
    safe_name = re.sub(r"[^A-Za-z0-9_-]+", "-", learner).strip("-")[:40] or "learner"
    return data_dir / "reports" / f"report-{safe_name}-{now:%Y%m%d-%H%M%S}.{output_format}"


# --- Markdown ----------------------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def md(text: str) -> str:
    """Bank or learner text as literal Markdown on one line: control characters shown, every markup character
    (pipes and HTML included) escaped, so it can't break a table or inject a tag."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def md_url(url: str) -> str:
    """A URL safe inside a Markdown link's parentheses: spaces, brackets, pipes and angle brackets encoded."""
    return re.sub(r"[\s()<>|\[\]\\`]", lambda m: f"%{ord(m.group()):02X}", one_line(url))


def percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _interval(area: AreaReport) -> str:
    return f"{area.score} [{area.score_low}–{area.score_high}]" if area.measured else "-"


def _overview(report: LearnerReport) -> list[str]:
    lines = ["| Area | Level (95% band) | Score [95% interval] | Answers | Target | Verdict |",
             "|---|---|---|---:|---|---|"]
    for area in report.areas:
        lines.append(f"| {md(area.title)} | {md(area.band or 'not measured')} | {_interval(area)} | "
                     f"{area.evidence} | {md(area.target or '-')} | {VERDICTS[area.verdict]} |")
    return lines


def _area_section(area: AreaReport) -> list[str]:
    lines = ["", f"### {md(area.title)}", ""]
    if area.measured:
        lines.append(f"Level **{md(area.band or '')}** (most likely {md(area.level or '')}), score {_interval(area)} "
                     f"from {area.evidence} answers; target {md(area.target or 'none')}: {VERDICTS[area.verdict]}.")
    else:
        lines.append("Not measured yet.")
    if area.missed_topics:
        lines += ["", "Missed topics: " + ", ".join(f"{md(t.title)} ({t.missed})" for t in area.missed_topics)]
    if area.plan:
        lines += ["", "Study plan:", ""]
        for rank, item in enumerate(area.plan, start=1):
            started = " — started" if item.started else ""
            lines.append(f"{rank}. [{md(item.title)}]({md_url(item.url)}) ({md(item.kind)}, "
                         f"{'free' if item.free else 'paid'}, ~{item.hours:g} h){started}: {md(item.reason)}")
    if len(area.progress) > 0:
        lines += ["", "| Measured (UTC) | Attempt | Mode | Score [95% interval] | Band |", "|---|---:|---|---|---|"]
        for point in area.progress:
            lines.append(f"| {point.measured_at:%Y-%m-%d %H:%M} | {point.attempt_id} | {md(point.mode)} | "
                         f"{point.score} [{point.score_low}–{point.score_high}] | {md(point.band)} |")
    if area.review_cards:
        lines += ["", f"Review cards: {area.review_cards}, {area.review_due} to review now."]
    if area.calibration is not None:
        lines += ["", f"Confidence: {md(area.calibration.reading)} Certainty-based mark "
                      f"{area.calibration.mark:+g} of a best {area.calibration.best_mark:g}.", "",
                  "| Confidence | Answers | Right | Mark |", "|---|---:|---:|---:|"]
        for row in area.calibration.rows:
            lines.append(f"| {row.confidence} | {row.answers} | "
                         f"{percent(row.accuracy) if row.answers else '-'} | {row.mark:+g} |")
    return lines


def render_markdown(report: LearnerReport) -> str:
    role = f" against **{md(report.target_role)}**" if report.target_role else " (no target role set)"
    retention = report.retention
    lines = [f"# quizengine report: {md(report.learner)}", "",
             f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC{role}. Scores are 0-100 on the banks' "
             "difficulty scale (levels start at 13, 35, 65 and 87), not percentiles; the interval is 95%.", "",
             "## Levels", "", *_overview(report), "", "## Areas"]
    for area in report.areas:
        lines += _area_section(area)
    if retention.reviews_all:
        measured = (f"last 30 days {percent(retention.rate_30d)} of {retention.reviews_30d} reviews, all time "
                    f"{percent(retention.rate_all)} of {retention.reviews_all}")
    else:
        measured = "no reviews of learned cards yet"
    lines += ["", "## Review", "",
              f"True retention (the share of reviews of learned cards answered right, as Anki measures it): "
              f"{measured}; desired {retention.desired:.0%}.", "",
              f"Review cards: {sum(a.review_cards for a in report.areas)}, "
              f"{sum(a.review_due for a in report.areas)} to review now.",
              "", "## Attempts", ""]
    if report.attempts:
        lines += ["| # | Started (UTC) | Mode | Answered | Right | Status |", "|---:|---|---|---:|---:|---|"]
        lines += [f"| {a.id} | {a.started_at:%Y-%m-%d %H:%M} | {md(a.mode)} | {a.answered} | {a.correct} | "
                  f"{md(a.status)} |" for a in report.attempts]
    else:
        lines.append("None yet.")
    return "\n".join(lines) + "\n"
