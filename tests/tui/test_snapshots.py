"""Snapshot tests of the key screens (Textual is pinned in pyproject.toml so rendering is stable)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from tests.conftest import MINI_BANK
from tests.tui.helpers import create_profile, settle, start_practice
from tests.tui.results_seed import open_results, seed_finished_attempt
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
    """Seeded through the services (right, wrong, right, ... on a fixed seed), then only the results screen."""
    app = make_app(tmp_path, [MINI_BANK])
    learner, attempt_id = seed_finished_attempt(app.context, "tester", [True, False, True], seed=5)

    async def show_results(pilot: Pilot[None]) -> None:
        await open_results(pilot, learner, attempt_id)

    assert snap_compare(app, terminal_size=(100, 40), run_before=show_results)
