"""Defence in depth: even bank text that slipped past the validator never sends an escape sequence to the
terminal, raw HTML is shown rather than swallowed, and links in a bank are inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Select

from quizengine.bank.text_safety import UNSAFE_CHARACTERS
from quizengine.services.context import ServiceContext
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.banks import BanksScreen
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen
from quizengine.tui.screens.settings import SettingsScreen
from tests.tui.helpers import create_profile, screen_text, settle
from tests.tui.hostile import RAW_MARKERS, hostile_context


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[ServiceContext]:
    context = hostile_context(tmp_path / "hostile.sqlite3")
    yield context
    context.close()


def assert_nothing_raw(app: QuizApp) -> str:
    """Check what the screen would send to a real terminal now: no control character in any segment's text, no
    hyperlink style, and none of the bank's sequences in the bytes written. Returns the screen's text."""
    update = app.screen._compositor.render_full_update()
    where = type(app.screen).__name__
    lines = []
    for line in update.strips:
        segments = [segment for strip in line for segment in strip]
        for segment in segments:
            assert not UNSAFE_CHARACTERS.search(segment.text), f"{segment.text!r} on {where}"
            assert segment.style is None or segment.style.link is None, f"a hyperlink on {where}"
        lines.append("".join(segment.text for segment in segments))
    output = update.render_segments(app.console)
    for marker in RAW_MARKERS:
        assert marker not in output, f"{marker!r} reached the terminal on {where}"
    assert "\x1b]" not in output, f"an OSC sequence reached the terminal on {where}"
    return "\n".join(lines)


async def test_escape_sequences_from_a_bank_never_reach_the_terminal(hostile: ServiceContext) -> None:
    app = QuizApp(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.click("#role")  # the role picker lists role titles
        await settle(pilot)
        assert "Test Engineer RED␛[31mALERT" in assert_nothing_raw(app)
        await pilot.press("escape")
        role = app.screen.query_one("#role", Select)
        role.value = next(iter(hostile.library.roles))  # a target role: the results show gaps and a plan
        await pilot.click("#name")
        await pilot.press(*"Ada")
        await pilot.click("#create")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert_nothing_raw(app)
        for key, screen in (("b", BanksScreen), ("s", SettingsScreen)):  # area and topic titles; role titles
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            assert_nothing_raw(app)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f")  # focus: the area picker lists area titles
        await settle(pilot)
        assert_nothing_raw(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        output = assert_nothing_raw(app)
        assert "␛[31mALERT" in output and "<U+202E>GNP.exe" in output  # shown, visibly neutralised
        await pilot.press("f2")  # the "why this question" panel
        await pilot.pause()
        assert_nothing_raw(app)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)  # explanation, whys, references
        assert "alpha-basics?RED␛[31mALERT" in assert_nothing_raw(app)  # a resource URL, neutralised
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)  # areas, plans, resource titles and URLs
        output = assert_nothing_raw(app)
        assert "alpha-basics?RED␛[31mALERT" in output  # the study plan names a resource by URL
        await pilot.press("m")  # the missed-question review shows stems, keys and whys again
        await settle(pilot)
        assert_nothing_raw(app)


async def test_html_like_text_is_shown_as_written(hostile: ServiceContext) -> None:
    app = QuizApp(hostile)
    async with app.run_test(size=(120, 60)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        text = screen_text(app)
        assert "List<int> stays and Dict<str, int> too" in text  # the stem (Rich's Markdown, as options)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)  # the explanation (Rich's Markdown)
        for shown in ("Returns Dict<str, int> here", "line<br>break and a <b> c", "<script>alert(1)</script>",
                      "[hidden]: http://x.example/ref", "code<T>"):
            assert shown in text, shown
        assert "*emphasis*" not in text and "emphasis" in text  # Markdown still works


async def test_links_in_a_bank_do_nothing_when_clicked(hostile: ServiceContext, monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QuizApp, "open_url", lambda self, url, **kwargs: opened.append(url))
    app = QuizApp(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await create_profile(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        stem = screen.query_one("#stem").region
        cells = [(x, y) for y in range(stem.y, stem.bottom) for x in range(stem.x, stem.right)]
        assert not [cell for cell in cells if "@click" in screen.get_style_at(*cell).meta]  # no action to click
        assert "click me" in screen_text(app)
        for y in range(stem.y, stem.bottom):  # click along the stem, wherever the link text landed
            for x in range(stem.x, min(stem.right, stem.x + 60), 6):
                await pilot.click(offset=(x, y))
        await settle(pilot)
        assert app.is_running and app.screen is screen and opened == []
        assert "javascript" in screen_text(app)  # a javascript: link is not even a link: it is text
