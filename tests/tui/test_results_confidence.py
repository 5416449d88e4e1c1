"""With the confidence step on, the results page shows confidence against accuracy per area with its reading;
without it, nothing of the kind."""

from __future__ import annotations

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.tui.app import QuizApp
from tests.tui.helpers import screen_text
from tests.tui.results_seed import open_results, right_answer, seed_finished_attempt


async def test_results_show_calibration_when_answers_carry_a_confidence(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester")
    learner = LearnerService(context).update(learner.id, ask_confidence=True)
    runner = QuizService(context).start(learner.id, "practice", ["alpha"], practice_items=6, seed=11)
    for count in range(6):  # 'high' every time, right half the time: overconfident
        runner.submit(right_answer(runner) if count % 2 else Answer("dont_know"), confidence="high")
    runner.finish("ended for the test")
    app = QuizApp(context)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_results(pilot, learner, runner.attempt_id)
        assert screen.query_one("#results-calibration").display
        text = screen_text(app)
        assert "Confidence against accuracy in this attempt" in text
        assert "Overconfident in Alpha skills: 'high' answers right 50% of the time" in text
        assert "high     6 answers   50% right  mark -9" in text  # 3 x +3, 3 x -6


async def test_results_without_confidence_show_no_calibration(context: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(context, "tester", [True, False], seed=11, answers=4)
    app = QuizApp(context)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_results(pilot, learner, attempt_id)
        assert not screen.query_one("#results-calibration").display
        assert "Confidence against accuracy" not in screen_text(app)
