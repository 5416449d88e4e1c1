"""Results seeded through the services (a learner, an attempt answered deterministically, finished), then the
app opened straight on that attempt's results: tests and snapshots see the results screen and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.pilot import Pilot

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizRunner, QuizService
from quizengine.services.views import LearnerView
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.results import ResultsScreen
from tests.tui.helpers import settle

SHIPPED_BANKS = Path(__file__).resolve().parents[2] / "question_banks"


def right_answer(runner: QuizRunner) -> Answer:
    view = runner.current()
    assert view is not None
    question = runner.library.question(view.question_id)
    if view.type in ("single_choice", "multiple_choice"):
        return Answer("choice", tuple(question.correct_indices))  # type: ignore[union-attr]
    if view.type == "true_false":
        return Answer("bool", value=question.answer)  # type: ignore[union-attr]
    if view.type == "numeric":
        return Answer("number", value=question.answer.value)  # type: ignore[union-attr]
    return Answer("text", value=question.accepted[0])  # type: ignore[union-attr]


def seed_finished_attempt(context: ServiceContext, role: str | None, pattern: Sequence[bool],
                          areas: list[str] | None = None, seed: int = 5, *,
                          answers: int | None = None) -> tuple[LearnerView, int]:
    """A learner and one finished quick attempt: answer i is right when pattern[i % len(pattern)]; with
    `answers`, the attempt is ended after that many."""
    learner = LearnerService(context).create("Ada", role)
    runner = QuizService(context).start(learner.id, "quick", areas, seed=seed)
    count = 0
    while runner.current() is not None and (answers is None or count < answers):
        runner.submit(right_answer(runner) if pattern[count % len(pattern)] else Answer("dont_know"))
        count += 1
    runner.finish("ended for the test")
    return learner, runner.attempt_id


async def open_results(pilot: Pilot[None], learner: LearnerView, attempt_id: int) -> ResultsScreen:
    app = pilot.app
    assert isinstance(app, QuizApp)
    await settle(pilot)
    app.set_learner(learner)
    await app.push_screen(ResultsScreen(attempt_id))
    await settle(pilot)
    assert isinstance(app.screen, ResultsScreen)
    return app.screen
