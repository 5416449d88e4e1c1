"""Progress over time from stored data: one point per finished attempt and area (score with its 95% interval,
oldest first), the attempts with mode and length, Anki's true retention against the desired retention, and
confidence calibration across attempts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from quizengine.bank.grading import Answer
from quizengine.engine.levels import level_report
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.progress import ProgressService
from quizengine.services.quiz import QuizService
from quizengine.store.models import AbilitySnapshot, ReviewCard, ReviewLog
from tests.tui.results_seed import right_answer

NOW = dt.datetime(2026, 12, 3, 9, 0)


def finished_attempt(context: ServiceContext, learner_id: int, right_every: int, answers: int, when: dt.datetime,
                     *, seed: int, confidence: str | None = None) -> tuple[int, int]:
    """A finished quick attempt (answer i right when i % right_every == 0), measured on `when`: (id, answers)."""
    runner = QuizService(context).start(learner_id, "quick", seed=seed)
    count = 0
    while count < answers and runner.current() is not None:
        right = count % right_every == 0
        runner.submit(right_answer(runner) if right else Answer("dont_know"), confidence=confidence)
        count += 1
    runner.finish("ended for the test")
    with context.transaction() as db:  # as if measured on `when`
        db.execute(update(AbilitySnapshot).where(AbilitySnapshot.attempt_id == runner.attempt_id)
                   .values(created_at=when))
    return runner.attempt_id, count


def test_each_finished_attempt_adds_a_point_per_area_with_its_interval(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester")
    first, first_length = finished_attempt(context, learner.id, 3, 8, NOW - dt.timedelta(days=9), seed=1)
    second, second_length = finished_attempt(context, learner.id, 1, 8, NOW - dt.timedelta(days=2), seed=2)
    QuizService(context).start(learner.id, "quick", seed=3)  # unfinished: no point, but listed
    view = ProgressService(context).progress(learner.id, NOW)
    trends = {trend.area: trend for trend in view.areas}
    assert set(trends) == {"alpha", "beta"}
    for trend in trends.values():
        assert [point.attempt_id for point in trend.points] == [first, second]
        assert [point.measured_at for point in trend.points] == [NOW - dt.timedelta(days=9),
                                                                 NOW - dt.timedelta(days=2)]
        for point in trend.points:
            report = level_report(point.theta, point.se)
            assert (point.score_low, point.score, point.score_high) == (report.score_low, report.score,
                                                                       report.score_high)
            assert point.score_low <= point.score <= point.score_high
        # all right the second time: the estimate went up
        assert trend.points[1].theta > trend.points[0].theta
    assert trends["alpha"].target_name == "Advanced" and trends["alpha"].target_score == 65
    assert [(a.mode, a.status) for a in view.attempts] == [("quick", "active"), ("quick", "finished"),
                                                           ("quick", "finished")]
    assert [a.answered for a in view.attempts] == [0, second_length, first_length]


def test_no_attempts_means_empty_trends_and_no_retention(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    view = ProgressService(context).progress(learner.id, NOW)
    assert all(trend.points == [] and trend.target_score is None for trend in view.areas)
    assert view.attempts == [] and view.calibration == []
    assert view.retention.rate_30d is None and view.retention.rate_all is None
    assert view.retention.desired == 0.9


def test_true_retention_counts_only_reviews_of_cards_in_review_state(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    with context.transaction() as db:
        card = ReviewCard(learner_id=learner.id, question_id="alpha.q0", area="alpha", topic="a-one", state={},
                          due=NOW, reviews=6)
        db.add(card)
        db.flush()
        # (state before, right, days ago): learning (1) and relearning (3) steps never count
        for state, right, days in [(2, True, 1), (2, True, 5), (2, False, 20), (2, False, 45), (1, True, 2),
                                   (3, True, 3)]:
            db.add(ReviewLog(card_id=card.id, learner_id=learner.id, question_id="alpha.q0", rating=3 if right else 1,
                             correct=right, latency_ms=1000, state_before=state, elapsed_days=1.0, due_after=NOW,
                             reviewed_at=NOW - dt.timedelta(days=days)))
    retention = ProgressService(context).progress(learner.id, NOW).retention
    assert (retention.right_30d, retention.reviews_30d) == (2, 3)
    assert (retention.right_all, retention.reviews_all) == (2, 4)
    assert retention.rate_all == 0.5


def test_calibration_spans_the_learners_attempts(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester")
    finished_attempt(context, learner.id, 2, 6, NOW - dt.timedelta(days=3), seed=1, confidence="high")
    finished_attempt(context, learner.id, 2, 6, NOW - dt.timedelta(days=1), seed=2, confidence="high")
    view = ProgressService(context).progress(learner.id, NOW)
    high = [table.rows[2] for table in view.calibration]
    assert sum(row.answers for row in high) == 12
    assert sum(row.right for row in high) == 6
