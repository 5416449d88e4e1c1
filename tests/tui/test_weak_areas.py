"""The weak-areas screen: areas short of the target with their plan; marking a resource done drops it; drill and
review ask the app; with no target role or no attempt yet it says what to do first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.views import LearnerView
from quizengine.services.weak_areas import WeakAreasService
from quizengine.store.models import Learner, ResourceProgress
from quizengine.tui import app as app_module
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.review_session import ReviewSessionScreen
from quizengine.tui.screens.weak_areas import WeakAreasScreen
from quizengine.tui.weak_messages import ReviewDue, StartDrill
from tests.tui.helpers import screen_text, settle, settle_until
from tests.tui.results_seed import SHIPPED_BANKS, seed_finished_attempt

MINI_BANK = Path(__file__).resolve().parents[1] / "data" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Iterator[ServiceContext]:
    context = ServiceContext.open(f"sqlite:///{tmp_path / 'weak.sqlite3'}", [MINI_BANK])
    yield context
    context.close()


class RecordingApp(QuizApp):
    """The app with the two requests the screen makes recorded instead of carried out (prevent_default keeps
    QuizApp's own handlers from running too)."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")  # a subclass would look beside this test

    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        self.asked: list[StartDrill | ReviewDue] = []
        self.opened: list[str] = []

    def on_start_drill(self, message: StartDrill) -> None:
        message.prevent_default()
        self.asked.append(message)

    def on_review_due(self, message: ReviewDue) -> None:
        message.prevent_default()
        self.asked.append(message)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)


def learner_missing_alpha(context: ServiceContext) -> LearnerView:
    learner = LearnerService(context).create("Ada", "tester")
    runner = QuizService(context).start(learner.id, "focus", ["alpha"], seed=3)
    while runner.current() is not None:
        runner.submit(Answer("dont_know"))
    return learner


async def open_weak_areas(app: RecordingApp, learner: LearnerView) -> WeakAreasScreen:
    app.set_learner(learner)
    await app.push_screen(WeakAreasScreen())
    assert isinstance(app.screen, WeakAreasScreen)
    return app.screen


async def test_marking_a_resource_done_removes_it_from_the_plan(mini: ServiceContext) -> None:
    learner = learner_missing_alpha(mini)
    first = WeakAreasService(mini).overview(learner.id).areas[0].plan[0].suggestion
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_weak_areas(app, learner)
        await settle(pilot)
        text = screen_text(app)
        assert "Alpha skills" in text and "Test Engineer" in text and first.title in text
        assert screen.query_one(DataTable).row_count == 1  # alpha; beta is not measured yet, and says so
        assert "Not measured yet: Beta" in text
        await pilot.press("x")
        await settle(pilot)
        assert first.title not in screen_text(app)
        assert screen.selected is not None
        assert first.resource_id not in [e.suggestion.resource_id for e in screen.selected.plan]
        with mini.transaction() as db:
            marks = [(row.resource_id, row.status) for row in db.query(ResourceProgress)]
        assert marks == [(first.resource_id, "done")]


async def test_started_goes_first_with_its_mark_and_o_opens_the_highlighted_link(mini: ServiceContext) -> None:
    learner = learner_missing_alpha(mini)
    plan = WeakAreasService(mini).overview(learner.id).areas[0].plan
    assert len(plan) >= 2
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_weak_areas(app, learner)
        await settle(pilot)
        await pilot.press("tab")  # to the plan
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "s")
        await settle(pilot)
        assert "[started] " + plan[1].suggestion.title in screen_text(app)
        assert screen.selected is not None and screen.selected.plan[0].suggestion == plan[1].suggestion
        await pilot.press("up", "o")
        assert app.opened == [plan[1].suggestion.url]


async def test_d_asks_for_a_drill_of_the_missed_topics_and_v_for_the_review(mini: ServiceContext) -> None:
    learner = learner_missing_alpha(mini)
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = await open_weak_areas(app, learner)
        await settle(pilot)
        assert screen.selected is not None and screen.selected.due_reviews > 0  # the misses wait as new cards
        missed = [topic.topic for topic in screen.selected.missed]
        await pilot.press("d", "v")
        await settle(pilot)
        drill, review = app.asked
        assert isinstance(drill, StartDrill) and drill.area == "alpha" and drill.topics == missed
        assert isinstance(review, ReviewDue) and review.area == "alpha"


async def test_v_with_nothing_to_review_says_so(mini: ServiceContext) -> None:
    learner = learner_missing_alpha(mini)
    with mini.transaction() as db:
        db.execute(update(Learner).where(Learner.id == learner.id).values(daily_new_reviews=0))
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_weak_areas(app, learner)
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.asked == []
        assert any("Nothing to review in Alpha skills" in n.message for n in app._notifications)


async def test_without_a_target_role_it_explains_what_to_do_first(mini: ServiceContext) -> None:
    learner = LearnerService(mini).create("Ada", None)
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await open_weak_areas(app, learner)
        await settle(pilot)
        assert "No target role yet" in screen_text(app)
        assert not screen.query_one(DataTable).display
        await pilot.press("d", "x")
        await settle(pilot)
        assert app.asked == []


async def test_with_a_role_but_no_attempt_it_asks_for_an_assessment(mini: ServiceContext) -> None:
    learner = LearnerService(mini).create("Ada", "tester")
    app = RecordingApp(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_weak_areas(app, learner)
        await settle(pilot)
        assert "Take a quick assessment first" in screen_text(app)


def test_weak_areas_snapshot(snap_compare: Callable[..., bool], mini: ServiceContext) -> None:
    """Seeded through the services (every alpha answer "I don't know" on a fixed seed); only this screen shown."""
    learner = learner_missing_alpha(mini)
    app = QuizApp(mini)

    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app.set_learner(learner)
        screen = WeakAreasScreen()
        await app.push_screen(screen)
        await settle_until(pilot, lambda: screen.selected is not None and app.focused is not None)

    assert snap_compare(app, terminal_size=(100, 32), run_before=show)


async def test_at_80x24_tab_brings_the_plan_into_view(tmp_path: Path) -> None:
    shipped = ServiceContext.open(f"sqlite:///{tmp_path / 'shipped.sqlite3'}", [SHIPPED_BANKS])
    try:
        learner, _ = seed_finished_attempt(shipped, "ml-engineer", [True, False, False], seed=3)
        app = RecordingApp(shipped)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = await open_weak_areas(app, learner)
            await settle(pilot)
            assert screen.selected is not None and screen.selected.plan
            first = screen.selected.plan[0].suggestion.url
            assert first not in screen_text(app)  # nine areas fill the top: the plan starts below the fold
            await pilot.press("tab")
            await settle(pilot)
            assert app.focused is screen.query_one("#weak-plan", OptionList)
            assert first in screen_text(app)
    finally:
        shipped.close()


async def test_from_home_w_then_d_drills_a_missed_topic_and_v_opens_that_areas_review(mini: ServiceContext) -> None:
    learner = learner_missing_alpha(mini)
    missed = {topic.topic for topic in WeakAreasService(mini).overview(learner.id).areas[0].missed}
    app = QuizApp(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.set_learner(learner)
        app.switch_screen(HomeScreen())
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WeakAreasScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ReviewSessionScreen) and app.screen.areas == ["alpha"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        question = app.screen.runner.current()
        assert question is not None and mini.library.question(question.question_id).topic in missed
