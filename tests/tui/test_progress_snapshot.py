"""Snapshot of the progress screen at 80x24: two finished attempts seeded through the services on fixed dates,
the first area's plot with its intervals, target line and date ticks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from tests.conftest import MINI_BANK
from tests.tui.test_progress import open_progress, seed_two_attempts


def test_progress_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    app = QuizApp(ServiceContext.open(f"sqlite:///{tmp_path / 'snap.sqlite3'}", [MINI_BANK]))
    learner = seed_two_attempts(app.context)

    async def show_progress(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app, QuizApp)
        await open_progress(pilot.app, pilot, learner)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show_progress)
