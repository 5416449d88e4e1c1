"""Functional tests of the app, driven headless with Pilot on the small test bank."""

from __future__ import annotations

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen
from quizengine.tui.widgets.answers import AnswerInput, ChoiceList, MultiChoiceList
from tests.tui.helpers import create_profile, screen_text, settle, start_practice


async def answer_current(pilot, screen: QuestionScreen, *, right: bool = True) -> None:
    """Answer the question on screen with the keyboard, as a learner would."""
    view = screen.view
    assert view is not None
    question = screen.runner.library.question(view.question_id)
    widget = screen.answer_widget
    if isinstance(widget, ChoiceList) and view.type == "true_false":
        await pilot.press("t" if question.answer == right else "f")  # type: ignore[union-attr]
        await pilot.press("enter")
    elif isinstance(widget, ChoiceList):
        correct = question.correct_indices[0]  # type: ignore[union-attr]
        display = view.option_order.index(correct)
        if not right:
            display = (display + 1) % len(view.options)
        await pilot.press(str(display + 1))
        await pilot.press("enter")
    elif isinstance(widget, MultiChoiceList):
        wanted = question.correct_indices if right else [i for i in range(len(view.options))  # type: ignore[union-attr]
                                                         if i not in question.correct_indices][:1]  # type: ignore[union-attr]
        for index in wanted:
            await pilot.press("abcdefgh"[view.option_order.index(index)])
        await pilot.press("enter")
    else:
        assert isinstance(widget, AnswerInput)
        text = ("42" if view.type == "numeric" else "blue") if right else "7"
        await pilot.press(*text)
        await pilot.press("enter")
    await settle(pilot)


async def test_first_launch_to_results(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "not measured" in screen_text(app)
        await pilot.press("a")  # full quick assessment
        await settle(pilot)
        seen_types: set[str] = set()
        for _ in range(60):
            if isinstance(app.screen, ResultsScreen):
                break
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            assert screen.view is not None
            seen_types.add(screen.view.type)
            await answer_current(pilot, screen, right=True)
            assert isinstance(app.screen, FeedbackScreen)
            assert app.screen.feedback.correct
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await settle(pilot)
        text = screen_text(app)
        assert "Results of attempt #1" in text
        assert "Alpha skills" in text and "Beta skills" in text
        assert seen_types  # every type's widget is covered by test_every_answer_widget_takes_a_right_answer
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "not measured" not in screen_text(app)  # the home table now shows the levels


async def test_wrong_answer_shows_key_and_explanation(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        await pilot.press("p")  # practice one area
        await settle(pilot)
        await pilot.press("enter")  # first area in the picker
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await answer_current(pilot, screen, right=False)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        assert not feedback.feedback.correct
        text = screen_text(app)
        assert "Correct answer:" in text and "Because" in text


async def test_non_number_is_a_gentle_message_not_a_wrong_answer(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await start_practice(pilot)
        for _ in range(12):
            screen = app.screen
            assert isinstance(screen, QuestionScreen) and screen.view is not None
            if screen.view.type == "numeric":
                break
            await answer_current(pilot, screen)
            await pilot.press("enter")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None and screen.view.type == "numeric"
        answered = len(screen.runner.session.answered)
        await pilot.press(*"forty", "enter")
        await settle(pilot)
        assert app.screen is screen  # still on the question
        assert "'forty' is not a number" in screen_text(app)
        assert len(screen.runner.session.answered) == answered


async def test_dont_know_counts_as_wrong_without_guessing(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        assert feedback.feedback.dont_know and not feedback.feedback.correct
        assert "I don't know" in screen_text(app)


async def test_resume_after_teardown_mid_attempt(db_url: str) -> None:
    from tests.conftest import MINI_BANK

    context = ServiceContext.open(db_url, [MINI_BANK])
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        for _ in range(3):
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            await answer_current(pilot, screen)
            await pilot.press("enter")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        expected_next = screen.view.question_id
    context.close()  # the app is torn down mid-attempt, as if the terminal closed

    context = ServiceContext.open(db_url, [MINI_BANK])
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # pick the existing profile
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "unfinished attempt" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        assert screen.view.question_id == expected_next
        assert screen.view.number == 4
    context.close()


async def test_new_attempt_over_an_unfinished_one_asks_first(context: ServiceContext) -> None:
    from quizengine.tui.screens.pickers import UnfinishedAttemptPrompt

    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, QuestionScreen)
        await answer_current(pilot, first)
        await pilot.press("enter", "escape")  # next question, then save and go home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, UnfinishedAttemptPrompt)
        await pilot.press("r")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, QuestionScreen) and resumed.runner.attempt_id == first.runner.attempt_id
        assert resumed.view is not None and resumed.view.number == 2


async def test_every_answer_widget_takes_a_right_answer(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await start_practice(pilot)  # ten questions of the first area: every type
        seen_types: set[str] = set()
        while isinstance(app.screen, QuestionScreen):
            screen = app.screen
            assert screen.view is not None
            seen_types.add(screen.view.type)
            await answer_current(pilot, screen, right=True)
            assert isinstance(app.screen, FeedbackScreen) and app.screen.feedback.correct, screen.view
            await pilot.press("n")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert seen_types == {"single_choice", "multiple_choice", "true_false", "numeric", "short_text"}
