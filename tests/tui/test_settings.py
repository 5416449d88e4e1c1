"""Settings change how an attempt runs: feedback timing, the confidence step, the remembered theme."""

from __future__ import annotations

from sqlalchemy import select
from textual.pilot import Pilot

from quizengine.services.context import ServiceContext
from quizengine.store.models import Response
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.pickers import ConfidencePicker
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen, ReviewScreen
from tests.tui.helpers import create_profile, screen_text, settle


async def practise_first_area(pilot: Pilot[None]) -> QuestionScreen:
    """Practice in the first area, for a profile that already exists (its settings were just changed)."""
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def test_feedback_at_the_end_skips_feedback_and_offers_a_review(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        app.learner = app.learners.update(app.learner.id, feedback="end")
        screen = await practise_first_area(pilot)
        for _ in range(10):
            if isinstance(app.screen, ResultsScreen):
                break
            assert not isinstance(app.screen, FeedbackScreen)
            await pilot.press("f3")  # "I don't know": wrong, so every question shows up in the review
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "10 missed question(s)" in screen_text(app)
        assert screen.runner.finished


async def test_confidence_step_is_asked_and_stored(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        app.learner = app.learners.update(app.learner.id, ask_confidence=True)
        screen = await practise_first_area(pilot)
        assert screen.view is not None
        if screen.view.type in ("numeric", "short_text"):
            await pilot.press("4", "2")
        else:
            await pilot.press("1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfidencePicker)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
    with context.transaction() as session:
        assert session.scalars(select(Response.confidence)).all() == ["high"]


async def test_theme_choice_is_remembered_per_profile(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        app.theme = "nord"
        await settle(pilot)
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.theme != "nord"
        await pilot.press("enter")  # pick the profile
        await settle(pilot)
        assert app.theme == "nord"
