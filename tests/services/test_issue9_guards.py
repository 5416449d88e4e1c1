"""Guards the suite was missing: history's right-count, resume honouring recently seen questions, and answers
given in screen terms (mapped to the bank's option order by the service, described back with their letters)."""

from __future__ import annotations

import pytest

from quizengine.bank.grading import Answer
from quizengine.bank.models import ChoiceQuestion, MultipleChoice
from quizengine.services.answers import AnswerProblem
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizRunner, QuizService
from quizengine.services.results import ResultsService
from quizengine.services.views import ChosenAnswer
from tests.services.test_quiz_service import correct_answer


def answer(runner: QuizRunner, right: bool) -> None:
    runner.submit(correct_answer(runner) if right else Answer("dont_know"))


def test_history_counts_right_answers_not_wrong_ones(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    runner = QuizService(context).start(learner.id, "practice", ["alpha"], practice_items=5, seed=7)
    for right in (True, True, False, True, False):
        answer(runner, right)
    [attempt] = ResultsService(context).history(learner.id)
    assert (attempt.answered, attempt.correct) == (5, 3)


def test_resume_keeps_preferring_questions_not_seen_in_recent_attempts(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    quizzes = QuizService(context)
    first = quizzes.start(learner.id, "practice", ["alpha"], practice_items=4, seed=11)
    seen = set()
    while (view := first.current()) is not None:
        seen.add(view.question_id)
        answer(first, True)
    second = quizzes.start(learner.id, "practice", ["alpha"], practice_items=6, seed=12)
    answer(second, True)
    served = []
    while (view := quizzes.resume(second.attempt_id).current()) is not None:  # interrupted before every answer
        served.append(view.question_id)
        answer(quizzes.resume(second.attempt_id), True)
    assert len(served) == 5 and not set(served) & seen, "a resumed attempt re-asked recently seen questions"


def choice_runner(context: ServiceContext, kind: type[ChoiceQuestion]) -> QuizRunner:
    learner = LearnerService(context).create("Ada", None)
    quizzes = QuizService(context)
    for seed in range(200):  # a seed whose first question is of the kind wanted, with options shuffled
        runner = quizzes.start(learner.id, "practice", ["alpha"], seed=seed)
        view = runner.current()
        assert view is not None
        if isinstance(runner.library.question(view.question_id), kind) and view.option_order != sorted(
                view.option_order):
            return runner
    raise AssertionError("no shuffled question of that kind")


def test_the_service_maps_screen_positions_to_the_banks_option_order(context: ServiceContext) -> None:
    runner = choice_runner(context, MultipleChoice)
    view = runner.current()
    assert view is not None
    question = runner.library.question(view.question_id)
    assert isinstance(question, MultipleChoice)
    positions = tuple(sorted(view.option_order.index(i) for i in question.correct_indices))
    feedback = runner.submit(ChosenAnswer("options", tuple(reversed(positions))))
    assert feedback.correct
    letters = [entry.split(")")[0] for entry in feedback.your_answer.split("; ")]
    assert letters == ["abcdefgh"[p] for p in positions]  # in screen order, with their letters
    for position, entry in zip(positions, feedback.your_answer.split("; "), strict=True):
        assert entry == f"{'abcdefgh'[position]}) {view.options[position]}"
    assert feedback.key == feedback.your_answer and "never below 0" in feedback.credit_rule


def test_an_answer_that_cannot_be_read_is_refused_before_anything_is_stored(context: ServiceContext) -> None:
    runner = choice_runner(context, ChoiceQuestion)
    with pytest.raises(AnswerProblem, match="Pick an option"):
        runner.check(ChosenAnswer("options", ()))
    with pytest.raises(AnswerProblem):
        runner.check(ChosenAnswer("options", (9,)))
    assert len(runner.session.answered) == 0
