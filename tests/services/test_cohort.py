"""The cohort report: levels per area, common gaps per role, flagged questions; nothing about fewer than 5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizengine.bank.library import question_hash
from quizengine.commands.cohort import cohort, md
from quizengine.engine.levels import level_of_theta
from quizengine.services.cohort import TOO_FEW, CohortService
from quizengine.services.context import ServiceContext
from quizengine.store.models import AbilitySnapshot, Attempt, Learner, Response
from tests.conftest import MINI_BANK

# Six learners aiming at "tester" (alpha level 4 = Advanced from theta 0.375; beta level 2 from -1.125).
ALPHA_THETAS = (-2.0, -1.0, 0.0, 0.5, 1.5, 2.0)
BETA_THETAS = (0.0, 0.0, -3.0)  # only the first three have measured beta


def add_attempt(context: ServiceContext, learner_id: int, thetas: dict[str, float],
                answers: dict[str, bool] | None = None) -> None:
    library = context.library
    with context.transaction() as db:
        attempt = Attempt(learner_id=learner_id, mode="quick", areas=sorted(thetas), settings={}, seed=1,
                          bank_fingerprint=library.fingerprint, status="finished")
        attempt.snapshots = [AbilitySnapshot(area=area, theta=theta, se=0.2, n_items=10, evidence_items=10,
                                             level=level_of_theta(theta), score=50)
                             for area, theta in thetas.items()]
        attempt.responses = [
            Response(seq=seq, question_id=qid, question_hash=question_hash(library.question(qid)), area="alpha",
                     topic="a-one", answer={"kind": "bool", "selected": [], "value": right}, correct=right,
                     score=1.0 if right else 0.0, latency_ms=0, theta_after=0.0, se_after=1.0)
            for seq, (qid, right) in enumerate((answers or {}).items(), start=1)]
        db.add(attempt)


def add_learner(context: ServiceContext, name: str, role: str | None) -> int:
    with context.transaction() as db:
        learner = Learner(name=name, target_role=role)
        db.add(learner)
        db.flush()
        return learner.id


def seed_cohort(context: ServiceContext) -> None:
    """Six tester learners; the first had an older, much higher alpha estimate that must not count. Everyone got
    alpha.q2 wrong (a question nobody gets right, seen by 6 learners); four got alpha.q4 right, the first twice
    (five answers, everybody right, but four learners are too few to show)."""
    for number, theta in enumerate(ALPHA_THETAS):
        learner_id = add_learner(context, f"Learner {number}", "tester")
        if number == 0:
            add_attempt(context, learner_id, {"alpha": 1.9}, {"alpha.q4": True})
        thetas = {"alpha": theta} | ({"beta": BETA_THETAS[number]} if number < len(BETA_THETAS) else {})
        answers = {"alpha.q2": False} | ({"alpha.q4": True} if number < 4 else {})
        add_attempt(context, learner_id, thetas, answers)


def test_levels_gaps_and_flagged_questions(context: ServiceContext) -> None:
    """Alpha, latest thetas -2, -1, 0, 0.5, 1.5, 2: inclusive quartiles at positions 1.25, 2.5 and 3.75 of the
    sorted list are -1 + .25 * 1 = -0.75, 0 + .5 * .5 = 0.25 and 0.5 + .75 * 1 = 1.25; levels Novice, Beginner,
    Intermediate, Advanced, Expert, Expert. Against Advanced (cut 0.375, SE 0.2): -2, -1, 0 are below (0 is 1.9
    SE under), 0.5 is 0.6 SE over (not sure yet), 1.5 and 2 meet. Beta: 3 learners only, so not shown; against
    its target the one at -3 is below, 3 of the 6 are not measured."""
    seed_cohort(context)
    report = CohortService(context).report()
    assert report.learners == 6
    alpha, beta = report.areas
    assert alpha.shown and alpha.learners == 6
    assert alpha.theta_quartiles == pytest.approx((-0.75, 0.25, 1.25))
    assert alpha.level_shares == pytest.approx({"Novice": 1 / 6, "Beginner": 1 / 6, "Intermediate": 1 / 6,
                                                "Advanced": 1 / 6, "Expert": 2 / 6})
    assert (beta.area, beta.shown, beta.learners, beta.theta_quartiles, beta.level_shares) == (
        "beta", False, 3, None, {})
    [tester] = report.roles
    assert tester.shown and tester.learners == 6
    first, second = tester.gaps
    assert (first.area, first.target_level) == ("alpha", 4)  # the most common gap first
    assert (first.below, first.imprecise, first.meets, first.not_measured) == pytest.approx((3 / 6, 1 / 6, 2 / 6, 0))
    assert (second.area, second.below, second.meets, second.not_measured) == pytest.approx(
        ("beta", 1 / 6, 2 / 6, 3 / 6))
    assert [(item.question_id, item.learners, item.flags) for item in report.flagged_items] == [
        ("alpha.q2", 6, ("nobody right",))]
    assert report.items_withheld == 1  # alpha.q4: everybody right, but only four learners answered it


def test_fewer_than_five_learners_show_no_group_figure(context: ServiceContext) -> None:
    for number in range(4):
        learner_id = add_learner(context, f"Solo {number}", "tester")
        if number == 0:  # five answers to alpha.q2 in all, from four learners
            add_attempt(context, learner_id, {"alpha": 0.0}, {"alpha.q2": False})
        add_attempt(context, learner_id, {"alpha": 0.1 * number}, {"alpha.q2": False})
    report = CohortService(context).report()
    assert [(area.shown, area.theta_quartiles, area.level_shares) for area in report.areas] == [(False, None, {})]
    assert [(role.shown, role.gaps) for role in report.roles] == [(False, ())]
    assert report.flagged_items == () and report.items_withheld == 1
    assert [(area.alpha, area.verdict) for area in report.consistency] == [(None, TOO_FEW)]


def test_markdown_escapes_bank_text() -> None:
    assert md("a|b *c* [x](y) <b>&amp;\x1b[31m") == "a\\|b \\*c\\* \\[x\\](y) \\<b\\>\\&amp;␛\\[31m"


def test_report_command_writes_markdown_and_json(db_url: str, context: ServiceContext, tmp_path: Path) -> None:
    seed_cohort(context)
    runner = CliRunner()
    shown = runner.invoke(cohort, ["report", "--bank", str(MINI_BANK)], obj={"db_url": db_url})
    assert shown.exit_code == 0, shown.output
    text = shown.output
    assert "| Alpha skills | 6 | -0.75 / +0.25 / +1.25 | 17% | 17% | 17% | 17% | 33% |" in text
    assert f"| Beta skills | 3 | {TOO_FEW} |" in text
    assert "| Alpha skills | Advanced | 50% | 17% | 33% | 0% |" in text
    assert "| alpha.q2 | alpha | 6 | 0% | - | nobody right |" in text
    assert "Learner 0" not in text  # nobody is named
    out = tmp_path / "cohort.json"
    written = runner.invoke(cohort, ["report", "--bank", str(MINI_BANK), "--format", "json", "--output", str(out)],
                            obj={"db_url": db_url})
    assert written.exit_code == 0, written.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["learners"] == 6 and data["roles"][0]["gaps"][0]["below"] == pytest.approx(0.5)


def test_report_command_errors_are_one_line(db_url: str, context: ServiceContext, tmp_path: Path) -> None:
    runner = CliRunner()
    unwritable = runner.invoke(cohort, ["report", "--bank", str(MINI_BANK), "--output", str(tmp_path / "no" / "x")],
                               obj={"db_url": db_url})
    assert unwritable.exit_code == 1
    assert unwritable.output.strip().startswith("error: cannot write") and "Traceback" not in unwritable.output
    unreachable = runner.invoke(cohort, ["report", "--bank", str(MINI_BANK)],
                                obj={"db_url": "postgresql+psycopg://nobody:secret@127.0.0.1:9/cohort"})
    assert unreachable.exit_code == 1
    assert len(unreachable.output.strip().splitlines()) == 1 and "secret" not in unreachable.output
