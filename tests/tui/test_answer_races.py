"""The answer path under pressure: another window moved the attempt on, or the learner presses keys while a
save is running. The screen shows the true state, and no action runs twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from textual.pilot import Pilot

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.quiz import AttemptChanged, QuizService
from quizengine.services.results import ResultsService
from quizengine.services.views import FeedbackView, QuestionView
from quizengine.store.models import Response
from quizengine.store.repositories import ResponseRepository
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen
from tests.conftest import MINI_BANK
from tests.tui.helpers import create_profile, settle

R = TypeVar("R")


async def start_assessment(app: QuizApp, pilot: Pilot[None]) -> QuestionScreen:
    await create_profile(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QuestionScreen) and screen.view is not None and screen.view.number == 1
    return screen


def in_another_window(db_url: str, attempt_id: int, act: Callable[[QuizService, int], R]) -> R:
    other = ServiceContext.open(db_url, [MINI_BANK])
    try:
        return act(QuizService(other), attempt_id)
    finally:
        other.close()


def blocking_saves(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Every answer write waits for `release` once `saving` is set: a slow disk."""
    saving, release = threading.Event(), threading.Event()
    original_add = ResponseRepository.add

    def slow_add(self: ResponseRepository, response: Response) -> Response:
        saving.set()
        release.wait(10)
        return original_add(self, response)

    monkeypatch.setattr(ResponseRepository, "add", slow_add)
    return saving, release


def stored_answers(context: ServiceContext, attempt_id: int) -> int:
    return ResultsService(context).results(attempt_id).answered


async def test_an_answer_from_a_stale_window_reloads_the_true_next_question(
        db_url: str, context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await start_assessment(app, pilot)

        def answer_there(quiz: QuizService, attempt_id: int) -> QuestionView | None:
            runner = quiz.resume(attempt_id)
            runner.submit(Answer("dont_know"))
            return runner.current()

        true_next = in_another_window(db_url, screen.runner.attempt_id, answer_there)
        assert true_next is not None
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is screen and screen.view is not None  # no feedback for an answer that was refused
        assert (screen.view.number, screen.view.question_id) == (2, true_next.question_id)
        assert any("already answered in another window" in n.message for n in app._notifications)
        await pilot.press("f3")  # and the next answer is taken
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert stored_answers(context, screen.runner.attempt_id) == 2


async def test_an_answer_to_an_attempt_finished_elsewhere_shows_its_results(
        db_url: str, context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await start_assessment(app, pilot)
        in_another_window(db_url, screen.runner.attempt_id,
                          lambda quiz, attempt_id: quiz.resume(attempt_id).finish("ended in the other window"))
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert any("finished in another window" in n.message for n in app._notifications)
        assert stored_answers(context, screen.runner.attempt_id) == 0


async def test_ending_during_a_save_waits_for_it_and_ends_once(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await start_assessment(app, pilot)
        saving, release = blocking_saves(monkeypatch)
        await pilot.press("f3")
        assert saving.wait(10)
        await pilot.press("f4", "f4", "f3")  # impatient: end twice and answer again while the save is running
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        results = ResultsService(context).results(screen.runner.attempt_id)
        assert results.answered == 1 and results.stop_reason == "ended early by you"
        assert sum(area.n_items for area in results.areas) == 1


async def test_keys_pressed_during_a_save_do_not_answer_twice(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await start_assessment(app, pilot)
        saving, release = blocking_saves(monkeypatch)
        await pilot.press("f3")
        assert saving.wait(10)
        await pilot.press("f3", "enter", "1", "enter", "escape")  # answer again, pick, submit, leave
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert stored_answers(context, screen.runner.attempt_id) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_stack[-1] is screen and screen.view is not None and screen.view.number == 2


async def test_ending_during_a_save_that_another_window_overtook_still_ends(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await start_assessment(app, pilot)
        saving, release = threading.Event(), threading.Event()

        def overtaken(answer: Answer, **kwargs: object) -> FeedbackView:
            saving.set()
            release.wait(10)
            raise AttemptChanged("This question was already answered in another window.")

        monkeypatch.setattr(screen.runner, "submit", overtaken)
        await pilot.press("f3")
        assert saving.wait(10)
        await pilot.press("f4")
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert any("already answered in another window" in n.message for n in app._notifications)
        results = ResultsService(context).results(screen.runner.attempt_id)
        assert results.stop_reason == "ended early by you"
