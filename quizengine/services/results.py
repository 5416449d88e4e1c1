"""Reports: the results of an attempt, the latest level per area, past attempts and the loaded banks."""

from __future__ import annotations

from collections import Counter

from quizengine.bank.grading import Answer
from quizengine.engine.levels import LEVEL_CUTS, LEVEL_NAMES, band_name, level_report, score_of_theta
from quizengine.services.confidence import RatedAnswer, calibrate
from quizengine.services.context import ServiceContext
from quizengine.services.drill import shown_mode
from quizengine.services.quiz import QuizError, feedback_for, option_order
from quizengine.services.recommend import classify, study_plan
from quizengine.services.views import (
    AreaResult,
    AreaSnapshotView,
    AreaView,
    AttemptSummary,
    FeedbackView,
    ResultsView,
)
from quizengine.store.models import Attempt
from quizengine.store.repositories import (
    AttemptRepository,
    LearnerRepository,
    ResponseRepository,
    SnapshotRepository,
)
from quizengine.store.resource_repository import ResourceProgressRepository

HISTORY_PAGE = 50


def target_floor_score(target: int | None) -> int | None:
    """The score at which a target level starts (level 1 starts at 0)."""
    if not target:
        return None
    return 0 if target == 1 else score_of_theta(LEVEL_CUTS[target - 2])


def attempt_summary(attempt: Attempt) -> AttemptSummary:
    """A past attempt as lists show it; the counts come from its counters, not its answers."""
    return AttemptSummary(attempt.id, shown_mode(attempt.mode, attempt.settings), list(attempt.areas), attempt.status,
                          attempt.started_at, attempt.answered_count, attempt.correct_count)


class ResultsService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def results(self, attempt_id: int) -> ResultsView:
        library = self.context.library
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).get(attempt_id)
            if attempt is None:
                raise QuizError(f"No attempt {attempt_id}.")
            learner = LearnerRepository(db).get(attempt.learner_id)
            role = library.roles.get(learner.target_role or "") if learner else None
            explain_all = learner is not None and learner.feedback == "end"
            snapshots = {s.area: s for s in SnapshotRepository(db).for_attempt(attempt_id)}
            responses = list(ResponseRepository(db).for_attempt(attempt_id))
            header = (shown_mode(attempt.mode, attempt.settings), attempt.started_at, attempt.finished_at,
                      attempt.stop_reason, list(attempt.areas))
            seed = attempt.seed
            answers = [(r.question_id, r.area, r.topic, r.correct, r.score, dict(r.answer)) for r in responses]
            rated = [RatedAnswer(r.area, r.confidence, r.correct, r.score) for r in responses if r.confidence]
            marks = ResourceProgressRepository(db).marks(attempt.learner_id)
        done_resources = {resource for resource, mark in marks.items() if mark == "done"}  # not offered again
        started_resources = {resource for resource, mark in marks.items() if mark == "started"}
        mode, started, finished, stop_reason, areas = header
        missed_by_area: dict[str, Counter[str]] = {}
        correct_by_area: Counter[str] = Counter()
        missed: list[FeedbackView] = []
        explained: list[FeedbackView] = []  # every answer, when the learner saw no feedback during the attempt
        for question_id, area, topic, correct, score, answer in answers:
            if correct:
                correct_by_area[area] += 1
            else:
                missed_by_area.setdefault(area, Counter())[topic] += 1
            if correct and not explain_all:
                continue
            try:
                question = library.question(question_id)
            except KeyError:  # gone from the banks since: nothing left to explain
                continue
            feedback = feedback_for(library, question, Answer.from_json(answer), correct, score,
                                    order=option_order(question, seed))
            if not correct:
                missed.append(feedback)
            if explain_all:
                explained.append(feedback)
        area_results = []
        for area in areas:
            target = role.levels.get(area) if role else None
            target_score = target_floor_score(target)
            snapshot = snapshots.get(area)
            missed_topics = missed_by_area.get(area, Counter())
            if snapshot is None:
                area_results.append(AreaResult(area, library.area_title(area), False, 0.0, 0.0, 0, 0, 0, "", 0, 0,
                                               0, target, target_score, classify(0.0, 1.0, 0, target), []))
                continue
            report = level_report(snapshot.theta, snapshot.se)
            status = classify(snapshot.theta, snapshot.se, snapshot.evidence_items or snapshot.n_items, target)
            plan = (study_plan(library, area, report.level, missed_topics, target=target,
                               done=done_resources, started=started_resources)
                    if status in ("below", "imprecise") else [])
            missed_titles = [library.topic_title(t) for t, _ in missed_topics.most_common()]
            area_results.append(AreaResult(
                area, library.area_title(area), True, snapshot.theta, snapshot.se, snapshot.n_items,
                correct_by_area[area], report.level, report.name, report.score, report.score_low,
                report.score_high, target, target_score, status, missed_titles,
                plan, band_name(snapshot.theta, snapshot.se), snapshot.evidence_items or snapshot.n_items,
            ))
        confirmed = [area.area for area in area_results if area.status in ("meets", "below")]
        needs_more = [area.area for area in area_results if area.status == "imprecise" or not area.measured]
        return ResultsView(attempt_id, mode, started, finished, stop_reason, role.title if role else None,
                           len(answers), area_results, missed, confirmed, needs_more, explained,
                           calibrate(rated, library.area_title))

    def latest_levels(self, learner_id: int) -> list[AreaSnapshotView]:
        library = self.context.library
        with self.context.transaction() as db:
            learner = LearnerRepository(db).get(learner_id)
            role = library.roles.get(learner.target_role or "") if learner else None
            latest = SnapshotRepository(db).latest_per_area(learner_id, list(library.areas))
            rows = {area: (s.theta, s.se, s.evidence_items or s.n_items, s.created_at) for area, s in latest.items()}
        views = []
        for area in library.areas:
            target = role.levels.get(area) if role else None
            target_name = LEVEL_NAMES[target - 1] if target else None
            if area in rows:
                theta, se, evidence, when = rows[area]
                report = level_report(theta, se)
                views.append(AreaSnapshotView(area, library.area_title(area), report.level, report.name,
                                              report.score, se, when, band_name(theta, se), evidence,
                                              classify(theta, se, evidence, target), target_name))
            else:
                views.append(AreaSnapshotView(area, library.area_title(area), None, None, None, None, None,
                                              target_name=target_name))
        return views

    def history(self, learner_id: int, offset: int = 0, limit: int | None = HISTORY_PAGE) -> list[AttemptSummary]:
        """A page of past attempts, newest first; counts come from the attempts' counters, not their answers."""
        with self.context.transaction() as db:
            return [attempt_summary(attempt) for attempt in AttemptRepository(db).history(learner_id, offset, limit)]

    def catalog(self) -> list[AreaView]:
        library = self.context.library
        views = []
        for area in library.areas.values():
            questions = [q for q in library.questions if q.area == area.id]
            views.append(AreaView(area.id, area.title, area.description, [(t.id, t.title) for t in area.topics],
                                  len(questions), dict(Counter(q.type for q in questions))))
        return views
