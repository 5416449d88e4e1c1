"""History, home and results cost the same number of queries however long the learner's history is (no N+1):
a learner with years of attempts opens these screens as fast as one with a handful."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.results import ResultsService
from quizengine.store.models import AbilitySnapshot, Attempt, Response


def add_finished_attempts(context: ServiceContext, learner_id: int, count: int, answers: int = 4) -> list[int]:
    ids = []
    with context.transaction() as db:
        for _ in range(count):
            attempt = Attempt(learner_id=learner_id, mode="practice", areas=["alpha"], settings={}, seed=1,
                              bank_fingerprint="x", status="finished", answered_count=answers,
                              correct_count=answers // 2)
            attempt.responses = [Response(seq=seq, question_id="alpha-q1", question_hash="h", area="alpha",
                                          topic="t", answer={"kind": "dont_know"}, correct=seq % 2 == 0, score=0.0,
                                          latency_ms=10, theta_after=0.0, se_after=1.0) for seq in range(answers)]
            attempt.snapshots = [AbilitySnapshot(area="alpha", theta=0.0, se=0.5, n_items=answers, level=2, score=50)]
            db.add(attempt)
            db.flush()
            ids.append(attempt.id)
    return ids


@contextmanager
def counted_statements(context: ServiceContext) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(context.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(context.engine, "before_cursor_execute", record)


def statements_for(context: ServiceContext, call: Callable[[], object]) -> list[str]:
    with counted_statements(context) as statements:
        call()
    return statements


def test_history_home_and_results_do_not_grow_with_the_history(context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    reports = ResultsService(context)
    first = add_finished_attempts(context, learner.id, 3)
    short = [len(statements_for(context, lambda: reports.history(learner.id))),
             len(statements_for(context, lambda: reports.latest_levels(learner.id))),
             len(statements_for(context, lambda: reports.results(first[0])))]
    add_finished_attempts(context, learner.id, 60)
    long = [len(statements_for(context, lambda: reports.history(learner.id))),
            len(statements_for(context, lambda: reports.latest_levels(learner.id))),
            len(statements_for(context, lambda: reports.results(first[0])))]
    assert long == short


def test_history_page_counts_come_from_the_attempts_and_one_attempts_results_read_only_it(
        context: ServiceContext) -> None:
    learner = LearnerService(context).create("Ada", None)
    ids = add_finished_attempts(context, learner.id, 5, answers=6)
    page = ResultsService(context).history(learner.id, 0, 2)
    assert [(s.id, s.answered, s.correct) for s in page] == [(ids[-1], 6, 3), (ids[-2], 6, 3)]
    with counted_statements(context) as statements:
        results = ResultsService(context).results(ids[2])
    assert results.answered == 6
    response_queries = [s for s in statements if "FROM responses" in s]
    # "= ?" on SQLite, "= %(attempt_id_1)s" on PostgreSQL: either way a bound attempt id, not a scan
    assert response_queries and all(re.search(r"responses\.attempt_id = (\?|%\()", s) for s in response_queries)
