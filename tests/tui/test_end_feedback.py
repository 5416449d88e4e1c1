"""With feedback at the end, the results' review key explains every answer of the attempt, right ones too."""

from __future__ import annotations

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.feedback import FeedbackBody
from quizengine.tui.screens.results import ReviewScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.results_seed import open_results, seed_finished_attempt


async def test_review_after_feedback_at_the_end_shows_right_and_missed_answers(context: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(context, "tester", [True, False], seed=11, answers=6)
    learner = LearnerService(context).update(learner.id, feedback="end")
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_results(pilot, learner, attempt_id)
        assert "Review answers" in screen_text(app) and "Review missed" not in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        bodies = list(app.screen.query(FeedbackBody))
        assert len(bodies) == 6
        assert [body.feedback.correct for body in bodies] == [True, False] * 3
        text = screen_text(app)
        assert "Every answer explained: 6 answered, 3 right, 3 missed question(s)" in text
        assert "✓ Correct" in text


async def test_review_after_immediate_feedback_shows_only_the_missed(context: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(context, "tester", [True, False], seed=11, answers=6)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_results(pilot, learner, attempt_id)
        assert "Review missed" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [body.feedback.correct for body in app.screen.query(FeedbackBody)] == [False] * 3
