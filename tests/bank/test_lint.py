"""bank lint: every rule flags its mistake and leaves the good version alone; output and speed."""

from __future__ import annotations

import copy
import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizengine.bank.lint import CODES, LintWarning, lint_library, lint_paths
from quizengine.bank.lint_duplicates import near_duplicates
from quizengine.bank.lint_text import look_alikes, markdown_surprises, prose_and_code, wide_code_lines
from quizengine.bank.loader import default_bank_dir, load_library

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
TODAY = dt.date(2026, 6, 1)
GOOD: dict[str, Any] = {
    "type": "single_choice", "topic": "a-one", "difficulty": 2,
    "stem": "Which container gives average constant-time membership tests?",
    "options": [{"text": "set", "correct": True}, {"text": "list"}, {"text": "tuple"}, {"text": "str"}],
    "explanation": "Sets hash their items, so a membership test looks in one bucket instead of scanning.",
    "references": ["https://docs.python.org/3/library/stdtypes.html"],
}
STEMS = ["How many bytes does one float32 value occupy in memory?", "Which git command shows the commit history?",
         "What does HTTP status code 404 mean for a client?", "Which SQL clause filters rows after grouping?",
         "What is the derivative of x squared with respect to x?", "Which Linux command lists open files?",
         "In which year was the Python language first released?", "Which unit measures electrical resistance?"]


def question(number: int = 0, **changes: Any) -> dict[str, Any]:
    data = {"id": f"lint.q{number}", **copy.deepcopy(GOOD)}
    # Distinct stems: the named ones, then made-up words no two questions share (no near-duplicates).
    data["stem"] = STEMS[number] if number < len(STEMS) else " ".join(f"w{number}x{j}" for j in range(8)) + "?"
    data.update(changes)
    return data


def write_bank(path: Path, questions: list[dict[str, Any]], bank_id: str = "lint") -> Path:
    bank = {"id": bank_id, "title": "Lint test", "version": "1.0", "area": "alpha", "authors": ["t"],
            "license": "CC0"}
    path.write_text(yaml.safe_dump({"bank": bank, "questions": questions}, sort_keys=False), encoding="utf-8")
    return path


def lint(tmp_path: Path, questions: list[dict[str, Any]], code: str) -> list[LintWarning]:
    result = lint_paths([write_bank(tmp_path / "bank.yaml", questions)], TODAY, context_dir=MINI)
    assert result.problems == [], [str(p) for p in result.problems]
    return [warning for warning in result.warnings if warning.code == code]


def balanced(count: int = 40) -> list[dict[str, Any]]:
    """`count` good questions, eight per difficulty level, key positions spread."""
    questions = []
    for number in range(count):
        options = [{"text": text} for text in ("alpha one", "beta two", "gamma three", "delta four")]
        options[number % 4]["correct"] = True
        questions.append(question(number, difficulty=number % 5 + 1, options=options))
    return questions


def test_the_good_question_raises_no_question_warning(tmp_path: Path) -> None:
    result = lint_paths([write_bank(tmp_path / "bank.yaml", balanced())], TODAY, context_dir=MINI)
    assert result.warnings == []


def test_output_is_path_line_code_message(tmp_path: Path) -> None:
    warnings = lint(tmp_path, [question(0), question(1, references=[])], "no-reference")
    assert len(warnings) == 1
    text = str(warnings[0])
    path = tmp_path / "bank.yaml"
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if row.startswith("- id: lint.q1"))
    assert text.startswith(f"{path}:{line}: no-reference: ")


def test_near_duplicate_within_a_bank(tmp_path: Path) -> None:
    stem = "What does the Python expression len(set([1, 2, 2, 3])) evaluate to when it runs?"
    warnings = lint(tmp_path, [question(0, stem=stem), question(1, stem=stem.replace("runs", "is run"))],
                    "near-duplicate")
    assert len(warnings) == 1 and "lint.q0" in warnings[0].message
    assert lint(tmp_path, [question(0), question(1)], "near-duplicate") == []


def test_near_duplicate_across_banks(tmp_path: Path) -> None:
    stem = "Which Linux command lists the open files of a running process by its process id?"
    first = write_bank(tmp_path / "one.yaml", [question(0, stem=stem)], "one")
    second = write_bank(tmp_path / "two.yaml", [question(1, stem=stem + " Pick one.")], "two")
    result = lint_paths([first, second], TODAY, context_dir=MINI)
    duplicates = [w for w in result.warnings if w.code == "near-duplicate"]
    assert len(duplicates) == 1 and "one.yaml" in duplicates[0].message and duplicates[0].path.endswith("two.yaml")


def test_near_duplicate_against_other_banks_that_are_not_linted(tmp_path: Path) -> None:
    stem = "Which Linux command lists the open files of a running process by its process id?"
    mine = write_bank(tmp_path / "mine.yaml", [question(0, stem=stem), question(1)], "mine")
    (tmp_path / "shipped").mkdir()
    shipped = write_bank(tmp_path / "shipped" / "theirs.yaml", [question(7, stem=stem + " Pick one.", references=[])],
                         "theirs")
    result = lint_paths([mine], TODAY, context_dir=MINI, against=[tmp_path / "shipped"])
    duplicates = [w for w in result.warnings if w.code == "near-duplicate"]
    assert len(duplicates) == 1 and duplicates[0].path == str(mine) and str(shipped) in duplicates[0].message
    assert not any(w.path == str(shipped) for w in result.warnings)  # the other banks are not linted
    again = lint_paths([mine], TODAY, context_dir=MINI, against=[mine])  # a bank against itself: no duplicates
    assert not [w for w in again.warnings if w.code == "near-duplicate"]


def test_answer_position(tmp_path: Path) -> None:
    skewed = [question(number) for number in range(8)]  # the key is always option 1
    assert "option 1 is correct in 8 of 8" in lint(tmp_path, skewed, "answer-position")[0].message
    assert lint(tmp_path, balanced(8), "answer-position") == []


def test_long_correct(tmp_path: Path) -> None:
    options = [{"text": "A set, because it hashes every item into a bucket and looks in one", "correct": True},
               {"text": "A list"}, {"text": "A tuple"}, {"text": "A string"}]
    assert lint(tmp_path, [question(0, options=options)], "long-correct")
    assert lint(tmp_path, [question(0)], "long-correct") == []


@pytest.mark.parametrize("text", ["All of the above", "none of the above", "Both of the above"])
def test_all_or_none_of_the_above(tmp_path: Path, text: str) -> None:
    options = [*GOOD["options"][:3], {"text": text}]
    assert lint(tmp_path, [question(0, options=options)], "all-none-above")
    assert lint(tmp_path, [question(0)], "all-none-above") == []


def test_few_distractors(tmp_path: Path) -> None:
    assert lint(tmp_path, [question(0, options=GOOD["options"][:3])], "few-distractors")
    assert lint(tmp_path, [question(0)], "few-distractors") == []


def test_missing_reference(tmp_path: Path) -> None:
    assert lint(tmp_path, [question(0, references=[])], "no-reference")
    assert lint(tmp_path, [question(0)], "no-reference") == []


def test_too_few_questions_at_a_level(tmp_path: Path) -> None:
    warnings = lint(tmp_path, balanced(39), "few-at-level")  # level 5 has 7
    assert len(warnings) == 1 and "level 5: 7" in warnings[0].message and "level 4" not in warnings[0].message
    assert lint(tmp_path, balanced(40), "few-at-level") == []


def test_expired(tmp_path: Path) -> None:
    assert lint(tmp_path, [question(0, expires="2026-05-31")], "expired")
    assert lint(tmp_path, [question(0, expires="2026-06-01")], "expired") == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("What is 2*3*4 in Python?", True), ("Which method does __init__ override?", True),
    ("Is _private_ a convention?", True), ("Render <b>this</b> please?", True), ("[doc]: https://x.org\nText?", True),
    ("What is `2*3*4` in Python?", False), ("Which method does `__init__` override?", False),
    ("Is the name a_b_c valid?", False),  # CommonMark keeps intraword underscores
    ("Replace <sha> with the commit?", False), ("Is a < b and c > d?", False),
    ("What does this do?\n```python\nx = 2*3*4  # __init__\n```", False),
])
def test_markdown_surprises(tmp_path: Path, text: str, flagged: bool) -> None:
    assert bool(lint(tmp_path, [question(0, stem=text)], "markdown")) is flagged


def test_wide_code(tmp_path: Path) -> None:
    wide = "What does this print?\n```python\nprint(" + "1 + " * 20 + "1)\n```"
    warnings = lint(tmp_path, [question(0, stem=wide)], "wide-code")
    assert len(warnings) == 1 and "a code line is 88 columns" in warnings[0].message
    narrow = "What does this print?\n```python\nprint(1 + 1)\n```\n" + "Long prose wraps anyway. " * 10
    assert lint(tmp_path, [question(0, stem=narrow)], "wide-code") == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("Which domain is p\u0430ypal.com?", True),  # a Cyrillic a
    ("Is \u041fython a language?", True),  # a Cyrillic capital Pe
    ("What is the A\u200bPI here?", True),  # a zero-width space
    ("What is \uff21PI?", True),  # a full-width A
    ("Is ΟK spelt with a Greek capital omicron?", True),
    ("What does λw do in L2 regularisation?", False), ("Is σ(z) the sigmoid?", False), ("Café?", False),
])
def test_look_alike(tmp_path: Path, text: str, flagged: bool) -> None:
    assert bool(lint(tmp_path, [question(0, stem=text)], "look-alike")) is flagged


def test_placeholder_explanation(tmp_path: Path) -> None:
    assert lint(tmp_path, [question(0, explanation="TODO: explain why the key is right.")], "placeholder")
    assert lint(tmp_path, [question(0)], "placeholder") == []


def test_invalid_banks_report_their_problems(tmp_path: Path) -> None:
    result = lint_paths([write_bank(tmp_path / "bank.yaml", [question(0, topic="nope")])], TODAY,
                        context_dir=MINI)
    assert result.problems and "unknown topic" in result.problems[0].message


def test_every_code_is_documented() -> None:
    documented = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in documented for code in CODES)


def test_fast_on_the_shipped_banks() -> None:
    library = load_library([default_bank_dir()]).library
    stems = [q.stem for q in library.questions]
    started = time.perf_counter()
    assert near_duplicates(stems) == []
    duplicates_seconds = time.perf_counter() - started
    started = time.perf_counter()
    lint_library(library, TODAY)
    assert duplicates_seconds < 0.5 and time.perf_counter() - started < 1.0


def test_warnings_name_the_line_of_their_field(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(f"""bank: {{id: l, title: L, version: "1", area: alpha, authors: [t], license: CC0}}
questions:
  - id: l.one
    type: single_choice
    topic: a-one
    difficulty: 2
    stem: |
      What does this print?

      ```python
      print({'1 + ' * 20}1)
      ```
    options:
      - text: "2"
        correct: true
      - text: None of the above
      - "3"
      - "4"
    explanation: Because 2*3*4 is not the point.
    references: [https://example.org]
""", encoding="utf-8")
    found = {w.code: w.line for w in lint_paths([bank], TODAY, context_dir=MINI).warnings}
    assert found["wide-code"] == 11  # the code line itself, inside the block scalar
    assert found["all-none-above"] == 16
    assert found["markdown"] == 19


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"*_`<>[]:\n ab1λа\u200b\uff21", "```", "__", "<b>", "[x]: "]) | st.characters(),
                max_size=80).map("".join))
def test_text_checks_take_any_text(text: str) -> None:
    prose, code = prose_and_code(text)
    assert prose.count("\n") == text.count("\n")  # line for line, so warnings can name their line
    for line, _ in [*markdown_surprises(prose), *look_alikes(text), *wide_code_lines(code)]:
        assert 0 <= line <= text.count("\n")


def test_text_checks_are_linear_on_hostile_text() -> None:
    for text in ("a*" * 100_000, "_a" * 100_000, "`" * 200_000, "<b" * 100_000, "\u0430a " * 50_000):
        started = time.perf_counter()
        prose, code = prose_and_code(text)
        list(wide_code_lines(code))
        list(markdown_surprises(prose))
        list(look_alikes(text))
        assert time.perf_counter() - started < 2.0
