"""The learner report from seeded data: per area the level band with its interval, the verdict against the
target, the plan, progress over time, review statistics and calibration; Markdown that keeps its tables whatever
the bank text, and JSON that validates against docs/report-schema.json."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from quizengine.bank.grading import Answer
from quizengine.bank.loader import load_library
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.report import ReportError, ReportService, default_report_path, md
from quizengine.services.views import LearnerView
from quizengine.store.models import AbilitySnapshot
from tests.conftest import MINI_BANK
from tests.tui.hostile import RAW_MARKERS
from tests.tui.hostile import hostile_context as hostile_bank_context
from tests.tui.results_seed import right_answer

NOW = dt.datetime(2026, 12, 3, 9, 0)
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report-schema.json").read_text())
HOSTILE_TITLE = "Alpha | <script>alert(1)</script> *bold* [x](javascript:1)\nsecond line"


def seed(context: ServiceContext, *, confidence: str | None = None, name: str = "Ada") -> LearnerView:
    """Two finished quick attempts (weak on Nov 20, strong on Dec 01) for a learner aiming at 'tester'."""
    learner = LearnerService(context).create(name, "tester")
    for seed_, right_every, day in [(1, 3, dt.datetime(2026, 11, 20, 10)), (2, 1, dt.datetime(2026, 12, 1, 10))]:
        runner = QuizService(context).start(learner.id, "quick", seed=seed_)
        count = 0
        while count < 8 and runner.current() is not None:
            right = count % right_every == 0
            runner.submit(right_answer(runner) if right else Answer("dont_know"), confidence=confidence)
            count += 1
        runner.finish("ended for the test")
        with context.transaction() as db:
            db.execute(update(AbilitySnapshot).where(AbilitySnapshot.attempt_id == runner.attempt_id)
                       .values(created_at=day))
    return learner


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """A validator for the JSON Schema keywords docs/report-schema.json uses (jsonschema is not installed)."""
    if "$ref" in schema:
        return schema_errors(value, SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]], where)
    if "anyOf" in schema:
        options = [schema_errors(value, option, where) for option in schema["anyOf"]]
        return [] if any(not errors for errors in options) else [f"{where}: matches no anyOf option"]
    errors: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
                  "null": lambda v: v is None, "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool)}
        if not any(checks[kind](value) for kind in ([kinds] if isinstance(kinds, str) else kinds)):
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{where}: {value} <= {schema['exclusiveMinimum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        errors += [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: unexpected {key}" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                errors += schema_errors(item, properties[key], f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            errors.append(f"{where}: {len(value)} items")
        if "items" in schema:
            for index, item in enumerate(value):
                errors += schema_errors(item, schema["items"], f"{where}[{index}]")
    return errors


def test_the_validator_catches_what_the_schema_forbids() -> None:
    assert schema_errors({"schema_version": 1}, SCHEMA)  # required keys missing
    assert schema_errors(101, SCHEMA["$defs"]["score"]) == ["$: 101 > 100"]
    assert schema_errors("2026-12-03 09:00", SCHEMA["$defs"]["utc_time"])
    assert schema_errors({"title": "x", "missed": 1, "extra": 2}, SCHEMA["$defs"]["missed_topic"]) == [
        "$: unexpected extra"]


def test_json_report_validates_and_carries_each_areas_figures(context: ServiceContext) -> None:
    learner = seed(context, confidence="high")
    data = json.loads(ReportService(context).render(learner.id, "json", NOW))
    assert schema_errors(data, SCHEMA) == []
    assert data["learner"] == "Ada" and data["target_role"] == "Test Engineer"
    assert data["generated_at"] == "2026-12-03T09:00:00Z"
    areas = {area["area"]: area for area in data["areas"]}
    assert set(areas) == {"alpha", "beta"}
    for area in areas.values():
        assert area["measured"] and area["score_low"] <= area["score"] <= area["score_high"]
        assert [point["measured_at"] for point in area["progress"]] == ["2026-11-20T10:00:00Z",
                                                                        "2026-12-01T10:00:00Z"]
        assert area["progress"][-1]["score"] == area["score"]  # the latest point is the current estimate
        assert area["review_cards"] >= len(area["missed_topics"])  # every missed question became a card
    alpha = areas["alpha"]
    assert alpha["target"] == "Advanced" and alpha["verdict"] in ("below", "imprecise")
    assert alpha["plan"] and alpha["missed_topics"]  # short of the target: a plan for what was missed
    assert areas["beta"]["target"] == "Beginner"
    assert len(data["attempts"]) == 2 and {a["status"] for a in data["attempts"]} == {"finished"}
    # every answer was given 'high': the calibration tables count each once
    assert sum(area["calibration"]["rows"][2]["answers"] for area in areas.values()) == sum(
        attempt["answered"] for attempt in data["attempts"])
    assert data["retention"]["rate_all"] is None and data["retention"]["desired"] == 0.9


def test_json_report_of_a_learner_with_nothing_yet_validates(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Bo", None)
    data = json.loads(ReportService(context).render(learner.id, "json", NOW))
    assert schema_errors(data, SCHEMA) == []
    assert data["target_role"] is None and data["attempts"] == []
    assert all(not area["measured"] and area["verdict"] == "not-measured" and area["score"] is None
               for area in data["areas"])


def test_markdown_report_has_tables_headings_and_each_area(context: ServiceContext) -> None:
    learner = seed(context, confidence="high")
    text = ReportService(context).render(learner.id, "md", NOW)
    assert text.startswith("# quizengine report: Ada\n")
    assert "against **Test Engineer**" in text
    for heading in ("## Levels", "## Areas", "### Alpha skills", "### Beta skills", "## Review", "## Attempts"):
        assert f"\n{heading}\n" in text
    assert "| Area | Level (95% band) | Score [95% interval] | Answers | Target | Verdict |" in text
    assert "| 2026-11-20 10:00 | 1 | quick |" in text  # progress rows
    assert "Study plan:" in text and "](https://" in text
    assert "Overconfident in" in text and "| high | " in text
    assert "True retention" in text and "no reviews of learned cards yet; desired 90%" in text


def hostile_context(db_url: str) -> ServiceContext:
    context = ServiceContext.open(db_url, [MINI_BANK])
    library = load_library([MINI_BANK]).library
    library.areas["alpha"] = library.areas["alpha"].model_copy(update={"title": HOSTILE_TITLE})
    context.library = library
    return context


def test_bank_text_cannot_break_the_markdown_tables(db_url: str) -> None:
    context = hostile_context(db_url)
    try:
        learner = seed(context, name="Eve | <b>")
        text = ReportService(context).render(learner.id, "md", NOW)
    finally:
        context.close()
    assert "<script>" not in text and "<b>" not in text and "\nsecond line" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Alpha" in line]
    assert rows, "the hostile area is in the levels table"
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]  # unescaped pipes split cells
        assert len(cells) == 6
    assert text.startswith("# quizengine report: Eve \\| \\<b\\>")


def test_md_escapes_markup_pipes_and_html_on_one_line() -> None:
    assert md("a|b") == "a\\|b"
    assert md("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert "\n" not in md("one\ntwo")
    assert md("*x* [y](z)") == "\\*x\\* \\[y\\]\\(z\\)"


def test_write_report_writes_the_file_and_a_bad_path_is_one_line(context: ServiceContext, tmp_path: Path) -> None:
    learner = seed(context)
    path = default_report_path(tmp_path, "Ada / ../x", "md", NOW)
    assert path.parent == tmp_path / "reports" and "/" not in path.name and ".." not in path.name
    written = ReportService(context).write_report(learner.id, path, "md", NOW)
    assert written.read_text(encoding="utf-8").startswith("# quizengine report: Ada")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ReportError) as caught:
        ReportService(context).write_report(learner.id, blocker / "report.md", "md", NOW)
    assert "Cannot write the report to" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ReportError, match="md or json"):
        ReportService(context).write_report(learner.id, tmp_path / "r.txt", "txt", NOW)  # type: ignore[arg-type]


def test_the_documented_json_example_validates() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    example = docs.split("```json\n", 1)[1].split("```", 1)[0]
    assert schema_errors(json.loads(example), SCHEMA) == []


def test_escape_sequences_from_a_bank_never_reach_the_markdown(tmp_path: Path) -> None:
    context = hostile_bank_context(tmp_path / "hostile.sqlite3")
    try:
        learner = seed(context)
        text = ReportService(context).render(learner.id, "md", NOW)
    finally:
        context.close()
    for marker in RAW_MARKERS:
        assert marker not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "Alpha skills RED␛\\[31mALERT" in text  # shown, neutralised and escaped
