"""The command line as authors and operators use it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizengine.cli import cli
from tests.conftest import MINI_BANK


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_valid_bank_prints_one_line_summary() -> None:
    code, out, _ = run("bank", "validate", str(MINI_BANK))
    assert code == 0
    assert out == ("ok: 5 files, 20 questions (alpha 10, beta 10; multiple_choice 4, numeric 4, short_text 4, "
                   "single_choice 4, true_false 4), 4 resources, 1 roles\n")


def test_validate_broken_bank_lists_problems_and_fails(tmp_path: Path) -> None:
    shutil.copytree(MINI_BANK, tmp_path / "mini")
    bank = tmp_path / "mini" / "alpha.yaml"
    bank.write_text(bank.read_text().replace("difficulty: 1", "difficulty: 0", 1))
    code, out, err = run("bank", "validate", str(tmp_path / "mini"))
    assert code == 1
    assert out.startswith(f"{bank}:")
    assert "difficulty: input should be greater than or equal to 1 (got 0)" in out
    assert "1 problem(s) in 1 file(s)" in err


def test_validate_json(tmp_path: Path) -> None:
    code, out, _ = run("bank", "validate", "--json", str(MINI_BANK))
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["questions"] == 20 and data["by_area"] == {"alpha": 10, "beta": 10}


def test_schema_is_written_for_editors(tmp_path: Path) -> None:
    code, _, _ = run("bank", "schema", "--out", str(tmp_path))
    assert code == 0
    schema = json.loads((tmp_path / "bank.schema.json").read_text())
    assert "questions" in schema["properties"]
    assert {p.name for p in tmp_path.iterdir()} == {"bank.schema.json", "taxonomy.schema.json",
                                                    "resources.schema.json", "roles.schema.json"}


def test_locate_and_db_upgrade_honour_the_database_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x' / 'q.sqlite3'}"
    code, out, _ = run("locate", env={"QUIZENGINE_DB": url})
    assert code == 0 and f"database: {url}" in out and "banks:" in out
    code, out, _ = run("--db", url, "db", "upgrade")
    assert code == 0 and (tmp_path / "x" / "q.sqlite3").exists()


def test_app_refuses_broken_banks_with_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "bad.yaml"
    bank.write_text("bank: [unclosed\n")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'q.sqlite3'}", "--banks", str(bank)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{bank}:2:1: YAML syntax error")
    assert lines[-1] == "error: the question banks have problems; fix them and start again"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("url", "message"), [
    ("notaurl", "Could not parse SQLAlchemy URL"),
    ("sqlite:////proc/no-such-dir/q.sqlite3", "No such file or directory"),
])
def test_bad_database_url_is_one_line_error(url: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot open the database {url}: ")
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("quizengine ") and out.strip().split()[-1][0].isdigit()


def test_previewing_other_banks_never_touches_the_learners_history(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from quizengine import paths
    from quizengine.tui.app import QuizApp

    seen: dict[str, object] = {}

    def fake_run(app: QuizApp) -> None:  # the app, opened on its context, without a terminal
        seen["url"] = app.context.engine.url.database
        seen["preview"] = app.preview
        seen["title"] = app.title
        assert app.context.engine.url.database and Path(app.context.engine.url.database).exists()

    monkeypatch.setattr(QuizApp, "run", fake_run)
    real = tmp_path / "real.sqlite3"
    result = CliRunner().invoke(cli, ["--banks", str(MINI_BANK)], env={"QUIZENGINE_DB": f"sqlite:///{real}"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    used = Path(str(seen["url"]))
    assert not real.exists() and not (paths.data_dir() / "quizengine.sqlite3").exists()
    assert used.name == "preview.sqlite3" and seen["preview"] and "PREVIEW" in str(seen["title"])
    assert not used.parent.exists()  # the throwaway folder is gone once the app closes
    assert "never your history" in result.stderr
