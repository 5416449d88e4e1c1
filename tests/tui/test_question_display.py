"""How a question is shown: long code lines in stems are never cut, options are Markdown (code kept as code, with
its indentation) and keep every wrapped line when the widgets are reused, and long code options scroll."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from textual.containers import VerticalScroll

from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.widgets.answers import option_renderable
from tests.conftest import MINI_BANK
from tests.tui.helpers import screen_text, settle, start_practice

BANKS = Path(__file__).parent / "banks"
FRAME = [MINI_BANK / "taxonomy.yaml", MINI_BANK / "resources.yaml", MINI_BANK / "roles.yaml"]
LONG_LINE = 'primes = {n for n in range(2, 100) if all(n % d for d in range(2, n))}; print(len(primes), "ENDOFLINE")'


def open_context(tmp_path: Path, bank: str) -> ServiceContext:
    return ServiceContext.open(f"sqlite:///{tmp_path / 'display.sqlite3'}", [*FRAME, BANKS / bank])


@pytest.fixture
def display(tmp_path: Path) -> Iterator[ServiceContext]:
    context = open_context(tmp_path, "display.yaml")
    yield context
    context.close()


def squeezed(text: str) -> str:
    """Without spacing (the SVG export drops it inside highlighted code) and without the progress panel."""
    return "".join("".join(line.split("▏")[0].split()) for line in text.splitlines())


async def next_question(pilot: object, app: QuizApp) -> QuestionScreen:
    screen = app.screen
    assert isinstance(screen, QuestionScreen) and screen.view is not None
    await pilot.press("f3")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("n")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, QuestionScreen)
    return app.screen


async def show(pilot: object, app: QuizApp, question_id: str) -> QuestionScreen:
    screen = app.screen
    assert isinstance(screen, QuestionScreen) and screen.view is not None
    if screen.view.question_id != question_id:
        screen = await next_question(pilot, app)
    assert screen.view is not None and screen.view.question_id == question_id
    return screen


@pytest.mark.parametrize("size", [(100, 32), (80, 24)])
async def test_a_long_code_line_in_a_stem_is_wrapped_never_cut(display: ServiceContext,
                                                                size: tuple[int, int]) -> None:
    app = QuizApp(display)
    async with app.run_test(size=size) as pilot:
        await start_practice(pilot)
        await show(pilot, app, "display.long-code")
        assert squeezed(LONG_LINE) in squeezed(screen_text(app)), "the end of the code line is hidden"


async def test_options_are_markdown_with_code_kept_as_code(display: ServiceContext) -> None:
    app = QuizApp(display)
    async with app.run_test(size=(100, 50)) as pilot:
        await start_practice(pilot)
        await show(pilot, app, "display.code-options")
        text = screen_text(app)
        assert "```" not in text and "deffourth(x):" in squeezed(text) and "returnx*x" in squeezed(text)
    console = Console(width=60, record=True, color_system=None)
    console.print(option_renderable(3, "```python\ndef f(x):\n    return x * x\n```"))
    lines = console.export_text().splitlines()
    body = next(line for line in lines if "return x * x" in line)
    header = next(line for line in lines if "def f(x):" in line)
    assert body.index("return") - header.index("def") == 4  # the code's indentation is kept
    console = Console(width=60, record=True, color_system=None)
    console.print(option_renderable(0, "Use `x.shape[0]`, not [bold]x[/]"))
    assert "Use x.shape[0], not [bold]x[/]" in console.export_text()  # inline code as code; markup literal


async def test_a_list_of_long_code_options_scrolls_with_the_highlight_at_80x24(display: ServiceContext) -> None:
    app = QuizApp(display)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_practice(pilot)
        screen = await show(pilot, app, "display.code-options")
        scroll = screen.query_one("#question-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0 and "more below" in screen_text(app)
        last = screen.query_one("#option-3")
        assert not (last.region.height and scroll.region.contains_region(last.region))
        await pilot.press("d")  # the fourth option's key: the question scrolls to show it whole
        await settle(pilot)
        assert last.region.height > 0 and scroll.region.contains_region(last.region)
        await pilot.press("up", "up", "up")
        await settle(pilot)
        first = screen.query_one("#option-0")
        assert first.region.height > 0 and scroll.region.contains_region(first.region)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuestionScreen)  # answered: option a, by keyboard alone


async def test_options_keep_their_last_wrapped_line_when_the_widgets_are_reused(tmp_path: Path) -> None:
    context = open_context(tmp_path, "wrapping.yaml")
    app = QuizApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_practice(pilot)
        checked = False
        for turn in range(2):  # both questions, in whichever order the engine asks them
            screen = app.screen
            assert isinstance(screen, QuestionScreen) and screen.view is not None
            if screen.view.question_id == "wrap.long":
                text = screen_text(app)
                for last_word in ("LASTWORDONE", "LASTWORDTWO", "LASTWORDTHREE"):
                    assert last_word in text, f"{last_word}: the option's last wrapped line is missing"
                assert "`" not in text and "**" not in text and "x.shape[0]" in text
                checked = True
            if turn == 0:
                await next_question(pilot, app)
        assert checked
    context.close()


LONG_OPTIONS = [f"Option {n} is long enough that it has to wrap onto a second and then a third line of text on a "
                f"narrow eighty-column terminal, and it ends with LASTWORD{n}" for n in range(3)]


@pytest.mark.parametrize("first", [["yes", "no"], ["one", "two", "three", "four"]])
async def test_reused_option_widgets_measure_the_new_options(tmp_path: Path, first: list[str]) -> None:
    context = open_context(tmp_path, "wrapping.yaml")
    app = QuizApp(context)
    async with app.run_test(size=(80, 30)) as pilot:
        await start_practice(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.view is not None
        view = screen.view
        await screen.show_question(replace(view, options=first, option_order=list(range(len(first)))))
        await settle(pilot)
        await screen.show_question(replace(view, options=LONG_OPTIONS, option_order=[0, 1, 2]))
        await settle(pilot)
        text = screen_text(app)
        for n in range(3):
            assert f"LASTWORD{n}" in text, f"option {n} lost its last wrapped line"
    context.close()
