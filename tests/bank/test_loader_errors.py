"""Every class of bank error is reported as path:line:col: location: message, never as a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizengine.bank.loader import load_library
from quizengine.bank.problems import Problem
from quizengine.bank.yaml_source import MAX_FILE_BYTES

HEADER = """\
bank:
  id: t
  title: Test
  version: "1"
  area: programming
  authors: [me]
  license: CC0-1.0
questions:
"""

GOOD_QUESTION = """\
  - id: t.good
    type: single_choice
    topic: python-core
    difficulty: 2
    stem: Which?
    options: [one, two]
    answer: one
    explanation: Because.
    references: ["https://docs.python.org/3/"]
"""


def problems_for(tmp_path: Path, text: str | bytes, name: str = "bank.yaml") -> list[Problem]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_library([path]).problems


def only(problems: list[Problem]) -> str:
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def test_valid_bank_has_no_problems(tmp_path: Path) -> None:
    assert problems_for(tmp_path, HEADER + GOOD_QUESTION) == []


def test_unknown_key_names_line_and_suggests_the_field(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("    explanation:", "    explanaton:")
    messages = [str(p) for p in problems_for(tmp_path, text)]
    assert any(m.endswith("bank.yaml:16:5: questions[0].explanaton: unknown field 'explanaton' "
                          "(did you mean 'explanation'?)") for m in messages), messages


def test_wrong_type_names_field_and_value(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("difficulty: 2", "difficulty: hard")
    assert only(problems_for(tmp_path, text)).endswith(
        "bank.yaml:12:17: questions[0].difficulty: input should be a valid integer, unable to parse string as an "
        "integer (got 'hard')")


def test_answer_not_among_options(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("answer: one", "answer: three")
    assert only(problems_for(tmp_path, text)).endswith(
        "bank.yaml:9:5: questions[0]: answer 'three' is not among the options")


def test_single_choice_needs_exactly_one_correct(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("    options: [one, two]\n    answer: one\n",
                                          "    options:\n      - {text: one, correct: true}\n"
                                          "      - {text: two, correct: true}\n")
    assert "single_choice needs exactly one correct option, found 2" in only(problems_for(tmp_path, text))


def test_empty_stem(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("stem: Which?", 'stem: "   "')
    assert only(problems_for(tmp_path, text)).endswith(
        "bank.yaml:13:11: questions[0].stem: must not be empty")


def test_unknown_area_topic_and_reference(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("topic: python-core", "topic: knitting").replace(
        '["https://docs.python.org/3/"]', "[no-such-resource]")
    messages = sorted(str(p) for p in problems_for(tmp_path, text))
    assert messages[0].endswith("bank.yaml:11:12: questions[0].topic: unknown topic 'knitting' for area "
                                "'programming' (known: python-core, python-advanced, algorithms-complexity, "
                                "software-engineering, version-control, other-languages)")
    assert messages[1].endswith("bank.yaml:17:18: questions[0].references[0]: unknown resource "
                                "'no-such-resource' (not in the resources catalogue and not a URL)")


def test_duplicate_ids_within_and_across_files(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(HEADER + GOOD_QUESTION + GOOD_QUESTION, encoding="utf-8")
    second = tmp_path / "b.yaml"
    second.write_text(HEADER + GOOD_QUESTION, encoding="utf-8")
    messages = [str(p) for p in load_library([first, second]).problems]
    assert messages == [
        f"{first}:18:5: questions[1].id: duplicate question id 't.good' (also at {first}:9)",
        f"{second}:9:5: questions[0].id: duplicate question id 't.good' (also at {first}:9)",
    ]


def test_unknown_question_type(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("type: single_choice", "type: essay")
    assert "questions[0]: unknown question type 'essay'" in only(problems_for(tmp_path, text))


def test_yaml_syntax_error(tmp_path: Path) -> None:
    assert only(problems_for(tmp_path, "a: [1, 2\nb: 3\n")).endswith(
        "bank.yaml:2:2: YAML syntax error: did not find expected ',' or ']'")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    message = only(problems_for(tmp_path, 'bank: !!python/object/apply:os.system ["echo pwned"]\n'))
    assert ":1:7: " in message and "tags that build objects are not allowed" in message


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    message = only(problems_for(tmp_path, "\n".join(lines) + "\n"))
    assert message.endswith("bank.yaml:1:1: document expands to over 2,000,000 nodes through aliases (an alias bomb?)")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    message = only(problems_for(tmp_path, "bank:\n  title: caf\xe9\n".encode("latin-1")))
    assert message.endswith("bank.yaml:2:13: file is not valid UTF-8 (byte 0xe9); save it as UTF-8")


def test_binary_junk(tmp_path: Path) -> None:
    message = only(problems_for(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00junk"))
    assert message.endswith("bank.yaml:3:1: file contains binary data (a NUL byte), not YAML text")


@pytest.mark.parametrize(("text", "got"),
                         [("- a\n- b\n", "a list"), ("just words\n", "a string"), ("42\n", "a number")])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, got: str) -> None:
    assert only(problems_for(tmp_path, text)).endswith(f"got {got}")


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    message = only(load_library([path]).problems)
    assert message.endswith("huge.yaml:1:1: file is 20.0 MiB, over the 20 MiB limit")


def test_duplicate_yaml_keys(tmp_path: Path) -> None:
    text = HEADER + GOOD_QUESTION.replace("    difficulty: 2\n", "    difficulty: 2\n    difficulty: 3\n")
    assert "bank.yaml:13:5: duplicate key 'difficulty' (first at line 12)" in only(problems_for(tmp_path, text))


def test_all_problems_of_a_file_at_once(tmp_path: Path) -> None:
    broken = GOOD_QUESTION.replace("difficulty: 2", "difficulty: 9").replace("t.good", "t.bad")
    text = HEADER + GOOD_QUESTION.replace("topic: python-core", "topic: nope") + broken
    assert len(problems_for(tmp_path, text)) == 2


def test_missing_path(tmp_path: Path) -> None:
    assert only(load_library([tmp_path / "nope.yaml"]).problems).endswith("nope.yaml:1:1: no such file or folder")
