"""The progress screen as a learner uses it: a plot of each area's score with its interval over the finished
attempts, left/right switching areas (the plot follows), retention and attempts listed, and a clear message
with no data. Data is seeded through the services."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import update
from textual.pilot import Pilot
from textual_plot import PlotWidget

from quizengine.bank.grading import Answer
from quizengine.paths import data_dir
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.views import LearnerView
from quizengine.store.models import AbilitySnapshot, Attempt
from quizengine.tui.app import QuizApp
from quizengine.tui.safe import safe_view
from quizengine.tui.screens.progress import ProgressScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.hostile import hostile_context
from tests.tui.results_seed import right_answer
from tests.tui.test_hostile_display import assert_nothing_raw


def seed_two_attempts(context: ServiceContext, *, confidence: str | None = None) -> LearnerView:
    """Ada, target role 'tester': a weak attempt on Nov 20, then a strong one on Dec 01."""
    learner = LearnerService(context).create("Ada", "tester")
    for seed, right_every, day in [(1, 3, dt.datetime(2026, 11, 20, 10)), (2, 1, dt.datetime(2026, 12, 1, 10))]:
        runner = QuizService(context).start(learner.id, "quick", seed=seed)
        count = 0
        while count < 8 and runner.current() is not None:
            right = count % right_every == 0
            runner.submit(right_answer(runner) if right else Answer("dont_know"), confidence=confidence)
            count += 1
        runner.finish("ended for the test")
        with context.transaction() as db:  # as if taken on `day`
            db.execute(update(AbilitySnapshot).where(AbilitySnapshot.attempt_id == runner.attempt_id)
                       .values(created_at=day))
            db.execute(update(Attempt).where(Attempt.id == runner.attempt_id)
                       .values(started_at=day - dt.timedelta(minutes=9), finished_at=day))
    return learner


async def open_progress(app: QuizApp, pilot: Pilot[None], learner: LearnerView) -> ProgressScreen:
    await settle(pilot)
    app.set_learner(safe_view(learner))  # as the app gets it, through a worker
    await app.push_screen(ProgressScreen())
    await settle(pilot)
    assert isinstance(app.screen, ProgressScreen)
    return app.screen


async def test_plot_shows_the_area_and_switching_area_changes_it(context: ServiceContext) -> None:
    learner = seed_two_attempts(context)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_progress(app, pilot, learner)
        plot = screen.query_one("#progress-plot", PlotWidget)
        assert plot.display
        text = screen_text(app)
        assert "Alpha" in text and "1/2" in text and "2 measurements" in text
        assert "Nov 20" in text and "Dec 01" in text  # the ticks say when each point was measured
        first = screen.trend
        assert first is not None and first.area == "alpha"
        drawn_alpha = screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        second = screen.trend
        assert second is not None and second.area == "beta"
        text = screen_text(app)
        assert "Beta" in text and "2/2" in text
        assert text != drawn_alpha
        assert [p.score for p in second.points] != [p.score for p in first.points] or \
            second.target_score != first.target_score
        await pilot.press("left")
        await settle(pilot)
        assert screen.trend is not None and screen.trend.area == "alpha"
        assert screen_text(app) == drawn_alpha  # back to the same plot


async def test_with_no_color_set_the_plot_draws_in_monochrome_instead_of_ending_the_app(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR (no-color.org) is a learner's setting: Textual's own monochrome filter failed on the plot."""
    monkeypatch.setenv("NO_COLOR", "1")
    learner = seed_two_attempts(context)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.no_color
        screen = await open_progress(app, pilot, learner)
        assert screen.query_one("#progress-plot", PlotWidget).display
        text = screen_text(app)
        assert "2 measurements" in text and "Nov 20" in text
    assert app.return_code in (0, None)


async def test_attempts_and_retention_are_listed(context: ServiceContext) -> None:
    learner = seed_two_attempts(context)
    app = QuizApp(context)
    async with app.run_test(size=(100, 50)) as pilot:
        await open_progress(app, pilot, learner)
        text = screen_text(app)
        assert "Review retention (desired 90%): no reviews of learned cards yet" in text
        assert "Attempts" in text and text.count("quick") >= 2
        assert "8 answered" in text


async def test_calibration_shows_with_the_confidence_step(context: ServiceContext) -> None:
    learner = seed_two_attempts(context, confidence="high")
    app = QuizApp(context)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_progress(app, pilot, learner)
        assert screen.query_one("#progress-calibration").display
        text = screen_text(app)
        assert "Confidence against accuracy" in text
        assert "certainty-based mark" in text


async def test_no_data_says_so_instead_of_an_empty_plot(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Bo", None)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_progress(app, pilot, learner)
        assert not screen.query_one("#progress-plot", PlotWidget).display
        text = screen_text(app)
        assert "Not measured yet: finish an assessment that covers this area" in text
        assert "None yet." in text
        assert screen.query_one("#progress-calibration").display is False


async def test_export_writes_the_report_under_the_data_dir_and_says_where(context: ServiceContext,
                                                                          tmp_path: Path) -> None:
    learner = seed_two_attempts(context)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_progress(app, pilot, learner)
        await pilot.press("e")
        await settle(pilot)
        assert screen.exported is not None
        assert screen.exported.parent == data_dir() / "reports"
        assert str(screen.exported).startswith(str(tmp_path))  # the test's data dir, never the real one
        assert screen.exported.read_text(encoding="utf-8").startswith("# quizengine report: Ada\n")
        assert any(n.message == f"Report written to {screen.exported}" for n in app._notifications)
        await pilot.press("E")
        await settle(pilot)
        assert screen.exported.suffix == ".json"
        assert json.loads(screen.exported.read_text(encoding="utf-8"))["learner"] == "Ada"


async def test_export_that_cannot_write_is_a_one_line_notice(context: ServiceContext, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    learner = seed_two_attempts(context)
    blocker = tmp_path / "blocked"
    blocker.write_text("")  # reports/ can't be made inside a file
    monkeypatch.setattr("quizengine.tui.screens.progress.data_dir", lambda: blocker)
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_progress(app, pilot, learner)
        await pilot.press("e")
        await settle(pilot)
        assert screen.exported is None
        assert isinstance(app.screen, ProgressScreen)  # no error window: a notice
        notices = [n.message for n in app._notifications if "Cannot write the report to" in n.message]
        assert len(notices) == 1 and "\n" not in notices[0]


async def test_hostile_area_titles_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    context = hostile_context(tmp_path / "hostile.sqlite3")
    try:
        learner = seed_two_attempts(context, confidence="high")
        app = QuizApp(context)
        async with app.run_test(size=(120, 50)) as pilot:
            await open_progress(app, pilot, learner)
            text = assert_nothing_raw(app)
            assert "Alpha skills RED␛[31mALERT" in text  # shown, neutralised
            await pilot.press("right")
            await settle(pilot)
            assert "Beta skills RED␛[31mALERT" in assert_nothing_raw(app)
    finally:
        context.close()
