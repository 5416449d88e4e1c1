"""The results page as a learner reads it: scrollable to the last area's plan at 80x24 (keys and mouse), what is
confirmed and what needs more questions in words, the score explained, and measuring the unsure areas again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widget import Widget

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.results_seed import SHIPPED_BANKS, open_results, seed_finished_attempt


@pytest.fixture
def shipped(tmp_path: Path) -> Iterator[ServiceContext]:
    context = ServiceContext.open(f"sqlite:///{tmp_path / 'shipped.sqlite3'}", [SHIPPED_BANKS])
    yield context
    context.close()


def visible_in(widget: Widget, scroll: VerticalScroll) -> bool:
    """On screen, inside the scroll area's viewport (a widget scrolled out of view has an empty region)."""
    region = widget.region
    return region.height > 0 and scroll.region.contains_region(region)


async def test_the_last_areas_plan_is_reachable_by_keyboard_and_mouse_at_80x24(shipped: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(shipped, "ml-engineer", [False], seed=3, answers=40)
    app = QuizApp(shipped)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_results(pilot, learner, attempt_id)
        assert screen.results is not None and len(screen.results.areas) == 9
        scroll = screen.query_one("#results-scroll", VerticalScroll)
        last_area = screen.query(".area-result").last()
        last_plan = screen.query(".plan-item").last()
        assert app.focused is scroll and not visible_in(last_plan, scroll)
        await pilot.press("end")  # keyboard
        await settle(pilot)
        assert visible_in(last_plan, scroll), "the last plan item can't be reached with End"
        await pilot.press("home")
        await settle(pilot)
        for _ in range(10):
            await pilot.press("pagedown")
        await settle(pilot)
        assert visible_in(last_plan, scroll)
        scroll.scroll_home(animate=False)
        await settle(pilot)
        for _ in range(200):  # mouse wheel
            await pilot._post_mouse_events([events.MouseScrollDown], "#results-scroll", offset=(10, 5))
            if scroll.scroll_y >= scroll.max_scroll_y:
                break
        await settle(pilot)
        assert visible_in(last_plan, scroll), "the last plan item can't be reached with the mouse wheel"
        assert last_area.region.height > 0 or last_area.region.bottom <= scroll.region.y  # above, scrolled past


async def test_results_say_what_is_confirmed_and_what_needs_more_questions(shipped: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(shipped, "ml-engineer", [True, False, True], seed=4, answers=30)
    app = QuizApp(shipped)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_results(pilot, learner, attempt_id)
        results = screen.results
        assert results is not None and results.needs_more
        text = " ".join(screen_text(app).split())
        assert "gap(s)" not in text
        assert "Confirmed:" in text and "Needs more questions:" in text and "press c to continue measuring" in text
        assert "Score 0-100:" in text and "95% interval" in text  # what the score is, on screen
        assert "needs more questions for a verdict" in text  # per area, instead of "not measured precisely"
        await pilot.press("c")  # continue measuring exactly the unsure areas
        await settle(pilot)
        question = app.screen
        assert isinstance(question, QuestionScreen)
        assert list(question.runner.config.areas) == results.needs_more
        assert question.runner.config.mode == ("focus" if len(results.needs_more) == 1 else "thorough")


async def test_results_without_a_target_role_say_how_to_get_verdicts(context: ServiceContext) -> None:
    learner, attempt_id = seed_finished_attempt(context, None, [True, False], areas=["alpha"], answers=4)
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_results(pilot, learner, attempt_id)
        text = " ".join(screen_text(app).split())
        assert "Set a target role in Settings" in text and "gap(s)" not in text
        await pilot.press("escape")  # Esc: home, as everywhere
        await settle(pilot)
        assert not isinstance(app.screen, ResultsScreen)
