"""One profile per learner: an attempt starts from the learner's earlier evidence and a small one moves it a little."""

from __future__ import annotations

import datetime as dt

import pytest

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.profile import POPULATION_SD, AreaEvidence, carried_prior
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from tests.services.test_quiz_service import correct_answer


def play(context: ServiceContext, learner_id: int, mode: str, right: bool, practice_items: int = 10) -> int:
    runner = QuizService(context).start(learner_id, mode, ["alpha"], practice_items=practice_items,  # type: ignore[arg-type]
                                        seed=5)
    while runner.current() is not None:
        runner.submit(correct_answer(runner) if right else Answer("dont_know"))
    return runner.attempt_id


def alpha(context: ServiceContext, learner_id: int) -> tuple[float, int]:
    row = next(r for r in ResultsService(context).latest_levels(learner_id) if r.area == "alpha")
    assert row.se is not None and row.score is not None
    return row.score, row.evidence


def test_a_small_attempt_moves_the_profile_a_little_instead_of_replacing_it(context: ServiceContext) -> None:
    learners = LearnerService(context)
    steady = learners.create("Steady", "tester").id
    play(context, steady, "practice", right=True, practice_items=8)
    before, evidence_before = alpha(context, steady)
    play(context, steady, "practice", right=False, practice_items=3)
    after, evidence_after = alpha(context, steady)
    assert evidence_before == 8 and evidence_after == 11  # every measuring answer counts
    newcomer = learners.create("New", "tester").id
    play(context, newcomer, "practice", right=False, practice_items=3)
    only_three, _ = alpha(context, newcomer)
    assert only_three < after < before  # three wrong answers pull it down, but not to where they alone would


def test_an_old_estimate_is_widened_for_learning_and_never_beyond_the_population() -> None:
    now = dt.datetime(2026, 12, 2)
    fresh = carried_prior(AreaEvidence(0.8, 0.3, 10, now), now)
    assert fresh == pytest.approx((0.8, 0.3))
    quarter = carried_prior(AreaEvidence(0.8, 0.3, 10, now - dt.timedelta(days=91)), now)
    assert quarter[0] == 0.8 and quarter[1] == pytest.approx((0.3**2 + 0.5**2) ** 0.5)
    years = carried_prior(AreaEvidence(0.8, 0.3, 10, now - dt.timedelta(days=2000)), now)
    assert years[1] == POPULATION_SD
