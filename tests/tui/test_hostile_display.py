"""Defence in depth: even bank text that slipped past the validator never sends an escape sequence to the
terminal, raw HTML is shown rather than swallowed, and errors never crash the app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from quizengine.bank.grading import Answer
from quizengine.bank.library import Library
from quizengine.bank.loader import load_library
from quizengine.bank.models import ChoiceQuestion
from quizengine.services.context import ServiceContext
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.store.database import make_engine, session_factory, upgrade
from quizengine.store.models import Response
from quizengine.store.repositories import ResponseRepository
from quizengine.tui.app import QuizApp
from quizengine.tui.errors import ErrorScreen
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen
from tests.conftest import MINI_BANK
from tests.tui.helpers import create_profile, screen_text, settle

# What a hostile bank would smuggle in: colour, an OSC 52 clipboard write, an OSC 8 link, a window title, a C1
# CSI and a right-to-left override.
HOSTILE = ("RED\x1b[31mALERT CLIP\x1b]52;c;SGVsbG8=\x07 LINK\x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\ "
           "TITLE\x1b]0;owned\x07 CSI\x9b2J RTL\u202eGNP.exe")
RAW_MARKERS = ("\x1b[31mALERT", "\x1b]52", "\x1b]8;;http://evil", "\x1b]0;owned", "\x9b", "\u202e")


def hostile_library() -> Library:
    """The mini bank with hostile text in stems, options, whys, explanations and titles (validator bypassed)."""
    library = load_library([MINI_BANK]).library
    for bank in library.banks:
        changed = []
        for question in bank.questions:
            update: dict[str, object] = {"stem": f"Q {HOSTILE} and List<int> stays", "explanation": f"E {HOSTILE}"}
            if isinstance(question, ChoiceQuestion):
                update["options"] = [o.model_copy(update={"text": f"{o.text} {HOSTILE}", "why": f"W {HOSTILE}"})
                                     for o in question.options]
            changed.append(question.model_copy(update=update))
        bank.questions = changed
        library._by_id.update((q.id, q) for q in changed)
    for area_id, area in list(library.areas.items()):
        library.areas[area_id] = area.model_copy(update={"title": f"{area.title} {HOSTILE}"})
    return library


@pytest.fixture
def hostile_context(tmp_path: Path) -> Iterator[ServiceContext]:
    engine = make_engine(f"sqlite:///{tmp_path / 'hostile.sqlite3'}")
    upgrade(engine)
    context = ServiceContext(hostile_library(), engine, session_factory(engine))
    yield context
    context.close()


def terminal_output(app: QuizApp) -> str:
    """Exactly what the screen would send to a real terminal now."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_nothing_raw(app: QuizApp) -> str:
    output = terminal_output(app)
    for marker in RAW_MARKERS:
        assert marker not in output, f"{marker!r} reached the terminal on {type(app.screen).__name__}"
    return output


async def test_escape_sequences_from_a_bank_never_reach_the_terminal(hostile_context: ServiceContext) -> None:
    app = QuizApp(hostile_context)
    async with app.run_test(size=(120, 50)) as pilot:
        await create_profile(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert_nothing_raw(app)
        await pilot.press("f")  # focus: the area picker lists area titles
        await settle(pilot)
        assert_nothing_raw(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        output = assert_nothing_raw(app)
        assert "␛[31mALERT" in output and "<U+202E>GNP.exe" in output  # shown, visibly neutralised
        text = screen_text(app)
        assert "List<int> stays" in text  # HTML-like text is content, not swallowed
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert_nothing_raw(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert_nothing_raw(app)
        await pilot.press("m")  # the missed-question review shows stems, keys and whys again
        await settle(pilot)
        assert_nothing_raw(app)


async def test_a_database_error_is_a_notification_and_the_app_carries_on(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)

        def broken(self: ResultsService, learner_id: int) -> object:
            raise OperationalError("SELECT", {}, Exception("disk I/O error"))

        with monkeypatch.context() as patch:
            patch.setattr(ResultsService, "latest_levels", broken)
            await pilot.press("s")  # settings, then back: home reloads and hits the broken query
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Database error: disk I/O error") and "Nothing you saved was lost" in m
                   for m in messages), messages
        await pilot.press("a")  # the next action works
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)


async def test_an_unexpected_error_opens_the_error_modal_and_is_logged(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)

        def broken(self: ResultsService, attempt_id: int) -> object:
            raise RuntimeError("results exploded")

        monkeypatch.setattr(ResultsService, "results", broken)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "RuntimeError: results exploded" in screen_text(app)
        assert app.screen.log_path is not None
        assert "results exploded" in app.screen.log_path.read_text()
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, ErrorScreen)


async def test_an_answer_from_a_stale_window_reloads_the_true_next_question(
        db_url: str, context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None and screen.view.number == 1
        other = ServiceContext.open(db_url, [MINI_BANK])  # the same attempt, open in a second window
        try:
            elsewhere = QuizService(other).resume(screen.runner.attempt_id)
            elsewhere.submit(Answer("dont_know"))
            true_next = elsewhere.current()
        finally:
            other.close()
        assert true_next is not None
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is screen and screen.view is not None  # no feedback for an answer that was refused
        assert (screen.view.number, screen.view.question_id) == (2, true_next.question_id)
        assert any("already answered in another window" in n.message for n in app._notifications)


async def test_ending_during_a_save_waits_for_it_and_ends_once(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    saving, release = threading.Event(), threading.Event()
    original_add = ResponseRepository.add

    def slow_add(self: ResponseRepository, response: Response) -> Response:
        saving.set()
        release.wait(10)
        return original_add(self, response)

    app = QuizApp(context)
    async with app.run_test(size=(110, 40)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        monkeypatch.setattr(ResponseRepository, "add", slow_add)
        await pilot.press("x")
        assert saving.wait(10)
        await pilot.press("f4", "f4", "x")  # impatient: end twice and answer again while the save is running
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        results = ResultsService(context).results(screen.runner.attempt_id)
        assert results.answered == 1 and results.stop_reason == "ended early by you"
        assert sum(area.n_items for area in results.areas) == 1
