"""The hostile corpus: every broken or malicious bank file gets exactly its documented one-line, positioned
problem (or loads safely), and nothing escapes as an exception.

Each file in tests/data/hostile/ is one case; EXPECTED is the documentation of its outcome: the text after
`path:` of its only problem, or None for a file that must load without problems. Cases that cannot be committed
(a FIFO, link loops, a device, a 10 MB stem, a million nested brackets) are made in tmp_path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from quizengine.bank.loader import load_library
from quizengine.bank.problems import Problem

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile"

EXPECTED: dict[str, str | None] = {
    "SAFE_UPPER_SUFFIX.YML": None,
    "alias_text_amplification.yaml": '1:1: document expands to over 2,000,000 nodes through aliases (an alias bomb?)',
    "bad_utf8.yaml": '2:13: file is not valid UTF-8 (byte 0xe9); save it as UTF-8',
    "bell_in_topic_description.yaml":
        '8:27: taxonomy[0].topics[0].description: contains a control character (U+0007); control',
    "bidi_in_resource_title.yaml":
        '3:17: resources[0].title: contains a bidirectional-text control (U+202D LEFT-TO-RIGHT',
    "bidi_in_role_rationale.yaml":
        '4:20: roles[0].rationale: contains a bidirectional-text control (U+202B RIGHT-TO-LEFT',
    "bidi_isolate_in_tag.yaml":
        '18:20: questions[0].tags[1]: contains a bidirectional-text control (U+2067 RIGHT-TO-LEFT',
    "bidi_override_in_stem.yaml":
        '14:21: questions[0].stem: contains a bidirectional-text control (U+202E RIGHT-TO-LEFT',
    "billion_laughs.yaml": '1:1: document expands to over 2,000,000 nodes through aliases (an alias bomb?)',
    "binary_tag_stem.yaml":
        "14:11: tag '!!binary' is not allowed: bank files hold plain text, numbers, lists and mappings",
    "bool_difficulty.yaml": '13:17: questions[0].difficulty: expected a number, got true',
    "bool_resource_hours.yaml": '8:12: resources[0].hours: expected a number, got true',
    "c1_csi_in_unit.yaml":
        '17:12: questions[0].unit: contains a control character (U+009B); control characters, escape',
    "complex_key.yaml": '2:5: a mapping key must be plain text, not a list or mapping',
    "custom_tag.yaml": "1:7: tag '!include' is not allowed: bank files hold plain text, numbers, lists and mappings",
    "deep_block_nesting.yaml": '101:201: nesting is deeper than 100 levels',
    "deep_flow_nesting.yaml": '1:1006: YAML syntax error: exceeded maximum nesting depth',
    "deep_nesting_under_libyaml_limit.yaml": '1:106: nesting is deeper than 100 levels',
    "del_in_accepted_answer.yaml":
        '15:20: questions[0].accepted[0]: contains a control character (U+007F); control characters,',
    "duplicate_keys.yaml": "14:5: duplicate key 'difficulty' (first at line 13)",
    "empty_file.yaml": '1:1: file is empty',
    "esc_csi_in_stem.yaml": '14:14: questions[0].stem: contains an escape character (U+001B, starts terminal escape',
    "esc_in_answer.yaml": '16:17: questions[0].answer: contains an escape character (U+001B, starts terminal escape',
    "esc_in_area_title.yaml": '3:17: taxonomy[0].title: contains an escape character (U+001B, starts terminal escape',
    "esc_in_bank_description.yaml":
        '8:24: bank.description: contains an escape character (U+001B, starts terminal escape',
    "esc_in_bank_title.yaml":
        '3:16: bank.title: contains an escape character (U+001B, starts terminal escape sequences);',
    "esc_in_resource_description.yaml":
        '10:23: resources[0].description: contains an escape character (U+001B, starts terminal escape',
    "esc_in_resource_url.yaml":
        '4:31: resources[0].url: contains an escape character (U+001B, starts terminal escape',
    "esc_in_role_title.yaml":
        '3:17: roles[0].title: contains an escape character (U+001B, starts terminal escape sequences);',
    "huge_explicit_key.yaml": '19:7: questions[0].kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...: unknown field',
    "huge_integer_value.yaml": '16:21: questions[0].answer.value: number is too large',
    "huge_line_plain_key.yaml": "19:200005: YAML syntax error: could not find expected ':'",
    "huge_line_stem.yaml": '14:11: questions[0].stem: text is 1,199,999 characters long, over the limit of 20,000',
    "impossible_date.yaml": "19:14: cannot read '2024-02-30' as '!!timestamp': day is out of range for month",
    "inf_tolerance.yaml": '16:35: questions[0].answer.tolerance: expected a finite number, got inf',
    "integer_too_long_to_read.yaml":
        "16:21: cannot read '9999999999999999999999999999999999999999'... as '!!int': the number has",
    "merge_key_bomb.yaml": '1:1: document expands to over 2,000,000 nodes through aliases (an alias bomb?)',
    "merge_key_list_bomb.yaml": '1:1: document expands to over 2,000,000 nodes through aliases (an alias bomb?)',
    "merge_key_not_a_mapping.yaml": "1:12: merge key '<<' needs a mapping or a list of mappings",
    "nan_numeric_value.yaml": '16:21: questions[0].answer.value: expected a finite number, got nan',
    "negative_inf_irt_a.yaml": '14:8: questions[0].a: expected a finite number, got -inf',
    "nul_byte.yaml": '2:8: file contains binary data (a NUL byte), not YAML text',
    "only_comments.yaml": '1:1: file is empty',
    "option_only_invisible.yaml":
        '15:20: questions[0].options[1]: must not be empty (it holds only spaces or invisible',
    "option_over_limit.yaml":
        '15:20: questions[0].options[1]: text is 2,500 characters long, over the limit of 2,000',
    "options_exact_duplicate.yaml": "15:14: questions[0].options: option 'one' appears twice (options 1 and 3)",
    "options_fullwidth.yaml":
        '15:14: questions[0].options: options 1 and 2 look identical: they differ only in look-alike',
    "options_nfd_equals_nfc.yaml": "15:14: questions[0].options: option 'café' appears twice (options 1 and 2)",
    "options_soft_hyphen.yaml":
        '15:14: questions[0].options: options 1 and 2 look identical: they differ only in invisible',
    "options_zero_width_space.yaml":
        '15:14: questions[0].options: options 1 and 2 look identical: they differ only in invisible',
    "osc52_clipboard_in_option.yaml":
        '15:24: questions[0].options[1]: contains an escape character (U+001B, starts terminal escape',
    "osc8_link_in_explanation.yaml":
        '17:23: questions[0].explanation: contains an escape character (U+001B, starts terminal escape',
    "overflow_float_literal.yaml": '16:21: questions[0].answer.value: expected a finite number, got inf',
    "overflow_literal_1e309.yaml": "16:21: questions[0].answer.value: expected a finite number (got '1e309')",
    "pattern_backreference.yaml":
        '16:14: questions[0].pattern: pattern uses a feature (backreference) that is not supported;',
    "pattern_lookahead.yaml":
        '16:14: questions[0].pattern: pattern uses a feature (lookahead or lookbehind) that is not',
    "pattern_repeat_wraps.yaml": '16:14: questions[0].pattern: pattern repeats 4294967296 times; the limit is 1,000',
    "pattern_unbalanced.yaml":
        '16:14: questions[0].pattern: pattern is not a valid RE2 regular expression (missing ): (git',
    "python_tag_name.yaml":
        "1:7: tag '!!python/name:os.system' is not allowed: bank files hold plain text, numbers, lists",
    "python_tag_object.yaml":
        "1:7: tag '!!python/object/apply:os.system' is not allowed: bank files hold plain text,",
    "questions_not_a_list.yaml": "10:3: questions: 'questions' must be a non-empty list",
    "raw_c1_byte.yaml": '14:13: YAML syntax error: control character U+009B is not allowed in YAML text',
    "raw_escape_byte.yaml": '14:13: YAML syntax error: control character U+001B is not allowed in YAML text',
    "recursive_alias.yaml": '1:7: recursive alias: a node refers to itself',
    "safe_bom_and_crlf.yaml": None,
    "safe_catastrophic_pattern.yaml": None,
    "safe_merge_keys.yaml": None,
    "safe_options_differ_in_case.yaml": None,
    "safe_version_1_10.yaml": None,
    "set_tag.yaml": "1:7: tag '!!set' is not allowed: bank files hold plain text, numbers, lists and mappings (tags",
    "stem_over_limit.yaml": '14:11: questions[0].stem: text is 25,000 characters long, over the limit of 20,000',
    "tab_indentation.yaml": '2:1: YAML syntax error: found character that cannot start any token',
    "title_over_limit.yaml": '3:10: bank.title: text is 300 characters long, over the limit of 200',
    "title_sequence_in_option_why.yaml":
        '16:42: questions[0].options[0].why: contains an escape character (U+001B, starts terminal',
    "top_level_list.yaml":
        "1:1: expected a mapping at the top level (with 'bank' and 'questions', 'taxonomy', 'resources'",
    "top_level_scalar.yaml":
        "1:1: expected a mapping at the top level (with 'bank' and 'questions', 'taxonomy', 'resources'",
    "two_documents.yaml": '2:1: YAML syntax error: but found another document',
    "unclosed_quote.yaml": '3:1: YAML syntax error: found unexpected end of stream',
}


def test_every_corpus_file_has_a_documented_outcome() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 40


def single_line_problems(paths: list[Path]) -> list[str]:
    result = load_library(paths)
    assert all(isinstance(problem, Problem) for problem in result.problems)
    messages = [str(problem) for problem in result.problems]
    assert all(len(message.splitlines()) == 1 for message in messages), messages
    return messages


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gets_its_documented_outcome(name: str) -> None:
    path = CORPUS / name
    messages = single_line_problems([path])
    expected = EXPECTED[name]
    if expected is None:
        assert messages == []
    else:
        assert len(messages) == 1, messages
        assert messages[0].startswith(f"{path}:{expected}"), messages[0]
        assert len(messages[0]) < 400  # never an echo of the whole input


def test_unquoted_version_keeps_its_written_text() -> None:
    result = load_library([CORPUS / "safe_version_1_10.yaml"])
    assert result.library.banks[0].info.version == "1.10"


def test_merged_question_fields_are_inherited_and_overridden() -> None:
    result = load_library([CORPUS / "safe_merge_keys.yaml"])
    derived = result.library.question("hostile.derived")
    assert (derived.stem, derived.difficulty, derived.answer) == ("Is a tuple mutable?", 2, False)  # type: ignore[union-attr]


GOOD_BANK = (CORPUS / "SAFE_UPPER_SUFFIX.YML").read_text(encoding="utf-8")

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symbolic links")


@posix_only
def test_fifo_is_refused_by_name_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "good.yaml").write_text(GOOD_BANK, encoding="utf-8")
    # Opening the FIFO would block forever; these calls return because it is never opened.
    assert single_line_problems([fifo]) == [f"{fifo}:1:1: not a regular file (a FIFO (named pipe)); only regular "
                                            ".yaml and .yml files are read"]
    assert single_line_problems([tmp_path]) == [f"{fifo}:1:1: not a regular file (a FIFO (named pipe)); only "
                                                "regular .yaml and .yml files are read"]


@posix_only
def test_device_behind_a_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "null.yaml"
    link.symlink_to("/dev/null")
    assert single_line_problems([link]) == [f"{link}:1:1: not a regular file (a character device); only regular "
                                            ".yaml and .yml files are read"]


@posix_only
def test_symbolic_link_loops_are_refused_and_folder_loops_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop: sub/up/sub/up/...
    (tmp_path / "sub" / "bank.yaml").write_text(GOOD_BANK, encoding="utf-8")
    messages = single_line_problems([tmp_path])
    assert messages == [f"{tmp_path / name}:1:1: not a regular file (a symbolic-link loop)" for name in ("a.yaml",
                                                                                                         "b.yaml")]
    assert len(load_library([tmp_path]).library.questions) == 1  # the bank is read once, not once per loop turn


def test_upper_case_suffixes_are_found_in_folders(tmp_path: Path) -> None:
    (tmp_path / "BANK.YAML").write_text(GOOD_BANK, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a bank", encoding="utf-8")
    result = load_library([tmp_path])
    assert result.problems == []
    assert result.files == [str(tmp_path / "BANK.YAML")]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert single_line_problems([tmp_path]) == [f"{tmp_path}:1:1: folder holds no bank files (.yaml or .yml)"]


def test_folder_with_only_catalogue_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "roles.yaml").write_text("roles:\n  - {id: r, title: R, rationale: Why., levels: {programming: 2}}\n",
                                         encoding="utf-8")
    assert single_line_problems([tmp_path]) == [f"{tmp_path}:1:1: folder holds no bank (no file with 'bank' and "
                                                "'questions'); only taxonomy, resources or roles files"]


def test_ten_megabyte_stem_is_refused_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(GOOD_BANK.replace("stem: Which?", "stem: " + "x" * 10_000_000), encoding="utf-8")
    assert single_line_problems([path]) == [f"{path}:14:11: questions[0].stem: text is 10,000,000 characters long, "
                                            "over the limit of 20,000"]


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_a_million_levels_of_nesting_is_a_positioned_problem(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "deep.yaml"
    closing = {"[": "]", "{a: ": "}", "- ": ""}[opening]
    path.write_text("bank: " + opening * 1_000_000 + "1" + closing * 1_000_000 + "\n", encoding="utf-8")
    messages = single_line_problems([path])
    assert len(messages) == 1
    assert "nesting" in messages[0] or "YAML syntax error" in messages[0], messages
