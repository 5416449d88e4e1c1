"""Round trip of random text through the GIFT and Markdown writers and readers: whatever characters a stem,
option, feedback or explanation holds (GIFT's special characters, backslashes, new lines, HTML, Markdown),
it comes back exactly or the exporter says it cannot write the question."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quizengine.bank.interchange.aiken import export_aiken, parse_aiken
from quizengine.bank.interchange.gift import parse_gift
from quizengine.bank.interchange.gift_export import export_gift
from quizengine.bank.interchange.markdown_export import export_markdown
from quizengine.bank.interchange.markdown_quiz import parse_markdown_quiz
from quizengine.bank.models import AnyQuestion, MultipleChoice, SingleChoice

PIECES = [*"{}=~#%:\\/[]()-*_`<>&!$|\n \t", "::", "//", "####", "->", "..", "$CATEGORY:", "[html]", "[plain]",
          "\\n", "- [x] ", "#### Q1. ", "```", "<b>", "&amp;", "é", "λ"]
text = st.lists(st.sampled_from(PIECES) | st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S",
                                                                                            "Zs"]), max_size=4),
                min_size=1, max_size=12).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(stem: str, options: list[str], whys: list[str], explanation: str, multiple: bool) -> AnyQuestion | None:
    data: dict[str, Any] = {
        "id": "prop.q", "topic": "t", "difficulty": 2, "stem": stem, "explanation": explanation, "area": "a",
        "type": "multiple_choice" if multiple else "single_choice",
        "options": [{"text": o, "correct": i == 0 or (multiple and i == 1), "why": w}
                    for i, (o, w) in enumerate(zip(options, [*whys, *[""] * len(options)], strict=False))]}
    try:
        return MultipleChoice.model_validate(data) if multiple else SingleChoice.model_validate(data)
    except ValidationError:
        return None  # not a valid question to begin with (empty after stripping, duplicate options, ...)


def content(question: AnyQuestion | dict[str, Any]) -> tuple[Any, ...]:
    if isinstance(question, dict):
        return (question["type"], question["stem"],
                [(o["text"], o["correct"], o.get("why", "")) for o in question["options"]],
                question.get("explanation", ""))
    assert isinstance(question, SingleChoice | MultipleChoice)
    return (question.type, question.stem, [(o.text, o.correct, o.why) for o in question.options],
            question.explanation)


@SETTINGS
@given(stem=text, options=st.lists(text, min_size=3, max_size=4), whys=st.lists(text, max_size=4),
       explanation=text, multiple=st.booleans())
def test_gift_round_trips_any_text(stem: str, options: list[str], whys: list[str], explanation: str,
                                   multiple: bool) -> None:
    question = build(stem, options, whys, explanation, multiple)
    if question is None:
        return
    written, notes = export_gift([question], "x")
    if any(note.skipped for note in notes):
        return
    parsed = parse_gift(written, "x")
    assert [note for note in parsed.notes if note.skipped] == []
    assert len(parsed.drafts) == 1
    assert content({**parsed.drafts[0].fields}) == content(question)


@SETTINGS
@given(stem=text, options=st.lists(text, min_size=3, max_size=4), explanation=text, multiple=st.booleans())
@example(stem="{", options=["{", "{{", "{- [x] \n{"], explanation="{", multiple=False)  # a line ending in a space
@example(stem="{", options=["{", "{{", "{\n {"], explanation="{", multiple=False)  # later lines all indented
def test_markdown_round_trips_or_refuses(stem: str, options: list[str], explanation: str, multiple: bool) -> None:
    question = build(stem, options, [], explanation, multiple)
    if question is None:
        return
    written, notes = export_markdown([question], "x", "Title")
    if any(note.skipped for note in notes):
        return
    parsed = parse_markdown_quiz(written, "x")
    assert len(parsed.drafts) == 1, written
    assert content({**parsed.drafts[0].fields}) == content(question), written


@SETTINGS
@given(stem=text, options=st.lists(text, min_size=2, max_size=5))
def test_aiken_round_trips_or_refuses(stem: str, options: list[str]) -> None:
    question = build(stem, options, [], "e", False)
    if question is None:
        return
    written, notes = export_aiken([question], "x")
    if any(note.skipped for note in notes):
        return
    parsed = parse_aiken(written, "x")
    assert len(parsed.drafts) == 1, written
    assert content({**parsed.drafts[0].fields, "explanation": "e"}) == content(question), written
