"""GIFT import: every construct of Moodle's documented syntax, the broken cases, and what reaches the bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizengine.bank.grading import Answer, grade
from quizengine.bank.interchange.common import Draft
from quizengine.bank.interchange.gift import BLANK, parse_gift, wildcard_pattern
from quizengine.bank.models import MultipleChoice, Numeric, ShortText, SingleChoice, TrueFalse
from quizengine.bank.patterns import fullmatches
from tests.bank.interchange.helpers import FIXTURES, import_fixture, skipped_lines

EVERY = FIXTURES / "every_construct.gift"
BROKEN = FIXTURES / "broken.gift"


@pytest.fixture(scope="module")
def drafts() -> dict[str, Draft]:
    parsed = parse_gift(EVERY.read_text(encoding="utf-8"), "every.gift")
    return {draft.title or "": draft for draft in parsed.drafts}


def test_single_choice_with_per_answer_and_general_feedback(drafts: dict[str, Draft]) -> None:
    fields = drafts["Single choice"].fields
    assert fields["type"] == "single_choice"
    assert [(o["text"], o["correct"]) for o in fields["options"]] == [
        ("Mercury", True), ("Venus", False), ("Earth", False), ("Mars", False)]
    assert fields["options"][1]["why"] == "Second closest."  # `#feedback` -> why
    assert "why" not in fields["options"][3]
    assert fields["explanation"].startswith("Mercury orbits")  # `####feedback` -> explanation


def test_id_and_tag_comments(drafts: dict[str, Draft]) -> None:
    draft = drafts["Single choice"]
    assert draft.source_id == "gift.single"
    assert draft.fields["tags"] == ["basics", "choice"]
    assert draft.category == "$course$/top/a-two"


def test_weights_make_the_correct_set_and_negative_weights_are_wrong(drafts: dict[str, Draft]) -> None:
    fields = drafts["Weights"].fields
    assert fields["type"] == "multiple_choice"
    assert {o["text"]: o["correct"] for o in fields["options"]} == {
        "Two": True, "Three": True, "Four": False, "Nine": False}
    assert fields["options"][2]["why"] == "4 = 2 x 2."  # an escaped '=' inside feedback


def test_unequal_weights_are_reported() -> None:
    parsed = parse_gift(EVERY.read_text(encoding="utf-8"), "every.gift")
    assert any("unequal weights (30%, 70%)" in note.message and note.line == 22 for note in parsed.notes)


@pytest.mark.parametrize(("title", "answer"), [("True short", True), ("True long", True), ("False short", False),
                                              ("False long", False)])
def test_true_false_spellings(drafts: dict[str, Draft], title: str, answer: bool) -> None:
    assert drafts[title].fields["type"] == "true_false"
    assert drafts[title].fields["answer"] is answer


def test_true_false_feedback(drafts: dict[str, Draft]) -> None:
    assert drafts["True long"].fields["explanation"] == "At 1 atm, yes."
    # {F#feedback for a wrong answer#feedback for the right one}: the right answer's feedback explains it
    assert drafts["False short"].fields["explanation"] == "Right, it is a natural satellite."


def test_short_answer_keeps_full_credit_answers_and_reports_partial_ones() -> None:
    parsed = parse_gift(EVERY.read_text(encoding="utf-8"), "every.gift")
    short = next(d for d in parsed.drafts if d.title == "Short answer").fields
    assert short == {"type": "short_text", "accepted": ["carbon dioxide", "CO2"],
                     "stem": "Which gas do plants take in for photosynthesis?"}
    assert any(note.line == 32 and "'CO' earns 50%" in note.message for note in parsed.notes)


def test_wildcard_becomes_an_anchored_escaped_pattern(drafts: dict[str, Draft]) -> None:
    fields = drafts["Wildcard"].fields
    assert fields["accepted"] == ["Bard of Avon"]
    assert fields["pattern"] == "^(?:.*Shakespeare)$"
    pattern = wildcard_pattern(["a.b*c(d)"])
    assert fullmatches(pattern, "a.bXYZc(d)")
    assert not fullmatches(pattern, "aXbc(d)")  # '.' is literal, only '*' is a wildcard
    assert not fullmatches(pattern, "xa.bc(d)")  # anchored


def test_numeric_forms(drafts: dict[str, Draft]) -> None:
    assert drafts["Numeric tolerance"].fields["answer"] == {"value": 3.14, "tolerance": 0.005}
    assert drafts["Numeric range"].fields["answer"] == {"min": 1.0, "max": 2.0}
    assert drafts["Numeric weighted"].fields["answer"] == {"value": 1822.0, "tolerance": 0.0}


def test_missing_word_leaves_a_blank_in_the_stem(drafts: dict[str, Draft]) -> None:
    fields = drafts["Missing word"].fields
    assert fields["stem"] == f"The capital of France is {BLANK} on the Seine."
    assert fields["type"] == "single_choice"


def test_escapes(drafts: dict[str, Draft]) -> None:
    fields = drafts["Escapes"].fields
    assert fields["stem"] == "Which is written {a} = ~b: c#? Line one\nline two"
    assert fields["options"][0] == {"text": "it ~ is", "correct": True, "why": "feed#back"}


def test_formats(drafts: dict[str, Draft]) -> None:
    html = drafts["HTML"].fields
    assert html["stem"] == "What does **2 & 3** print?\n\n[image: chart](chart.png)"  # script dropped
    assert [o["text"] for o in html["options"]] == ["*2*", "`3`"]
    assert drafts["Markdown"].fields["explanation"] == "Multiplication: **6**."
    plain = drafts["Plain"].fields
    assert plain["stem"] == "Is 2\\*3\\*4 equal to 24?"  # plain text shown literally by Markdown
    assert plain["options"][0]["text"] == "yes, 2\\*3\\*4 = 24"
    assert drafts["Moodle"].fields["stem"] == "Moodle auto-format with **bold**?"


def test_unsupported_items_are_skipped_by_line() -> None:
    parsed = parse_gift(EVERY.read_text(encoding="utf-8"), "every.gift")
    skipped = {note.line: note.message for note in parsed.notes if note.skipped}
    assert "essay" in skipped[61]
    assert "matching" in skipped[63]
    assert "description" in skipped[65]


def test_import_writes_a_valid_bank_with_ids_topics_and_notes(tmp_path: Path) -> None:
    outcome, library = import_fixture(tmp_path, "gift", EVERY, topic="a-one", difficulty=2)
    questions = {question.id: question for question in library.questions}
    assert len(questions) == outcome.written == 19
    single = questions["gift.single"]  # the [id:...] comment, kept verbatim
    assert isinstance(single, SingleChoice) and single.topic == "a-two"  # $CATEGORY -> topic
    assert single.difficulty == 2
    assert questions["alpha.uncategorised"].topic == "a-one"  # unknown category -> --topic, reported
    assert any("'not-a-topic' is not a topic" in note.message for note in outcome.notes)
    assert isinstance(questions["alpha.weights"], MultipleChoice)
    assert isinstance(questions["alpha.true-short"], TrueFalse)
    numeric = questions["alpha.numeric-tolerance"]
    assert isinstance(numeric, Numeric) and numeric.answer.accepts(3.144) and not numeric.answer.accepts(3.15)
    wildcard = questions["alpha.wildcard"]
    assert isinstance(wildcard, ShortText)
    assert grade(wildcard, Answer("text", value="william shakespeare")).correct
    assert not grade(wildcard, Answer("text", value="Marlowe")).correct


def test_broken_questions_are_reported_by_line_and_the_rest_written(tmp_path: Path) -> None:
    outcome, library = import_fixture(tmp_path, "gift", BROKEN)
    skipped = skipped_lines(outcome)
    assert "never closed" in skipped[3]
    assert "title is not closed" in skipped[5]
    assert "more than one answer block" in skipped[7]
    assert "expected a number" in skipped[9]
    assert "outside -100..100" in skipped[11]
    assert "expected a number, got 'lots'" in skipped[13]
    assert "min > max" in skipped[15]
    assert "must start with '='" in skipped[17]
    assert "escape character" in skipped[19]  # the loader's own field check, reported at the source line
    assert "appears twice" in skipped[21]
    assert [question.stem for question in library.questions] == ["This one converts."]


def test_notes_print_as_file_line_message(tmp_path: Path) -> None:
    outcome, _ = import_fixture(tmp_path, "gift", BROKEN)
    line = next(str(note) for note in outcome.notes if note.line == 19)
    assert line.startswith(f"{BROKEN}:19: skipped: stem: contains an escape character")
    assert "\x1b" not in line
