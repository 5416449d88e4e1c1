"""Whatever fails (the database, or a bug), the app says so in one line or in the error modal, keeps running,
and the next action works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.tui.app import QuizApp
from quizengine.tui.errors import ErrorScreen, error_log_path
from quizengine.tui.screens.banks import BanksScreen
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.profile import ProfileScreen
from quizengine.tui.screens.question import QuestionScreen
from tests.tui.helpers import create_profile, screen_text, settle

SECRET_URL = "postgresql://quiz:hunter2@db.example/quiz"


def disk_error(*args: object, **kwargs: object) -> object:
    raise OperationalError("SELECT", {}, Exception(f"disk I/O error talking to {SECRET_URL}"))


def bug(*args: object, **kwargs: object) -> object:
    raise RuntimeError("something exploded")


def messages(app: QuizApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def database_notified(app: QuizApp) -> bool:
    return any(m.startswith("Database error: disk I/O error") and "Nothing you saved was lost" in m
               and "hunter2" not in m for m in messages(app))


async def test_a_database_error_on_the_home_screen_is_one_line_and_the_app_carries_on(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        with monkeypatch.context() as patch:
            patch.setattr(ResultsService, "latest_levels", disk_error)
            await pilot.press("s")  # settings, then back: home reloads and hits the broken query
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert database_notified(app), messages(app)
        await pilot.press("a")  # the next action works
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)


async def test_a_database_error_starting_an_attempt_leaves_home_working(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        with monkeypatch.context() as patch:
            patch.setattr(QuizService, "start", disk_error)
            await pilot.press("a")
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen) and database_notified(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)


async def test_a_database_error_listing_profiles_still_lets_you_create_one(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LearnerService, "list", disk_error)
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ProfileScreen) and database_notified(app)
        await create_profile(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_theme_that_cannot_be_saved_is_reported_and_kept_for_now(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        monkeypatch.setattr(LearnerService, "update", disk_error)
        app.theme = "nord"
        await settle(pilot)
        assert app.is_running and app.theme == "nord" and database_notified(app)


async def test_an_unexpected_error_in_a_worker_opens_the_error_modal_and_is_logged(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        monkeypatch.setattr(ResultsService, "results", bug)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        text = screen_text(app)
        assert "RuntimeError: something exploded" in text and "your answers are saved" in text
        assert app.screen.log_path == error_log_path()
        assert "Traceback" in error_log_path().read_text() and "something exploded" in error_log_path().read_text()
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, ErrorScreen)


async def test_an_unexpected_error_in_a_key_action_is_survived(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        question = app.screen
        monkeypatch.setattr(QuestionScreen, "action_why", bug)
        await pilot.press("f2")  # why this question (w would be typed into a text answer)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ErrorScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is question
        await pilot.press("f3")  # the question screen still answers
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)


async def test_an_unexpected_error_in_a_message_handler_is_survived(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        question = app.screen
        monkeypatch.setattr(QuestionScreen, "_error", bug)  # what shows "pick an option first"
        await pilot.press("enter")  # nothing picked: the handler fails
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ErrorScreen)
        await pilot.press("escape")
        await pilot.press("f3")
        await settle(pilot)
        assert question.is_attached and isinstance(app.screen, FeedbackScreen)


async def test_a_screen_that_fails_to_load_is_left_for_the_one_beneath(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        monkeypatch.setattr(BanksScreen, "on_mount", bug)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)  # not the half-built banks screen
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
