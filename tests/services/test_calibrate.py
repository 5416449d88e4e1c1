"""`bank calibrate` end to end: the answers it reads, the file it writes (and refuses to read when malformed), and
the parameters the engine then uses."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizengine.bank.calibration_file import (
    CALIBRATION_FILE_NAME,
    CalibratedItem,
    CalibrationFile,
    CalibrationFileError,
    Status,
    Thresholds,
    calibration_path,
    read_calibration,
    write_calibration,
)
from quizengine.bank.grading import Answer
from quizengine.bank.library import Library, question_hash
from quizengine.commands.calibrate import calibrate as calibrate_command
from quizengine.engine.items import seed_params
from quizengine.services.calibrate import (
    LoadedCalibration,
    calibration_for,
    guessing_group,
    load_calibration,
    measuring_answers,
    run_calibration,
)
from quizengine.services.context import ServiceContext
from quizengine.services.item_stats import ItemStatsService
from quizengine.services.learners import LearnerService
from quizengine.services.measurement import calibration_status, item_params
from quizengine.services.quiz import QuizService
from tests.conftest import MINI_BANK
from tests.services.test_quiz_service import correct_answer

NOW = dt.datetime(2026, 12, 3, 9, 0, 0)


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """The mini bank in a folder of its own, so a calibration file can be written beside it."""
    target = tmp_path / "banks"
    shutil.copytree(MINI_BANK, target)
    return target


@pytest.fixture
def bank_context(db_url: str, bank_copy: Path) -> Iterator[ServiceContext]:
    ctx = ServiceContext.open(db_url, [bank_copy])
    yield ctx
    ctx.close()


def answer_attempts(context: ServiceContext, learners: int, seed: int, first: int = 0) -> int:
    """Each learner takes a quick attempt and is right with their own probability; returns answers stored."""
    rng = random.Random(seed)
    stored = 0
    for n in range(first, first + learners):
        learner = LearnerService(context).create(f"learner {n}", "tester")
        skill = rng.random()
        runner = QuizService(context).start(learner.id, "quick", seed=n)
        while runner.current() is not None:
            runner.submit(correct_answer(runner) if rng.random() < skill else Answer("dont_know"))
            stored += 1
    return stored


def sample_file(library: Library, statuses: dict[str, Status]) -> CalibrationFile:
    areas = sorted({q.area or "" for q in library.questions})
    items = {q.id: CalibratedItem(a=1.7, b=0.3, c=0.1, se_a=0.2 if statuses[q.id] == "calibrated" else None,
                                  se_b=0.2, n_responses=10, status=statuses[q.id],
                                  question_hash=question_hash(q))
             for q in library.questions if q.id in statuses}
    return CalibrationFile(created=NOW, bank_fingerprint=library.fingerprint, model="test", learners=3, responses=30,
                           iterations=5, converged=True, thresholds=Thresholds(min_b=5, min_a=10), areas=areas,
                           area_correlation=[[1.0 if i == j else 0.4 for j in range(len(areas))]
                                             for i in range(len(areas))], items=items)


def test_the_file_round_trips_and_lives_beside_the_banks(bank_context: ServiceContext, bank_copy: Path) -> None:
    library = bank_context.library
    ids = [q.id for q in library.questions]
    original = sample_file(library, {ids[0]: "calibrated", ids[1]: "b_only", ids[2]: "provisional"})
    path = calibration_path([bank_copy])
    assert path == bank_copy / CALIBRATION_FILE_NAME
    write_calibration(path, original)
    assert read_calibration(path) == original
    # The bank loader does not mistake it for a bank (it reads only .yaml and .yml files).
    assert ServiceContext.open(f"sqlite:///{bank_copy / 'other.sqlite3'}", [bank_copy]).library.fingerprint \
        == library.fingerprint


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda text: text.replace('"a": 1.7', '"a": -1.7', 1), "field items."),
    (lambda text: text.replace('"status": "b_only"', '"status": "guessed"', 1), ".status"),
    (lambda text: text.replace('"min_b": 5', '"min_b": 50', 1), "field thresholds"),
    (lambda text: text.replace("0.4", "1.4", 1), "field area_correlation"),
    (lambda text: text[: len(text) // 2], "not valid JSON"),
])
def test_a_malformed_file_is_one_line_naming_file_and_field(bank_context: ServiceContext, tmp_path: Path,
                                                            edit: object, expected: str) -> None:
    library = bank_context.library
    ids = [q.id for q in library.questions]
    path = tmp_path / CALIBRATION_FILE_NAME
    write_calibration(path, sample_file(library, {ids[0]: "calibrated", ids[1]: "b_only"}))
    path.write_text(edit(path.read_text()))  # type: ignore[operator]
    with pytest.raises(CalibrationFileError) as raised:
        read_calibration(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message
    loaded = load_calibration(path)
    assert loaded.calibration is None and loaded.problem is not None and "label parameters" in loaded.problem
    assert load_calibration(path) is loaded  # read once per version of the file: the warning is not repeated


def test_item_params_use_calibrated_values_only_where_the_status_and_content_allow(
        bank_context: ServiceContext, bank_copy: Path) -> None:
    library = bank_context.library
    questions = library.questions
    ids = [q.id for q in questions]
    calibration = sample_file(library, {ids[0]: "calibrated", ids[1]: "b_only", ids[2]: "provisional",
                                        ids[3]: "calibrated"})
    edited = calibration.items[ids[3]].model_copy(update={"question_hash": "0" * 16})  # question changed since
    calibration = calibration.model_copy(update={"items": {**calibration.items, ids[3]: edited}})
    label = {p.id: p for p in item_params(questions)}
    used = {p.id: p for p in item_params(questions, calibration)}
    assert (used[ids[0]].a, used[ids[0]].b, used[ids[0]].c) == (1.7, 0.3, 0.1)
    assert used[ids[1]].b == 0.3 and used[ids[1]].c == 0.1
    assert used[ids[1]].a == pytest.approx(1.0 / (1.0 + 3.14159265 * 0.2**2 / 8.0) ** 0.5, rel=1e-6)
    for question_id in (ids[2], ids[3], *ids[4:]):
        assert used[question_id] == label[question_id]
    q = questions[2]
    assert (label[q.id].a, label[q.id].b) == seed_params(q.difficulty, q.a, q.b, q.c, kind=q.type,
                                                         option_count=len(getattr(q, "options", [])))[:2]
    write_calibration(bank_copy / CALIBRATION_FILE_NAME, calibration)
    assert [calibration_status(i, bank_copy) for i in ids[:3]] == ["calibrated", "b_only", "provisional"]
    assert calibration_status(ids[0], bank_copy.parent) == "provisional"  # no file there


def test_calibrate_reads_first_answers_fits_and_grades_by_count(bank_context: ServiceContext,
                                                                bank_copy: Path) -> None:
    answered = answer_attempts(bank_context, learners=12, seed=1)
    with bank_context.transaction() as db:
        stored = measuring_answers(db, bank_context.library)
    assert len(stored.item) == answered and stored.skipped_changed == 0
    out = bank_copy / CALIBRATION_FILE_NAME
    summary = run_calibration(bank_context, out, min_b=4, min_a=8, now=NOW)
    calibration = read_calibration(out)
    assert summary.learners == calibration.learners == 12 and summary.responses == answered
    counts = {question_id: item.n_responses for question_id, item in calibration.items.items()}
    assert sum(counts.values()) == answered
    for item in calibration.items.values():
        expected = ("calibrated" if item.n_responses >= 8 else "b_only" if item.n_responses >= 4
                    else "provisional")
        assert item.status == expected
        assert (item.se_a is None) == (expected != "calibrated")
    assert summary.calibrated + summary.b_only + summary.provisional == len(bank_context.library.questions)
    assert calibration.created == NOW and calibration.bank_fingerprint == bank_context.library.fingerprint


def test_repeats_and_answers_to_edited_questions_are_left_out(db_url: str, bank_copy: Path) -> None:
    context = ServiceContext.open(db_url, [bank_copy])
    learner = LearnerService(context).create("Ada", "tester")
    for seed in (1, 2):  # two attempts by the same learner: some questions come up again
        runner = QuizService(context).start(learner.id, "quick", seed=seed)
        while runner.current() is not None:
            runner.submit(correct_answer(runner))
    with context.transaction() as db:
        first = measuring_answers(db, context.library)
    assert len(first.item) == len(set(first.item))  # one answer per question for the learner
    edited_id = context.library.questions[first.item[0]].id
    context.close()
    bank_file = next(p for p in bank_copy.glob("*.yaml") if f"id: {edited_id}\n" in p.read_text())
    text = bank_file.read_text()
    marker = f"id: {edited_id}\n"
    head, tail = text.split(marker, 1)
    bank_file.write_text(head + marker + tail.replace("explanation: Because", "explanation: Since", 1))
    edited = ServiceContext.open(db_url, [bank_copy])
    try:
        with edited.transaction() as db:
            after = measuring_answers(db, edited.library)
    finally:
        edited.close()
    index = [q.id for q in edited.library.questions].index(edited_id)
    assert index not in after.item and after.skipped_changed >= 1


def test_the_command_writes_the_file_and_says_what_it_did(db_url: str, bank_copy: Path,
                                                          bank_context: ServiceContext) -> None:
    runner = CliRunner()
    empty = runner.invoke(calibrate_command, ["--db", db_url, "--bank", str(bank_copy)], obj={})
    assert empty.exit_code == 1 and "no measuring answers" in empty.output
    assert not (bank_copy / CALIBRATION_FILE_NAME).exists()
    answer_attempts(bank_context, learners=4, seed=2)
    result = runner.invoke(calibrate_command, ["--db", db_url, "--bank", str(bank_copy), "--min-b", "2",
                                               "--min-a", "3"], obj={})
    assert result.exit_code == 0, result.output
    assert f"wrote {bank_copy / CALIBRATION_FILE_NAME}" in result.output
    assert "4 learner(s)" in result.output and "provisional" in result.output
    assert read_calibration(bank_copy / CALIBRATION_FILE_NAME).thresholds == Thresholds(min_b=2, min_a=3)
    refused = runner.invoke(calibrate_command, ["--db", db_url, "--min-b", "9", "--min-a", "3"], obj={})
    assert refused.exit_code == 2 and "--min-a" in refused.output


def test_choice_questions_share_an_estimated_guessing_floor_per_type_unless_told_to_keep_it(
        bank_context: ServiceContext, bank_copy: Path) -> None:
    answer_attempts(bank_context, learners=12, seed=3)
    library = bank_context.library
    shared = bank_copy / "shared.json"
    run_calibration(bank_context, shared, min_b=1, min_a=1, now=NOW)
    calibration = read_calibration(shared)
    groups = {guessing_group(q) for q in library.questions} - {None}
    assert set(calibration.guessing) == groups and groups
    for q in library.questions:
        group = guessing_group(q)
        expected = calibration.guessing[group] if group else 0.0
        assert calibration.items[q.id].c == pytest.approx(expected, abs=1e-4)
    fixed = bank_copy / "fixed.json"
    summary = run_calibration(bank_context, fixed, min_b=1, min_a=1, now=NOW, estimate_guessing=False)
    kept = read_calibration(fixed)
    assert kept.guessing == {} and summary.guessing == {}
    seeded = {p.id: p.c for p in item_params(library.questions)}
    assert all(item.c == pytest.approx(seeded[question_id]) for question_id, item in kept.items.items())


def test_the_app_finds_the_file_where_the_command_writes_it(bank_context: ServiceContext, bank_copy: Path) -> None:
    assert calibration_for([bank_copy]) == LoadedCalibration(None, None)  # none yet: label parameters
    answer_attempts(bank_context, learners=3, seed=4)
    result = CliRunner().invoke(calibrate_command, ["--db", str(bank_context.engine.url), "--bank", str(bank_copy),
                                                    "--min-b", "1", "--min-a", "1"], obj={})
    assert result.exit_code == 0, result.output
    loaded = calibration_for([bank_copy])
    assert loaded.problem is None and loaded.calibration is not None
    used = item_params(bank_context.library.questions, loaded.calibration)
    assert [p.b for p in used] == [loaded.calibration.items[p.id].b for p in used]


def test_attempts_are_measured_with_the_calibrated_parameters_and_a_broken_file_is_said(
        bank_context: ServiceContext, bank_copy: Path) -> None:
    library = bank_context.library
    first = library.questions[0]
    write_calibration(calibration_path([bank_copy]), sample_file(library, {first.id: "calibrated"}))
    quizzes = QuizService(bank_context)
    used = {item.id: item for item in quizzes.pool.items}
    assert (used[first.id].a, used[first.id].b) == (1.7, 0.3)  # the file's values, not the label's
    assert quizzes.calibration_problem() is None
    calibration_path([bank_copy]).write_text("{not json")
    problem = QuizService(bank_context).calibration_problem()
    assert problem is not None and "label parameters" in problem and "\n" not in problem


def test_item_statistics_say_which_questions_are_still_provisional(bank_context: ServiceContext,
                                                                    bank_copy: Path) -> None:
    answer_attempts(bank_context, learners=3, seed=4)
    before = ItemStatsService(bank_context).report()
    assert before.items and {item.parameters for item in before.items} == {"provisional"}
    seen = before.items[0].question_id
    write_calibration(calibration_path([bank_copy]), sample_file(bank_context.library, {seen: "calibrated"}))
    after = {item.question_id: item.parameters for item in ItemStatsService(bank_context).report().items}
    assert after[seen] == "calibrated" and set(after.values()) == {"calibrated", "provisional"}


def test_the_borrowed_prior_uses_each_pairs_estimated_correlation_capped_at_the_default(
        bank_context: ServiceContext, bank_copy: Path) -> None:
    """The calibration's matrix, not only its mean: each pair keeps its own estimate, capped to [0, 0.5]."""
    calibration = sample_file(bank_context.library, {})
    areas, size = calibration.areas, len(calibration.areas)
    estimates = [0.1, 0.3, 0.9, -0.2]
    matrix = [[1.0 if i == j else estimates[(i + j) % len(estimates)] for j in range(size)] for i in range(size)]
    write_calibration(calibration_path([bank_copy]), calibration.model_copy(update={"area_correlation": matrix}))
    learner = LearnerService(bank_context).create("Ada", None)
    quizzes = QuizService(bank_context)
    runner = quizzes.start(learner.id, "quick", seed=2)
    used = runner.config.area_correlations
    assert used is not None and len(used) == len(runner.config.areas) == size
    for i, first in enumerate(runner.config.areas):
        for j, second in enumerate(runner.config.areas):
            raw = matrix[areas.index(first)][areas.index(second)]
            assert used[i][j] == pytest.approx(1.0 if i == j else min(0.5, max(0.0, raw)))
    assert quizzes.resume(runner.attempt_id).config.area_correlations == used  # stored with the attempt


@pytest.mark.parametrize(("estimated", "assumed"), [(None, 0.5), (0.3, 0.3), (0.9, 0.5), (-0.2, 0.0)])
def test_the_borrowed_prior_takes_the_estimated_correlation_but_never_more_than_the_default(
        bank_context: ServiceContext, bank_copy: Path, estimated: float | None, assumed: float) -> None:
    library = bank_context.library
    if estimated is not None:
        calibration = sample_file(library, {})
        size = len(calibration.areas)
        matrix = [[1.0 if i == j else estimated for j in range(size)] for i in range(size)]
        write_calibration(calibration_path([bank_copy]), calibration.model_copy(update={"area_correlation": matrix}))
    learner = LearnerService(bank_context).create("Ada", None)
    quizzes = QuizService(bank_context)
    runner = quizzes.start(learner.id, "quick", seed=2)
    assert runner.config.area_correlation == pytest.approx(assumed)
    assert quizzes.resume(runner.attempt_id).config.area_correlation == pytest.approx(assumed)  # stored with it
    assert (runner.config.area_correlations is None) == (estimated is None)  # no calibration: one value for all
