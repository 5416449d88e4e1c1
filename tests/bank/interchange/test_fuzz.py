"""Fuzzing the importers: whatever the input, parsing raises nothing, a whole import raises only
InterchangeError (the documented error), and pathological inputs finish in linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizengine.bank.interchange.api import PARSERS, import_quiz
from quizengine.bank.interchange.common import InterchangeError
from quizengine.bank.interchange.writer import ImportOptions
from quizengine.bank.loader import load_library
from tests.bank.interchange.helpers import FIXTURES, MINI

# Characters every format gives meaning to, so random text hits the parsers' branches often.
SPECIAL = [
    *"{}=~#%:\\/[]()-*._\n \t<>&`!$ABCTFx0123456789",
    "::", "//", "####", "->", "..", "$CATEGORY:", "[html]", "[plain]", "ANSWER: ", "A. ", "B) ", "#### Q1. ",
    "- [ ] ", "- [x] ", "```", "\n\n", "<b>", "</p>", "<img src=x>", "\x1b", "\u202e", "\u200b", "é"]
texts = st.lists(st.sampled_from(SPECIAL) | st.text(max_size=5), max_size=60).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("source_format", sorted(PARSERS))
@FUZZ
@given(text=texts)
def test_parsers_never_raise(source_format: str, text: str) -> None:
    result = PARSERS[source_format](text, "fuzz")
    assert all(note.line >= 1 for note in result.notes)
    assert all(draft.line >= 1 for draft in result.drafts)


def _mutations(source: str) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, len(source)), st.integers(0, 20), st.sampled_from(SPECIAL)).map(
        lambda cut: source[:cut[0]] + cut[2] + source[cut[0] + cut[1]:])


@pytest.mark.parametrize(("source_format", "fixture"), [("gift", "every_construct.gift"),
                                                        ("aiken", "every_construct.aiken.txt"),
                                                        ("markdown", "skill_assessment.md")])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whole_imports_of_mutated_fixtures_raise_only_interchange_errors(
        tmp_path: Path, source_format: str, fixture: str, data: st.DataObject) -> None:
    source_text = (FIXTURES / fixture).read_text(encoding="utf-8")
    mutated = data.draw(_mutations(source_text))
    source = tmp_path / "mutated.txt"
    source.write_text(mutated, encoding="utf-8")
    out = tmp_path / "out.yaml"
    out.unlink(missing_ok=True)
    try:
        outcome = import_quiz(source_format, source, out, ImportOptions(area="alpha", context_dir=MINI))
    except InterchangeError as exc:
        assert "\n" not in str(exc).split("\n", 1)[0]
        return
    result = load_library([out], context_dir=MINI)  # whatever was written loads cleanly
    assert result.problems == []
    assert len(result.library.questions) == outcome.written


@pytest.mark.parametrize("raw", [b"\xff\xfe{=a}", b"::t::q{=a}\x00", b""], ids=["not-utf8", "nul", "empty"])
def test_unreadable_files_raise_the_documented_error(tmp_path: Path, raw: bytes) -> None:
    source = tmp_path / "bad.gift"
    source.write_bytes(raw)
    with pytest.raises(InterchangeError):
        import_quiz("gift", source, tmp_path / "out.yaml", ImportOptions(area="alpha", context_dir=MINI))
    assert not (tmp_path / "out.yaml").exists()


PATHOLOGICAL = {
    "open-braces": "{" * 200_000,
    "escapes": "\\" * 200_001 + "{=a}",
    "titles": "::" * 100_000,
    "answers": "q{" + "~a" * 100_000 + "}",
    "weights": "q{" + "~%" * 100_000 + "}",
    "feedback": "q{=a" + "#" * 200_000 + "}",
    "comments": "// [id:x]" * 50_000,
    "options": "Q\n" + "A. x\n" * 100_000,
    "headings": "#### Q1. x\n" * 50_000,
    "fences": "#### Q1. x\n" + "```\n" * 100_000,
    "images": "#### Q1. x\n" + "![a](" * 100_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_finish_quickly(name: str) -> None:
    text = PATHOLOGICAL[name]
    for parse in PARSERS.values():
        started = time.perf_counter()
        parse(text, "big")
        assert time.perf_counter() - started < 3.0, name  # quadratic parsing would take minutes
