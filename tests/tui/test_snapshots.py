"""Snapshot tests of the key screens (Textual is pinned in pyproject.toml so rendering is stable)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from tests.conftest import MINI_BANK
from tests.tui.helpers import create_profile, settle, start_practice
from tests.tui.test_safety_and_layout import MARKUP_BANK

SIZE = (100, 32)


def make_app(tmp_path: Path, banks: list[Path]) -> QuizApp:
    return QuizApp(ServiceContext.open(f"sqlite:///{tmp_path / 'snap.sqlite3'}", banks))


def test_home_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path, [MINI_BANK]), terminal_size=SIZE, run_before=create_profile)


def test_question_with_code(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path, MARKUP_BANK), terminal_size=SIZE, run_before=start_practice)


def test_feedback_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def answer_wrong(pilot: Pilot[None]) -> None:
        await start_practice(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path, MARKUP_BANK), terminal_size=SIZE, run_before=answer_wrong)


def test_results_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def finish_attempt(pilot: Pilot[None]) -> None:
        from quizengine.tui.screens.question import QuestionScreen
        from quizengine.tui.screens.results import ResultsScreen
        from tests.tui.test_quiz_flow import answer_current

        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        for turn in range(60):
            screen: Any = pilot.app.screen
            if isinstance(screen, ResultsScreen):
                break
            assert isinstance(screen, QuestionScreen)
            await answer_current(pilot, screen, right=turn % 3 != 0)
            await pilot.press("enter")
            await settle(pilot)
        await settle(pilot)

    assert snap_compare(make_app(tmp_path, [MINI_BANK]), terminal_size=(100, 40), run_before=finish_attempt)
