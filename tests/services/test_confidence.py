"""Certainty-based marking (Moodle's +1/0, +2/-2, +3/-6) and the calibration table with its one-line reading,
from answers stored through the quiz service with the confidence step on."""

from __future__ import annotations

import pytest

from quizengine.bank.grading import Answer
from quizengine.services.confidence import RatedAnswer, calibrate, cbm_mark
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from tests.tui.results_seed import right_answer


@pytest.mark.parametrize(("confidence", "score", "mark"), [
    ("low", 1.0, 1), ("low", 0.0, 0), ("medium", 1.0, 2), ("medium", 0.0, -2), ("high", 1.0, 3), ("high", 0.0, -6),
    ("high", 0.5, 1.5),  # partial credit scales the right mark, as Moodle's adjust_fraction does
])
def test_marks_follow_moodles_cbm_table(confidence: str, score: float, mark: float) -> None:
    assert cbm_mark(confidence, score) == mark


def rated(area: str, confidence: str, pattern: str) -> list[RatedAnswer]:
    return [RatedAnswer(area, confidence, c == "1", 1.0 if c == "1" else 0.0) for c in pattern]


def test_high_confidence_answers_often_wrong_read_as_overconfident() -> None:
    answers = rated("alpha", "high", "11110000011") + rated("alpha", "low", "10")
    [table] = calibrate(answers, {"alpha": "Alpha & <b>co</b>"}.get)  # type: ignore[arg-type]
    high = {row.confidence: row for row in table.rows}["high"]
    assert (high.answers, high.right) == (11, 6)
    assert high.mark == 6 * 3 - 5 * 6
    assert table.mark == high.mark + 1 and table.best_mark == 13 * 3
    assert table.reading == ("Overconfident in Alpha & <b>co</b>: 'high' answers right 55% of the time "
                             "(that level pays off from 80%).")


def test_low_confidence_answers_mostly_right_read_as_underconfident_and_fitting_levels_as_fine() -> None:
    [under] = calibrate(rated("a", "low", "11111"), str)
    assert under.reading.startswith("Underconfident in a: 'low' answers right 100% of the time")
    [fits] = calibrate(rated("a", "high", "1111111110") + rated("a", "low", "0101"), str)
    assert fits.reading == "a: your confidence fits your accuracy."
    [few] = calibrate(rated("a", "high", "00"), str)
    assert "too few answers" in few.reading


def test_answers_without_a_confidence_make_no_table() -> None:
    assert calibrate([RatedAnswer("a", "", True, 1.0)], str) == []


def test_results_show_calibration_only_for_answers_given_a_confidence(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester")
    LearnerService(context).update(learner.id, ask_confidence=True)
    runner = QuizService(context).start(learner.id, "quick", seed=11)
    given: list[tuple[str, bool]] = []
    for _ in range(6):
        view = runner.current()
        assert view is not None
        right = len(given) % 3 != 0  # right, wrong at "high" one time in three
        runner.submit(right_answer(runner) if right else Answer("dont_know"), confidence="high")
        given.append((view.area, right))
    runner.finish("ended for the test")
    results = ResultsService(context).results(runner.attempt_id)
    by_area = {table.area: table for table in results.calibration}
    assert set(by_area) == {area for area, _ in given}
    for area, table in by_area.items():
        high = table.rows[2]
        assert high.confidence == "high"
        assert high.answers == sum(1 for a, _ in given if a == area)
        assert high.right == sum(1 for a, right in given if a == area and right)
        assert table.rows[0].answers == table.rows[1].answers == 0


def test_results_without_the_confidence_step_have_no_calibration(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", "tester")
    runner = QuizService(context).start(learner.id, "quick", seed=11)
    runner.submit(right_answer(runner))
    runner.finish("ended for the test")
    assert ResultsService(context).results(runner.attempt_id).calibration == []


def test_a_share_on_a_bands_end_fits_either_level() -> None:
    """At 2/3 right, low and medium earn the same expected mark; at 4/5, medium and high do."""
    [low] = calibrate(rated("a", "low", "110110"), str)
    assert low.reading == "a: your confidence fits your accuracy."
    [high] = calibrate(rated("a", "high", "11110"), str)
    assert high.reading == "a: your confidence fits your accuracy."
    [medium] = calibrate(rated("a", "medium", "1111"), str)
    assert medium.reading.startswith("Underconfident in a: 'medium' answers right 100%")
