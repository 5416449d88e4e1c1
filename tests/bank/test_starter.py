"""bank new: a commented starter of every type that validates, with the schema line; unknown areas refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizengine.bank.lint import lint_paths
from quizengine.bank.loader import load_library
from quizengine.bank.models import QUESTION_TYPES
from quizengine.bank.starter import BESIDE_SCHEMA, StarterError, new_bank, render_starter

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"


def test_starter_validates_with_one_question_of_every_type(tmp_path: Path) -> None:
    out = tmp_path / "banks" / "team-python.yaml"
    starter = new_bank(out, "programming")
    assert starter.problems == []
    result = load_library([out])
    assert result.problems == []
    questions = result.library.questions
    assert sorted(q.type for q in questions) == sorted(QUESTION_TYPES)
    assert {q.topic for q in questions} == {"python-core"}  # the area's first topic
    assert all(q.id.startswith("team-python.python-core.") for q in questions)
    text = out.read_text(encoding="utf-8")
    assert text.count("\n  # ") >= 5  # every question is introduced by a comment
    lint = lint_paths([out])
    assert [w.code for w in lint.warnings] == ["few-at-level"]  # five questions cannot fill five levels


def test_schema_line_points_at_an_existing_schema(tmp_path: Path) -> None:
    out = tmp_path / "bank.yaml"
    new_bank(out, "mlops")
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = first.split("$schema=", 1)[1]
    schema = Path(target.removeprefix("file://")) if target.startswith("file://") else (out.parent / target)
    assert schema.resolve().is_file() and schema.name.endswith(".schema.json")


def test_relative_schema_path_and_the_copy_beside_the_bank(tmp_path: Path) -> None:
    schema = tmp_path / "docs" / "bank.schema.json"
    text = render_starter(tmp_path / "banks" / "x.yaml", "alpha", "a-one", schema)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../docs/bank.schema.json"
    assert BESIDE_SCHEMA.endswith(".schema.json")


def test_topic_and_custom_taxonomy(tmp_path: Path) -> None:
    out = tmp_path / "alpha.yaml"
    starter = new_bank(out, "alpha", "a-two", context_dir=MINI)
    assert starter.problems == []
    assert {q.topic for q in load_library([out], context_dir=MINI).library.questions} == {"a-two"}


def test_unknown_area_is_refused_with_a_did_you_mean_and_how_to_add_one(tmp_path: Path) -> None:
    with pytest.raises(StarterError) as caught:
        new_bank(tmp_path / "x.yaml", "programing")
    message = str(caught.value)
    assert "unknown area 'programing' (did you mean 'programming'?)" in message
    assert "taxonomy.yaml" in message and "docs/authoring.md" in message
    assert not (tmp_path / "x.yaml").exists()


def test_unknown_topic_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StarterError, match="unknown topic 'python-cor' for area 'programming' "
                                           r"\(did you mean 'python-core'\?\)"):
        new_bank(tmp_path / "x.yaml", "programming", "python-cor")


def test_existing_files_and_other_suffixes_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(StarterError, match="already exists"):
        new_bank(out, "programming")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert new_bank(out, "programming", force=True).problems == []
    with pytest.raises(StarterError, match=r"\.yaml or \.yml"):
        new_bank(tmp_path / "bank.txt", "programming")


def test_off_a_checkout_the_schema_is_written_beside_the_bank(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizengine.bank.starter._CHECKOUT_SCHEMA", tmp_path / "missing.json")
    out = tmp_path / "banks" / "b.yaml"
    starter = new_bank(out, "programming")
    assert starter.schema == out.parent / BESIDE_SCHEMA and starter.schema.is_file()
    assert out.read_text(encoding="utf-8").splitlines()[0] == f"# yaml-language-server: $schema={BESIDE_SCHEMA}"
    assert '"title": "quizengine bank file"' in starter.schema.read_text(encoding="utf-8")
