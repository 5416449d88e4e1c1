"""Keys that behave: q asks before quitting, Esc means home everywhere, the why panel belongs to its question,
the profile form has no invisible stop, Help lists the answer keys, the palette has the app's commands, and a
number that can't be read is said so inline (briefly)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Select

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.errors import ErrorScreen
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.help import HelpScreen
from quizengine.tui.screens.history import HistoryScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.pickers import ConfirmQuit
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.widgets.answers import OptionCards
from tests.tui.helpers import create_profile, screen_text, settle, start_practice


async def advance_to(pilot: Pilot[None], app: QuizApp, kind: str) -> QuestionScreen:
    """Answer "I don't know" until a question of this type is on screen."""
    for _ in range(12):
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        if screen.view.type == kind:
            return screen
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
    raise AssertionError(f"no {kind} question")


async def test_q_on_a_question_asks_before_quitting(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_practice(pilot)
        question = await advance_to(pilot, app, "single_choice")
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ConfirmQuit)
        assert "Every answer you submitted is saved" in screen_text(app)
        await pilot.press("escape")  # keep going
        await settle(pilot)
        assert app.is_running and app.screen is question
        await pilot.press("q", "q")
        await settle(pilot)
        assert not app.is_running


async def test_escape_means_home_on_the_question_and_on_its_feedback(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_practice(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("n")  # n (or Enter) is next
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.view is not None
        assert app.screen.view.number == 2
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape")  # on feedback: home, as on a question, not "next"
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "unfinished attempt" in screen_text(app)


async def test_the_why_panel_closes_with_its_question(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_practice(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        await pilot.press("f2")
        await settle(pilot)
        panel = screen.query_one("#why-panel")
        assert panel.display and "Why this question" in screen_text(app)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.view.number == 2  # type: ignore[union-attr]
        assert not panel.display and "Why this question:" not in screen_text(app)


async def test_a_profile_is_created_by_keyboard_with_no_invisible_focus_stop(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press(*"Ada")
        stops = []
        for _ in range(3):  # a full Tab cycle visits only the form's controls
            await pilot.press("tab")
            stops.append(app.focused)
        assert [type(stop) for stop in stops] == [Select, Button, Input], stops
        await pilot.press("tab", "tab")  # name -> role -> Create
        assert isinstance(app.focused, Button)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(app.focused, OptionList)


async def test_help_lists_the_answer_keys_and_the_bindings(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_practice(pilot)
        await advance_to(pilot, app, "single_choice")  # on a text answer, q is typed, not bound
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        for key in ("a-h or 1-8", "space", "t / f", "enter"):
            assert key in rows, key
        descriptions = " | ".join(rows.values())
        for description in ("I don't know", "Why this question?", "Save & home", "End now, see results",
                            "Quit (asks first"):
            assert description in descriptions, description


@pytest.mark.parametrize(("typed", "screen_type"), [("past attempts", HistoryScreen), ("quick assess", QuestionScreen)])
async def test_the_command_palette_has_the_apps_commands(context: ServiceContext, typed: str,
                                                         screen_type: type) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*typed)
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen_type)


async def test_numbers_that_cannot_be_read_are_said_so_inline_and_briefly(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_practice(pilot)
        screen = await advance_to(pilot, app, "numeric")
        answered = len(screen.runner.session.answered)
        text_input = screen.query_one("#text", Input)
        text_input.value = "20,8"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and "a comma only separates thousands" in screen_text(app)
        text_input.value = "9" * 3000
        await pilot.press("enter")
        await settle(pilot)
        error = " ".join(str(screen.query_one("#answer-error").render()).split())
        assert "3,000 characters" in error and len(error) < 200
        assert app.screen is screen and len(screen.runner.session.answered) == answered  # nothing stored
        text_input.value = "42 units"  # the question's unit, as its placeholder suggests
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen) and app.screen.feedback.correct


async def test_select_all_feedback_lists_choices_with_letters_and_explains_credit(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_practice(pilot)
        screen = await advance_to(pilot, app, "multiple_choice")
        view = screen.view
        assert view is not None
        question = screen.runner.library.question(view.question_id)
        right = sorted(view.option_order.index(i) for i in question.correct_indices)  # type: ignore[union-attr]
        await pilot.press("abcdefgh"[right[-1]])  # one of the right options: partial credit
        await pilot.press("enter")
        await settle(pilot)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        text = " ".join(screen_text(app).split())
        assert f"Your answer: {'abcdefgh'[right[-1]]}) {view.options[right[-1]]}" in text
        assert "Select-all credit: the share of the right options you chose" in text
        keys = "; ".join(f"{'abcdefgh'[p]}) {view.options[p]}" for p in right)
        assert f"Correct answer: {keys}" in text


async def test_space_toggles_and_arrows_move_in_a_select_all_question(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_practice(pilot)
        screen = await advance_to(pilot, app, "multiple_choice")
        cards = screen.query_one("#multi", OptionCards)
        await pilot.press("down", "space", "down", "down", "space", "up", "space", "space")
        assert cards.selected == {0, 2}
        assert "☑" in screen_text(app)


async def test_the_error_window_copies_its_one_line_summary(context: ServiceContext,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(QuizApp, "copy_to_clipboard", lambda self, text: copied.append(text))

    def bug(*args: object) -> None:
        raise RuntimeError("something exploded\nsecond line")

    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_practice(pilot)
        monkeypatch.setattr(QuestionScreen, "action_why", bug)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("c")
        assert copied == ["RuntimeError: something exploded"]
