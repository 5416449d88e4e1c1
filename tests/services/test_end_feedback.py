"""Feedback at the end: the results explain every answered question, right ones included; with feedback after
each answer they keep only the missed ones (the right ones were explained already)."""

from __future__ import annotations

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from tests.tui.results_seed import right_answer


def answered_attempt(context: ServiceContext, feedback: str) -> tuple[int, list[tuple[str, bool]]]:
    """A finished attempt answered right, wrong, right, ...: its id and (question, right?) in answer order."""
    learner = LearnerService(context).create("Ada", "tester")
    LearnerService(context).update(learner.id, feedback=feedback)
    runner = QuizService(context).start(learner.id, "quick", seed=11)
    given: list[tuple[str, bool]] = []
    while (view := runner.current()) is not None and len(given) < 8:
        right = len(given) % 2 == 0
        runner.submit(right_answer(runner) if right else Answer("dont_know"))
        given.append((view.question_id, right))
    runner.finish("ended for the test")
    return runner.attempt_id, given


def test_feedback_at_the_end_explains_every_answer_in_order(context: ServiceContext) -> None:
    attempt_id, given = answered_attempt(context, "end")
    results = ResultsService(context).results(attempt_id)
    assert [(f.question_id, f.correct) for f in results.explained] == given
    assert all(f.explanation.startswith("Because ") for f in results.explained)
    assert [f.question_id for f in results.missed] == [q for q, right in given if not right]
    assert any(right for _, right in given)  # right answers are among the explained ones


def test_immediate_feedback_keeps_only_the_missed_for_review(context: ServiceContext) -> None:
    attempt_id, given = answered_attempt(context, "immediate")
    results = ResultsService(context).results(attempt_id)
    assert results.explained == []
    assert [f.question_id for f in results.missed] == [q for q, right in given if not right]
