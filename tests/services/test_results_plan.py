"""The results' study plans follow the learner's resource marks: a resource marked done is not offered again, one
marked started comes first."""

from __future__ import annotations

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.store.resource_repository import ResourceProgressRepository


def missed_attempt(context: ServiceContext) -> tuple[int, int]:
    learner = LearnerService(context).create("Ada", "tester")
    runner = QuizService(context).start(learner.id, "quick", ["alpha"], seed=11)
    while runner.current() is not None:
        runner.submit(Answer("dont_know"))
    return learner.id, runner.attempt_id


def plan_ids(context: ServiceContext, attempt_id: int) -> list[str]:
    [alpha] = [area for area in ResultsService(context).results(attempt_id).areas if area.area == "alpha"]
    return [item.resource_id for item in alpha.plan]


def test_done_resources_leave_the_plan_and_started_ones_lead_it(context: ServiceContext) -> None:
    learner_id, attempt_id = missed_attempt(context)
    before = plan_ids(context, attempt_id)
    assert len(before) >= 2
    with context.transaction() as db:
        ResourceProgressRepository(db).mark(learner_id, before[0], "done")
        ResourceProgressRepository(db).mark(learner_id, before[-1], "started")
    after = plan_ids(context, attempt_id)
    assert before[0] not in after
    assert after[0] == before[-1]
