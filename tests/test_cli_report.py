"""`quizengine report` as a learner runs it: Markdown or JSON on stdout or to a file, the learner chosen by name
(or the only one), and one-line errors for a wrong name, several learners or a path it cannot write."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from quizengine.commands.report import report
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from tests.conftest import MINI_BANK
from tests.services.test_report import SCHEMA, schema_errors, seed


def invoke(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(report, ["--bank", str(MINI_BANK), *args], obj={"db_url": db_url})


def seeded(db_url: str, *names: str) -> None:
    context = ServiceContext.open(db_url, [MINI_BANK])
    try:
        seed(context)
        for name in names:
            LearnerService(context).create(name, None)
    finally:
        context.close()


def test_markdown_on_stdout_for_the_only_learner(db_url: str) -> None:
    seeded(db_url)
    result = invoke(db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# quizengine report: Ada\n")
    assert "### Alpha skills" in result.stdout and "| Area | Level (95% band) |" in result.stdout


def test_json_to_a_file_validates(db_url: str, tmp_path: Path) -> None:
    seeded(db_url)
    out = tmp_path / "ada.json"
    result = invoke(db_url, "--format", "json", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert schema_errors(data, SCHEMA) == []
    assert data["learner"] == "Ada" and len(data["attempts"]) == 2


def test_several_learners_need_a_name_and_a_wrong_name_lists_them(db_url: str) -> None:
    seeded(db_url, "Bo")
    result = invoke(db_url)
    assert result.exit_code == 2
    assert "several learners; pick one with --learner NAME: Ada, Bo" in result.stderr
    result = invoke(db_url, "--learner", "Zed")
    assert result.exit_code == 2 and "no learner named 'Zed'; learners: Ada, Bo" in result.stderr
    result = invoke(db_url, "--learner", "Bo")
    assert result.exit_code == 0 and result.stdout.startswith("# quizengine report: Bo\n")


def test_an_unwritable_output_is_one_line_without_a_traceback(db_url: str, tmp_path: Path) -> None:
    seeded(db_url)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    result = invoke(db_url, "--output", str(blocker / "report.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Cannot write the report to ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    result = invoke(db_url, "--output", str(tmp_path))  # a folder
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_no_learner_yet_says_what_to_do(db_url: str) -> None:
    ServiceContext.open(db_url, [MINI_BANK]).close()
    result = invoke(db_url)
    assert result.exit_code == 2 and "no learners yet: create a profile" in result.stderr
