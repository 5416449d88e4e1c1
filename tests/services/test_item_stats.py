"""Item analysis: Moodle's formulas on a hand-computed example, and the report from stored answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizengine.bank.grading import Answer
from quizengine.bank.library import question_hash
from quizengine.commands.stats import stats
from quizengine.services.context import ServiceContext
from quizengine.services.item_stats import (
    ItemStatsService,
    alpha_verdict,
    cronbach_alpha,
    discrimination_index,
    discriminative_efficiency,
    facility_index,
    item_flags,
    pooled_alpha,
)
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.store.models import Attempt, Learner, Response, ReviewCard, ReviewLog, utcnow
from tests.conftest import MINI_BANK

# Five attempts (rows) on the same three items (columns), scores 0/1.
EXAMPLE = [
    [1, 1, 1],  # total 3
    [1, 1, 0],  # 2
    [1, 0, 1],  # 2
    [0, 0, 0],  # 0
    [0, 1, 0],  # 1
]


def column(index: int) -> list[float]:
    return [float(row[index]) for row in EXAMPLE]


def rest(index: int) -> list[float]:
    return [float(sum(row) - row[index]) for row in EXAMPLE]


def test_formulas_match_the_hand_computed_example() -> None:
    """Worked by hand, sample (n - 1 = 4) variances and covariances:

    Item 1: x = 1,1,1,0,0 (mean .6), rest = 2,1,1,0,1 (mean 1).
      F = 60%. Deviations x .4,.4,.4,-.6,-.6; rest 1,0,0,-1,0; sum of products 1.0, C = .25.
      V(x) = (3*.16 + 2*.36)/4 = .3, V(rest) = 2/4 = .5; D = 100 * .25 / sqrt(.15) = 64.55%.
      Sorted: x 0,0,1,1,1 and rest 0,1,1,1,2: products .6 + .4 = 1.0, C_max = .25, E = 100%.
    Item 2: x = 1,1,0,0,1, rest = 2,1,2,0,0: products .4 + 0 - .6 + .6 - .4 = 0, so D = 0% and E = 0%.
    Item 3: x = 1,0,1,0,0 (mean .4), rest = 2,2,1,0,1 (mean 1.2).
      F = 40%. Products .48 - .32 - .12 + .48 + .08 = .6, C = .15; V(x) = .3, V(rest) = 2.8/4 = .7;
      D = 100 * .15 / sqrt(.21) = 32.73%. Sorted: x 0,0,0,1,1, rest 0,1,1,2,2: products sum 1.6, C_max = .4,
      E = 100 * .15 / .4 = 37.5%.
    Alpha: item variances .3 + .3 + .3 = .9; totals 3,2,2,0,1 (mean 1.6), V(T) = 5.2/4 = 1.3;
      alpha = 100 * 3/2 * (1 - .9/1.3) = 46.15% (unsatisfactory, < 64%).
    Pooled form: v = .3, pair covariances .05, .2, -.05 (mean 1/15); 3 * (1/15) / (.3 + 2/15) = 46.15% again.
    """
    assert facility_index(column(0)) == pytest.approx(60.0)
    assert facility_index(column(2)) == pytest.approx(40.0)
    assert discrimination_index(column(0), rest(0)) == pytest.approx(64.5497, abs=1e-3)
    assert discriminative_efficiency(column(0), rest(0)) == pytest.approx(100.0)
    assert discrimination_index(column(1), rest(1)) == pytest.approx(0.0, abs=1e-9)
    assert discriminative_efficiency(column(1), rest(1)) == pytest.approx(0.0, abs=1e-9)
    assert discrimination_index(column(2), rest(2)) == pytest.approx(32.7327, abs=1e-3)
    assert discriminative_efficiency(column(2), rest(2)) == pytest.approx(37.5)
    rows = [[float(x) for x in row] for row in EXAMPLE]
    assert cronbach_alpha(rows) == pytest.approx(46.1538, abs=1e-3)
    assert alpha_verdict(cronbach_alpha(rows)) == "unsatisfactory"
    attempts = [{f"q{i}": float(x) for i, x in enumerate(row)} for row in EXAMPLE]
    assert pooled_alpha(attempts, 3) == pytest.approx(46.1538, abs=1e-3)


def test_undefined_figures_are_none_not_zero() -> None:
    assert discrimination_index([1.0, 1.0, 1.0], [0.0, 1.0, 2.0]) is None  # everybody right: no variance
    assert discriminative_efficiency([0.0, 1.0], [1.0, 1.0]) is None
    assert facility_index([]) is None
    assert cronbach_alpha([[1.0, 0.0]]) is None
    assert alpha_verdict(None) == "not enough data"
    assert alpha_verdict(80.0) == "satisfactory" and alpha_verdict(70.0) == "borderline"


def test_flags_name_what_an_author_should_look_at() -> None:
    assert item_flags(0.0, None, None, 30) == ("nobody right",)
    assert item_flags(100.0, None, None, 30) == ("everybody right",)
    assert item_flags(50.0, -20.0, -10.0, 30) == ("negative discrimination", "efficiency < 15%")
    assert item_flags(50.0, 5.0, 40.0, 30) == ("near-zero discrimination",)
    assert item_flags(50.0, 45.0, 60.0, 30) == ()
    assert item_flags(50.0, -20.0, -10.0, 9) == ()  # too few answers for a correlation to mean anything
    assert item_flags(0.0, None, None, 4) == ()  # nor for "nobody right" to be a finding


def store_example(context: ServiceContext) -> None:
    """The example as stored answers to alpha.q0 (single choice), alpha.q2 (true/false), alpha.q4, one attempt
    per row; a wrong answer to alpha.q0 picks option 2 ("wrong"), except row 4 which says "don't know"."""
    library = context.library
    ids = ["alpha.q0", "alpha.q2", "alpha.q4"]
    with context.transaction() as db:
        learner = Learner(name="Stats", target_role="tester")
        db.add(learner)
        db.flush()
        for number, row in enumerate(EXAMPLE):
            attempt = Attempt(learner_id=learner.id, mode="quick", areas=["alpha"], settings={}, seed=number,
                              bank_fingerprint=library.fingerprint, status="finished")
            db.add(attempt)
            db.flush()
            for seq, (qid, score) in enumerate(zip(ids, row, strict=True), start=1):
                if qid == "alpha.q0":
                    answer = Answer("choice", (0,)) if score else (
                        Answer("dont_know") if number == 3 else Answer("choice", (1,)))
                else:
                    answer = Answer("bool", value=bool(score))
                db.add(Response(attempt_id=attempt.id, seq=seq, question_id=qid,
                                question_hash=question_hash(library.question(qid)), area="alpha", topic="a-one",
                                answer=answer.to_json(), correct=bool(score), score=float(score), confidence=None,
                                latency_ms=1000 * (number + 1), theta_after=0.0, se_after=1.0))


def test_report_reads_stored_answers_per_area(context: ServiceContext) -> None:
    store_example(context)
    report = ItemStatsService(context).report()
    by_id = {item.question_id: item for item in report.items}
    assert set(by_id) == {"alpha.q0", "alpha.q2", "alpha.q4"}
    first = by_id["alpha.q0"]
    assert first.responses == 5 and first.exposure == 1.0
    assert first.facility == pytest.approx(60.0)
    assert first.discrimination == pytest.approx(64.5497, abs=1e-3)
    assert first.median_latency_ms == 3000.0
    assert [(o.text, o.correct, o.rate) for o in first.options] == [
        ("right", True, 0.6), ("wrong", False, 0.2), ("other", False, 0.0)]
    assert first.dont_know_rate == pytest.approx(0.2)
    assert by_id["alpha.q4"].efficiency == pytest.approx(37.5)
    [area] = report.areas
    assert (area.area, area.attempts, area.items, area.median_length) == ("alpha", 5, 3, 3.0)
    assert area.alpha == pytest.approx(46.1538, abs=1e-3) and area.alpha_verdict == "unsatisfactory"
    assert ItemStatsService(context).report("beta").items == ()


def test_real_attempts_feed_the_report_and_review_answers_do_not(context: ServiceContext) -> None:
    answered, first = 0, None
    for number in range(12):
        learner = LearnerService(context).create(f"Taker {number}", "tester")
        first = first or learner.id
        runner = QuizService(context).start(learner.id, "quick", seed=number)
        while runner.current() is not None:
            runner.submit(Answer("dont_know"), latency_ms=2000)
            answered += 1
    assert first is not None
    with context.transaction() as db:  # a review answer (right, after the explanation) is not a measurement
        card = ReviewCard(learner_id=first, question_id="alpha.q0", area="alpha", topic="a-one", state={},
                          due=utcnow())
        db.add(card)
        db.flush()
        db.add(ReviewLog(card_id=card.id, learner_id=first, question_id="alpha.q0", rating=3, correct=True,
                         latency_ms=1, state_before=0, due_after=utcnow()))
    report = ItemStatsService(context).report()
    assert report.responses == answered
    assert all(item.facility == 0.0 and item.dont_know_rate == 1.0 for item in report.items)
    assert all(("nobody right" in item.flags) == (item.responses >= 5) for item in report.items)
    assert any("nobody right" in item.flags for item in report.items)
    assert all(item.median_latency_ms == 2000.0 and item.learners == item.responses for item in report.items)
    assert {area.area: area.attempts for area in report.areas} == {"alpha": 12, "beta": 12}


def test_stats_command_prints_plain_table_and_json(db_url: str, context: ServiceContext) -> None:
    store_example(context)
    runner = CliRunner()
    text = runner.invoke(stats, ["--bank", str(MINI_BANK)], obj={"db_url": db_url})
    assert text.exit_code == 0, text.output
    assert "Adaptive data" in text.output and "alpha 46% (unsatisfactory)" in text.output
    assert "alpha question 0: pick **right**" in text.output  # bank text printed as stored, no markup
    assert "choices: A* 60% · B 20% · C 0% · don't know 20%" in text.output
    as_json = runner.invoke(stats, ["--json", "--area", "alpha", "--bank", str(MINI_BANK)], obj={"db_url": db_url})
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["areas"][0]["alpha_verdict"] == "unsatisfactory"
    assert {item["question_id"] for item in data["items"]} == {"alpha.q0", "alpha.q2", "alpha.q4"}
    unknown = runner.invoke(stats, ["--area", "nope\x1b[31m", "--bank", str(MINI_BANK)], obj={"db_url": db_url})
    assert unknown.exit_code == 1
    assert "unknown area 'nope␛[31m'" in unknown.output and "Traceback" not in unknown.output


def test_stats_on_a_database_without_answers_says_so(db_url: str, context: ServiceContext) -> None:
    result = CliRunner().invoke(stats, ["--bank", str(MINI_BANK)], obj={"db_url": db_url})
    assert result.exit_code == 0
    assert result.output == "No measuring answers are stored yet: item statistics need answered attempts.\n"
    assert ItemStatsService(context).report().as_dict()["items"] == ()
