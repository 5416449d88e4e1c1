"""Fuzzing the loader: whatever bytes a bank file holds, loading returns one-line Problems and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizengine.bank.loader import load_library
from quizengine.bank.problems import Problem
from tests.bank.test_hostile_corpus import GOOD_BANK
from tests.conftest import MINI_BANK

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_NOISE = st.sampled_from(["&a ", "*a", "<<: *a", "!!python/object:os.system", "{", "}", "[", "]", ": ", "- ",
                              "\t", "\n", "'", '"', "|", ">", "#", "%YAML 1.1\n", "---\n", "...\n", "? ", "\x1b[31m",
                              "\u202e", "\x00", "1e309", ".nan", "-.inf", "true", "~", "0x1F", "!!binary ", "\\"])


def load_bytes(data: bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        result = load_library([path], context_dir=MINI_BANK)  # a small context keeps each example fast
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert len(str(problem).splitlines()) == 1, str(problem)
    return result.problems


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_only_problems(data: bytes) -> None:
    load_bytes(data)


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(GOOD_BANK)), st.integers(min_value=0, max_value=8),
                          st.one_of(YAML_NOISE, st.text(max_size=6))), max_size=6))
def test_mutated_banks_give_only_problems(edits: list[tuple[int, int, str]]) -> None:
    """A valid bank with characters deleted and YAML-significant or random text inserted at random places."""
    text = GOOD_BANK
    for position, deleted, inserted in edits:
        position = min(position, len(text))
        text = text[:position] + inserted + text[position + deleted:]
    load_bytes(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.dictionaries(st.sampled_from(["difficulty", "a", "b", "c", "stem", "options", "answer", "type", "topic",
                                        "pattern", "accepted", "expires", "references", "tags"]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                                 st.lists(st.text(max_size=5), max_size=3)), max_size=5))
def test_wrong_values_in_question_fields_give_only_problems(values: dict[str, object]) -> None:
    """Every question field swapped for a random scalar or list, written as YAML flow values."""
    lines = GOOD_BANK.splitlines()
    for key, value in values.items():
        rendered = repr(value) if not isinstance(value, str) else '"' + value.encode("unicode_escape").decode() + '"'
        rendered = {"None": "~", "True": "true", "False": "false", "nan": ".nan", "inf": ".inf", "-inf": "-.inf"}.get(
            rendered, rendered)
        lines = [f"  {key}: {rendered}" if line.strip().startswith(f"{key}:") and line.startswith("  ") else line
                 for line in lines]
    load_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
