"""The bank preview screen (Pilot): every type as a taker sees it, the key on a toggle, reloading when the file
changes on disk, and validation errors shown in place."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from textual.pilot import Pilot

from quizengine.services.preview import PreviewService
from quizengine.tui.screens.preview import PreviewApp, PreviewScreen
from quizengine.tui.widgets.answers import AnswerInput, ChoiceList, MultiChoiceList
from tests.tui.helpers import screen_text

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
HEAD = 'bank: {id: p, title: Preview, version: "1.0", area: alpha, authors: [t], license: CC0}\nquestions:\n'
QUESTIONS = {
    "single": """  - id: p.single
    type: single_choice
    topic: a-one
    difficulty: 1
    stem: "Which planet is **closest** to the sun?"
    options: [{text: Mercury, correct: true, why: About 0.39 AU.}, Venus, Earth, Mars]
    explanation: Mercury orbits closest.
""",
    "multi": """  - id: p.multi
    type: multiple_choice
    topic: a-one
    difficulty: 2
    stem: Which numbers are prime?
    options: [two, three, four]
    answer: [two, three]
    explanation: Four is two times two.
""",
    "truth": """  - id: p.truth
    type: true_false
    topic: a-two
    difficulty: 1
    stem: The sun is a star.
    answer: true
    explanation: It is a G-type main-sequence star.
""",
    "number": """  - id: p.number
    type: numeric
    topic: a-two
    difficulty: 2
    stem: How many planets has the solar system?
    answer: {value: 8}
    unit: planets
    explanation: Pluto was reclassified in 2006.
""",
    "text": """  - id: p.text
    type: short_text
    topic: a-two
    difficulty: 2
    stem: Name the largest planet.
    accepted: [Jupiter]
    explanation: Jupiter is more massive than all other planets together.
""",
}


WRITES = itertools.count(1)


def write(path: Path, *names: str, replace: tuple[str, str] = ("", "")) -> None:
    text = HEAD + "".join(QUESTIONS[name] for name in names)
    path.write_text(text.replace(*replace) if replace[0] else text, encoding="utf-8")
    stat = path.stat()  # a new mtime even within the file system's timestamp resolution
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000 * next(WRITES)))


def screen(pilot: Pilot[None]) -> PreviewScreen:
    assert isinstance(pilot.app.screen, PreviewScreen)
    return pilot.app.screen


async def test_every_type_as_a_taker_sees_it_with_the_key_on_a_toggle(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    write(bank, *QUESTIONS)
    app = PreviewApp(PreviewService(bank, context_dir=MINI), poll_seconds=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Q1/5 · line 3 · p.single · Alpha skills › Alpha one · difficulty 1/5" in text
        assert "Which planet is closest to the sun?" in text  # Markdown rendered, not shown raw
        assert "Mercury" in text and "Mars" in text
        assert "Correct answer" not in text  # the key is hidden until asked for
        await pilot.press("k")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct answer: a) Mercury" in text and "Mercury orbits closest." in text
        assert "Mercury: About 0.39 AU." in text
        await pilot.press("n")
        await pilot.pause()
        assert screen(pilot).query_one("#multi", MultiChoiceList).display
        assert "Correct answer: a) two; b) three" in screen_text(app)  # the toggle stays on
        await pilot.press("k", "n")
        await pilot.pause()
        assert screen(pilot).query_one("#choice", ChoiceList).options == ["True", "False"]
        await pilot.press("n")
        await pilot.pause()
        field = screen(pilot).query_one("#text", AnswerInput)
        assert field.display and field.placeholder == "a number (in planets)"
        await pilot.press("n", "n")  # past the end stays on the last question
        await pilot.pause()
        assert "Q5/5" in screen_text(app) and "Name the largest planet." in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert "Q4/5" in screen_text(app)


async def test_reloads_when_the_file_changes_and_shows_errors_in_place(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    write(bank, "single", "truth")
    app = PreviewApp(PreviewService(bank, context_dir=MINI), poll_seconds=0.05)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "The sun is a star." in screen_text(app)
        write(bank, "single", "truth", replace=("The sun is a star.", "The sun is a red dwarf."))
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "The sun is a red dwarf." in text and "Q2/2" in text  # reloaded, still on the edited question
        assert screen(pilot).reloads == 1
        write(bank, "single", "truth", replace=("answer: true", "answer: maybe"))
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "This question does not validate:" in text
        assert f"{bank}:15:13: questions[1].answer" in text
        await pilot.press("p")
        await pilot.pause()
        assert "Mercury" in screen_text(app)  # the valid question beside it still shows
        bank.write_text("bank: [unclosed\n", encoding="utf-8")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "The file does not load:" in text and "YAML syntax error" in text
        write(bank, "single")
        await pilot.pause(0.3)
        assert "Mercury" in screen_text(app)


async def test_touching_the_file_without_editing_does_not_reload(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    write(bank, "single")
    app = PreviewApp(PreviewService(bank, context_dir=MINI), poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stat = bank.stat()
        os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 7_000_000_000))
        await pilot.pause(0.3)
        assert screen(pilot).reloads == 0
        await pilot.press("q")
