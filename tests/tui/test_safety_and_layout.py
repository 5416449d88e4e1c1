"""Bank text is data, never markup; the app works at 80x24."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.question import QuestionScreen
from tests.conftest import DATA, MINI_BANK
from tests.tui.helpers import create_profile, screen_text, settle, start_practice

MARKUP_BANK = [MINI_BANK / "taxonomy.yaml", MINI_BANK / "resources.yaml", MINI_BANK / "roles.yaml",
               DATA / "markup" / "markup.yaml"]


@pytest.fixture
def markup_context(tmp_path: Path) -> Iterator[ServiceContext]:
    ctx = ServiceContext.open(f"sqlite:///{tmp_path / 'markup.sqlite3'}", MARKUP_BANK)
    yield ctx
    ctx.close()


async def test_markup_in_bank_text_shows_literally_and_triggers_nothing(markup_context: ServiceContext) -> None:
    app = QuizApp(markup_context)
    async with app.run_test(size=(110, 40)) as pilot:
        await start_practice(pilot)
        assert isinstance(app.screen, QuestionScreen)
        # The SVG export drops whitespace inside highlighted code, so compare without spaces.
        text = screen_text(app).replace(" ", "")
        for literal in ("[bold]not bold[/]", "[@click=app.quit]does not quit[/]", "print([x for x in a])",
                        "# [red]literal[/red]", "print(a[1])", "a[1] and print([x])", "[bold]bold[/]"):
            assert literal.replace(" ", "") in text, literal
        # Clicking the option whose text is a click-to-quit action must choose it, not quit the app.
        await pilot.click("#option-0", offset=(4, 0))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, FeedbackScreen)
        assert app.screen.feedback.correct
        assert "Explanation with [bold]markup-like[/] text and a[1]." in screen_text(app)


async def test_usable_at_80x24(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_profile(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Alpha skills" in text and "Full assessment, quick" in text
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        text = screen_text(app)
        assert screen.view.stem.splitlines()[0][:30] in text
        assert "areas done" in text  # the compact progress line replaces the side panel
        answer = screen.answer_widget
        assert answer.region.bottom <= 23 and answer.region.height > 0  # the answer is on screen


async def test_long_question_scrolls_with_the_keyboard_at_80x24(tmp_path: Path) -> None:
    bank = tmp_path / "long.yaml"
    code = "\n".join(f"      line_{n} = {n}" for n in range(30))
    bank.write_text((DATA / "markup" / "markup.yaml").read_text().replace(
        "      print(a[1])\n", f"      print(a[1])\n{code}\n"))
    context = ServiceContext.open(f"sqlite:///{tmp_path / 'db.sqlite3'}", [*MARKUP_BANK[:3], bank])
    app = QuizApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_practice(pilot)
        assert "more below: shift+↓ or pgdn scrolls" in screen_text(app)
        stem = app.screen.query_one("#question-scroll")
        assert stem.scroll_y == 0
        await pilot.press("shift+down")
        await pilot.pause()
        assert stem.scroll_y > 0
    context.close()


async def test_ctrl_c_quits_and_keeps_answers(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await start_practice(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
    from quizengine.services.results import ResultsService

    [attempt] = ResultsService(context).history(1)
    assert (attempt.status, attempt.answered) == ("active", 1)  # resumable, with its answer kept
