"""Weak areas against the target role: ranking, missed topics, due reviews, resource marks, and the drill."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from quizengine.bank.grading import Answer
from quizengine.services import drill
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.progress import ProgressService
from quizengine.services.quiz import QuizError, QuizService
from quizengine.services.results import ResultsService
from quizengine.services.weak_areas import WeakAreasError, WeakAreasService
from quizengine.store.models import AbilitySnapshot, Attempt, Learner, ReviewCard
from tests.services.test_quiz_service import correct_answer

NOW = dt.datetime(2026, 3, 1, 12, 0)


def play(context: ServiceContext, learner_id: int, area: str, right: bool, seed: int = 3) -> int:
    """A focus attempt on `area`, every answer right or every one "I don't know"."""
    runner = QuizService(context).start(learner_id, "focus", [area], seed=seed)
    while runner.current() is not None:
        runner.submit(correct_answer(runner) if right else Answer("dont_know"))
    return runner.attempt_id


def seed_snapshot(context: ServiceContext, learner_id: int, area: str, theta: float, se: float) -> None:
    with context.transaction() as db:
        attempt = Attempt(learner_id=learner_id, mode="focus", areas=[area], settings={}, seed=1,
                          bank_fingerprint=context.library.fingerprint, status="finished")
        db.add(attempt)
        db.flush()
        db.add(AbilitySnapshot(attempt_id=attempt.id, area=area, theta=theta, se=se, n_items=10,
                               evidence_items=10, level=1, score=0))


def test_without_a_target_role_or_any_attempt_it_says_what_to_do_first(context: ServiceContext) -> None:
    learners = LearnerService(context)
    no_role = learners.create("Ada", None).id
    view = WeakAreasService(context).overview(no_role, NOW)
    assert view.areas == [] and view.blocker is not None and "target role" in view.blocker
    fresh = learners.create("Bo", "tester").id
    view = WeakAreasService(context).overview(fresh, NOW)
    assert view.areas == [] and view.blocker is not None
    assert "Take a quick assessment" in view.blocker and "Test Engineer" in view.blocker


def test_areas_rank_by_gap_to_the_target_with_their_missed_topics(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id  # alpha 4 (Advanced), beta 2 (Beginner)
    alpha_id = play(context, learner, "alpha", right=False)
    play(context, learner, "beta", right=False, seed=4)
    view = WeakAreasService(context).overview(learner, NOW)
    assert view.blocker is None and view.target_role_title == "Test Engineer"
    assert [area.area for area in view.areas] == ["alpha", "beta"]  # three levels short before one
    alpha = view.areas[0]
    assert alpha.target_name == "Advanced" and alpha.gap == 4 - alpha.level >= 2
    assert alpha.status == "below"
    answered = ResultsService(context).results(alpha_id).answered
    assert sum(m.dont_know for m in alpha.missed) == answered and all(m.wrong == 0 for m in alpha.missed)
    assert {m.title for m in alpha.missed} <= {"Alpha one", "Alpha two"}
    assert alpha.missed == sorted(alpha.missed, key=lambda m: -m.missed)
    assert alpha.plan and all(entry.mark is None for entry in alpha.plan)


def test_an_area_that_meets_the_target_is_not_weak(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id
    play(context, learner, "beta", right=True)
    view = WeakAreasService(context).overview(learner, NOW)
    assert "Beta" in view.met[0] and all(area.area != "beta" for area in view.areas)
    assert view.unmeasured == ["Alpha skills"] and view.blocker is not None and "not measured yet" in view.blocker


def test_the_bigger_gap_ranks_first_and_equal_gaps_rank_the_more_uncertain_first(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id  # alpha 4, beta 2
    seed_snapshot(context, learner, "alpha", theta=-0.6, se=0.2)  # level 2: two levels short
    seed_snapshot(context, learner, "beta", theta=-2.5, se=0.6)  # level 1: one level short
    ranked = WeakAreasService(context).overview(learner, NOW).areas
    assert [(a.area, a.gap) for a in ranked] == [("alpha", 2), ("beta", 1)]
    seed_snapshot(context, learner, "alpha", theta=0.0, se=0.9)  # level 3: one short, and wide
    seed_snapshot(context, learner, "beta", theta=-2.0, se=0.3)  # level 1: one short, narrow
    ranked = WeakAreasService(context).overview(learner, NOW).areas
    assert [(a.area, a.gap) for a in ranked] == [("alpha", 1), ("beta", 1)]
    assert ranked[0].uncertainty > ranked[1].uncertainty
    seed_snapshot(context, learner, "alpha", theta=0.0, se=0.3)
    seed_snapshot(context, learner, "beta", theta=-2.0, se=0.9)
    assert [a.area for a in WeakAreasService(context).overview(learner, NOW).areas] == ["beta", "alpha"]


def test_to_review_counts_the_cards_a_review_session_would_show_now(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id
    attempt = play(context, learner, "alpha", right=False)
    answered = ResultsService(context).results(attempt).answered
    alpha = WeakAreasService(context).overview(learner, NOW).areas[0]
    assert alpha.due_reviews == min(answered, 20)  # every "I don't know" is a new card, up to 20 new a day
    with context.transaction() as db:
        db.execute(update(Learner).where(Learner.id == learner).values(daily_new_reviews=1))
        card = db.scalars(select(ReviewCard).where(ReviewCard.learner_id == learner)).first()
        assert card is not None
        card.suspended = True
    alpha = WeakAreasService(context).overview(learner, NOW).areas[0]
    assert alpha.due_reviews == 1  # today's allowance of new cards; the suspended one is not shown either
    with context.transaction() as db:
        db.execute(update(Learner).where(Learner.id == learner).values(daily_new_reviews=50))
    alpha = WeakAreasService(context).overview(learner, NOW).areas[0]
    assert alpha.due_reviews == answered - 1


def test_marking_a_resource_done_drops_it_from_the_plan_and_started_ones_lead(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id
    play(context, learner, "alpha", right=False)
    service = WeakAreasService(context)
    plan = [entry.suggestion.resource_id for entry in service.overview(learner, NOW).areas[0].plan]
    assert len(plan) >= 2
    service.mark_resource(learner, plan[-1], "started")
    marked = service.overview(learner, NOW).areas[0].plan
    assert marked[0].suggestion.resource_id == plan[-1] and marked[0].mark == "started"
    service.mark_resource(learner, plan[-1], "done")
    after = [entry.suggestion.resource_id for entry in service.overview(learner, NOW).areas[0].plan]
    assert plan[-1] not in after
    service.clear_resource(learner, plan[-1])
    assert [e.suggestion.resource_id for e in service.overview(learner, NOW).areas[0].plan] == plan
    with pytest.raises(WeakAreasError, match="No resource 'nope'"):
        service.mark_resource(learner, "nope", "done")


def test_a_drill_asks_only_the_weak_topics_and_feeds_the_profile(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id
    quizzes = QuizService(context)
    runner = quizzes.start(learner, "focus", ["alpha"], seed=7, topics=["a-two", "b-one"])  # b-one: not alpha's
    asked = []
    while (question := runner.current()) is not None:
        asked.append(context.library.question(question.question_id).topic)
        runner.submit(Answer("dont_know"))
        if len(asked) == 2:  # an interrupted drill resumes as a drill
            runner = quizzes.resume(runner.attempt_id)
    assert asked and set(asked) == {"a-two"}
    alpha = next(row for row in ResultsService(context).latest_levels(learner) if row.area == "alpha")
    assert alpha.evidence == len(asked)  # its answers measure, like any focus attempt's
    plain = quizzes.start(learner, "focus", ["alpha"], seed=8)  # a plain focus attempt, to tell the two apart
    results = ResultsService(context)
    assert [a.mode for a in results.history(learner)] == ["focus", "drill"]
    assert results.results(runner.attempt_id).mode == "drill"  # the results page's title says so too
    assert results.results(plain.attempt_id).mode == "focus"
    trend = next(t for t in ProgressService(context).progress(learner).areas if t.area == "alpha")
    assert [point.mode for point in trend.points] == ["drill"]  # the plot's list of measurements too


def test_a_drill_on_too_few_questions_drills_the_whole_area_and_says_so(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    scope = drill.drill_scope(context.library, "alpha", ["a-two"])
    assert scope.topics == ("a-two",) and scope.question_count == 5 and "Alpha two" in scope.note
    monkeypatch.setattr(drill, "MIN_DRILL_QUESTIONS", 6)
    scope = drill.drill_scope(context.library, "alpha", ["a-two"])
    assert scope.topics == () and scope.question_count == 10
    assert "only 5 questions, too few for a drill; drilling all of Alpha skills (10 questions)" in scope.note
    learner = LearnerService(context).create("Ada", "tester").id
    runner = QuizService(context).start(learner, "focus", ["alpha"], seed=7, topics=["a-two"])
    topics = set()
    while (question := runner.current()) is not None:
        topics.add(context.library.question(question.question_id).topic)
        runner.submit(Answer("dont_know"))
    assert topics == {"a-one", "a-two"}


def test_only_a_focus_attempt_takes_topics(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester").id
    with pytest.raises(QuizError, match="Only a focus attempt"):
        QuizService(context).start(learner, "quick", topics=["a-two"])
