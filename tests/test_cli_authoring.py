"""The authoring commands as a new author uses them: new -> lint -> preview -> import -> export -> validate.
Errors are one line naming the file (and line), never a traceback; exit 1 for problems, 2 for bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizengine.cli import cli

FIXTURES = Path(__file__).resolve().parent / "data" / "interchange"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_the_new_author_path(tmp_path: Path) -> None:
    bank = tmp_path / "team.yaml"
    code, out, _ = run("bank", "new", str(bank), "--area", "mlops")
    assert code == 0 and out.startswith(f"wrote {bank} (5 example questions in area 'mlops'")
    assert run("bank", "validate", str(bank))[0] == 0
    code, out, err = run("bank", "lint", str(bank))
    assert code == 0 and "few-at-level" in out and "1 warning(s) in 5 question(s)" in err
    assert run("bank", "lint", "--strict", str(bank))[0] == 1
    code, out, _ = run("bank", "preview", "--text", str(bank))
    assert code == 0 and out.count("--- Q") == 5 and "key: a) `set`" in out
    imported = tmp_path / "imported.yaml"
    code, out, err = run("bank", "import", "--from", "gift", str(FIXTURES / "every_construct.gift"), "-o",
                         str(imported), "--area", "mlops", "--difficulty", "2", "--license", "CC0")
    assert code == 0 and "wrote 19 question(s)" in err and "3 skipped" in err
    assert f"{FIXTURES / 'every_construct.gift'}:61: skipped: an essay question" in out
    assert run("bank", "validate", str(imported))[0] == 0
    code, out, err = run("bank", "export", str(imported), "--to", "gift")
    assert code == 0 and "::gift.single::[markdown]Which planet" in out and "exported 19 question(s)" in err


def test_new_refuses_an_unknown_area_in_one_line(tmp_path: Path) -> None:
    code, _, err = run("bank", "new", str(tmp_path / "x.yaml"), "--area", "ml-ops")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error: unknown area 'ml-ops' (did you mean 'mlops'?)")
    assert not (tmp_path / "x.yaml").exists()


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    bank = tmp_path / "x.yaml"
    bank.write_text("mine", encoding="utf-8")
    code, _, err = run("bank", "new", str(bank), "--area", "mlops")
    assert code == 1 and "already exists" in err and bank.read_text(encoding="utf-8") == "mine"


def test_lint_shipped_banks_and_json() -> None:
    code, out, err = run("bank", "lint")
    assert code == 0 and "warning(s) in 451 question(s)" in err
    assert all(line.count(": ") >= 2 for line in out.splitlines())  # path:line: code: message
    code, out, _ = run("bank", "lint", "--json", "--strict")
    data = json.loads(out)
    assert code == (1 if data["warnings"] else 0) and data["questions"] == 451 and data["problems"] == []
    code, out, _ = run("bank", "lint", "--codes")
    assert code == 0 and out.startswith("near-duplicate")


def test_lint_reports_validation_problems_first(tmp_path: Path) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text("bank: {id: x, title: X, version: '1', area: mlops, authors: [a], license: CC0}\n"
                    "questions: [{id: x.a, type: true_false, topic: nope, difficulty: 1, stem: S, "
                    "explanation: E, answer: true}]\n", encoding="utf-8")
    code, out, err = run("bank", "lint", str(bank))
    assert code == 1 and out.startswith(f"{bank}:2:") and "unknown topic 'nope'" in out
    assert "validation problem(s)" in err


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--from", "gift", "missing.gift", "--area", "mlops"], 1, "missing.gift:1: cannot read file"),
    (["--from", "gift", str(FIXTURES / "broken.gift"), "--area", "mlop"], 1, "did you mean 'mlops'"),
    (["--from", "gift", str(FIXTURES / "broken.gift"), "--area", "mlops", "--topic", "nope"], 1,
     "unknown topic 'nope'"),
    (["--from", "moodle-xml", str(FIXTURES / "broken.gift"), "--area", "mlops"], 2, "Invalid value for '--from'"),
    (["--from", "gift", str(FIXTURES / "broken.gift")], 2, "Missing option '--area'"),
])
def test_import_errors(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    got, _, err = run("bank", "import", *args, "-o", str(tmp_path / "out.yaml"))
    assert got == code and message in err
    assert not (tmp_path / "out.yaml").exists()


def test_import_does_not_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "edited.yaml"
    out.write_text("my edits", encoding="utf-8")
    args = ["bank", "import", "--from", "gift", str(FIXTURES / "broken.gift"), "--area", "mlops", "-o", str(out)]
    code, _, err = run(*args)
    assert code == 1 and "already exists" in err and out.read_text(encoding="utf-8") == "my edits"
    assert run(*args, "--force")[0] == 0 and "This one converts." in out.read_text(encoding="utf-8")


def test_import_refuses_an_output_that_is_not_yaml(tmp_path: Path) -> None:
    code, _, err = run("bank", "import", "--from", "gift", str(FIXTURES / "broken.gift"), "--area", "mlops",
                       "-o", str(tmp_path / "out.txt"))
    assert code == 2 and "must end in .yaml" in err


def test_import_of_a_file_with_nothing_convertible_fails_and_says_why(tmp_path: Path) -> None:
    source = tmp_path / "essays.gift"
    source.write_text("::E::Write an essay.{}\n", encoding="utf-8")
    code, _, err = run("bank", "import", "--from", "gift", str(source), "--area", "mlops", "-o",
                       str(tmp_path / "out.yaml"))
    assert code == 1 and "no question found to import (1 skipped)" in err and f"{source}:1: skipped: an essay" in err


def test_import_of_a_binary_file_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "quiz.md"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run("bank", "import", "--from", "markdown", str(source), "--area", "mlops", "-o",
                       str(tmp_path / "out.yaml"))
    assert code == 1 and err == f"error: {source}:1: file contains binary data (a NUL byte), not text\n"


def test_export_to_a_file_and_the_formats_limits(tmp_path: Path) -> None:
    out = tmp_path / "programming.txt"
    code, _, err = run("bank", "export", "question_banks/banks/programming.yaml", "--to", "aiken", "-o", str(out))
    assert code == 0 and "skipped: programming." in err and "Aiken holds only single-answer" in err
    assert out.read_text(encoding="utf-8").count("ANSWER: ") > 10


def test_export_of_an_invalid_bank_is_refused_in_one_line(tmp_path: Path) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text("bank: [\n", encoding="utf-8")
    code, out, err = run("bank", "export", str(bank), "--to", "gift")
    assert code == 1 and out == "" and err.startswith(f"error: {bank}:") and "YAML syntax error" in err


def test_preview_text_of_a_broken_question_and_a_missing_file(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text("bank: {id: x, title: X, version: '1', area: mlops, authors: [a], license: CC0}\n"
                    "questions: [{id: x.a, type: true_false, topic: nope, difficulty: 1, stem: S, "
                    "explanation: E, answer: true}]\n", encoding="utf-8")
    code, out, _ = run("bank", "preview", "--text", str(bank))
    assert code == 1 and "does not validate:" in out and "unknown topic 'nope'" in out
    code, _, err = run("bank", "preview", "--text", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such file" in err


def test_validate_and_schema_still_work(tmp_path: Path) -> None:
    assert run("bank", "validate")[0] == 0
    code, out, _ = run("bank", "schema", "--out", str(tmp_path))
    assert code == 0 and (tmp_path / "bank.schema.json").is_file() and "wrote" in out
