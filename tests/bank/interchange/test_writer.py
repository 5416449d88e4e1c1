"""The import writer: stable unique ids, --id-prefix and --difficulty, and one-line refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizengine.bank.interchange.common import Draft, InterchangeError, slug
from quizengine.bank.interchange.writer import PLACEHOLDER_EXPLANATION, ImportOptions, write_bank
from quizengine.bank.loader import load_library
from tests.bank.interchange.helpers import MINI

TAXONOMY = {"alpha": ["a-one", "a-two"], "beta": ["b-one"]}


def draft(line: int, stem: str, **hints: str | None) -> Draft:
    fields = {"type": "true_false", "stem": stem, "answer": True}
    return Draft(line, fields, **hints)  # type: ignore[arg-type]


def test_ids_are_stable_unique_and_prefixed(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    drafts = [draft(1, "Is the sky blue?", title="Sky colour"), draft(3, "Is it?", title="Sky colour"),
              draft(5, "Water is wet.", source_id="kept.as-is"), draft(7, "Grass is green.", source_id="Not Valid"),
              draft(9, "Fire is hot, usually."), draft(11, "Ice is cold.", number="q7")]
    options = ImportOptions(area="alpha", id_prefix="team", difficulty=4, context_dir=MINI)
    outcome = write_bank(drafts, out, options, TAXONOMY, [])
    assert outcome.written == 6
    questions = load_library([out], context_dir=MINI).library.questions
    assert [q.id for q in questions] == ["team.sky-colour", "team.sky-colour-2", "kept.as-is", "team.not-valid",
                                         "team.fire-is-hot-usually", "team.q7"]
    assert {q.difficulty for q in questions} == {4}
    assert {q.explanation for q in questions} == {PLACEHOLDER_EXPLANATION}


def test_nothing_valid_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    bad = Draft(4, {"type": "true_false", "stem": "Escape \x1b[2J", "answer": True})
    with pytest.raises(InterchangeError, match="no question could be converted"):
        write_bank([bad], out, ImportOptions(area="alpha", context_dir=MINI), TAXONOMY, [])
    assert not out.exists()


@pytest.mark.parametrize(("area", "topic", "message"), [
    ("alpah", None, "unknown area 'alpah' (did you mean 'alpha'?)"),
    ("alpha", "a-three", "unknown topic 'a-three' for area 'alpha'"),
])
def test_unknown_area_or_topic(tmp_path: Path, area: str, topic: str | None, message: str) -> None:
    with pytest.raises(InterchangeError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        write_bank([draft(1, "Q?")], tmp_path / "o.yaml", ImportOptions(area=area, topic=topic, context_dir=MINI),
                   TAXONOMY, [])


def test_slug() -> None:
    assert slug("Über  große Fragen: 2*3?") == "uber-groe-fragen-2-3"
    assert slug("!!!") == ""
